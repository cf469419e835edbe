// The sybil measurements of bench/sybil.py (docs/threat-model.md): planted fake regions, removed after.

// name: scores
// Each account's trust score and whether it is planted (ids starting with $prefix).
MATCH (a:Account)
RETURN a.id STARTS WITH $prefix AS planted, coalesce(a.trust, 0.0) AS trust

// name: circles
// Per side (planted or not): accounts, and how many have an open circle under the circle rule of
// cypher/queries/visibility.cypher at each threshold of $thresholds (the same clauses, counted in full).
MATCH (v:Account)
OPTIONAL MATCH (v)-[:FRIEND]-(f:Account)
WITH v, collect(f) AS friends
WITH v, [f IN friends WHERE f.created_at <= $now - $min_age_ms
         AND size(COLLECT { MATCH (f)-[:FRIEND]-(x:Account) WHERE x <> v AND NOT x IN friends
                               RETURN x LIMIT $min_outside }) >= $min_outside
         | coalesce(f.trust, 0.0)] AS counted
WITH v.id STARTS WITH $prefix AS planted,
     [t IN $thresholds | CASE WHEN size([s IN counted WHERE s >= t]) >= $min_friends THEN 1 ELSE 0 END] AS open
WITH planted, count(*) AS accounts, collect(open) AS opens
RETURN planted, accounts,
       [i IN range(0, size($thresholds) - 1) | reduce(n = 0, o IN opens | n + o[i])] AS open

// name: honest_sample
// $count random honest accounts (attack edges' far ends).
MATCH (a:Account) WHERE NOT a.id STARTS WITH $prefix
WITH a, rand() AS r ORDER BY r LIMIT $count
RETURN a.id AS id

// name: remove
// Remove the planted accounts (batched by the caller through LIMIT).
MATCH (a:Account) WHERE a.id STARTS WITH $prefix
WITH a LIMIT 5000
// Their honest friends count the friendships that end in `ties` (visibility.cypher, `circle_inputs`).
CALL (a) {
  MATCH (a)-[:FRIEND]-(f:Account)
  SET f.ties = coalesce(f.ties, 0) + 1 + toInteger(rand() * 1.0e9)
}
DETACH DELETE a
RETURN count(*) AS removed

// name: counted_scores
// The trust scores of the friends who count towards $viewer_id's circle (before the threshold).
MATCH (v:Account {id: $viewer_id})-[:FRIEND]-(f:Account)
WITH v, collect(f) AS friends
RETURN [f IN friends WHERE f.created_at <= $now - $min_age_ms
        AND size(COLLECT { MATCH (f)-[:FRIEND]-(x:Account) WHERE x <> v AND NOT x IN friends
                               RETURN x LIMIT $min_outside }) >= $min_outside
        | coalesce(f.trust, 0.0)] AS counted
