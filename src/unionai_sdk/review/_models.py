"""Light data classes of the review gate: no database or document libraries here.

Everything in this module is immutable and cheap to import, so
``import unionai_sdk.review`` stays fast.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from unionai_sdk.policy import User

__all__ = [
    "Approval",
    "Draft",
    "DraftEvent",
    "DraftStatus",
    "EventType",
    "content_hash",
    "new_draft_id",
]


class DraftStatus(StrEnum):
    """Where a draft stands in review.

    ::

        pending ──► approved ──► released
           │  ▲         │
           │  └─ edit ──┤            (an edit makes a new revision, pending again)
           ├──► rejected            (final)
           ├──► changes_requested ──► edit ──► pending
           └──► expired             (pending/approved past the time limit; final)
    """

    PENDING = "pending"
    APPROVED = "approved"
    RELEASED = "released"
    REJECTED = "rejected"
    CHANGES_REQUESTED = "changes_requested"
    EXPIRED = "expired"


#: statuses in which a draft may still change; the others are final
OPEN_STATUSES: frozenset[DraftStatus] = frozenset(
    {DraftStatus.PENDING, DraftStatus.APPROVED, DraftStatus.CHANGES_REQUESTED}
)
#: statuses from which an edit (a new revision) is allowed
EDITABLE_STATUSES: frozenset[DraftStatus] = OPEN_STATUSES
#: statuses that expire when their time limit passes
EXPIRING_STATUSES: frozenset[DraftStatus] = frozenset({DraftStatus.PENDING, DraftStatus.APPROVED})


class EventType(StrEnum):
    """What happened to a draft (the ``event`` of a :class:`DraftEvent`)."""

    SUBMITTED = "submitted"
    APPROVED = "approved"
    EDITED = "edited"
    REJECTED = "rejected"
    CHANGES_REQUESTED = "changes_requested"
    EXPIRED = "expired"
    RELEASED = "released"


def content_hash(text: str) -> str:
    """``"sha256:<hex>"`` of the UTF-8 bytes of ``text``."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_draft_id() -> str:
    """A sortable id: a UUIDv7 as 32 lowercase hex digits (ms timestamp first)."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(secrets.token_bytes(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80 | rand
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
    return f"{value:032x}"


@dataclass(frozen=True)
class Approval:
    """One reviewer's approval, bound to a draft revision and its content hash."""

    draft_id: str
    revision: int
    content_hash: str
    reviewer: User
    approved_at: datetime
    comment: str = ""


@dataclass(frozen=True)
class DraftEvent:
    """One entry of a draft's history (see :meth:`ReviewGate.history`).

    ``actor`` is ``None`` for events the gate makes itself (expiry).
    ``comment`` holds an approval's comment, ``reason`` a rejection's or a
    change request's reason.
    """

    draft_id: str
    event: EventType
    revision: int
    content_hash: str
    at: datetime
    actor: User | None = None
    comment: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Draft:
    """A document made with AI help, waiting for (or past) human review.

    ``content`` is the text as produced (still with placeholders such as
    ``<PERSON_1>``); ``vault`` is the encrypted placeholder vault
    (``Vault.encrypt()``), ``None`` when the text has no personal data.
    ``approvals`` are those of the *current* revision only.
    """

    id: str
    kind: str
    author: User
    revision: int
    content: str
    content_hash: str
    lang: str
    status: DraftStatus
    created_at: datetime
    updated_at: datetime
    expires_at: datetime | None
    required_approvals: int
    metadata: Mapping[str, Any] = field(default_factory=dict)
    vault: bytes | None = field(default=None, repr=False)
    approvals: tuple[Approval, ...] = ()
    editor: User | None = None

    @property
    def risk_flags(self) -> tuple[str, ...]:
        flags = self.metadata.get("risk_flags", ())
        return tuple(str(f) for f in flags) if isinstance(flags, list | tuple) else ()

    @property
    def model(self) -> str | None:
        value = self.metadata.get("model")
        return str(value) if value is not None else None

    @property
    def approvers(self) -> tuple[User, ...]:
        return tuple(a.reviewer for a in self.approvals)

    @property
    def last_editor(self) -> User:
        """The user who wrote the current revision (the author for revision 1)."""
        return self.editor or self.author

    def is_overdue(self, now: datetime) -> bool:
        """True when the review time limit has passed at ``now``."""
        return self.expires_at is not None and now >= self.expires_at
