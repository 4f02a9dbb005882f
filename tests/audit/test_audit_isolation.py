"""structlog isolation and cheap import: the SDK neither uses nor changes global logging."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import structlog
from audit_helpers import records, synthetic_iin

from unionai_sdk.audit import AuditLog, events, verify_audit_log


@pytest.fixture
def restore_structlog() -> Any:
    yield
    structlog.reset_defaults()


def test_global_structlog_configuration_cannot_remove_redaction(
    log_path: Path, restore_structlog: None
) -> None:
    printed: list[dict[str, Any]] = []

    def print_everything(logger: Any, name: str, event_dict: Any) -> Any:
        printed.append(dict(event_dict))
        print(event_dict)
        raise structlog.DropEvent

    structlog.configure(processors=[print_everything], context_class=dict)
    iin = synthetic_iin(11)
    with AuditLog(log_path) as log:
        log.record(events.LLM_REQUEST, model="m", prompt=f"ИИН {iin}", note=f"ИИН {iin}")
        log.record(events.LLM_REQUEST, model="m", prompt="второй")
    # the application's processor saw nothing of ours
    assert printed == []
    first, second = records(log_path)
    assert "prompt" not in first
    assert first["note"] == "ИИН «[REDACTED:KZ_IIN]»"
    assert second["prev"] == first["hash"]
    assert iin not in log_path.read_text(encoding="utf-8")
    assert verify_audit_log(log_path).ok
    # and the application's own logging still goes through its configuration
    structlog.get_logger().info("app event")
    assert printed
    assert printed[-1]["event"] == "app event"


def test_using_audit_log_leaves_global_structlog_config_unchanged(log_path: Path) -> None:
    before = structlog.get_config()
    configured_before = structlog.is_configured()
    root_handlers = list(logging.getLogger().handlers)
    with AuditLog(log_path) as log:
        log.record(events.REVIEW_SUBMITTED, draft_id="d1")
    verify_audit_log(log_path)
    assert structlog.get_config() == before
    assert structlog.is_configured() == configured_before
    assert logging.getLogger().handlers == root_handlers


_PROBE = """
import json, logging, sys
before = set(sys.modules)
import unionai_sdk, unionai_sdk.audit
heavy = sorted(m for m in ("structlog", "sqlalchemy", "pandas", "matplotlib", "filelock")
               if m in sys.modules)
log = unionai_sdk.AuditLog(sys.argv[1])
log.record("review.submitted", draft_id="d1")
log.close()
import structlog
print(json.dumps({"heavy_at_import": heavy, "configured": structlog.is_configured(),
                  "root_handlers": len(logging.getLogger().handlers),
                  "sqlalchemy_after_jsonl": "sqlalchemy" in sys.modules}))
"""


def test_import_is_cheap_and_configures_nothing(log_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(log_path)],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    probe = json.loads(out.stdout.strip().splitlines()[-1])
    assert probe == {
        "heavy_at_import": [],
        "configured": False,
        "root_handlers": 0,
        "sqlalchemy_after_jsonl": False,
    }


def test_public_names() -> None:
    import unionai_sdk
    import unionai_sdk.audit as audit

    assert audit.__all__ == sorted(audit.__all__)
    for name in audit.__all__:
        assert getattr(audit, name) is not None
    assert unionai_sdk.AuditLog is audit.AuditLog
    assert unionai_sdk.verify_audit_log is audit.verify_audit_log
    assert unionai_sdk.AuditVerification is audit.AuditVerification


def test_audit_log_is_an_audit_sink(log_path: Path) -> None:
    from unionai_sdk.audit import AuditSink

    with AuditLog(log_path) as log:
        assert isinstance(log, AuditSink)
