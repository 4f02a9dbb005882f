"""Verification of an audit log: the whole chain, record by record.

Fast path: each stored line is ``<canonical body>,"hash":"<hex>"}``, so the
verifier hashes the exact bytes written and finds ``seq``/``prev``/``alg`` by
substring — a quote inside a JSON string is always escaped, so ``"prev":"`` can
only be an object key. Lines that do not fit that shape (written by another
tool, re-serialised) take the slow path: parse, drop ``hash``, canonical JSON,
hash — the definition itself.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unionai_sdk.audit import _events as events
from unionai_sdk.audit._chain import (
    ALG_HMAC,
    ALG_SHA256,
    GENESIS,
    HASH_SUFFIX_LEN,
    AuditHead,
    canonical,
    digest,
    key_id,
    normalize_key,
    split_line,
)
from unionai_sdk.audit._files import Line, iter_lines, log_files, read_anchor
from unionai_sdk.exceptions import StorageError

if TYPE_CHECKING:
    from unionai_sdk._config import Settings
    from unionai_sdk.audit._sink import AuditSink

__all__ = ["AuditVerification", "Reason", "resolve_target", "verify_audit_log"]


class Reason:
    """The reasons verification gives (stable strings; the CLI translates them)."""

    MALFORMED = "malformed record"
    INCOMPLETE = "incomplete record before the end of the log"
    HASH_MISMATCH = "hash mismatch"
    PREV_MISMATCH = "prev does not match previous record"
    SEQUENCE_GAP = "sequence gap"
    SEQUENCE_BACK = "sequence repeated or out of order"
    KEY_REQUIRED = "HMAC key required"
    WRONG_KEY = "wrong key"
    UNAUTHENTICATED = "record not authenticated (sha256 where HMAC expected)"
    UNKNOWN_ALG = "unknown hash algorithm"
    TRUNCATED = "log ends before the anchored record (truncated)"
    ANCHOR_MISMATCH = "anchored record differs"
    ANCHOR_INVALID = "anchor file does not verify"


@dataclass(frozen=True)
class AuditVerification:
    """The result of :func:`verify_audit_log`.

    ``records`` counts the complete records that verified; ``first_bad_record``
    is the 1-based position (= ``seq``) of the first one that did not, ``reason``
    says why. ``torn_tail`` means the last line is incomplete — a crash in the
    middle of a write, not tampering: every complete record before it verified.
    ``head`` is the last verified record; ``location`` names the file (or
    database) and line of the problem.
    """

    ok: bool
    records: int
    first_bad_record: int | None
    reason: str | None
    torn_tail: bool = False
    head: AuditHead | None = None
    location: str | None = None

    def __bool__(self) -> bool:
        return self.ok


_ALG = b'"alg":"'
_PREV = b'"prev":"'
_SEQ = b'"seq":'
_KID = b'"kid":"'
_DIGITS = re.compile(rb"\d{1,18}(?=[,}])")


class _Bad(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _slow(data: bytes) -> tuple[int, str, str, str | None, str, bytes]:
    """Parse a line the general way: (seq, prev, alg, kid, stored hash, canonical body)."""
    try:
        record = json.loads(data)
    except ValueError as exc:
        raise _Bad(Reason.MALFORMED) from exc
    if not isinstance(record, dict):
        raise _Bad(Reason.MALFORMED)
    stored = record.pop("hash", None)
    seq, prev, alg, kid = (record.get(k) for k in ("seq", "prev", "alg", "kid"))
    if (
        not isinstance(stored, str)
        or type(seq) is not int
        or not isinstance(prev, str)
        or not isinstance(alg, str)
        or not (kid is None or isinstance(kid, str))
    ):
        raise _Bad(Reason.MALFORMED)
    try:
        body = canonical(record).encode("utf-8")
    except (ValueError, UnicodeEncodeError) as exc:
        raise _Bad(Reason.MALFORMED) from exc
    return seq, prev, alg, kid, stored, body


class _Verifier:
    def __init__(self, key: bytes | None) -> None:
        self.key = key
        self.kid = None if key is None else key_id(key).encode("ascii")

    def check(self, data: bytes, expected_seq: int, prev_hash: str) -> str:
        """Verify one complete line; return its hash or raise :class:`_Bad`."""
        parts = split_line(data)
        fast = (
            parts is not None
            and parts[0].count(_ALG) == 1
            and parts[0].count(_PREV) == 1
            and parts[0].count(_SEQ) == 1
            and parts[0].count(_KID) <= 1
        )
        if fast:
            assert parts is not None
            body, stored_b = parts
            i = body.find(_ALG) + 7
            alg = body[i : body.find(b'"', i)].decode("ascii", "replace")
            i = body.find(_KID)
            kid = None if i < 0 else body[i + 7 : body.find(b'"', i + 7)].decode("ascii", "replace")
            i = body.find(_PREV) + 8
            prev = body[i : i + 64].decode("ascii", "replace")
            if body[i + 64 : i + 65] != b'"':
                prev = "?"
            match = _DIGITS.match(body, body.find(_SEQ) + 6)
            if match is None:
                raise _Bad(Reason.MALFORMED)
            seq = int(match.group())
            stored = stored_b.decode("ascii", "replace")
        else:
            seq, prev, alg, kid, stored, body = _slow(data)
        self._check_alg(alg, kid)
        actual = digest(body, self.key if alg == ALG_HMAC else None)
        if actual != stored:  # digests are public: no constant-time need
            if not fast:
                raise _Bad(Reason.HASH_MISMATCH)
            # the bytes may be a non-canonical but equivalent serialisation
            seq, prev, alg, kid, stored, body = _slow(data)
            self._check_alg(alg, kid)
            if digest(body, self.key if alg == ALG_HMAC else None) != stored:
                raise _Bad(Reason.HASH_MISMATCH)
        if seq > expected_seq:
            raise _Bad(Reason.SEQUENCE_GAP)
        if seq < expected_seq:
            raise _Bad(Reason.SEQUENCE_BACK)
        if prev != prev_hash:
            raise _Bad(Reason.PREV_MISMATCH)
        return stored

    def _check_alg(self, alg: str, kid: str | None) -> None:
        if alg == ALG_HMAC:
            if self.key is None:
                raise _Bad(Reason.KEY_REQUIRED)
            if kid is not None and kid.encode("ascii", "replace") != self.kid:
                raise _Bad(Reason.WRONG_KEY)
        elif alg == ALG_SHA256:
            if self.key is not None:
                raise _Bad(Reason.UNAUTHENTICATED)
        else:
            raise _Bad(Reason.UNKNOWN_ALG)


def resolve_target(
    target: str | os.PathLike[str] | None, settings: Settings | None
) -> tuple[str, bool]:
    """``(target, is_database_url)``; ``None`` means the configured default."""
    from unionai_sdk.audit._sql import is_url

    if target is None:
        from unionai_sdk._config import Settings

        target = (settings or Settings.resolve()).audit_target
    text = os.fspath(target)
    if is_url(text):
        return text, True
    return str(Path(text).expanduser()), False


def _sources(target: str, is_db: bool, log_id: str) -> list[tuple[str, Iterator[Line]]]:
    if is_db:
        from unionai_sdk.audit._sql import iter_sql_lines, safe_url

        return [(safe_url(target), iter_sql_lines(target, log_id=log_id))]
    path = Path(target)
    files = log_files(path)
    if not files:
        raise StorageError("audit log not found", url=str(path))
    return [(str(f), iter_lines(f)) for f in files]


_KEYS = re.compile(rb'"(alg|kid|prev|seq)":')
_HASH_SEP = b',"hash":"'


def verify_lines(
    sources: Iterable[tuple[str, Iterator[Line]]],
    *,
    key: bytes | None,
    anchors: Iterable[tuple[AuditHead, str]] = (),
) -> AuditVerification:
    """Verify a chain given as ``(label, lines)`` sources in order.

    Each line first takes a fast path (hash the stored bytes, find the chain
    fields by substring); anything unusual goes to :meth:`_Verifier.check`,
    which parses the record and names the problem precisely.
    """
    verifier = _Verifier(key)
    check = verifier.check
    if key is None:
        want_keys = [b"alg", b"prev", b"seq"]
        alg_marker = b'"alg":"sha256"'
        kid_marker = b""
        hasher = None
    else:
        want_keys = [b"alg", b"kid", b"prev", b"seq"]
        alg_marker = b'"alg":"hmac-sha256"'
        kid_marker = b'"kid":"' + key_id(key).encode("ascii") + b'"'
        hasher = key
    findall = _KEYS.findall
    sha256 = hashlib.sha256
    hmac_digest = hmac.digest
    expected = 1
    prev_b = GENESIS.encode("ascii")
    torn: str | None = None
    wanted = {a.seq: (a, reason) for a, reason in sorted(anchors) if a.seq > 0}
    for label, lines in sources:
        for number, data, complete in lines:
            if torn is not None:
                prev = prev_b.decode("ascii")
                return AuditVerification(
                    False, expected - 1, expected, Reason.INCOMPLETE, False,
                    _head(expected, prev), torn,
                )  # fmt: skip
            if not complete:
                torn = f"{label}:{number}"
                continue
            # --- fast path ---------------------------------------------------
            cut = len(data) - HASH_SUFFIX_LEN
            stored = data[cut + 9 : -2]
            ok = False
            if cut > 0 and data[cut : cut + 9] == _HASH_SEP and data.endswith(b'"}'):
                body = data[:cut] + b"}"
                # one '{' means no nested object, so each chain key occurs once
                flat = body.count(b"{") == 1 or findall(body) == want_keys
                i = body.find(b'"prev":"') + 8
                j = body.find(b'"seq":', i) + 6
                if flat and i >= 8 and j >= 6 and alg_marker in body:
                    seq_b = b"%d" % expected
                    end = body[j + len(seq_b) : j + len(seq_b) + 1]
                    if (
                        body[i : i + 64] == prev_b
                        and body[i + 64 : i + 65] == b'"'
                        and body.startswith(seq_b, j)
                        and (end == b"," or end == b"}")
                        and (not kid_marker or kid_marker in body)
                    ):
                        if hasher is None:
                            actual = sha256(body).hexdigest().encode("ascii")
                        else:
                            actual = hmac_digest(hasher, body, "sha256").hex().encode("ascii")
                        ok = actual == stored
            # --- slow path: parse and name the problem -----------------------
            if ok:
                prev_b = stored
            else:
                try:
                    prev_b = check(data, expected, prev_b.decode("ascii")).encode("ascii")
                except _Bad as bad:
                    prev = prev_b.decode("ascii")
                    return AuditVerification(
                        False, expected - 1, expected, bad.reason, False,
                        _head(expected, prev), f"{label}:{number}",
                    )  # fmt: skip
            if expected in wanted:
                anchor, _ = wanted.pop(expected)
                if anchor.hash.encode("ascii") != prev_b:
                    return AuditVerification(
                        False, expected, expected, Reason.ANCHOR_MISMATCH, False,
                        AuditHead(expected, prev_b.decode("ascii")), f"{label}:{number}",
                    )  # fmt: skip
            expected += 1
    count = expected - 1
    prev = prev_b.decode("ascii")
    if wanted:
        anchor, reason = min(wanted.values())
        return AuditVerification(
            False, count, count + 1, reason, torn is not None, _head(count + 1, prev), torn,
        )  # fmt: skip
    head = _head(count + 1, prev)
    return AuditVerification(True, count, None, None, torn is not None, head, torn)


def _head(expected: int, prev: str) -> AuditHead | None:
    return None if expected <= 1 else AuditHead(expected - 1, prev)


def verify_audit_log(
    target: str | os.PathLike[str] | None = None,
    *,
    key: bytes | str | None = None,
    expected_head: AuditHead | tuple[int, str] | str | None = None,
    use_anchor_file: bool = True,
    log_id: str = "default",
    sink: AuditSink | None = None,
    settings: Settings | None = None,
) -> AuditVerification:
    """Verify the audit log at ``target`` (a JSONL path or a database URL).

    Checks every record's hash (or HMAC with ``key``; default
    ``UNIONAI_AUDIT_KEY``), the ``prev`` links and the ``seq`` numbering across
    the whole rotated set. Detects modified, inserted, deleted and reordered
    records. Whole records cut from the end are detectable only against an
    anchor kept elsewhere: pass ``expected_head`` (from :meth:`AuditLog.head`);
    for a JSONL log the ``<log>.head`` file written beside it (every N records
    and at close) is checked too unless ``use_anchor_file=False``.

    With ``sink``, an ``audit.verified`` event is recorded there.
    """
    from unionai_sdk._config import Settings

    if key is None and settings is None:
        settings = Settings.resolve()
    resolved_key = normalize_key(
        key if key is not None else (settings.audit_key if settings else None)
    )
    path, is_db = resolve_target(target, settings)
    anchors: list[tuple[AuditHead, str]] = []
    if expected_head is not None:
        anchors.append((AuditHead.parse(expected_head), Reason.TRUNCATED))
    bad_anchor = False
    if use_anchor_file and not is_db:
        anchor, bad_anchor = _file_anchor(Path(path), resolved_key)
        if anchor is not None:
            anchors.append((anchor, Reason.TRUNCATED))
    result = verify_lines(_sources(path, is_db, log_id), key=resolved_key, anchors=anchors)
    if result.ok and bad_anchor:
        result = AuditVerification(
            False,
            result.records,
            None,
            Reason.ANCHOR_INVALID,
            result.torn_tail,
            result.head,
            str(Path(path)) + ".head",
        )
    if sink is not None:
        sink.record(
            events.AUDIT_VERIFIED,
            ok=result.ok,
            records=result.records,
            first_bad_record=result.first_bad_record,
            problem=result.reason,  # 'reason' is a raw-text field name
            torn_tail=result.torn_tail,
            head_hash=result.head.hash if result.head else None,
        )
    return result


def _file_anchor(path: Path, key: bytes | None) -> tuple[AuditHead | None, bool]:
    """The anchor beside a JSONL log and whether it exists but does not verify."""
    from unionai_sdk.audit._jsonl import anchor_mac

    payload: dict[str, Any] | None = read_anchor(path)
    if payload is None:
        return None, False
    seq, hash_ = payload.get("seq"), payload.get("hash")
    if type(seq) is not int or not isinstance(hash_, str):
        return None, True
    mac = payload.get("mac")
    if (
        key is not None
        and mac is not None
        and not hmac.compare_digest(str(mac), anchor_mac(key, seq, hash_))
    ):
        return None, True
    return AuditHead(seq, hash_), False
