"""The audit sink protocol: anything with ``record(event, **fields)``.

:class:`~unionai_sdk.audit.AuditLog` is the real sink. Stores and the facade
take a sink by injection; :class:`NullAuditSink` is the explicit opt-out and
:class:`MemoryAuditSink` keeps records in memory (for tests and notebooks).
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

__all__ = ["AuditSink", "MemoryAuditSink", "NullAuditSink"]


@runtime_checkable
class AuditSink(Protocol):
    def record(self, event: str, /, **fields: Any) -> None:
        """Append one event. Implementations must not keep raw text."""


class NullAuditSink:
    """Drops every event. Use only where auditing is deliberately off."""

    def record(self, event: str, /, **fields: Any) -> None:
        return None


class MemoryAuditSink:
    """Keeps events as dicts in ``records`` (``{"event": ..., **fields}``)."""

    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []

    def record(self, event: str, /, **fields: Any) -> None:
        self.records.append({"event": event, **fields})

    def events(self) -> list[str]:
        return [r["event"] for r in self.records]
