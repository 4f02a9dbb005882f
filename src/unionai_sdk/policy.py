"""Users, roles and the policy that decides who may do what.

A :class:`User` is an account of the union's staff (never a member whose data
is processed). The :class:`Policy` answers four questions:

* who may draft which kinds of document (``check_draft``);
* how many approvals a kind needs and which roles may give them (``approval_rule``,
  ``check_approve``);
* who may see deanonymized text and release documents (``can_see_personal_data``,
  ``check_release``);
* which models may receive what (``check_model``): every model is *external* by
  default and gets only anonymized text; an administrator may declare a model
  local/trusted.

Denials raise :class:`~unionai_sdk.exceptions.PolicyDeniedError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from unionai_sdk.exceptions import PolicyDeniedError

__all__ = ["ApprovalRule", "Policy", "Roles", "User"]


class Roles:
    """Role names the default policy knows. Any string may be used as a role."""

    ADMIN = "admin"  # may do everything except approve their own drafts
    LAWYER = "lawyer"  # legal inspector of labour / union lawyer
    INSPECTOR = "inspector"  # technical labour-safety inspector
    STAFF = "staff"  # apparatus staff member (drafts FAQ answers, resolutions)
    CHAIR = "chair"  # chair / deputy chair of a body (approves resolutions)
    REVIEWER = "reviewer"  # an expert designated to review AI drafts
    ANALYST = "analyst"  # runs appeal analytics; sees anonymized data only


@dataclass(frozen=True)
class User:
    """A named staff account. ``User("a.seitova", roles={"lawyer"})``."""

    id: str
    display_name: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)

    def __init__(self, id: str, display_name: str | None = None, roles: Iterable[str] = ()) -> None:
        if not isinstance(id, str) or not id.strip():
            raise PolicyDeniedError("A user needs a non-empty id.", action="identify")
        object.__setattr__(self, "id", id.strip())
        object.__setattr__(self, "display_name", display_name)
        object.__setattr__(self, "roles", frozenset(roles))

    @property
    def name(self) -> str:
        """The name to print in labels: display name, else id."""
        return self.display_name or self.id

    def has_any(self, roles: Iterable[str]) -> bool:
        return Roles.ADMIN in self.roles or bool(self.roles & frozenset(roles))


@dataclass(frozen=True)
class ApprovalRule:
    """How many distinct approvers (other than the author) a kind needs, and
    which roles may approve (``None`` = any user)."""

    count: int = 1
    roles: frozenset[str] | None = None

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError("An approval rule needs at least one approval.")


_DEFAULT_DRAFT_ROLES: Mapping[str, frozenset[str]] = {
    "legal_memo": frozenset({Roles.LAWYER, Roles.INSPECTOR}),
    "resolution": frozenset({Roles.STAFF, Roles.LAWYER, Roles.CHAIR}),
    "member_faq": frozenset({Roles.STAFF, Roles.LAWYER, Roles.INSPECTOR}),
    "appeal_classification": frozenset({Roles.ANALYST, Roles.STAFF, Roles.LAWYER}),
}
_DEFAULT_APPROVALS: Mapping[str, ApprovalRule] = {
    "legal_memo": ApprovalRule(1, frozenset({Roles.LAWYER})),
    "resolution": ApprovalRule(2, frozenset({Roles.CHAIR, Roles.LAWYER, Roles.REVIEWER})),
    "member_faq": ApprovalRule(1, frozenset({Roles.LAWYER, Roles.REVIEWER, Roles.STAFF})),
}
_DEFAULT_PERSONAL_DATA_ROLES = frozenset({Roles.LAWYER, Roles.INSPECTOR, Roles.CHAIR, Roles.STAFF})


@dataclass(frozen=True)
class Policy:
    """Who may draft, approve, see personal data, and which models are trusted.

    Every field has a safe default; pass your own mappings to change them.
    ``trusted_models`` lists model strings (exact, or a prefix ending in ``/``
    such as ``"ollama/"``) that run inside the organization and may receive raw
    text. Nothing is trusted by default.
    """

    draft_roles: Mapping[str, frozenset[str]] = field(
        default_factory=lambda: dict(_DEFAULT_DRAFT_ROLES)
    )
    default_draft_roles: frozenset[str] = frozenset({Roles.STAFF, Roles.LAWYER})
    approvals: Mapping[str, ApprovalRule] = field(default_factory=lambda: dict(_DEFAULT_APPROVALS))
    default_approval: ApprovalRule = ApprovalRule(1, None)
    personal_data_roles: frozenset[str] = _DEFAULT_PERSONAL_DATA_ROLES
    trusted_models: frozenset[str] = frozenset()

    # -- drafting -------------------------------------------------------------

    def may_draft(self, user: User, kind: str) -> bool:
        return user.has_any(self.draft_roles.get(kind, self.default_draft_roles))

    def check_draft(self, user: User, kind: str) -> None:
        if not self.may_draft(user, kind):
            allowed = sorted(self.draft_roles.get(kind, self.default_draft_roles))
            raise PolicyDeniedError(
                f"User {user.id!r} may not draft {kind!r}: needs one of the roles {allowed}.",
                action="draft",
                user_id=user.id,
                kind=kind,
            )

    # -- approving ------------------------------------------------------------

    def approval_rule(self, kind: str) -> ApprovalRule:
        return self.approvals.get(kind, self.default_approval)

    def may_approve(self, user: User, kind: str) -> bool:
        rule = self.approval_rule(kind)
        return rule.roles is None or user.has_any(rule.roles)

    def check_approve(self, user: User, kind: str) -> None:
        if not self.may_approve(user, kind):
            roles = sorted(self.approval_rule(kind).roles or ())
            raise PolicyDeniedError(
                f"User {user.id!r} may not approve {kind!r}: needs one of the roles {roles}.",
                action="approve",
                user_id=user.id,
                kind=kind,
            )

    # -- personal data and release ---------------------------------------------

    def can_see_personal_data(self, user: User) -> bool:
        return user.has_any(self.personal_data_roles)

    def check_release(self, user: User, kind: str) -> None:
        """Releasing restores personal data, so it needs the personal-data right."""
        if not self.can_see_personal_data(user):
            raise PolicyDeniedError(
                f"User {user.id!r} may not release documents with personal data: "
                f"needs one of the roles {sorted(self.personal_data_roles)}.",
                action="release",
                user_id=user.id,
                kind=kind,
            )

    # -- models -------------------------------------------------------------------

    def is_trusted_model(self, model: str) -> bool:
        for entry in self.trusted_models:
            if model == entry or (entry.endswith("/") and model.startswith(entry)):
                return True
        return False

    def check_model(self, model: str, *, raw_personal_data: bool, user: User | None = None) -> None:
        """Refuse to send un-anonymized text to a model that is not trusted."""
        if raw_personal_data and not self.is_trusted_model(model):
            raise PolicyDeniedError(
                f"Model {model!r} is external: only anonymized text may be sent to it. "
                "Keep anonymization on, or have an administrator declare the model "
                "local/trusted (Policy(trusted_models=...)).",
                action="send_to_model",
                user_id=user.id if user else None,
                model=model,
            )
