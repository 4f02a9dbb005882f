"""The step-by-step CLI guides for staff (docs/staff/cli/) work as written.

Each test follows one guide with the guide's own synthetic input, against the
local model server, and checks the outcome the guide promises — including the
exact output the guide prints where the output is deterministic.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

REPO = Path(__file__).resolve().parents[2]
GUIDES = REPO / "docs" / "staff" / "cli"

_TEXT_BLOCK = re.compile(r"^```text\n(.*?)^```", re.DOTALL | re.MULTILINE)
_DRAFT_ID = re.compile(r"Проект создан: ([0-9a-f]{32})")


def text_blocks(guide: str) -> list[str]:
    return _TEXT_BLOCK.findall((GUIDES / guide).read_text(encoding="utf-8"))


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    from unionai_sdk.cli import cli

    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def staff_env(docs_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("UNIONAI_USER", "a.seitova")
    monkeypatch.setenv("UNIONAI_ROLES", "lawyer")
    monkeypatch.setenv("COLUMNS", "200")
    return docs_env


def test_anonymize_guide(staff_env: Path) -> None:
    source, shown, *_ = text_blocks("anonymize.md")
    Path("obrashchenie.txt").write_text(source, encoding="utf-8")

    result = run("anonymize", "obrashchenie.txt")
    assert result.exit_code == 0
    # the guide prints the masked text followed by the warning about the vault
    assert result.output.strip() == shown.strip()

    result = run(
        "anonymize", "obrashchenie.txt", "-o", "obezlicheno.txt", "--vault-out", "slovar.bin"
    )
    assert result.exit_code == 0
    assert Path("slovar.bin").stat().st_mode & 0o777 == 0o600
    masked = Path("obezlicheno.txt").read_text(encoding="utf-8")
    assert "850412450128" not in masked
    assert "Ахметова" not in masked

    from unionai_sdk import Vault
    from unionai_sdk.privacy import deanonymize

    vault = Vault.decrypt(Path("slovar.bin").read_bytes())
    restored = deanonymize(masked, vault)
    assert "<" not in restored
    assert "850412450128" in restored
    # one placeholder per person: every mention comes back in the first form found
    # (the guide and the staff page on anonymization say so)
    assert restored.count("Ахметова Гульнара Серикқызы") == 2


def _memo(question: str, *extra: str) -> Result:
    return run("memo", "obrashchenie.txt", "-q", question, *extra)


def test_draft_review_and_audit_guides(staff_env: Path, llm_server: Any) -> None:
    appeal = text_blocks("draft.md")[0]
    Path("obrashchenie.txt").write_text(appeal, encoding="utf-8")
    question = "Правомерно ли увольнение по сокращению штата?"
    before = len(llm_server.requests)

    # draft.md, step 2: the dry run shows the masked text and sends nothing
    dry = _memo(question, "--dry-run")
    assert dry.exit_code == 0
    assert "Шаблон: legal_memo.ru.v1" in dry.output
    assert "от <PERSON_1>, учителя начальных классов," in dry.output
    assert "ИИН <KZ_IIN_1>, тел. <PHONE_NUMBER_1>," in dry.output
    assert "850312401235" not in dry.output
    assert len(llm_server.requests) == before

    # step 3: a pending draft
    made = _memo(question)
    assert made.exit_code == 0, made.output
    found = _DRAFT_ID.search(made.output)
    assert found, made.output
    draft_id = found.group(1)
    assert "ожидает экспертной проверки (pending)" in made.output
    sent = str(llm_server.requests[before:])
    assert "Жумабаевой" not in sent
    assert "850312401235" not in sent

    # review.md: list, show, the author's own approval is refused (exit 3)
    listed = run("review", "list")
    assert draft_id in listed.output
    assert "ожидает проверки" in listed.output
    shown = run("review", "show", draft_id)
    assert "<PERSON_1>" in shown.output
    assert "Жумабаева" not in shown.output
    own = run("review", "approve", draft_id)
    assert own.exit_code == 3

    reviewer = {"UNIONAI_USER": "b.nurlanov", "UNIONAI_USER_NAME": "Нурланов Б. Е."}
    approved = run(
        "review", "approve", draft_id, "--comment", "Нормы сверены с adilet.zan.kz", env=reviewer
    )
    assert approved.exit_code == 0
    assert f"Проект {draft_id} одобрен: 1 из 1; статус — одобрен." in approved.output

    released = run("review", "release", draft_id, "--out", "zaklyuchenie.docx")
    assert released.exit_code == 0, released.output
    assert (
        "Отметка: Подготовлено с использованием системы искусственного интеллекта; "
        "проверено: Нурланов Б. Е.," in released.output
    )
    assert Path("zaklyuchenie.docx").stat().st_mode & 0o777 == 0o600
    history = run("review", "history", draft_id)
    assert "выпущен" in history.output

    # audit.md: the log verifies, prints the anchor, and the anchor is accepted
    verified = run("audit", "verify")
    assert verified.exit_code == 0
    head = re.search(r"Контрольная точка: (\d+:[0-9a-f]{64})", verified.output)
    assert head, verified.output
    assert run("audit", "verify", "--head", head.group(1)).exit_code == 0
    report = run("audit", "report", "--since", "2026-01-01", "--out", "otchet.html")
    assert report.exit_code == 0
    assert "Жумабаева" not in Path("otchet.html").read_text(encoding="utf-8")


def test_faq_guide_in_kazakh(staff_env: Path) -> None:
    result = run("faq", "Мұғалімге жыл сайынғы еңбек демалысы неше күн беріледі?", "--lang", "kk")
    assert result.exit_code == 0, result.output
    assert _DRAFT_ID.search(result.output)


def test_appeals_guide(staff_env: Path) -> None:
    pytest.importorskip("pandas")
    table = text_blocks("appeals.md")[0]
    Path("obrashcheniya.csv").write_text(table, encoding="utf-8")
    result = run(
        "appeals", "classify", "obrashcheniya.csv", "--text-column", "text",
        "--org-column", "org", "--date-column", "date", "--out", "itogi.csv",
        "--no-progress",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Готово: 3 обращений → itogi.csv" in result.output
    out = Path("itogi.csv").read_text(encoding="utf-8")
    assert "dismissal_discipline" in out
    assert "workload_tarification" in out
    # a re-run is answered from the cache
    again = run("appeals", "classify", "obrashcheniya.csv", "--out", "itogi.csv", "--no-progress")
    assert "Отправлено модели: 0, из кэша: 3" in again.output
