"""The litellm backend: one attempt at one model through ``litellm.completion``.

litellm is imported on first use only. Before that first import the bundled
model cost map is selected (``LITELLM_LOCAL_MODEL_COST_MAP=True``, only if the
variable is unset) so litellm never fetches the map over the network. No
process-wide litellm setting is changed: everything is passed per call, and
``num_retries=0`` keeps :class:`~unionai_sdk.llm.LLMClient` the only retry layer.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Sequence
from types import ModuleType
from typing import Any, Final

from unionai_sdk.exceptions import ProviderUnavailableError
from unionai_sdk.llm._errors import translating
from unionai_sdk.llm._types import LLMResponse, Message, Usage

__all__ = ["LiteLLMBackend", "import_litellm"]

#: options forwarded to litellm as they are (when not None)
_FORWARDED: Final = (
    "api_base",
    "api_key",
    "timeout",
    "temperature",
    "response_format",
    "max_tokens",
)


def import_litellm() -> ModuleType:
    """litellm, imported on first use with the bundled (offline) cost map selected
    unless ``LITELLM_LOCAL_MODEL_COST_MAP`` is already set."""
    if "litellm" not in sys.modules:
        os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    # the import statement (not a sys.modules lookup) waits for another
    # thread's import in progress to finish
    import litellm

    return litellm


def _call_kwargs(model: str, messages: Sequence[Message], opts: dict[str, Any]) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "model": model,
        "messages": [dict(m) for m in messages],
        # our LLMClient is the only retry layer: no litellm or openai-SDK retries
        "num_retries": 0,
        "max_retries": 0,
    }
    for name in _FORWARDED:
        value = opts.get(name)
        if value is not None:
            kwargs[name] = value
    if "response_format" in kwargs:
        # providers without JSON mode get the request without it (per call only)
        kwargs["drop_params"] = True
    return kwargs


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _to_response(litellm: ModuleType, model: str, raw: Any, latency_s: float) -> LLMResponse:
    choices = getattr(raw, "choices", None) or []
    if not choices:
        raise ProviderUnavailableError(
            f"Model {model!r} returned no choices", model=model, provider_message="empty choices"
        )
    choice = choices[0]
    message = getattr(choice, "message", None)
    content = getattr(message, "content", None)
    raw_usage = getattr(raw, "usage", None)
    prompt = _int(getattr(raw_usage, "prompt_tokens", 0))
    completion = _int(getattr(raw_usage, "completion_tokens", 0))
    total = _int(getattr(raw_usage, "total_tokens", 0)) or prompt + completion
    cost = _cost(litellm, model, raw)
    request_id = getattr(raw, "id", None)
    finish_reason = getattr(choice, "finish_reason", None)
    return LLMResponse(
        text=content if isinstance(content, str) else "",
        model=model,
        usage=Usage(prompt_tokens=prompt, completion_tokens=completion, total_tokens=total),
        cost_usd=cost,
        latency_s=latency_s,
        request_id=request_id if isinstance(request_id, str) else None,
        finish_reason=finish_reason if isinstance(finish_reason, str) else None,
    )


def _cost(litellm: ModuleType, model: str, raw: Any) -> float | None:
    """The call's price in USD, or None when litellm does not know the model."""
    hidden = getattr(raw, "_hidden_params", None)
    if isinstance(hidden, dict) and "response_cost" in hidden:
        # litellm prices every response itself; asking again for an unknown
        # model would only print litellm's "Provider List" banner to stdout
        value = hidden["response_cost"]
    else:
        try:
            value = litellm.completion_cost(completion_response=raw, model=model)
        except Exception:  # unknown model or price: the cost is simply unknown
            return None
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


class LiteLLMBackend:
    """:class:`~unionai_sdk.llm.Backend` over litellm: any provider litellm
    supports, a LiteLLM proxy, or any OpenAI-compatible server
    (model ``"openai/<name>"`` with ``api_base``)."""

    def complete(self, model: str, messages: Sequence[Message], **opts: Any) -> LLMResponse:
        """One synchronous call; failures raise ``ProviderError`` subclasses."""
        with translating(model):
            litellm = import_litellm()
            kwargs = _call_kwargs(model, messages, opts)
            started = time.perf_counter()
            raw = litellm.completion(**kwargs)
            latency = time.perf_counter() - started
            return _to_response(litellm, model, raw, latency)

    async def acomplete(self, model: str, messages: Sequence[Message], **opts: Any) -> LLMResponse:
        """One asynchronous call; failures raise ``ProviderError`` subclasses."""
        with translating(model):
            if "litellm" not in sys.modules:
                # the first import takes seconds: keep the event loop responsive
                await asyncio.to_thread(import_litellm)
            litellm = import_litellm()
            kwargs = _call_kwargs(model, messages, opts)
            started = time.perf_counter()
            raw = await litellm.acompletion(**kwargs)
            latency = time.perf_counter() - started
            return _to_response(litellm, model, raw, latency)
