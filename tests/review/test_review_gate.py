"""The review gate's contract, run against a SQLite file and PostgreSQL."""

from __future__ import annotations

import json
import re
import stat
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from _review_support import ANALYST, AUTHOR, CHAIR, LAWYER_1, LAWYER_2, Clock

from unionai_sdk._config import Settings
from unionai_sdk.audit import MemoryAuditSink, events
from unionai_sdk.exceptions import (
    AnonymizationError,
    ConflictError,
    DraftNotFoundError,
    NotApprovedError,
    PolicyDeniedError,
    ReviewError,
    SelfApprovalError,
    StorageError,
    UsageError,
)
from unionai_sdk.policy import ApprovalRule, Policy, User
from unionai_sdk.review import DraftStatus, EventType, ReviewGate

MEMO = "# Правовое заключение\n\nРаботник <PERSON_1> уволен по п. 2 ст. 52 ТК РК.\n"
META = {"model": "openai/gpt-4o-mini", "prompt": "legal_memo", "prompt_version": 2}


def _submit(gate: ReviewGate, kind: str = "legal_memo", text: str = MEMO, **kw: object):  # type: ignore[no-untyped-def]
    kw.setdefault("metadata", META)
    return gate.submit(text, kind=kind, author=AUTHOR, **kw)  # type: ignore[arg-type]


# -- submit and read ------------------------------------------------------------------


def test_submit_creates_pending_revision_one(gate: ReviewGate, clock: Clock) -> None:
    draft = _submit(gate, risk_flags=["citation:unverified"], lang="kk")
    assert re.fullmatch(r"[0-9a-f]{32}", draft.id)
    assert draft.status is DraftStatus.PENDING
    assert draft.revision == 1
    assert draft.content == MEMO
    assert draft.content_hash.startswith("sha256:")
    assert len(draft.content_hash) == 71
    assert draft.author == AUTHOR  # id, display name and roles snapshot
    assert draft.created_at == clock.now
    assert draft.created_at.tzinfo is not None
    assert draft.expires_at == clock.now + timedelta(days=30)
    assert draft.required_approvals == 1
    assert draft.lang == "kk"
    assert draft.risk_flags == ("citation:unverified",)
    assert draft.metadata["model"] == "openai/gpt-4o-mini"
    assert draft.approvals == ()
    assert gate.get(draft.id) == draft


def test_ids_sort_by_creation(gate: ReviewGate) -> None:
    ids = [_submit(gate).id for _ in range(3)]
    assert ids == sorted(ids)
    assert len(set(ids)) == 3


def test_unknown_draft_is_not_found(gate: ReviewGate) -> None:
    with pytest.raises(DraftNotFoundError):
        gate.get("0" * 32)
    with pytest.raises(DraftNotFoundError):
        gate.approve("0" * 32, reviewer=LAWYER_1)
    with pytest.raises(DraftNotFoundError):
        gate.history("0" * 32)


def test_submit_checks_drafting_policy(gate: ReviewGate, audit: MemoryAuditSink) -> None:
    with pytest.raises(PolicyDeniedError) as info:
        gate.submit(MEMO, kind="legal_memo", author=ANALYST)
    assert info.value.action == "draft"
    assert audit.records[-1]["event"] == events.POLICY_DENIED


def test_invalid_arguments_are_usage_errors(make_gate: Callable[..., ReviewGate]) -> None:
    gate = make_gate()
    with pytest.raises(UsageError):
        gate.submit("   ", kind="legal_memo", author=AUTHOR)
    with pytest.raises(UsageError):
        gate.submit(MEMO, kind="bad kind!", author=AUTHOR)
    draft = _submit(gate)
    with pytest.raises(UsageError):
        gate.approve(draft.id, reviewer="l.one")  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        gate.reject(draft.id, reviewer=LAWYER_1, reason=" ")
    naive = make_gate(clock=lambda: __import__("datetime").datetime(2026, 1, 1))
    with pytest.raises(UsageError):
        _submit(naive)


# -- approval ---------------------------------------------------------------------------


def test_one_approval_approves_a_legal_memo(gate: ReviewGate, clock: Clock) -> None:
    draft = _submit(gate)
    clock.advance(hours=1)
    approved = gate.approve(draft.id, reviewer=LAWYER_1, comment="верно")
    assert approved.status is DraftStatus.APPROVED
    (approval,) = approved.approvals
    assert approval.reviewer == LAWYER_1
    assert (approval.draft_id, approval.revision, approval.content_hash) == (
        draft.id,
        1,
        draft.content_hash,
    )
    assert approval.approved_at == clock.now
    assert approval.comment == "верно"


def test_author_cannot_approve_own_draft(gate: ReviewGate) -> None:
    draft = _submit(gate)
    with pytest.raises(SelfApprovalError):
        gate.approve(draft.id, reviewer=AUTHOR)
    # the same id with other roles is still the author
    with pytest.raises(SelfApprovalError):
        gate.approve(draft.id, reviewer=User(AUTHOR.id, "другое имя", {"admin"}))
    assert gate.get(draft.id).status is DraftStatus.PENDING


def test_policy_roles_decide_who_approves(gate: ReviewGate, audit: MemoryAuditSink) -> None:
    draft = _submit(gate)
    with pytest.raises(PolicyDeniedError) as info:
        gate.approve(draft.id, reviewer=CHAIR)  # legal_memo: lawyers only
    assert info.value.action == "approve"
    assert info.value.user_id == CHAIR.id
    assert audit.records[-1] == {
        "event": events.POLICY_DENIED,
        "action": "approve",
        "kind": "legal_memo",
        "model": None,
        "user_id": CHAIR.id,
    }
    assert gate.get(draft.id).approvals == ()


def test_resolution_needs_two_distinct_approvers(gate: ReviewGate) -> None:
    draft = _submit(gate, kind="resolution")
    assert draft.required_approvals == 2
    once = gate.approve(draft.id, reviewer=CHAIR)
    assert once.status is DraftStatus.PENDING
    assert len(once.approvals) == 1
    with pytest.raises(ConflictError):
        gate.approve(draft.id, reviewer=CHAIR)  # the same reviewer twice
    assert len(gate.get(draft.id).approvals) == 1
    with pytest.raises(NotApprovedError) as info:
        gate.release(draft.id, by=CHAIR)
    assert (info.value.approvals, info.value.required) == (1, 2)
    twice = gate.approve(draft.id, reviewer=LAWYER_1)
    assert twice.status is DraftStatus.APPROVED
    assert [a.reviewer.id for a in twice.approvals] == [CHAIR.id, LAWYER_1.id]


def test_custom_kind_uses_policy_default_and_custom_rules(
    make_gate: Callable[..., ReviewGate],
) -> None:
    policy = Policy(approvals={"press_release": ApprovalRule(3, frozenset({"chair", "lawyer"}))})
    gate = make_gate(policy=policy)
    draft = _submit(gate, kind="press_release")
    assert draft.required_approvals == 3
    other = _submit(gate, kind="newsletter")  # default rule: 1 approval by anyone
    assert gate.approve(other.id, reviewer=ANALYST).status is DraftStatus.APPROVED


def test_approve_with_stale_revision_conflicts(gate: ReviewGate) -> None:
    draft = _submit(gate)
    gate.edit(draft.id, editor=LAWYER_2, text=MEMO + "\nДополнение.\n")
    with pytest.raises(ConflictError):
        gate.approve(draft.id, reviewer=LAWYER_1, revision=1)
    assert gate.approve(draft.id, reviewer=LAWYER_1, revision=2).status is DraftStatus.APPROVED


def test_approving_a_decided_draft_conflicts(gate: ReviewGate) -> None:
    draft = _submit(gate)
    gate.approve(draft.id, reviewer=LAWYER_1)
    with pytest.raises(ConflictError) as info:
        gate.approve(draft.id, reviewer=LAWYER_2)
    assert info.value.status == "approved"


# -- edit -------------------------------------------------------------------------------


def test_edit_makes_new_revision_and_voids_approvals(gate: ReviewGate, clock: Clock) -> None:
    draft = _submit(gate, kind="resolution")
    gate.approve(draft.id, reviewer=CHAIR)
    gate.approve(draft.id, reviewer=LAWYER_2)
    assert gate.get(draft.id).status is DraftStatus.APPROVED
    clock.advance(days=1)
    new_text = MEMO.replace("уволен", "восстановлен")
    edited = gate.edit(draft.id, editor=LAWYER_1, text=new_text)
    assert edited.revision == 2
    assert edited.status is DraftStatus.PENDING
    assert edited.approvals == ()
    assert edited.content == new_text
    assert edited.editor == LAWYER_1
    assert edited.content_hash != draft.content_hash
    assert edited.expires_at == clock.now + timedelta(days=30)  # the time limit restarts
    assert gate.revision_text(draft.id, 1) == MEMO
    with pytest.raises(NotApprovedError):
        gate.release(draft.id, by=CHAIR)
    # the editor wrote this revision and may not approve it
    with pytest.raises(SelfApprovalError):
        gate.approve(draft.id, reviewer=LAWYER_1)
    # earlier approvers approve again, bound to the new hash
    gate.approve(draft.id, reviewer=CHAIR)
    final = gate.approve(draft.id, reviewer=LAWYER_2)
    assert final.status is DraftStatus.APPROVED
    assert {a.content_hash for a in final.approvals} == {edited.content_hash}
    assert {a.revision for a in final.approvals} == {2}


def test_edit_needs_a_right_to_edit(gate: ReviewGate) -> None:
    draft = _submit(gate)
    with pytest.raises(PolicyDeniedError) as info:
        gate.edit(draft.id, editor=ANALYST, text="другой текст")
    assert info.value.action == "edit"
    assert gate.get(draft.id).revision == 1


@pytest.mark.parametrize("final", ["released", "rejected"])
def test_final_drafts_cannot_be_edited(gate: ReviewGate, final: str) -> None:
    draft = _submit(gate)
    if final == "released":
        gate.approve(draft.id, reviewer=LAWYER_1)
        gate.release(draft.id, by=LAWYER_1)
    else:
        gate.reject(draft.id, reviewer=LAWYER_1, reason="нет оснований")
    with pytest.raises(ConflictError) as info:
        gate.edit(draft.id, editor=AUTHOR, text="новый текст")
    assert info.value.status == final


# -- reject and request changes -----------------------------------------------------------


def test_reject_is_final(gate: ReviewGate, audit: MemoryAuditSink) -> None:
    draft = _submit(gate)
    rejected = gate.reject(draft.id, reviewer=LAWYER_1, reason="Неверная норма права")
    assert rejected.status is DraftStatus.REJECTED
    with pytest.raises(ConflictError):
        gate.approve(draft.id, reviewer=LAWYER_2)
    with pytest.raises(ConflictError):
        gate.request_changes(draft.id, reviewer=LAWYER_2, reason="x")
    with pytest.raises(NotApprovedError) as info:
        gate.release(draft.id, by=LAWYER_1)
    assert info.value.status == "rejected"
    record = next(r for r in audit.records if r["event"] == events.REVIEW_REJECTED)
    assert "reason" not in record
    assert len(record["reason_sha256"]) == 64
    assert gate.history(draft.id)[-1].reason == "Неверная норма права"


def test_reject_needs_reviewer_rights_unless_author_withdraws(gate: ReviewGate) -> None:
    draft = _submit(gate)
    with pytest.raises(PolicyDeniedError):
        gate.reject(draft.id, reviewer=ANALYST, reason="не нравится")
    withdrawn = gate.reject(draft.id, reviewer=AUTHOR, reason="отзываю")
    assert withdrawn.status is DraftStatus.REJECTED


def test_changes_requested_then_edit_then_approve(gate: ReviewGate) -> None:
    draft = _submit(gate)
    back = gate.request_changes(draft.id, reviewer=LAWYER_1, reason="Добавьте ст. 53")
    assert back.status is DraftStatus.CHANGES_REQUESTED
    with pytest.raises(ConflictError):
        gate.approve(draft.id, reviewer=LAWYER_2)
    edited = gate.edit(draft.id, editor=AUTHOR, text=MEMO + "\nСт. 53 ТК РК.\n")
    assert (edited.status, edited.revision) == (DraftStatus.PENDING, 2)
    with pytest.raises(SelfApprovalError):
        gate.approve(draft.id, reviewer=AUTHOR)
    assert gate.approve(draft.id, reviewer=LAWYER_1).status is DraftStatus.APPROVED


# -- release ------------------------------------------------------------------------------


def test_release_needs_approval(gate: ReviewGate) -> None:
    draft = _submit(gate)
    with pytest.raises(NotApprovedError) as info:
        gate.release(draft.id, by=LAWYER_1)
    assert (info.value.status, info.value.approvals, info.value.required) == ("pending", 0, 1)


def test_release_needs_personal_data_right(gate: ReviewGate, audit: MemoryAuditSink) -> None:
    draft = _submit(gate)
    gate.approve(draft.id, reviewer=LAWYER_1)
    with pytest.raises(PolicyDeniedError) as info:
        gate.release(draft.id, by=ANALYST)
    assert info.value.action == "release"
    assert gate.get(draft.id).status is DraftStatus.APPROVED
    assert events.REVIEW_RELEASED not in [r["event"] for r in audit.records]


def test_release_without_vault_labels_in_russian(gate: ReviewGate, clock: Clock) -> None:
    text = "# Заключение\n\nОснований для увольнения нет.\n"
    draft = _submit(gate, text=text)
    clock.advance(hours=2)
    gate.approve(draft.id, reviewer=LAWYER_1)
    approved_at = clock.now
    clock.advance(hours=1)
    doc = gate.release(draft.id, by=LAWYER_1)
    assert doc.body == text
    assert doc.label == (
        "Подготовлено с использованием системы искусственного интеллекта; "
        "проверено: Л. Первая, 02.03.2026."
    )
    assert doc.text.rstrip().endswith(doc.label)
    meta = doc.metadata
    assert meta["ai_generated"] is True
    assert meta["model"] == "openai/gpt-4o-mini"
    assert (meta["prompt"], meta["prompt_version"]) == ("legal_memo", 2)
    assert meta["approvers"] == [
        {
            "id": LAWYER_1.id,
            "name": "Л. Первая",
            "roles": ["lawyer"],
            "approved_at": approved_at.isoformat(),
        }
    ]
    assert meta["content_hash"] == draft.content_hash
    assert meta["revision"] == 1
    assert meta["created_at"] == draft.created_at.isoformat()
    assert meta["approved_at"] == approved_at.isoformat()
    assert meta["released_at"] == clock.now.isoformat()
    assert meta["sdk_version"]
    assert gate.get(draft.id).status is DraftStatus.RELEASED


def test_release_kazakh_label_lists_all_approvers(gate: ReviewGate) -> None:
    draft = _submit(gate, kind="resolution", lang="kk", text="ҚАУЛЫ ЕТЕДІ:\n\n1. Қабылдансын.\n")
    gate.approve(draft.id, reviewer=CHAIR)
    gate.approve(draft.id, reviewer=LAWYER_2)
    doc = gate.release(draft.id, by=CHAIR)
    assert doc.label == (
        "Жасанды интеллект жүйесін пайдалана отырып дайындалды; "
        "тексерген: Ч. Председатель, Л. Второй, 02.03.2026."
    )
    assert [a["id"] for a in doc.metadata["approvers"]] == [CHAIR.id, LAWYER_2.id]


def test_second_release_conflicts_and_is_not_recorded(
    gate: ReviewGate, audit: MemoryAuditSink
) -> None:
    draft = _submit(gate)
    gate.approve(draft.id, reviewer=LAWYER_1)
    gate.release(draft.id, by=LAWYER_1)
    with pytest.raises(ConflictError) as info:
        gate.release(draft.id, by=LAWYER_2)
    assert info.value.status == "released"
    assert [e.event for e in gate.history(draft.id)].count(EventType.RELEASED) == 1
    assert [r["event"] for r in audit.records].count(events.REVIEW_RELEASED) == 1


def test_release_restores_personal_data_from_encrypted_vault(
    make_gate: Callable[..., ReviewGate], store_url: str, tmp_path: Path
) -> None:
    from cryptography.fernet import Fernet

    from unionai_sdk.privacy import Vault

    key = Fernet.generate_key()
    gate = make_gate(vault_key=key)
    vault = Vault()
    person = vault.placeholder_for("PERSON", "Жанар Синтетикова")
    iin = vault.placeholder_for("KZ_IIN", "900101300123")
    text = f"Работник {person} (ИИН {iin}) уволен незаконно.\n"
    draft = gate.submit(text, kind="legal_memo", author=AUTHOR, vault=vault)
    assert draft.vault is not None
    assert "Синтетикова".encode() not in draft.vault
    assert "Синтетикова" not in draft.content
    if store_url.startswith("sqlite"):
        raw = Path(store_url.removeprefix("sqlite:///")).read_bytes()
        wal = Path(store_url.removeprefix("sqlite:///") + "-wal")
        raw += wal.read_bytes() if wal.exists() else b""
        assert "Синтетикова".encode() not in raw
        assert b"900101300123" not in raw
    gate.approve(draft.id, reviewer=LAWYER_1)
    # the wrong key fails closed and releases nothing
    wrong = make_gate(vault_key=Fernet.generate_key())
    with pytest.raises(AnonymizationError):
        wrong.release(draft.id, by=LAWYER_1)
    assert gate.get(draft.id).status is DraftStatus.APPROVED
    doc = gate.release(draft.id, by=LAWYER_1)
    assert doc.body == "Работник Жанар Синтетикова (ИИН 900101300123) уволен незаконно.\n"
    assert "Синтетикова" in doc.to_text()


def test_release_uses_settings_vault_key_by_default(
    make_gate: Callable[..., ReviewGate], tmp_path: Path
) -> None:
    from unionai_sdk.privacy import Vault

    settings = Settings.resolve(home=tmp_path / "home")
    gate = make_gate(settings=settings)
    vault = Vault()
    name = vault.placeholder_for("PERSON", "Арман Тестов")
    draft = gate.submit(f"Заявитель {name}.", kind="member_faq", author=AUTHOR, vault=vault)
    gate.approve(draft.id, reviewer=LAWYER_1)
    assert gate.release(draft.id, by=LAWYER_1).body == "Заявитель Арман Тестов."
    assert (tmp_path / "home" / "vault.key").exists()


# -- expiry -------------------------------------------------------------------------------


def test_pending_draft_expires_fail_closed_at_approve(
    gate: ReviewGate, clock: Clock, audit: MemoryAuditSink
) -> None:
    draft = _submit(gate)
    clock.advance(days=30)
    with pytest.raises(ReviewError) as info:
        gate.approve(draft.id, reviewer=LAWYER_1)
    assert info.value.status == "expired"
    assert gate.get(draft.id).status is DraftStatus.EXPIRED
    assert gate.get(draft.id).approvals == ()
    assert gate.history(draft.id)[-1].event is EventType.EXPIRED
    assert audit.records[-1]["event"] == events.REVIEW_EXPIRED
    assert audit.records[-1]["age_s"] == 30 * 86400
    with pytest.raises(ConflictError):
        gate.edit(draft.id, editor=AUTHOR, text="новый")


def test_approved_draft_expires_fail_closed_at_release(gate: ReviewGate, clock: Clock) -> None:
    draft = _submit(gate)
    gate.approve(draft.id, reviewer=LAWYER_1)
    clock.advance(days=31)
    with pytest.raises(NotApprovedError) as info:
        gate.release(draft.id, by=LAWYER_1)
    assert info.value.status == "expired"
    assert gate.get(draft.id).status is DraftStatus.EXPIRED
    with pytest.raises(NotApprovedError):  # and it stays unreleasable
        gate.release(draft.id, by=LAWYER_1)


def test_expire_overdue_marks_only_overdue_open_drafts(gate: ReviewGate, clock: Clock) -> None:
    old_pending = _submit(gate)
    old_approved = _submit(gate)
    gate.approve(old_approved.id, reviewer=LAWYER_1)
    old_rejected = _submit(gate)
    gate.reject(old_rejected.id, reviewer=LAWYER_1, reason="нет")
    clock.advance(days=20)
    fresh = _submit(gate)
    clock.advance(days=11)
    assert [d.id for d in gate.pending()] == [fresh.id]  # overdue drafts are left out
    assert gate.expire_overdue() == 2
    assert gate.expire_overdue() == 0
    assert gate.get(old_pending.id).status is DraftStatus.EXPIRED
    assert gate.get(old_approved.id).status is DraftStatus.EXPIRED
    assert gate.get(old_rejected.id).status is DraftStatus.REJECTED
    assert gate.get(fresh.id).status is DraftStatus.PENDING


def test_ttl_none_never_expires(make_gate: Callable[..., ReviewGate], clock: Clock) -> None:
    gate = make_gate(ttl=None)
    draft = _submit(gate)
    assert draft.expires_at is None
    clock.advance(days=3650)
    assert gate.expire_overdue() == 0
    assert gate.approve(draft.id, reviewer=LAWYER_1).status is DraftStatus.APPROVED


# -- queries and history ------------------------------------------------------------------


def test_pending_filters(gate: ReviewGate, clock: Clock) -> None:
    memo = _submit(gate)
    clock.advance(days=3)
    faq = _submit(gate, kind="member_faq")
    other_author = gate.submit("Текст", kind="member_faq", author=User("s.staff", roles={"staff"}))
    decided = _submit(gate)
    gate.approve(decided.id, reviewer=LAWYER_1)
    assert [d.id for d in gate.pending()] == [memo.id, faq.id, other_author.id]
    assert [d.id for d in gate.pending(kind="member_faq")] == [faq.id, other_author.id]
    assert [d.id for d in gate.pending(author=AUTHOR)] == [memo.id, faq.id]
    assert [d.id for d in gate.pending(author="s.staff")] == [other_author.id]
    assert [d.id for d in gate.pending(older_than=timedelta(days=2))] == [memo.id]
    assert [d.id for d in gate.drafts(status="approved")] == [decided.id]


def test_history_records_every_change(gate: ReviewGate, clock: Clock) -> None:
    draft = _submit(gate, kind="resolution")
    clock.advance(minutes=5)
    gate.approve(draft.id, reviewer=CHAIR, comment="Согласен")
    clock.advance(minutes=5)
    gate.request_changes(draft.id, reviewer=LAWYER_1, reason="Уточнить срок")
    edited = gate.edit(draft.id, editor=AUTHOR, text=MEMO + "Срок — 1 месяц.\n")
    gate.approve(draft.id, reviewer=CHAIR)
    gate.approve(draft.id, reviewer=LAWYER_1)
    gate.release(draft.id, by=CHAIR)
    history = gate.history(draft.id)
    assert [e.event for e in history] == [
        EventType.SUBMITTED,
        EventType.APPROVED,
        EventType.CHANGES_REQUESTED,
        EventType.EDITED,
        EventType.APPROVED,
        EventType.APPROVED,
        EventType.RELEASED,
    ]
    assert [e.actor.id if e.actor else None for e in history] == [
        AUTHOR.id,
        CHAIR.id,
        LAWYER_1.id,
        AUTHOR.id,
        CHAIR.id,
        LAWYER_1.id,
        CHAIR.id,
    ]
    assert [e.revision for e in history] == [1, 1, 1, 2, 2, 2, 2]
    assert history[1].comment == "Согласен"
    assert history[2].reason == "Уточнить срок"
    assert history[3].content_hash == edited.content_hash
    assert history[0].content_hash == draft.content_hash
    assert [e.at for e in history] == sorted(e.at for e in history)
    assert all(e.at.tzinfo is not None for e in history)


def test_audit_events_carry_no_text(gate: ReviewGate, audit: MemoryAuditSink) -> None:
    secret_words = ["Работник", "Согласен-коммент", "Причина-отказа", "Новый-текст"]
    draft = _submit(gate, kind="resolution")
    gate.approve(draft.id, reviewer=CHAIR, comment="Согласен-коммент")
    gate.edit(draft.id, editor=LAWYER_1, text="Новый-текст")
    gate.request_changes(draft.id, reviewer=CHAIR, reason="Причина-отказа")
    names = [r["event"] for r in audit.records]
    assert names == [
        events.REVIEW_SUBMITTED,
        events.REVIEW_APPROVED,
        events.REVIEW_EDITED,
        events.REVIEW_CHANGES_REQUESTED,
    ]
    dumped = json.dumps(audit.records, ensure_ascii=False)
    for word in secret_words:
        assert word not in dumped
    approved = audit.records[1]
    assert approved["approvals"] == 1
    assert approved["required"] == 2
    assert approved["content_hash"] == draft.content_hash
    assert approved["reviewer"] == CHAIR.id


def test_failing_audit_sink_rolls_the_change_back(
    make_gate: Callable[..., ReviewGate],
) -> None:
    class Broken:
        def __init__(self) -> None:
            self.fail = False

        def record(self, event: str, /, **fields: object) -> None:
            if self.fail:
                raise OSError("disk full")

    sink = Broken()
    gate = make_gate(audit=sink)
    draft = _submit(gate)
    sink.fail = True
    with pytest.raises(OSError, match="disk full"):
        gate.approve(draft.id, reviewer=LAWYER_1)
    assert gate.get(draft.id).status is DraftStatus.PENDING
    assert gate.get(draft.id).approvals == ()
    assert [e.event for e in gate.history(draft.id)] == [EventType.SUBMITTED]


# -- store ----------------------------------------------------------------------------------


def test_fresh_store_records_all_migrations_once(
    make_gate: Callable[..., ReviewGate], store_url: str
) -> None:
    from sqlalchemy import create_engine, text

    first = make_gate()
    assert first.migrations_applied == ["review.m001_initial", "review.m002_indexes"]
    draft = _submit(first)
    second = make_gate()
    assert second.migrations_applied == []
    assert second.get(draft.id).content == MEMO
    engine = create_engine(store_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT name FROM unionai_migrations ORDER BY name")).all()
    finally:
        engine.dispose()
    assert [r[0] for r in rows] == ["review.m001_initial", "review.m002_indexes"]


def test_unreachable_store_raises_storage_error_without_password() -> None:
    with pytest.raises(StorageError) as info:
        ReviewGate("postgresql+psycopg://svc:s3cret-pw@127.0.0.1:1/none?connect_timeout=2")
    assert "s3cret-pw" not in str(info.value)
    assert info.value.url is not None
    assert "s3cret-pw" not in info.value.url
    assert "***" in info.value.url


def test_unsupported_backend_is_a_configuration_error() -> None:
    from unionai_sdk.exceptions import ConfigurationError

    with pytest.raises(ConfigurationError):
        ReviewGate("mysql://x@localhost/db")


def test_default_store_lives_under_home_with_private_modes(tmp_path: Path) -> None:
    settings = Settings.resolve(home=tmp_path / "fresh-home")
    with ReviewGate(settings=settings) as gate:
        draft = _submit(gate)
        assert gate.get(draft.id).id == draft.id
    home = tmp_path / "fresh-home"
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "reviews.db").stat().st_mode) == 0o600


def test_sqlite_store_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    gate = ReviewGate(f"sqlite:///{tmp_path / 'r.db'}")
    try:
        with gate._store.read() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
    finally:
        gate.close()


def test_import_is_cheap() -> None:
    code = (
        "import sys, unionai_sdk.review as r; r.ReviewGate; "
        "heavy = [m for m in ('sqlalchemy', 'docx', 'psycopg', 'pydantic', 'rich') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_conditional_update_refuses_a_stale_row(gate: ReviewGate) -> None:
    """The last line of defence: an UPDATE based on a stale read changes nothing."""
    draft = _submit(gate)
    with gate._store.read() as conn:
        stale = gate._row(conn, draft.id)
    gate.approve(draft.id, reviewer=LAWYER_1)
    with pytest.raises(ConflictError), gate._store.write() as conn:
        gate._update(conn, stale, status="rejected")
    assert gate.get(draft.id).status is DraftStatus.APPROVED


def test_corrupt_sqlite_file_raises_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(b"this is not a database, " * 200)
    with pytest.raises(StorageError) as info:
        ReviewGate(f"sqlite:///{path}")
    assert "DatabaseError" in str(info.value)
    assert "this is not" not in str(info.value)
