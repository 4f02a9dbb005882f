"""Audit event names: one constant per event, documented in ``docs/reference/audit-events.md``.

Fields each event carries are listed beside it. No event ever carries raw text:
only hashes, counts, entity types, ids, model names, token counts and decisions.
"""

from __future__ import annotations

__all__ = [
    "ALL_EVENTS",
    "ANONYMIZED",
    "AUDIT_REPAIRED",
    "AUDIT_VERIFIED",
    "LLM_ERROR",
    "LLM_REQUEST",
    "LLM_RESPONSE",
    "POLICY_DENIED",
    "REVIEW_APPROVED",
    "REVIEW_CHANGES_REQUESTED",
    "REVIEW_EDITED",
    "REVIEW_EXPIRED",
    "REVIEW_REJECTED",
    "REVIEW_RELEASED",
    "REVIEW_SUBMITTED",
]

#: model, template, template_version, kind, messages_sha256, message_count
LLM_REQUEST = "llm.request"
#: model, kind, prompt_tokens, completion_tokens, total_tokens, cost_usd, latency_s,
#: response_sha256, request_id, repairs
LLM_RESPONSE = "llm.response"
#: model, kind, error_type, status_code, retryable, attempts
LLM_ERROR = "llm.error"
#: kind, entity_counts (type -> count), text_sha256, chars
ANONYMIZED = "privacy.anonymized"
#: action, kind, model, user_id
POLICY_DENIED = "policy.denied"
#: draft_id, kind, revision, content_hash, author, risk_flags
REVIEW_SUBMITTED = "review.submitted"
#: draft_id, kind, revision, content_hash, reviewer, approvals, required, status
REVIEW_APPROVED = "review.approved"
#: draft_id, kind, revision, content_hash, editor, previous_revision, voided_approvals
REVIEW_EDITED = "review.edited"
#: draft_id, kind, revision, reviewer, reason_sha256
REVIEW_REJECTED = "review.rejected"
#: draft_id, kind, revision, reviewer, reason_sha256
REVIEW_CHANGES_REQUESTED = "review.changes_requested"
#: draft_id, kind, revision, age_s
REVIEW_EXPIRED = "review.expired"
#: draft_id, kind, revision, content_hash, released_by, approvers, deanonymized
REVIEW_RELEASED = "review.released"
#: ok, records, first_bad_record, problem, torn_tail
#: ("problem", not "reason": that field name is redacted as raw text)
AUDIT_VERIFIED = "audit.verified"
#: file, torn_bytes, torn_sha256, offset — a torn last line (crash mid-write) was cut
#: off before the next append; written by AuditLog itself
AUDIT_REPAIRED = "audit.repaired"

ALL_EVENTS: frozenset[str] = frozenset(
    {
        LLM_REQUEST,
        LLM_RESPONSE,
        LLM_ERROR,
        ANONYMIZED,
        POLICY_DENIED,
        REVIEW_SUBMITTED,
        REVIEW_APPROVED,
        REVIEW_EDITED,
        REVIEW_REJECTED,
        REVIEW_CHANGES_REQUESTED,
        REVIEW_EXPIRED,
        REVIEW_RELEASED,
        AUDIT_VERIFIED,
        AUDIT_REPAIRED,
    }
)
