"""ID cards (9 digits) and passports (N + 8 digits) in any digit grouping.

All numbers here are synthetic.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unionai_sdk.privacy import Anonymizer
from unionai_sdk.privacy._normalize import normalize
from unionai_sdk.privacy._rules import find_id_documents, find_table_cells

ID = "033041352"
PASSPORT = "N12744256"
_SEPARATORS = (" ", "-", ".", "/", " - ", "  ", " / ", ". ", "\u00a0", "_", "\u2013")


def _regroup(value: str, sizes: list[int], seps: list[str]) -> str:
    out, pos, k = [], 0, 0
    while pos < len(value):
        size = sizes[k % len(sizes)]
        out.append(value[pos : pos + size])
        pos += size
        k += 1
    text = out[0]
    for i, group in enumerate(out[1:]):
        text += seps[i % len(seps)] + group
    return text


def _docs(text: str) -> list[tuple[str, str]]:
    norm = normalize(text)
    out = []
    for f in find_id_documents(norm.text):
        s, e = norm.span(f.start, f.end)
        out.append((f.entity_type, text[s:e]))
    return out


@pytest.mark.parametrize(
    "written",
    [
        "033041.352",
        "08-23-69-40-2",
        "0 - 33 - 04 - 13 - 52",
        "033/041/352",
        "0330 4135 2",
        "03.30-41 352",  # mixed separators
        "03\u200b3\u200c041-35\u00ad2",  # zero-width characters and a soft hyphen
        "０３３ ０４１ ３５２",  # full-width digits
        "033  041  352",
        "033 / 041 / 352",
    ],
)
def test_id_card_any_grouping_after_context(written: str) -> None:
    for lead in ("удостоверение личности № ", "уд. личности ", "жеке куәлік № ", "ID-карта: "):
        assert _docs(f"{lead}{written}, выдано МВД РК 12.03.2015") == [("KZ_ID_CARD", written)]


@pytest.mark.parametrize(
    "written",
    [
        "N12744256",
        "N12  744  256",
        "N1-27-44-25-6",
        "N0 - 86 - 47 - 40 - 1",
        "N127/442/56",
        "Н12744256",  # Cyrillic Н
        "N 12 744 256",
        "N\u200b12\u2060744-2\u200d56",
        "Ｎ１２７４４２５６",
    ],
)
def test_passport_any_grouping_after_context(written: str) -> None:
    for lead in ("паспорт № ", "паспорт РК ", "төлқұжат "):
        found = _docs(f"{lead}{written} (в паспорте ошибка)")
        assert found == [("KZ_PASSPORT", written)]


def test_passport_without_the_letter_after_number_sign() -> None:
    assert _docs("паспорт № 12 744 256") == [("KZ_PASSPORT", "12 744 256")]
    # a date after a passport is not a passport
    assert _docs("паспорт N12744256, выдан 12.03.2015") == [("KZ_PASSPORT", "N12744256")]
    assert _docs("паспорт выдан 12.03.2015") == []


def test_glued_capital_n_needs_no_context() -> None:
    assert _docs("данные: N12 744 256.") == [("KZ_PASSPORT", "N12 744 256")]
    # a detached N is an ordinary number sign without a passport word
    assert _docs("приказ N 12 744 256") == []


@given(
    digits=st.text("0123456789", min_size=8, max_size=8),
    sizes=st.lists(st.sampled_from([1, 2, 3, 4, 5, 6]), min_size=1, max_size=4),
    seps=st.lists(st.sampled_from(_SEPARATORS), min_size=1, max_size=3),
    lead_digit=st.sampled_from("0123456789"),
)
@settings(max_examples=200, deadline=None)
def test_any_regrouping_is_found(
    digits: str, sizes: list[int], seps: list[str], lead_digit: str
) -> None:
    id_written = _regroup(lead_digit + digits, sizes, seps)
    assert _docs(f"удостоверение личности {id_written}; выдано") == [("KZ_ID_CARD", id_written)]
    pass_written = _regroup("N" + digits, sizes, seps)
    assert _docs(f"паспорт {pass_written}; выдан") == [("KZ_PASSPORT", pass_written)]


@pytest.mark.parametrize(
    "text",
    [
        "заказ 045123456 выполнен",
        "приказ № 15-к от 01.02.2020, документ подписан",
        "документ от 01.02.2020 - 31.12.2020",
        "удостоверение личности, премия 150 000 000 тенге",
        "уд. личности предъявлено, тел. 8 701 217 43 59",
        "удостоверение: телефон +7 (701) 217-43-59",
        "документы за 2019 - 2023 годы, 12 000 000 тг",
        "паспорт получен 12.03.2015, приказ № 12 345 678",
        "IBAN KZ86 125K ZT50 0410 0100",
        "номер договора 1234 5678 9012 3456",
    ],
)
def test_ordinary_numbers_are_not_documents(text: str) -> None:
    assert _docs(text) == []


def test_a_longer_run_is_never_cut_into_a_document() -> None:
    assert _docs("удостоверение 0330 4135 21") == []  # 10 digits
    assert _docs("удостоверение 12 033041352") == []  # 11 digits in one run


@pytest.mark.parametrize("delim", [" | ", "\t", " ; "])
def test_table_column_of_regrouped_numbers(delim: str) -> None:
    rng = random.Random(7)
    header = delim.join(["№", "ФИО", "Уд. личности", "Паспорт"])
    rows = []
    for i in range(1, 6):
        sep = rng.choice(_SEPARATORS)
        rows.append(
            delim.join(
                [
                    str(i),
                    "Ким И.О.",
                    _regroup(ID, [rng.choice([2, 3, 4, 6])], [sep]),
                    _regroup(PASSPORT, [rng.choice([2, 3, 4, 6])], [sep]),
                ]
            )
        )
    text = header + "\n" + "\n".join(rows) + "\n"
    found = [(f.entity_type, text[f.start : f.end]) for f in find_table_cells(text)]
    assert [t for t, _ in found].count("KZ_ID_CARD") == 5
    assert [t for t, _ in found].count("KZ_PASSPORT") == 5
    for _, value in found:
        assert value.strip() == value


def test_anonymizer_masks_regrouped_numbers(anonymizer: Anonymizer) -> None:
    text = (
        "Прошу выдать путёвку. Удостоверение личности № 0 - 33 - 04 - 13 - 52, "
        "паспорт N1\u200b2.744.25-6, приказ № 15-к от 01.02.2020."
    )
    out = anonymizer.anonymize(text).text
    assert "<KZ_ID_CARD_1>" in out
    assert "<KZ_PASSPORT_1>" in out
    digits = "".join(c for c in out if c.isdigit())
    assert "033041352" not in digits
    assert "12744256" not in digits
    assert "№ 15-к от 01.02.2020" in out
