"""Crashes: kill -9 real processes in the middle of audit appends and review writes.

The child (adv_crash_child.py) prints ``committed ...`` only after a write
returned; the parent kills it at a random moment and then checks that every
committed record is there, that the audit chain verifies (a torn last line is
reported as ``torn_tail``, not as tampering, and repaired by the next writer),
and that the review store opens cleanly with every committed draft.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import unionai_sdk as ua
from unionai_sdk.audit import AuditLog, verify_audit_log
from unionai_sdk.audit import events as ev

CHILD = Path(__file__).with_name("adv_crash_child.py")


def _spawn(mode: str, target: str, tag: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, str(CHILD), mode, target, tag],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    if line != "ready":
        _, err = child.communicate(timeout=60)
        raise AssertionError(f"child did not start: {line!r} {err[-2000:]}")
    return child


def _kill_after(child: subprocess.Popen[str], commits: int) -> list[list[str]]:
    """Read ``commits`` commit lines, kill -9, then collect the rest of the pipe."""
    assert child.stdout is not None
    seen: list[list[str]] = []
    while len(seen) < commits:
        line = child.stdout.readline()
        if not line:
            _, err = child.communicate(timeout=60)
            raise AssertionError(f"child died early: {err[-2000:]}")
        seen.append(line.split())
    os.kill(child.pid, signal.SIGKILL)
    rest, _ = child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL
    # lines printed before the kill are commits too; a half-printed last line is not
    seen += [
        ln.split() for ln in rest.splitlines() if ln.count(" ") >= 2 and ln.startswith("committed")
    ]
    return seen


def _records(path: Path) -> list[dict[str, object]]:
    out = []
    for line in path.read_bytes().splitlines():
        with contextlib.suppress(ValueError):
            out.append(json.loads(line))
    return out


@pytest.mark.parametrize("round_seed", [1])
def test_kill_9_during_audit_appends_loses_no_committed_record(
    tmp_path: Path, round_seed: int
) -> None:
    rng = random.Random(round_seed)
    path = tmp_path / "audit.jsonl"
    committed: set[tuple[str, int]] = set()
    for rnd in range(2):  # crash, restart on the same file, crash again
        children = [_spawn("audit", str(path), f"c{rnd}{i}") for i in range(2)]  # two writers
        for i, child in enumerate(children):
            for row in _kill_after(child, rng.randint(20, 120)):
                committed.add((f"adv.c{rnd}{i}", int(row[1])))
    records = _records(path)
    present = {
        (str(r.get("user")), int(r["message_count"]))
        for r in records  # type: ignore[call-overload]
        if r.get("event") == ev.LLM_REQUEST
    }
    missing = committed - present
    assert not missing, sorted(missing)[:10]
    result = verify_audit_log(path)
    assert result.ok, result
    assert result.records == len(records)
    assert result.first_bad_record is None


def test_torn_last_line_is_reported_as_such_and_repaired(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    child = _spawn("audit", str(path), "t")
    committed = _kill_after(child, 40)
    complete = len(_records(path))
    assert complete >= len(committed)
    last = path.read_bytes().splitlines()[-1]
    # a crash in the middle of a write (power cut, full disk): half a record at the end
    with path.open("ab") as fh:
        fh.write(last[: len(last) // 2])
    result = verify_audit_log(path)
    assert result.ok, result
    assert result.torn_tail, result
    assert result.records == complete
    assert result.first_bad_record is None
    # the next writer cuts the torn tail off and says so in the chain
    with AuditLog(path) as log:
        log.record(ev.LLM_REQUEST, model="m", kind="legal_memo", message_count=0)
    after = verify_audit_log(path)
    assert after.ok, after
    assert not after.torn_tail, after
    assert after.records == complete + 2
    events = [r["event"] for r in _records(path)]
    assert events[-2:] == [ev.AUDIT_REPAIRED, ev.LLM_REQUEST]


def test_torn_line_in_the_middle_is_not_a_torn_tail(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    with AuditLog(path) as log:
        for n in range(6):
            log.record(ev.LLM_REQUEST, model="m", kind="legal_memo", message_count=n)
    lines = path.read_bytes().splitlines(keepends=True)
    lines[3] = lines[3][:20]  # record 4 cut short, records 5.. follow
    path.write_bytes(b"".join(lines))
    result = verify_audit_log(path, use_anchor_file=False)
    assert not result.ok
    assert not result.torn_tail
    assert result.first_bad_record == 4
    assert result.records == 3


def test_kill_9_during_review_writes_keeps_every_committed_draft(tmp_path: Path) -> None:
    rng = random.Random(7)
    db = tmp_path / "reviews.db"
    url = f"sqlite:///{db}"
    committed: dict[str, str] = {}
    for rnd in range(3):
        children = [_spawn("review", url, f"r{rnd}{i}") for i in range(2)]
        for child in children:
            for row in _kill_after(child, rng.randint(5, 25)):
                committed[row[2]] = row[3]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with ua.ReviewGate(url) as gate:
        for draft_id, status in committed.items():
            draft = gate.get(draft_id)
            assert str(draft.status) == status, (draft_id, draft.status, status)
            history = [str(e.event) for e in gate.history(draft_id)]
            assert history[0] == "submitted"
            assert ("approved" in history) == (status == "approved")
        # the store is writable after the crashes
        author = ua.User("adv.after", roles={"lawyer"})
        fresh = gate.submit("После сбоя.", kind="legal_memo", author=author)
        assert gate.get(fresh.id).status == "pending"
        assert len(gate.drafts()) >= len(committed) + 1
