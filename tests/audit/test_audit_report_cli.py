"""The HTML report and the `unionai audit` command line."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from audit_helpers import lines, synthetic_iin, write_log
from click.testing import CliRunner

from unionai_sdk.audit import AuditLog, events, verify_audit_log
from unionai_sdk.audit._report import build_report, collect
from unionai_sdk.cli import cli

SECRET = "Секретный текст про Иванова Ивана"


def _fill(path: Path) -> datetime:
    """A month of synthetic activity; returns the first day."""
    start = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
    now = [start]
    iin = synthetic_iin(1)
    with AuditLog(path, user="a.seitova") as log:
        log.context.clock = lambda: now[0].strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        for day in range(21):
            now[0] = start + timedelta(days=day)
            kind = ("legal_memo", "resolution", "member_faq")[day % 3]
            log.record(events.ANONYMIZED, kind=kind, entity_counts={"PERSON": 2, "KZ_IIN": 1},
                       text=f"{SECRET}, ИИН {iin}")  # fmt: skip
            log.record(events.LLM_REQUEST, model="openai/gpt-4o-mini", kind=kind,
                       messages=[{"role": "user", "content": SECRET}])  # fmt: skip
            log.record(events.LLM_RESPONSE, model="openai/gpt-4o-mini", kind=kind,
                       prompt_tokens=1000, completion_tokens=200, total_tokens=1200,
                       cost_usd=0.01, response_text=SECRET)  # fmt: skip
            draft = f"d{day}"
            log.record(events.REVIEW_SUBMITTED, draft_id=draft, kind=kind)
            now[0] += timedelta(hours=2 + day % 3)
            if day % 4 == 0:
                log.record(events.REVIEW_REJECTED, draft_id=draft, kind=kind, reason=SECRET)
            else:
                log.record(events.REVIEW_APPROVED, draft_id=draft, kind=kind, status="approved",
                           comment=SECRET)  # fmt: skip
        log.record(events.POLICY_DENIED, action="send_to_model", kind="<script>alert(1)</script>",
                   model="openai/gpt-4o", user_id="b.kim")  # fmt: skip
    return start


def test_collect_aggregates(log_path: Path) -> None:
    from unionai_sdk.audit._records import read_records

    _fill(log_path)
    data = collect(read_records(log_path))
    assert sum(sum(week.values()) for week in data.calls.values()) == 21
    assert data.models["openai/gpt-4o-mini"]["total_tokens"] == 21 * 1200
    assert data.entities == {"PERSON": 42, "KZ_IIN": 21}
    assert data.outcomes[events.REVIEW_REJECTED] == 6
    assert len(data.approval_seconds) == 15
    assert sorted(set(data.approval_seconds)) == [7200.0, 10800.0, 14400.0]
    since = collect(read_records(log_path), since=datetime(2026, 10, 19).date())
    assert sum(sum(week.values()) for week in since.calls.values()) == 7


def test_report_is_self_contained_russian_and_free_of_raw_text(log_path: Path) -> None:
    _fill(log_path)
    page = build_report(log_path)
    for label in (
        "Обращения к ИИ по неделям и видам документов",
        "Токены и стоимость по моделям",
        "Медианное время от отправки на проверку до утверждения",
        "Замаскированные персональные данные по типам",
        "Отказы политики доступа",
        "Юридическое заключение",
        "Целостность журнала подтверждена",
        "ФИО",
        "ИИН",
    ):
        assert label in page, label
    assert SECRET not in page
    assert "Иванов" not in page
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert page.count("<svg") >= 4
    assert not re.search(r"""(src|href)=["']https?://""", page)  # nothing external


def test_report_flags_a_broken_log(log_path: Path) -> None:
    write_log(log_path, 5)
    data = lines(log_path)
    data[2] = data[2].replace(b'"i":2', b'"i":3')
    log_path.write_bytes(b"".join(data))
    assert "Целостность журнала НАРУШЕНА" in build_report(log_path)


def test_cli_verify_ok(log_path: Path) -> None:
    write_log(log_path, 12)
    result = CliRunner().invoke(cli, ["audit", "verify", str(log_path)])
    assert result.exit_code == 0, result.output
    assert "Журнал цел" in result.output
    assert "12" in result.output


def test_cli_verify_tampered_names_the_record(log_path: Path) -> None:
    write_log(log_path, 12)
    data = lines(log_path)
    del data[6]
    log_path.write_bytes(b"".join(data))
    result = CliRunner().invoke(cli, ["audit", "verify", str(log_path)])
    assert result.exit_code == 1
    assert "Первая неверная запись: № 7" in result.output
    assert "пропуск в нумерации" in result.output


def test_cli_verify_torn_tail(log_path: Path) -> None:
    write_log(log_path, 3)
    with log_path.open("ab") as fh:
        fh.write(b'{"alg":"sha')
    result = CliRunner().invoke(cli, ["audit", "verify", str(log_path)])
    assert result.exit_code == 4
    assert "обрыв последней строки" in result.output
    assert "это не подделка" in result.output


def test_cli_verify_key_from_option_and_env(
    log_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_log(log_path, 3, key="k1")
    runner = CliRunner()
    missing = runner.invoke(cli, ["audit", "verify", str(log_path)])
    assert missing.exit_code == 1
    assert "нужен ключ" in missing.output
    assert runner.invoke(cli, ["audit", "verify", str(log_path), "--key", "k1"]).exit_code == 0
    monkeypatch.setenv("UNIONAI_AUDIT_KEY", "k1")
    assert runner.invoke(cli, ["audit", "verify", str(log_path)]).exit_code == 0


def test_cli_verify_with_head_detects_truncation(log_path: Path) -> None:
    write_log(log_path, 10)
    head = verify_audit_log(log_path).head
    log_path.write_bytes(b"".join(lines(log_path)[:8]))
    (log_path.parent / "audit.jsonl.head").unlink()
    runner = CliRunner()
    assert runner.invoke(cli, ["audit", "verify", str(log_path)]).exit_code == 0
    cut = runner.invoke(cli, ["audit", "verify", str(log_path), "--head", str(head)])
    assert cut.exit_code == 1
    assert "журнал обрезан" in cut.output
    bad = runner.invoke(cli, ["audit", "verify", str(log_path), "--head", "nonsense"])
    assert bad.exit_code == 2


def test_cli_verify_missing_log(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["audit", "verify", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 5
    assert "не найден" in result.output


def test_cli_report(log_path: Path, tmp_path: Path) -> None:
    _fill(log_path)
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        cli, ["audit", "report", str(log_path), "--since", "2026-10-12", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "Отчёт по журналу аудита" in page
    assert "2026-10-12" in page
    assert SECRET not in page
    bad = CliRunner().invoke(cli, ["audit", "report", str(log_path), "--since", "12.10.2026"])
    assert bad.exit_code == 2


@pytest.mark.parametrize("peak", [0.0, 0.21, 1.0, 7.0, 21.0, 42.0, 25_200.0, 999_999.0])
def test_chart_axis_is_round_and_covers_the_peak(peak: float) -> None:
    from unionai_sdk.audit._report import _axis

    step, ticks = _axis(peak)
    assert step * ticks >= peak
    assert 1 <= ticks <= 6
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 9) in (1.0, 2.0, 5.0)


def test_chart_labels_are_escaped() -> None:
    from unionai_sdk.audit._report import bar_chart

    svg = bar_chart('<b>"т"</b>', ["<x>"], {"a&b": [1.0], "c": [2.0]})
    assert "<b>" not in svg
    assert "<x>" not in svg
    assert "&lt;x&gt;" in svg
    assert "a&amp;b" in svg
