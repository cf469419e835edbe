// Candidate posts for a page: a superset of what the viewer may see, in page order.
// docs/performance.md explains why the feed has a walk and a gather.
// `visibility.posts` then decides. Sort keys: `recent` = created_at; `popular` = the stored rank
// (`posts.rerank`, docs/visibility.md "Popular"), which the clock does not change, so both sorts walk
// an index and neither pins a time.

// name: feed_recent_walk
// The fast path for `recent`: walk the newest posts through the created_at index and keep those
// the viewer might see (own, by a friend or a friend of a friend, hearted by a friend, in a
// subscribed collection, or an unlinked post in the viewer's kept audience). Cost follows how dense the viewer's reach is among recent posts, not
// how large it is. Stops after $scan_budget index entries; `feed_gather` then finishes the batch
// (or does it all, when the reach is too sparse for the walk to fill it: no rows).
MATCH (v:Account {id: $viewer_id})
CALL (v) { OPTIONAL MATCH (v)-[:FRIEND]-(f:Account) WHERE $circle_open RETURN collect(f) AS friends }
CALL (v) { OPTIONAL MATCH (v)-[:SUBSCRIBED]->(c:Collection) RETURN collect(c) AS subscribed }
CALL (friends) { UNWIND friends AS f RETURN sum(COUNT { (f)-[:FRIEND]-() }) AS degrees }
WITH v, friends, subscribed, degrees, COUNT { (:Account) } AS accounts
// Walk only when the reach is dense enough to fill the batch within the budget: friends' friends
// (the sum of the friends' degrees, an overestimate) at least $batch / $scan_budget of all accounts.
// A sparser reach would read the whole budget and still need the gather (the p99 of the feed).
WHERE size(subscribed) > 0 OR degrees * $scan_budget >= $batch * accounts
// The friends' friends as one list, when building it (about `degrees` reads) costs less than testing
// each walked post's author through the author's own friends (about $list_factor reads for each of
// the $batch * accounts / degrees posts the walk passes): degrees^2 <= $list_factor * $batch * accounts.
// A hub's reach stays unlisted: its walk passes few posts, so the per-post tests are few.
WITH *, degrees * degrees <= $list_factor * $batch * accounts AS listed
CALL (friends, listed) {
  UNWIND CASE WHEN listed THEN friends ELSE [] END AS f
  MATCH (f)-[:FRIEND]-(m)  // FRIEND joins accounts only: no label test
  WITH DISTINCT m
  RETURN collect(m) AS fof
}
OPTIONAL MATCH (audience:Audience {key: $viewer_key}) WHERE $circle_open  // sought once, not per post
CALL (v, friends, subscribed, listed, fof, audience) {
  MATCH (p:Post) WHERE p.created_at <= coalesce($after_key, $until)
  WITH p ORDER BY p.created_at DESC, p.id DESC LIMIT $scan_budget
  WHERE ($after_key IS NULL OR p.created_at < $after_key OR p.id < $after_id)
    AND (EXISTS { (a:Account)-[:WROTE]->(p)
                  WHERE a = v OR a IN friends
                     OR CASE WHEN listed THEN a IN fof ELSE EXISTS { (a)-[:FRIEND]-(m) WHERE m IN friends } END }
         OR any(c IN subscribed WHERE EXISTS { (p)-[:IN]->(c) })  // no expansion without subscriptions
         OR EXISTS { (f:Account)-[:HEARTED]->(p) WHERE f IN friends }
         OR EXISTS { (audience)-[:SAW]->(p) })
  RETURN p LIMIT $batch
}
RETURN p.id AS id, toFloat(p.created_at) AS sort_key

// name: feed_popular_walk
// `feed_recent_walk` over the rank index (V006): the highest ranked posts first, the same reach
// test and budget; `feed_gather` finishes a short batch the same way. The hint: on a small graph
// the planner may range-seek created_at instead and sort every post by rank.
MATCH (v:Account {id: $viewer_id})
CALL (v) { OPTIONAL MATCH (v)-[:FRIEND]-(f:Account) WHERE $circle_open RETURN collect(f) AS friends }
CALL (v) { OPTIONAL MATCH (v)-[:SUBSCRIBED]->(c:Collection) RETURN collect(c) AS subscribed }
CALL (friends) { UNWIND friends AS f RETURN sum(COUNT { (f)-[:FRIEND]-() }) AS degrees }
WITH v, friends, subscribed, degrees, COUNT { (:Account) } AS accounts
// Walk only when the reach is dense enough to fill the batch within the budget: friends' friends
// (the sum of the friends' degrees, an overestimate) at least $batch / $scan_budget of all accounts.
// A sparser reach would read the whole budget and still need the gather (the p99 of the feed).
WHERE size(subscribed) > 0 OR degrees * $scan_budget >= $batch * accounts
// The friends' friends as one list, when building it (about `degrees` reads) costs less than testing
// each walked post's author through the author's own friends (about $list_factor reads for each of
// the $batch * accounts / degrees posts the walk passes): degrees^2 <= $list_factor * $batch * accounts.
// A hub's reach stays unlisted: its walk passes few posts, so the per-post tests are few.
WITH *, degrees * degrees <= $list_factor * $batch * accounts AS listed
CALL (friends, listed) {
  UNWIND CASE WHEN listed THEN friends ELSE [] END AS f
  MATCH (f)-[:FRIEND]-(m)  // FRIEND joins accounts only: no label test
  WITH DISTINCT m
  RETURN collect(m) AS fof
}
OPTIONAL MATCH (audience:Audience {key: $viewer_key}) WHERE $circle_open  // sought once, not per post
CALL (v, friends, subscribed, listed, fof, audience) {
  MATCH (p:Post) USING INDEX p:Post(rank)
  WHERE p.rank <= coalesce($after_key, 1.0e300) AND p.created_at <= $until
  WITH p ORDER BY p.rank DESC, p.id DESC LIMIT $scan_budget
  WHERE ($after_key IS NULL OR p.rank < $after_key OR p.id < $after_id)
    AND (EXISTS { (a:Account)-[:WROTE]->(p)
                  WHERE a = v OR a IN friends
                     OR CASE WHEN listed THEN a IN fof ELSE EXISTS { (a)-[:FRIEND]-(m) WHERE m IN friends } END }
         OR any(c IN subscribed WHERE EXISTS { (p)-[:IN]->(c) })  // no expansion without subscriptions
         OR EXISTS { (f:Account)-[:HEARTED]->(p) WHERE f IN friends }
         OR EXISTS { (audience)-[:SAW]->(p) })
  RETURN p LIMIT $batch
}
RETURN p.id AS id, p.rank AS sort_key

// name: feed_gather
// Every candidate in reach, sorted: the rest of a batch the walk did not fill. Reach is made distinct before posts are expanded, so a friend of a friend
// met through many mutual friends is read once. `created_at + 0` keeps the planner from range-seeking
// the created_at index for the window and hash-joining it with the viewer's collections: at 100k
// accounts that scans a week of every post (740 ms) where expanding from the viewer takes 305 ms.
MATCH (v:Account {id: $viewer_id})
CALL (v) {
  MATCH (v)-[:WROTE]->(p:Post) WHERE p.created_at + 0 >= $since AND p.created_at + 0 <= $until RETURN p
  UNION
  MATCH (v)-[:SUBSCRIBED]->(:Collection)<-[:IN]-(p:Post)
  WHERE p.created_at + 0 >= $since AND p.created_at + 0 <= $until
  RETURN p
  UNION
  WITH v WHERE $circle_open
  MATCH (v)-[:FRIEND]-{1,2}(a:Account) WHERE a <> v
  WITH DISTINCT a
  MATCH (a)-[:WROTE]->(p:Post) WHERE p.created_at + 0 >= $since AND p.created_at + 0 <= $until
  RETURN p
  UNION
  WITH v WHERE $circle_open
  MATCH (v)-[:FRIEND]-(:Account)-[:HEARTED]->(p:Post)
  WHERE p.created_at + 0 >= $since AND p.created_at + 0 <= $until
  RETURN p
  UNION
  // unlinked posts keep their audience (visibility.cypher, `keep_audience`)
  WITH v WHERE $circle_open
  MATCH (:Audience {key: $viewer_key})-[:SAW]->(p:Post)
  WHERE p.created_at + 0 >= $since AND p.created_at + 0 <= $until
  RETURN p
}
WITH DISTINCT p
WITH p, CASE $sort WHEN 'recent' THEN toFloat(p.created_at) ELSE p.rank END AS sort_key
WHERE $after_key IS NULL OR sort_key < $after_key OR (sort_key = $after_key AND p.id < $after_id)
RETURN p.id AS id, sort_key
ORDER BY sort_key DESC, id DESC
LIMIT $batch

// name: collection_candidates
MATCH (:Collection {slug: $slug})<-[:IN]-(p:Post)
WHERE p.created_at >= $since AND p.created_at <= $until
WITH p, CASE $sort WHEN 'recent' THEN toFloat(p.created_at) ELSE p.rank END AS sort_key
WHERE $after_key IS NULL OR sort_key < $after_key OR (sort_key = $after_key AND p.id < $after_id)
RETURN p.id AS id, sort_key
ORDER BY sort_key DESC, id DESC
LIMIT $batch

// name: nearby_candidates
// One index seek per geohash prefix of the area ($prefixes, at most geo.MAX_PREFIXES; the hint
// keeps the planner from scanning an index once per prefix instead). Prefixes may be shorter than the
// stored cells (near a pole), so each candidate's cell is decoded to its (row, column) in the
// precision-5 grid ($parts: each character's share of both, by position) and kept only if it is one
// of the area's exact cells ($ranges: column ranges by row).
UNWIND $prefixes AS prefix
CALL (prefix) {
  MATCH (p:Post)
  USING INDEX p:Post(geohash)
  WHERE p.geohash STARTS WITH prefix
  RETURN p
}
WITH p WHERE p.created_at >= $since AND p.created_at <= $until
WITH p, $parts[substring(p.geohash, 0, 1)] AS c0, $parts[substring(p.geohash, 1, 1)] AS c1,
     $parts[substring(p.geohash, 2, 1)] AS c2, $parts[substring(p.geohash, 3, 1)] AS c3,
     $parts[substring(p.geohash, 4, 1)] AS c4
WITH p, c0[0] + c1[2] + c2[4] + c3[6] + c4[8] AS row, c0[1] + c1[3] + c2[5] + c3[7] + c4[9] AS col
WHERE any(r IN $ranges[toString(row)] WHERE r[0] <= col AND col <= r[1])
WITH p, CASE $sort WHEN 'recent' THEN toFloat(p.created_at) ELSE p.rank END AS sort_key
WHERE $after_key IS NULL OR sort_key < $after_key OR (sort_key = $after_key AND p.id < $after_id)
RETURN p.id AS id, sort_key
ORDER BY sort_key DESC, id DESC
LIMIT $batch
