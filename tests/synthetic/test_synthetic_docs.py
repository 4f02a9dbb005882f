"""Annotated documents: determinism, exact gold spans, honest negatives, the committed corpus."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import phonenumbers
import pytest
from hypothesis import given, settings
from test_synthetic_ids import ref_kz_checksum_ok, ref_luhn_ok, ref_mod97_ok

from strategies import annotated_docs
from unionai_sdk import synthetic as syn

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "benchmarks" / "data" / "pii_corpus.jsonl"
ALLOWED = set(syn.PII_TYPES) | {"ORGANIZATION", "LOCATION"}


@pytest.fixture(scope="module")
def corpus() -> list[syn.AnnotatedDoc]:
    with CORPUS.open(encoding="utf-8") as fh:
        return [syn.AnnotatedDoc.from_dict(json.loads(line)) for line in fh]


def check_spans(doc: syn.AnnotatedDoc) -> None:
    """Every gold span is in bounds, non-empty, trimmed, typed, and spans do not overlap."""
    last_end = 0
    for start, end, entity_type in doc.spans:
        assert entity_type in ALLOWED
        assert 0 <= start < end <= len(doc.text)
        assert start >= last_end, "gold spans overlap"
        last_end = end
        value = doc.text[start:end]
        assert value == value.strip()
        assert "\n" not in value
        if entity_type == "KZ_IIN" or entity_type == "KZ_BIN":
            assert ref_kz_checksum_ok(value)
        elif entity_type == "KZ_IBAN":
            assert value.upper().startswith("KZ")
            assert ref_mod97_ok(value.upper())
        elif entity_type == "PAYMENT_CARD":
            assert ref_luhn_ok(value)
            assert len(re.sub(r"\D", "", value)) == 16
        elif entity_type == "EMAIL_ADDRESS":
            assert re.fullmatch(r"[a-z0-9._]+@[a-z0-9.]+\.[a-z]{2,}", value)
        elif entity_type == "PHONE_NUMBER":
            parsed = phonenumbers.parse(value.replace(".", " "), "KZ")
            assert phonenumbers.is_valid_number(parsed), value
        elif entity_type == "KZ_ID_CARD":
            assert re.fullmatch(r"\d{9}", value)
        elif entity_type == "KZ_PASSPORT":
            assert re.fullmatch(r"[Nn]\d{8}", value)
        elif entity_type == "PERSON":
            assert value[0].isalpha()
            # the span holds whole words: a case ending is inside it, never cut off
            assert end == len(doc.text) or not doc.text[end].isalpha()
            assert start == 0 or not doc.text[start - 1].isalpha()


def check_negatives(doc: syn.AnnotatedDoc) -> None:
    """No checksum-valid identifier is left unannotated, and no annotated one is invalid."""
    inside = [(s, e) for s, e, _ in doc.spans]

    def covered(s: int, e: int) -> bool:
        return any(gs <= s and e <= ge for gs, ge in inside)

    for m in re.finditer(r"(?<![\d\w])\d{12}(?![\d\w])", doc.text):
        if ref_kz_checksum_ok(m.group()):
            assert covered(m.start(), m.end()), "valid ИИН/БИН without a gold span"
    for m in re.finditer(r"(?<!\d)\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}(?!\d)", doc.text):
        if ref_luhn_ok(m.group()):
            assert covered(m.start(), m.end()), "Luhn-valid number without a gold span"


def test_corpus_is_deterministic_by_seed() -> None:
    a = [d.to_dict() for d in syn.generate_corpus(40, seed=5)]
    b = [d.to_dict() for d in syn.generate_corpus(40, seed=5)]
    c = [d.to_dict() for d in syn.generate_corpus(40, seed=6)]
    assert a == b
    assert a != c


@settings(max_examples=60, deadline=None)
@given(annotated_docs())
def test_generated_docs_have_exact_spans(doc: syn.AnnotatedDoc) -> None:
    check_spans(doc)
    check_negatives(doc)
    assert doc.kind in syn.DOC_KINDS
    assert any(t == "PERSON" for _, _, t in doc.spans)


def test_committed_corpus_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "make_corpus.py"), "--check"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_committed_corpus_spans_and_negatives(corpus: list[syn.AnnotatedDoc]) -> None:
    assert len(corpus) >= 300
    for doc in corpus:
        check_spans(doc)
        check_negatives(doc)


def test_committed_corpus_mix(corpus: list[syn.AnnotatedDoc]) -> None:
    langs = Counter(d.lang for d in corpus)
    assert (langs["kk"] + langs["mixed"]) / len(corpus) >= 0.35
    assert set(Counter(d.kind for d in corpus)) == set(syn.DOC_KINDS)
    per_group = Counter(
        (t, "ru" if d.lang == "ru" else "kk") for d in corpus for _, _, t in d.spans
    )
    for entity_type in syn.PII_TYPES:
        for group in ("ru", "kk"):
            assert per_group[(entity_type, group)] >= 10, (entity_type, group)


def test_committed_corpus_has_hard_cases(corpus: list[syn.AnnotatedDoc]) -> None:
    persons = [(d, d.text[s:e]) for d in corpus for s, e, t in d.spans if t == "PERSON"]
    values = [v for _, v in persons]
    kk_endings = ("ға", "ге", "қа", "ке", "ның", "нің", "дың", "дің", "тың", "тің",
                  "ны", "ні", "ды", "ді", "ты", "ті", "мен", "бен", "пен", "нан", "нен",
                  "дан", "ден", "тан", "тен")  # fmt: skip
    assert sum(v.endswith(kk_endings) for v in values) >= 50
    assert any(re.search(r"[А-ЯЁӘҒҚҢӨҰҮҺІ]\.[А-ЯЁӘҒҚҢӨҰҮҺІ]\.$", v) for v in values)  # Иванов И.И.
    assert any(re.match(r"[А-ЯЁӘҒҚҢӨҰҮҺІ]\. [А-ЯЁӘҒҚҢӨҰҮҺІ]\. ", v) for v in values)  # И. И. Иванов
    assert any(re.search(r"[а-яё]i|i[а-яё]", v) for v in values)  # Latin i for і
    assert any(re.fullmatch(r"[A-Za-zÄÖÜŪĞŞÑäöüūğşñ .-]+", v) for v in values)  # Latin names
    assert any(v.endswith(("ович", "евич", "овна", "евна")) for v in values)
    assert any(v.endswith(("ұлы", "қызы", "улы", "кызы")) for v in values)
    assert any(v.islower() for d, v in persons if d.kind == "chat")
    texts = "\n".join(d.text for d in corpus)
    for marker in ("Трудового кодекса", "тенге", "теңге", "Счёт на оплату", "жеке куәлік",
                   "удостоверение личности", "төлқұжат", "паспорт", "г.р.", "туған"):  # fmt: skip
        assert marker in texts, marker
    spans = [d.text[s:e] for d in corpus for s, e, t in d.spans]
    assert any(re.fullmatch(r"[A-Z]\d\d[A-Z]\d[A-Z]\d", v.split(", ")[-1]) for v in spans)
    assert any(" " in v and v.startswith("KZ") for v in spans)  # IBAN in groups of four


def test_sample_appeals() -> None:
    appeals = syn.sample_appeals(60, seed=3)
    assert appeals == syn.sample_appeals(60, seed=3)
    assert appeals != syn.sample_appeals(60, seed=4)
    keys = {"id", "organization", "region", "date", "lang", "text", "category", "urgency"}
    assert len({a["id"] for a in appeals}) == 60
    for a in appeals:
        assert set(a) == keys
        assert a["category"] in syn.CATEGORIES
        assert a["urgency"] in {"low", "medium", "high"}
        assert a["lang"] in {"ru", "kk"}
        assert date(2025, 1, 1) <= date.fromisoformat(a["date"]) <= date(2026, 12, 31)
        assert 500 <= len(a["text"]) <= 1500
    assert {a["category"] for a in appeals} == set(syn.CATEGORIES)
    assert {a["lang"] for a in appeals} == {"ru", "kk"}


def test_holdout_corpus_is_valid_and_differs() -> None:
    docs = syn.generate_corpus(30, seed=5, names="holdout")
    for doc in docs:
        check_spans(doc)
        check_negatives(doc)
    main = syn.generate_corpus(30, seed=5)
    names_main = {v for d in main for t, v in d.entities() if t == "PERSON"}
    names_held = {v for d in docs for t, v in d.entities() if t == "PERSON"}
    assert len(names_main & names_held) < len(names_held) // 10
