"""``unionai review``: CliRunner tests and one real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from _review_support import AUTHOR
from click.testing import CliRunner

from unionai_sdk.cli import cli
from unionai_sdk.review import DraftStatus, ReviewGate

TEXT = "# Ответ члену профсоюза\n\nОтпуск педагога — 56 календарных дней.\n"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


@pytest.fixture
def draft_id(db: str) -> str:
    with ReviewGate(db) as gate:
        return gate.submit(TEXT, kind="member_faq", author=AUTHOR, metadata={"model": "m"}).id


def run(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["review", *args], env=env, catch_exceptions=False)


def test_list_empty_and_with_drafts(db: str, tmp_path: Path) -> None:
    empty = run("list", "--db", db)
    assert empty.exit_code == 0
    assert "Проектов нет." in empty.output
    with ReviewGate(db) as gate:
        draft = gate.submit(TEXT, kind="member_faq", author=AUTHOR)
    result = run("list", "--db", db)
    assert result.exit_code == 0, result.output
    assert draft.id in result.output
    assert "ожидает проверки" in result.output
    assert "0/1" in result.output
    assert run("list", "--db", db, "--status", "approved").output.strip() == "Проектов нет."


def test_show_and_history(db: str, draft_id: str) -> None:
    shown = run("show", draft_id[:10], "--db", db)
    assert shown.exit_code == 0, shown.output
    assert "Отпуск педагога" in shown.output
    assert "member_faq" in shown.output
    history = run("history", draft_id, "--db", db)
    assert history.exit_code == 0
    assert "подан на проверку" in history.output


def test_show_text_prints_the_bare_content_for_editing(db: str, draft_id: str) -> None:
    shown = run("show", draft_id, "--text", "--db", db)
    assert shown.exit_code == 0, shown.output
    assert shown.output == TEXT + "\n"


def test_approve_then_release_to_docx(db: str, draft_id: str, tmp_path: Path) -> None:
    approved = run(
        "approve",
        draft_id,
        "--db",
        db,
        "--as",
        "l.one",
        "--name",
        "Л. Первая",
        "--role",
        "lawyer",
        "--comment",
        "Верно",
    )
    assert approved.exit_code == 0, approved.output
    assert "одобрен" in approved.output
    out = tmp_path / "faq.docx"
    released = run(
        "release", draft_id, "--db", db, "--out", str(out), "--as", "l.one", "--role", "lawyer"
    )
    assert released.exit_code == 0, released.output
    assert "выпущен" in released.output
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert paragraphs[-1].startswith("Подготовлено с использованием системы искусственного")
    assert "Л. Первая" in paragraphs[-1]
    with ReviewGate(db) as gate:
        assert gate.get(draft_id).status is DraftStatus.RELEASED
    again = run(
        "release",
        draft_id,
        "--db",
        db,
        "--out",
        str(tmp_path / "x.md"),
        "--as",
        "l.one",
        "--role",
        "lawyer",
    )
    assert again.exit_code == 3
    assert "Проверка документа не позволяет это действие" in again.output


def test_user_and_roles_from_environment(db: str, draft_id: str) -> None:
    env = {
        "UNIONAI_USER": "r.reviewer",
        "UNIONAI_ROLES": "staff, reviewer",
        "UNIONAI_REVIEW_URL": db,
    }
    result = run("approve", draft_id, env=env)
    assert result.exit_code == 0, result.output
    with ReviewGate(db) as gate:
        (approval,) = gate.get(draft_id).approvals
    assert approval.reviewer.id == "r.reviewer"
    assert approval.reviewer.roles == frozenset({"staff", "reviewer"})


def test_refusals_have_russian_messages_and_exit_codes(db: str, draft_id: str) -> None:
    no_user = run("approve", draft_id, "--db", db)
    assert no_user.exit_code == 2
    assert "UNIONAI_USER" in no_user.output
    self_approval = run("approve", draft_id, "--db", db, "--as", AUTHOR.id, "--role", "lawyer")
    assert self_approval.exit_code == 3
    assert "Проверка документа не позволяет это действие" in self_approval.output
    no_role = run("approve", draft_id, "--db", db, "--as", "a.analyst", "--role", "analyst")
    assert no_role.exit_code == 3
    assert "запрещено политикой" in no_role.output
    missing = run("show", "f" * 32, "--db", db)
    assert missing.exit_code == 3
    bad_out = run("release", draft_id, "--db", db, "--out", "x.pdf", "--as", "l.one")
    assert bad_out.exit_code == 2
    assert ".docx" in bad_out.output


def test_edit_reject_and_changes(db: str, draft_id: str, tmp_path: Path) -> None:
    new_text = tmp_path / "new.md"
    new_text.write_text(TEXT + "\nСт. 88 ТК РК.\n", encoding="utf-8")
    edited = run(
        "edit", draft_id, "--file", str(new_text), "--db", db, "--as", "l.one", "--role", "lawyer"
    )
    assert edited.exit_code == 0, edited.output
    assert "редакция 2" in edited.output
    changes = run(
        "changes",
        draft_id,
        "--reason",
        "Добавить ссылку",
        "--db",
        db,
        "--as",
        "l.two",
        "--role",
        "lawyer",
    )
    assert changes.exit_code == 0, changes.output
    with ReviewGate(db) as gate:
        draft = gate.get(draft_id)
        assert (draft.revision, draft.status) == (2, DraftStatus.CHANGES_REQUESTED)
    with ReviewGate(db) as gate:
        other = gate.submit(TEXT, kind="member_faq", author=AUTHOR).id
    rejected = run(
        "reject", other, "--reason", "Не по теме", "--db", db, "--as", "l.two", "--role", "lawyer"
    )
    assert rejected.exit_code == 0
    assert "отклонён" in rejected.output
    history = run("history", draft_id, "--db", db)
    assert "Добавить ссылку" in history.output
    assert "исправлен" in history.output


def test_help_is_in_russian() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "UNIONAI_ROLES" in result.output
    assert "Проверка проектов документов" in result.output


def test_real_subprocess_lists_the_queue(db: str, draft_id: str) -> None:
    exe = Path(sys.executable).with_name("unionai")
    proc = subprocess.run(
        [str(exe), "review", "list", "--db", db], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert draft_id in proc.stdout


def test_cli_decisions_land_in_the_audit_log(db: str, draft_id: str, tmp_path: Path) -> None:
    from unionai_sdk.audit import verify_audit_log

    audit_path = tmp_path / "audit.jsonl"
    env = {"UNIONAI_AUDIT": str(audit_path)}
    result = run("approve", draft_id, "--db", db, "--as", "l.one", "--role", "lawyer", env=env)
    assert result.exit_code == 0, result.output
    released = run(
        "release",
        draft_id,
        "--db",
        db,
        "--as",
        "l.one",
        "--role",
        "lawyer",
        "--out",
        str(tmp_path / "out.txt"),
        env=env,
    )
    assert released.exit_code == 0, released.output
    lines = audit_path.read_text(encoding="utf-8").splitlines()
    events = [json.loads(line)["event"] for line in lines]
    assert "review.approved" in events
    assert "review.released" in events
    assert "Отпуск педагога" not in audit_path.read_text(encoding="utf-8")
    assert verify_audit_log(audit_path).ok
