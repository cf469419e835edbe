"""docker compose and GitHub Actions cannot run here; these checks keep their files consistent."""

import re

import yaml

from secret_graph.config import PROJECT_ROOT, VARIABLES

KNOWN = {v.name for v in VARIABLES}


def test_compose_runs_neo4j_5_26_and_the_api():
    compose = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
    neo4j = compose["services"]["neo4j"]
    api = compose["services"]["api"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert "healthcheck" in neo4j and neo4j["environment"]["NEO4J_AUTH"].startswith("neo4j/")
    assert any(v.endswith(":/data") for v in neo4j["volumes"])
    assert compose["volumes"].keys() >= {v.split(":")[0] for v in neo4j["volumes"]}
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert api["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert "8080:8080" in api["ports"] and any(p.endswith(":7687") for p in neo4j["ports"])
    assert set(api["environment"]) <= KNOWN, set(api["environment"]) - KNOWN
    assert api["environment"]["SECRET_GRAPH_ENV"] == "production"


def test_dockerfile_serves_the_api_on_the_compose_port():
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    assert re.search(r"^EXPOSE 8080$", dockerfile, re.MULTILINE)
    assert '"secret-graph", "serve"' in dockerfile
    for folder in ("secret_graph", "api", "cypher"):
        assert f"COPY {folder} " in dockerfile


def test_actions_workflow_tests_against_a_neo4j_service():
    workflow = yaml.safe_load((PROJECT_ROOT / ".github/workflows/ci.yml").read_text())
    job = workflow["jobs"]["test"]
    service = job["services"]["neo4j"]
    assert service["image"] == "neo4j:5.26-community"
    assert "7687:7687" in service["ports"]
    password = service["env"]["NEO4J_AUTH"].split("/", 1)[1]
    assert job["env"]["NEO4J_URI"] == "bolt://localhost:7687"
    assert job["env"]["NEO4J_PASSWORD"] == password
    assert set(job["env"]) <= KNOWN
    assert any(step.get("run") == "make test" for step in job["steps"])


def test_ci_script_runs_make_test():
    assert "make test" in (PROJECT_ROOT / ".ci/run").read_text()
