// Candidates for Whisper's surfaces: explore (posts to the world), tag pages, and trending tags.
// As in feeds.cypher, these only propose ids in page order; `visibility.posts` decides.
// Sort keys: `recent` = created_at; `popular` = the stored rank (`Post.rank`, docs/visibility.md).

// name: explore_recent
// Walks the (audience, created_at) index newest first: ordering by the index's own keys lets the
// planner read only the page (PartialTop) instead of every world post (6,027 rows to 26 at 20,000 posts).
MATCH (p:Post)
WHERE p.audience = 'world' AND p.created_at <= coalesce($after_key, $until)
  AND ($after_key IS NULL OR p.created_at < $after_key OR p.id < $after_id)
WITH p ORDER BY p.audience DESC, p.created_at DESC, p.id DESC LIMIT $batch
RETURN p.id AS id, toFloat(p.created_at) AS sort_key
ORDER BY sort_key DESC, id DESC

// name: explore_popular
// Walks the stored rank (V006, docs/visibility.md) highest first, world posts only.
MATCH (p:Post) USING INDEX p:Post(rank)
WHERE p.rank <= coalesce($after_key, 1.0e300) AND p.audience = 'world' AND p.created_at <= $until
  AND ($after_key IS NULL OR p.rank < $after_key OR p.id < $after_id)
RETURN p.id AS id, p.rank AS sort_key
ORDER BY sort_key DESC, id DESC
LIMIT $batch

// name: explore_area
// World posts located in an area: the cells of feeds.nearby_candidates (see there), world only.
UNWIND $prefixes AS prefix
CALL (prefix) {
  MATCH (p:Post)
  USING INDEX p:Post(geohash)
  WHERE p.geohash STARTS WITH prefix
  RETURN p
}
WITH p WHERE p.audience = 'world' AND p.created_at >= $since AND p.created_at <= $until
WITH p, $parts[substring(p.geohash, 0, 1)] AS c0, $parts[substring(p.geohash, 1, 1)] AS c1,
     $parts[substring(p.geohash, 2, 1)] AS c2, $parts[substring(p.geohash, 3, 1)] AS c3,
     $parts[substring(p.geohash, 4, 1)] AS c4
WITH p, c0[0] + c1[2] + c2[4] + c3[6] + c4[8] AS row, c0[1] + c1[3] + c2[5] + c3[7] + c4[9] AS col
WHERE any(r IN $ranges[toString(row)] WHERE r[0] <= col AND col <= r[1])
WITH p, CASE $sort WHEN 'recent' THEN toFloat(p.created_at)
        ELSE p.rank END AS sort_key
WHERE $after_key IS NULL OR sort_key < $after_key OR (sort_key = $after_key AND p.id < $after_id)
RETURN p.id AS id, sort_key
ORDER BY sort_key DESC, id DESC
LIMIT $batch

// name: tag_candidates
// Posts carrying the tag (a hashtag or a keyword), any audience: visibility keeps what the viewer may see.
MATCH (:Tag {name: $tag})<-[:TAGGED]-(p:Post)
WHERE p.created_at >= $since AND p.created_at <= $until
WITH DISTINCT p
WITH p, CASE $sort WHEN 'recent' THEN toFloat(p.created_at)
        ELSE p.rank END AS sort_key
WHERE $after_key IS NULL OR sort_key < $after_key OR (sort_key = $after_key AND p.id < $after_id)
RETURN p.id AS id, sort_key
ORDER BY sort_key DESC, id DESC
LIMIT $batch

// name: trending
// Tags of visible world and collection posts over the last two days: `recent` counts the last 24 h,
// `earlier` the 24 h before (the rise is their difference). A tag used by fewer than $min_authors
// distinct accounts in the last 24 h is left out here, so its count never leaves the database;
// the service rounds counts down. $prefixes (or null) narrows it to posts located in an area.
MATCH (t:Tag)<-[r:TAGGED]-(p:Post)
WHERE r.at >= $now - 2 * $day_ms AND r.at <= $now AND p.status = 'visible' AND p.visible_at <= $now
  AND (p.audience = 'world' OR EXISTS { (p)-[:IN]->(:Collection) })
  AND ($prefixes IS NULL OR any(prefix IN $prefixes WHERE p.geohash STARTS WITH prefix))
OPTIONAL MATCH (a:Account)-[:WROTE]->(p)
WITH t, p, a, r.at > $now - $day_ms AS last_day
WITH t,
     count(DISTINCT CASE WHEN last_day THEN p END) AS recent,
     count(DISTINCT CASE WHEN NOT last_day THEN p END) AS earlier,
     count(DISTINCT CASE WHEN last_day THEN a END) AS authors
WHERE authors >= $min_authors
RETURN t.name AS tag, recent, earlier
ORDER BY recent - earlier DESC, recent DESC, tag
LIMIT $limit
