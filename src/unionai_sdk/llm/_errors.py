"""The one seam where third-party errors become :class:`ProviderError` subclasses.

litellm, the openai SDK, httpx (and its fork httpx2), aiohttp and the standard library can all raise
out of a provider call. :func:`translate` maps any of them to a typed error from
:mod:`unionai_sdk.exceptions`; :func:`translating` is the context manager every
backend wraps its call in. Classes are matched by fully qualified name along the
exception's MRO, so nothing is imported here: the most specific known base
class wins, and errors that carry only an HTTP status are classified by it.

Messages name the model, the exception type and the HTTP status only; the
provider's own text (which may echo the prompt) is never copied. The original
exception stays reachable as ``__cause__``.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Final

from unionai_sdk.exceptions import (
    AuthenticationError,
    BadRequestError,
    ContentPolicyError,
    ContextWindowError,
    ProviderError,
    ProviderTimeoutError,
    ProviderUnavailableError,
    RateLimitError,
)

__all__ = ["parse_retry_after", "translate", "translating"]

_AUTH: Final = "auth"
_RATE: Final = "rate"
_TIMEOUT: Final = "timeout"
_UNAVAILABLE: Final = "unavailable"
_CONTEXT: Final = "context"
_CONTENT: Final = "content"
_BAD_REQUEST: Final = "bad_request"
_STATUS: Final = "status"  # decide by the HTTP status code; unavailable when unknown

_L: Final = "litellm.exceptions."
#: fully qualified class name -> kind. The MRO walk picks the most specific entry.
_BY_CLASS: Final[Mapping[str, str]] = {
    # --- litellm ------------------------------------------------------------
    f"{_L}AuthenticationError": _AUTH,
    f"{_L}PermissionDeniedError": _AUTH,
    f"{_L}RateLimitError": _RATE,
    f"{_L}Timeout": _TIMEOUT,
    f"{_L}ServiceUnavailableError": _UNAVAILABLE,
    f"{_L}BadGatewayError": _UNAVAILABLE,
    f"{_L}InternalServerError": _UNAVAILABLE,
    f"{_L}APIConnectionError": _UNAVAILABLE,
    # a response litellm could not parse or validate: the provider misbehaved
    f"{_L}APIResponseValidationError": _UNAVAILABLE,
    f"{_L}ContextWindowExceededError": _CONTEXT,
    f"{_L}ContentPolicyViolationError": _CONTENT,
    f"{_L}RejectedRequestError": _CONTENT,
    f"{_L}GuardrailRaisedException": _CONTENT,
    f"{_L}BlockedPiiEntityError": _CONTENT,
    # a guardrail replaced or rerouted the request (proxy-side): the content was refused here
    f"{_L}ModifyResponseException": _CONTENT,
    f"{_L}SensitiveDataRouteException": _CONTENT,
    f"{_L}BadRequestError": _BAD_REQUEST,
    f"{_L}NotFoundError": _BAD_REQUEST,
    f"{_L}UnprocessableEntityError": _BAD_REQUEST,
    f"{_L}InvalidRequestError": _BAD_REQUEST,
    f"{_L}UnsupportedParamsError": _BAD_REQUEST,
    f"{_L}PaymentRequiredError": _BAD_REQUEST,
    f"{_L}ModelNotMappedError": _BAD_REQUEST,
    f"{_L}LiteLLMUnknownProvider": _BAD_REQUEST,
    # spending limit reached: waiting will not help, the budget must change
    f"{_L}BudgetExceededError": _BAD_REQUEST,
    f"{_L}APIError": _STATUS,
    f"{_L}MockException": _STATUS,
    f"{_L}OpenAIError": _STATUS,
    # --- openai SDK (litellm's OpenAI-compatible provider is built on it) -----
    "openai.AuthenticationError": _AUTH,
    "openai.PermissionDeniedError": _AUTH,
    "openai.RateLimitError": _RATE,
    "openai.APITimeoutError": _TIMEOUT,
    "openai.APIConnectionError": _UNAVAILABLE,
    "openai.InternalServerError": _UNAVAILABLE,
    "openai.APIResponseValidationError": _UNAVAILABLE,
    "openai.BadRequestError": _BAD_REQUEST,
    "openai.NotFoundError": _BAD_REQUEST,
    "openai.ConflictError": _BAD_REQUEST,
    "openai.UnprocessableEntityError": _BAD_REQUEST,
    "openai.ContentFilterFinishReasonError": _CONTENT,
    "openai.APIStatusError": _STATUS,
    "openai.APIError": _STATUS,
    "openai.OpenAIError": _STATUS,
    # --- httpx ----------------------------------------------------------------
    "httpx.TimeoutException": _TIMEOUT,
    "httpx.TransportError": _UNAVAILABLE,  # connect/read/write/protocol errors
    "httpx.DecodingError": _UNAVAILABLE,
    "httpx.HTTPStatusError": _STATUS,
    # --- httpx2 (the httpx fork the openai SDK >= 3 is built on) ----------------
    "httpx2.TimeoutException": _TIMEOUT,
    "httpx2.TransportError": _UNAVAILABLE,
    "httpx2.DecodingError": _UNAVAILABLE,
    "httpx2.HTTPStatusError": _STATUS,
    # --- aiohttp ----------------------------------------------------------------
    "aiohttp.ServerTimeoutError": _TIMEOUT,
    "aiohttp.ConnectionTimeoutError": _TIMEOUT,
    "aiohttp.SocketTimeoutError": _TIMEOUT,
    "aiohttp.ClientResponseError": _STATUS,
    "aiohttp.ClientError": _UNAVAILABLE,
    # --- standard library -------------------------------------------------------
    "builtins.TimeoutError": _TIMEOUT,  # also asyncio.TimeoutError and socket.timeout
    "builtins.ConnectionError": _UNAVAILABLE,  # refused, reset, aborted, broken pipe
    "json.decoder.JSONDecodeError": _UNAVAILABLE,  # a malformed response body
    "http.client.HTTPException": _UNAVAILABLE,  # e.g. IncompleteRead
}

#: public module paths: openai/httpx/aiohttp classes live in private modules
_PUBLIC_MODULE: Final[Mapping[str, str]] = {
    "openai._exceptions": "openai",
    "httpx._exceptions": "httpx",
    "httpx2._exceptions": "httpx2",
    "aiohttp.client_exceptions": "aiohttp",
}


def _qualified(cls: type) -> str:
    module = _PUBLIC_MODULE.get(cls.__module__, cls.__module__)
    return f"{module}.{cls.__qualname__}"


def _kind_of(exc: BaseException) -> str | None:
    for cls in type(exc).__mro__:
        kind = _BY_CLASS.get(_qualified(cls))
        if kind is not None:
            return kind
    return None


def _status_of(exc: BaseException) -> int | None:
    for owner in (exc, getattr(exc, "response", None)):
        if owner is None:
            continue
        for attr in ("status_code", "status"):
            value = getattr(owner, attr, None)
            if isinstance(value, int) and not isinstance(value, bool) and 100 <= value <= 599:
                return value
            if isinstance(value, str) and value.isdigit():
                return int(value)
    return None


def _kind_by_status(status: int | None) -> str:
    if status is None:
        return _UNAVAILABLE
    if status in (401, 403):
        return _AUTH
    if status == 429:
        return _RATE
    if status == 408:
        return _TIMEOUT
    if 400 <= status < 500:
        return _BAD_REQUEST
    return _UNAVAILABLE


def _headers_of(exc: BaseException) -> list[Any]:
    found: list[Any] = []
    for headers in (
        getattr(exc, "litellm_response_headers", None),
        getattr(getattr(exc, "response", None), "headers", None),
        getattr(exc, "headers", None),
    ):
        if headers:
            found.append(headers)
    return found


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds from a ``Retry-After`` value: delta-seconds or an HTTP date."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds or seconds in (float("inf"), float("-inf")):  # NaN/inf
        return None
    return max(0.0, seconds)


def _retry_after(exc: BaseException) -> float | None:
    for headers in _headers_of(exc):
        try:
            ms = headers.get("retry-after-ms") or headers.get("Retry-After-Ms")
            if ms is not None:
                parsed = parse_retry_after(str(ms))
                if parsed is not None:
                    return parsed / 1000.0
            raw = headers.get("retry-after") or headers.get("Retry-After")
            if raw is not None:
                parsed = parse_retry_after(str(raw))
                if parsed is not None:
                    return parsed
        except Exception:  # noqa: S112 - odd header containers: try the next one
            continue
    return None


_DESCRIPTION: Final[Mapping[str, str]] = {
    _AUTH: "the provider rejected the credentials",
    _RATE: "the provider is rate limiting requests",
    _TIMEOUT: "the provider did not answer in time",
    _UNAVAILABLE: "the provider is unavailable or sent an unusable response",
    _CONTEXT: "the prompt does not fit the model's context window",
    _CONTENT: "the request was refused under a content policy",
    _BAD_REQUEST: "the provider rejected the request",
}

_CLASS_OF: Final[Mapping[str, type[ProviderError]]] = {
    _AUTH: AuthenticationError,
    _TIMEOUT: ProviderTimeoutError,
    _UNAVAILABLE: ProviderUnavailableError,
    _CONTEXT: ContextWindowError,
    _CONTENT: ContentPolicyError,
    _BAD_REQUEST: BadRequestError,
}


def _missing_credentials(exc: BaseException) -> bool:
    """The openai SDK refused to send a request without any API key (litellm
    reports this as an HTTP 500, which would otherwise be retried in vain)."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if _qualified(type(seen)) == "openai.OpenAIError":
            text = str(seen).lower()
            if "api_key" in text or "credentials" in text:
                return True
        seen = seen.__cause__ or seen.__context__
    return False


def translate(exc: BaseException, model: str | None) -> ProviderError:
    """Map any exception raised by a provider call to a typed ``ProviderError``.

    A ``ProviderError`` is returned unchanged. Unknown exception types become a
    plain, non-retryable ``ProviderError`` naming the type.
    """
    if isinstance(exc, ProviderError):
        return exc
    if _missing_credentials(exc):
        return AuthenticationError(
            f"No API key for model {model!r}: pass api_key=... or set UNIONAI_API_KEY "
            "(a server without authentication accepts any value)",
            model=model,
            retryable=False,
            provider_message="missing credentials",
        )
    status = _status_of(exc)
    kind = _kind_of(exc)
    if kind == _STATUS:
        kind = _kind_by_status(status)
    type_name = _qualified(type(exc))
    detail = type_name if status is None else f"{type_name}, HTTP {status}"
    if kind is None:
        return ProviderError(
            f"Call to model {model!r} failed with an unexpected {detail}",
            model=model,
            status_code=status,
            retryable=False,
            provider_message=type_name,
        )
    message = f"Model {model!r}: {_DESCRIPTION[kind]} ({detail})"
    if kind == _RATE:
        return RateLimitError(
            message,
            retry_after=_retry_after(exc),
            model=model,
            status_code=status if status is not None else 429,
            provider_message=type_name,
        )
    return _CLASS_OF[kind](message, model=model, status_code=status, provider_message=type_name)


@contextmanager
def translating(model: str | None) -> Iterator[None]:
    """Re-raise anything but ``ProviderError`` (and ``BaseException``s such as
    cancellation) as the translated ``ProviderError``, chained to the original."""
    try:
        yield
    except ProviderError:
        raise
    except Exception as exc:
        raise translate(exc, model) from exc
