"""Audit logging: PII-free, hash-chained, verifiable records of every AI step.

``AuditLog`` writes; ``verify_audit_log`` checks; ``to_dataframe`` loads a log
into pandas. Importing this package is cheap: structlog, SQLAlchemy and pandas
load on first use of those names (PEP 562).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from unionai_sdk.audit import _events as events
from unionai_sdk.audit._sink import AuditSink, MemoryAuditSink, NullAuditSink

if TYPE_CHECKING:  # pragma: no cover
    from unionai_sdk.audit._chain import AuditHead
    from unionai_sdk.audit._frame import to_dataframe
    from unionai_sdk.audit._log import AuditLog
    from unionai_sdk.audit._verify import AuditVerification, verify_audit_log

__all__ = [
    "AuditHead",
    "AuditLog",
    "AuditSink",
    "AuditVerification",
    "MemoryAuditSink",
    "NullAuditSink",
    "events",
    "to_dataframe",
    "verify_audit_log",
]

_LAZY: dict[str, str] = {
    "AuditHead": "unionai_sdk.audit._chain",
    "AuditLog": "unionai_sdk.audit._log",
    "AuditVerification": "unionai_sdk.audit._verify",
    "to_dataframe": "unionai_sdk.audit._frame",
    "verify_audit_log": "unionai_sdk.audit._verify",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'unionai_sdk.audit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
