"""scan_identifiers and the checksums: regular expressions only, cheap to import."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
from pii_strategies import make_bin, make_card, make_iban, make_iin

from unionai_sdk.privacy import Entity, scan_identifiers
from unionai_sdk.privacy._checksums import (
    bin_structure_ok,
    iban_ok,
    iin_check_digit,
    iin_checksum_ok,
    luhn_ok,
)

RNG = random.Random(7)
IIN = make_iin(RNG)
BIN = make_bin(RNG)
IBAN = make_iban(RNG)
CARD = make_card(RNG)


def _types(text: str) -> list[tuple[str, str | None]]:
    return [(e.entity_type, e.text) for e in scan_identifiers(text)]


def _broken(value: str) -> str:
    """The same number with a wrong check digit."""
    last = int(value[-1])
    return value[:-1] + str((last + 1) % 10)


def test_iin_checksum_two_passes() -> None:
    # the first pass gives 10 for these 11 digits, so the second weights decide
    first11 = next(
        f"{n:011d}"
        for n in range(10**10, 10**10 + 5000)
        if sum(int(d) * w for d, w in zip(f"{n:011d}", range(1, 12), strict=True)) % 11 == 10
    )
    check = iin_check_digit(first11)
    if check is not None:
        assert iin_checksum_ok(first11 + str(check))
    assert iin_checksum_ok(IIN)
    assert not iin_checksum_ok(_broken(IIN))
    assert not iin_checksum_ok("12345")
    assert not iin_checksum_ok("１２３４５６７８９０１２")


def test_bin_structure_and_iban_and_luhn() -> None:
    assert bin_structure_ok(BIN)
    assert iban_ok(IBAN)
    assert not iban_ok(IBAN[:-1] + ("0" if IBAN[-1] != "0" else "1"))
    assert luhn_ok(CARD)
    assert not luhn_ok(_broken(CARD))


def test_valid_iin_found_with_and_without_context() -> None:
    assert _types(f"ИИН {IIN}") == [("KZ_IIN", IIN)]
    found = scan_identifiers(f"номер {IIN} в списке")
    assert [e.entity_type for e in found] in (["KZ_IIN"], ["KZ_BIN"])
    assert found[0].score >= 0.5


def test_invalid_checksum_is_not_an_iin() -> None:
    assert _types(f"ИИН {_broken(IIN)}") == []


def test_bin_by_context_and_structure() -> None:
    assert _types(f"БИН {BIN}") == [("KZ_BIN", BIN)]
    assert _types(f"организация {BIN}")[0][0] == "KZ_BIN"


def test_iin_with_spaces_and_dashes() -> None:
    spaced = f"{IIN[:6]} {IIN[6:]}"
    assert _types(f"ЖСН: {spaced}") == [("KZ_IIN", spaced)]
    dashed = f"{IIN[:4]}-{IIN[4:8]}-{IIN[8:]}"
    assert _types(f"ИИН {dashed}") == [("KZ_IIN", dashed)]


@pytest.mark.parametrize(
    "phone",
    [
        "+7 (701) 123-45-67",
        "+77011234567",
        "8 (701) 123 45 67",
        "8 701 123 45 67",
        "87011234567",
        "8-701-123-45-67",
        "8.701.123.45.67",
        "+7 727 255 66 77",
        "8 (7172) 55-66-77",
        "+7 (7172) 556677",
        "+49 30 1234567",
    ],
)
def test_phone_formats(phone: str) -> None:
    assert _types(f"тел. {phone}, звоните") == [("PHONE_NUMBER", phone)]


def test_email_iban_card() -> None:
    assert _types("пишите: a.seitova+union@edu.kz.") == [
        ("EMAIL_ADDRESS", "a.seitova+union@edu.kz")
    ]
    spaced = " ".join(IBAN[i : i + 4] for i in range(0, 20, 4))
    assert _types(f"счёт {spaced}") == [("KZ_IBAN", spaced)]
    assert _types(f"счёт {IBAN.lower()}") == [("KZ_IBAN", IBAN.lower())]
    card = " ".join(CARD[i : i + 4] for i in range(0, 16, 4))
    assert _types(f"карта {card}") == [("PAYMENT_CARD", card)]
    assert _types(f"карта {_broken(CARD)}") == []


def test_zero_width_and_fullwidth_obfuscation_maps_to_original_spans() -> None:
    hidden = IIN[:3] + "\u200b" + IIN[3:7] + "\u00ad" + IIN[7:]
    text = f"ИИН {hidden}!"
    found = scan_identifiers(text)
    assert found == [Entity("KZ_IIN", 4, 4 + len(hidden), found[0].score, hidden)]
    full = "".join(chr(ord(c) + 0xFEE0) for c in IIN)  # full-width digits
    assert _types(f"ИИН {full}") == [("KZ_IIN", full)]


def test_two_numbers_side_by_side_are_both_found() -> None:
    text = f"ИИН {IIN} {make_iin(RNG)} и тел 87011234567"
    assert [t for t, _ in _types(text)] == ["KZ_IIN", "KZ_IIN", "PHONE_NUMBER"]


def test_plain_numbers_are_not_identifiers() -> None:
    text = "Статья 52 п.1 пп.2, 2015 год, 24 дня, приказ № 123/45 от 01.09.2024, сумма 150 000 тг."
    assert scan_identifiers(text) == []


def test_scan_rejects_non_str() -> None:
    with pytest.raises(TypeError):
        scan_identifiers(b"bytes")  # type: ignore[arg-type]


def test_importing_privacy_and_scanning_loads_no_heavy_library() -> None:
    code = (
        "import sys, unionai_sdk.privacy as p\n"
        f"assert p.scan_identifiers('ИИН {IIN}')\n"
        "v = p.Vault(); v.placeholder_for('PERSON', 'x')\n"
        "p.deanonymize('<PERSON_1>', v)\n"
        "heavy = ['presidio_analyzer', 'presidio_anonymizer', 'natasha', 'slovnet', 'navec',\n"
        "         'spacy', 'phonenumbers', 'cryptography', 'litellm', 'pymorphy2']\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == ""


def test_iin_inside_a_longer_number_is_not_an_iin() -> None:
    # a 12-digit window of a card or a contract number must not win over the whole number
    text = f"ИИН {IIN}, карта {' '.join(CARD[i : i + 4] for i in range(0, 16, 4))}"
    assert [t for t, _ in _types(text)] == ["KZ_IIN", "PAYMENT_CARD"]
    assert [t for t, _ in _types("договор № 6287 0993 4825 1676 от 2024 г.")] == []
