"""The processor chain as plain callables over event dicts (captured as dicts)."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import structlog
from audit_helpers import records, synthetic_iin
from structlog.testing import LogCapture

from unionai_sdk.audit import AuditLog, events
from unionai_sdk.audit._chain import GENESIS, canonical
from unionai_sdk.audit._processors import AddContext, Chain, Redact
from unionai_sdk.privacy import scan_identifiers

TS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z\Z")


def _capture(*processors: Any) -> tuple[Any, LogCapture]:
    """A logger over our processors whose final step captures the dict.

    LogCapture adds ``log_level`` (the method name) to each captured entry."""
    cap = LogCapture()
    logger = structlog.wrap_logger(
        None, processors=[*processors, cap], context_class=dict, cache_logger_on_first_use=False
    )
    return logger, cap


def test_context_adds_utc_time_version_user_session() -> None:
    logger, cap = _capture(AddContext(sdk_version="1.2.3", user="a.seitova", session_id="s-1"))
    logger.msg(events.REVIEW_SUBMITTED, draft_id="d1")
    logger.msg(events.REVIEW_SUBMITTED, draft_id="d2", user="b.kim")
    first, second = cap.entries
    assert TS.match(first["ts"])
    assert (
        abs(
            datetime.fromisoformat(first["ts"].replace("Z", "+00:00")) - datetime.now(UTC)
        ).total_seconds()
        < 60
    )
    assert first["sdk_version"] == "1.2.3"
    assert (first["user"], first["session_id"], first["event"]) == (
        "a.seitova", "s-1", events.REVIEW_SUBMITTED,
    )  # fmt: skip
    assert second["user"] == "b.kim"  # a per-call user wins


def test_named_raw_text_fields_become_hash_and_length() -> None:
    logger, cap = _capture(Redact())
    text = "Работник Иванов уволен без согласования с профсоюзом."
    logger.msg(
        events.REVIEW_REJECTED,
        text=text,
        reason="не согласовано",
        messages=[{"role": "user", "content": text}],
        meta={"comment": "секрет", "count": 2},
        prompt=None,
    )
    (entry,) = cap.entries
    for name in ("text", "reason", "messages", "prompt"):
        assert name not in entry
    assert entry["text_sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert entry["text_chars"] == len(text)
    assert entry["reason_chars"] == len("не согласовано")
    assert entry["messages_items"] == 1
    assert len(entry["messages_sha256"]) == 64
    assert entry["meta"] == {
        "comment_sha256": hashlib.sha256("секрет".encode()).hexdigest(),
        "comment_chars": 6,
        "count": 2,
    }
    assert "Иванов" not in json.dumps(entry, ensure_ascii=False)


def test_identifiers_in_other_strings_are_masked_recursively() -> None:
    iin = synthetic_iin(7)
    assert [e.entity_type for e in scan_identifiers(f"ИИН {iin}")] == ["KZ_IIN"]
    logger, cap = _capture(Redact())
    logger.msg(
        events.POLICY_DENIED,
        action="send_to_model",
        note=f"ИИН {iin}, звонить +7 701 234 56 78",
        nested={"list": ["почта ivan.petrov@example.kz", 5], f"key {iin}": True},
        response_sha256="a" * 64,
    )
    (entry,) = cap.entries
    dumped = json.dumps(entry, ensure_ascii=False)
    assert iin not in dumped
    assert "ivan.petrov@example.kz" not in dumped
    assert "234 56 78" not in dumped
    assert entry["note"] == "ИИН «[REDACTED:KZ_IIN]», звонить «[REDACTED:PHONE_NUMBER]»"
    assert entry["nested"]["list"] == ["почта «[REDACTED:EMAIL_ADDRESS]»", 5]
    assert entry["nested"]["key «[REDACTED:KZ_IIN]»"] is True
    assert entry["response_sha256"] == "a" * 64  # digests are left alone
    assert entry["action"] == "send_to_model"


def test_values_become_plain_json() -> None:
    class Color(Enum):
        RED = "red"

    logger, cap = _capture(Redact(scanner=lambda text: []))
    when = datetime(2026, 11, 28, 18, 0, tzinfo=UTC)
    logger.msg(
        "x",
        when=when,
        tags={"b", "a"},
        pair=(1, 2),
        color=Color.RED,
        blob=b"\x00\x01",
        nan=float("nan"),
        path=Path("/tmp/x"),
        obj=object(),
    )
    (entry,) = cap.entries
    assert entry["when"] == "2026-11-28T18:00:00.000000Z"
    assert entry["tags"] == ["a", "b"]
    assert entry["pair"] == [1, 2]
    assert entry["color"] == "red"
    assert entry["blob"] == {"sha256": hashlib.sha256(b"\x00\x01").hexdigest(), "bytes": 2}
    assert entry["nan"] == "nan"
    assert entry["path"] == "/tmp/x"
    assert entry["obj"] == "<object>"
    canonical(entry)  # serialisable


def test_chain_links_records_and_hashes_canonical_json() -> None:
    chain = Chain()
    logger, cap = _capture(chain)
    for i in range(3):
        logger.msg("e", i=i)
    a, b, c = cap.entries
    assert [r["seq"] for r in cap.entries] == [1, 2, 3]
    assert a["prev"] == GENESIS
    assert b["prev"] == a["hash"]
    assert c["prev"] == b["hash"]
    assert {r["alg"] for r in cap.entries} == {"sha256"}
    for rec in cap.entries:
        body = {k: v for k, v in rec.items() if k not in ("hash", "log_level")}
        expected = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert rec["hash"] == hashlib.sha256(expected.encode()).hexdigest()


def test_hmac_chain_records_alg_and_key_id() -> None:
    import hmac

    chain = Chain(b"k" * 32)
    logger, cap = _capture(chain)
    logger.msg("e", i=1)
    (rec,) = cap.entries
    assert rec["alg"] == "hmac-sha256"
    assert len(rec["kid"]) == 16
    body = canonical({k: v for k, v in rec.items() if k not in ("hash", "log_level")}).encode()
    assert rec["hash"] == hmac.new(b"k" * 32, body, "sha256").hexdigest()


def test_stored_records_are_redacted_dicts(log_path: Path) -> None:
    iin = synthetic_iin(3)
    with AuditLog(log_path, user="a.seitova") as log:
        log.record(events.ANONYMIZED, kind="legal_memo", entity_counts={"PERSON": 2},
                   text=f"Иванов, ИИН {iin}", label=f"ИИН {iin}")  # fmt: skip
    (rec,) = records(log_path)
    assert rec["event"] == events.ANONYMIZED
    assert rec["entity_counts"] == {"PERSON": 2}
    assert rec["label"] == "ИИН «[REDACTED:KZ_IIN]»"
    assert "text" not in rec
    assert rec["text_chars"] == len(f"Иванов, ИИН {iin}")
    assert iin not in log_path.read_text(encoding="utf-8")
    assert rec["user"] == "a.seitova"
    assert rec["seq"] == 1
