"""The one exception tree of unionai-sdk.

Every error the SDK raises derives from :class:`UnionAIError`. Errors are split
by audience, as in pydantic-ai: a :class:`UsageError` means the calling code or
its configuration must change; everything else is something the world did
(a provider failed, a store is locked, a log was edited).

::

    UnionAIError
    ├── UsageError                      the developer's mistake: fix the code or settings
    │   ├── ConfigurationError          missing/invalid setting (model, URL, key, user)
    │   ├── MissingExtraError           an optional extra is not installed
    │   └── TemplateError               unknown template, missing/unknown variables
    ├── PolicyDeniedError               the policy forbids this user/model/action
    ├── ProviderError                   an LLM provider call failed   (.retryable)
    │   ├── AuthenticationError         bad or missing API key        (not retryable)
    │   ├── RateLimitError              HTTP 429                      (retryable, .retry_after)
    │   ├── ProviderTimeoutError        no answer in time             (retryable)
    │   ├── ProviderUnavailableError    5xx, refused connection       (retryable)
    │   ├── ContextWindowError          prompt too long for the model (not retryable)
    │   ├── ContentPolicyError          provider refused the content  (not retryable)
    │   ├── BadRequestError             provider rejected the request (not retryable)
    │   └── StructuredOutputError       no valid structured answer after repairs
    ├── AnonymizationError              text could not be anonymized safely
    ├── ReviewError                     the review gate refused a state change
    │   ├── DraftNotFoundError
    │   ├── NotApprovedError            release without the required approvals
    │   ├── ConflictError               someone else decided first (stale revision/status)
    │   └── SelfApprovalError           the author tried to approve their own draft
    ├── StorageError                    a store (SQLite/PostgreSQL/file) failed
    └── AuditIntegrityError             the audit chain does not verify

Messages and attributes never carry a member's personal data: only ids,
counts, entity types, model names, status codes and hashes.
"""

from __future__ import annotations

__all__ = [
    "AnonymizationError",
    "AuditIntegrityError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "ContentPolicyError",
    "ContextWindowError",
    "DraftNotFoundError",
    "MissingExtraError",
    "NotApprovedError",
    "PolicyDeniedError",
    "ProviderError",
    "ProviderTimeoutError",
    "ProviderUnavailableError",
    "RateLimitError",
    "ReviewError",
    "SelfApprovalError",
    "StorageError",
    "StructuredOutputError",
    "TemplateError",
    "UnionAIError",
    "UsageError",
]


class UnionAIError(Exception):
    """Root of every error raised by unionai-sdk."""


# --- the developer's mistakes -------------------------------------------------


class UsageError(UnionAIError):
    """The calling code or its configuration must change."""


class ConfigurationError(UsageError):
    """A setting is missing or invalid.

    ``setting`` names the argument or environment variable (e.g. ``UNIONAI_MODEL``).
    """

    def __init__(self, message: str, *, setting: str | None = None) -> None:
        super().__init__(message)
        self.setting = setting


class MissingExtraError(UsageError):
    """An optional dependency group is not installed."""

    def __init__(self, extra: str, package: str) -> None:
        super().__init__(
            f"This feature needs the optional package {package!r}. "
            f"Install it with: pip install 'unionai-sdk[{extra}]'"
        )
        self.extra = extra
        self.package = package


class TemplateError(UsageError):
    """A prompt template is unknown, or its variables do not match."""

    def __init__(
        self,
        message: str,
        *,
        template: str | None = None,
        missing: tuple[str, ...] = (),
        unknown: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.template = template
        self.missing = missing
        self.unknown = unknown


# --- policy -------------------------------------------------------------------


class PolicyDeniedError(UnionAIError):
    """The policy does not allow this user, model or action.

    ``action`` is e.g. ``"draft"``, ``"approve"``, ``"release"``, ``"see_personal_data"``,
    ``"send_to_model"``; ``user_id`` is the acting user's id (an account name, not
    a member's personal data).
    """

    def __init__(
        self,
        message: str,
        *,
        action: str,
        user_id: str | None = None,
        kind: str | None = None,
        model: str | None = None,
    ) -> None:
        super().__init__(message)
        self.action = action
        self.user_id = user_id
        self.kind = kind
        self.model = model


# --- LLM providers ------------------------------------------------------------


class ProviderError(UnionAIError):
    """An LLM provider call failed.

    ``retryable`` tells whether trying again later may succeed. ``model`` is the
    model string that failed, ``status_code`` the HTTP status when known and
    ``provider_message`` a short, PII-free summary of what the provider said.
    """

    retryable: bool = False

    def __init__(
        self,
        message: str,
        *,
        model: str | None = None,
        status_code: int | None = None,
        retryable: bool | None = None,
        provider_message: str | None = None,
    ) -> None:
        super().__init__(message)
        self.model = model
        self.status_code = status_code
        self.provider_message = provider_message
        if retryable is not None:
            self.retryable = retryable


class AuthenticationError(ProviderError):
    """The provider rejected the API key (HTTP 401/403)."""


class RateLimitError(ProviderError):
    """The provider asked us to slow down (HTTP 429)."""

    retryable = True

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        model: str | None = None,
        status_code: int | None = 429,
        provider_message: str | None = None,
    ) -> None:
        super().__init__(
            message, model=model, status_code=status_code, provider_message=provider_message
        )
        self.retry_after = retry_after


class ProviderTimeoutError(ProviderError):
    """The provider did not answer in time."""

    retryable = True


class ProviderUnavailableError(ProviderError):
    """The provider is down, overloaded or unreachable (5xx, refused connection)."""

    retryable = True


class ContextWindowError(ProviderError):
    """The prompt does not fit the model's context window."""


class ContentPolicyError(ProviderError):
    """The provider refused the content under its content policy."""


class BadRequestError(ProviderError):
    """The provider rejected the request as malformed or unsupported."""


class StructuredOutputError(ProviderError):
    """The model gave no answer that validates against the schema.

    ``attempts`` is the number of calls made; ``errors`` one short summary per
    failed attempt (validation messages, never the prompt or the answer text).
    """

    def __init__(
        self,
        message: str,
        *,
        schema: str,
        attempts: int,
        errors: tuple[str, ...],
        model: str | None = None,
    ) -> None:
        super().__init__(message, model=model, retryable=False)
        self.schema = schema
        self.attempts = attempts
        self.errors = errors


# --- privacy ------------------------------------------------------------------


class AnonymizationError(UnionAIError):
    """The text could not be anonymized safely (nothing was sent anywhere)."""


# --- review -------------------------------------------------------------------


class ReviewError(UnionAIError):
    """The review gate refused a state change.

    ``draft_id`` names the draft; ``status`` is its status when known.
    """

    def __init__(
        self, message: str, *, draft_id: str | None = None, status: str | None = None
    ) -> None:
        super().__init__(message)
        self.draft_id = draft_id
        self.status = status


class DraftNotFoundError(ReviewError):
    """No draft with this id exists in the store."""


class NotApprovedError(ReviewError):
    """The draft lacks the approvals its kind requires, or is not releasable."""

    def __init__(
        self,
        message: str,
        *,
        draft_id: str | None = None,
        status: str | None = None,
        approvals: int = 0,
        required: int = 0,
    ) -> None:
        super().__init__(message, draft_id=draft_id, status=status)
        self.approvals = approvals
        self.required = required


class ConflictError(ReviewError):
    """Someone else changed the draft first (the revision or status is stale)."""


class SelfApprovalError(ReviewError):
    """The author of a draft may not approve it."""


# --- storage and audit --------------------------------------------------------


class StorageError(UnionAIError):
    """A store failed: database unreachable, locked, corrupt, or a file unwritable."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class AuditIntegrityError(UnionAIError):
    """The audit log does not verify.

    ``record`` is the 1-based number of the first bad record, ``reason`` why.
    """

    def __init__(
        self, message: str, *, record: int | None = None, reason: str | None = None
    ) -> None:
        super().__init__(message)
        self.record = record
        self.reason = reason
