"""Checksums of Kazakhstan identifiers and payment numbers (pure functions)."""

from __future__ import annotations

__all__ = [
    "bin_structure_ok",
    "card_prefix_ok",
    "iban_ok",
    "iin_checksum_ok",
    "iin_date_plausible",
    "luhn_ok",
]

_W1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def iin_check_digit(first11: str) -> int | None:
    """The 12th digit of an ИИН/БИН for its first 11 digits, or None if none exists."""
    digits = [ord(c) - 48 for c in first11]
    s = sum(d * w for d, w in zip(digits, _W1, strict=True)) % 11
    if s == 10:
        s = sum(d * w for d, w in zip(digits, _W2, strict=True)) % 11
        if s == 10:
            return None
    return s


def iin_checksum_ok(value: str) -> bool:
    """True when ``value`` is 12 digits with a valid two-pass mod-11 check digit."""
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return False
    check = iin_check_digit(value[:11])
    return check is not None and check == ord(value[11]) - 48


def iin_date_plausible(value: str) -> bool:
    """The ИИН's YYMMDD part and century digit look like a birth date.

    Used only as extra evidence: since 2013 the digits need not match a real
    date, so a number is never rejected on this.
    """
    month = int(value[2:4])
    day = int(value[4:6])
    return 1 <= month <= 12 and 1 <= day <= 31 and value[6] in "123456"


def bin_structure_ok(value: str) -> bool:
    """БИН layout: YYMM, type digit 4/5/6, attribute digit 0-3."""
    month = int(value[2:4])
    return 1 <= month <= 12 and value[4] in "456" and value[5] in "0123"


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def card_prefix_ok(digits: str) -> bool:
    """Issuer prefixes of the card networks used in Kazakhstan (and Amex/JCB)."""
    n = len(digits)
    if digits[0] == "4":
        return n in (13, 16, 19)
    two = int(digits[:2])
    four = int(digits[:4])
    if 51 <= two <= 55 or 2221 <= four <= 2720 or 2200 <= four <= 2204:
        return n == 16
    if two in (34, 37):
        return n == 15
    if two in (50, 56, 57, 58, 62, 63, 67, 35, 60, 65, 64, 36, 30, 38, 39, 69, 68, 66, 61):
        return 14 <= n <= 19
    return False


def iban_ok(iban: str) -> bool:
    """ISO 13616 mod-97 check of an IBAN without spaces (upper case)."""
    if len(iban) < 15 or not iban[:2].isalpha() or not iban[2:4].isdigit():
        return False
    rearranged = iban[4:] + iban[:4]
    num = []
    for ch in rearranged:
        if ch.isdigit():
            num.append(ch)
        elif "A" <= ch <= "Z":
            num.append(str(ord(ch) - 55))
        else:
            return False
    return int("".join(num)) % 97 == 1
