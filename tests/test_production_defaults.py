"""What SECRET_GRAPH_ENV=production sets or refuses on its own (secret_graph/config.py)."""

import pytest

from secret_graph.config import ConfigError, Settings

PRODUCTION = {
    "SECRET_GRAPH_ENV": "production",
    "SECRET_GRAPH_PEPPER": "p" * 40,
    "SECRET_GRAPH_SMS_BACKEND": "null",
    "SECRET_GRAPH_FACEBOOK_BACKEND": "null",
}


@pytest.mark.parametrize("jitter", [None, ""])
def test_production_delays_delivery_by_up_to_300_s_unless_told_otherwise(jitter, tmp_path):
    environ = {**PRODUCTION, "SECRET_GRAPH_VAR_DIR": str(tmp_path)}
    if jitter is not None:
        environ["SECRET_GRAPH_DELIVERY_JITTER_S"] = jitter
    assert Settings.from_env(environ).delivery_jitter_s == 300
    development = {k: v for k, v in environ.items() if k != "SECRET_GRAPH_ENV"}
    assert Settings.from_env(development).delivery_jitter_s == 0
    assert Settings.from_env({**environ, "SECRET_GRAPH_DELIVERY_JITTER_S": "60"}).delivery_jitter_s == 60


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        ({"SECRET_GRAPH_SMS_BACKEND": "dev"}, "SMS_BACKEND=dev"),
        ({"SECRET_GRAPH_FACEBOOK_BACKEND": "dev"}, "FACEBOOK_BACKEND=dev"),
        ({"SECRET_GRAPH_PEPPER": ""}, "PEPPER is required"),
        ({"SECRET_GRAPH_RATE_LIMITS": "off"}, "RATE_LIMITS=off"),
    ],
)
def test_production_refuses_unsafe_settings(change, refusal, tmp_path):
    environ = {**PRODUCTION, "SECRET_GRAPH_VAR_DIR": str(tmp_path), **change}
    with pytest.raises(ConfigError, match=refusal):
        Settings.from_env(environ)
    assert not list(tmp_path.iterdir()), "a refused production setup wrote nothing (no generated pepper)"
    development = {k: v for k, v in environ.items() if k != "SECRET_GRAPH_ENV"}
    Settings.from_env(development)  # the same settings are fine in development
