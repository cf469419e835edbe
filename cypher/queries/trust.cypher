// The trust score (docs/analytics.md, "The trust score"): personalised PageRank on the friendship
// graph from trusted seeds, with early termination, divided by degree. Graph Data Science runs it.

// name: seeds
// Trusted seeds, spread over the graph's communities (GDS Louvain on the projection $graph), as
// SybilRank requires: a walk stopped early barely leaves the community it starts in, so seeds in
// a few communities would leave the others' honest accounts untrusted. Each community gets seeds
// in proportion to its size ($limit in all; none below $accounts / $limit / 2 accounts): its most
// connected accounts at least $min_age_ms old with at least $min_friends friends (ties by id).
// Louvain's partition follows the order it visits the nodes in: $graph must number them in a stable
// order (graphs.friends_in_id_order), or the seeds would follow the store's internal ids.
CALL gds.louvain.stream($graph, {concurrency: 1})
YIELD nodeId, communityId
WITH communityId, collect(nodeId) AS members
WITH communityId, members, toInteger(round(toFloat(size(members)) * $limit / $accounts)) AS quota
WHERE quota >= 1
UNWIND members AS member
WITH communityId, quota, gds.util.asNode(member) AS a
WHERE a.created_at <= $now - $min_age_ms
WITH communityId, quota, a, COUNT { (a)-[:FRIEND]-(:Account) } AS friends
WHERE friends >= $min_friends
WITH communityId, quota, a, friends
ORDER BY friends DESC, a.id
WITH communityId, quota, collect(a.id) AS ranked
WITH communityId, ranked[..quota] AS chosen
UNWIND chosen AS id
RETURN id
ORDER BY id

// name: score
// The walk's share of each account divided by the share a fully mixed walk would give it
// (degree / volume): about 1 for a well-connected honest account, near 0 for an account the
// walk from the seeds rarely reached within $iterations steps. No friends: 0.
MATCH (s:Account) WHERE s.id IN $seed_ids
WITH collect(s) AS seeds
CALL gds.pageRank.stream($graph, {sourceNodes: seeds, dampingFactor: $damping, maxIterations: $iterations,
                                  tolerance: 0.0})
YIELD nodeId, score
WITH collect([nodeId, score]) AS scored, sum(score) AS total
UNWIND scored AS pair
WITH gds.util.asNode(pair[0]) AS a, CASE total WHEN 0.0 THEN 0.0 ELSE pair[1] / total END AS share
WITH a, share, COUNT { (a)-[:FRIEND]-(:Account) } AS degree
WITH a, CASE degree WHEN 0 THEN 0.0 ELSE share * $volume / degree END AS trust
// A changed score is counted in `ties` (visibility.cypher, `circle_inputs`): it may close a circle.
SET a.ties = coalesce(a.ties, 0) + CASE WHEN coalesce(a.trust, 0.0) = trust THEN 0 ELSE 1 + toInteger(rand() * 1.0e9) END
SET a.trust = trust
RETURN count(a) AS scored, sum(CASE WHEN a.trust > 0 THEN 1 ELSE 0 END) AS reached

// name: set_scores
// Scores given directly (tests and measurements that plant a known score).
UNWIND $rows AS row
MATCH (a:Account {id: row.id})
SET a.ties = coalesce(a.ties, 0) + CASE WHEN coalesce(a.trust, 0.0) = row.trust THEN 0 ELSE 1 + toInteger(rand() * 1.0e9) END
SET a.trust = row.trust
