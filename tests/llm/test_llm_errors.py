"""The one translation seam: every third-party error becomes a typed ProviderError."""

from __future__ import annotations

import asyncio
import http.client
import inspect
import json
import os
from typing import Any

import httpx
import openai
import pytest

try:
    import httpx2 as openai_httpx  # the openai SDK >= 3 is built on the httpx2 fork
except ImportError:  # pragma: no cover - older openai SDKs use httpx itself
    import httpx as openai_httpx  # type: ignore[no-redef]

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
from unionai_sdk.llm._errors import parse_retry_after, translate, translating

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
import litellm
import litellm.exceptions

# litellm imports its github_copilot modules lazily during a call; pydantic warns
# there about TypedDict ReadOnly items (third-party noise; the lead may move this
# filter to pyproject.toml)
pytestmark = pytest.mark.filterwarnings(
    "ignore:Items? .* on TypedDict class .* (is|are) using the `ReadOnly` qualifier:UserWarning"
)

REQUEST = httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")
OA_REQUEST = openai_httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")

#: litellm exception classes deliberately mapped to the plain ProviderError: none.
JUSTIFIED_UNMAPPED: dict[str, str] = {}

#: the subclass we expect for each litellm exception class (by name)
EXPECTED: dict[str, type[ProviderError]] = {
    "AuthenticationError": AuthenticationError,
    "CallerCredentialAuthenticationError": AuthenticationError,
    "PermissionDeniedError": AuthenticationError,
    "RateLimitError": RateLimitError,
    "CallerCredentialRateLimitError": RateLimitError,
    "Timeout": ProviderTimeoutError,
    "ServiceUnavailableError": ProviderUnavailableError,
    "MidStreamFallbackError": ProviderUnavailableError,
    "BadGatewayError": ProviderUnavailableError,
    "InternalServerError": ProviderUnavailableError,
    "APIConnectionError": ProviderUnavailableError,
    "APIResponseValidationError": ProviderUnavailableError,
    "JSONSchemaValidationError": ProviderUnavailableError,
    "APIError": ProviderUnavailableError,  # built with status 500 below
    "MockException": ProviderUnavailableError,  # built with status 500 below
    "OpenAIError": ProviderUnavailableError,  # no status: unavailable
    "ContextWindowExceededError": ContextWindowError,
    "ContentPolicyViolationError": ContentPolicyError,
    "RejectedRequestError": ContentPolicyError,
    "GuardrailRaisedException": ContentPolicyError,
    "BlockedPiiEntityError": ContentPolicyError,
    "ModifyResponseException": ContentPolicyError,
    "SensitiveDataRouteException": ContentPolicyError,
    "BadRequestError": BadRequestError,
    "NotFoundError": BadRequestError,
    "UnprocessableEntityError": BadRequestError,
    "InvalidRequestError": BadRequestError,
    "UnsupportedParamsError": BadRequestError,
    "PaymentRequiredError": BadRequestError,
    "ModelNotMappedError": BadRequestError,
    "LiteLLMUnknownProvider": BadRequestError,
    "BudgetExceededError": BadRequestError,
    "ImageFetchError": BadRequestError,
    "VectorStoreSearchError": BadRequestError,
    "MalformedRequestFieldError": BadRequestError,
    "UnsupportedEndpointError": BadRequestError,
    "EndpointNotSupportedByModelError": BadRequestError,
}


def litellm_exception_classes() -> list[type[BaseException]]:
    return sorted(
        (
            obj
            for obj in vars(litellm.exceptions).values()
            if inspect.isclass(obj) and issubclass(obj, Exception)
        ),
        key=lambda c: c.__name__,
    )


_SAMPLE_ARGS: dict[str, Any] = {
    "message": "provider said something",
    "llm_provider": "openai",
    "model": "gpt-x",
    "response": httpx.Response(500, request=REQUEST),
    "request": REQUEST,
    "status_code": 500,
    "current_cost": 2.0,
    "max_budget": 1.0,
    "entity_type": "PERSON",
    "guardrail_name": "g",
    "request_data": {},
    "route_to_model": "local/m",
    "session_id": "s",
    "raw_response": "{}",
    "schema": "{}",
    "original_exception": Exception("inner"),
    "custom_llm_provider": "openai",
    "body": None,
    "failures": [],
}


def build(cls: type[BaseException]) -> BaseException:
    """Instantiate an exception class from its signature with neutral values."""
    try:
        params = inspect.signature(cls).parameters
    except ValueError:  # a bare Exception subclass: BaseException.__init__(*args)
        return cls("provider said something")
    kwargs = {}
    for name, param in params.items():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        if name in _SAMPLE_ARGS:
            kwargs[name] = _SAMPLE_ARGS[name]
        elif param.default is inspect.Parameter.empty:
            kwargs[name] = None
    return cls(**kwargs)


def test_every_litellm_exception_class_is_known() -> None:
    classes = litellm_exception_classes()
    names = {c.__name__ for c in classes}
    assert len(classes) >= 30
    unknown = names - set(EXPECTED) - set(JUSTIFIED_UNMAPPED)
    assert not unknown, f"new litellm exceptions need a mapping decision: {sorted(unknown)}"


@pytest.mark.parametrize("cls", litellm_exception_classes(), ids=lambda c: c.__name__)
def test_litellm_exception_maps_to_a_specific_subclass(cls: type[BaseException]) -> None:
    if cls.__name__ in JUSTIFIED_UNMAPPED:
        pytest.skip(JUSTIFIED_UNMAPPED[cls.__name__])
    exc = build(cls)
    translated = translate(exc, "openai/gpt-x")
    assert type(translated) is not ProviderError
    assert isinstance(translated, EXPECTED[cls.__name__])
    assert translated.model == "openai/gpt-x"
    assert "provider said something" not in str(translated)


def test_rate_limit_reads_retry_after_from_response_headers() -> None:
    response = httpx.Response(429, headers={"retry-after": "12"}, request=REQUEST)
    exc = litellm.exceptions.RateLimitError("slow", "openai", "gpt-x", response=response)
    translated = translate(exc, "openai/gpt-x")
    assert isinstance(translated, RateLimitError)
    assert translated.retry_after == 12.0
    assert translated.status_code == 429


def test_rate_limit_reads_retry_after_ms() -> None:
    response = openai_httpx.Response(429, headers={"retry-after-ms": "1500"}, request=OA_REQUEST)
    exc = openai.RateLimitError("slow", response=response, body=None)
    translated = translate(exc, "m")
    assert isinstance(translated, RateLimitError)
    assert translated.retry_after == 1.5


def test_rate_limit_without_header_has_no_retry_after() -> None:
    exc = litellm.exceptions.RateLimitError("slow", "openai", "gpt-x")
    translated = translate(exc, "m")
    assert isinstance(translated, RateLimitError)
    assert translated.retry_after is None


def test_parse_retry_after_http_date() -> None:
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412490.0) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after("nan") is None
    assert parse_retry_after(None) is None


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, AuthenticationError),
        (404, BadRequestError),
        (408, ProviderTimeoutError),
        (422, BadRequestError),
        (429, RateLimitError),
        (500, ProviderUnavailableError),
        (502, ProviderUnavailableError),
        (503, ProviderUnavailableError),
    ],
)
def test_status_errors_map_by_code(status: int, expected: type[ProviderError]) -> None:
    response = httpx.Response(status, request=REQUEST)
    oa_response = openai_httpx.Response(status, request=OA_REQUEST)
    for exc in (
        litellm.exceptions.APIError(status, "x", "openai", "gpt-x"),
        openai.APIStatusError("x", response=oa_response, body=None),
        httpx.HTTPStatusError("x", request=REQUEST, response=response),
        openai_httpx.HTTPStatusError("x", request=OA_REQUEST, response=oa_response),
    ):
        translated = translate(exc, "m")
        assert type(translated) is expected, exc
        assert translated.status_code == status


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (httpx.ReadTimeout("t", request=REQUEST), ProviderTimeoutError),
        (httpx.ConnectTimeout("t", request=REQUEST), ProviderTimeoutError),
        (httpx.ConnectError("refused", request=REQUEST), ProviderUnavailableError),
        (httpx.RemoteProtocolError("cut", request=REQUEST), ProviderUnavailableError),
        (httpx.ReadError("cut", request=REQUEST), ProviderUnavailableError),
        (openai_httpx.ReadTimeout("t", request=OA_REQUEST), ProviderTimeoutError),
        (openai_httpx.ConnectError("refused", request=OA_REQUEST), ProviderUnavailableError),
        (openai_httpx.RemoteProtocolError("cut", request=OA_REQUEST), ProviderUnavailableError),
        (openai.APITimeoutError(request=OA_REQUEST), ProviderTimeoutError),
        (openai.APIConnectionError(request=OA_REQUEST), ProviderUnavailableError),
        (
            openai.AuthenticationError(
                "x", response=openai_httpx.Response(401, request=OA_REQUEST), body=None
            ),
            AuthenticationError,
        ),
        (TimeoutError(), ProviderTimeoutError),
        (ConnectionRefusedError(111, "refused"), ProviderUnavailableError),
        (ConnectionResetError(), ProviderUnavailableError),
        (http.client.IncompleteRead(b"partial"), ProviderUnavailableError),
        (json.JSONDecodeError("Expecting value", "{", 1), ProviderUnavailableError),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, BaseException) else v.__name__,
)
def test_transport_errors(exc: BaseException, expected: type[ProviderError]) -> None:
    assert type(translate(exc, "m")) is expected


def test_aiohttp_errors() -> None:
    aiohttp = pytest.importorskip("aiohttp")
    assert type(translate(aiohttp.ServerTimeoutError("t"), "m")) is ProviderTimeoutError
    assert type(translate(aiohttp.ClientPayloadError("cut"), "m")) is ProviderUnavailableError
    assert type(translate(aiohttp.ServerDisconnectedError(), "m")) is ProviderUnavailableError


def test_unknown_exception_becomes_plain_non_retryable_provider_error() -> None:
    translated = translate(KeyError("Иванов"), "m")
    assert type(translated) is ProviderError
    assert not translated.retryable
    assert "KeyError" in str(translated)
    assert "Иванов" not in str(translated)


def test_provider_error_passes_through() -> None:
    original = ContentPolicyError("refused", model="m")
    assert translate(original, "other") is original


def test_translating_context_manager_chains_the_cause() -> None:
    cause = httpx.ConnectError("refused", request=REQUEST)
    with pytest.raises(ProviderUnavailableError) as info, translating("openai/m"):
        raise cause
    assert info.value.__cause__ is cause
    assert info.value.retryable


def test_translating_leaves_cancellation_alone() -> None:
    with pytest.raises(asyncio.CancelledError), translating("m"):
        raise asyncio.CancelledError


def test_retryable_flags() -> None:
    assert translate(TimeoutError(), "m").retryable
    assert translate(ConnectionRefusedError(), "m").retryable
    response = openai_httpx.Response(400, request=OA_REQUEST)
    assert not translate(openai.BadRequestError("x", response=response, body=None), "m").retryable
