"""Prompt-injection markers in member text, and the member-text delimiters.

Member text reaches the model only as *data* between delimiters; these helpers
neutralize the delimiters inside the text and flag text that looks like it
tries to talk to the model instead of the union. A flag does not block
anything: it goes to the human reviewer with the draft.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "MEMBER_TEXT_CLOSE",
    "MEMBER_TEXT_OPEN",
    "fence_member_text",
    "find_injection_markers",
    "neutralize_delimiters",
]

MEMBER_TEXT_OPEN = "<<<MEMBER_TEXT"
MEMBER_TEXT_CLOSE = "MEMBER_TEXT>>>"

# Invisible characters that can hide instructions or reorder what a human sees.
_ZERO_WIDTH = "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
_BIDI = "".join(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
_HIDDEN_RE = re.compile(
    "[\u200b\u200e\u200f\u2060-\u2064\u202a-\u202e\u2066-\u2069\U000e0000-\U000e007f]"
)
# ZWNJ/ZWJ join emoji and some scripts; they hide text only between letters or digits.
_JOINER_RE = re.compile(r"(?<=\w)[\u200c\u200d](?=\w)")
_STRIP_RE = re.compile(f"[{_ZERO_WIDTH}{_BIDI}\U000e0000-\U000e007f]")

# Any spelling of the delimiter word, also with spaces, dashes or invisible characters.
_DELIMITER_WORD_RE = re.compile(f"member[\\s_\\-{_ZERO_WIDTH}]*text", re.IGNORECASE)
_DELIMITER_RE = re.compile(r"<{2,}\s*/?\s*member[\W_]*text|member[\W_]*text\s*>{2,}")

# Each pattern is tried only if one of its literal cues occurs (a cheap substring test):
# most appeals contain none, so they cost a few substring checks instead of regex scans.
_Rule = tuple[tuple[str, ...], re.Pattern[str]]

_ROLE_TAG_RES: tuple[_Rule, ...] = (
    (
        ("<|",),
        re.compile(
            r"<\|\s*(?:im_start|im_end|im_sep|system|user|assistant|endoftext|eot_id|"
            r"start_header_id|end_header_id|begin_of_text)\s*\|>"
        ),
    ),
    (("inst]",), re.compile(r"\[/?inst\]")),
    (("sys>>",), re.compile(r"<</?sys>>")),
    (("</s>",), re.compile(r"</s>")),
    (
        ("system", "assistant", "developer", "user"),
        re.compile(r"(?m)^[ \t>*#-]*(?:system|assistant|developer|user)\s*:"),
    ),
    (("##",), re.compile(r"(?m)^[ \t]*#{2,}\s*(?:instructions?|system|response|assistant)\b")),
)

# Imperative forms only: «работодатель игнорирует правила» is an ordinary complaint,
# «игнорируй правила» is addressed to the model.
_IGNORE_RES: tuple[_Rule, ...] = (
    (
        ("игнорир", "забуд", "отбрось", "не след", "не выполн", "не обращ"),
        re.compile(
            r"\b(?:проигнорируй|игнорируй|забудь|отбрось|не\s+следуй|не\s+выполняй|"
            r"не\s+обращай\s+внимания\s+на)(?:те)?\s+(?:[\w-]+\s+){0,3}?"
            r"(?:инструкци|правил|указани|ограничени|промпт|систем|запрет|настройк)"
        ),
    ),
    (
        ("теперь", "отныне"),
        re.compile(
            r"(?:^|[.!?\n…]\s*)ты\s+теперь\b|"
            r"\b(?:ты|вы)\s+(?:теперь|отныне)\s+(?:[\w-]+\s+)?"
            r"(?:не\s+)?(?:ассистент|модель|бот|ии\b|чат|нейросет|dan\b|свободн|без\s+ограничени|"
            r"другой\s+(?:ассистент|модель|ии))|"
            r"\bтеперь\s+ты\s+(?:[\w-]+\s+)?(?:ассистент|модель|бот|ии\b|чат|нейросет|dan\b)"
        ),
    ),
    (
        ("промпт", "системн"),
        re.compile(
            r"\b(?:системн\w*\s+(?:промпт|инструкци|сообщени|подсказк)\w*|"
            r"(?:покажи|выведи|раскрой|напиши)(?:те)?\s+(?:свой|свои|ваш|твой|твои)\s+"
            r"(?:промпт|инструкци|системн)\w*)"
        ),
    ),
    # Kazakh: «алдыңғы нұсқауларды елеме», «ережелерді ұмыт», «сен енді …»
    (
        ("елеме", "ұмыт", "орындама", "есепке алма", "назар аударма"),
        re.compile(
            r"(?:нұсқау|ереже|шектеу|тыйым)\w*\s+(?:[\w-]+\s+)?"
            r"(?:елеме|елемеңіз|елемеңдер|ұмыт|ұмытыңыз|ұмытыңдар|орындама|орындамаңыз|"
            r"есепке\s+алма|назар\s+аударма)\b"
        ),
    ),
    (
        ("енді",),
        re.compile(
            r"(?:^|[.!?\n…]\s*)сен\s+енді\b|"
            r"\b(?:сен|сіз)\s+енді\s+(?:[\w-]+\s+)?(?:шектеусіз|еркін|басқа\s+(?:көмекші|модель)|"
            r"жасанды\s+интеллект|бот|модель|көмекші)"
        ),
    ),
    (("жүйелік",), re.compile(r"\bжүйелік\s+(?:промпт|нұсқау|хабарлам)\w*")),
    # English
    (
        ("ignore", "disregard", "forget", "override", "bypass"),
        re.compile(
            r"\b(?:ignore|disregard|forget|override|bypass)\s+(?:[\w-]+\s+){0,3}?"
            r"(?:instructions?|rules|prompts?|guidelines|directions|directives|context)\b"
        ),
    ),
    (("you",), re.compile(r"\byou\s+are\s+now\b")),
    (("prompt",), re.compile(r"\bsystem\s*prompt\b")),
    (
        ("jailbreak", "developer", "anything now"),
        re.compile(r"\b(?:jailbreak|developer\s+mode|do\s+anything\s+now)\b"),
    ),
)


def _any_rule(rules: tuple[_Rule, ...], text: str) -> bool:
    return any(any(cue in text for cue in cues) and pattern.search(text) for cues, pattern in rules)


_SPACES_RE = re.compile(r"[^\S\n]+")
_TEMPLATE_RE = re.compile(r"\{\{|\{%|\{#|%\}|\}\}")


def _normalize(text: str) -> str:
    """NFKC, strip invisible characters, one space for runs of blanks, casefold, ё → е."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = _STRIP_RE.sub("", text)
    text = _SPACES_RE.sub(" ", text)
    return text.casefold().replace("ё", "е")


def find_injection_markers(text: str) -> list[str]:
    """Flags for text that tries to instruct the model, sorted and de-duplicated.

    ``injection:ignore_instructions``, ``injection:role_tag``,
    ``injection:hidden_unicode``, ``injection:delimiter``,
    ``injection:template_syntax``. Ordinary appeals give ``[]``.
    """
    flags: set[str] = set()
    body = text[1:] if text.startswith("\ufeff") else text  # a leading BOM is just a file header
    joiner = ("\u200c" in body or "\u200d" in body) and _JOINER_RE.search(body)
    if joiner or "\ufeff" in body or _HIDDEN_RE.search(body):
        flags.add("injection:hidden_unicode")
    norm = _normalize(text)
    if "member" in norm and _DELIMITER_RE.search(norm):
        flags.add("injection:delimiter")
    if ("{" in norm or "}" in norm) and _TEMPLATE_RE.search(norm):
        flags.add("injection:template_syntax")
    if _any_rule(_ROLE_TAG_RES, norm):
        flags.add("injection:role_tag")
    if _any_rule(_IGNORE_RES, norm):
        flags.add("injection:ignore_instructions")
    return sorted(flags)


def neutralize_delimiters(text: str) -> str:
    """Make sure member text cannot open or close the member-text block.

    Every spelling of ``MEMBER_TEXT`` (any case, with spaces, dashes or invisible
    characters in between) becomes ``MEMBER-TEXT`` and runs of three or more
    angle brackets are shortened to two, so neither delimiter can appear.
    """
    text = _DELIMITER_WORD_RE.sub("MEMBER-TEXT", text)
    text = re.sub(r"<{3,}", "<<", text)
    text = re.sub(r">{3,}", ">>", text)
    # NFKC turns full-width brackets into ASCII ones: shorten those runs as well.
    return re.sub(r"[<\uff1c\ufe64]{3,}|[>\uff1e\ufe65]{3,}", lambda m: m.group(0)[:2], text)


def fence_member_text(text: str) -> str:
    """The member's text between the delimiters, delimiters inside neutralized."""
    return f"{MEMBER_TEXT_OPEN}\n{neutralize_delimiters(text)}\n{MEMBER_TEXT_CLOSE}"
