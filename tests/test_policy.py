from __future__ import annotations

import pytest

from unionai_sdk import ApprovalRule, Policy, PolicyDeniedError, Roles, User

lawyer = User("a.seitova", "Айгуль Сеитова", roles={Roles.LAWYER})
staff = User("d.omarov", roles={Roles.STAFF})
analyst = User("k.li", roles={Roles.ANALYST})
admin = User("root", roles={Roles.ADMIN})


def test_user_normalizes_roles_and_name() -> None:
    u = User(" x.y ", roles=["lawyer", "lawyer"])
    assert u.id == "x.y"
    assert u.roles == frozenset({"lawyer"})
    assert u.name == "x.y"
    assert lawyer.name == "Айгуль Сеитова"


def test_user_needs_an_id() -> None:
    with pytest.raises(PolicyDeniedError):
        User("  ")


def test_draft_roles_by_kind() -> None:
    p = Policy()
    p.check_draft(lawyer, "legal_memo")
    p.check_draft(staff, "member_faq")
    with pytest.raises(PolicyDeniedError) as info:
        p.check_draft(staff, "legal_memo")
    assert info.value.action == "draft"
    assert info.value.kind == "legal_memo"
    assert info.value.user_id == "d.omarov"
    with pytest.raises(PolicyDeniedError):
        p.check_draft(analyst, "resolution")


def test_admin_may_draft_anything() -> None:
    Policy().check_draft(admin, "legal_memo")
    Policy().check_draft(admin, "some_custom_kind")


def test_default_approval_rules_follow_the_issue() -> None:
    p = Policy()
    assert p.approval_rule("legal_memo") == ApprovalRule(1, frozenset({Roles.LAWYER}))
    assert p.approval_rule("resolution").count == 2
    assert p.approval_rule("member_faq").count == 1
    assert p.approval_rule("custom").count == 1


def test_only_lawyers_approve_memos() -> None:
    p = Policy()
    p.check_approve(lawyer, "legal_memo")
    with pytest.raises(PolicyDeniedError) as info:
        p.check_approve(staff, "legal_memo")
    assert info.value.action == "approve"


def test_release_needs_the_personal_data_right() -> None:
    p = Policy()
    assert p.can_see_personal_data(lawyer)
    assert not p.can_see_personal_data(analyst)
    p.check_release(lawyer, "legal_memo")
    with pytest.raises(PolicyDeniedError) as info:
        p.check_release(analyst, "legal_memo")
    assert info.value.action == "release"


def test_models_are_external_unless_trusted() -> None:
    p = Policy()
    p.check_model("openai/gpt-4o-mini", raw_personal_data=False)
    with pytest.raises(PolicyDeniedError) as info:
        p.check_model("openai/gpt-4o-mini", raw_personal_data=True, user=lawyer)
    assert info.value.action == "send_to_model"
    assert info.value.model == "openai/gpt-4o-mini"

    trusted = Policy(trusted_models=frozenset({"ollama/", "hosted_vllm/union-llm"}))
    trusted.check_model("ollama/llama3", raw_personal_data=True)
    trusted.check_model("hosted_vllm/union-llm", raw_personal_data=True)
    with pytest.raises(PolicyDeniedError):
        trusted.check_model("hosted_vllm/union-llm-2", raw_personal_data=True)


def test_approval_rule_needs_at_least_one() -> None:
    with pytest.raises(ValueError, match="at least one"):
        ApprovalRule(0)
