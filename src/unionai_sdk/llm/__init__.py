"""Provider-agnostic LLM calls: litellm underneath, imported on first use.

:class:`LLMClient` adds one retry layer (exponential backoff with full jitter,
``Retry-After``), ordered fallbacks, usage and cost accounting, and structured
output validated by pydantic with bounded repair rounds. A :class:`Backend`
makes single calls; :mod:`unionai_sdk.testing` ships fakes.
"""

from __future__ import annotations

from unionai_sdk.llm._client import LLMClient
from unionai_sdk.llm._retry import RetryPolicy
from unionai_sdk.llm._types import Backend, LLMResponse, Message, StructuredResponse, Usage

__all__ = [
    "Backend",
    "LLMClient",
    "LLMResponse",
    "Message",
    "RetryPolicy",
    "StructuredResponse",
    "Usage",
]
