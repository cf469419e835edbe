// Writing, deleting and unlinking posts; hearts and flags. Visibility is checked first, by the service.

// name: create
MATCH (a:Account {id: $account_id})
CREATE (a)-[:WROTE]->(p:Post {
  id: $id, text: $text, background_color: $background_color, background_image: $background_image,
  tags: $tags, keywords: $keywords, audience: $audience, geohash: $geohash, created_at: $now,
  visible_at: $visible_at, status: $status, flags_reset_at: 0, screen_reasons: $screen_reasons,
  held_at: CASE WHEN $status = 'held' THEN $now END
})
WITH p
OPTIONAL MATCH (c:Collection {slug: $collection})
FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END | CREATE (p)-[:IN]->(c))
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

// name: heart
MATCH (v:Account {id: $viewer_id}), (p:Post {id: $post_id})
MERGE (v)-[h:HEARTED]->(p)
ON CREATE SET h.at = $now

// name: unheart
MATCH (:Account {id: $viewer_id})-[h:HEARTED]->(:Post {id: $post_id})
DELETE h

// name: heart_state
MATCH (p:Post {id: $post_id})
RETURN COUNT { (p)<-[:HEARTED]-(:Account) } AS hearts,
       EXISTS { (:Account {id: $viewer_id})-[:HEARTED]->(p) } AS hearted

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

// name: delete_comments_of_account
MATCH (:Account {id: $account_id})-[:WROTE]->(c:Comment)
DETACH DELETE c

// name: tag
// Hashtags and keywords as Tag nodes: tag pages and trending start from the tag, not from every post.
MATCH (p:Post {id: $post_id})
UNWIND $names AS name
MERGE (t:Tag {name: name})
CREATE (p)-[:TAGGED {at: $now}]->(t)

// name: is_moderator
MATCH (a:Account {id: $account_id})
RETURN coalesce(a.is_moderator, false) AS is_moderator
