"""Generated identifiers checked by implementations written here, independent of the package."""

from __future__ import annotations

import random
import re

import phonenumbers
import pytest
from hypothesis import given, settings

from strategies import (
    bins,
    foreign_phones,
    ibans,
    id_card_numbers,
    iins,
    invalid_card_numbers,
    invalid_twelve_digit_numbers,
    kz_phones,
    passport_numbers,
    payment_cards,
)
from unionai_sdk import synthetic as syn

# --- independent reference checks ---------------------------------------------------------


def ref_kz_checksum_ok(number: str) -> bool:
    """ИИН/БИН: weights 1..11, then 3..11,1,2 if the first sum mod 11 is 10; 10 again = invalid."""
    if not re.fullmatch(r"\d{12}", number):
        return False
    d = [int(c) for c in number]
    first = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    second = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
    c = sum(a * b for a, b in zip(d[:11], first, strict=True)) % 11
    if c == 10:
        c = sum(a * b for a, b in zip(d[:11], second, strict=True)) % 11
        if c == 10:
            return False
    return c == d[11]


def ref_mod97_ok(iban: str) -> bool:
    s = iban.replace(" ", "")
    moved = s[4:] + s[:4]
    digits = "".join(str(ord(ch) - 55) if ch.isalpha() else ch for ch in moved)
    return int(digits) % 97 == 1


def ref_luhn_ok(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()][::-1]
    total = sum(
        d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits)
    )
    return total % 10 == 0


# --- known vectors: the reference checks themselves are right ------------------------------


def test_reference_checks_on_hand_computed_vectors() -> None:
    # 1*8+2*5+3*0+4*3+5*1+6*2+7*3+8*0+9*0+10*1+11*2 = 100; 100 % 11 = 1
    assert ref_kz_checksum_ok("850312300121")
    assert not ref_kz_checksum_ok("850312300122")
    # ISO 13616 example structure, computed: GB82 WEST 1234 5698 7654 32 is the classic valid IBAN
    assert ref_mod97_ok("GB82 WEST 1234 5698 7654 32")
    assert not ref_mod97_ok("GB83 WEST 1234 5698 7654 32")
    assert ref_luhn_ok("4111 1111 1111 1111")
    assert not ref_luhn_ok("4111 1111 1111 1112")


def test_package_check_digit_agrees_with_hand_computation() -> None:
    assert syn.kz_check_digit("85031230012") == 1


# --- generators ---------------------------------------------------------------------------


@settings(deadline=None)
@given(iins())
def test_iin_is_valid(iin: str) -> None:
    assert re.fullmatch(r"\d{12}", iin)
    assert ref_kz_checksum_ok(iin)
    assert iin[6] in "3456"


@settings(deadline=None)
@given(iins(odd_date=True))
def test_iin_with_odd_date_part_is_still_valid(iin: str) -> None:
    assert ref_kz_checksum_ok(iin)
    month, day = int(iin[2:4]), int(iin[4:6])
    assert not (1 <= month <= 12 and 1 <= day <= 31)


@settings(deadline=None)
@given(iins(odd_date=False))
def test_iin_with_real_date(iin: str) -> None:
    assert 1 <= int(iin[2:4]) <= 12
    assert 1 <= int(iin[4:6]) <= 28


@settings(deadline=None)
@given(bins())
def test_bin_is_valid(bin_: str) -> None:
    assert ref_kz_checksum_ok(bin_)
    assert 1 <= int(bin_[2:4]) <= 12
    assert bin_[4] in "456"
    assert bin_[5] in "0123"


@settings(deadline=None)
@given(invalid_twelve_digit_numbers())
def test_invalid_twelve_digits_fail_the_check(number: str) -> None:
    assert re.fullmatch(r"\d{12}", number)
    assert not ref_kz_checksum_ok(number)


@settings(deadline=None)
@given(ibans())
def test_iban_is_valid(iban: str) -> None:
    compact = iban.replace(" ", "")
    assert re.fullmatch(r"KZ\d{2}\d{3}[0-9A-Z]{13}", compact)
    assert ref_mod97_ok(iban)
    if " " in iban:
        assert all(len(g) == 4 for g in iban.split(" "))


def test_iban_spacing_option() -> None:
    rng = random.Random(3)
    assert " " not in syn.kz_iban(rng, spaced=False)
    assert syn.kz_iban(rng, spaced=True).count(" ") == 4


@settings(deadline=None)
@given(payment_cards())
def test_card_is_luhn_valid(card: str) -> None:
    assert len([c for c in card if c.isdigit()]) == 16
    assert ref_luhn_ok(card)


@settings(deadline=None)
@given(invalid_card_numbers())
def test_card_lookalike_fails_luhn(number: str) -> None:
    assert len([c for c in number if c.isdigit()]) == 16
    assert not ref_luhn_ok(number)


@pytest.mark.parametrize("fmt", syn.PHONE_FORMATS)
def test_every_phone_format_is_a_valid_kz_number(fmt: str) -> None:
    rng = random.Random(fmt)
    for _ in range(30):
        phone = syn.kz_phone(rng, fmt)
        parsed = phonenumbers.parse(phone.replace(".", " "), "KZ")
        assert phonenumbers.is_valid_number(parsed), phone
        assert phonenumbers.region_code_for_number(parsed) == "KZ"


@settings(deadline=None, max_examples=50)
@given(kz_phones())
def test_mobile_codes_are_kazakh(phone: str) -> None:
    digits = re.sub(r"\D", "", phone)
    national = digits[1:]
    assert len(national) == 10
    assert national.startswith("7")
    if not national.startswith(("727", "7172")):
        assert national[:3] in syn.MOBILE_CODES


@settings(deadline=None)
@given(foreign_phones())
def test_foreign_phones_are_not_kazakh(phone: str) -> None:
    parsed = phonenumbers.parse(phone, None)
    assert phonenumbers.region_code_for_number(parsed) in {"DE", "US", "UZ"}


@settings(deadline=None)
@given(id_card_numbers(), passport_numbers())
def test_document_numbers(card: str, passport: str) -> None:
    assert re.fullmatch(r"\d{9}", card)
    assert re.fullmatch(r"N\d{8}", passport)


def test_package_validators_agree_with_references() -> None:
    rng = random.Random(11)
    for _ in range(300):
        number = "".join(rng.choice("0123456789") for _ in range(12))
        check = syn.kz_check_digit(number[:11])
        assert (check is not None and int(number[11]) == check) == ref_kz_checksum_ok(number)
        card = "".join(rng.choice("0123456789") for _ in range(16))
        assert syn.luhn_is_valid(card) == ref_luhn_ok(card)
    iban = syn.kz_iban(rng)
    assert syn.iban_is_valid(iban)
    assert ref_mod97_ok(iban)
    assert not syn.iban_is_valid(iban[:-1] + ("0" if iban[-1] != "0" else "1"))
