"""Hypothesis strategies for synthetic personal data (shared by the test suites).

Every strategy draws a seed and calls a deterministic generator of
``unionai_sdk.synthetic``, so a failing example shrinks to a small seed and can be
reproduced with the generator alone. All people are synthetic.

    from strategies import iins, person_mentions, annotated_docs, pii_values
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TypeVar

from hypothesis import strategies as st

from unionai_sdk import synthetic as syn

T = TypeVar("T")

__all__ = [
    "addresses",
    "annotated_docs",
    "bins",
    "birth_dates",
    "emails",
    "foreign_phones",
    "iban_values",
    "ibans",
    "id_card_numbers",
    "iins",
    "invalid_card_numbers",
    "invalid_twelve_digit_numbers",
    "kz_phones",
    "passport_numbers",
    "payment_cards",
    "person_mentions",
    "persons",
    "pii_values",
    "seeds",
]

seeds = st.integers(min_value=0, max_value=2**32 - 1)


def _from_seed(fn: Callable[[random.Random], T]) -> st.SearchStrategy[T]:
    return seeds.map(lambda seed: fn(random.Random(seed)))


def iins(*, odd_date: bool | None = None) -> st.SearchStrategy[str]:
    """Valid ИИН (12 digits, two-pass mod-11); ``odd_date=True`` for a non-date date part."""
    return _from_seed(lambda r: syn.valid_iin(r, odd_date=odd_date))


def bins() -> st.SearchStrategy[str]:
    """Valid БИН."""
    return _from_seed(syn.valid_bin)


def invalid_twelve_digit_numbers() -> st.SearchStrategy[str]:
    """12-digit numbers that are neither ИИН nor БИН (invoice/order-number look-alikes)."""
    return _from_seed(syn.invalid_twelve_digits)


def ibans(*, spaced: bool | None = None) -> st.SearchStrategy[str]:
    """mod-97-valid KZ IBANs, compact or in groups of four."""
    return _from_seed(lambda r: syn.kz_iban(r, spaced=spaced))


iban_values = ibans


def payment_cards(*, sep: str | None = None) -> st.SearchStrategy[str]:
    """Luhn-valid 16-digit card numbers (separator " ", "-", "" or random)."""
    return _from_seed(lambda r: syn.payment_card(r, sep))


def invalid_card_numbers() -> st.SearchStrategy[str]:
    """16 digits grouped like a card that fail Luhn."""
    return _from_seed(syn.invalid_card_like)


def kz_phones(fmt: str | None = None) -> st.SearchStrategy[str]:
    """Kazakhstan phone numbers; ``fmt`` one of ``synthetic.PHONE_FORMATS`` or random."""
    if fmt is None:
        return st.tuples(seeds, st.sampled_from(syn.PHONE_FORMATS)).map(
            lambda a: syn.kz_phone(random.Random(a[0]), a[1])
        )
    return _from_seed(lambda r: syn.kz_phone(r, fmt))


def foreign_phones() -> st.SearchStrategy[str]:
    return _from_seed(syn.foreign_phone)


def id_card_numbers() -> st.SearchStrategy[str]:
    return _from_seed(syn.id_card_number)


def passport_numbers() -> st.SearchStrategy[str]:
    return _from_seed(syn.passport_number)


def persons(lang: str | None = None) -> st.SearchStrategy[syn.Person]:
    """Synthetic people with Kazakh ("kk") or Russian ("ru") names (random when None)."""
    langs = st.sampled_from(("ru", "kk")) if lang is None else st.just(lang)
    return st.tuples(seeds, langs).map(lambda a: syn.make_person(random.Random(a[0]), a[1]))


def emails() -> st.SearchStrategy[str]:
    return st.tuples(seeds, persons()).map(lambda a: syn.email_for(random.Random(a[0]), a[1]))


_FORMS = ("full", "given_surname", "surname_given", "surname", "initials_after",
          "initials_after_sp", "initials_before", "initials_before_sp")  # fmt: skip
_STYLES = ("native", "ru", "lookalike", "latin", "latin_bgn", "latin2021")


def person_mentions(
    *, cases: tuple[str, ...] = syn.RU_CASES + syn.KK_CASES, styles: tuple[str, ...] = _STYLES
) -> st.SearchStrategy[str]:
    """A written mention of a synthetic person: any form (full, initials, surname), any
    Russian case or Kazakh case ending, any spelling (native, Russian, look-alike, Latin).

    Latin spellings are only drawn in the nominative.
    """

    def build(a: tuple[syn.Person, str, str, str]) -> str:
        person, case, style, form = a
        if style.startswith("latin"):
            case = "nom"
        return person.spelled(style).forms(case)[form]

    return st.tuples(
        persons(), st.sampled_from(cases), st.sampled_from(styles), st.sampled_from(_FORMS)
    ).map(build)


def birth_dates(lang: str = "ru") -> st.SearchStrategy[tuple[str, str]]:
    """(phrase, date text): a date of birth with its context words ("дата рождения: ...")."""

    def build(seed: int) -> tuple[str, str]:
        segs = syn.birth_date_phrase(random.Random(seed), lang, "f")
        return "".join(t for t, _ in segs), next(t for t, ty in segs if ty == "DATE_OF_BIRTH")

    return seeds.map(build)


def addresses(lang: str = "ru") -> st.SearchStrategy[tuple[str, str]]:
    """(full address, street part annotated as ADDRESS)."""

    def build(seed: int) -> tuple[str, str]:
        segs = syn.address_segments(random.Random(seed), lang)
        return "".join(t for t, _ in segs), next(t for t, ty in segs if ty == "ADDRESS")

    return seeds.map(build)


def pii_values() -> st.SearchStrategy[tuple[str, str]]:
    """(entity_type, value) for the identifier-like types, ready to splice into a text."""
    return st.one_of(
        iins().map(lambda v: ("KZ_IIN", v)),
        bins().map(lambda v: ("KZ_BIN", v)),
        ibans().map(lambda v: ("KZ_IBAN", v)),
        payment_cards().map(lambda v: ("PAYMENT_CARD", v)),
        kz_phones().map(lambda v: ("PHONE_NUMBER", v)),
        emails().map(lambda v: ("EMAIL_ADDRESS", v)),
    )


def annotated_docs(
    kinds: tuple[str, ...] = syn.DOC_KINDS, langs: tuple[str, ...] = ("ru", "kk", "mixed")
) -> st.SearchStrategy[syn.AnnotatedDoc]:
    """Whole annotated documents (appeals, minutes, letters, member lists, chats)."""
    return st.tuples(seeds, st.sampled_from(kinds), st.sampled_from(langs)).map(
        lambda a: syn.generate_doc(random.Random(a[0]), a[1], a[2])
    )
