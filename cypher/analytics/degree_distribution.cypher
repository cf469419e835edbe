// name: degree_distribution
// description: Accounts by number of friends (GDS degree), in powers of 2: heavy-tailed, so drawn on log scales.
// graph: friends
// columns: friends_from, accounts (count)
// chart: bar x=friends_from y=accounts
// In cypher-shell, project first: CALL gds.graph.project('friends', 'Account', {FRIEND: {orientation: 'UNDIRECTED'}}); :param graph => 'friends'
CALL gds.degree.stream($graph)
YIELD score
WITH toInteger(score) AS degree
WITH CASE degree WHEN 0 THEN 0 ELSE toInteger(2 ^ floor(log(degree) / log(2) + 1e-9)) END AS friends_from
RETURN friends_from, count(*) AS accounts
ORDER BY friends_from;
