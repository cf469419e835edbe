// name: components
// description: Connected components of the friendship graph (GDS WCC), by size (sizes in powers of 2).
// graph: friends
// columns: size_from, components (count), accounts (count)
// chart: bar x=size_from y=accounts
// In cypher-shell, project first: CALL gds.graph.project('friends', 'Account', {FRIEND: {orientation: 'UNDIRECTED'}}); :param graph => 'friends'
CALL gds.wcc.stream($graph)
YIELD componentId
WITH componentId, count(*) AS size
WITH toInteger(2 ^ floor(log(size) / log(2) + 1e-9)) AS size_from, size
RETURN size_from, count(*) AS components, sum(size) AS accounts
ORDER BY size_from;
