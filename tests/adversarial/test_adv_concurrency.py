"""Concurrency: several processes decide on the same drafts at once.

Each worker (tests/adversarial/adv_race_worker.py, a real subprocess with its
own ReviewGate) makes random approve / reject / request_changes / edit /
release calls as random users. Afterwards every draft's history is replayed:
no lost updates (each success a worker was told about is recorded exactly
once, and nothing else is), at most one terminal decision per revision, no
approval by the author or editor or without the role, no release without the
required approvals on the released revision, and the stored row agrees with
the replayed history. The big version is benchmarks/adversarial_report.py.
"""

from __future__ import annotations

from pathlib import Path

import adv_helpers as h
import pytest

PROCS, OPS, DRAFTS = 4, 25, 8


def _check(result: h.RaceResult) -> None:
    assert len(result.rows) == PROCS * OPS
    untyped = [r for r in result.rows if str(r["result"]).startswith("UNTYPED")]
    assert untyped == [], untyped[:5]
    assert result.problems == [], result.problems[:10]
    # the race really happened: decisions were made and refused
    assert result.ops.get("approve", 0) > 0
    assert result.results.get("ConflictError", 0) + result.results.get("NotApprovedError", 0) > 0
    assert sum(result.final_status.values()) == DRAFTS


def test_many_processes_on_one_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'race.db'}"
    result = h.run_race(url, procs=PROCS, ops=OPS, drafts=DRAFTS, seed=1, workdir=tmp_path)
    _check(result)
    # SQLite serializes writers: a busy database is waited for, not reported as an error
    assert result.results.get("StorageError", 0) == 0, result.results


@pytest.mark.postgres
def test_many_processes_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    result = h.run_race(pg_url, procs=PROCS, ops=OPS, drafts=DRAFTS, seed=2, workdir=tmp_path)
    _check(result)
    assert result.results.get("StorageError", 0) == 0, result.results
