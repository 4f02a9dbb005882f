"""The retry and fallback layer of LLMClient, driven by FakeLLM (no network)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unionai_sdk.exceptions import (
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ProviderError,
    ProviderTimeoutError,
    ProviderUnavailableError,
    RateLimitError,
)
from unionai_sdk.llm import LLMClient, LLMResponse, RetryPolicy, Usage
from unionai_sdk.testing import FakeLLM

MESSAGES = [{"role": "user", "content": "Сколько дней отпуска положено?"}]


def unavailable(model: str = "m") -> ProviderUnavailableError:
    return ProviderUnavailableError("down", model=model, status_code=503)


def make(fake: FakeLLM, sleeps: Any, **kwargs: Any) -> LLMClient:
    kwargs.setdefault("model", "fake/primary")
    return LLMClient(backend=fake, sleep=sleeps, asleep=sleeps.asleep, **kwargs)


# --- configuration -------------------------------------------------------------


def test_model_from_unionai_model_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNIONAI_MODEL", "openai/from-env")
    monkeypatch.setenv("UNIONAI_API_BASE", "http://127.0.0.1:9/v1")
    fake = FakeLLM(["ok"])
    client = LLMClient(backend=fake)
    assert client.model == "openai/from-env"
    client.complete(MESSAGES)
    assert fake.requests[0]["model"] == "openai/from-env"
    assert fake.requests[0]["opts"]["api_base"] == "http://127.0.0.1:9/v1"


def test_explicit_arguments_win_over_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNIONAI_MODEL", "openai/from-env")
    monkeypatch.setenv("UNIONAI_API_KEY", "env-key")
    fake = FakeLLM(["ok"])
    LLMClient("openai/explicit", api_key="arg-key", backend=fake).complete(MESSAGES)
    assert fake.requests[0]["model"] == "openai/explicit"
    assert fake.requests[0]["opts"]["api_key"] == "arg-key"


def test_no_model_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError) as info:
        LLMClient(backend=FakeLLM())
    assert info.value.setting == "UNIONAI_MODEL"
    assert "UNIONAI_MODEL" in str(info.value)
    assert "LLMClient(model=" in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "setting"),
    [
        ({"max_retries": -1}, "max_retries"),
        ({"timeout": 0}, "timeout"),
        ({"fallbacks": "openai/one-string"}, "fallbacks"),
        ({"fallbacks": [{"api_base": "http://x"}]}, "fallbacks"),
    ],
)
def test_invalid_arguments(kwargs: dict[str, Any], setting: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        LLMClient("fake/m", backend=FakeLLM(), **kwargs)
    assert info.value.setting == setting


def test_repr_hides_the_api_key() -> None:
    client = LLMClient("fake/m", api_key="sk-secret-value", backend=FakeLLM())
    assert "sk-secret-value" not in repr(client)
    assert "fake/m" in repr(client)


def test_string_is_one_user_message(sleeps: Any) -> None:
    fake = FakeLLM(["ok"])
    make(fake, sleeps).complete("привет")
    assert fake.requests[0]["messages"] == [{"role": "user", "content": "привет"}]


def test_options_reach_the_backend(sleeps: Any) -> None:
    fake = FakeLLM(["ok"])
    make(fake, sleeps, timeout=7.5, temperature=0.2, api_base="http://h/v1").complete(MESSAGES)
    opts = fake.requests[0]["opts"]
    assert opts == {"timeout": 7.5, "temperature": 0.2, "api_base": "http://h/v1"}


# --- retries ------------------------------------------------------------------------


def test_success_needs_no_sleep(sleeps: Any) -> None:
    fake = FakeLLM(["Ответ"])
    response = make(fake, sleeps).complete(MESSAGES)
    assert isinstance(response, LLMResponse)
    assert response.text == "Ответ"
    assert response.model == "fake/primary"
    assert sleeps.delays == []


def test_retryable_errors_are_retried_then_succeed(sleeps: Any) -> None:
    fake = FakeLLM([unavailable(), ProviderTimeoutError("slow"), "наконец"])
    response = make(fake, sleeps, max_retries=2).complete(MESSAGES)
    assert response.text == "наконец"
    assert len(fake.requests) == 3
    assert len(sleeps.delays) == 2


def test_retries_are_bounded_by_max_retries(sleeps: Any) -> None:
    fake = FakeLLM(default=lambda _m: "unused")
    fake.add(*[unavailable() for _ in range(10)])
    with pytest.raises(ProviderUnavailableError) as info:
        make(fake, sleeps, max_retries=3).complete(MESSAGES)
    assert len(fake.requests) == 4
    assert len(sleeps.delays) == 3
    assert "fake/primary" in str(info.value)
    assert "4 attempts" in str(info.value)


@pytest.mark.parametrize(
    "error",
    [
        AuthenticationError("bad key", status_code=401),
        BadRequestError("bad request", status_code=400),
        ProviderError("unknown", retryable=False),
    ],
)
def test_non_retryable_errors_are_not_retried(sleeps: Any, error: ProviderError) -> None:
    fake = FakeLLM([error, "never used"])
    with pytest.raises(type(error)):
        make(fake, sleeps, max_retries=5).complete(MESSAGES)
    assert len(fake.requests) == 1
    assert sleeps.delays == []


def test_retry_after_is_honoured(sleeps: Any) -> None:
    fake = FakeLLM([RateLimitError("slow down", retry_after=7.0), "ok"])
    policy = RetryPolicy(base_delay=0.01, max_delay=0.02)
    make(fake, sleeps, retry_policy=policy).complete(MESSAGES)
    assert sleeps.delays == [7.0]


def test_retry_after_is_capped(sleeps: Any) -> None:
    fake = FakeLLM([RateLimitError("slow down", retry_after=3600), "ok"])
    make(fake, sleeps, retry_policy=RetryPolicy(max_retry_after=60)).complete(MESSAGES)
    assert sleeps.delays == [60]


def test_backoff_grows_exponentially_with_full_jitter(sleeps: Any) -> None:
    fake = FakeLLM([unavailable() for _ in range(5)])
    policy = RetryPolicy(base_delay=1.0, max_delay=100.0, random=lambda: 1.0)
    with pytest.raises(ProviderUnavailableError):
        make(fake, sleeps, max_retries=4, retry_policy=policy).complete(MESSAGES)
    assert sleeps.delays == [1.0, 2.0, 4.0, 8.0]


def test_unexpected_backend_exceptions_propagate(sleeps: Any) -> None:
    fake = FakeLLM([KeyError("bug")])
    with pytest.raises(KeyError):
        make(fake, sleeps).complete(MESSAGES)
    assert len(fake.requests) == 1


@given(
    attempt=st.integers(min_value=0, max_value=10_000),
    base=st.floats(min_value=0, max_value=10, allow_nan=False),
    cap=st.floats(min_value=0, max_value=120, allow_nan=False),
    draw=st.floats(min_value=0, max_value=1, exclude_max=True),
)
def test_backoff_is_within_bounds(attempt: int, base: float, cap: float, draw: float) -> None:
    policy = RetryPolicy(base_delay=base, max_delay=cap, random=lambda: draw)
    delay = policy.delay(attempt)
    assert 0 <= delay <= cap
    assert delay <= base * 2.0 ** min(attempt, 62)


@given(
    retry_after=st.floats(min_value=0, max_value=1e9, allow_nan=False),
    limit=st.floats(min_value=0, max_value=600, allow_nan=False),
)
def test_retry_after_bounds(retry_after: float, limit: float) -> None:
    delay = RetryPolicy(max_retry_after=limit).delay(3, retry_after)
    assert delay == min(retry_after, limit)


def test_negative_policy_values_rejected() -> None:
    with pytest.raises(ValueError, match=">= 0"):
        RetryPolicy(base_delay=-1)


# --- fallbacks ------------------------------------------------------------------------


def test_fallbacks_are_tried_in_order(sleeps: Any) -> None:
    fake = FakeLLM(
        [
            unavailable(),
            unavailable(),
            AuthenticationError("no key for b", status_code=401),
            "from c",
        ]
    )
    client = make(fake, sleeps, max_retries=1, fallbacks=["fake/b", "fake/c"])
    response = client.complete(MESSAGES)
    assert [r["model"] for r in fake.requests] == [
        "fake/primary",
        "fake/primary",
        "fake/b",
        "fake/c",
    ]
    assert response.model == "fake/c"
    assert response.text == "from c"
    assert client.fallbacks == ("fake/b", "fake/c")


def test_all_failing_raises_last_error_naming_models(sleeps: Any) -> None:
    fake = FakeLLM(
        [
            unavailable(),
            unavailable(),
            RateLimitError("slow", retry_after=1.5, model="fake/b"),
            RateLimitError("slow", retry_after=2.5, model="fake/b"),
        ]
    )
    client = make(fake, sleeps, max_retries=1, fallbacks=["fake/b"])
    with pytest.raises(RateLimitError) as info:
        client.complete(MESSAGES)
    message = str(info.value)
    assert "fake/primary (ProviderUnavailableError after 2 attempts)" in message
    assert "fake/b (RateLimitError after 2 attempts)" in message
    assert "last error: RateLimitError" in message
    assert info.value.retry_after == 2.5
    assert info.value.model == "fake/b"
    assert isinstance(info.value.__cause__, RateLimitError)


def test_fallback_mapping_has_its_own_endpoint(sleeps: Any) -> None:
    fake = FakeLLM([BadRequestError("nope"), "ok"])
    client = make(
        fake,
        sleeps,
        api_base="http://proxy/v1",
        api_key="proxy-key",
        fallbacks=[{"model": "other/m", "api_base": "http://other/v1", "api_key": "other-key"}],
    )
    client.complete(MESSAGES)
    assert fake.requests[0]["opts"]["api_base"] == "http://proxy/v1"
    assert fake.requests[1]["opts"]["api_base"] == "http://other/v1"
    assert fake.requests[1]["opts"]["api_key"] == "other-key"


def test_string_fallbacks_share_the_endpoint(sleeps: Any) -> None:
    fake = FakeLLM([BadRequestError("nope"), "ok"])
    make(fake, sleeps, api_base="http://proxy/v1", fallbacks=["fake/b"]).complete(MESSAGES)
    assert fake.requests[1]["opts"]["api_base"] == "http://proxy/v1"


# --- async ------------------------------------------------------------------------


def test_async_retries_and_fallbacks(sleeps: Any) -> None:
    fake = FakeLLM([unavailable(), unavailable(), "async ok"])
    client = make(fake, sleeps, max_retries=1, fallbacks=["fake/b"])
    response = asyncio.run(client.acomplete(MESSAGES))
    assert response.text == "async ok"
    assert response.model == "fake/b"
    assert len(sleeps.delays) == 1


def test_async_all_fail(sleeps: Any) -> None:
    fake = FakeLLM([AuthenticationError("bad", status_code=401)])
    with pytest.raises(AuthenticationError, match="fake/primary"):
        asyncio.run(make(fake, sleeps).acomplete(MESSAGES))
    assert sleeps.delays == []


def test_async_uses_asyncio_sleep_by_default() -> None:
    fake = FakeLLM([unavailable(), "ok"])
    policy = RetryPolicy(base_delay=0.0)
    client = LLMClient("fake/m", backend=fake, retry_policy=policy)
    assert asyncio.run(client.acomplete(MESSAGES)).text == "ok"


def test_response_carries_usage_from_backend(sleeps: Any) -> None:
    response = make(FakeLLM(["раз два три"]), sleeps).complete(MESSAGES)
    assert response.usage == Usage(prompt_tokens=4, completion_tokens=3, total_tokens=7)
    assert response.request_id == "fake-1"


def test_settings_object_is_used() -> None:
    from pathlib import Path

    from unionai_sdk._config import Settings

    settings = Settings(home=Path("/nonexistent"), model="openai/s", api_base="http://s/v1")
    fake = FakeLLM(["ok"])
    client = LLMClient(backend=fake, settings=settings)
    client.complete(MESSAGES)
    assert client.model == "openai/s"
    assert fake.requests[0]["opts"]["api_base"] == "http://s/v1"
    assert client.backend is fake
