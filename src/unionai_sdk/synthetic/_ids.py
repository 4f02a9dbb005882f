"""Kazakhstan identifiers with correct check digits, and look-alikes that fail them."""

from __future__ import annotations

import random

__all__ = [
    "iban_is_valid",
    "id_card_number",
    "invalid_card_like",
    "invalid_twelve_digits",
    "kz_check_digit",
    "kz_iban",
    "luhn_is_valid",
    "passport_number",
    "payment_card",
    "valid_bin",
    "valid_iin",
]

_W1 = tuple(range(1, 12))
_W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def kz_check_digit(first11: str) -> int | None:
    """The ИИН/БИН check digit of 11 digits, or None when no digit is valid (10 twice)."""
    digits = [int(c) for c in first11]
    check = sum(d * w for d, w in zip(digits, _W1, strict=True)) % 11
    if check == 10:
        check = sum(d * w for d, w in zip(digits, _W2, strict=True)) % 11
    return None if check == 10 else check


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def valid_iin(rng: random.Random, *, odd_date: bool | None = None) -> str:
    """A valid ИИН. ``odd_date`` (default: 15% of the time) makes the date part not a real
    date, as numbers issued since 2013 may be."""
    if odd_date is None:
        odd_date = rng.random() < 0.15
    while True:
        if odd_date:
            head = (
                _digits(rng, 2)
                + rng.choice(("00", "13", "14", "19", "23", "45", "88"))
                + (rng.choice(("00", "32", "35", "41", "67", "99")))
            )
        else:
            year = rng.randint(1955, 2005)
            head = f"{year % 100:02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            century = 3 if year < 2000 else 5
        if odd_date:
            century = rng.choice((3, 5))
        sex = century + rng.randint(0, 1)
        body = head + str(sex) + _digits(rng, 4)
        check = kz_check_digit(body)
        if check is not None:
            return body + str(check)


def valid_bin(rng: random.Random) -> str:
    """A valid БИН: YYMM of registration, type 4/5/6, attribute 0-3, serial, check digit."""
    while True:
        body = (
            f"{rng.randint(0, 25):02d}{rng.randint(1, 12):02d}"
            + rng.choice("456")
            + rng.choice("0123")
            + _digits(rng, 5)
        )
        check = kz_check_digit(body)
        if check is not None:
            return body + str(check)


def invalid_twelve_digits(rng: random.Random) -> str:
    """12 digits that are neither a valid ИИН nor a valid БИН (wrong or impossible check)."""
    while True:
        body = rng.choice("123456789") + _digits(rng, 10)
        check = kz_check_digit(body)
        last = rng.choice([d for d in "0123456789" if check is None or int(d) != check])
        return body + last


def _iban_check(bban: str, country: str = "KZ") -> str:
    rearranged = bban + country + "00"
    numeric = "".join(str(int(c, 36)) for c in rearranged)
    return f"{98 - int(numeric) % 97:02d}"


def iban_is_valid(iban: str) -> bool:
    """mod-97 check of an IBAN (spaces ignored)."""
    s = iban.replace(" ", "").upper()
    if len(s) < 5 or not s.isalnum():
        return False
    numeric = "".join(str(int(c, 36)) for c in s[4:] + s[:4])
    return int(numeric) % 97 == 1


_BANK_CODES = ("125", "601", "722", "914", "826", "998", "856", "551", "965", "070", "319")


def kz_iban(rng: random.Random, *, spaced: bool | None = None) -> str:
    """A mod-97-correct KZ IBAN (20 characters), optionally in groups of four."""
    bank = rng.choice(_BANK_CODES)
    account = "KZT" + _digits(rng, 10) if rng.random() < 0.6 else _digits(rng, 13)
    bban = bank + account
    iban = "KZ" + _iban_check(bban) + bban
    if spaced is None:
        spaced = rng.random() < 0.4
    if spaced:
        iban = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    return iban


def luhn_is_valid(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _luhn_complete(body: str) -> str:
    for last in "0123456789":
        if luhn_is_valid(body + last):
            return body + last
    raise AssertionError("unreachable")


_CARD_PREFIXES = ("4400", "4405", "4263", "5169", "5389", "5522", "4149", "2200", "5440")


def _group(number: str, sep: str) -> str:
    return sep.join(number[i : i + 4] for i in range(0, len(number), 4))


def payment_card(rng: random.Random, sep: str | None = None) -> str:
    """A Luhn-valid 16-digit card number, grouped by ``sep`` (" ", "-", "" ...)."""
    number = _luhn_complete(rng.choice(_CARD_PREFIXES) + _digits(rng, 11))
    if sep is None:
        sep = rng.choice((" ", " ", "-", ""))
    return _group(number, sep)


def invalid_card_like(rng: random.Random, sep: str | None = None) -> str:
    """16 digits grouped like a card that fail the Luhn check (a negative example)."""
    while True:
        number = rng.choice("123456789") + _digits(rng, 15)
        if not luhn_is_valid(number):
            return _group(number, " " if sep is None else sep)


def id_card_number(rng: random.Random) -> str:
    """A 9-digit identity card number."""
    return rng.choice("0") + _digits(rng, 8) if rng.random() < 0.7 else _digits(rng, 9)


def passport_number(rng: random.Random) -> str:
    """A passport number: Latin N and 8 digits."""
    return "N" + _digits(rng, 8)
