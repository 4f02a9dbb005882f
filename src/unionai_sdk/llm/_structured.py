"""Structured output: ask for JSON matching a pydantic model, parse, validate,
and build repair requests. Summaries never contain the prompt or the answer."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any, Final, TypeVar

from pydantic import BaseModel, ValidationError

from unionai_sdk.llm._types import Message

__all__ = [
    "ParseFailure",
    "parse_output",
    "repair_messages",
    "with_schema_instructions",
]

M = TypeVar("M", bound=BaseModel)

_FENCE: Final = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.DOTALL)
_MAX_DETAILS: Final = 8


class ParseFailure(Exception):
    """The answer was not valid JSON for the schema.

    ``summary`` is PII-free (JSON error position or validation locations and
    error types); ``feedback`` is the fuller message sent back to the model.
    """

    def __init__(self, summary: str, feedback: str) -> None:
        super().__init__(summary)
        self.summary = summary
        self.feedback = feedback


def schema_instructions(schema: type[BaseModel]) -> str:
    """The system message that asks for JSON matching ``schema``."""
    json_schema = json.dumps(schema.model_json_schema(), ensure_ascii=False, sort_keys=True)
    return (
        "Answer with a single JSON object only, no prose and no code fences. "
        f"It must validate against this JSON Schema (named {schema.__name__}):\n{json_schema}"
    )


def with_schema_instructions(messages: Sequence[Message], schema: type[BaseModel]) -> list[Message]:
    """``messages`` with the schema instruction added after the leading system messages."""
    out = [dict(m) for m in messages]
    at = 0
    while at < len(out) and out[at].get("role") == "system":
        at += 1
    out.insert(at, {"role": "system", "content": schema_instructions(schema)})
    return out


def _extract_json(text: str) -> str:
    fenced = _FENCE.search(text)
    if fenced:
        return fenced.group(1).strip()
    stripped = text.strip()
    if stripped.startswith(("{", "[")):
        return stripped
    start = stripped.find("{")
    end = stripped.rfind("}")
    if 0 <= start < end:
        return stripped[start : end + 1]
    return stripped


def _loc(loc: Sequence[int | str]) -> str:
    return ".".join(str(part) for part in loc) or "<root>"


def parse_output(text: str, schema: type[M]) -> M:
    """Parse ``text`` (tolerating ```json fences and surrounding prose) into ``schema``.

    Raises :class:`ParseFailure` with a PII-free summary.
    """
    candidate = _extract_json(text)
    try:
        data: Any = json.loads(candidate)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        summary = f"invalid JSON: {exc.msg} at {where}"
        feedback = (
            f"Your previous answer was not valid JSON ({exc.msg} at {where}). "
            "Reply again with only the JSON object."
        )
        raise ParseFailure(summary, feedback) from None
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        details = exc.errors(include_input=False, include_url=False, include_context=False)
        shown = details[:_MAX_DETAILS]
        more = f" (+{len(details) - len(shown)} more)" if len(details) > len(shown) else ""
        summary = (
            f"{len(details)} validation error(s) for {schema.__name__}: "
            + "; ".join(f"{_loc(d['loc'])}: {d['type']}" for d in shown)
            + more
        )
        feedback = (
            f"Your previous answer did not match the {schema.__name__} schema:\n"
            + "\n".join(f"- {_loc(d['loc'])}: {d['msg']}" for d in shown)
            + (f"\n- ...and {len(details) - len(shown)} more" if more else "")
            + "\nReply again with only the corrected JSON object."
        )
        raise ParseFailure(summary, feedback) from None


def repair_messages(
    messages: Sequence[Message], answer: str, failure: ParseFailure
) -> list[Message]:
    """The conversation extended with the failed answer and the repair request."""
    return [
        *(dict(m) for m in messages),
        {"role": "assistant", "content": answer},
        {"role": "user", "content": failure.feedback},
    ]
