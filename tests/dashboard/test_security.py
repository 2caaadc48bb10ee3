"""The dashboard answers only to its own host name (no DNS rebinding) and sends headers that
keep other sites from framing or sniffing it."""

from __future__ import annotations

import http.client
from pathlib import Path

import pytest

import hyperscout
from hyperscout.dashboard import DashboardServer


@pytest.fixture
def server(tmp_path: Path):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'tuning.db'}"
    study = hyperscout.create_study(storage=url, study_name="s")
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
    with DashboardServer(url) as server:
        yield server


def _get(server: DashboardServer, host: str | None, path: str = "/api/studies"):  # type: ignore[no-untyped-def]
    """GET with a forged ``Host`` header (``None``: no Host header at all)."""
    conn = http.client.HTTPConnection(server.host, server.port, timeout=60)
    try:
        conn.putrequest("GET", path, skip_host=True)
        if host is not None:
            conn.putheader("Host", host)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}", "[::1]:{port}"],
)
def test_its_own_and_loopback_names_are_answered(server: DashboardServer, host: str) -> None:
    status, _, body = _get(server, host.format(port=server.port))
    assert status == 200
    assert b'"s"' in body


@pytest.mark.parametrize(
    "host",
    [
        "attacker.example:{port}",  # a DNS-rebinding page sends its own name
        "attacker.example",
        "localhost.attacker.example:{port}",
        "127.0.0.1:{other}",  # the right name with another port
        "localhost",
        "",
        None,  # no Host header at all
    ],
)
def test_any_other_host_is_refused(server: DashboardServer, host: str | None) -> None:
    forged = None if host is None else host.format(port=server.port, other=server.port + 1)
    for path in ("/", "/api/studies", "/api/studies/s/trials", "/static/plotly.min.js"):
        status, _, body = _get(server, forged, path)
        assert status == 421, (forged, path)
        assert b'"s"' not in body and b"plotly" not in body.lower()


def test_every_answer_carries_the_security_headers(server: DashboardServer) -> None:
    host = f"127.0.0.1:{server.port}"
    for path in ("/", "/api/studies", "/nope", "/static/plotly.min.js"):
        _, headers, _ = _get(server, host, path)
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        policy = headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "'unsafe-eval'" not in policy
        script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
        assert "'unsafe-inline'" not in script_src and "*" not in script_src
        assert "http" not in policy  # nothing from another origin


def test_the_policy_allows_exactly_the_page_inline_script(server: DashboardServer) -> None:
    import base64
    import hashlib
    import re

    _, headers, body = _get(server, f"localhost:{server.port}", "/")
    scripts = re.findall(rb"<script>(.*?)</script>", body, flags=re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0]).digest()).decode()
    assert f"'sha256-{digest}'" in headers["Content-Security-Policy"]
