"""The human-review gate: AI drafts wait for named reviewers before release.

``ReviewGate`` stores drafts in SQLite (default, under ``~/.unionai/``) or
PostgreSQL; a draft is released -- deanonymized and carrying the AI label --
only after the approvals its kind requires, by users other than its author,
bound to the exact content hash of the current revision.

Importing this package is cheap: SQLAlchemy, the database drivers and
python-docx load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from unionai_sdk.review._export import ReleasedDocument
from unionai_sdk.review._models import Approval, Draft, DraftEvent, DraftStatus, EventType

if TYPE_CHECKING:
    from unionai_sdk.review._gate import ReviewGate

__all__ = [
    "Approval",
    "Draft",
    "DraftEvent",
    "DraftStatus",
    "EventType",
    "ReleasedDocument",
    "ReviewGate",
]


def __getattr__(name: str) -> Any:
    if name == "ReviewGate":
        from unionai_sdk.review._gate import ReviewGate

        globals()["ReviewGate"] = ReviewGate
        return ReviewGate
    raise AttributeError(f"module 'unionai_sdk.review' has no attribute {name!r}")
