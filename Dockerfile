# The API image. Neo4j runs as its own container (docker-compose.yml) or as Aura: NEO4J_URI is required here.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    SECRET_GRAPH_HOST=0.0.0.0 SECRET_GRAPH_PORT=8080 SECRET_GRAPH_VAR_DIR=/var/lib/secret-graph
WORKDIR /app
COPY setup.cfg pyproject.toml README.md ./
COPY secret_graph ./secret_graph
COPY api ./api
COPY web ./web
COPY cypher ./cypher
COPY neo4j ./neo4j
# Editable, so the package finds cypher/ beside it.
RUN pip install --no-cache-dir -e '.[redis,s3]' && useradd --system --home /app secretgraph \
    && mkdir -p /var/lib/secret-graph && chown secretgraph /var/lib/secret-graph
USER secretgraph
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=2).status == 200 else 1)"
# `serve` migrates first (under the migration lock), then runs gunicorn.
CMD ["secret-graph", "serve"]
