"""Audit logging: PII-free, hash-chained, verifiable records of every AI step."""

from __future__ import annotations

from unionai_sdk.audit import _events as events
from unionai_sdk.audit._sink import AuditSink, MemoryAuditSink, NullAuditSink

__all__ = ["AuditSink", "MemoryAuditSink", "NullAuditSink", "events"]
