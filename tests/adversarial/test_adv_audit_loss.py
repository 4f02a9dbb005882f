"""No silent audit loss: when the audit log cannot be written, nothing happens unaudited.

A sink that fails (as a full disk or a revoked mount would) makes every step
that must be audited fail with a typed error, and what it guards (the request
to the provider, the review decision) does not happen. The JSONL store's own
recovery after a failed reopen runs in a subprocess: its bug corrupts file
descriptors of the process it runs in.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import adv_helpers as h
import pytest

import unionai_sdk as ua
from unionai_sdk.audit import MemoryAuditSink
from unionai_sdk.audit import events as ev
from unionai_sdk.testing import OpenAICompatServer

FACTS = "Учитель Жумабаева Айгерим Сериковна (ИИН 850312401235) уволена без уведомления."
lawyer2 = ua.User("adv.lawyer2", roles={"lawyer"})


class BreakableSink(MemoryAuditSink):
    """A memory sink that starts failing like a full disk when ``broken`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.broken = False

    def record(self, event: str, /, **fields: Any) -> None:
        if self.broken:
            raise ua.StorageError("cannot write the audit log (OSError)", url="adv")
        super().record(event, **fields)


def test_unwritable_audit_log_stops_the_request_before_sending(
    tmp_path: Path, anonymizer: ua.Anonymizer
) -> None:
    sink = BreakableSink()
    with OpenAICompatServer(handler=h.schema_reply) as server:
        ai = h.make_facade(
            tmp_path, h.fast_retry_client(server.url), anonymizer=anonymizer, audit=sink
        )
        ai.legal_memo(facts=FACTS, question="?")
        sent = len(server.raw_bodies)
        sink.broken = True
        with pytest.raises(ua.StorageError):
            ai.legal_memo(facts=FACTS, question="?")
        assert len(server.raw_bodies) == sent  # nothing went out unaudited
        assert len(ai.review.drafts()) == 1
        ai.close()


def test_unwritable_audit_log_voids_the_review_decision(tmp_path: Path) -> None:
    sink = BreakableSink()
    gate = ua.ReviewGate(f"sqlite:///{tmp_path / 'r.db'}", audit=sink)
    author = ua.User("adv.lawyer", roles={"lawyer"})
    draft = gate.submit("Проект <PERSON_1>.", kind="legal_memo", author=author)
    sink.broken = True
    with pytest.raises(ua.StorageError):
        gate.approve(draft.id, reviewer=lawyer2)
    with pytest.raises(ua.StorageError):
        gate.reject(draft.id, reviewer=lawyer2, reason="нет")
    assert gate.get(draft.id).approvals == ()
    assert gate.get(draft.id).status == "pending"
    assert [str(e.event) for e in gate.history(draft.id)] == ["submitted"]
    # once the log is writable again the decision goes through and is audited
    sink.broken = False
    gate.approve(draft.id, reviewer=lawyer2)
    gate.release(draft.id, by=lawyer2)
    gate.close()
    assert sink.events()[-2:] == [ev.REVIEW_APPROVED, ev.REVIEW_RELEASED]


REOPEN_CHILD = textwrap.dedent(
    """
    import json, os, shutil, sys
    from pathlib import Path
    from unionai_sdk.audit import AuditLog, verify_audit_log
    from unionai_sdk.exceptions import StorageError
    tmp = Path(sys.argv[1])
    path = tmp / "audit.jsonl"
    log = AuditLog(path, user="adv.lawyer")
    log.record("llm.request", model="m", kind="legal_memo", message_count=1)
    path.unlink(); path.mkdir()  # the log file disappears behind the writer's back
    try:
        log.record("llm.request", model="m", kind="legal_memo", message_count=2)
        failed = False
    except StorageError:
        failed = True
    bystander = os.open(tmp / "bystander.txt", os.O_RDWR | os.O_CREAT)  # e.g. a database
    shutil.rmtree(path)  # the operator repairs it
    try:
        log.record("llm.request", model="m", kind="legal_memo", message_count=3)
        recovered = True
    except StorageError:
        recovered = False
    try:
        os.write(bystander, b"BYSTANDER DATA\\n")
    except OSError:
        pass
    result = {
        "failed_while_broken": failed,
        "recovered": recovered,
        "bystander_in_audit": b"BYSTANDER" in path.read_bytes() if path.is_file() else None,
        "bystander_file": (tmp / "bystander.txt").read_bytes().decode(),
        "verify_ok": verify_audit_log(path).ok if path.is_file() else None,
    }
    print(json.dumps(result), flush=True)
    os._exit(0)  # skip the finalizers: the descriptor table is already corrupted
    """
)


def test_audit_log_recovers_after_a_failed_reopen(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-c", REOPEN_CHILD, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["failed_while_broken"] is True
    assert result["recovered"] is True
    assert result["bystander_file"] == "BYSTANDER DATA\n", result
    assert result["bystander_in_audit"] is False, result
    assert result["verify_ok"] is True, result
