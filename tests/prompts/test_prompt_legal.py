"""The legal reference table and the citation check."""

from __future__ import annotations

import json
from typing import Any

import pytest

from unionai_sdk import prompts
from unionai_sdk.prompts import Citation, check_citations, find_act, references
from unionai_sdk.prompts._legal import _DATA, known_wrong_claims, legal_acts

ADILET = {
    "labour_code": ("K1500000414", "414-V", "2015-11-23"),
    "teacher_status_law": ("Z1900000293", "293-VI", "2019-12-27"),
    "trade_unions_law": ("Z1400000211", "211-V", "2014-06-27"),
    "personal_data_law": ("Z1300000094", "94-V", "2013-05-21"),
    "ai_law": ("Z2500000230", "230-VIII", "2025-11-17"),
    "supreme_court_2024_1": ("P240000001S", "1", "2024-11-28"),
}


def test_the_table_holds_the_acts_of_domain_md_with_adilet_codes() -> None:
    acts = {a.id: a for a in legal_acts()}
    assert set(acts) == set(ADILET)
    for act_id, (code, number, date) in ADILET.items():
        assert (acts[act_id].adilet, acts[act_id].number, acts[act_id].date) == (code, number, date)
        assert acts[act_id].title_ru
        assert acts[act_id].title_kk


def test_every_entry_says_where_it_comes_from() -> None:
    refs = references()
    assert len(refs) >= 25
    for ref in refs:
        assert ref.subject_ru
        assert ref.subject_kk
        if ref.verified:
            assert "http" in ref.source, ref.label()
        else:
            assert ref.source, ref.label()
    unverified = [r for r in refs if not r.verified and "DOMAIN.md" in r.source]
    assert all("unverified against adilet" in r.source for r in unverified)


def test_domain_md_articles_are_in_the_labour_code_table() -> None:
    articles = {r.article for r in references("labour_code")}
    expected = {"12", "22", "23", "49", "52", "53", "68", "77", "78", "88", "89", "112", "131"}
    expected |= {"139", "156", "159", "160"} | {str(n) for n in range(164, 171)}
    assert expected <= articles


def test_data_file_is_valid_json_with_claims() -> None:
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    assert {c["id"] for c in raw["known_wrong_claims"]} == {c.id for c in known_wrong_claims()}


@pytest.mark.parametrize(
    ("name", "act_id"),
    [
        ("Трудовой кодекс Республики Казахстан", "labour_code"),
        ("ТК РК", "labour_code"),
        ("Трудового кодекса РК", "labour_code"),
        ("трудовой  кодекс", "labour_code"),
        ("Еңбек кодексі", "labour_code"),
        ("ҚР Еңбек кодексінің", "labour_code"),
        ("Labour Code of the Republic of Kazakhstan", "labour_code"),
        ("Закон РК «О статусе педагога»", "teacher_status_law"),
        ('Закон "О профессиональных союзах"', "trade_unions_law"),
        ("«Кәсіптік одақтар туралы» Заң", "trade_unions_law"),
        ("Закон Республики Казахстан «О персональных данных и их защите»", "personal_data_law"),
        ("«Жасанды интеллект туралы» Қазақстан Республикасының Заңы", "ai_law"),
        ("Нормативное постановление Верховного Суда РК № 1", "supreme_court_2024_1"),
    ],
)
def test_acts_are_found_through_aliases(name: str, act_id: str) -> None:
    assert find_act(name) == act_id


@pytest.mark.parametrize(
    "name", ["ТК РФ", "Трудовой кодекс Российской Федерации", "Гражданский кодекс", ""]
)
def test_foreign_and_other_acts_are_not_found(name: str) -> None:
    assert find_act(name) is None


def test_verified_table_entries_pass_without_flags() -> None:
    cited = [
        Citation(act="Трудовой кодекс Республики Казахстан", article="52", point="1, подп. 2"),
        Citation(act="ТК РК", article="ст. 53"),
        Citation(act="Еңбек кодексі", article="88-бап"),
        Citation(act="Трудового кодекса", article="160"),
    ]
    assert check_citations(cited) == []


def test_unknown_act_article_outside_table_and_unverified_are_flagged() -> None:
    cited: list[Any] = [
        Citation(act="Гражданский кодекс", article="9"),
        Citation(act="ТК РК", article="999"),
        {"act": "Закон «О профессиональных союзах»", "article": 16},
        Citation(act="ТК РФ", article="81"),
        Citation(act="Закон «О статусе педагога»", article=None),
    ]
    assert check_citations(cited) == [
        "citation:article_not_in_table:labour_code:999",
        "citation:unknown_act:гражданский кодекс",
        "citation:unknown_act:тк рф",
        "citation:unverified:teacher_status_law",
        "citation:unverified:trade_unions_law:16",
    ]


def test_citing_the_2007_code_is_a_known_wrong_claim() -> None:
    cited = [Citation(act="Трудовой кодекс РК от 15 мая 2007 года № 251-III", article="101")]
    assert check_citations(cited) == ["claim:known_wrong:labour_code_2007"]


def test_free_text_citations_are_checked() -> None:
    text = (
        "Согласно ст. 52 ТК РК и статье 88 Трудового кодекса работник вправе... "
        "В силу п. 2 ст. 999 ТК РК ... Также см. ст. 115 ТК РФ. "
        "Еңбек кодексінің 160-бабына сәйкес ... ал 112-бабына сәйкес ..."
    )
    assert check_citations([], text=text) == [
        "citation:article_not_in_table:labour_code:999",
        "citation:unknown_act:тк рф",
        "citation:unverified:labour_code:112",
    ]


def test_article_without_any_act_in_text_is_flagged() -> None:
    assert check_citations([], text="Смотри ст. 52, там всё сказано.") == ["citation:no_act:52"]


def test_rendered_memo_is_consistent_with_its_citations(memo_ru: dict[str, Any]) -> None:
    tpl = prompts.get("legal_memo")
    memo = tpl.validate_output(memo_ru)
    text = tpl.to_document(memo)
    assert check_citations(memo.applicable_law, text=text) == []  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "Увольнение члена профсоюза возможно только с согласия профсоюза.",
            "union_consent_dismissal",
        ),
        ("Работодатель обязан получить мотивированное мнение профкома.", "union_consent_dismissal"),
        ("Профсоюз должен дать согласие на увольнение.", "union_consent_dismissal"),
        ("Работодатель не вправе уволить вас без согласия профсоюза.", "union_consent_dismissal"),
        ("Кәсіподақтың келісімінсіз жұмыстан шығаруға болмайды.", "union_consent_dismissal"),
        ("Учителям положен отпуск 42 календарных дня.", "teacher_leave_not_56"),
        ("Педагогтердің жыл сайынғы демалысы 48 күн.", "teacher_leave_not_56"),
        ("Ежегодный оплачиваемый отпуск составляет 28 календарных дней.", "basic_leave_28_days"),
        (
            "Согласно ст. 101 ТК РК отпуск составляет 24 календарных дня.",
            "labour_code_2007_leave_article",
        ),
        (
            "Сверхурочные работы ограничены ст. 89 Трудового кодекса.",
            "labour_code_2007_overtime_article",
        ),
        ("Трудовой кодекс от 15 мая 2007 года регулирует это.", "labour_code_2007"),
        ("Оплата простоя производится по ст. 133 ТК РК.", "labour_code_2007_downtime_article"),
    ],
)
def test_known_wrong_claims_are_flagged(text: str, claim: str) -> None:
    assert f"claim:known_wrong:{claim}" in check_citations([], text=text)


@pytest.mark.parametrize(
    "text",
    [
        "Трудовой кодекс 2015 года не требует согласия профсоюза на увольнение.",
        "Трудовой кодекс не содержит общего правила о том, что для увольнения члена профсоюза "
        "требуется согласие профсоюза.",
        "2015 жылғы Еңбек кодексінде кәсіподақтың келісімі қажет деген жалпы ереже жоқ.",
        "Согласие профсоюза требуется, если это предусмотрено коллективным договором.",
        "Педагогам предоставляется отпуск 56 календарных дней.",
        "Ежегодный оплачиваемый отпуск составляет 24 календарных дня (ст. 88 ТК РК).",
        "Сверхурочные работы не должны превышать 12 часов в месяц (ст. 78 ТК РК).",
    ],
)
def test_correct_statements_are_not_flagged_as_wrong(text: str) -> None:
    assert [f for f in check_citations([], text=text) if f.startswith("claim:")] == []


def test_claims_in_citation_quotes_are_checked() -> None:
    cited = [Citation(act="ТК РК", article="52", quote="с согласия профсоюза")]
    assert "claim:known_wrong:union_consent_dismissal" in check_citations(cited)


def test_relevant_references_follow_the_text() -> None:
    dismissal = prompts.relevant_references("legal_memo", "Меня уволили по сокращению штата")
    labels = [r.label() for r in dismissal]
    assert "ТК РК, ст. 52" in labels
    assert "ТК РК, ст. 53" in labels
    assert "ТК РК, ст. 159" in labels  # always: the dispute procedure
    downtime = prompts.relevant_references("member_faq", "Карантин, за простой не заплатили")
    assert "ТК РК, ст. 112" in [r.label() for r in downtime]
    assert prompts.relevant_references("appeal_classification", "простой") == []


def test_references_for_prompt_mark_unverified_numbers_in_each_language() -> None:
    ru = prompts.references_for_prompt("member_faq", "простой", lang="ru")
    assert "ст. 112 — оплата времени простоя [номер не сверен]" in ru
    assert "ст. 159 —" in ru
    assert "[номер не сверен]" not in ru.split("ст. 159")[1].split("\n")[0]
    kk = prompts.references_for_prompt("member_faq", "бос тұрып қалу", lang="kk")
    assert "112-бап — бос тұрып қалу уақытына ақы төлеу [нөмірі салыстырылмаған]" in kk
    assert "Қазақстан Республикасының 2015 жылғы 23 қарашадағы № 414-V Еңбек кодексі" in kk
    assert "от 23 ноября 2015 года № 414-V" in ru


def test_reference_labels() -> None:
    ref = next(r for r in references("labour_code") if r.article == "160")
    assert ref.label("ru") == "ТК РК, ст. 160"
    assert ref.label("kk") == "ҚР ЕК, 160-бап"
    assert ref.verified


def test_article_ranges_and_inserted_articles() -> None:
    assert check_citations([Citation(act="ТК РК", article="164-170")]) == [
        "citation:unverified:labour_code:164-170"
    ]
    assert check_citations([Citation(act="ТК РК", article="52-1")]) == [
        "citation:article_not_in_table:labour_code:52-1"
    ]
    assert check_citations([], text="ст. 77–78 ТК РК") == ["citation:unverified:labour_code:77-78"]
