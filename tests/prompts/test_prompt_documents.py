"""to_document: the layouts staff expect, in Russian and Kazakh."""

from __future__ import annotations

from typing import Any

import pytest

from unionai_sdk import prompts
from unionai_sdk.exceptions import TemplateError
from unionai_sdk.prompts import FaqAnswer, LegalMemo


def _order(text: str, *parts: str) -> None:
    """Each part occurs, in this order."""
    pos = -1
    for part in parts:
        found = text.find(part, pos + 1)
        assert found > pos, f"{part!r} missing or out of order"
        pos = found


def test_memo_ru_has_the_headings_in_order(memo_ru: dict[str, Any]) -> None:
    text = prompts.get("legal_memo", lang="ru").to_document(memo_ru)
    _order(
        text,
        "# ПРАВОВОЕ ЗАКЛЮЧЕНИЕ",
        "**Кому:** Председателю первичной профсоюзной организации <ORGANIZATION_1>",
        "## Основание",
        "## Фактические обстоятельства",
        "## Вопрос",
        "## Краткий ответ",
        "## Применимое законодательство",
        "- Трудовой кодекс Республики Казахстан, ст. 52, п. 1, подп. 2",
        "## Анализ",
        "### Вопрос 1. Правомерно ли расторжение?",
        "**Норма:**",
        "**Обстоятельства:**",
        "**Вывод:**",
        "**Порядок и сроки:** Согласительная комиссия",
        "## Выводы и рекомендации",
        "1. Обратиться в согласительную комиссию (срок: в течение одного месяца; кому: ",
        "## Оговорки",
        "не является судебным решением",
        "Проверить коллективный договор организации.",
        "Правовой инспектор труда ____________",
    )
    assert "представленных заявителем" in text
    assert "<PERSON_1>" in text


def test_memo_kk_has_the_kazakh_headings(memo_kk: dict[str, Any]) -> None:
    text = prompts.get("legal_memo", lang="kk").to_document(memo_kk)
    _order(
        text,
        "# ҚҰҚЫҚТЫҚ ҚОРЫТЫНДЫ",
        "**Кімге:**",
        "## Негіздеме",
        "## Нақты мән-жайлар",
        "## Сұрақ",
        "## Қысқаша жауап",
        "## Қолданылатын заңнама",
        "- Қазақстан Республикасының Еңбек кодексі, 53-бап, 1-тармақ",
        "## Талдау",
        "### 1-сұрақ.",
        "## Қорытындылар мен ұсынымдар",
        "1. Келісу комиссиясына жүгіну (мерзімі: бір ай ішінде).",
        "## Ескертпелер",
        "сот шешімі болып табылмайды",
        "Құқықтық еңбек инспекторы",
    )
    assert "ПРАВОВОЕ" not in text
    assert "Основание" not in text


def test_memo_standard_reservations_are_not_duplicated(memo_ru: dict[str, Any]) -> None:
    tpl = prompts.get("legal_memo")
    standard = (
        "Заключение не является судебным решением и не имеет обязательной силы для суда, "
        "работодателя и иных органов."
    )
    text = tpl.to_document({**memo_ru, "reservations": [standard]})
    assert text.count(standard) == 1


def test_memo_with_several_questions_numbers_them(memo_ru: dict[str, Any]) -> None:
    data = {**memo_ru, "questions": ["Первый?", "Второй?"]}
    text = prompts.get("legal_memo").to_document(data)
    assert "## Вопросы\n\n1. Первый?\n2. Второй?" in text


def test_resolution_ru_layout(resolution_ru: dict[str, Any]) -> None:
    text = prompts.get("resolution", lang="ru").to_document(resolution_ru)
    _order(
        text,
        "Казахстанский отраслевой профсоюз работников просвещения",
        "**ПРЕЗИДИУМ**",
        "# ПОСТАНОВЛЕНИЕ",
        "«___» ____________ 20___ г.",
        "№ ______",
        "г. ______________",
        "## О состоянии правозащитной работы",
        "В соответствии с Уставом профсоюза и Законом «О профессиональных союзах», заслушав и "
        "обсудив информацию",
        "**ПОСТАНОВЛЯЕТ:**",
        "1. Принять информацию к сведению.",
        "2. Поручить правовому инспектору труда провести семинар для председателей ППО. "
        "Ответственные: <PERSON_1>. Срок: до 1 марта.",
        "3. Контроль за исполнением настоящего постановления возложить на",
        "Председатель ____________",
    )


def test_resolution_kk_layout(resolution_kk: dict[str, Any]) -> None:
    text = prompts.get("resolution", lang="kk").to_document(resolution_kk)
    _order(
        text,
        "Қазақстандық салалық білім және ғылым қызметкерлерінің кәсіптік одағы",
        "**АТҚАРУ КОМИТЕТІ**",
        "# ҚАУЛЫ",
        "20___ жылғы «___» ____________",
        "______________ қаласы",
        "## Құқық қорғау жұмысының жай-күйі туралы",
        "**ҚАУЛЫ ЕТЕДІ:**",
        "1. Ақпарат назарға алынсын.",
        "Жауаптылар: <PERSON_1>. Мерзімі: 1 наурызға дейін.",
        "3. Осы қаулының орындалуын бақылау",
        "Төраға ____________",
    )
    assert "ПОСТАНОВЛЯЕТ" not in text


def test_resolution_union_name_can_be_overridden(resolution_ru: dict[str, Any]) -> None:
    text = prompts.get("resolution").to_document(resolution_ru, union_name="Синтетический союз")
    assert text.startswith("**Синтетический союз**")


@pytest.mark.parametrize(
    ("lang", "headings"),
    [
        ("ru", ("# Ответ на вопрос члена профсоюза", "## Ответ", "## Когда обратиться в профсоюз")),
        ("kk", ("# Кәсіподақ мүшесінің сұрағына жауап", "## Жауап", "## Кәсіподаққа қашан")),
    ],
)
def test_faq_layout(
    lang: str, headings: tuple[str, ...], faq_ru: dict[str, Any], faq_kk: dict[str, Any]
) -> None:
    data = faq_ru if lang == "ru" else faq_kk
    text = prompts.get("member_faq", lang=lang).to_document(FaqAnswer.model_validate(data))
    _order(text, *headings)
    if lang == "ru":
        assert "## Нормативная основа\n\n- Закон «О статусе педагога»\n" in text
        assert "не является судебным решением" in text
    else:
        assert "Нормативтік негіз" not in text  # no citations, no empty section
        assert "сот шешімі болып табылмайды" in text


def test_appeal_classification_document(appeal_output: dict[str, Any]) -> None:
    text = prompts.get("appeal_classification", lang="ru").to_document(appeal_output)
    assert "- **Срочность:** высокая" in text
    assert "- **Уверенность:** 0.80" in text
    kk = prompts.get("appeal_classification", lang="kk").to_document(appeal_output)
    assert "- **Шұғылдығы:** жоғары" in kk


def test_to_document_validates_its_input(memo_ru: dict[str, Any], faq_ru: dict[str, Any]) -> None:
    tpl = prompts.get("legal_memo")
    with pytest.raises(TemplateError, match="LegalMemo"):
        tpl.to_document({"addressee": "x"})
    with pytest.raises(TemplateError, match="LegalMemo"):
        tpl.to_document(FaqAnswer.model_validate(faq_ru))
    with pytest.raises(TemplateError):
        tpl.to_document("text")  # type: ignore[arg-type]
    assert tpl.to_document(LegalMemo.model_validate(memo_ru)) == tpl.to_document(memo_ru)


def test_no_ai_label_is_added_here(memo_ru: dict[str, Any]) -> None:
    text = prompts.get("legal_memo").to_document(memo_ru)
    assert "искусственного интеллекта" not in text  # the review gate adds the label at release


def test_resolution_preamble_ending_a_sentence_stays_a_paragraph(
    resolution_ru: dict[str, Any],
) -> None:
    data = {**resolution_ru, "preamble": "Руководствуясь Уставом профсоюза."}
    text = prompts.get("resolution").to_document(data)
    assert "Руководствуясь Уставом профсоюза.\n\nЗаслушав и обсудив информацию" in text
