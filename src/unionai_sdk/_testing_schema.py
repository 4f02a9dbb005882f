"""Schema-shaped fake answers for the test kit (re-exported by :mod:`unionai_sdk.testing`).

:func:`structured_reply` reads the JSON Schema that
:meth:`LLMClient.complete_structured` puts in the request and builds the
smallest valid JSON object for it. String fields carry the placeholders the
request contained (``<PERSON_1>`` …), so a test can check that a released
document gets the original values back. The answers are obviously synthetic:
they are for tests and demos against a local server, never for real use.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["example_for_schema", "structured_reply"]

_SCHEMA_MARK = re.compile(r"JSON Schema \(named (?P<name>\w+)\):\n")
_PLACEHOLDER = re.compile(r"<[A-Z][A-Z_]*_\d+>")


def _resolve(node: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = node.get("$ref")
    if not isinstance(ref, str):
        return node
    target: Any = root
    for part in ref.lstrip("#/").split("/"):
        target = target[part]
    return _resolve(target, root)


def example_for_schema(
    schema: Mapping[str, Any],
    *,
    text: str = "Тестовый ответ",
    root: Mapping[str, Any] | None = None,
) -> Any:
    """The smallest value that validates against ``schema`` (a JSON Schema dict).

    Strings are ``text``; enums take their first value; arrays get their
    ``minItems`` (at least one) items; optional (nullable) fields are ``None``.
    """
    root = root or schema
    node = _resolve(schema, root)
    if "const" in node:
        return node["const"]
    if "enum" in node:
        return node["enum"][0]
    for key in ("anyOf", "oneOf"):
        if key in node:
            options = [_resolve(o, root) for o in node[key]]
            non_null = [o for o in options if o.get("type") != "null"]
            if len(non_null) < len(options):
                return None
            return example_for_schema(non_null[0], text=text, root=root)
    if "allOf" in node:
        return example_for_schema(node["allOf"][0], text=text, root=root)
    kind = node.get("type", "object")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        required = node.get("required", list(node.get("properties", {})))
        return {
            name: example_for_schema(prop, text=text, root=root)
            for name, prop in node.get("properties", {}).items()
            if name in required
        }
    if kind == "array":
        count = max(1, int(node.get("minItems", 1)))
        return [
            example_for_schema(node.get("items", {}), text=text, root=root) for _ in range(count)
        ]
    if kind == "string":
        min_length = int(node.get("minLength", 0))
        return text if len(text) >= min_length else text.ljust(min_length, ".")
    if kind == "integer":
        return int(node.get("minimum", 0))
    if kind == "number":
        low = float(node.get("minimum", 0.0))
        high = float(node.get("maximum", low + 1.0))
        return (low + high) / 2
    if kind == "boolean":
        return False
    return None


def _message_texts(messages: Sequence[Mapping[str, Any]]) -> list[str]:
    return [m.get("content") or "" for m in messages if isinstance(m.get("content"), str)]


def structured_reply(request: Mapping[str, Any]) -> str:
    """A handler for :class:`OpenAICompatServer` (or a :class:`FakeLLM` reply
    callable, given the messages) that answers any structured request with valid,
    obviously synthetic JSON mentioning the request's placeholders."""
    messages = request.get("messages", request) if isinstance(request, Mapping) else request
    texts = _message_texts(messages)
    schema: Mapping[str, Any] | None = None
    for content in texts:
        mark = _SCHEMA_MARK.search(content)
        if mark:
            schema, _ = json.JSONDecoder().raw_decode(content[mark.end() :])
            break
    user_texts = [m.get("content") or "" for m in messages if m.get("role") == "user"]
    placeholders = sorted({p for content in user_texts for p in _PLACEHOLDER.findall(content)})
    text = "Тестовый ответ (синтетический)"
    if placeholders:
        text += ": " + ", ".join(placeholders)
    if schema is None:
        return text
    return json.dumps(example_for_schema(schema, text=text), ensure_ascii=False)
