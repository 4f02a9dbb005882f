"""Real processes race on the same drafts (SQLite file and PostgreSQL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from _review_support import AUTHOR, CHAIR, LAWYER_1

from unionai_sdk.review import DraftStatus, EventType, ReviewGate

WORKER = Path(__file__).with_name("_race_worker.py")
pytestmark = pytest.mark.slow


def _race(
    url: str, tmp_path: Path, plans: list[tuple[str, str, str]], draft_ids: list[str]
) -> list[list[dict[str, Any]]]:
    """Start one process per (action, reviewer, roles), release them at once,
    return each process's results."""
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(WORKER),
                url,
                action,
                reviewer,
                roles,
                str(go),
                ",".join(draft_ids),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for action, reviewer, roles in plans
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            assert line.strip() == "ready", proc.stderr.read() if proc.stderr else line
        go.touch()
        outputs = []
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            outputs.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
    return outputs


def test_racing_reviewers_produce_exactly_one_decision(store_url: str, tmp_path: Path) -> None:
    gate = ReviewGate(store_url)
    try:
        drafts = [
            gate.submit(f"Заключение №{i}", kind="legal_memo", author=AUTHOR).id for i in range(5)
        ]
        plans = [
            ("approve", "race.l1", "lawyer"),
            ("reject", "race.l2", "lawyer"),
            ("approve", "race.l3", "lawyer"),
            ("changes", "race.l4", "lawyer"),
        ]
        outputs = _race(store_url, tmp_path, plans, drafts)
        errors = [r for out in outputs for r in out if r["result"] == "error"]
        assert errors == []
        for draft_id in drafts:
            results = [r for out in outputs for r in out if r["draft"] == draft_id]
            tally = Counter(r["result"] for r in results)
            assert tally == {"won": 1, "conflict": len(plans) - 1}, (draft_id, results)
            winner_index = next(
                i
                for i, out in enumerate(outputs)
                for r in out
                if r["draft"] == draft_id and r["result"] == "won"
            )
            action = plans[winner_index][0]
            expected = {
                "approve": DraftStatus.APPROVED,
                "reject": DraftStatus.REJECTED,
                "changes": DraftStatus.CHANGES_REQUESTED,
            }[action]
            final = gate.get(draft_id)
            assert final.status is expected
            assert len(final.approvals) == (1 if action == "approve" else 0)
            decisions = [e for e in gate.history(draft_id) if e.event is not EventType.SUBMITTED]
            assert len(decisions) == 1
            assert decisions[0].actor is not None
            assert decisions[0].actor.id == plans[winner_index][1]
    finally:
        gate.close()


def test_concurrent_approvers_of_a_resolution_are_both_counted(
    store_url: str, tmp_path: Path
) -> None:
    gate = ReviewGate(store_url)
    try:
        drafts = [
            gate.submit(f"Постановление №{i}", kind="resolution", author=AUTHOR).id
            for i in range(8)
        ]
        plans = [("approve", CHAIR.id, "chair"), ("approve", LAWYER_1.id, "lawyer")]
        outputs = _race(store_url, tmp_path, plans, drafts)
        assert all(r["result"] == "won" for out in outputs for r in out), outputs
        for draft_id in drafts:
            final = gate.get(draft_id)
            assert final.status is DraftStatus.APPROVED
            assert sorted(a.reviewer.id for a in final.approvals) == sorted([CHAIR.id, LAWYER_1.id])
            events = [e.event for e in gate.history(draft_id)]
            assert events.count(EventType.APPROVED) == 2
            # exactly one of the two approvals completed the draft
            statuses = sorted(r["status"] for out in outputs for r in out if r["draft"] == draft_id)
            assert statuses == ["approved", "pending"]
    finally:
        gate.close()


def test_processes_opening_a_fresh_store_migrate_once(store_url: str, tmp_path: Path) -> None:
    """Several processes open the same fresh store at once; the schema is made once."""
    code = (
        "import sys; from unionai_sdk.review import ReviewGate; "
        "g = ReviewGate(sys.argv[1]); print(len(g.migrations_applied)); g.close()"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, store_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(3)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in results]
    applied = sorted(int(out.strip()) for out, _ in results)
    assert applied == [0, 0, 2]
