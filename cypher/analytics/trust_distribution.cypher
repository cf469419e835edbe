// name: trust_distribution
// description: Scored accounts by trust score (secret-graph trust recompute; about 1 for an honest account), in powers of 2; below 1/64 as 0.
// columns: trust_from, accounts (count)
// chart: bar x=trust_from y=accounts
// Accounts never scored (joined since the last recompute) are left out. Scores are never shown one by one.
MATCH (a:Account)
WHERE a.trust IS NOT NULL
WITH CASE WHEN a.trust < 0.015625 THEN 0.0 ELSE 2 ^ floor(log(a.trust) / log(2) + 1e-9) END AS trust_from
RETURN trust_from, count(*) AS accounts
ORDER BY trust_from;
