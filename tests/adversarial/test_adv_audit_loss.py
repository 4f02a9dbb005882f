"""No silent audit loss: when the audit log cannot be written, nothing happens unaudited.

The audit file is replaced by a directory behind the writer's back (a stand-in
for a full disk or a revoked mount; chmod does not stop root). Every step that
must be audited then fails with a typed error, and what it guards (the request
to the provider, the review decision) does not happen.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import unionai_sdk as ua
from unionai_sdk.audit import AuditLog, verify_audit_log
from unionai_sdk.testing import OpenAICompatServer

import adv_helpers as h

FACTS = "Учитель Жумабаева Айгерим Сериковна (ИИН 850312401235) уволена без уведомления."
lawyer2 = ua.User("adv.lawyer2", roles={"lawyer"})


def _break(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _repair(path: Path) -> None:
    shutil.rmtree(path)


def test_unwritable_audit_log_stops_the_request_before_sending(
    tmp_path: Path, anonymizer: ua.Anonymizer
) -> None:
    audit_path = tmp_path / "audit.jsonl"
    log = AuditLog(audit_path, user="adv.lawyer")
    with OpenAICompatServer(handler=h.schema_reply) as server:
        ai = h.make_facade(
            tmp_path, h.fast_retry_client(server.url), anonymizer=anonymizer, audit=log
        )
        ai.legal_memo(facts=FACTS, question="?")
        sent = len(server.raw_bodies)
        _break(audit_path)
        with pytest.raises(ua.UnionAIError):
            ai.legal_memo(facts=FACTS, question="?")
        assert len(server.raw_bodies) == sent  # nothing went out unaudited
        assert len(ai.review.drafts()) == 1
    _repair(audit_path)


def test_unwritable_audit_log_voids_the_review_decision(
    tmp_path: Path, anonymizer: ua.Anonymizer
) -> None:
    audit_path = tmp_path / "audit.jsonl"
    log = AuditLog(audit_path, user="adv.lawyer")
    gate = ua.ReviewGate(f"sqlite:///{tmp_path / 'r.db'}", audit=log)
    author = ua.User("adv.lawyer", roles={"lawyer"})
    draft = gate.submit("Проект <PERSON_1>.", kind="legal_memo", author=author)
    _break(audit_path)
    with pytest.raises(ua.UnionAIError):
        gate.approve(draft.id, reviewer=lawyer2)
    assert gate.get(draft.id).approvals == ()
    assert [str(e.event) for e in gate.history(draft.id)] == ["submitted"]
    _repair(audit_path)
    # once the log is writable again the decision goes through and the chain verifies
    gate.approve(draft.id, reviewer=lawyer2)
    gate.release(draft.id, by=lawyer2)
    gate.close()
    log.close()
    result = verify_audit_log(audit_path)
    assert result.ok, result
