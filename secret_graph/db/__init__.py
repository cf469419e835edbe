"""The Neo4j repository layer: named Cypher queries, one driver per process, migrations."""
