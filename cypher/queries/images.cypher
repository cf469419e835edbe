// Uploaded images: created unattached, attached once to a post by their uploader, cleaned up
// when never attached; the perceptual-hash blocklist of removed posts' images.

// name: create
// The UPLOADED edge lives only until the image is attached: a posted image leads to no account.
MATCH (a:Account {id: $account_id})
CREATE (a)-[:UPLOADED]->(:Image {
  id: $id, key: $key, width: $width, height: $height, blurhash: $blurhash, phash: $phash, created_at: $now
})

// name: blocklist
MATCH (b:BlockedImage)
RETURN b.phash AS phash

// name: attach
// Only the uploader, once (the UPLOADED edge goes), within the window. The image is write-locked
// first so two posts racing for one image cannot both take it.
MATCH (i:Image {id: $image_id})
SET i.locked = true
REMOVE i.locked
WITH i
MATCH (:Account {id: $account_id})-[u:UPLOADED]->(i)
WHERE i.created_at >= $since AND NOT EXISTS { (i)<-[:SHOWS]-(:Post) }
MATCH (p:Post {id: $post_id})
DELETE u
CREATE (p)-[:SHOWS]->(i)
RETURN i.phash AS phash

// name: expired
// Uploads never attached within the window, and images whose post was deleted.
MATCH (i:Image)
WHERE i.created_at < $before AND NOT EXISTS { (i)<-[:SHOWS]-(:Post) }
RETURN i.id AS id, i.key AS key
LIMIT $limit

// name: delete
MATCH (i:Image) WHERE i.id IN $ids
DETACH DELETE i

// name: block_post_image
// A removed post's image joins the blocklist (by perceptual hash, so a re-encoded copy matches too).
MATCH (:Post {id: $post_id})-[:SHOWS]->(i:Image)
MERGE (b:BlockedImage {phash: i.phash})
ON CREATE SET b.at = $now
RETURN b.phash AS phash

// name: recent_for_tags
// Backgrounds from posts: recent images of visible, not removed world posts sharing a tag.
MATCH (t:Tag)<-[r:TAGGED]-(p:Post)-[:SHOWS]->(i:Image)
WHERE t.name IN $tags AND r.at >= $since AND p.status = 'visible' AND p.audience = 'world'
  AND p.visible_at <= $now
WITH i, t.name AS tag, r.at AS at
ORDER BY at DESC
WITH i, collect(DISTINCT tag) AS tags, max(at) AS at
RETURN i.id AS id, i.key AS key, tags
ORDER BY size(tags) DESC, at DESC
LIMIT $limit

// name: shown_in_world
// A picture of a visible world post (backgrounds proposed from posts may reuse it).
MATCH (i:Image {key: $key})<-[:SHOWS]-(p:Post)
WHERE p.status = 'visible' AND p.audience = 'world' AND p.visible_at <= $now
RETURN i.key AS key
LIMIT 1
