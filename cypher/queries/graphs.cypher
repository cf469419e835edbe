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

// name: friends_in_id_order
// The same graph as `friends`, its nodes numbered in Account.id order instead of Neo4j's internal
// ids, which a store hands out again in any order after deletions. GDS numbers the nodes of a
// Cypher projection in the order the rows bring them: every account first (so those without
// friends count too), by id, then each friendship once, made undirected. An algorithm that visits
// nodes in order (Louvain, which spreads the trust seeds) then gives the same answer for the same
// graph however it was stored.
CALL () {
  MATCH (a:Account)
  RETURN a, null AS b
  ORDER BY a.id
  UNION ALL
  MATCH (a:Account)-[:FRIEND]->(b:Account)
  RETURN a, b
  ORDER BY a.id, b.id
}
WITH gds.graph.project($graph, a, b,
                       {sourceNodeLabels: 'Account', targetNodeLabels: 'Account', relationshipType: 'FRIEND'},
                       {undirectedRelationshipTypes: ['FRIEND']}) AS projected
RETURN projected.nodeCount AS accounts, projected.relationshipCount AS volume
