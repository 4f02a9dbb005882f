"""Real processes appending to one file: no lost, duplicated or torn records."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
from audit_helpers import records

from unionai_sdk.audit import AuditLog, events, verify_audit_log

_WRITER = """
import sys
from unionai_sdk.audit import AuditLog
path, worker, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
log = AuditLog(path, user=f"worker-{worker}")
i = 0
while count < 0 or i < count:
    log.record("llm.response", model="m", worker=worker, i=i, total_tokens=i,
               padding="x" * (i % 300))
    i += 1
    if i == 1:
        print("started", flush=True)
log.close()
"""


def _spawn(path: Path, worker: int, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path), str(worker), str(count)],
        stdout=subprocess.PIPE, text=True, env={**os.environ},
    )  # fmt: skip


def test_four_processes_append_to_one_chain(log_path: Path) -> None:
    procs = [_spawn(log_path, w, 500) for w in range(4)]
    for proc in procs:
        assert proc.wait(timeout=300) == 0
    result = verify_audit_log(log_path)
    assert result.ok
    assert result.records == 2000
    assert not result.torn_tail
    recs = records(log_path)
    assert [r["seq"] for r in recs] == list(range(1, 2001))
    pairs = {(r["worker"], r["i"]) for r in recs}
    assert len(pairs) == 2000  # nothing lost, nothing duplicated
    assert {w for w, _ in pairs} == {0, 1, 2, 3}


def test_kill_9_mid_append_loop(log_path: Path) -> None:
    victim = _spawn(log_path, 0, -1)
    steady = _spawn(log_path, 1, 300)
    assert victim.stdout is not None
    assert victim.stdout.readline().strip() == "started"
    time.sleep(0.3)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    assert steady.wait(timeout=300) == 0
    result = verify_audit_log(log_path, use_anchor_file=False)
    # every complete record verifies; a torn last line, if any, is reported as such
    assert result.ok
    complete = log_path.read_bytes().count(b"\n")
    assert result.records == complete
    assert result.torn_tail == (not log_path.read_bytes().endswith(b"\n"))
    # the dead process held the lock: the kernel released it and writing goes on
    with AuditLog(log_path) as log:
        log.record(events.REVIEW_SUBMITTED, draft_id="after-crash")
    after = verify_audit_log(log_path, use_anchor_file=False)
    assert after.ok
    assert not after.torn_tail
    assert after.records >= complete + 1


def test_lost_page_cache_tail_is_a_torn_tail(log_path: Path) -> None:
    """A power cut can drop the end of the file mid-line: reported as torn, not tampered."""
    proc = _spawn(log_path, 0, 200)
    assert proc.wait(timeout=120) == 0
    data = log_path.read_bytes()
    log_path.write_bytes(data[: len(data) - 17])
    result = verify_audit_log(log_path, use_anchor_file=False)
    assert result.ok
    assert result.torn_tail
    assert result.records == 199
    # the anchor written at close remembers record 200: with it, the loss is visible
    anchored = verify_audit_log(log_path)
    assert not anchored.ok
    assert anchored.torn_tail
    assert anchored.first_bad_record == 200


def test_threads_share_one_log(log_path: Path) -> None:
    import threading

    log = AuditLog(log_path)

    def work(worker: int) -> None:
        for i in range(100):
            log.record(events.LLM_REQUEST, worker=worker, i=i)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    log.close()
    result = verify_audit_log(log_path)
    assert result.ok
    assert result.records == 400


def _forked_child(log: AuditLog, worker: int) -> None:
    for i in range(200):
        log.record(events.LLM_REQUEST, worker=worker, i=i)


def test_forked_children_reopen_the_lock(log_path: Path) -> None:
    """A forked child must not share the parent's lock descriptor (flock is per open file)."""
    import multiprocessing

    log = AuditLog(log_path)
    log.record(events.LLM_REQUEST, worker=-1, i=-1)  # the parent holds open descriptors
    ctx = multiprocessing.get_context("fork")
    children = [ctx.Process(target=_forked_child, args=(log, w)) for w in range(2)]
    with warnings.catch_warnings():
        # Python >= 3.12 warns about fork() in a multi-threaded process; the
        # point of this test is exactly what happens across fork()
        warnings.simplefilter("ignore", DeprecationWarning)
        for child in children:
            child.start()
    _forked_child(log, 9)
    for child in children:
        child.join(timeout=120)
        assert child.exitcode == 0
    log.close()
    result = verify_audit_log(log_path)
    assert result.ok
    assert result.records == 601
    assert len({(r["worker"], r["i"]) for r in records(log_path)}) == 601


_SQL_WRITER = """
import sys
from unionai_sdk.audit import AuditLog
url, worker = sys.argv[1], int(sys.argv[2])
with AuditLog(url) as log:
    for i in range(30):
        log.record("llm.request", worker=worker, i=i)
"""


def _sql_processes(url: str) -> None:
    with AuditLog(url) as log:  # create the table first
        log.record(events.REVIEW_SUBMITTED, draft_id="d0")
    procs = [subprocess.Popen([sys.executable, "-c", _SQL_WRITER, url, str(w)]) for w in range(3)]
    for proc in procs:
        assert proc.wait(timeout=300) == 0
    result = verify_audit_log(url)
    assert result.ok
    assert result.records == 91


def test_sqlite_table_from_three_processes(tmp_path: Path) -> None:
    _sql_processes(f"sqlite:///{tmp_path / 'reviews.db'}")


@pytest.mark.postgres
def test_postgresql_table_from_three_processes(pg_url: str) -> None:
    _sql_processes(pg_url)
