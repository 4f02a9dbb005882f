"""Our presidio recognizers (no presidio predefined ones: they assume English,
spaCy, or fetch the public suffix list for e-mails).

Imports presidio and phonenumbers at import time: import only from inside functions.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import phonenumbers
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from unionai_sdk.privacy._fast import Found, find_identifiers
from unionai_sdk.privacy._persons import (
    _STOP_CAPS,
    Mention,
    _drop_named_after,
    find_name_mentions,
    loose,
    parse_span,
    trim_leading,
    weak_single,
)
from unionai_sdk.privacy._rules import (
    find_addresses,
    find_dates_of_birth,
    find_id_documents,
    find_table_cells,
)

__all__ = ["build_recognizers"]

_PHONE_CAND = re.compile(r"\+?\(?\d[\d \u00a0().\-]{4,22}\d")
_PHONE_CTX = re.compile(r"тел|моб|сот|phone|whatsapp|ватсап|факс|fax|байланыс|номер", re.I)


def _result(rec: EntityRecognizer, f: Found, **meta: Any) -> RecognizerResult:
    return RecognizerResult(
        f.entity_type,
        f.start,
        f.end,
        f.score,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: getattr(rec, "name", ""),
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: rec.id,
            **meta,
        },
    )


class IdentifierRecognizer(EntityRecognizer):
    """ИИН, БИН, e-mail, KZ IBAN, card numbers and phones (checksums + phonenumbers)."""

    ENTITIES: ClassVar[list[str]] = [
        "KZ_IIN",
        "KZ_BIN",
        "PHONE_NUMBER",
        "EMAIL_ADDRESS",
        "KZ_IBAN",
        "PAYMENT_CARD",
    ]

    def __init__(self, language: str) -> None:
        super().__init__(supported_entities=self.ENTITIES, supported_language=language)

    def load(self) -> None:
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        found = find_identifiers(text)
        found.extend(_phones(text))
        return [_result(self, f) for f in found]


def _phones(text: str) -> list[Found]:
    """Phone numbers by libphonenumber (region KZ): local and foreign formats."""
    out: list[Found] = []
    for cand in _PHONE_CAND.finditer(text):
        # libphonenumber is slow: ask it only about a "+"-number or a number after a phone word
        start = cand.start()
        plus = text[start] == "+"
        if not plus and not _PHONE_CTX.search(text[max(0, start - 30) : start]):
            continue
        w_start = max(0, start - 2)
        window = text[w_start : cand.end() + 2]
        matcher = phonenumbers.PhoneNumberMatcher(
            window, "KZ", leniency=phonenumbers.Leniency.POSSIBLE
        )
        for match in matcher:
            m_start = w_start + match.start
            valid = phonenumbers.is_valid_number(match.number)
            ctx = _PHONE_CTX.search(text[max(0, m_start - 30) : m_start]) is not None
            digits = sum(c.isdigit() for c in match.raw_string)
            if valid and (digits >= 10 or ctx):
                score = 0.85
            elif ctx and digits >= 6:
                score = 0.7
            else:
                continue
            out.append(Found("PHONE_NUMBER", m_start, w_start + match.end, score))
    return out


class DocumentRecognizer(EntityRecognizer):
    """Identity card (9 digits) and passport (N + 8 digits), context-gated."""

    def __init__(self, language: str) -> None:
        super().__init__(
            supported_entities=["KZ_ID_CARD", "KZ_PASSPORT", "DATE_OF_BIRTH", "ADDRESS"],
            supported_language=language,
        )

    def load(self) -> None:
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        found = find_id_documents(text) + find_dates_of_birth(text) + find_addresses(text)
        found.extend(f for f in find_table_cells(text) if f.entity_type != "PERSON")
        return [_result(self, f) for f in found]


class NerRecognizer(EntityRecognizer):
    """PERSON (natasha PER + rules + lexicon), ORGANIZATION and LOCATION."""

    def __init__(self, language: str) -> None:
        super().__init__(
            supported_entities=["PERSON", "ORGANIZATION", "LOCATION"],
            supported_language=language,
        )

    def load(self) -> None:
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        ner = list(nlp_artifacts.entities) if nlp_artifacts is not None else []
        out: list[RecognizerResult] = []
        mentions = person_mentions(text, ner)
        for m in mentions:
            out.append(_result(self, Found("PERSON", m.start, m.end, m.score), mention=m))
        for span in ner:
            if span.label_ == "ORG":
                out.append(
                    _result(self, Found("ORGANIZATION", span.start_char, span.end_char, 0.85))
                )
            elif span.label_ == "LOC":
                out.append(_result(self, Found("LOCATION", span.start_char, span.end_char, 0.85)))
        return out


def person_mentions(text: str, ner: list[Any]) -> list[Mention]:
    """natasha PER spans merged with rule/lexicon mentions (longest wins)."""
    rules = find_name_mentions(text)
    ner_mentions: list[Mention] = []
    pieces: list[tuple[int, int]] = []
    for span in ner:
        if span.label_ != "PER":
            continue
        # natasha sometimes runs a name across a line break: judge each line alone
        pos = span.start_char
        for part in re.split(r"[\n\t|;]", text[span.start_char : span.end_char]):
            if part.strip():
                lead = len(part) - len(part.lstrip())
                pieces.append((pos + lead, pos + len(part.rstrip())))
            pos += len(part) + 1
    for p_start, p_end in pieces:
        start = trim_leading(text, p_start, p_end)
        surface = text[start:p_end]
        words = surface.split()
        if not words or (len(words) == 1 and loose(words[0].strip(".,")) in _STOP_CAPS):
            continue
        if not any(c.isupper() for c in surface) or weak_single(text, start, p_end):
            continue
        ner_mentions.append(parse_span(text, start, p_end, 0.85, "ner"))
    ner_mentions = _drop_named_after(text, ner_mentions)
    for cell in find_table_cells(text):
        if cell.entity_type == "PERSON":
            ner_mentions.append(parse_span(text, cell.start, cell.end, 0.9, "table"))
    merged: list[Mention] = []
    for m in sorted(ner_mentions + rules, key=lambda m: (m.start, -(m.end - m.start))):
        if merged and m.start < merged[-1].end:
            last = merged[-1]
            if m.end > last.end or (m.source == "ner" and m.end == last.end):
                # overlapping spans: union, keep parts of the longer, best score
                longer = m if (m.end - m.start) > (last.end - last.start) else last
                union = Mention(
                    last.start,
                    max(last.end, m.end),
                    max(last.score, m.score),
                    longer.surname or last.surname or m.surname,
                    longer.given or last.given or m.given,
                    longer.patronymic or last.patronymic or m.patronymic,
                    longer.initials or last.initials or m.initials,
                    "ner+rule",
                )
                merged[-1] = union
            else:
                last.score = max(last.score, m.score if m.source == "ner" else last.score)
            continue
        merged.append(m)
    return merged


def build_recognizers(languages: list[str]) -> list[EntityRecognizer]:
    recs: list[EntityRecognizer] = []
    for lang in languages:
        recs.extend([IdentifierRecognizer(lang), DocumentRecognizer(lang), NerRecognizer(lang)])
    return recs
