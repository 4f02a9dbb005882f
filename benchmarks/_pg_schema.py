"""A throw-away PostgreSQL schema for benchmark runs (shared by the benchmark scripts)."""

from __future__ import annotations

import secrets

__all__ = ["drop_schema", "make_schema"]


def _dsn(base: str) -> str:
    return base.replace("postgresql+psycopg://", "postgresql://")


def make_schema(base: str, prefix: str) -> tuple[str, str] | None:
    """Create ``<prefix>_<random>`` and return (URL bound to it, schema name),
    or None when psycopg or the server is unavailable."""
    try:
        import psycopg
    except ImportError:
        return None
    try:
        with psycopg.connect(_dsn(base), autocommit=True, connect_timeout=3) as conn:
            schema = f"{prefix}_{secrets.token_hex(4)}"
            conn.execute(f'CREATE SCHEMA "{schema}"')
    except psycopg.OperationalError:
        return None
    return f"{base}?options=-csearch_path%3D{schema}", schema


def drop_schema(base: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(_dsn(base), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
