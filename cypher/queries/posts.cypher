// Writing, deleting and unlinking posts; hearts and flags. Visibility is checked first, by the service.

// name: create
// The post with its hashtags and keywords ($names) as Tag nodes, in one round trip: tag pages and
// trending start from the tag, not from every post.
MATCH (a:Account {id: $account_id})
CREATE (a)-[:WROTE]->(p:Post {
  id: $id, text: $text, background_color: $background_color, background_image: $background_image,
  tags: $tags, keywords: $keywords, audience: $audience, geohash: $geohash, created_at: $now,
  visible_at: $visible_at, status: $status, flags_reset_at: 0, screen_reasons: $screen_reasons,
  held_at: CASE WHEN $status = 'held' THEN $now END, rank: $now / 45000000.0
})
WITH p
OPTIONAL MATCH (c:Collection {slug: $collection})
FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END | CREATE (p)-[:IN]->(c))
WITH p
CALL (p) {
  UNWIND $names AS name
  MERGE (t:Tag {name: name})
  CREATE (p)-[:TAGGED {at: $now}]->(t)
}
RETURN p.id AS id

// name: delete_own
// Only the author's own WROTE edge matches: anyone else deletes nothing.
MATCH (:Account {id: $account_id})-[:WROTE]->(p:Post {id: $post_id})
CALL (p) {
  OPTIONAL MATCH (p)<-[:ON]-(c:Comment)
  DETACH DELETE c
}
DETACH DELETE p
RETURN 1 AS deleted

// name: unlink_all
// Secret's "unlink": the posts stay, but no account leads to them any more.
MATCH (:Account {id: $account_id})-[w:WROTE]->(:Post)
DELETE w
RETURN count(w) AS unlinked

// name: rerank
// The stored `popular` rank (docs/visibility.md, "Popular"): log10 of the engagement (hearts and
// twice the comments, at least 1) plus the creation time in units of 12.5 hours, so one more
// order of magnitude of engagement is worth 12.5 hours of recency and the order of two posts never
// changes with the clock. Run in the transaction of every write that changes hearts or comments,
// after it (a heart it makes itself, below); each post is write-locked before it is counted, so
// two concurrent hearts cannot both count without the other and leave a stale rank: the last to
// lock counts both. A new post's rank (posts.create, no engagement) is the same formula with
// log10(1) = 0; V006 repeats it.
// A heart or its removal ($heart: {viewer_id, hearted, at}; null for every other caller) is made
// here, under the lock, so a heart and its rank take one round trip. `new_heart` says this heart
// was not there once the lock was granted: of two concurrent hearts by one viewer, only the first
// to lock is new, so the author is told once.
UNWIND $post_ids AS post_id
MATCH (p:Post {id: post_id})
SET p.locked = true
REMOVE p.locked
WITH p
// The viewer first, then its heart (an expand into from the viewer's side: from the post's, a
// well-hearted post's every heart would be read).
OPTIONAL MATCH (viewer:Account {id: $heart.viewer_id})
WITH p, $heart IS NOT NULL AND $heart.hearted AND viewer IS NOT NULL
        AND NOT EXISTS { (viewer)-[:HEARTED]->(p) } AS new_heart
CALL (p) {
  WITH p WHERE $heart IS NOT NULL AND $heart.hearted
  MATCH (v:Account {id: $heart.viewer_id})
  MERGE (v)-[h:HEARTED]->(p)
  ON CREATE SET h.at = $heart.at
}
CALL (p) {
  WITH p WHERE $heart IS NOT NULL AND NOT $heart.hearted
  MATCH (:Account {id: $heart.viewer_id})-[h:HEARTED]->(p)
  DELETE h
}
// Only accounts heart and only comments are ON a post, so each count is the post's stored degree
// (getDegree), not a walk of every heart: 1 db hit, not 2 per heart.
WITH p, new_heart, COUNT { (p)<-[:HEARTED]-() } AS hearts, COUNT { (p)<-[:ON]-() } AS comments
WITH p, new_heart, hearts, hearts + 2 * comments AS engagement
SET p.rank = log10(CASE WHEN engagement > 1 THEN engagement ELSE 1 END) + p.created_at / 45000000.0
RETURN p.id AS id, hearts, p.rank AS rank, new_heart

// name: reranked_by_account
// Account deletion: the posts of others whose hearts or comments go with the account, to be
// ranked again (`rerank`) once they are gone.
MATCH (a:Account {id: $account_id})
CALL (a) {
  MATCH (a)-[:HEARTED]->(p:Post) RETURN p
  UNION
  MATCH (a)-[:WROTE]->(:Comment)-[:ON]->(p:Post) RETURN p
}
WITH a, p WHERE NOT EXISTS { (a)-[:WROTE]->(p) }
RETURN collect(p.id) AS post_ids

// name: flag
// Counts once per account, never the author's (the service records none). The post is
// write-locked first so concurrent flags count exactly.
MATCH (v:Account {id: $viewer_id}), (p:Post {id: $post_id})
SET p.locked = true
REMOVE p.locked
MERGE (v)-[f:FLAGGED]->(p)
ON CREATE SET f.reason = $reason, f.at = $now
WITH p, COUNT { (p)<-[g:FLAGGED]-(a:Account) WHERE g.at > p.flags_reset_at AND NOT (a)-[:WROTE]->(p) } AS flags
SET p.status = CASE WHEN p.status = 'visible' AND flags >= $threshold THEN 'pending' ELSE p.status END
RETURN flags, p.status AS status

// name: collection_exists
MATCH (c:Collection {slug: $slug})
RETURN c.slug AS slug, c.sponsor AS sponsor

// name: delete_all_of_account
// Account deletion: the posts it still authors, with their comments.
MATCH (:Account {id: $account_id})-[:WROTE]->(p:Post)
CALL (p) {
  OPTIONAL MATCH (p)<-[:ON]-(c:Comment)
  DETACH DELETE c
}
DETACH DELETE p

// name: retire_all_of_account
// Account deletion asked by its owner: the posts leave the account now and each is removed at its own
// time ($rows: {id, remove_at}), so they do not vanish together when the account's friendships end.
UNWIND $rows AS row
MATCH (:Account {id: $account_id})-[w:WROTE]->(p:Post {id: row.id})
SET p.remove_at = row.remove_at
DELETE w

// name: purge_retired
// The retired posts whose time has come, with their comments and their keyed audience.
MATCH (p:Post) WHERE p.remove_at <= $now
CALL (p) {
  OPTIONAL MATCH (p)<-[:ON]-(c:Comment)
  DETACH DELETE c
}
DETACH DELETE p
WITH count(*) AS purged
MATCH (a:Audience) WHERE NOT (a)-[:SAW]->()
DELETE a

// name: purge_retired_batch
// The periodic purge (`secret-graph posts purge`): up to $limit retired posts whose time has come,
// with their comments, as purge_retired does; their images, unattached, go with `images cleanup`.
MATCH (p:Post) WHERE p.remove_at <= $now
WITH p LIMIT $limit
CALL (p) {
  OPTIONAL MATCH (p)<-[:ON]-(c:Comment)
  DETACH DELETE c
}
DETACH DELETE p
RETURN count(*) AS purged

// name: delete_orphan_audiences
// Keyed audience records whose every post is gone.
MATCH (a:Audience) WHERE NOT (a)-[:SAW]->()
DELETE a

// name: delete_comments_of_account
MATCH (:Account {id: $account_id})-[:WROTE]->(c:Comment)
DETACH DELETE c

// name: lock_posts_of_account
// Unlink and account deletion, first: the account's posts write-locked, so a comment on one of them
// (comments.create locks its post before it reads who wrote it) is either already there to be
// detached, or written after, by no author of the post.
MATCH (:Account {id: $account_id})-[:WROTE]->(p:Post)
SET p.locked = true
REMOVE p.locked

// name: comments_of_account
// Unlink and account deletion: the account's comments, whether each is under its own post, and
// whether others may read it (published: not held by screening, not hidden pending review).
MATCH (a:Account {id: $account_id})-[:WROTE]->(c:Comment)-[:ON]->(p:Post)
RETURN c.id AS id, EXISTS { (a)-[:WROTE]->(p) } AS own_thread, coalesce(c.status, 'visible') = 'visible' AS published

// name: detach_comments
// Comments leave their writer ($rows: {id, remove_at}, remove_at null: the comment stays, and goes
// with its post). They keep their text, pseudonym and `by_post_author` mark, so nothing changes in
// a thread at that moment; visibility keeps, keyed, who had blocked the writer (keep_comment_blocks).
UNWIND $rows AS row
MATCH (:Account {id: $account_id})-[w:WROTE]->(c:Comment {id: row.id})
SET c.remove_at = row.remove_at
DELETE w

// name: purge_retired_comments
// A deleted account's comments whose time has come (up to $limit), and the posts they were under,
// to be ranked again (`rerank`).
MATCH (c:Comment) WHERE c.remove_at <= $now
WITH c LIMIT $limit
OPTIONAL MATCH (c)-[:ON]->(p:Post)
WITH c, p.id AS post_id
DETACH DELETE c
RETURN count(*) AS purged, collect(DISTINCT post_id) AS post_ids

// name: is_moderator
MATCH (a:Account {id: $account_id})
RETURN coalesce(a.is_moderator, false) AS is_moderator
