// Comments with per-post pseudonyms.

// name: lock_post
// Serialises first comments on one post, so two new commenters cannot pick the same pseudonym.
MATCH (p:Post {id: $post_id})
SET p.locked = true
REMOVE p.locked
RETURN p.id AS id

// name: avatars_in_thread
// Every pseudonym in the thread is taken, a comment's whose writer let go of it (unlink, deletion)
// too: a newcomer never wears the name of someone gone.
MATCH (:Post {id: $post_id})<-[:ON]-(c:Comment)
OPTIONAL MATCH (c)<-[:WROTE]-(a:Account)
RETURN DISTINCT a IS NOT NULL AND a.id = $viewer_id AS mine, c.avatar_name AS name, c.avatar_color AS color

// name: create
// `by_post_author` is stored, not derived from the post's author when read: it must not change when
// the author unlinks the post or deletes the account (every thread of theirs would change at once).
MATCH (v:Account {id: $viewer_id}), (p:Post {id: $post_id})
WITH v, p, EXISTS { (v)-[:WROTE]->(p) } AS by_post_author
CREATE (v)-[:WROTE]->(c:Comment {
  id: $id, text: $text, created_at: $now, avatar_name: $avatar_name, avatar_color: $avatar_color,
  status: $status, screen_reasons: $screen_reasons, flags_reset_at: 0, by_post_author: by_post_author,
  held_at: CASE WHEN $status = 'held' THEN $now END
})-[:ON]->(p)
RETURN c.id AS id

// name: list
MATCH (p:Post {id: $post_id})<-[:ON]-(c:Comment)
WHERE $after_time IS NULL OR c.created_at > $after_time OR (c.created_at = $after_time AND c.id > $after_id)
OPTIONAL MATCH (writer:Account)-[:WROTE]->(c)
RETURN c.id AS id, c.text AS text, c.created_at AS created_at,
       c.avatar_name AS avatar_name, c.avatar_color AS avatar_color,
       writer IS NOT NULL AND writer.id = $viewer_id AS is_me,
       coalesce(c.by_post_author, false) AS is_post_author,
       coalesce(c.status, 'visible') AS status
ORDER BY c.created_at, c.id
LIMIT $limit

// name: get
MATCH (p:Post {id: $post_id})<-[:ON]-(c:Comment {id: $comment_id})
OPTIONAL MATCH (writer:Account)-[:WROTE]->(c)
RETURN c.id AS id, c.text AS text, c.created_at AS created_at,
       c.avatar_name AS avatar_name, c.avatar_color AS avatar_color,
       writer IS NOT NULL AND writer.id = $viewer_id AS is_me,
       coalesce(c.by_post_author, false) AS is_post_author,
       coalesce(c.status, 'visible') AS status

// name: delete
// The comment's writer, or the author of the post it is under (moderating their own thread);
// for anyone else nothing matches.
MATCH (v:Account {id: $viewer_id}), (c:Comment {id: $comment_id})-[:ON]->(p:Post {id: $post_id})
WHERE (v)-[:WROTE]->(c) OR (v)-[:WROTE]->(p)
DETACH DELETE c
RETURN 1 AS deleted

// name: post_of
MATCH (:Comment {id: $comment_id})-[:ON]->(p:Post)
RETURN p.id AS post_id

// name: flag
// Counts once per account, never the writer's (the service records none); the comment is
// write-locked first so concurrent flags count exactly.
MATCH (v:Account {id: $viewer_id}), (c:Comment {id: $comment_id})
SET c.locked = true
REMOVE c.locked
MERGE (v)-[f:FLAGGED]->(c)
ON CREATE SET f.reason = $reason, f.at = $now
WITH c, COUNT { (c)<-[g:FLAGGED]-(a:Account) WHERE g.at > coalesce(c.flags_reset_at, 0) AND NOT (a)-[:WROTE]->(c) }
  AS flags
SET c.status = CASE WHEN coalesce(c.status, 'visible') = 'visible' AND flags >= $threshold THEN 'pending'
                    ELSE c.status END
RETURN flags, c.status AS status
