// Candidate posts for a page: a superset of what the viewer may see, in page order.
// `visibility.posts` then decides. Sort keys: `recent` = created_at; `popular` =
// (hearts + 2*comments + 1) / (age_hours + 2)^1.5 at the pinned time $until, last 7 days only.

// name: feed_candidates
MATCH (v:Account {id: $viewer_id})
CALL (v) {
  MATCH (v)-[:WROTE]->(p:Post) RETURN p
  UNION
  MATCH (v)-[:SUBSCRIBED]->(:Collection)<-[:IN]-(p:Post) RETURN p
  UNION
  WITH v WHERE $circle_open
  MATCH (v)-[:FRIEND]-(:Account)-[:WROTE]->(p:Post) RETURN p
  UNION
  WITH v WHERE $circle_open
  MATCH (v)-[:FRIEND]-(:Account)-[:FRIEND]-(a:Account)-[:WROTE]->(p:Post) WHERE a <> v RETURN p
  UNION
  WITH v WHERE $circle_open
  MATCH (v)-[:FRIEND]-(:Account)-[:HEARTED]->(p:Post) RETURN p
}
WITH p
WHERE p.created_at >= $since AND p.created_at <= $until
WITH p, CASE $sort WHEN 'recent' THEN toFloat(p.created_at)
        ELSE (COUNT { (p)<-[:HEARTED]-() } + 2 * COUNT { (p)<-[:ON]-() } + 1)
             / (((toFloat($until) - p.created_at) / 3600000.0 + 2) ^ 1.5) END AS sort_key
WHERE $after_key IS NULL OR sort_key < $after_key OR (sort_key = $after_key AND p.id < $after_id)
RETURN p.id AS id, sort_key
ORDER BY sort_key DESC, id DESC
LIMIT $batch

// name: collection_candidates
MATCH (:Collection {slug: $slug})<-[:IN]-(p:Post)
WHERE p.created_at >= $since AND p.created_at <= $until
WITH p, CASE $sort WHEN 'recent' THEN toFloat(p.created_at)
        ELSE (COUNT { (p)<-[:HEARTED]-() } + 2 * COUNT { (p)<-[:ON]-() } + 1)
             / (((toFloat($until) - p.created_at) / 3600000.0 + 2) ^ 1.5) END AS sort_key
WHERE $after_key IS NULL OR sort_key < $after_key OR (sort_key = $after_key AND p.id < $after_id)
RETURN p.id AS id, sort_key
ORDER BY sort_key DESC, id DESC
LIMIT $batch

// name: nearby_candidates
MATCH (p:Post)
WHERE p.geohash IN $cells AND p.created_at >= $since AND p.created_at <= $until
WITH p, CASE $sort WHEN 'recent' THEN toFloat(p.created_at)
        ELSE (COUNT { (p)<-[:HEARTED]-() } + 2 * COUNT { (p)<-[:ON]-() } + 1)
             / (((toFloat($until) - p.created_at) / 3600000.0 + 2) ^ 1.5) END AS sort_key
WHERE $after_key IS NULL OR sort_key < $after_key OR (sort_key = $after_key AND p.id < $after_id)
RETURN p.id AS id, sort_key
ORDER BY sort_key DESC, id DESC
LIMIT $batch
