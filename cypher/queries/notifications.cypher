// Notifications, preferences and push devices. Which posts a recipient may see is never decided
// here: the service asks secret_graph/visibility.py for every post a notification names.

// name: upsert
// One node per recipient and subject ($key): a new event on the same subject raises its count
// while unread, and starts again at $increment once it was read. `fresh` says it was read (or new):
// only then is a push sent, so twelve hearts make one push.
MATCH (a:Account {id: $recipient_id})
MERGE (n:Notification {key: $key})
ON CREATE SET n.id = $id, n.kind = $kind, n.created_at = $now, n.read = true, n.count = 0
MERGE (a)-[:HAS_NOTIFICATION]->(n)
WITH n, n.read AS fresh, coalesce(n.event_at, 0) <= $event_at AS newer
// Jobs may run out of order: the subject named is the newest event's ($event_at), whichever ran last.
SET n.count = CASE WHEN fresh THEN $increment ELSE n.count + $increment END,
    n.read = false, n.visible_at = $visible_at,
    n.kind = CASE WHEN newer THEN $kind ELSE n.kind END,
    n.at = CASE WHEN newer THEN $at ELSE n.at END,
    n.event_at = CASE WHEN newer THEN $event_at ELSE n.event_at END,
    n.post_id = CASE WHEN newer THEN $post_id ELSE n.post_id END,
    n.comment_id = CASE WHEN newer THEN $comment_id ELSE n.comment_id END,
    n.chat_id = CASE WHEN newer THEN $chat_id ELSE n.chat_id END
RETURN n.id AS id, fresh

// name: page
// Newest first, from the position after ($after_at, $after_id); notifications not yet due are not there.
MATCH (:Account {id: $recipient_id})-[:HAS_NOTIFICATION]->(n:Notification)
WHERE n.visible_at <= $now
  AND ($only_unread = false OR n.read = false)
  AND ($after_at IS NULL OR n.at < $after_at OR (n.at = $after_at AND n.id < $after_id))
RETURN n.id AS id, n.kind AS kind, n.post_id AS post_id, n.comment_id AS comment_id, n.chat_id AS chat_id,
       n.count AS count, n.at AS at, n.read AS read
ORDER BY n.at DESC, n.id DESC
LIMIT $limit

// name: get
MATCH (a:Account)-[:HAS_NOTIFICATION]->(n:Notification {id: $id})
RETURN a.id AS recipient_id, n.id AS id, n.kind AS kind, n.post_id AS post_id, n.comment_id AS comment_id,
       n.chat_id AS chat_id, n.count AS count, n.at AS at, n.read AS read, n.visible_at AS visible_at,
       coalesce(a.notify_off, []) AS off, a.quiet_start AS quiet_start, a.quiet_end AS quiet_end

// name: mark_read_ids
MATCH (:Account {id: $recipient_id})-[:HAS_NOTIFICATION]->(n:Notification)
WHERE n.id IN $ids AND n.visible_at <= $now
SET n.read = true
RETURN count(n) AS marked

// name: mark_read_up_to
// Everything listed before the cursor's position: as new as it, or newer.
MATCH (:Account {id: $recipient_id})-[:HAS_NOTIFICATION]->(n:Notification)
WHERE n.visible_at <= $now AND n.read = false
  AND ($at IS NULL OR n.at > $at OR (n.at = $at AND n.id >= $after_id))
SET n.read = true
RETURN count(n) AS marked

// name: comments_existing
UNWIND $ids AS id
MATCH (c:Comment {id: id})
RETURN c.id AS id

// name: settings
MATCH (a:Account {id: $account_id})
RETURN coalesce(a.notify_off, []) AS off, a.quiet_start AS quiet_start, a.quiet_end AS quiet_end

// name: set_settings
MATCH (a:Account {id: $account_id})
SET a.notify_off = $off, a.quiet_start = $quiet_start, a.quiet_end = $quiet_end
RETURN a.id AS id

// name: heart_target
// A heart tells the post's author (never the hearter, never on an unlinked post), at the heart's
// own time: hearting again (the API is idempotent) or a heart taken back meanwhile changes nothing.
MATCH (:Account {id: $hearter_id})-[h:HEARTED]->(p:Post {id: $post_id})
MATCH (author:Account)-[:WROTE]->(p)
WHERE author.id <> $hearter_id AND NOT 'hearts' IN coalesce(author.notify_off, [])
RETURN author.id AS recipient_id, h.at AS hearted_at

// name: comment_targets
// The post's author (a comment on your post) and everyone else who commented there (a reply in
// your thread); never the commenter, nobody who blocks the commenter, and only those who did not
// turn the kind off.
MATCH (c:Comment {id: $comment_id})-[:ON]->(p:Post)
MATCH (writer:Account)-[:WROTE]->(c)
OPTIONAL MATCH (author:Account)-[:WROTE]->(p)
WITH c, p, writer, author
CALL (p, writer, author) {
  WITH p, writer, author WHERE author IS NOT NULL AND author <> writer
    AND NOT 'comment' IN coalesce(author.notify_off, []) AND NOT EXISTS { (author)-[:BLOCKS]->(writer) }
  RETURN author.id AS recipient_id, 'comment' AS kind
  UNION
  WITH p, writer, author
  MATCH (p)<-[:ON]-(:Comment)<-[:WROTE]-(other:Account)
  WHERE other <> writer AND (author IS NULL OR other <> author) AND NOT 'reply' IN coalesce(other.notify_off, [])
    AND NOT EXISTS { (other)-[:BLOCKS]->(writer) }
  RETURN DISTINCT other.id AS recipient_id, 'reply' AS kind
}
RETURN p.id AS post_id, c.created_at AS comment_at, recipient_id, kind

// name: post_candidates
// Who may hear that a post was published: the author's friends first, then friends of friends,
// each only if they want the notice and have not had $per_day of them in the last day.
MATCH (author:Account)-[:WROTE]->(p:Post {id: $post_id})
CALL (author) {
  MATCH (author)-[:FRIEND]-(f:Account)
  RETURN f AS r, 0 AS rank
  UNION
  MATCH (author)-[:FRIEND]-(:Account)-[:FRIEND]-(g:Account)
  WHERE g <> author AND NOT (author)-[:FRIEND]-(g)
  RETURN g AS r, 1 AS rank
}
WITH DISTINCT r, rank
WHERE NOT 'friend_posted' IN coalesce(r.notify_off, [])
  AND COUNT { (r)-[:HAS_NOTIFICATION]->(n:Notification)
              WHERE n.kind IN ['friend_posted', 'friend_of_friend_posted'] AND n.created_at > $since } < $per_day
RETURN r.id AS recipient_id
ORDER BY rank
LIMIT $max

// name: friend_notices_used
// Write-locks the recipient first, so that fan-outs of two posts running at once count exactly.
MATCH (r:Account {id: $recipient_id})
SET r.locked = true
REMOVE r.locked
RETURN COUNT { (r)-[:HAS_NOTIFICATION]->(n:Notification)
               WHERE n.kind IN ['friend_posted', 'friend_of_friend_posted'] AND n.created_at > $since
                 AND n.post_id <> $post_id } AS used

// name: contact_watchers
// Accounts that have the new account's number (or Facebook id) in their book, and want to know.
MATCH (:Account {id: $account_id})-[:HAS_IDENTIFIER]->(:Identifier)<-[:HAS_CONTACT]-(w:Account)
WHERE w.id <> $account_id AND NOT 'contacts_joined' IN coalesce(w.notify_off, [])
RETURN DISTINCT w.id AS recipient_id

// name: post_due
MATCH (p:Post {id: $post_id})
RETURN p.visible_at AS visible_at

// name: chats_open
// The chats among $ids that the account is still in.
MATCH (:Account {id: $account_id})-[m:IN_CHAT]->(c:Chat)
WHERE c.id IN $ids AND m.left_at IS NULL
RETURN c.id AS id

// name: chat_member
// The other side of a chat, as seen from the sender: the member with role $role, if still in it.
MATCH (a:Account)-[m:IN_CHAT {role: $role}]->(:Chat {id: $chat_id})
WHERE m.left_at IS NULL AND NOT 'chat' IN coalesce(a.notify_off, [])
RETURN a.id AS recipient_id

// name: author_of
MATCH (author:Account)-[:WROTE]->(p:Post {id: $post_id})
WHERE NOT 'moderation' IN coalesce(author.notify_off, [])
RETURN author.id AS recipient_id

// name: put_device
MATCH (a:Account {id: $account_id})
MERGE (d:Device {key: $key})
ON CREATE SET d.created_at = $now
MERGE (a)-[:HAS_DEVICE]->(d)
SET d.device_id = $device_id, d.platform = $platform, d.token = $token, d.updated_at = $now
RETURN d.key AS key

// name: delete_device
MATCH (:Account {id: $account_id})-[:HAS_DEVICE]->(d:Device {key: $key})
DETACH DELETE d
RETURN 1 AS deleted

// name: devices
MATCH (:Account {id: $account_id})-[:HAS_DEVICE]->(d:Device)
RETURN d.key AS key, d.device_id AS device_id, d.platform AS platform, d.token AS token, d.created_at AS created_at
ORDER BY d.created_at, d.key

// name: delete_for_account
// Account deletion: its notifications and devices (chats go with the chat statements).
MATCH (a:Account {id: $account_id})
OPTIONAL MATCH (a)-[:HAS_NOTIFICATION|HAS_DEVICE]->(x)
DETACH DELETE x
