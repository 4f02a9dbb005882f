"""Restore placeholders in model output, tolerant to how models mangle them.

Models write ``<PERSON_1>`` back as ``<Person_1>``, ``PERSON_1``, ``[PERSON_1]``,
``«PERSON_1»``, ``<PERSON 1>`` or ``"PERSON_1"``. Placeholders are matched by one
fixed pattern and looked up in the vault (never compiled into a regex).
"""

from __future__ import annotations

import re

from unionai_sdk.privacy._entities import ENTITY_TYPES
from unionai_sdk.privacy._vault import Vault

__all__ = ["deanonymize", "unknown_placeholders"]

_PAIRS = {
    "<": ">",
    "[": "]",
    "«": "»",
    '"': '"',
    "“": "”",
    "„": "“",
    "'": "'",
    "{": "}",
    "{{": "}}",
}
_PATTERN = re.compile(
    r"(?P<open>\{\{\s*|<\s*|\[\s*|«\s*|\{\s*|[\"“„'])?"
    r"(?<![A-Za-z0-9_])(?P<type>[A-Za-z]+(?:_[A-Za-z]+)*?)(?P<sep>_|\s)(?P<num>\d+)(?!\d)"
    r"(?P<close>\s*\}\}|\s*>|\s*\]|\s*»|\s*\}|[\"”“'])?"
)


def _parse(m: re.Match[str]) -> tuple[str, int, int] | None:
    """``(canonical placeholder, start, end)`` of a match, or None if not a placeholder."""
    entity_type = m.group("type").upper()
    open_ = (m.group("open") or "").strip()
    close = (m.group("close") or "").strip()
    paired = bool(open_) and _PAIRS.get(open_) == close
    if m.group("sep") != "_" and not paired:
        return None  # "PERSON 1" only inside brackets or quotes
    canonical = f"<{entity_type}_{int(m.group('num'))}>"
    if paired:
        return canonical, m.start(), m.end()
    end = m.end("num")
    nxt = m.string[end : end + 1]
    if nxt and (nxt.isascii() and (nxt.isalnum() or nxt == "_")):
        return None  # "PERSON_1x" is some other token
    return canonical, m.start("type"), end


def _known_type(entity_type: str, vault: Vault) -> bool:
    return entity_type in ENTITY_TYPES or any(
        p.startswith(f"<{entity_type}_") for p, _ in vault.items()
    )


def deanonymize(text: str, vault: Vault) -> str:
    """Replace every placeholder (in any tolerated variant) by its original value.

    Placeholders the vault does not know stay as they are; see
    :func:`unknown_placeholders`.
    """
    if not isinstance(text, str):
        raise TypeError(f"deanonymize() expects str, got {type(text).__name__}")
    out: list[str] = []
    pos = 0
    for m in _PATTERN.finditer(text):
        parsed = _parse(m)
        if parsed is None:
            continue
        canonical, start, end = parsed
        original = vault.original(canonical)
        if original is None:
            continue
        out.append(text[pos:start])
        out.append(original)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def unknown_placeholders(text: str, vault: Vault) -> list[str]:
    """Canonical forms of placeholders in ``text`` that ``vault`` does not know.

    Only entity types the SDK knows (or the vault uses) count, so ``COVID_19`` is
    not reported; in order of first appearance, without duplicates.
    """
    if not isinstance(text, str):
        raise TypeError(f"unknown_placeholders() expects str, got {type(text).__name__}")
    seen: list[str] = []
    for m in _PATTERN.finditer(text):
        parsed = _parse(m)
        if parsed is None:
            continue
        canonical = parsed[0]
        if canonical in vault or canonical in seen:
            continue
        if _known_type(canonical[1:].rsplit("_", 1)[0], vault):
            seen.append(canonical)
    return seen
