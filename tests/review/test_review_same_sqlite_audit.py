"""An audit table in the review store's own SQLite file must not deadlock the gate."""

from __future__ import annotations

from pathlib import Path

import unionai_sdk as ua
from unionai_sdk.audit import AuditLog, verify_audit_log


def test_gate_and_audit_share_one_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'org.db'}"
    audit = AuditLog(url)
    gate = ua.ReviewGate(url, audit=audit)
    author = ua.User("a.seitova", roles={"lawyer"})
    reviewer = ua.User("b.nurlanov", roles={"lawyer"})
    try:
        draft = gate.submit("Проект <PERSON_1>", kind="legal_memo", author=author)
        gate.approve(draft.id, reviewer=reviewer)
        gate.release(draft.id, by=reviewer)
    finally:
        gate.close()
        audit.close()
    result = verify_audit_log(url)
    assert result.ok
    assert result.records == 3
