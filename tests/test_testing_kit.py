"""The public test kit: FakeLLM, OpenAICompatServer, Reply, capture_audit."""

from __future__ import annotations

import asyncio
import http.client
import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from unionai_sdk.audit import MemoryAuditSink
from unionai_sdk.exceptions import ProviderUnavailableError
from unionai_sdk.llm import Backend, LLMClient, LLMResponse
from unionai_sdk.testing import FakeLLM, OpenAICompatServer, Reply, capture_audit

MESSAGES = [{"role": "user", "content": "Привет"}]


def post(
    server: OpenAICompatServer,
    body: bytes | dict[str, Any],
    path: str = "/v1/chat/completions",
    timeout: float = 10,
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        conn.request("POST", path, body=payload, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def chat(content: str = "Привет", **extra: Any) -> dict[str, Any]:
    return {"model": "test-model", "messages": [{"role": "user", "content": content}], **extra}


# --- FakeLLM ------------------------------------------------------------------------


def test_fake_llm_is_a_backend() -> None:
    assert isinstance(FakeLLM(), Backend)


def test_fake_llm_script_kinds() -> None:
    fake = FakeLLM(["text", ProviderUnavailableError("down"), lambda msgs: msgs[-1]["content"] * 2])
    assert fake.complete("m", MESSAGES).text == "text"
    with pytest.raises(ProviderUnavailableError):
        fake.complete("m", MESSAGES)
    assert fake.complete("m", MESSAGES, temperature=0).text == "ПриветПривет"
    assert [r["model"] for r in fake.requests] == ["m", "m", "m"]
    assert fake.requests[2]["opts"] == {"temperature": 0}
    assert fake.requests[0]["messages"] == MESSAGES


def test_fake_llm_records_a_copy_of_messages() -> None:
    messages = [{"role": "user", "content": "a"}]
    fake = FakeLLM(["x"])
    fake.complete("m", messages)
    messages[0]["content"] = "changed"
    assert fake.requests[0]["messages"][0]["content"] == "a"


def test_fake_llm_default_and_exhaustion() -> None:
    assert FakeLLM(default="d").complete("m", MESSAGES).text == "d"
    assert FakeLLM(default=lambda m: str(len(m))).complete("m", MESSAGES).text == "1"
    fake = FakeLLM(["only"])
    fake.complete("m", MESSAGES)
    with pytest.raises(AssertionError, match="no scripted reply for call #2"):
        fake.complete("m", MESSAGES)


def test_fake_llm_async_and_threads() -> None:
    fake = FakeLLM(default=lambda m: m[-1]["content"].upper())

    async def main() -> list[LLMResponse]:
        return await asyncio.gather(
            *(fake.acomplete("m", [{"role": "user", "content": f"q{i}"}]) for i in range(20))
        )

    assert [r.text for r in asyncio.run(main())] == [f"Q{i}" for i in range(20)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: fake.complete("m", MESSAGES), range(100)))
    assert len(fake.requests) == 120
    assert len({r["messages"][0]["content"] for r in fake.requests}) == 21


def test_fake_llm_with_client_in_a_user_script() -> None:
    fake = FakeLLM(['{"ok": true}'])
    client = LLMClient("any/model", backend=fake)
    assert client.complete("hi").text == '{"ok": true}'
    assert fake.remaining == 0


def test_capture_audit() -> None:
    with capture_audit() as sink:
        assert isinstance(sink, MemoryAuditSink)
        sink.record("llm.call", model="m", tokens=3)
    assert sink.records == [{"event": "llm.call", "model": "m", "tokens": 3}]


# --- OpenAICompatServer: protocol -------------------------------------------------------


def test_chat_completion_response_format() -> None:
    with OpenAICompatServer(replies=["Ответ"]) as server:
        assert server.url == f"http://127.0.0.1:{server.port}/v1"
        status, headers, body = post(server, chat("раз два три"))
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    data = json.loads(body)
    assert data["object"] == "chat.completion"
    assert data["id"].startswith("chatcmpl-")
    assert isinstance(data["created"], int)
    assert data["model"] == "test-model"
    assert data["choices"] == [
        {"index": 0, "message": {"role": "assistant", "content": "Ответ"}, "finish_reason": "stop"}
    ]
    assert data["usage"] == {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4}


def test_records_parsed_and_raw_bodies() -> None:
    raw = json.dumps(chat("тело"), ensure_ascii=False).encode()
    with OpenAICompatServer() as server:
        post(server, raw)
        post(server, b"not json")
        assert server.raw_bodies == [raw, b"not json"]
        assert server.requests == [chat("тело")]


def test_default_echo_handler_and_mapping_replies() -> None:
    custom = {"id": "x1", "object": "chat.completion", "choices": [], "usage": {}}
    with OpenAICompatServer(handler=lambda req: f"got {req['model']}", replies=[custom]) as server:
        assert json.loads(post(server, chat())[2]) == custom
        data = json.loads(post(server, chat())[2])
        assert data["choices"][0]["message"]["content"] == "got test-model"
    with OpenAICompatServer() as echo:
        data = json.loads(post(echo, chat("эхо"))[2])
        assert data["choices"][0]["message"]["content"] == "эхо"


def test_error_replies_and_retry_after() -> None:
    with OpenAICompatServer(replies=[Reply.error(429, retry_after=2.5), Reply.error(503)]) as s:
        status, headers, body = post(s, chat())
        assert status == 429
        assert headers["Retry-After"] == "2.5"
        assert json.loads(body)["error"]["type"] == "rate_limit_error"
        assert post(s, chat())[0] == 503


def test_bad_requests() -> None:
    with OpenAICompatServer(handler=lambda req: 1 / 0) as server:  # type: ignore[arg-type,return-value]
        assert post(server, b"{broken")[0] == 400
        assert post(server, chat(stream=True))[0] == 400
        assert post(server, chat(), path="/v1/other")[0] == 404
        assert post(server, chat())[0] == 500
        assert isinstance(server.handler_errors[0], ZeroDivisionError)


def test_models_endpoint() -> None:
    with OpenAICompatServer() as server:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        conn.request("GET", "/v1/models")
        data = json.loads(conn.getresponse().read())
        conn.close()
    assert data["object"] == "list"
    assert data["data"][0]["id"] == "test-model"


def test_malformed_empty_and_raw_body() -> None:
    replies = [
        Reply(malformed=True),
        Reply(content="x", empty_choices=True),
        Reply(body=b"plain", status=502, headers={"Content-Type": "text/plain"}),
    ]
    with OpenAICompatServer(replies=replies) as server:
        status, _, body = post(server, chat())
        assert status == 200
        with pytest.raises(json.JSONDecodeError):
            json.loads(body)
        assert json.loads(post(server, chat())[2])["choices"] == []
        status, headers, body = post(server, chat())
        assert (status, headers["Content-Type"], body) == (502, "text/plain", b"plain")


def test_truncated_body() -> None:
    with OpenAICompatServer(replies=[Reply(content="y" * 500, truncate=True)]) as server:
        with pytest.raises(http.client.IncompleteRead):
            post(server, chat())
        # the server keeps serving after a truncated answer
        assert post(server, chat())[0] == 200


def test_delay() -> None:
    with OpenAICompatServer(replies=[Reply(content="late", delay=0.3)]) as server:
        started = time.perf_counter()
        assert post(server, chat())[0] == 200
        assert time.perf_counter() - started >= 0.3


def test_keep_alive_connection_reuse() -> None:
    with OpenAICompatServer() as server:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        for i in range(3):
            conn.request("POST", "/v1/chat/completions", body=json.dumps(chat(str(i))).encode())
            assert json.loads(conn.getresponse().read())["choices"][0]["message"]["content"] == str(
                i
            )
        conn.close()
        assert len(server.requests) == 3


def test_200_concurrent_requests() -> None:
    with OpenAICompatServer(delay=0.05) as server:
        barrier = threading.Barrier(50)

        def one(i: int) -> str:
            if i < 50:
                barrier.wait(timeout=10)
            status, _, body = post(server, chat(f"n{i}"), timeout=30)
            assert status == 200
            return str(json.loads(body)["choices"][0]["message"]["content"])

        with ThreadPoolExecutor(max_workers=200) as pool:
            results = list(pool.map(one, range(200)))
        assert results == [f"n{i}" for i in range(200)]
        assert len(server.requests) == 200
        assert sorted(r["messages"][0]["content"] for r in server.requests) == sorted(results)
        ids = {json.loads(b)["messages"][0]["content"] for b in server.raw_bodies}
        assert len(ids) == 200


def test_clean_shutdown_releases_port_and_open_connections() -> None:
    server = OpenAICompatServer(replies=[Reply(content="never", delay=30)]).start()
    port = server.port
    idle = socket.create_connection(("127.0.0.1", port))  # an idle keep-alive client
    results: list[BaseException | tuple[int, dict[str, str], bytes]] = []

    def slow() -> None:
        try:
            results.append(post(server, chat(), timeout=30))
        except BaseException as exc:
            results.append(exc)

    thread = threading.Thread(target=slow)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.perf_counter()
    server.stop()
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert time.perf_counter() - started < 10
    assert isinstance(results[0], (ConnectionError, http.client.HTTPException))
    idle.close()
    with pytest.raises(RuntimeError, match="not started"):
        _ = server.url
    # the port is free again
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
    server.stop()  # idempotent


def test_restart_after_stop() -> None:
    server = OpenAICompatServer(replies=["a", "b"])
    with server:
        assert post(server, chat())[0] == 200
    with server:
        assert json.loads(post(server, chat())[2])["choices"][0]["message"]["content"] == "b"
