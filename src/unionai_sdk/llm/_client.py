"""LLMClient: the provider-agnostic entry point (retries, fallbacks, structured output)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from unionai_sdk._config import Settings
from unionai_sdk.exceptions import (
    BadRequestError,
    ConfigurationError,
    ProviderError,
    StructuredOutputError,
)
from unionai_sdk.llm._retry import RetryPolicy
from unionai_sdk.llm._types import Backend, LLMResponse, Message, StructuredResponse, T

if TYPE_CHECKING:  # pragma: no cover
    from unionai_sdk.llm._structured import ParseFailure

__all__ = ["LLMClient"]

Fallback = str | Mapping[str, str | None]

#: OpenAI JSON mode; the JSON schema itself goes into a system message
_JSON_MODE: Final[Mapping[str, Any]] = {"response_format": {"type": "json_object"}}

_NO_MODEL: Final = (
    "No model is configured. Pass one, e.g. LLMClient(model='openai/gpt-4o-mini'), "
    "or set the UNIONAI_MODEL environment variable (a litellm model string; for an "
    "OpenAI-compatible server or LiteLLM proxy use 'openai/<name>' with UNIONAI_API_BASE)."
)


@dataclass(frozen=True)
class _Target:
    model: str
    api_base: str | None = None
    api_key: str | None = field(default=None, repr=False)


@dataclass
class _Failure:
    model: str
    attempts: int
    error: ProviderError


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _exhausted(failures: Sequence[_Failure]) -> ProviderError:
    """The last error, re-issued with a message naming every model tried."""
    last = failures[-1].error
    tried = ", ".join(
        f"{f.model} ({type(f.error).__name__} after {_plural(f.attempts, 'attempt')})"
        for f in failures
    )
    message = f"{last} [models tried: {tried}; last error: {type(last).__name__}]"
    cls = type(last)
    error = cls.__new__(cls, message)
    error.__dict__.update(last.__dict__)
    error.args = (message,)
    return error


def _as_messages(messages: Sequence[Message] | str) -> list[Message]:
    if isinstance(messages, str):
        return [{"role": "user", "content": messages}]
    return [dict(m) for m in messages]


class LLMClient:
    """Call any LLM litellm supports — a cloud provider, an organization's
    LiteLLM proxy, or any OpenAI-compatible server (``"openai/<name>"`` with
    ``api_base``).

    ``model``, ``api_base`` and ``api_key`` default to ``UNIONAI_MODEL``,
    ``UNIONAI_API_BASE`` and ``UNIONAI_API_KEY`` (via
    :meth:`Settings.resolve <unionai_sdk.Settings.resolve>`); without a model a
    :class:`~unionai_sdk.ConfigurationError` is raised.

    Each model is tried ``1 + max_retries`` times on retryable errors (rate
    limits, timeouts, 5xx, refused connections) with exponential backoff and
    full jitter, honouring ``Retry-After``; then each of ``fallbacks`` in order.
    A fallback is a model string (sharing this client's ``api_base`` and
    ``api_key``) or a mapping ``{"model": ..., "api_base": ..., "api_key": ...}``.
    When every model fails, the last :class:`~unionai_sdk.ProviderError` is
    raised with a message naming the models tried.

    ``backend`` replaces litellm (e.g. :class:`unionai_sdk.testing.FakeLLM`);
    ``retry_policy``, ``sleep`` and ``asleep`` tune or replace the waiting.
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        api_base: str | None = None,
        api_key: str | None = None,
        fallbacks: Sequence[Fallback] = (),
        timeout: float = 60.0,
        max_retries: int = 2,
        temperature: float | None = None,
        backend: Backend | None = None,
        settings: Settings | None = None,
        retry_policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] | None = None,
        asleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        if settings is None:
            settings = Settings.resolve(model=model, api_base=api_base, api_key=api_key)
        resolved = model or settings.model
        if not resolved:
            raise ConfigurationError(_NO_MODEL, setting="UNIONAI_MODEL")
        if isinstance(fallbacks, str):
            raise ConfigurationError(
                "fallbacks must be a sequence of model strings, not one string",
                setting="fallbacks",
            )
        if max_retries < 0:
            raise ConfigurationError("max_retries must be >= 0", setting="max_retries")
        if timeout <= 0:
            raise ConfigurationError("timeout must be > 0 seconds", setting="timeout")
        base = api_base or settings.api_base
        key = api_key or settings.api_key
        targets = [_Target(resolved, base, key)]
        for item in fallbacks:
            if isinstance(item, str):
                targets.append(_Target(item, base, key))
            else:
                fb_model = item.get("model")
                if not fb_model:
                    raise ConfigurationError(
                        "a fallback mapping needs a 'model' key", setting="fallbacks"
                    )
                targets.append(_Target(fb_model, item.get("api_base"), item.get("api_key")))
        self._targets: tuple[_Target, ...] = tuple(targets)
        self._timeout = float(timeout)
        self._max_retries = int(max_retries)
        self._temperature = temperature
        if backend is None:
            from unionai_sdk.llm._litellm import LiteLLMBackend

            backend = LiteLLMBackend()
        self._backend: Backend = backend
        self._policy = retry_policy or RetryPolicy()
        self._sleep = sleep or time.sleep
        self._asleep = asleep
        self._json_mode = True  # becomes False once a server rejects response_format

    # -- introspection --
    @property
    def model(self) -> str:
        """The primary model string."""
        return self._targets[0].model

    @property
    def fallbacks(self) -> tuple[str, ...]:
        """Fallback model strings, in the order they are tried."""
        return tuple(t.model for t in self._targets[1:])

    @property
    def backend(self) -> Backend:
        """The backend that makes single calls."""
        return self._backend

    def __repr__(self) -> str:
        return (
            f"LLMClient(model={self.model!r}, fallbacks={self.fallbacks!r}, "
            f"max_retries={self._max_retries}, timeout={self._timeout:g})"
        )

    # -- plain completion --
    def complete(self, messages: Sequence[Message] | str) -> LLMResponse:
        """Send ``messages`` (or one user message given as a string); return the answer."""
        return self._call(_as_messages(messages), {})

    async def acomplete(self, messages: Sequence[Message] | str) -> LLMResponse:
        """Asynchronous :meth:`complete`."""
        return await self._acall(_as_messages(messages), {})

    # -- structured output --
    def complete_structured(
        self, messages: Sequence[Message] | str, schema: type[T], *, max_repairs: int = 2
    ) -> StructuredResponse[T]:
        """Ask for JSON matching the pydantic model ``schema`` and validate it.

        An invalid answer is sent back with the validation errors, up to
        ``max_repairs`` times; then :class:`~unionai_sdk.StructuredOutputError`
        is raised (carrying error summaries, never the prompt or the answer).
        """
        from unionai_sdk.llm import _structured as st

        _check_repairs(max_repairs)
        convo = st.with_schema_instructions(_as_messages(messages), schema)
        errors: list[str] = []
        response: LLMResponse | None = None
        for attempt in range(max_repairs + 1):
            response = self._structured_call(convo)
            try:
                output = st.parse_output(response.text, schema)
            except st.ParseFailure as failure:
                errors.append(_summary(attempt, response, failure))
                convo = st.repair_messages(convo, response.text, failure)
                continue
            return StructuredResponse(output, response, attempt + 1, attempt, tuple(errors))
        raise _structured_failed(schema.__name__, max_repairs, errors, response)

    async def acomplete_structured(
        self, messages: Sequence[Message] | str, schema: type[T], *, max_repairs: int = 2
    ) -> StructuredResponse[T]:
        """Asynchronous :meth:`complete_structured`."""
        from unionai_sdk.llm import _structured as st

        _check_repairs(max_repairs)
        convo = st.with_schema_instructions(_as_messages(messages), schema)
        errors: list[str] = []
        response: LLMResponse | None = None
        for attempt in range(max_repairs + 1):
            response = await self._astructured_call(convo)
            try:
                output = st.parse_output(response.text, schema)
            except st.ParseFailure as failure:
                errors.append(_summary(attempt, response, failure))
                convo = st.repair_messages(convo, response.text, failure)
                continue
            return StructuredResponse(output, response, attempt + 1, attempt, tuple(errors))
        raise _structured_failed(schema.__name__, max_repairs, errors, response)

    def _structured_call(self, messages: list[Message]) -> LLMResponse:
        if self._json_mode:
            try:
                return self._call(messages, _JSON_MODE)
            except BadRequestError:
                # some OpenAI-compatible servers reject response_format: the
                # schema is in the system message anyway, so ask without it
                self._json_mode = False
        return self._call(messages, {})

    async def _astructured_call(self, messages: list[Message]) -> LLMResponse:
        if self._json_mode:
            try:
                return await self._acall(messages, _JSON_MODE)
            except BadRequestError:
                self._json_mode = False
        return await self._acall(messages, {})

    # -- the retry and fallback layer --
    def _opts(self, target: _Target, extra: Mapping[str, Any]) -> dict[str, Any]:
        opts: dict[str, Any] = {"timeout": self._timeout}
        if target.api_base is not None:
            opts["api_base"] = target.api_base
        if target.api_key is not None:
            opts["api_key"] = target.api_key
        if self._temperature is not None:
            opts["temperature"] = self._temperature
        opts.update(extra)
        return opts

    def _delay(self, attempt: int, error: ProviderError) -> float | None:
        """Seconds to wait before retrying, or None when not to retry."""
        if not error.retryable or attempt >= self._max_retries:
            return None
        return self._policy.delay(attempt, getattr(error, "retry_after", None))

    def _call(self, messages: list[Message], extra: Mapping[str, Any]) -> LLMResponse:
        failures: list[_Failure] = []
        for target in self._targets:
            opts = self._opts(target, extra)
            attempt = 0
            while True:
                try:
                    return self._backend.complete(target.model, messages, **opts)
                except ProviderError as error:
                    delay = self._delay(attempt, error)
                    if delay is None:
                        failures.append(_Failure(target.model, attempt + 1, error))
                        break
                self._sleep(delay)
                attempt += 1
        raise _exhausted(failures) from failures[-1].error

    async def _acall(self, messages: list[Message], extra: Mapping[str, Any]) -> LLMResponse:
        asleep = self._asleep
        if asleep is None:
            import asyncio

            asleep = asyncio.sleep
        failures: list[_Failure] = []
        for target in self._targets:
            opts = self._opts(target, extra)
            attempt = 0
            while True:
                try:
                    return await self._backend.acomplete(target.model, messages, **opts)
                except ProviderError as error:
                    delay = self._delay(attempt, error)
                    if delay is None:
                        failures.append(_Failure(target.model, attempt + 1, error))
                        break
                await asleep(delay)
                attempt += 1
        raise _exhausted(failures) from failures[-1].error


def _check_repairs(max_repairs: int) -> None:
    if max_repairs < 0:
        raise ConfigurationError("max_repairs must be >= 0", setting="max_repairs")


def _summary(attempt: int, response: LLMResponse, failure: ParseFailure) -> str:
    note = (
        f" (finish_reason={response.finish_reason})" if response.finish_reason == "length" else ""
    )
    return f"attempt {attempt + 1}: {failure.summary}{note}"


def _structured_failed(
    schema: str, max_repairs: int, errors: list[str], response: LLMResponse | None
) -> StructuredOutputError:
    attempts = max_repairs + 1
    model = response.model if response is not None else None
    return StructuredOutputError(
        f"No answer validating against {schema} after {_plural(attempts, 'attempt')} "
        f"({_plural(max_repairs, 'repair')}) from model {model!r}",
        schema=schema,
        attempts=attempts,
        errors=tuple(errors),
        model=model,
    )
