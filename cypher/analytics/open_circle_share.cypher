// name: open_circle_share
// description: Share of accounts whose circle is open (enough counted friends for friend posts to show), under the `shared` rule: under `matching` (the default) an upper bound.
// Why a bound: `matching` counts a friend only with outside friends no other counted friend uses, a
// packing the service solves in Python (visibility.counted_friends) and no Cypher query can decide.
// param: min_friends = 5
// param: min_outside = 2
// param: min_age_ms = 86400000
// param: min_trust = 0
// param: now = now
// columns: accounts (count), open (count), share
// In cypher-shell: :param min_friends => 5; :param min_outside => 2; :param min_age_ms => 86400000; :param min_trust => 0; :param now => timestamp()
MATCH (v:Account)
OPTIONAL MATCH (v)-[:FRIEND]-(f:Account)
WITH v, collect(f) AS friends
WITH v, size([f IN friends WHERE f.created_at <= $now - $min_age_ms
      AND COUNT { (f)-[:FRIEND]-(x:Account) WHERE x <> v AND NOT x IN friends } >= $min_outside
      AND coalesce(f.trust, 0.0) >= $min_trust]) AS counted
WITH count(v) AS accounts, sum(CASE WHEN counted >= $min_friends THEN 1 ELSE 0 END) AS open
RETURN accounts, open, CASE accounts WHEN 0 THEN 0.0 ELSE round(toFloat(open) / accounts, 4) END AS share;
