// name: clustering_by_degree
// description: Mean local clustering coefficient (share of an account's friend pairs who are friends) by friend count, in powers of 2.
// graph: friends
// columns: friends_from, accounts (count), mean_clustering (over accounts)
// chart: line x=friends_from y=mean_clustering
// In cypher-shell, project first: CALL gds.graph.project('friends', 'Account', {FRIEND: {orientation: 'UNDIRECTED'}}); :param graph => 'friends'
// A mean over fewer than SECRET_GRAPH_MIN_CELL accounts is suppressed with their count (`over accounts`).
CALL gds.localClusteringCoefficient.stream($graph)
YIELD nodeId, localClusteringCoefficient AS coefficient
WITH coefficient, gds.util.asNode(nodeId) AS a
WITH coefficient, COUNT { (a)-[:FRIEND]-(:Account) } AS degree
WITH coefficient, CASE degree WHEN 0 THEN 0 ELSE toInteger(2 ^ floor(log(degree) / log(2) + 1e-9)) END AS friends_from
RETURN friends_from, count(*) AS accounts, round(avg(coefficient), 4) AS mean_clustering
ORDER BY friends_from;
