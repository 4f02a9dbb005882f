"""Provider faults through the facade, over real HTTP (litellm -> OpenAICompatServer).

Every fault ends either in a successful retry/fallback (a pending draft) or in a
typed :class:`UnionAIError` subclass with: no draft at all (nothing half-made
in the review store), an ``llm.error`` audit record, nothing released.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import adv_helpers as h
import pytest

import unionai_sdk as ua
from unionai_sdk.audit import MemoryAuditSink
from unionai_sdk.audit import events as ev
from unionai_sdk.testing import OpenAICompatServer, Reply

NAME = "Жумабаева Айгерим Сериковна"
FACTS = (
    f"Учитель {NAME} (ИИН 850312401235, тел. +7 701 555 12 34) получила уведомление о "
    "сокращении за две недели до увольнения."
)
QUESTION = "Правомерно ли увольнение?"
REVIEWER = ua.User("adv.reviewer", "Адв Проверяющий", roles={"lawyer"})


def closed_port_url() -> str:
    """A loopback URL nobody listens on (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


FaultFactory = Callable[[], Reply]

FAULTS: dict[str, tuple[FaultFactory, type[ua.UnionAIError], bool]] = {
    # name: (reply factory, expected error type when it never stops, retryable)
    "timeout": (lambda: Reply(content="{}", delay=1.2), ua.ProviderTimeoutError, True),
    "429_retry_after": (lambda: Reply.error(429, retry_after=0.01), ua.RateLimitError, True),
    "500": (lambda: Reply.error(500), ua.ProviderUnavailableError, True),
    "503": (lambda: Reply.error(503), ua.ProviderUnavailableError, True),
    "malformed_json": (lambda: Reply(malformed=True), ua.ProviderError, True),
    "empty_choices": (lambda: Reply(content="x", empty_choices=True), ua.ProviderError, True),
    "truncated_body": (lambda: Reply(content='{"a": 1}', truncate=True), ua.ProviderError, True),
    "401": (lambda: Reply.error(401), ua.AuthenticationError, False),
}


def _facade(tmp_path: Path, url: str, **client: Any) -> tuple[ua.UnionAI, MemoryAuditSink]:
    sink = MemoryAuditSink()
    client.setdefault("max_retries", 1)
    client.setdefault("timeout", 0.4)
    ai = h.make_facade(tmp_path, h.fast_retry_client(url, **client), audit=sink)
    return ai, sink


def _assert_clean_failure(ai: ua.UnionAI, sink: MemoryAuditSink, exc: BaseException) -> None:
    assert isinstance(exc, ua.UnionAIError)
    assert ai.review.pending() == []
    assert ai.review.drafts() == []  # no draft in any status: nothing half-made
    names = sink.events()
    assert ev.LLM_ERROR in names, names
    error = next(r for r in sink.records if r["event"] == ev.LLM_ERROR)
    assert error["error_type"] == type(exc).__name__
    assert ev.REVIEW_SUBMITTED not in names
    assert ev.REVIEW_RELEASED not in names
    # the error message never carries the member's data
    for secret in ("850312401235", "Жумабаева", "555 12 34"):
        assert secret not in str(exc)


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_fault_that_never_stops_is_typed_audited_and_leaves_nothing(
    tmp_path: Path, fault: str
) -> None:
    make, expected, retryable = FAULTS[fault]
    with OpenAICompatServer(handler=lambda _req: make()) as server:
        ai, sink = _facade(tmp_path, server.url)
        with pytest.raises(ua.UnionAIError) as info:
            ai.legal_memo(facts=FACTS, question=QUESTION)
        assert isinstance(info.value, expected), type(info.value)
        _assert_clean_failure(ai, sink, info.value)
        # retryable faults are retried (1 + max_retries), the others are not
        assert len(server.raw_bodies) == (2 if retryable else 1)
        if fault == "429_retry_after":
            assert isinstance(info.value, ua.RateLimitError)
            assert info.value.retry_after is not None


@pytest.mark.parametrize("fault", sorted(f for f, v in FAULTS.items() if v[2]))
def test_fault_once_then_retry_succeeds(tmp_path: Path, fault: str) -> None:
    make, _, _ = FAULTS[fault]
    with OpenAICompatServer(handler=h.schema_reply, replies=[make()]) as server:
        ai, sink = _facade(tmp_path, server.url)
        draft = ai.legal_memo(facts=FACTS, question=QUESTION)
        assert draft.status == "pending"
        assert len(server.raw_bodies) == 2
        assert [d.id for d in ai.review.pending()] == [draft.id]
        assert ev.LLM_RESPONSE in sink.events()


def test_refused_connection_is_typed_and_leaves_nothing(tmp_path: Path) -> None:
    ai, sink = _facade(tmp_path, closed_port_url())
    with pytest.raises(ua.ProviderUnavailableError) as info:
        ai.legal_memo(facts=FACTS, question=QUESTION)
    assert info.value.retryable
    _assert_clean_failure(ai, sink, info.value)


def test_refused_primary_falls_back_to_a_working_model(tmp_path: Path) -> None:
    with OpenAICompatServer(handler=h.schema_reply) as server:
        fallback = {"model": "openai/test-model", "api_base": server.url, "api_key": "x"}
        ai, _sink = _facade(tmp_path, closed_port_url(), fallbacks=[fallback])
        draft = ai.legal_memo(facts=FACTS, question=QUESTION)
        assert draft.status == "pending"
        assert len(server.raw_bodies) == 1
        assert "Жумабаева" not in server.raw_bodies[0].decode("utf-8", "replace")


def test_schema_invalid_output_is_repaired_or_a_typed_error(tmp_path: Path) -> None:
    # repaired: one bad answer, then a valid one
    with OpenAICompatServer(handler=h.schema_reply, replies=["это не JSON"]) as server:
        ai, _ = _facade(tmp_path / "a", server.url)
        draft = ai.legal_memo(facts=FACTS, question=QUESTION)
        assert "schema_repaired:1" in draft.risk_flags
    # never valid: StructuredOutputError after 1 + max_repairs attempts
    wrong = '{"addressee": "x"}'
    with OpenAICompatServer(handler=lambda _r: wrong) as server:
        ai, sink = _facade(tmp_path / "b", server.url)
        with pytest.raises(ua.StructuredOutputError) as info:
            ai.legal_memo(facts=FACTS, question=QUESTION)
        assert info.value.attempts == 3
        assert len(server.raw_bodies) == 3
        _assert_clean_failure(ai, sink, info.value)


def test_async_fault_is_typed_and_leaves_nothing(tmp_path: Path) -> None:
    with OpenAICompatServer(handler=lambda _r: Reply.error(503)) as server:
        ai, sink = _facade(tmp_path, server.url)
        with pytest.raises(ua.ProviderUnavailableError) as info:
            asyncio.run(ai.alegal_memo(facts=FACTS, question=QUESTION))
        _assert_clean_failure(ai, sink, info.value)


@pytest.mark.parametrize(
    "mangled", ["<Person_1>", "[PERSON_1]", "PERSON_1", "«PERSON_1»", "<PERSON 1>"]
)
def test_mangled_placeholders_are_restored_on_release(tmp_path: Path, mangled: str) -> None:
    with OpenAICompatServer(handler=h.memo_with_person(mangled)) as server:
        ai, sink = _facade(tmp_path, server.url)
        draft = ai.legal_memo(facts=FACTS, question=QUESTION)
        assert not any(f.startswith("unknown_placeholder") for f in draft.risk_flags)
        with pytest.raises(ua.NotApprovedError):
            ai.review.release(draft.id, by=REVIEWER)
        ai.review.approve(draft.id, reviewer=REVIEWER)
        doc = ai.review.release(draft.id, by=REVIEWER)
    assert "Жумабаев" in doc.text
    assert "PERSON" not in doc.text.upper().replace(" ", "_")
    assert [r["event"] for r in sink.records].count(ev.REVIEW_RELEASED) == 1


def test_invented_placeholder_is_flagged_for_the_reviewer(tmp_path: Path) -> None:
    with OpenAICompatServer(handler=h.memo_with_person("<PERSON_9>")) as server:
        ai, _ = _facade(tmp_path, server.url)
        draft = ai.legal_memo(facts=FACTS, question=QUESTION)
    assert "unknown_placeholder:<PERSON_9>" in draft.risk_flags
    assert draft.status == "pending"


def test_model_echoing_an_identifier_is_flagged(tmp_path: Path) -> None:
    """A provider that answers with a (different) ИИН: residual PII flag on the draft."""

    def echo_iin(request: dict[str, Any]) -> str:
        return h.schema_reply(request, person="ИИН 990101300013")

    with OpenAICompatServer(handler=echo_iin) as server:
        ai, _ = _facade(tmp_path, server.url)
        draft = ai.legal_memo(facts=FACTS, question=QUESTION)
    assert any(f.startswith("residual_pii:") for f in draft.risk_flags), draft.risk_flags
