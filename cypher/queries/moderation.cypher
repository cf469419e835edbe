// Moderation: the writing gate, the review queue, decisions, standing, appeals and personal
// controls. Moderators see content, reasons and signals, never who wrote it: no statement here
// returns an author's id except `author_to_ban`, which the service uses inside the ban only.

// name: writer
// Suspension and age of the account about to write, and what it wrote in the last day while new.
// Read again after identity's lock_account when the account is new, so concurrent posts count exactly.
MATCH (a:Account {id: $account_id})
RETURN a.created_at AS created_at, a.suspended_until AS suspended_until,
       size([t IN coalesce(CASE $kind WHEN 'post' THEN a.post_times ELSE a.comment_times END, []) WHERE t > $since])
         AS written

// name: record_write
// The times of a new account's recent posts (or comments), kept only for the new-account limit.
MATCH (a:Account {id: $account_id})
SET a.post_times = CASE $kind WHEN 'post'
      THEN [t IN coalesce(a.post_times, []) WHERE t > $since] + $now ELSE a.post_times END,
    a.comment_times = CASE $kind WHEN 'comment'
      THEN [t IN coalesce(a.comment_times, []) WHERE t > $since] + $now ELSE a.comment_times END

// name: queue
// Held, flagged and appealed posts and comments, with their flags since the last review, and a
// post's picture (a moderator judges what readers see).
CALL () {
  MATCH (x:Post) WHERE x.status IN ['held', 'pending'] RETURN x
  UNION
  MATCH (x:Post) WHERE x.appeal = 'pending' RETURN x
  UNION
  MATCH (x:Post)<-[f:FLAGGED]-(:Account) WHERE x.status = 'visible' AND f.at > x.flags_reset_at RETURN x
  UNION
  MATCH (x:Comment) WHERE x.status IN ['held', 'pending'] RETURN x
  UNION
  MATCH (x:Comment)<-[f:FLAGGED]-(:Account)
  WHERE coalesce(x.status, 'visible') = 'visible' AND f.at > coalesce(x.flags_reset_at, 0) RETURN x
}
WITH x LIMIT $scan
OPTIONAL MATCH (x)-[:ON]->(parent:Post)
OPTIONAL MATCH (x)-[:IN]->(c:Collection)
RETURN CASE WHEN x:Post THEN 'post' ELSE 'comment' END AS kind, x.id AS id, coalesce(parent.id, x.id) AS post_id,
       x.text AS text, coalesce(x.tags, []) AS tags, c.slug AS collection, coalesce(x.status, 'visible') AS status,
       x.created_at AS created_at, x.held_at AS held_at, x.appeal = 'pending' AS appeal, x.appealed_at AS appealed_at,
       coalesce(x.screen_reasons, []) AS signals,
       COLLECT { MATCH (x)<-[f:FLAGGED]-(:Account) WHERE f.at > coalesce(x.flags_reset_at, 0)
                 RETURN {reason: f.reason, at: f.at} AS flag } AS flags,
       head(COLLECT { MATCH (x)-[:SHOWS]->(i:Image) RETURN i {.key, .width, .height, .blurhash} }) AS image

// name: lock_content
// The post or comment a decision is about, write-locked.
CALL () {
  MATCH (x:Post {id: $id}) WHERE $kind = 'post' RETURN x
  UNION
  MATCH (x:Comment {id: $id}) WHERE $kind = 'comment' RETURN x
}
SET x.locked = true
REMOVE x.locked
RETURN coalesce(x.status, 'visible') AS status, x.appeal AS appeal, coalesce(x.struck, false) AS struck,
       EXISTS { (:Account)-[:WROTE]->(x) } AS has_author

// name: set_content
// A decision on the content itself: its status, the reason its author is shown, the appeal's outcome.
CALL () {
  MATCH (x:Post {id: $id}) WHERE $kind = 'post' RETURN x
  UNION
  MATCH (x:Comment {id: $id}) WHERE $kind = 'comment' RETURN x
}
SET x.status = $status, x.decision = $action, x.decision_reason = $reason, x.decided_at = $now,
    x.flags_reset_at = CASE WHEN $status = 'visible' THEN $now ELSE x.flags_reset_at END,
    x.appeal = $appeal, x.struck = $struck, x.warned = CASE WHEN $action = 'warn' THEN true ELSE x.warned END
RETURN x.status AS status

// name: lock_author
// The content's author, write-locked before their strikes are read and written (see lock_content).
CALL () {
  MATCH (x:Post {id: $id}) WHERE $kind = 'post' RETURN x
  UNION
  MATCH (x:Comment {id: $id}) WHERE $kind = 'comment' RETURN x
}
MATCH (a:Account)-[:WROTE]->(x)
SET a.locked = true
REMOVE a.locked

// name: strike_author
// $change strikes (+1 or -1) on the content's author; reaching a count of $suspensions
// ([[strikes, days], ...], sorted) suspends them for its days, and beyond the last, for the last's.
CALL () {
  MATCH (x:Post {id: $id}) WHERE $kind = 'post' RETURN x
  UNION
  MATCH (x:Comment {id: $id}) WHERE $kind = 'comment' RETURN x
}
MATCH (a:Account)-[:WROTE]->(x)
SET a.strikes = CASE WHEN coalesce(a.strikes, 0) + $change < 0 THEN 0 ELSE coalesce(a.strikes, 0) + $change END
WITH a, [pair IN $suspensions WHERE pair[0] = a.strikes | pair[1]] AS exact, $suspensions[-1] AS last
WITH a, CASE
  WHEN $change <= 0 THEN 0
  WHEN size(exact) > 0 THEN exact[0]
  WHEN last IS NOT NULL AND a.strikes > last[0] THEN last[1]
  ELSE 0 END AS days
SET a.suspended_until = CASE WHEN days > 0 AND coalesce(a.suspended_until, 0) < $now + days * 86400000
                             THEN $now + days * 86400000 ELSE a.suspended_until END
RETURN a.strikes AS strikes

// name: suspend_author
CALL () {
  MATCH (x:Post {id: $id}) WHERE $kind = 'post' RETURN x
  UNION
  MATCH (x:Comment {id: $id}) WHERE $kind = 'comment' RETURN x
}
MATCH (a:Account)-[:WROTE]->(x)
SET a.suspended_until = CASE WHEN coalesce(a.suspended_until, 0) < $until THEN $until ELSE a.suspended_until END

// name: author_to_ban
// The one statement that returns an author's id: the ban marks their phone key banned and the
// service deletes the account in the same transaction. The id is never returned or logged.
CALL () {
  MATCH (x:Post {id: $id}) WHERE $kind = 'post' RETURN x
  UNION
  MATCH (x:Comment {id: $id}) WHERE $kind = 'comment' RETURN x
}
MATCH (a:Account)-[:WROTE]->(x)
OPTIONAL MATCH (a)-[:HAS_IDENTIFIER]->(i:Identifier {kind: 'phone'})
SET i.banned_at = $now
RETURN a.id AS account_id

// name: record_decision
// The audit record: who decided (the moderator's keyed tag), when, what, about which content.
// Never the author.
CREATE (d:ModerationDecision {
  id: $decision_id, action: $action, at: $now, moderator_key: $moderator_key, kind: $kind, content_id: $id,
  post_id: $post_id, reason: $reason, days: $days
})
WITH d
CALL (d) {
  MATCH (x:Post {id: $id}) WHERE $kind = 'post' RETURN x
  UNION
  MATCH (x:Comment {id: $id}) WHERE $kind = 'comment' RETURN x
}
CREATE (d)-[:ABOUT]->(x)
RETURN d.id AS id

// name: audit
MATCH (d:ModerationDecision)
WHERE $before IS NULL OR d.at < $before
RETURN d.id AS id, d.action AS action, d.at AS at, d.moderator_key AS moderator_key, d.moderator_id AS moderator_id,
       coalesce(d.kind, 'post') AS kind, coalesce(d.content_id, d.post_id) AS content_id, d.reason AS reason,
       d.days AS days
ORDER BY d.at DESC, d.id
LIMIT $limit

// name: standing
MATCH (a:Account {id: $account_id})
RETURN coalesce(a.strikes, 0) AS strikes, a.suspended_until AS suspended_until,
       COLLECT {
         MATCH (a)-[:WROTE]->(x)
         WHERE (x:Post OR x:Comment)
           AND (coalesce(x.status, 'visible') <> 'visible' OR x.decided_at IS NOT NULL)
         OPTIONAL MATCH (x)-[:ON]->(parent:Post)
         RETURN {kind: CASE WHEN x:Post THEN 'post' ELSE 'comment' END, id: x.id, post_id: coalesce(parent.id, x.id),
                 status: coalesce(x.status, 'visible'), decision: x.decision, reason: x.decision_reason,
                 decided_at: x.decided_at, appeal: x.appeal} AS item
         ORDER BY x.created_at DESC
         LIMIT 100
       } AS content

// name: lock_own_removed_post
MATCH (:Account {id: $account_id})-[:WROTE]->(p:Post {id: $post_id})
WHERE p.status = 'removed'
SET p.locked = true
REMOVE p.locked
RETURN p.id AS id

// name: appeal
// One appeal per removal: a removal decided on an appeal, or already appealed, takes no other.
MATCH (p:Post {id: $post_id})
WITH p, p.appeal IS NULL AS open
SET p.appeal = CASE WHEN open THEN 'pending' ELSE p.appeal END,
    p.appealed_at = CASE WHEN open THEN $now ELSE p.appealed_at END
RETURN open

// name: muted_words
MATCH (a:Account {id: $account_id})
RETURN coalesce(a.muted_words, []) AS words

// name: set_muted_words
MATCH (a:Account {id: $account_id})
SET a.muted_words = $words
RETURN a.muted_words AS words

// name: hide
// A post or comment out of the viewer's listings, for good.
MATCH (v:Account {id: $viewer_id})
CALL () {
  MATCH (x:Post {id: $id}) WHERE $kind = 'post' RETURN x
  UNION
  MATCH (x:Comment {id: $id}) WHERE $kind = 'comment' RETURN x
}
MERGE (v)-[h:HID]->(x)
ON CREATE SET h.at = $now

// name: block_author
// The viewer blocks whoever wrote the post or comment, without learning who: nothing is returned.
// Blocking oneself records nothing. Content whose writer let go of it (unlink, deletion) is hidden
// all the same, with no one to block: it leaves the viewer's screen as any other would, so the
// block does not tell that its writer is gone.
MATCH (v:Account {id: $viewer_id})
CALL () {
  MATCH (x:Post {id: $id}) WHERE $kind = 'post' RETURN x
  UNION
  MATCH (x:Comment {id: $id}) WHERE $kind = 'comment' RETURN x
}
OPTIONAL MATCH (author:Account)-[:WROTE]->(x)
WITH v, x, author
WHERE author IS NULL OR author <> v
CALL (v, author) {
  WITH v, author WHERE author IS NOT NULL
  MERGE (v)-[b:BLOCKS]->(author)
  ON CREATE SET b.created_at = $now
}
MERGE (v)-[h:HID]->(x)
ON CREATE SET h.at = $now

// name: post_of_comment
MATCH (:Comment {id: $comment_id})-[:ON]->(p:Post)
RETURN p.id AS post_id
