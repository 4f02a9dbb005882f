"""Synthetic data for tests and benchmarks: identifiers with valid check digits, people with
Russian and Kazakh names in their grammatical forms, and annotated documents.

Every generator takes a ``random.Random`` (or a seed) and is deterministic. The people are
random combinations of common names; none is a real person.
"""

from __future__ import annotations

from unionai_sdk.synthetic._contacts import (
    MOBILE_CODES,
    PHONE_FORMATS,
    address_segments,
    birth_date_phrase,
    email_for,
    foreign_phone,
    kazpost_code,
    kz_phone,
)
from unionai_sdk.synthetic._docs import (
    DOC_KINDS,
    PII_TYPES,
    AnnotatedDoc,
    generate_corpus,
    generate_doc,
    sample_appeals,
)
from unionai_sdk.synthetic._ids import (
    iban_is_valid,
    id_card_number,
    invalid_card_like,
    invalid_twelve_digits,
    kz_check_digit,
    kz_iban,
    luhn_is_valid,
    passport_number,
    payment_card,
    valid_bin,
    valid_iin,
)
from unionai_sdk.synthetic._names import (
    KK_CASES,
    RU_CASES,
    Person,
    kk_case,
    make_person,
    ru_inflect,
    to_latin,
    to_latin2021,
    to_lookalike,
    to_ru_spelling,
)
from unionai_sdk.synthetic._texts import CATEGORIES

__all__ = [
    "CATEGORIES",
    "DOC_KINDS",
    "KK_CASES",
    "MOBILE_CODES",
    "PHONE_FORMATS",
    "PII_TYPES",
    "RU_CASES",
    "AnnotatedDoc",
    "Person",
    "address_segments",
    "birth_date_phrase",
    "email_for",
    "foreign_phone",
    "generate_corpus",
    "generate_doc",
    "iban_is_valid",
    "id_card_number",
    "invalid_card_like",
    "invalid_twelve_digits",
    "kazpost_code",
    "kk_case",
    "kz_check_digit",
    "kz_iban",
    "kz_phone",
    "luhn_is_valid",
    "make_person",
    "passport_number",
    "payment_card",
    "ru_inflect",
    "sample_appeals",
    "to_latin",
    "to_latin2021",
    "to_lookalike",
    "to_ru_spelling",
    "valid_bin",
    "valid_iin",
]
