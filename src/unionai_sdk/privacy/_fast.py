"""Fast identifier scan: regular expressions and checksums only.

No presidio, natasha or phonenumbers here: :func:`scan_identifiers` is used on
hot paths (audit redaction, residual-PII checks of model output) and must stay
cheap to import and to run. The full :class:`~unionai_sdk.privacy.Anonymizer`
uses the same functions as its identifier recognizers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unionai_sdk.privacy._checksums import (
    bin_structure_ok,
    card_prefix_ok,
    iban_ok,
    iin_checksum_ok,
    iin_date_plausible,
    luhn_ok,
)
from unionai_sdk.privacy._entities import Entity
from unionai_sdk.privacy._normalize import normalize

__all__ = ["Found", "find_identifiers", "resolve_overlaps", "scan_identifiers"]


@dataclass(frozen=True)
class Found:
    """A span in the text the finder was given (not yet mapped to the original)."""

    entity_type: str
    start: int
    end: int
    score: float


# digits separated by at most three separator characters (spaces, dots, dashes, brackets)
_SEP = r"[ \u00a0\u202f.\-\u2010\u2011\u2012\u2013\u2014()/]"
_RUN = re.compile(rf"(?<!\d)\d(?:{_SEP}{{0,3}}\d)*")
_GROUP = re.compile(r"\d+")
_PLUS_BEFORE = re.compile(r"\+\s?\(?$")

_EMAIL = re.compile(r"(?<![\w.+%-])[\w.+%-]*\w@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}(?![\w-])")
# an IBAN may be grouped by any everyday separator (space, dot, dash, slash, underscore);
# the mod-97 check keeps precision
_IBAN_SEP = r"[ \u00a0\u202f.\-\u2010-\u2014/_]"
_IBAN = re.compile(
    rf"(?<![0-9A-Za-z])[KК][ZЗ]{_IBAN_SEP}{{0,3}}\d{_IBAN_SEP}{{0,3}}\d"
    rf"(?:{_IBAN_SEP}{{0,3}}[0-9A-Za-z]){{16}}(?![0-9A-Za-z])",
    re.IGNORECASE,
)

_CTX_WINDOW = 60
_IIN_CTX = re.compile(r"\b(?:иин|жсн|iin|инн|ijsn|ЖCН)\b|индивидуальн\w* идентификац", re.I)
_BIN_CTX = re.compile(r"\b(?:бин|бсн|bin)\b|бизнес.идентификац", re.I)
_PHONE_CTX = re.compile(r"тел|моб|сот|phone|whatsapp|ватсап|звон|номер|байланыс|call", re.I)

# Kazakhstan mobile prefixes (after +7 / 8)
_KZ_MOBILE = frozenset(
    ["700", "701", "702", "705", "706", "707", "708", "747", "750", "751", "760", "761",
     "762", "763", "764", "771", "775", "776", "777", "778", "785"]
)  # fmt: skip


def _context(text: str, start: int, window: int = _CTX_WINDOW) -> str:
    """The words before ``start``, back to the previous number (its context is its own)."""
    before = text[max(0, start - window) : start]
    m = _LAST_DIGIT.search(before)
    return before[m.end() :] if m else before


_LAST_DIGIT = re.compile(r"\d(?!.*\d)", re.DOTALL)


def _twelve(text: str, start: int, digits: str) -> Found | None:
    """ИИН or БИН by checksum, typed and scored by context and structure."""
    if not iin_checksum_ok(digits):
        return None
    before = _context(text, start)
    iin_ctx = _IIN_CTX.search(before) is not None
    bin_ctx = _BIN_CTX.search(before) is not None
    structure_bin = bin_structure_ok(digits)
    if iin_ctx and not bin_ctx:
        return Found("KZ_IIN", start, 0, 1.0)
    if bin_ctx and not iin_ctx:
        return Found("KZ_BIN", start, 0, 1.0)
    if structure_bin:
        return Found("KZ_BIN", start, 0, 0.95 if bin_ctx else 0.85)
    if iin_date_plausible(digits):
        return Found("KZ_IIN", start, 0, 0.95 if iin_ctx else 0.85)
    return Found("KZ_IIN", start, 0, 0.9 if iin_ctx else 0.6)


def _phone(text: str, start: int, digits: str, plus: bool) -> float | None:
    n = len(digits)
    ctx = _PHONE_CTX.search(_context(text, start, 30)) is not None
    if plus:
        if digits[0] == "7":
            return 0.95 if n == 11 else None
        if 9 <= n <= 15:
            return 0.85 if ctx or n >= 10 else 0.6
        return None
    if n == 11 and digits[0] in "78":
        code = digits[1:4]
        if code in _KZ_MOBILE or digits[1:3] == "71" or digits[1:3] == "72":
            return 0.9
        if digits[1] in "3489":
            return 0.8 if ctx or digits[0] == "8" else 0.6
        return 0.6 if ctx else None
    if n == 10 and digits[:3] in _KZ_MOBILE:
        return 0.75 if ctx else 0.55
    return None


def _run_candidates(text: str, m: re.Match[str]) -> list[Found]:
    base = m.start()
    groups = [(g.start() + base, g.end() + base, g.group()) for g in _GROUP.finditer(m.group())]
    out: list[Found] = []
    total = sum(len(g[2]) for g in groups)
    for i in range(len(groups)):
        digits = ""
        g_start = groups[i][0]
        plus = _PLUS_BEFORE.search(text[max(0, g_start - 3) : g_start]) is not None
        for j in range(i, min(len(groups), i + 9)):
            digits += groups[j][2]
            n = len(digits)
            if n > 19:
                break
            end = groups[j][1]
            if n == 12:
                f = _twelve(text, g_start, digits)
                if f is not None:
                    # part of a longer run of digit groups (a card, a contract number)
                    inner = (i > 0 or j < len(groups) - 1) and 13 <= total <= 20
                    out.append(Found(f.entity_type, g_start, end, f.score - (0.35 if inner else 0)))
            if 9 <= n <= 15:
                score = _phone(text, g_start, digits, plus)
                if score is not None:
                    start = g_start
                    if plus:
                        start = text.rindex("+", max(0, g_start - 3), g_start)
                    out.append(Found("PHONE_NUMBER", start, end, score))
            if 13 <= n <= 19 and card_prefix_ok(digits) and luhn_ok(digits):
                out.append(Found("PAYMENT_CARD", g_start, end, 0.9 if n == 16 else 0.8))
    return out


def resolve_overlaps(found: list[Found]) -> list[Found]:
    """Keep the best of overlapping spans: higher score, then longer."""
    ranked = sorted(found, key=lambda f: (-f.score, -(f.end - f.start), f.start))
    kept: list[Found] = []
    for f in ranked:
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def find_identifiers(text: str) -> list[Found]:
    """Every identifier candidate in ``text`` (already normalized), overlaps resolved."""
    found: list[Found] = []
    for m in _EMAIL.finditer(text):
        found.append(Found("EMAIL_ADDRESS", m.start(), m.end(), 1.0))
    for m in _IBAN.finditer(text):
        compact = re.sub(_IBAN_SEP, "", m.group()).upper().replace("К", "K").replace("З", "Z")
        if iban_ok(compact):
            found.append(Found("KZ_IBAN", m.start(), m.end(), 1.0))
    for m in _RUN.finditer(text):
        found.extend(_run_candidates(text, m))
    return resolve_overlaps(found)


def scan_identifiers(text: str) -> list[Entity]:
    """ИИН, БИН, phone numbers, e-mail addresses, KZ IBANs and card numbers in ``text``.

    Regular expressions and checksums only; spans refer to the original text
    (zero-width characters and full-width digits are handled).
    """
    if not isinstance(text, str):
        raise TypeError(f"scan_identifiers() expects str, got {type(text).__name__}")
    norm = normalize(text)
    out: list[Entity] = []
    for f in find_identifiers(norm.text):
        if f.score < 0.5:
            continue
        start, end = norm.span(f.start, f.end)
        out.append(Entity(f.entity_type, start, end, f.score, text[start:end]))
    return out
