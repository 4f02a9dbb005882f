"""The ``unionai_audit`` table: the audit log in the review store's database.

One row per record: ``log_id`` (several logs may share a table), ``seq`` (unique
per log), ``prev``, ``hash``, ``event``, ``ts`` and ``record`` — the exact stored
line, which is what verification hashes. Appends run in one transaction that
first serialises writers of the log (PostgreSQL: ``pg_advisory_xact_lock``;
SQLite: ``BEGIN IMMEDIATE``), reads the head row and inserts the next one; the
unique ``(log_id, seq)`` constraint is the backstop, and a conflict retries.

SQLAlchemy is imported only when a database target is used.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from unionai_sdk.audit._chain import GENESIS
from unionai_sdk.audit._files import Line
from unionai_sdk.exceptions import StorageError

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["TABLE", "SqlConflict", "SqlStore", "is_url", "iter_sql_lines", "safe_url"]

TABLE = "unionai_audit"
_RETRIES = 20


class SqlConflict(Exception):
    """Another writer took the same ``seq``; the append is retried."""


def is_url(target: str) -> bool:
    """``True`` for a SQLAlchemy URL (``sqlite:///…``, ``postgresql+psycopg://…``)."""
    head = target.split("://", 1)[0]
    return "://" in target and head.replace("+", "").replace("_", "").isalnum() and len(head) > 1


def safe_url(url: str) -> str:
    """The URL with any password masked (for messages)."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # pragma: no cover - a URL SQLAlchemy cannot parse
        return url.split("@")[-1]


def _table(metadata: Any) -> sa.Table:
    import sqlalchemy as sa

    return sa.Table(
        TABLE,
        metadata,
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
        sa.Column("log_id", sa.String(64), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("prev", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("event", sa.String(100), nullable=False),
        sa.Column("ts", sa.String(40), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.UniqueConstraint("log_id", "seq", name="uq_unionai_audit_log_seq"),
        sa.Index("ix_unionai_audit_ts", "ts"),
    )


def _sqlite_file(url: str) -> str | None:
    """The file of a ``sqlite:///`` URL (``None`` for memory or non-SQLite URLs)."""
    if not url.startswith("sqlite"):
        return None
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return database


def _prepare_sqlite_file(url: str) -> None:
    """Create a missing SQLite file owner-only (0600), its directory 0700."""
    import os
    from pathlib import Path

    database = _sqlite_file(url)
    if database is None:
        return
    path = Path(database).expanduser()
    if path.exists():
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


def _engine(url: str, *, immediate: bool = True, durable: bool = False) -> sa.Engine:
    try:
        import sqlalchemy as sa
        from sqlalchemy import event
    except ImportError as exc:  # pragma: no cover - sqlalchemy is a dependency
        from unionai_sdk.exceptions import MissingExtraError

        raise MissingExtraError("postgres", "sqlalchemy") from exc
    try:
        if url.startswith("sqlite"):
            _prepare_sqlite_file(url)
            engine = sa.create_engine(url, connect_args={"timeout": 30})
            memory = ":memory:" in url or url.rstrip("/") in ("sqlite:", "sqlite+pysqlite:")

            @event.listens_for(engine, "connect")
            def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
                # transaction control by us, not the sqlite3 module (SQLAlchemy docs recipe)
                dbapi_connection.isolation_level = None
                cursor = dbapi_connection.cursor()
                try:
                    cursor.execute("PRAGMA busy_timeout = 30000")
                    if not memory:
                        # the review store uses WAL too; NORMAL: a commit survives a
                        # process crash without an fsync, FULL (durable) survives power loss
                        cursor.execute("PRAGMA journal_mode = WAL")
                        cursor.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
                finally:
                    cursor.close()

            if immediate:

                @event.listens_for(engine, "begin")
                def _begin_immediate(conn: Any) -> None:
                    conn.exec_driver_sql("BEGIN IMMEDIATE")

        else:
            engine = sa.create_engine(url, pool_pre_ping=True)
    except ImportError as exc:
        from unionai_sdk.exceptions import MissingExtraError

        raise MissingExtraError("postgres", getattr(exc, "name", None) or "psycopg") from exc
    except Exception as exc:
        raise StorageError(
            f"invalid audit database URL ({type(exc).__name__})", url=safe_url(url)
        ) from exc
    return engine


def _lock_key(log_id: str) -> int:
    return int.from_bytes(
        hashlib.sha256(f"unionai_audit:{log_id}".encode()).digest()[:8], "big", signed=True
    )


class SqlStore:
    """The database side of :class:`~unionai_sdk.audit.AuditLog`."""

    def __init__(self, url: str, *, log_id: str = "default", durable: bool = False) -> None:
        import sqlalchemy as sa

        self.url = url
        self.label = safe_url(url)
        self.log_id = log_id
        self.engine = _engine(url, durable=durable)
        self.is_postgres = self.engine.dialect.name == "postgresql"
        self.table = _table(sa.MetaData())
        self._conn: sa.Connection | None = None
        self._head: tuple[int, str] = (0, GENESIS)
        self._create()

    def _create(self) -> None:
        import sqlalchemy as sa

        for attempt in range(3):
            try:
                self.table.metadata.create_all(self.engine, checkfirst=True)
                return
            except sa.exc.DBAPIError as exc:  # a concurrent creator won the race
                if attempt == 2:
                    raise StorageError(
                        f"cannot create the audit table ({type(exc.orig).__name__})",
                        url=self.label,
                    ) from exc
                time.sleep(0.05 * (attempt + 1))

    def begin(self) -> tuple[int, str, None]:
        import sqlalchemy as sa

        try:
            conn = self.engine.connect()
            conn.begin()
            if self.is_postgres:
                conn.execute(
                    sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _lock_key(self.log_id)}
                )
            t = self.table
            row = conn.execute(
                sa.select(t.c.seq, t.c.hash)
                .where(t.c.log_id == self.log_id)
                .order_by(t.c.seq.desc())
                .limit(1)
            ).first()
        except sa.exc.DBAPIError as exc:
            if "conn" in locals():
                conn.close()
            raise StorageError(
                f"cannot open the audit table ({type(exc.orig).__name__})", url=self.label
            ) from exc
        self._conn = conn
        self._head = (0, GENESIS) if row is None else (int(row[0]), str(row[1]))
        return self._head[0], self._head[1], None

    def append(self, line: bytes, seq: int, hash_: str, event: str, ts: str) -> None:
        import sqlalchemy as sa

        assert self._conn is not None
        try:
            self._conn.execute(
                self.table.insert().values(
                    log_id=self.log_id,
                    seq=seq,
                    prev=self._head[1],
                    hash=hash_,
                    event=event,
                    ts=ts,
                    record=line.rstrip(b"\n").decode("utf-8"),
                )
            )
        except sa.exc.IntegrityError as exc:
            raise SqlConflict from exc
        self._head = (seq, hash_)

    def end(self, *, commit: bool = True) -> None:
        import sqlalchemy as sa

        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if commit:
                conn.commit()
            else:
                conn.rollback()
        except sa.exc.IntegrityError as exc:
            raise SqlConflict from exc
        except sa.exc.DBAPIError as exc:
            raise StorageError(
                f"cannot write the audit table ({type(exc.orig).__name__})", url=self.label
            ) from exc
        finally:
            conn.close()

    def head(self) -> tuple[int, str]:
        seq, hash_, _ = self.begin()
        self.end(commit=False)
        return seq, hash_

    def close(self) -> None:
        self.engine.dispose()


def iter_sql_lines(url: str, *, log_id: str = "default") -> Iterator[Line]:
    """The stored lines of one log, in ``seq`` order."""
    import os

    import sqlalchemy as sa

    label = safe_url(url)
    database = _sqlite_file(url)
    if database is not None and not os.path.exists(os.path.expanduser(database)):
        raise StorageError("audit database not found", url=label)
    engine = _engine(url, immediate=False)
    t = _table(sa.MetaData())
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table(TABLE):
                return
            rows = conn.execution_options(yield_per=5000).execute(
                sa.select(t.c.record).where(t.c.log_id == log_id).order_by(t.c.seq)
            )
            for number, (record,) in enumerate(rows, 1):
                yield number, record.encode("utf-8"), True
    except sa.exc.DBAPIError as exc:
        raise StorageError(
            f"cannot read the audit table ({type(exc.orig).__name__})", url=label
        ) from exc
    finally:
        engine.dispose()
