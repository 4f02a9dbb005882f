"""Engines for the review store (SQLite file or PostgreSQL) and the one seam that
turns SQLAlchemy/driver errors into :class:`~unionai_sdk.exceptions.StorageError`.

SQLite connections run in WAL mode with a 10 s busy timeout and foreign keys on;
write transactions start with ``BEGIN IMMEDIATE`` so two processes never both
believe they hold the latest state. PostgreSQL write transactions lock the
draft row (``SELECT ... FOR UPDATE``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from unionai_sdk.exceptions import ConfigurationError, StorageError

__all__ = ["Store", "safe_url"]

#: how long a SQLite writer waits for the lock before failing
SQLITE_BUSY_TIMEOUT_S = 10.0
_BEGIN_OPTION = "unionai_sqlite_begin"


def safe_url(url: str | URL) -> str:
    """The URL with any password masked (for messages and errors)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "<invalid database URL>"


class Store:
    """Two engines over one pool: ``write`` (``BEGIN IMMEDIATE`` on SQLite) and
    ``read`` (a deferred ``BEGIN``); plus the error seam."""

    def __init__(self, url: str) -> None:
        self.url = safe_url(url)
        try:
            parsed = make_url(url)
        except (ArgumentError, ValueError) as exc:
            raise ConfigurationError(
                "The review store URL is not a valid SQLAlchemy URL.", setting="UNIONAI_REVIEW_URL"
            ) from exc
        backend = parsed.get_backend_name()
        if backend not in {"sqlite", "postgresql"}:
            raise ConfigurationError(
                f"Unsupported review store backend {backend!r}: use sqlite:/// or "
                "postgresql+psycopg://",
                setting="UNIONAI_REVIEW_URL",
            )
        self.dialect = backend
        with self.errors():
            if backend == "sqlite":
                self.engine = _sqlite_engine(parsed)
            else:
                if parsed.get_driver_name() != "psycopg":
                    parsed = parsed.set(drivername="postgresql+psycopg")
                self.engine = create_engine(parsed, pool_pre_ping=True, pool_size=5)
            self.read_engine = self.engine.execution_options(**{_BEGIN_OPTION: "DEFERRED"})

    @contextmanager
    def errors(self) -> Iterator[None]:
        """The one seam: SQLAlchemy and driver errors become :class:`StorageError`.

        The message names the error class (and SQLSTATE when known), never the
        SQL parameters, which could hold document text.
        """
        try:
            yield
        except SQLAlchemyError as exc:
            orig = getattr(exc, "orig", None)
            detail = type(orig).__name__ if orig is not None else type(exc).__name__
            sqlstate = getattr(orig, "sqlstate", None)
            if sqlstate:
                detail += f", SQLSTATE {sqlstate}"
            raise StorageError(
                f"The review store failed ({detail}) at {self.url}.", url=self.url
            ) from exc

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction: committed on success, rolled back on any error."""
        with self.errors(), self.engine.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.errors(), self.read_engine.connect() as conn:
            yield conn

    def dispose(self) -> None:
        with self.errors():
            self.engine.dispose()


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    memory = database in {"", ":memory:"} or database.startswith("file::memory:")
    kwargs: dict[str, Any] = {
        "connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False}
    }
    if memory:
        kwargs["poolclass"] = StaticPool
    else:
        path = Path(database).expanduser()
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not path.exists():  # the store holds documents: owner-only from the start
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        url = url.set(database=str(path))
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # take transaction control away from the sqlite3 module (SQLAlchemy docs:
        # "Serializable isolation / Savepoints / Transactional DDL")
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
            if not memory:
                cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(_BEGIN_OPTION, "IMMEDIATE")
        conn.exec_driver_sql("BEGIN DEFERRED" if mode == "DEFERRED" else "BEGIN IMMEDIATE")

    return engine
