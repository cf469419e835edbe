// In-memory projections for Graph Data Science (the trust score, the data team's graph queries).
// A projection lives in the server's memory under $graph until dropped; callers drop it.

// name: friends
// Every account, and each friendship once in each direction (a random walk goes both ways).
CALL gds.graph.project($graph, 'Account', {FRIEND: {orientation: 'UNDIRECTED'}})
YIELD nodeCount, relationshipCount
RETURN nodeCount AS accounts, relationshipCount AS volume

// name: drop
CALL gds.graph.drop($graph, false) YIELD graphName
RETURN graphName
