"""Named, ordered schema migrations of the review store.

Each migration is a function ``mNNN_name(conn)`` taking an open SQLAlchemy
connection inside a transaction. :func:`migrate` applies the missing ones when
the store opens and records each as ``review.mNNN_name`` in the shared table
``unionai_migrations`` (the prefix keeps other stores' migrations apart).

Two processes opening a fresh store at once do not both migrate: the check and
the migrations run in one transaction under a lock -- ``pg_advisory_xact_lock``
on PostgreSQL, ``BEGIN IMMEDIATE`` (the database write lock) on SQLite.

Never edit a released migration: add a new one at the end of :data:`MIGRATIONS`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    insert,
    inspect,
    select,
    text,
)

from unionai_sdk.review import _schema

__all__ = ["MIGRATIONS", "NAME_PREFIX", "applied_migrations", "migrate"]

NAME_PREFIX = "review."
#: key of the PostgreSQL advisory lock that serializes migrations (any fixed int64)
PG_LOCK_KEY = 0x756E_696F_6E61_6901 & 0x7FFF_FFFF_FFFF_FFFF


def m001_initial(conn: Connection) -> None:
    """Drafts, their revisions, approvals and the event history."""
    md = MetaData()
    ts = DateTime(timezone=True)
    drafts = Table(
        "unionai_review_drafts",
        md,
        Column("id", String(32), primary_key=True),
        Column("kind", String(64), nullable=False),
        Column("lang", String(16), nullable=False),
        Column("status", String(32), nullable=False),
        Column("revision", Integer, nullable=False),
        Column("content", Text, nullable=False),
        Column("content_hash", String(80), nullable=False),
        Column("metadata", JSON, nullable=False),
        Column("vault", LargeBinary, nullable=True),
        Column("author_id", String(200), nullable=False),
        Column("author_name", String(200), nullable=True),
        Column("author_roles", JSON, nullable=False),
        Column("editor_id", String(200), nullable=False),
        Column("editor_name", String(200), nullable=True),
        Column("editor_roles", JSON, nullable=False),
        Column("approvals_count", Integer, nullable=False),
        Column("required_approvals", Integer, nullable=False),
        Column("created_at", ts, nullable=False),
        Column("updated_at", ts, nullable=False),
        Column("expires_at", ts, nullable=True),
        Column("approved_at", ts, nullable=True),
        Column("released_at", ts, nullable=True),
        Column("released_by", String(200), nullable=True),
    )
    Table(
        "unionai_review_revisions",
        md,
        Column("draft_id", String(32), ForeignKey(drafts.c.id), primary_key=True),
        Column("revision", Integer, primary_key=True),
        Column("content", Text, nullable=False),
        Column("content_hash", String(80), nullable=False),
        Column("editor_id", String(200), nullable=False),
        Column("editor_name", String(200), nullable=True),
        Column("created_at", ts, nullable=False),
    )
    Table(
        "unionai_review_approvals",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("draft_id", String(32), ForeignKey(drafts.c.id), nullable=False),
        Column("revision", Integer, nullable=False),
        Column("content_hash", String(80), nullable=False),
        Column("reviewer_id", String(200), nullable=False),
        Column("reviewer_name", String(200), nullable=True),
        Column("reviewer_roles", JSON, nullable=False),
        Column("comment", Text, nullable=False),
        Column("approved_at", ts, nullable=False),
        UniqueConstraint("draft_id", "revision", "reviewer_id", name="uq_review_approval_reviewer"),
    )
    Table(
        "unionai_review_events",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("draft_id", String(32), ForeignKey(drafts.c.id), nullable=False),
        Column("event", String(32), nullable=False),
        Column("revision", Integer, nullable=False),
        Column("content_hash", String(80), nullable=False),
        Column("actor_id", String(200), nullable=True),
        Column("actor_name", String(200), nullable=True),
        Column("actor_roles", JSON, nullable=True),
        Column("comment", Text, nullable=True),
        Column("reason", Text, nullable=True),
        Column("at", ts, nullable=False),
    )
    md.create_all(conn, checkfirst=False)


def m002_indexes(conn: Connection) -> None:
    """Indexes for the queue (status, kind, age) and for per-draft look-ups."""
    for statement in (
        "CREATE INDEX ix_review_drafts_status_created "
        "ON unionai_review_drafts (status, created_at)",
        "CREATE INDEX ix_review_drafts_kind_status ON unionai_review_drafts (kind, status)",
        "CREATE INDEX ix_review_drafts_author ON unionai_review_drafts (author_id)",
        "CREATE INDEX ix_review_approvals_draft ON unionai_review_approvals (draft_id, revision)",
        "CREATE INDEX ix_review_events_draft ON unionai_review_events (draft_id, id)",
    ):
        conn.execute(text(statement))


#: every migration, in order; names are recorded as ``review.<function name>``
MIGRATIONS: tuple[Callable[[Connection], None], ...] = (m001_initial, m002_indexes)


def _names() -> list[str]:
    return [NAME_PREFIX + fn.__name__ for fn in MIGRATIONS]


def applied_migrations(conn: Connection) -> set[str]:
    """Names of the review migrations recorded in ``unionai_migrations``."""
    if not inspect(conn).has_table(_schema.MIGRATIONS_TABLE):
        return set()
    table = _schema.migrations
    rows = conn.execute(select(table.c.name).where(table.c.name.startswith(NAME_PREFIX)))
    return {str(r[0]) for r in rows}


def migrate(engine: Engine, read_engine: Engine) -> list[str]:
    """Apply the missing migrations; return the names applied now (often none).

    A quick read without the lock skips the locked path when nothing is missing.
    """
    with read_engine.connect() as conn:
        if set(_names()) <= applied_migrations(conn):
            return []
    applied_now: list[str] = []
    with engine.begin() as conn:  # SQLite: BEGIN IMMEDIATE holds the write lock
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
        _schema.migrations.create(conn, checkfirst=True)
        done = applied_migrations(conn)
        for fn in MIGRATIONS:
            name = NAME_PREFIX + fn.__name__
            if name in done:
                continue
            fn(conn)
            conn.execute(insert(_schema.migrations).values(name=name, applied_at=datetime.now(UTC)))
            applied_now.append(name)
    return applied_now
