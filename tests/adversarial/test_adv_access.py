"""Access: roles, self-approval, fresh approvals after an edit, hash-bound approvals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import adv_helpers as h
import pytest

import unionai_sdk as ua
from unionai_sdk.audit import MemoryAuditSink
from unionai_sdk.audit import events as ev
from unionai_sdk.testing import OpenAICompatServer

NAME = "Жумабаева Айгерим Сериковна"
IIN = "850312401235"
FACTS = f"Учитель {NAME} (ИИН {IIN}) уволена без уведомления профкома."
QUESTION = "Правомерно ли увольнение?"

lawyer = ua.User("adv.lawyer", "Адв Юрист", roles={"lawyer"})
lawyer2 = ua.User("adv.lawyer2", "Адв Юрист 2", roles={"lawyer"})
lawyer3 = ua.User("adv.lawyer3", "Адв Юрист 3", roles={"lawyer"})
analyst = ua.User("adv.analyst", roles={"analyst"})
staff = ua.User("adv.staff", roles={"staff"})
admin = ua.User("adv.admin", roles={"admin"})
nobody = ua.User("adv.nobody")


@pytest.fixture
def env(tmp_path: Path, anonymizer: ua.Anonymizer):  # type: ignore[no-untyped-def]
    sink = MemoryAuditSink()
    with OpenAICompatServer(handler=h.schema_reply) as server:
        ai = h.make_facade(
            tmp_path,
            h.fast_retry_client(server.url),
            anonymizer=anonymizer,
            user=lawyer,
            audit=sink,
        )
        yield ai, server, sink, tmp_path / "adv_reviews.db"
        ai.close()


@pytest.mark.parametrize("user", [analyst, nobody, staff], ids=lambda u: u.id)
def test_user_without_the_role_cannot_draft_and_nothing_is_sent(
    tmp_path: Path, anonymizer: ua.Anonymizer, user: ua.User
) -> None:
    sink = MemoryAuditSink()
    with OpenAICompatServer(handler=h.schema_reply) as server:
        ai = h.make_facade(
            tmp_path, h.fast_retry_client(server.url), anonymizer=anonymizer, user=user, audit=sink
        )
        with pytest.raises(ua.PolicyDeniedError) as info:
            ai.legal_memo(facts=FACTS, question=QUESTION)
        assert info.value.action == "draft"
        assert server.raw_bodies == []
        with pytest.raises(ua.PolicyDeniedError):
            ai.preview_legal_memo(facts=FACTS, question=QUESTION)
    assert ev.POLICY_DENIED in sink.events()
    assert ai.review.drafts() == []


def test_only_reviewers_with_the_role_approve_and_release(env) -> None:  # type: ignore[no-untyped-def]
    ai, _, sink, _ = env
    draft = ai.legal_memo(facts=FACTS, question=QUESTION)
    for outsider in (analyst, nobody, staff):
        with pytest.raises(ua.PolicyDeniedError):
            ai.review.approve(draft.id, reviewer=outsider)
    assert ai.review.get(draft.id).approvals == ()
    ai.review.approve(draft.id, reviewer=lawyer2)
    # releasing restores personal data: analysts and users without roles may not
    for outsider in (analyst, nobody):
        with pytest.raises(ua.PolicyDeniedError) as info:
            ai.review.release(draft.id, by=outsider)
        assert info.value.action == "release"
    assert ai.review.get(draft.id).status == "approved"
    assert ev.REVIEW_RELEASED not in sink.events()
    doc = ai.review.release(draft.id, by=lawyer2)
    assert "Жумабаев" in doc.text


@pytest.mark.parametrize("author", [lawyer, admin], ids=lambda u: u.id)
def test_author_cannot_approve_their_own_draft(env, author: ua.User) -> None:  # type: ignore[no-untyped-def]
    ai, _, _, _ = env
    draft = ai.review.submit("Проект <PERSON_1>.", kind="legal_memo", author=author)
    with pytest.raises(ua.SelfApprovalError):
        ai.review.approve(draft.id, reviewer=author)
    # not even under another display name: the id decides
    with pytest.raises(ua.SelfApprovalError):
        ai.review.approve(draft.id, reviewer=ua.User(author.id, "Другое имя", roles={"lawyer"}))
    with pytest.raises(ua.NotApprovedError):
        ai.review.release(draft.id, by=author)


def test_edited_draft_needs_fresh_approvals(env) -> None:  # type: ignore[no-untyped-def]
    ai, _, _, _ = env
    draft = ai.legal_memo(facts=FACTS, question=QUESTION)
    approved = ai.review.approve(draft.id, reviewer=lawyer2)
    assert approved.status == "approved"
    edited = ai.review.edit(draft.id, editor=lawyer3, text=draft.content + "\nДополнение.")
    assert edited.status == "pending"
    assert edited.revision == 2
    assert edited.approvals == ()
    with pytest.raises(ua.NotApprovedError):
        ai.review.release(draft.id, by=lawyer2)
    with pytest.raises(ua.SelfApprovalError):  # the editor may not approve their revision
        ai.review.approve(draft.id, reviewer=lawyer3)
    with pytest.raises(ua.ConflictError):  # an approval of the old revision is stale
        ai.review.approve(draft.id, reviewer=lawyer2, revision=1)
    ai.review.approve(draft.id, reviewer=lawyer2, revision=2)
    doc = ai.review.release(draft.id, by=lawyer2)
    assert "Дополнение." in doc.text
    assert doc.metadata["revision"] == 2
    assert [a["id"] for a in doc.metadata["approvers"]] == [lawyer2.id]


def test_resolution_needs_two_distinct_approvals(env) -> None:  # type: ignore[no-untyped-def]
    ai, _, _, _ = env
    draft = ai.review.submit("Постановление.", kind="resolution", author=lawyer)
    ai.review.approve(draft.id, reviewer=lawyer2)
    with pytest.raises(ua.ConflictError):  # the same reviewer twice does not count twice
        ai.review.approve(draft.id, reviewer=lawyer2)
    with pytest.raises(ua.NotApprovedError):
        ai.review.release(draft.id, by=lawyer2)
    ai.review.approve(draft.id, reviewer=lawyer3)
    assert ai.review.release(draft.id, by=lawyer3).metadata["required_approvals"] == 2


def test_text_changed_behind_the_gate_is_not_released(env) -> None:  # type: ignore[no-untyped-def]
    """An approval binds the content hash: editing the row directly voids it."""
    ai, _, _, db = env
    draft = ai.legal_memo(facts=FACTS, question=QUESTION)
    ai.review.approve(draft.id, reviewer=lawyer2)
    from unionai_sdk.review._schema import drafts

    with sqlite3.connect(db) as conn:
        conn.execute(
            f"UPDATE {drafts.name} SET content = content || ' Подмена.' WHERE id = ?", (draft.id,)
        )
    with pytest.raises(ua.NotApprovedError):
        ai.review.release(draft.id, by=lawyer2)


def test_stored_drafts_hold_no_personal_data_in_clear(env) -> None:  # type: ignore[no-untyped-def]
    """Without the release right nothing is readable: placeholders, encrypted vault."""
    ai, _, sink, db = env
    draft = ai.legal_memo(facts=FACTS, question=QUESTION)
    assert IIN not in draft.content
    assert "Жумабаев" not in draft.content
    assert draft.vault is not None
    assert IIN.encode() not in draft.vault
    raw = db.read_bytes() + (
        db.with_name(db.name + "-wal").read_bytes()
        if db.with_name(db.name + "-wal").exists()
        else b""
    )
    for secret in (IIN, "Жумабаев", "Айгерим"):
        assert secret.encode() not in raw, secret
    assert IIN not in repr(sink.records)
    assert "Жумабаев" not in repr(sink.records)


def test_cli_release_without_the_right_shows_no_personal_data(tmp_path: Path) -> None:
    """`unionai review release` / `show` as an analyst: refused (exit 3), nothing deanonymized."""
    import os
    import subprocess
    import sys

    from unionai_sdk.privacy import Vault

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    vault = Vault()
    person = vault.placeholder_for("PERSON", "Жумабаева Айгерим")
    with ua.ReviewGate(url) as gate:
        draft = gate.submit(f"Ответ для {person}.", kind="legal_memo", author=lawyer, vault=vault)
        gate.approve(draft.id, reviewer=lawyer2)
    unionai = str(Path(sys.executable).with_name("unionai"))
    out_file = tmp_path / "released.md"
    release = ["release", draft.id, "--out", str(out_file)]
    for args in (release, ["show", draft.id], ["show", "--text", draft.id]):
        result = subprocess.run(
            [unionai, "review", *args, "--db", url, "--as", analyst.id, "--role", "analyst"],
            capture_output=True, text=True, env=dict(os.environ), timeout=120,
        )  # fmt: skip
        out = result.stdout + result.stderr
        assert "Жумабаев" not in out, args
        assert "Traceback" not in out, args
        if args[0] == "release":
            assert result.returncode == 3, out
            assert not out_file.exists()
    with ua.ReviewGate(url) as gate:
        assert gate.get(draft.id).status == "approved"
