// Backups: the whole graph, read for a fingerprint (counts and a checksum) that a restore must reproduce.

// name: nodes
MATCH (n)
RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS properties

// name: relationships
MATCH (a)-[r]->(b)
RETURN type(r) AS type, properties(r) AS properties, elementId(a) AS start, elementId(b) AS end
