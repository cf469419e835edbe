// name: communities
// description: Communities of the friendship graph (GDS Louvain), by size (sizes in powers of 2).
// graph: friends
// columns: size_from, communities (count), accounts (count)
// chart: bar x=size_from y=accounts
// In cypher-shell, project first: CALL gds.graph.project('friends', 'Account', {FRIEND: {orientation: 'UNDIRECTED'}}); :param graph => 'friends'
// One thread: Louvain is then deterministic, so a weekly report compares like with like.
CALL gds.louvain.stream($graph, {concurrency: 1})
YIELD communityId
WITH communityId, count(*) AS size
WITH toInteger(2 ^ floor(log(size) / log(2) + 1e-9)) AS size_from, size
RETURN size_from, count(*) AS communities, sum(size) AS accounts
ORDER BY size_from;
