"""Bind and token rules of ``lagebild serve``."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from lagebild.errors import UsageError
from lagebild.web.security import check_bind, is_loopback, resolve_token


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost", "127.0.0.2"])
def test_security_loopback_needs_no_token(host):
    assert is_loopback(host)
    check_bind(host, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "::", "example.org"])
def test_security_public_bind_without_token_is_refused(host):
    with pytest.raises(UsageError, match="without an access token"):
        check_bind(host, None)
    check_bind(host, "secret")


def test_security_token_from_environment(monkeypatch):
    monkeypatch.setenv("LAGEBILD_TOKEN", "from-env")
    assert resolve_token(None) == "from-env"
    assert resolve_token("given") == "given"
    monkeypatch.setenv("LAGEBILD_TOKEN", "  ")
    assert resolve_token(None) is None


def test_security_serve_refuses_public_bind_without_token(monkeypatch, tmp_path):
    from lagebild.cli import cli

    monkeypatch.delenv("LAGEBILD_TOKEN", raising=False)
    result = CliRunner().invoke(
        cli, ["serve", "--host", "0.0.0.0", "--db", f"sqlite:///{tmp_path}/x.db"]
    )
    assert result.exit_code == 2
    assert "without an access token" in result.output
    assert "Traceback" not in result.output


def test_security_rebound_host_is_refused(client):
    assert client.get("/", headers={"host": "evil.example"}).status_code == 421
    assert client.get("/", headers={"host": "127.0.0.1:8000"}).status_code == 200


def test_security_writes_are_off_without_a_configured_token(store_path):
    from fastapi.testclient import TestClient

    from lagebild.web.app import Settings, create_app

    app = create_app(Settings(db=f"sqlite:///{store_path}"))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        answer = c.post("/api/analyze", json={"text": "Putin reist."},
                        headers={"Authorization": "Bearer anything"})  # fmt: skip
        assert answer.status_code == 403
