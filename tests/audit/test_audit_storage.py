"""Files, rotation, reserved fields, and the database table targets."""

from __future__ import annotations

import itertools
import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from audit_helpers import lines, records, synthetic_iin, write_log

from unionai_sdk._config import Settings
from unionai_sdk.audit import AuditLog, events, verify_audit_log
from unionai_sdk.audit._files import log_files
from unionai_sdk.audit._verify import Reason
from unionai_sdk.exceptions import UsageError


def test_default_target_is_private_under_home() -> None:
    settings = Settings.resolve()
    assert not settings.home.exists() or not (settings.home / "audit.jsonl").exists()
    with AuditLog() as log:
        log.record(events.REVIEW_SUBMITTED, draft_id="d1")
    path = settings.home / "audit.jsonl"
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(settings.home.stat().st_mode) == 0o700
    assert verify_audit_log().ok  # the same default


def test_new_directories_are_0700(log_path: Path) -> None:
    deep = log_path.parent / "a" / "b" / "audit.jsonl"
    write_log(deep, 1)
    assert stat.S_IMODE(deep.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(deep.stat().st_mode) == 0o600


def test_reserved_fields_are_refused(log_path: Path) -> None:
    with AuditLog(log_path) as log:
        for name in ("seq", "prev", "hash", "alg", "ts", "event"):
            with pytest.raises(UsageError):
                log.record(events.LLM_REQUEST, **{name: 1})
        with pytest.raises(UsageError):
            log.record("")
    assert not log_path.exists() or log_path.read_bytes() == b""


def test_other_writer_appends_are_picked_up(log_path: Path) -> None:
    """Two AuditLog objects on one file (as two processes would) keep one chain."""
    a, b = AuditLog(log_path), AuditLog(log_path)
    for i in range(10):
        (a if i % 3 else b).record(events.LLM_REQUEST, i=i)
    a.close()
    b.close()
    assert [r["seq"] for r in records(log_path)] == list(range(1, 11))
    assert verify_audit_log(log_path).ok


def test_rotation_by_size_keeps_the_chain(log_path: Path) -> None:
    write_log(log_path, 40, max_bytes=2_000)
    files = log_files(log_path)
    assert len(files) > 3
    assert files[-1] == log_path
    for rotated in files[:-1]:
        assert rotated.name.startswith("audit.")
        assert rotated.suffix == ".jsonl"
    all_records = [r for f in files for r in records(f)]
    assert [r["seq"] for r in all_records] == list(range(1, 41))
    for before, after in itertools.pairwise(all_records):
        assert after["prev"] == before["hash"]
    result = verify_audit_log(log_path)
    assert result.ok
    assert result.records == 40


def test_rotated_set_tampering_is_found(log_path: Path) -> None:
    write_log(log_path, 30, max_bytes=2_000)
    files = log_files(log_path)
    middle = files[1]
    data = lines(middle)
    data[0] = data[0].replace(b'"i":', b'"i":1')
    middle.write_bytes(b"".join(data))
    result = verify_audit_log(log_path)
    assert not result.ok
    assert result.reason == Reason.HASH_MISMATCH
    assert result.location is not None
    assert middle.name in result.location


def test_deleting_a_rotated_file_is_found(log_path: Path) -> None:
    write_log(log_path, 30, max_bytes=2_000)
    files = log_files(log_path)
    files[1].unlink()
    result = verify_audit_log(log_path)
    assert not result.ok
    assert result.reason in (Reason.SEQUENCE_GAP, Reason.PREV_MISMATCH)


def test_daily_rotation(log_path: Path) -> None:
    yesterday = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT12:00:00.000000Z")
    with AuditLog(log_path) as old:
        old.context.clock = lambda: yesterday  # an injected clock: the file is from yesterday
        old.record(events.REVIEW_SUBMITTED, draft_id="d1")
    with AuditLog(log_path, rotate="daily") as log:
        log.record(events.REVIEW_APPROVED, draft_id="d1")
        log.record(events.REVIEW_RELEASED, draft_id="d1")
    files = log_files(log_path)
    assert len(files) == 2
    assert [r["event"] for r in records(files[0])] == [events.REVIEW_SUBMITTED]
    assert [r["seq"] for r in records(files[1])] == [2, 3]
    assert verify_audit_log(log_path).ok


def test_durable_mode_writes_the_same_chain(log_path: Path) -> None:
    write_log(log_path, 5, durable=True)
    assert verify_audit_log(log_path).records == 5


def test_to_dataframe(log_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    from unionai_sdk.audit import to_dataframe

    write_log(log_path, 7, max_bytes=1_500)
    frame = to_dataframe(log_path)
    assert len(frame) == 7
    assert list(frame["seq"]) == list(range(1, 8))
    assert str(frame["ts"].dt.tz) == "UTC"
    assert pd.api.types.is_integer_dtype(frame["total_tokens"])


# --- database targets ------------------------------------------------------------


def _db_roundtrip(url: str) -> None:
    iin = synthetic_iin(5)
    with AuditLog(url, user="a.seitova") as log:
        for i in range(20):
            log.record(events.LLM_RESPONSE, model="m", total_tokens=i, note=f"ИИН {iin}")
        head = log.head()
    assert head.seq == 20
    result = verify_audit_log(url, expected_head=head)
    assert result.ok
    assert result.records == 20
    assert result.head == head
    # a second log in the same table has its own chain
    with AuditLog(url, log_id="other") as other:
        other.record(events.REVIEW_SUBMITTED, draft_id="d1")
    assert verify_audit_log(url, log_id="other").records == 1
    assert verify_audit_log(url).records == 20

    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        rows = conn.execute(
            sa.text("SELECT record FROM unionai_audit WHERE log_id='default' ORDER BY seq")
        ).all()
        assert all(iin not in r[0] for r in rows)
        assert json.loads(rows[0][0])["note"] == "ИИН «[REDACTED:KZ_IIN]»"
        tampered = rows[4][0].replace('"total_tokens":4', '"total_tokens":40')
        conn.execute(
            sa.text("UPDATE unionai_audit SET record=:r WHERE log_id='default' AND seq=5"),
            {"r": tampered},
        )
    result = verify_audit_log(url)
    assert (result.ok, result.first_bad_record, result.reason) == (False, 5, Reason.HASH_MISMATCH)
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM unionai_audit WHERE log_id='default' AND seq >= 5"))
    # whole records cut from the end: only the anchor tells
    assert verify_audit_log(url).ok
    cut = verify_audit_log(url, expected_head=head)
    assert (cut.ok, cut.reason) == (False, Reason.TRUNCATED)
    # appends continue from the real head of the table
    with AuditLog(url) as log:
        log.record(events.REVIEW_SUBMITTED, draft_id="d2")
    assert verify_audit_log(url).records == 5
    engine.dispose()


def test_sqlite_table_target(tmp_path: Path) -> None:
    _db_roundtrip(f"sqlite:///{tmp_path / 'reviews.db'}")


@pytest.mark.postgres
def test_postgresql_table_target(pg_url: str) -> None:
    _db_roundtrip(pg_url)


def test_sqlite_table_is_shared_safely_by_two_logs(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'reviews.db'}"
    a, b = AuditLog(url), AuditLog(url)
    for i in range(30):
        (a if i % 2 else b).record(events.LLM_REQUEST, i=i)
    a.close()
    b.close()
    assert verify_audit_log(url).records == 30


def test_to_dataframe_without_pandas(log_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from unionai_sdk.audit import to_dataframe
    from unionai_sdk.exceptions import MissingExtraError

    write_log(log_path, 1)
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if the extra were not installed
    with pytest.raises(MissingExtraError) as info:
        to_dataframe(log_path)
    assert (info.value.extra, info.value.package) == ("analytics", "pandas")


def test_sqlite_file_private_and_verify_does_not_create_it(tmp_path: Path) -> None:
    from unionai_sdk.exceptions import StorageError

    missing = tmp_path / "none.db"
    with pytest.raises(StorageError):
        verify_audit_log(f"sqlite:///{missing}")
    assert not missing.exists()
    db = tmp_path / "new" / "reviews.db"
    with AuditLog(f"sqlite:///{db}") as log:
        log.record(events.REVIEW_SUBMITTED, draft_id="x")
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
