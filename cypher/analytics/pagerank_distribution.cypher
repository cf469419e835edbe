// name: pagerank_distribution
// description: Accounts by PageRank relative to the average (1 = average; GDS pageRank), in powers of 2.
// graph: friends
// columns: relative_from, accounts (count)
// chart: bar x=relative_from y=accounts
// In cypher-shell, project first: CALL gds.graph.project('friends', 'Account', {FRIEND: {orientation: 'UNDIRECTED'}}); :param graph => 'friends'
CALL gds.pageRank.stream($graph, {dampingFactor: 0.85, maxIterations: 40, tolerance: 1e-9})
YIELD score
WITH collect(score) AS scores, sum(score) AS total, count(*) AS n
UNWIND scores AS score
WITH score * n / total AS relative
WITH 2 ^ floor(log(relative) / log(2) + 1e-9) AS relative_from
RETURN relative_from, count(*) AS accounts
ORDER BY relative_from;
