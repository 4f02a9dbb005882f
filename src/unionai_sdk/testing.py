"""Test kit for code that uses unionai-sdk — your tests and ours.

* :class:`FakeLLM` — an in-process :class:`~unionai_sdk.llm.Backend` with
  scripted replies; pass it as ``LLMClient(..., backend=FakeLLM([...]))``.
* :class:`OpenAICompatServer` — a real HTTP server on 127.0.0.1 speaking the
  OpenAI chat-completions protocol, scriptable with :class:`Reply` (errors,
  ``Retry-After``, delays, malformed and truncated bodies). Point any client at
  it: ``LLMClient("openai/test-model", api_base=server.url, api_key="test")``.
* :func:`capture_audit` — collect audit events in memory.
* :func:`structured_reply` — a server handler (or ``FakeLLM`` reply) that
  answers any structured request with the smallest valid, obviously synthetic
  JSON for the requested schema, mentioning the request's placeholders;
  :func:`example_for_schema` builds such a value from a JSON Schema.

Only the standard library is used, so scripts can rely on this module without
extra test dependencies. Nothing here touches the network beyond loopback.
"""

from __future__ import annotations

import json
import secrets
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, ClassVar

from unionai_sdk._testing_schema import example_for_schema, structured_reply
from unionai_sdk.audit._sink import MemoryAuditSink
from unionai_sdk.llm._types import LLMResponse, Message, Usage

__all__ = [
    "FakeLLM",
    "OpenAICompatServer",
    "Reply",
    "capture_audit",
    "example_for_schema",
    "structured_reply",
]

FakeReply = str | BaseException | Callable[[list[Message]], str]


def _words(text: str) -> int:
    return len(text.split())


# --- FakeLLM -----------------------------------------------------------------


class FakeLLM:
    """A scripted :class:`~unionai_sdk.llm.Backend`, synchronous and asynchronous.

    Each call takes the next item of ``replies``: a string is the answer, an
    exception instance is raised (use ``unionai_sdk.exceptions`` types to
    simulate provider failures), a callable receives the messages and returns
    the answer. When the script runs out, ``default`` (a string or callable) is
    used; without a default an ``AssertionError`` names the call that had no
    reply. Every call is recorded in :attr:`requests` as
    ``{"model": ..., "messages": [...], "opts": {...}}``.
    """

    def __init__(
        self,
        replies: Iterable[FakeReply] = (),
        *,
        default: str | Callable[[list[Message]], str] | None = None,
    ) -> None:
        self._script: deque[FakeReply] = deque(replies)
        self._default = default
        self._lock = threading.Lock()
        self.requests: list[dict[str, Any]] = []

    def add(self, *replies: FakeReply) -> None:
        """Append more scripted replies."""
        with self._lock:
            self._script.extend(replies)

    @property
    def remaining(self) -> int:
        """Scripted replies not used yet."""
        with self._lock:
            return len(self._script)

    def complete(self, model: str, messages: Sequence[Message], **opts: Any) -> LLMResponse:
        """Answer from the script (see the class docstring)."""
        copied = [dict(m) for m in messages]
        with self._lock:
            self.requests.append({"model": model, "messages": copied, "opts": dict(opts)})
            number = len(self.requests)
            item: FakeReply | None = self._script.popleft() if self._script else self._default
        if item is None:
            raise AssertionError(
                f"FakeLLM has no scripted reply for call #{number} (model {model!r}); "
                "add replies or pass default=..."
            )
        if isinstance(item, BaseException):
            raise item
        text = item if isinstance(item, str) else item(copied)
        prompt = sum(_words(m.get("content", "")) for m in copied)
        completion = _words(text)
        return LLMResponse(
            text=text,
            model=model,
            usage=Usage(prompt, completion, prompt + completion),
            cost_usd=None,
            latency_s=0.0,
            request_id=f"fake-{number}",
            finish_reason="stop",
        )

    async def acomplete(self, model: str, messages: Sequence[Message], **opts: Any) -> LLMResponse:
        """Asynchronous :meth:`complete`."""
        return self.complete(model, messages, **opts)


# --- OpenAICompatServer ------------------------------------------------------


@dataclass
class Reply:
    """One scripted answer of :class:`OpenAICompatServer`.

    ``content`` is the assistant text of a normal 200 answer. ``status`` >= 400
    sends an OpenAI-style error body (``headers`` e.g. ``{"Retry-After": "2"}``).
    ``body`` sends these exact bytes instead. ``delay`` waits before answering.
    ``truncate`` announces the full ``Content-Length`` but sends only half of
    the body and closes the connection; ``malformed`` sends invalid JSON with
    status 200; ``empty_choices`` answers with ``"choices": []``.
    """

    content: str | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    delay: float = 0.0
    truncate: bool = False
    malformed: bool = False
    empty_choices: bool = False
    finish_reason: str = "stop"
    usage: dict[str, int] | None = None
    model: str | None = None

    @classmethod
    def error(
        cls, status: int, message: str = "scripted error", *, retry_after: float | None = None
    ) -> Reply:
        """An HTTP error answer, optionally with ``Retry-After`` (seconds)."""
        headers = {} if retry_after is None else {"Retry-After": f"{retry_after:g}"}
        return cls(content=message, status=status, headers=headers)


ServerReply = Reply | str | Mapping[str, Any]
Handler = Callable[[dict[str, Any]], ServerReply]

_ERROR_TYPES: Mapping[int, str] = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    429: "rate_limit_error",
}


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024
    owner: OpenAICompatServer


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real providers do
    # headers and body go out in separate writes: without TCP_NODELAY, Nagle's
    # algorithm and the client's delayed ACK add ~40 ms to every answer
    disable_nagle_algorithm = True
    server: _HTTPServer
    server_version = "unionai-sdk-testing/1"

    def log_message(self, format: str, *args: Any) -> None:
        return None  # quiet: tests assert on recorded requests, not on logs

    def setup(self) -> None:
        super().setup()
        self.server.owner._track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        except OSError:
            pass
        finally:
            self.server.owner._track(self.connection, add=False)

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionError, TimeoutError, OSError):
            self.close_connection = True  # the client went away; nothing to answer

    # -- helpers --
    def _send(self, status: int, body: bytes, headers: Mapping[str, str] | None = None) -> None:
        self.send_response(status)
        names = {k.lower() for k in (headers or {})}
        if "content-type" not in names:
            self.send_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _send_json(
        self, status: int, payload: Any, headers: Mapping[str, str] | None = None
    ) -> None:
        self._send(status, json.dumps(payload).encode(), headers)

    def _error(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        payload = {
            "error": {
                "message": message,
                "type": _ERROR_TYPES.get(status, "server_error"),
                "param": None,
                "code": str(status),
            }
        }
        self._send_json(status, payload, headers)

    # -- verbs --
    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0].rstrip("/")
        if path in ("/v1/models", "/models"):
            created = int(time.time())
            data = [
                {"id": m, "object": "model", "created": created, "owned_by": "unionai-sdk-testing"}
                for m in self.server.owner.models
            ]
            self._send_json(200, {"object": "list", "data": data})
        else:
            self._error(404, "not found")

    def do_POST(self) -> None:
        owner = self.server.owner
        path = self.path.split("?", 1)[0].rstrip("/")
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length > 0 else b""
        if path not in ("/v1/chat/completions", "/chat/completions"):
            self._error(404, "not found")
            return
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = None
        headers = {k.lower(): v for k, v in self.headers.items()}
        owner._record(raw, parsed if isinstance(parsed, dict) else None, headers)
        if not isinstance(parsed, dict):
            self._error(400, "request body is not a JSON object")
            return
        if parsed.get("stream"):
            self._error(400, "streaming is not supported by this test server")
            return
        try:
            reply = owner._next_reply(parsed)
        except Exception as exc:
            owner._note_handler_error(exc)
            self._error(500, f"test handler raised {type(exc).__name__}")
            return
        delay = max(owner.delay, reply.delay)
        if delay > 0 and owner._stopping.wait(delay):
            self.close_connection = True
            return
        self._answer(parsed, reply)

    def _answer(self, request: dict[str, Any], reply: Reply) -> None:
        if reply.body is not None:
            body = reply.body
            status = reply.status
        elif reply.status >= 400:
            payload = {
                "error": {
                    "message": reply.content or "scripted error",
                    "type": _ERROR_TYPES.get(reply.status, "server_error"),
                    "param": None,
                    "code": str(reply.status),
                }
            }
            body = json.dumps(payload).encode()
            status = reply.status
        elif reply.malformed:
            body = b'{"id": "chatcmpl-malformed", "object": "chat.completion", "choices": [{'
            status = reply.status
        else:
            body = json.dumps(self.server.owner._completion(request, reply)).encode()
            status = reply.status
        if reply.truncate:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            with suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self._send(status, body, reply.headers)


class OpenAICompatServer:
    """A real OpenAI-compatible HTTP server on ``127.0.0.1`` (random port).

    Serves ``POST /v1/chat/completions`` (non-streaming; ``stream: true`` gets
    HTTP 400) and ``GET /v1/models``. Each request takes the next scripted
    ``replies`` item; when they run out, ``handler(request_body)`` computes the
    reply; without a handler the server echoes the last user message. A reply
    is a :class:`Reply`, a string (the assistant text) or a mapping (sent as the
    JSON body). ``delay`` applies to every reply.

    Every request is recorded, thread-safely and in arrival order:
    :attr:`requests` (parsed JSON bodies), :attr:`raw_bodies` (exact bytes) and
    :attr:`request_headers`. Use it as a context manager, or call
    :meth:`start` / :meth:`stop`::

        with OpenAICompatServer(replies=["hello"]) as server:
            client = LLMClient("openai/test-model", api_base=server.url, api_key="test")
            assert client.complete([{"role": "user", "content": "hi"}]).text == "hello"
    """

    models: ClassVar[tuple[str, ...]] = ("test-model",)

    def __init__(
        self,
        handler: Handler | None = None,
        *,
        replies: Iterable[ServerReply] = (),
        delay: float = 0.0,
    ) -> None:
        self.handler = handler
        self.delay = delay
        self._replies: deque[ServerReply] = deque(replies)
        self._lock = threading.Lock()
        self._requests: list[dict[str, Any]] = []
        self._raw: list[bytes] = []
        self._headers: list[dict[str, str]] = []
        self._handler_errors: list[BaseException] = []
        self._connections: set[socket.socket] = set()
        self._counter = 0
        self._stopping = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --
    def start(self) -> OpenAICompatServer:
        """Bind a free port on 127.0.0.1 and serve in a background thread."""
        if self._httpd is not None:
            return self
        self._stopping.clear()
        httpd = _HTTPServer(("127.0.0.1", 0), _RequestHandler)
        httpd.owner = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"OpenAICompatServer:{httpd.server_address[1]}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close open connections and release the port."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self._stopping.set()
        httpd.shutdown()
        httpd.server_close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            with suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        if thread is not None:
            thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> OpenAICompatServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- addresses --
    @property
    def port(self) -> int:
        """The bound port (the server must be started)."""
        if self._httpd is None:
            raise RuntimeError("OpenAICompatServer is not started")
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT/v1`` — pass it as ``api_base``."""
        return f"http://127.0.0.1:{self.port}/v1"

    # -- scripting and records --
    def add(self, *replies: ServerReply) -> None:
        """Append more scripted replies."""
        with self._lock:
            self._replies.extend(replies)

    @property
    def requests(self) -> list[dict[str, Any]]:
        """Parsed JSON bodies received so far (a snapshot; invalid bodies are skipped)."""
        with self._lock:
            return [r for r in self._requests if r is not None]

    @property
    def raw_bodies(self) -> list[bytes]:
        """Exact request bodies received so far (a snapshot)."""
        with self._lock:
            return list(self._raw)

    @property
    def request_headers(self) -> list[dict[str, str]]:
        """Headers of each request received so far, names lower-cased (a snapshot)."""
        with self._lock:
            return [dict(h) for h in self._headers]

    @property
    def handler_errors(self) -> list[BaseException]:
        """Exceptions raised by ``handler`` (each answered with HTTP 500)."""
        with self._lock:
            return list(self._handler_errors)

    # -- internals used by the request handler --
    def _track(self, conn: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)

    def _record(self, raw: bytes, parsed: dict[str, Any] | None, headers: dict[str, str]) -> None:
        with self._lock:
            self._raw.append(raw)
            self._requests.append(parsed)  # type: ignore[arg-type]  # None filtered on read
            self._headers.append(headers)

    def _note_handler_error(self, exc: BaseException) -> None:
        with self._lock:
            self._handler_errors.append(exc)

    def _next_reply(self, request: dict[str, Any]) -> Reply:
        with self._lock:
            item: ServerReply | None = self._replies.popleft() if self._replies else None
        if item is None:
            item = self.handler(request) if self.handler is not None else _echo(request)
        if isinstance(item, Reply):
            return item
        if isinstance(item, str):
            return Reply(content=item)
        return Reply(body=json.dumps(dict(item)).encode())

    def _completion(self, request: dict[str, Any], reply: Reply) -> dict[str, Any]:
        with self._lock:
            self._counter += 1
            number = self._counter
        content = reply.content or ""
        messages = request.get("messages") or []
        prompt = sum(
            _words(m.get("content", ""))
            for m in messages
            if isinstance(m, dict) and isinstance(m.get("content"), str)
        )
        completion = _words(content)
        usage = reply.usage or {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        }
        choices = (
            []
            if reply.empty_choices
            else [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": reply.finish_reason,
                }
            ]
        )
        return {
            "id": f"chatcmpl-{number:06d}{secrets.token_hex(4)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": reply.model or str(request.get("model") or "test-model"),
            "choices": choices,
            "usage": usage,
        }


def _echo(request: dict[str, Any]) -> Reply:
    for message in reversed(request.get("messages") or []):
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            return Reply(content=content if isinstance(content, str) else "")
    return Reply(content="")


# --- audit -------------------------------------------------------------------


@contextmanager
def capture_audit() -> Iterator[MemoryAuditSink]:
    """Yield a :class:`~unionai_sdk.audit.MemoryAuditSink` to pass as ``audit=``;
    its ``records`` list holds one dict per event."""
    yield MemoryAuditSink()
