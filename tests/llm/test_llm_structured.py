"""Structured output with FakeLLM: parsing, repair rounds, failure reporting."""

from __future__ import annotations

import asyncio
import json
from typing import Any, Literal

import pytest
from pydantic import BaseModel, Field

from unionai_sdk.exceptions import (
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    StructuredOutputError,
)
from unionai_sdk.llm import LLMClient, StructuredResponse
from unionai_sdk.llm._structured import ParseFailure, parse_output
from unionai_sdk.testing import FakeLLM

SECRET = "Иванов Пётр Сергеевич, ИИН 900101300123"
MESSAGES = [
    {"role": "system", "content": "Ты юрист профсоюза."},
    {"role": "user", "content": f"Факты: {SECRET}"},
]


class Memo(BaseModel):
    title: str
    risk: Literal["low", "medium", "high"]
    points: list[str] = Field(min_length=1)


GOOD = json.dumps({"title": "Заключение", "risk": "low", "points": ["ст. 68 ТК РК"]})


def client(fake: FakeLLM) -> LLMClient:
    return LLMClient("fake/m", backend=fake, sleep=lambda _s: None)


def test_valid_first_answer() -> None:
    fake = FakeLLM([GOOD])
    result = client(fake).complete_structured(MESSAGES, Memo)
    assert isinstance(result, StructuredResponse)
    assert result.output == Memo(title="Заключение", risk="low", points=["ст. 68 ТК РК"])
    assert (result.attempts, result.repairs, result.errors) == (1, 0, ())
    assert result.response.text == GOOD


def test_schema_is_sent_as_a_system_message_and_json_mode_requested() -> None:
    fake = FakeLLM([GOOD])
    client(fake).complete_structured(MESSAGES, Memo)
    sent = fake.requests[0]["messages"]
    assert [m["role"] for m in sent] == ["system", "system", "user"]
    assert sent[0] == MESSAGES[0]
    assert "JSON" in sent[1]["content"]
    assert (
        json.dumps(Memo.model_json_schema(), ensure_ascii=False, sort_keys=True)
        in sent[1]["content"]
    )
    assert fake.requests[0]["opts"]["response_format"] == {"type": "json_object"}


@pytest.mark.parametrize(
    "text",
    [
        f"```json\n{GOOD}\n```",
        f"```\n{GOOD}\n```",
        f"Вот ответ:\n```json\n{GOOD}\n```\nГотово.",
        f"Вот ответ: {GOOD} — конец",
        f"  {GOOD}\n",
    ],
)
def test_fences_and_prose_are_tolerated(text: str) -> None:
    assert parse_output(text, Memo).risk == "low"


def test_repair_round_trip() -> None:
    bad = json.dumps({"title": SECRET, "risk": "catastrophic", "points": []})
    fake = FakeLLM([bad, GOOD])
    result = client(fake).complete_structured(MESSAGES, Memo)
    assert result.output.title == "Заключение"
    assert (result.attempts, result.repairs) == (2, 1)
    assert len(result.errors) == 1
    assert "risk: literal_error" in result.errors[0]
    assert "points: too_short" in result.errors[0]
    assert SECRET not in result.errors[0]
    repair = fake.requests[1]["messages"]
    assert repair[-2] == {"role": "assistant", "content": bad}
    assert repair[-1]["role"] == "user"
    assert "risk" in repair[-1]["content"]
    # the validation message, not the rejected value, goes back to the model
    assert "catastrophic" not in repair[-1]["content"]


def test_invalid_json_is_repaired() -> None:
    fake = FakeLLM(['{"title": "x", "risk": ', GOOD])
    result = client(fake).complete_structured(MESSAGES, Memo)
    assert result.repairs == 1
    assert result.errors[0].startswith("attempt 1: invalid JSON")


def test_failure_after_repairs_raises_structured_output_error() -> None:
    answers = ["не JSON вовсе " + SECRET, json.dumps({"title": SECRET}), "[]"]
    fake = FakeLLM(answers)
    with pytest.raises(StructuredOutputError) as info:
        client(fake).complete_structured(MESSAGES, Memo, max_repairs=2)
    error = info.value
    assert error.attempts == 3
    assert error.schema == "Memo"
    assert len(error.errors) == 3
    assert error.model == "fake/m"
    assert not error.retryable
    everything = " ".join([str(error), *error.errors])
    assert SECRET not in everything
    assert "Иванов" not in everything
    assert "900101300123" not in everything
    assert len(fake.requests) == 3


def test_max_repairs_zero_means_one_attempt() -> None:
    fake = FakeLLM(["nope", GOOD])
    with pytest.raises(StructuredOutputError) as info:
        client(fake).complete_structured(MESSAGES, Memo, max_repairs=0)
    assert info.value.attempts == 1
    assert fake.remaining == 1


def test_negative_max_repairs_rejected() -> None:
    with pytest.raises(ConfigurationError):
        client(FakeLLM()).complete_structured(MESSAGES, Memo, max_repairs=-1)


def test_truncated_answer_is_noted() -> None:
    class Cut(FakeLLM):
        def complete(self, model: str, messages: Any, **opts: Any) -> Any:
            from dataclasses import replace

            return replace(super().complete(model, messages, **opts), finish_reason="length")

    with pytest.raises(StructuredOutputError) as info:
        client(Cut(['{"title": "x"'])).complete_structured(MESSAGES, Memo, max_repairs=0)
    assert "finish_reason=length" in info.value.errors[0]


def test_async_structured_with_repair() -> None:
    fake = FakeLLM(["{}", GOOD])
    result = asyncio.run(client(fake).acomplete_structured(MESSAGES, Memo))
    assert result.output.points == ["ст. 68 ТК РК"]
    assert result.attempts == 2


def test_async_structured_failure() -> None:
    fake = FakeLLM(default="{}")
    with pytest.raises(StructuredOutputError) as info:
        asyncio.run(client(fake).acomplete_structured(MESSAGES, Memo, max_repairs=1))
    assert info.value.attempts == 2


def test_many_validation_errors_are_summarised() -> None:
    class Wide(BaseModel):
        a: int
        b: int
        c: int
        d: int
        e: int
        f: int
        g: int
        h: int
        i: int
        j: int

    with pytest.raises(ParseFailure) as info:
        parse_output("{}", Wide)
    assert info.value.summary.startswith("10 validation error(s) for Wide")
    assert "(+2 more)" in info.value.summary


def test_json_mode_rejection_falls_back_to_schema_prompt_only() -> None:
    fake = FakeLLM([BadRequestError("response_format unsupported", status_code=400), GOOD, GOOD])
    c = client(fake)
    assert c.complete_structured(MESSAGES, Memo).attempts == 1
    assert asyncio.run(c.acomplete_structured(MESSAGES, Memo)).output.risk == "low"
    assert ["response_format" in r["opts"] for r in fake.requests] == [True, False, False]


def test_async_json_mode_rejection() -> None:
    fake = FakeLLM([BadRequestError("no", status_code=400), GOOD])
    result = asyncio.run(client(fake).acomplete_structured(MESSAGES, Memo))
    assert result.output.title == "Заключение"
    assert ["response_format" in r["opts"] for r in fake.requests] == [True, False]


def test_other_errors_in_structured_calls_propagate() -> None:
    fake = FakeLLM([AuthenticationError("bad key", status_code=401)])
    with pytest.raises(AuthenticationError):
        client(fake).complete_structured(MESSAGES, Memo)
    assert len(fake.requests) == 1
