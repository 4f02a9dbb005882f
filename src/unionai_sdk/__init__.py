"""unionai-sdk: responsible use of large language models for a trade union.

Personal data is masked before it leaves the machine, every AI-made text waits
for a named human's approval, every step goes to a tamper-evident audit log,
and the union's document kinds come as ready prompts in Russian and Kazakh.

``import unionai_sdk`` is cheap: public names are resolved on first access, and
litellm, presidio, natasha and database drivers load only when used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from unionai_sdk.exceptions import (
    AnonymizationError,
    AuditIntegrityError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    ContentPolicyError,
    ContextWindowError,
    DraftNotFoundError,
    MissingExtraError,
    NotApprovedError,
    PolicyDeniedError,
    ProviderError,
    ProviderTimeoutError,
    ProviderUnavailableError,
    RateLimitError,
    ReviewError,
    SelfApprovalError,
    StorageError,
    StructuredOutputError,
    TemplateError,
    UnionAIError,
    UsageError,
)
from unionai_sdk.policy import ApprovalRule, Policy, Roles, User

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from unionai_sdk import analytics, prompts, testing
    from unionai_sdk._config import Settings
    from unionai_sdk.audit import AuditLog, AuditVerification, verify_audit_log
    from unionai_sdk.facade import UnionAI
    from unionai_sdk.llm import LLMClient, LLMResponse, StructuredResponse, Usage
    from unionai_sdk.privacy import AnonymizedText, Anonymizer, Entity, Vault
    from unionai_sdk.prompts import PromptTemplate
    from unionai_sdk.review import Draft, DraftStatus, ReleasedDocument, ReviewGate

__all__ = [
    "AnonymizationError",
    "AnonymizedText",
    "Anonymizer",
    "ApprovalRule",
    "AuditIntegrityError",
    "AuditLog",
    "AuditVerification",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "ContentPolicyError",
    "ContextWindowError",
    "Draft",
    "DraftNotFoundError",
    "DraftStatus",
    "Entity",
    "LLMClient",
    "LLMResponse",
    "MissingExtraError",
    "NotApprovedError",
    "Policy",
    "PolicyDeniedError",
    "PromptTemplate",
    "ProviderError",
    "ProviderTimeoutError",
    "ProviderUnavailableError",
    "RateLimitError",
    "ReleasedDocument",
    "ReviewError",
    "ReviewGate",
    "Roles",
    "SelfApprovalError",
    "Settings",
    "StorageError",
    "StructuredOutputError",
    "StructuredResponse",
    "TemplateError",
    "UnionAI",
    "UnionAIError",
    "Usage",
    "UsageError",
    "User",
    "Vault",
    "__version__",
    "analytics",
    "prompts",
    "testing",
    "verify_audit_log",
]

# name -> module that defines it; imported on first attribute access (PEP 562)
_LAZY: dict[str, str] = {
    "AnonymizedText": "unionai_sdk.privacy",
    "Anonymizer": "unionai_sdk.privacy",
    "AuditLog": "unionai_sdk.audit",
    "AuditVerification": "unionai_sdk.audit",
    "Draft": "unionai_sdk.review",
    "DraftStatus": "unionai_sdk.review",
    "Entity": "unionai_sdk.privacy",
    "LLMClient": "unionai_sdk.llm",
    "LLMResponse": "unionai_sdk.llm",
    "PromptTemplate": "unionai_sdk.prompts",
    "ReleasedDocument": "unionai_sdk.review",
    "ReviewGate": "unionai_sdk.review",
    "Settings": "unionai_sdk._config",
    "StructuredResponse": "unionai_sdk.llm",
    "UnionAI": "unionai_sdk.facade",
    "Usage": "unionai_sdk.llm",
    "Vault": "unionai_sdk.privacy",
    "verify_audit_log": "unionai_sdk.audit",
}
_SUBMODULES = frozenset({"analytics", "prompts", "testing"})


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value: Any = version("unionai-sdk")
        except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
            value = "0+unknown"
    elif name in _SUBMODULES:
        value = importlib.import_module(f"unionai_sdk.{name}")
    elif name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    else:
        raise AttributeError(f"module 'unionai_sdk' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
