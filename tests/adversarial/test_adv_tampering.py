"""Tampering: whatever is done to the audit log, verification names the first bad record.

Hypothesis picks the operation (modify a byte, insert, delete, reorder, cut the
end, forge a record with a recomputed SHA-256) and the positions, on logs
written with and without the HMAC key.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unionai_sdk.audit import AuditLog, verify_audit_log
from unionai_sdk.audit import events as ev
from unionai_sdk.audit._chain import canonical

N = 10
KEY = b"adv-audit-key-0123456789abcdef!!"
FUZZ = settings(max_examples=60, deadline=None, database=None)


def _write_log(path: Path, key: bytes | None) -> tuple[int, str]:
    with AuditLog(path, key=key, user="adv.tamper") as log:
        for n in range(N):
            log.record(ev.LLM_REQUEST, model="openai/test-model", kind="legal_memo",
                       message_count=n, prompt_tokens=100 + n)  # fmt: skip
        head = log.head()
    return head.seq, head.hash


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def _verify(path: Path, key: bytes | None, **kwargs: object):  # type: ignore[no-untyped-def]
    return verify_audit_log(path, key=key, use_anchor_file=False, **kwargs)  # type: ignore[arg-type]


keys = st.sampled_from([None, KEY])


@FUZZ
@given(key=keys, index=st.integers(0, N - 1), data=st.data())
def test_modified_byte_is_named(key: bytes | None, index: int, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "a.jsonl"
        _write_log(path, key)
        lines = _lines(path)
        line = bytearray(lines[index])
        # draws independent of the line's length (timestamps vary between runs)
        pos = data.draw(st.integers(0, 10_000), label="byte") % (len(line) - 1)  # not the newline
        shift = data.draw(st.integers(1, 94), label="shift")
        line[pos] = 0x20 + (max(line[pos] - 0x20, 0) + shift) % 95  # printable, always different
        assert line[pos] != lines[index][pos]
        lines[index] = bytes(line)
        path.write_bytes(b"".join(lines))
        result = _verify(path, key)
        assert not result.ok
        assert result.first_bad_record == index + 1, result
        assert result.records == index


@FUZZ
@given(key=keys, index=st.integers(0, N), source=st.integers(0, N - 1))
def test_inserted_record_is_named(key: bytes | None, index: int, source: int) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "a.jsonl"
        _write_log(path, key)
        lines = _lines(path)
        lines.insert(index, lines[source])  # a replayed copy of a genuine record
        path.write_bytes(b"".join(lines))
        result = _verify(path, key)
        assert not result.ok
        # a copy inserted right before its original is indistinguishable from it: the
        # original, one line later, is then the first record out of place
        expected = index + 2 if source == index else index + 1
        assert result.first_bad_record == expected, result


@FUZZ
@given(key=keys, index=st.integers(0, N - 2))
def test_deleted_record_is_named(key: bytes | None, index: int) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "a.jsonl"
        _write_log(path, key)
        lines = _lines(path)
        del lines[index]
        path.write_bytes(b"".join(lines))
        result = _verify(path, key)
        assert not result.ok
        assert result.first_bad_record == index + 1, result


@FUZZ
@given(key=keys, pair=st.lists(st.integers(0, N - 1), min_size=2, max_size=2, unique=True))
def test_reordered_records_are_named(key: bytes | None, pair: list[int]) -> None:
    i, j = sorted(pair)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "a.jsonl"
        _write_log(path, key)
        lines = _lines(path)
        lines[i], lines[j] = lines[j], lines[i]
        path.write_bytes(b"".join(lines))
        result = _verify(path, key)
        assert not result.ok
        assert result.first_bad_record == i + 1, result


@FUZZ
@given(key=keys, cut=st.integers(1, N))
def test_cut_end_is_named_against_the_head(key: bytes | None, cut: int) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "a.jsonl"
        head = _write_log(path, key)
        lines = _lines(path)
        path.write_bytes(b"".join(lines[: N - cut]))
        # without an anchor a cut end looks like a shorter log; the head kept elsewhere
        # and the .head file beside the log both reveal it
        result = _verify(path, key, expected_head=head)
        assert not result.ok
        assert result.first_bad_record == N - cut + 1, result
        beside = verify_audit_log(path, key=key)
        assert not beside.ok, beside
        assert beside.first_bad_record == N - cut + 1, beside


def _forge(line: bytes, *, bump: int) -> bytes:
    """Change a field and recompute a plain SHA-256 hash, as an attacker without the key would."""
    record = json.loads(line)
    record.pop("hash")
    record["prompt_tokens"] = int(record["prompt_tokens"]) + bump
    if record.get("alg") != "sha256":
        record["alg"] = "sha256"
        record.pop("kid", None)
    body = canonical(record)
    record["hash"] = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return (json.dumps(record, separators=(",", ":"), ensure_ascii=False) + "\n").encode()


@FUZZ
@given(key=keys, index=st.integers(0, N - 1))
def test_forged_record_with_recomputed_hash_is_named(key: bytes | None, index: int) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "a.jsonl"
        head = _write_log(path, key)
        lines = _lines(path)
        lines[index] = _forge(lines[index], bump=1)
        path.write_bytes(b"".join(lines))
        if key is not None:  # the forged record is not authenticated
            result = _verify(path, key)
            assert not result.ok, result
            assert result.first_bad_record == index + 1, result
        elif index < N - 1:  # it verifies alone, but the next record's prev link breaks
            result = _verify(path, key)
            assert not result.ok, result
            assert result.first_bad_record == index + 2, result
        else:  # a forged last record: only the head kept elsewhere can tell
            assert _verify(path, key).ok
            result = _verify(path, key, expected_head=head)
            assert not result.ok, result
            assert result.first_bad_record == N, result


@pytest.mark.parametrize("key", [None, KEY])
def test_whole_chain_rewritten_is_caught_by_the_key_or_the_head(
    tmp_path: Path, key: bytes | None
) -> None:
    path = tmp_path / "a.jsonl"
    head = _write_log(path, key)
    lines = _lines(path)
    prev = "0" * 64
    forged = []
    for line in lines:  # rewrite everything from the first record, chaining correctly
        record = json.loads(line)
        record.pop("hash")
        record["prev"] = prev
        record["prompt_tokens"] = 1
        record["alg"] = "sha256"
        record.pop("kid", None)
        prev = hashlib.sha256(canonical(record).encode("utf-8")).hexdigest()
        record["hash"] = prev
        forged.append((json.dumps(record, separators=(",", ":")) + "\n").encode())
    path.write_bytes(b"".join(forged))
    if key is not None:
        result = _verify(path, key)
        assert not result.ok, result
        assert result.first_bad_record == 1, result
    else:
        assert _verify(path, None).ok  # a self-consistent chain: only an anchor can tell
        result = _verify(path, None, expected_head=head)
        assert not result.ok, result
        assert result.first_bad_record == N, result
