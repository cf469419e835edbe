// name: reach_distribution
// description: Reach per account (distinct friends plus friends of friends), bucketed by 10.
// columns: reach_from, accounts (count)
// chart: bar x=reach_from y=accounts
MATCH (a:Account)
WITH a, COUNT { MATCH (a)-[:FRIEND]-{1,2}(b:Account) WHERE b <> a RETURN DISTINCT b } AS reach
RETURN (reach / 10) * 10 AS reach_from, count(*) AS accounts
ORDER BY reach_from;
