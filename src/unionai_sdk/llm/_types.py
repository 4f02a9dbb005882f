"""Value types and the Backend protocol of the LLM layer (no heavy imports)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, runtime_checkable

if TYPE_CHECKING:  # pragma: no cover
    from pydantic import BaseModel

__all__ = ["Backend", "LLMResponse", "Message", "StructuredResponse", "T", "Usage"]

#: One chat message: ``{"role": "system" | "user" | "assistant", "content": str}``.
Message = dict[str, str]

#: The pydantic model type a structured call validates into.
T = TypeVar("T", bound="BaseModel")
_T_co = TypeVar("_T_co", covariant=True)


@dataclass(frozen=True)
class Usage:
    """Token counts reported by the provider for one call."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0


@dataclass(frozen=True)
class LLMResponse:
    """The answer of one successful model call.

    ``model`` is the model string that actually answered (a fallback, if the
    primary model failed); ``cost_usd`` is ``None`` when the price of the model
    is unknown; ``request_id`` is the provider's response id.
    """

    text: str
    model: str
    usage: Usage
    cost_usd: float | None
    latency_s: float
    request_id: str | None = None
    finish_reason: str | None = None


@dataclass(frozen=True)
class StructuredResponse(Generic[_T_co]):
    """A validated structured answer.

    ``output`` is the validated pydantic object, ``response`` the last model
    call, ``attempts`` the number of calls made, ``repairs`` how many of them
    were repair requests, and ``errors`` one short summary per failed attempt
    (validation messages only, never the prompt or the answer text).
    """

    output: _T_co
    response: LLMResponse
    attempts: int
    repairs: int
    errors: tuple[str, ...] = ()


@runtime_checkable
class Backend(Protocol):
    """One attempt at one model. Implementations raise only ``ProviderError``
    subclasses for provider failures; retries and fallbacks live above, in
    :class:`~unionai_sdk.llm.LLMClient`.

    ``opts`` may hold ``api_base``, ``api_key``, ``timeout``, ``temperature`` and
    ``response_format``; a backend ignores options it does not understand.
    """

    def complete(self, model: str, messages: Sequence[Message], **opts: Any) -> LLMResponse:
        """Call ``model`` once and return its answer."""
        ...

    async def acomplete(self, model: str, messages: Sequence[Message], **opts: Any) -> LLMResponse:
        """Asynchronous :meth:`complete`."""
        ...
