// The trust score (docs/analytics.md, "The trust score"): personalised PageRank on the friendship
// graph from trusted seeds, with early termination, divided by degree. Graph Data Science runs it.

// name: seeds
// Trusted seeds: accounts at least $min_age_ms old with at least $min_friends friends, the most
// connected first (ties by id, so a run is repeatable).
MATCH (a:Account)
WHERE a.created_at <= $now - $min_age_ms
WITH a, COUNT { (a)-[:FRIEND]-(:Account) } AS friends
WHERE friends >= $min_friends
RETURN a.id AS id
ORDER BY friends DESC, id
LIMIT $limit

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
SET a.trust = CASE degree WHEN 0 THEN 0.0 ELSE share * $volume / degree END
RETURN count(a) AS scored, sum(CASE WHEN a.trust > 0 THEN 1 ELSE 0 END) AS reached

// name: set_scores
// Scores given directly (tests and measurements that plant a known score).
UNWIND $rows AS row
MATCH (a:Account {id: row.id})
SET a.trust = row.trust
