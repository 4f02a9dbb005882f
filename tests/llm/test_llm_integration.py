"""LLMClient -> litellm -> real HTTP -> OpenAICompatServer on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import textwrap
from typing import Any

import pytest
from pydantic import BaseModel

from unionai_sdk.exceptions import (
    AuthenticationError,
    BadRequestError,
    ProviderTimeoutError,
    ProviderUnavailableError,
    StructuredOutputError,
)
from unionai_sdk.llm import LLMClient, LLMResponse, RetryPolicy
from unionai_sdk.llm._litellm import LiteLLMBackend
from unionai_sdk.testing import OpenAICompatServer, Reply

# litellm imports its github_copilot modules lazily during a call; pydantic warns
# there about TypedDict ReadOnly items (third-party noise; the lead may move this
# filter to pyproject.toml)
pytestmark = pytest.mark.filterwarnings(
    "ignore:Items? .* on TypedDict class .* (is|are) using the `ReadOnly` qualifier:UserWarning"
)

MESSAGES = [{"role": "user", "content": "Как оформить отпуск без сохранения зарплаты?"}]


def client_for(
    server: OpenAICompatServer, sleeps: Any, model: str = "openai/test-model", **kwargs: Any
) -> LLMClient:
    kwargs.setdefault("max_retries", 0)
    return LLMClient(
        model,
        api_base=server.url,
        api_key="test-key",
        sleep=sleeps,
        asleep=sleeps.asleep,
        retry_policy=RetryPolicy(base_delay=0.01, max_delay=0.05),
        **kwargs,
    )


def test_plain_completion(server: OpenAICompatServer, sleeps: Any) -> None:
    server.add(
        Reply(
            content="Подайте заявление работодателю.",
            usage={"prompt_tokens": 11, "completion_tokens": 4, "total_tokens": 15},
        )
    )
    response = client_for(server, sleeps).complete(MESSAGES)
    assert isinstance(response, LLMResponse)
    assert response.text == "Подайте заявление работодателю."
    assert response.model == "openai/test-model"
    assert (response.usage.prompt_tokens, response.usage.completion_tokens) == (11, 4)
    assert response.usage.total_tokens == 15
    assert response.request_id is not None
    assert response.request_id.startswith("chatcmpl-")
    assert response.finish_reason == "stop"
    assert response.latency_s > 0
    assert response.cost_usd is None  # litellm has no price for "test-model"
    (body,) = server.requests
    assert body["model"] == "test-model"
    assert body["messages"] == MESSAGES
    assert not body.get("stream")
    assert server.request_headers[0]["authorization"] == "Bearer test-key"


def test_missing_api_key_is_an_authentication_error(
    server: OpenAICompatServer, sleeps: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    client = LLMClient("openai/test-model", api_base=server.url, max_retries=3, sleep=sleeps)
    with pytest.raises(AuthenticationError) as info:
        client.complete(MESSAGES)
    assert "UNIONAI_API_KEY" in str(info.value)
    assert sleeps.delays == []  # not retried
    assert server.requests == []


def test_known_model_has_a_cost(server: OpenAICompatServer, sleeps: Any) -> None:
    server.add(
        Reply(
            content="ok",
            usage={"prompt_tokens": 1000, "completion_tokens": 500, "total_tokens": 1500},
        )
    )
    response = client_for(server, sleeps, "openai/gpt-4o-mini").complete(MESSAGES)
    assert isinstance(response.cost_usd, float)
    assert response.cost_usd > 0
    assert server.requests[0]["model"] == "gpt-4o-mini"


def test_temperature_and_timeout_are_sent(server: OpenAICompatServer, sleeps: Any) -> None:
    client_for(server, sleeps, temperature=0.3, timeout=9).complete(MESSAGES)
    assert server.requests[0]["temperature"] == 0.3
    assert server.request_headers[0]["x-stainless-read-timeout"] == "9.0"


def test_retry_on_503_then_success(server: OpenAICompatServer, sleeps: Any) -> None:
    server.add(Reply.error(503), Reply.error(502), "ok")
    response = client_for(server, sleeps, max_retries=2).complete(MESSAGES)
    assert response.text == "ok"
    assert len(server.requests) == 3  # litellm and the openai SDK did not retry on their own
    assert len(sleeps.delays) == 2


def test_429_retry_after_is_honoured(server: OpenAICompatServer, sleeps: Any) -> None:
    server.add(Reply.error(429, retry_after=3), "ok")
    response = client_for(server, sleeps, max_retries=1).complete(MESSAGES)
    assert response.text == "ok"
    assert sleeps.delays[0] >= 3
    assert len(server.requests) == 2


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, AuthenticationError),
        (404, BadRequestError),
    ],
)
def test_non_retryable_statuses(
    server: OpenAICompatServer, sleeps: Any, status: int, expected: type[Exception]
) -> None:
    server.add(Reply.error(status, "Иванов И.И. не найден"))
    with pytest.raises(expected) as info:
        client_for(server, sleeps, max_retries=3).complete(MESSAGES)
    assert len(server.requests) == 1
    assert sleeps.delays == []
    assert "Иванов" not in str(info.value)
    assert info.value.status_code == status  # type: ignore[attr-defined]


def test_fallbacks_in_order(server: OpenAICompatServer, sleeps: Any) -> None:
    def handler(request: dict[str, Any]) -> Reply | str:
        if request["model"] in ("primary", "second"):
            return Reply.error(503)
        return f"answered by {request['model']}"

    server.handler = handler
    client = client_for(
        server, sleeps, "openai/primary", max_retries=1, fallbacks=["openai/second", "openai/third"]
    )
    response = client.complete(MESSAGES)
    assert response.text == "answered by third"
    assert response.model == "openai/third"
    assert [r["model"] for r in server.requests] == [
        "primary",
        "primary",
        "second",
        "second",
        "third",
    ]


def test_all_models_fail(server: OpenAICompatServer, sleeps: Any) -> None:
    server.handler = lambda _request: Reply.error(500)
    client = client_for(server, sleeps, "openai/a", fallbacks=["openai/b"])
    with pytest.raises(ProviderUnavailableError) as info:
        client.complete(MESSAGES)
    message = str(info.value)
    assert "openai/a (ProviderUnavailableError after 1 attempt)" in message
    assert "openai/b (ProviderUnavailableError after 1 attempt)" in message
    assert info.value.model == "openai/b"


class Answer(BaseModel):
    category: str
    urgent: bool


def test_structured_output_with_repair(server: OpenAICompatServer, sleeps: Any) -> None:
    server.add(
        '```json\n{"category": "отпуск"}\n```',
        '```json\n{"category": "отпуск", "urgent": false}\n```',
    )
    result = client_for(server, sleeps).complete_structured(MESSAGES, Answer)
    assert result.output == Answer(category="отпуск", urgent=False)
    assert (result.attempts, result.repairs) == (2, 1)
    first, second = server.requests
    assert first["response_format"] == {"type": "json_object"}
    assert first["messages"][0]["role"] == "system"
    assert "urgent" in first["messages"][0]["content"]
    assert second["messages"][-2]["role"] == "assistant"
    assert second["messages"][-1]["role"] == "user"
    assert "urgent" in second["messages"][-1]["content"]


def test_structured_output_without_json_mode_support(
    server: OpenAICompatServer, sleeps: Any
) -> None:
    def handler(request: dict[str, Any]) -> Reply | str:
        if "response_format" in request:
            return Reply.error(400, "response_format is not supported")
        return '{"category": "увольнение", "urgent": true}'

    server.handler = handler
    client = client_for(server, sleeps, max_retries=2)
    first = client.complete_structured(MESSAGES, Answer)
    assert first.output.category == "увольнение"
    assert first.attempts == 1
    assert ["response_format" in r for r in server.requests] == [True, False]
    client.complete_structured(MESSAGES, Answer)  # remembered: no second rejection
    assert ["response_format" in r for r in server.requests] == [True, False, False]


def test_structured_output_fails_after_repairs(server: OpenAICompatServer, sleeps: Any) -> None:
    server.handler = lambda _request: "извините, не могу"
    with pytest.raises(StructuredOutputError) as info:
        client_for(server, sleeps).complete_structured(MESSAGES, Answer, max_repairs=2)
    assert info.value.attempts == 3
    assert len(info.value.errors) == 3
    assert len(server.requests) == 3
    assert "извините" not in str(info.value) + "".join(info.value.errors)


@pytest.mark.parametrize(
    "reply",
    [
        Reply(malformed=True),
        Reply(content="x" * 200, truncate=True),
        Reply(empty_choices=True),
        Reply(body=b"<html>gateway</html>", headers={"Content-Type": "text/html"}),
    ],
    ids=["malformed", "truncated", "empty_choices", "html"],
)
def test_broken_responses_are_typed(server: OpenAICompatServer, sleeps: Any, reply: Reply) -> None:
    server.add(reply)
    with pytest.raises(ProviderUnavailableError) as info:
        client_for(server, sleeps).complete(MESSAGES)
    assert info.value.retryable
    assert info.value.model == "openai/test-model"


def test_broken_response_is_retried(server: OpenAICompatServer, sleeps: Any) -> None:
    server.add(Reply(content="x" * 100, truncate=True), "recovered")
    assert client_for(server, sleeps, max_retries=1).complete(MESSAGES).text == "recovered"


def test_timeout(server: OpenAICompatServer, sleeps: Any) -> None:
    server.add(Reply(content="late", delay=3.0))
    with pytest.raises(ProviderTimeoutError) as info:
        client_for(server, sleeps, timeout=0.3).complete(MESSAGES)
    assert info.value.retryable


def test_connection_refused(closed_port: int, sleeps: Any) -> None:
    client = LLMClient(
        "openai/test-model",
        api_base=f"http://127.0.0.1:{closed_port}/v1",
        api_key="k",
        max_retries=1,
        sleep=sleeps,
    )
    with pytest.raises(ProviderUnavailableError) as info:
        client.complete(MESSAGES)
    assert len(sleeps.delays) == 1  # refused connections are retryable
    assert "2 attempts" in str(info.value)


def test_async_concurrency(server: OpenAICompatServer, sleeps: Any) -> None:
    server.delay = 0.05
    client = client_for(server, sleeps)

    async def main() -> list[LLMResponse]:
        return await asyncio.gather(*(client.acomplete(f"вопрос {i}") for i in range(60)))

    responses = asyncio.run(main())
    assert [r.text for r in responses] == [f"вопрос {i}" for i in range(60)]
    assert len(server.requests) == 60
    assert len({r.request_id for r in responses}) == 60


def test_async_errors_retries_and_structured(server: OpenAICompatServer, sleeps: Any) -> None:
    server.add(Reply.error(429, retry_after=2), '{"category": "зарплата", "urgent": true}')
    client = client_for(server, sleeps, max_retries=1)
    result = asyncio.run(client.acomplete_structured(MESSAGES, Answer))
    assert result.output.urgent is True
    assert sleeps.delays == [2.0]


def test_async_timeout_and_refused(
    server: OpenAICompatServer, closed_port: int, sleeps: Any
) -> None:
    server.add(Reply(content="late", delay=3.0))
    with pytest.raises(ProviderTimeoutError):
        asyncio.run(client_for(server, sleeps, timeout=0.3).acomplete(MESSAGES))
    refused = LLMClient(
        "openai/m", api_base=f"http://127.0.0.1:{closed_port}/v1", api_key="k", max_retries=0
    )
    with pytest.raises(ProviderUnavailableError):
        asyncio.run(refused.acomplete(MESSAGES))


def test_client_survives_several_event_loops(server: OpenAICompatServer, sleeps: Any) -> None:
    client = client_for(server, sleeps)
    first = asyncio.run(client.acomplete("один"))
    second = asyncio.run(client.acomplete("два"))
    assert (first.text, second.text) == ("один", "два")


def test_backend_directly(server: OpenAICompatServer) -> None:
    server.add("direct")
    response = LiteLLMBackend().complete(
        "openai/test-model", MESSAGES, api_base=server.url, api_key="k", timeout=5
    )
    assert response.text == "direct"
    assert json.loads(server.raw_bodies[0])["messages"] == MESSAGES


@pytest.mark.slow
def test_litellm_makes_no_network_call_beyond_loopback() -> None:
    """In a fresh interpreter, watch every socket connect and DNS lookup while
    litellm is imported and used through LLMClient (including cost lookup)."""
    script = textwrap.dedent(
        """
        import sys
        seen = []
        def hook(event, args):
            if event == "socket.connect":
                seen.append(("connect", str(args[1])))
            elif event == "socket.getaddrinfo":
                seen.append(("dns", str(args[0])))
        sys.addaudithook(hook)
        import asyncio
        from unionai_sdk.llm import LLMClient
        from unionai_sdk.testing import OpenAICompatServer
        with OpenAICompatServer() as server:
            for model in ("openai/gpt-4o-mini", "openai/unknown-model"):
                client = LLMClient(model, api_base=server.url, api_key="k")
                assert client.complete("hi").text == "hi"
                assert asyncio.run(client.acomplete("hi")).text == "hi"
        import os
        assert os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] == "True"
        bad = [s for s in seen if "127.0.0.1" not in s[1]]
        print("BAD", bad)
        print("LOOPBACK", any(kind == "connect" for kind, _ in seen))
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "LITELLM_LOCAL_MODEL_COST_MAP"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "BAD []" in result.stdout
    assert "LOOPBACK True" in result.stdout  # the hook did see the loopback calls


def test_a_users_cost_map_setting_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    from unionai_sdk.llm._litellm import import_litellm

    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "false-by-user")
    assert import_litellm().__name__ == "litellm"
    assert os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] == "false-by-user"


def test_sync_client_from_many_threads(server: OpenAICompatServer, sleeps: Any) -> None:
    from concurrent.futures import ThreadPoolExecutor

    client = client_for(server, sleeps)
    with ThreadPoolExecutor(max_workers=8) as pool:
        texts = list(pool.map(lambda i: client.complete(f"поток {i}").text, range(24)))
    assert texts == [f"поток {i}" for i in range(24)]
    assert len(server.requests) == 24
