"""Shared fixtures. Parts keep their own fixtures in tests/<part>/conftest.py."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest

PG_BASE = os.environ.get("UNIONAI_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test touches the real ~/.unionai or inherits a developer's settings."""
    home = tmp_path_factory.mktemp("unionai-home")
    for name in list(os.environ):
        if name.startswith("UNIONAI_") and name != "UNIONAI_TEST_PG":
            monkeypatch.delenv(name)
    monkeypatch.setenv("UNIONAI_HOME", str(home))


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A SQLAlchemy URL on the PostgreSQL server, bound to a fresh schema that is
    dropped afterwards. Fails in CI (CI=true) when the server is unreachable;
    skips elsewhere."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - the postgres extra is part of dev
        if _in_ci():
            pytest.fail("psycopg is not installed but CI=true requires PostgreSQL tests")
        pytest.skip("psycopg not installed")
    dsn = PG_BASE.replace("postgresql+psycopg://", "postgresql://")
    try:
        conn = psycopg.connect(dsn, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        if _in_ci():
            pytest.fail(f"PostgreSQL is required in CI but unreachable: {exc}")
        pytest.skip("PostgreSQL server not reachable")
    schema = f"unionai_test_{secrets.token_hex(6)}"
    with conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{PG_BASE}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn2:
            conn2.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
