"""SQLAlchemy Core tables of the review store (the schema after the last migration).

Imported only by the store, never by ``unionai_sdk.review.__init__``. The
migrations in :mod:`._migrations` create these tables; keep both in step.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)

__all__ = [
    "MIGRATIONS_TABLE",
    "UTCDateTime",
    "approvals",
    "drafts",
    "events",
    "metadata",
    "migrations",
    "revisions",
]

MIGRATIONS_TABLE = "unionai_migrations"


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend.

    PostgreSQL stores ``timestamptz``; SQLite stores naive UTC text (which sorts
    correctly). Values always come back aware, in UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the review store")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # pragma: no cover - defensive (raw text from SQLite)
            value = datetime.fromisoformat(value)
        assert isinstance(value, datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


metadata = MetaData()

migrations = Table(
    MIGRATIONS_TABLE,
    metadata,
    Column("name", String(200), primary_key=True),
    Column("applied_at", UTCDateTime(), nullable=False),
)

drafts = Table(
    "unionai_review_drafts",
    metadata,
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
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=True),
    Column("approved_at", UTCDateTime(), nullable=True),
    Column("released_at", UTCDateTime(), nullable=True),
    Column("released_by", String(200), nullable=True),
)

revisions = Table(
    "unionai_review_revisions",
    metadata,
    Column("draft_id", String(32), ForeignKey(drafts.c.id), primary_key=True),
    Column("revision", Integer, primary_key=True),
    Column("content", Text, nullable=False),
    Column("content_hash", String(80), nullable=False),
    Column("editor_id", String(200), nullable=False),
    Column("editor_name", String(200), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
)

approvals = Table(
    "unionai_review_approvals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("draft_id", String(32), ForeignKey(drafts.c.id), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("content_hash", String(80), nullable=False),
    Column("reviewer_id", String(200), nullable=False),
    Column("reviewer_name", String(200), nullable=True),
    Column("reviewer_roles", JSON, nullable=False),
    Column("comment", Text, nullable=False),
    Column("approved_at", UTCDateTime(), nullable=False),
    UniqueConstraint("draft_id", "revision", "reviewer_id", name="uq_review_approval_reviewer"),
)

events = Table(
    "unionai_review_events",
    metadata,
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
    Column("at", UTCDateTime(), nullable=False),
)
