"""secret-graph: the domain core of an anonymous social network on a Neo4j contact graph.

This package never imports Flask: the HTTP layer lives in ``api``.
"""

__version__ = "0.1.0"
