"""Verification: every kind of tampering is found and named; a torn tail is not tampering."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from audit_helpers import lines, records, write_log
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unionai_sdk.audit import (
    AuditHead,
    AuditLog,
    MemoryAuditSink,
    events,
    verify_audit_log,
)
from unionai_sdk.audit._verify import Reason
from unionai_sdk.exceptions import StorageError

KEY = "s3cret-audit-key"


def _rewrite(path: Path, new_lines: list[bytes]) -> None:
    path.write_bytes(b"".join(new_lines))


def test_intact_log_verifies(log_path: Path) -> None:
    write_log(log_path, 50)
    result = verify_audit_log(log_path)
    assert result.ok
    assert result.records == 50
    assert result.first_bad_record is None
    assert result.reason is None
    assert not result.torn_tail
    last = records(log_path)[-1]
    assert result.head == AuditHead(50, last["hash"])


def test_empty_and_missing_logs(log_path: Path) -> None:
    with pytest.raises(StorageError):
        verify_audit_log(log_path)
    log_path.parent.mkdir(parents=True)
    log_path.touch()
    result = verify_audit_log(log_path)
    assert result.ok
    assert result.records == 0
    assert result.head is None


def test_modified_record_is_named(log_path: Path) -> None:
    write_log(log_path, 10)
    data = lines(log_path)
    data[3] = data[3].replace(b'"total_tokens":103', b'"total_tokens":999')
    _rewrite(log_path, data)
    result = verify_audit_log(log_path)
    assert not result.ok
    assert (result.first_bad_record, result.reason, result.records) == (4, Reason.HASH_MISMATCH, 3)
    assert result.location is not None
    assert result.location.endswith("audit.jsonl:4")


def test_reserialised_record_still_verifies(log_path: Path) -> None:
    """The hash is defined over canonical JSON, not over the stored bytes."""
    write_log(log_path, 3)
    data = lines(log_path)
    data[1] = json.dumps(json.loads(data[1]), indent=None).encode() + b"\n"  # spaces, other order
    _rewrite(log_path, data)
    assert verify_audit_log(log_path).ok


def test_recomputed_hash_breaks_the_next_link(log_path: Path) -> None:
    """An editor who fixes the edited record's own hash still breaks ``prev`` of the next."""
    import hashlib

    from unionai_sdk.audit._chain import canonical

    write_log(log_path, 5)
    recs = records(log_path)
    recs[1]["total_tokens"] = 1
    body = {k: v for k, v in recs[1].items() if k != "hash"}
    recs[1]["hash"] = hashlib.sha256(canonical(body).encode()).hexdigest()
    _rewrite(log_path, [json.dumps(r).encode() + b"\n" for r in recs])
    result = verify_audit_log(log_path)
    assert (result.ok, result.first_bad_record, result.reason) == (False, 3, Reason.PREV_MISMATCH)


def test_deleted_record_is_a_sequence_gap(log_path: Path) -> None:
    write_log(log_path, 10)
    data = lines(log_path)
    del data[5]
    _rewrite(log_path, data)
    result = verify_audit_log(log_path)
    assert (result.ok, result.first_bad_record, result.reason) == (False, 6, Reason.SEQUENCE_GAP)


def test_inserted_record_is_found(log_path: Path) -> None:
    write_log(log_path, 10)
    data = lines(log_path)
    data.insert(4, data[2])  # a copy of an authentic record
    _rewrite(log_path, data)
    result = verify_audit_log(log_path)
    assert (result.ok, result.first_bad_record, result.reason) == (
        False, 5, Reason.SEQUENCE_BACK,
    )  # fmt: skip


def test_reordered_records_are_found(log_path: Path) -> None:
    write_log(log_path, 10)
    data = lines(log_path)
    data[6], data[7] = data[7], data[6]
    _rewrite(log_path, data)
    result = verify_audit_log(log_path)
    assert (result.ok, result.first_bad_record) == (False, 7)
    assert result.reason == Reason.SEQUENCE_GAP


def test_first_record_must_start_the_chain(log_path: Path) -> None:
    write_log(log_path, 5)
    _rewrite(log_path, lines(log_path)[1:])
    result = verify_audit_log(log_path)
    assert (result.ok, result.first_bad_record, result.reason) == (False, 1, Reason.SEQUENCE_GAP)


def test_torn_tail_is_not_tampering(log_path: Path) -> None:
    write_log(log_path, 5)
    with log_path.open("ab") as fh:
        fh.write(b'{"alg":"sha256","event":"llm.resp')  # a crash mid-write
    result = verify_audit_log(log_path)
    assert result.ok
    assert result.torn_tail
    assert result.records == 5
    assert result.first_bad_record is None
    assert result.location is not None
    assert result.location.endswith(":6")


def test_next_append_repairs_a_torn_tail_and_says_so(log_path: Path) -> None:
    write_log(log_path, 5)
    torn = b'{"alg":"sha256","event":"llm.resp'
    with log_path.open("ab") as fh:
        fh.write(torn)
    with AuditLog(log_path) as log:
        log.record(events.REVIEW_SUBMITTED, draft_id="d1")
    result = verify_audit_log(log_path)
    assert result.ok
    assert not result.torn_tail
    assert result.records == 7
    repaired, submitted = records(log_path)[-2:]
    assert repaired["event"] == events.AUDIT_REPAIRED
    assert repaired["torn_bytes"] == len(torn)
    assert submitted["event"] == events.REVIEW_SUBMITTED
    assert submitted["seq"] == 7


def test_garbage_in_the_middle_is_not_a_torn_tail(log_path: Path) -> None:
    write_log(log_path, 5)
    data = lines(log_path)
    data[2] = data[2][:40] + b"\n"
    _rewrite(log_path, data)
    result = verify_audit_log(log_path)
    assert not result.ok
    assert not result.torn_tail
    assert (result.first_bad_record, result.reason) == (3, Reason.MALFORMED)


def test_truncation_needs_an_anchor(log_path: Path) -> None:
    write_log(log_path, 20)
    with AuditLog(log_path) as log:
        head = log.head()
    assert head.seq == 20
    _rewrite(log_path, lines(log_path)[:15])
    # the chain itself is still consistent ...
    assert verify_audit_log(log_path, use_anchor_file=False).ok
    # ... but the external anchor and the anchor file beside the log catch the cut
    result = verify_audit_log(log_path, expected_head=head, use_anchor_file=False)
    assert (result.ok, result.first_bad_record, result.reason) == (False, 16, Reason.TRUNCATED)
    by_file = verify_audit_log(log_path)
    assert not by_file.ok
    assert by_file.reason == Reason.TRUNCATED
    # a later, longer log is fine against an old anchor
    write_log(log_path.with_name("other.jsonl"), 3)


def test_anchor_string_form_and_mismatch(log_path: Path) -> None:
    write_log(log_path, 5)
    head = verify_audit_log(log_path).head
    assert head is not None
    assert verify_audit_log(log_path, expected_head=str(head)).ok
    wrong = AuditHead(3, "f" * 64)
    result = verify_audit_log(log_path, expected_head=wrong)
    assert (result.ok, result.reason, result.first_bad_record) == (
        False, Reason.ANCHOR_MISMATCH, 3,
    )  # fmt: skip


def test_hmac_chain_needs_the_right_key(log_path: Path) -> None:
    write_log(log_path, 10, key=KEY)
    assert records(log_path)[0]["alg"] == "hmac-sha256"
    assert verify_audit_log(log_path, key=KEY).ok
    missing = verify_audit_log(log_path)
    assert (missing.ok, missing.first_bad_record, missing.reason) == (False, 1, Reason.KEY_REQUIRED)
    wrong = verify_audit_log(log_path, key="another key")
    assert (wrong.ok, wrong.reason) == (False, Reason.WRONG_KEY)


def test_hmac_key_from_the_environment(log_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNIONAI_AUDIT_KEY", KEY)
    write_log(log_path, 3)
    assert records(log_path)[0]["alg"] == "hmac-sha256"
    assert verify_audit_log(log_path).ok


def test_sha256_records_do_not_pass_when_a_key_is_expected(log_path: Path) -> None:
    """Rewriting an HMAC log as plain SHA-256 (a downgrade) is caught with the key."""
    write_log(log_path, 3)
    result = verify_audit_log(log_path, key=KEY)
    assert (result.ok, result.reason) == (False, Reason.UNAUTHENTICATED)


def test_hmac_record_forged_without_key_fails(log_path: Path) -> None:
    import hashlib

    from unionai_sdk.audit._chain import canonical

    write_log(log_path, 3, key=KEY)
    recs = records(log_path)
    recs[1]["total_tokens"] = 7
    body = {k: v for k, v in recs[1].items() if k != "hash"}
    recs[1]["hash"] = hashlib.sha256(canonical(body).encode()).hexdigest()
    _rewrite(log_path, [json.dumps(r).encode() + b"\n" for r in recs])
    result = verify_audit_log(log_path, key=KEY)
    assert (result.ok, result.first_bad_record, result.reason) == (False, 2, Reason.HASH_MISMATCH)


def test_verification_is_recorded_to_a_sink(log_path: Path) -> None:
    write_log(log_path, 4)
    sink = MemoryAuditSink()
    verify_audit_log(log_path, sink=sink)
    (rec,) = sink.records
    assert rec["event"] == events.AUDIT_VERIFIED
    assert rec["ok"] is True
    assert rec["records"] == 4
    assert rec["problem"] is None


_SIZE = 6


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("pristine") / "audit.jsonl"
    write_log(path, _SIZE)
    return path.read_bytes()


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_changed_byte_fails_or_is_a_torn_tail(
    pristine: bytes, tmp_path: Path, data: st.DataObject
) -> None:
    position = data.draw(st.integers(0, len(pristine) - 1), label="position")
    new = data.draw(st.integers(0, 255).filter(lambda b: b != pristine[position]), label="byte")
    changed = bytearray(pristine)
    changed[position] = new
    path = tmp_path / f"audit-{position}-{new}.jsonl"
    path.write_bytes(bytes(changed))
    result = verify_audit_log(path, use_anchor_file=False)
    last_line_start = pristine.rstrip(b"\n").rfind(b"\n") + 1
    if result.ok:
        # only acceptable when the damage is in the last line and made it incomplete
        assert result.torn_tail
        assert position >= last_line_start
        assert result.records == _SIZE - 1
    else:
        line_no = pristine[:position].count(b"\n") + 1
        assert result.first_bad_record is not None
        assert result.first_bad_record <= line_no
    os.unlink(path)


def test_head_after_a_crash_records_the_repair(log_path: Path) -> None:
    write_log(log_path, 4)
    with log_path.open("ab") as fh:
        fh.write(b'{"alg":"sha256","ev')
    with AuditLog(log_path) as log:
        head = log.head()
    assert head.seq == 5
    assert records(log_path)[-1]["event"] == events.AUDIT_REPAIRED
    result = verify_audit_log(log_path, expected_head=head)
    assert result.ok
    assert not result.torn_tail


def test_anchor_file_is_monotonic_across_writers(log_path: Path) -> None:
    from unionai_sdk.audit._files import read_anchor

    first, second = AuditLog(log_path), AuditLog(log_path)
    first.record(events.LLM_REQUEST, i=1)
    second.record(events.LLM_REQUEST, i=2)
    second.close()
    first.close()  # wrote earlier: must not roll the anchor back
    anchor = read_anchor(log_path)
    assert anchor is not None
    assert anchor["seq"] == 2


def test_anchor_is_written_at_exit_without_close(log_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys\nfrom unionai_sdk.audit import AuditLog\n"
        "log = AuditLog(sys.argv[1])\n"
        "for i in range(5):\n    log.record('llm.request', i=i)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(log_path)], check=True, timeout=120)
    from unionai_sdk.audit._files import read_anchor

    anchor = read_anchor(log_path)
    assert anchor is not None
    assert anchor["seq"] == 5
