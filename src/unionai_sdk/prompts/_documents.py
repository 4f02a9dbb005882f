"""Render validated model output as the documents staff expect (Markdown).

Layouts follow the union's practice (DOMAIN.md «Документы»). Date, number and
place of a resolution are left as blanks for the human; the AI label is added
by the review gate at release, not here. Memo reservations always include the
standard ones (documents provided, law as of the date, not a court decision).
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from unionai_sdk.prompts._schemas import (
    AppealClassification,
    Citation,
    FaqAnswer,
    LegalMemo,
    Resolution,
)

__all__ = ["UNION_NAME", "render_document"]

UNION_NAME = {
    "ru": ("Казахстанский отраслевой профсоюз работников просвещения, науки и высшего образования"),
    "kk": "«Қазақстандық салалық білім және ғылым қызметкерлерінің кәсіптік одағы»",
}

_T: dict[str, dict[str, str]] = {
    "ru": {
        "memo": "ПРАВОВОЕ ЗАКЛЮЧЕНИЕ",
        "to": "Кому",
        "basis": "Основание",
        "facts": "Фактические обстоятельства",
        "question": "Вопрос",
        "questions": "Вопросы",
        "short": "Краткий ответ",
        "law": "Применимое законодательство",
        "analysis": "Анализ",
        "norm": "Норма",
        "circumstances": "Обстоятельства",
        "conclusion": "Вывод",
        "procedure": "Порядок и сроки",
        "recommendations": "Выводы и рекомендации",
        "deadline": "срок",
        "addressee": "кому",
        "reservations": "Оговорки",
        "no_law": "Нормы не указаны; применимое законодательство определяет юрист.",
        "memo_sign": "Правовой инспектор труда ____________ /________________/",
        "date_line": "Дата: «___» ____________ 20___ г.",
        "resolution": "ПОСТАНОВЛЕНИЕ",
        "res_date": "«___» ____________ 20___ г.",
        "res_number": "№ ______",
        "res_place": "г. ______________",
        "decides": "ПОСТАНОВЛЯЕТ:",
        "responsible": "Ответственные",
        "res_deadline": "Срок",
        "chair": "Председатель ____________ /________________/",
        "presidium": "ПРЕЗИДИУМ",
        "executive_committee": "ИСПОЛНИТЕЛЬНЫЙ КОМИТЕТ",
        "faq": "Ответ на вопрос члена профсоюза",
        "answer": "Ответ",
        "faq_law": "Нормативная основа",
        "contact": "Когда обратиться в профсоюз",
        "faq_note": (
            "Ответ носит справочный характер, основан на сведениях из вопроса и не является "
            "судебным решением; по вашему конкретному случаю обратитесь к правовому инспектору "
            "труда профсоюза."
        ),
        "article": "ст.",
        "point": "п.",
        "appeal": "Классификация обращения",
        "category": "Категория",
        "subcategory": "Подкатегория",
        "urgency": "Срочность",
        "summary": "Краткое содержание",
        "confidence": "Уверенность",
        "low": "низкая",
        "medium": "средняя",
        "high": "высокая",
    },
    "kk": {
        "memo": "ҚҰҚЫҚТЫҚ ҚОРЫТЫНДЫ",
        "to": "Кімге",
        "basis": "Негіздеме",
        "facts": "Нақты мән-жайлар",
        "question": "Сұрақ",
        "questions": "Сұрақтар",
        "short": "Қысқаша жауап",
        "law": "Қолданылатын заңнама",
        "analysis": "Талдау",
        "norm": "Норма",
        "circumstances": "Мән-жайлар",
        "conclusion": "Қорытынды",
        "procedure": "Тәртібі мен мерзімдері",
        "recommendations": "Қорытындылар мен ұсынымдар",
        "deadline": "мерзімі",
        "addressee": "кімге",
        "reservations": "Ескертпелер",
        "no_law": "Нормалар көрсетілмеген; қолданылатын заңнаманы заңгер анықтайды.",
        "memo_sign": "Құқықтық еңбек инспекторы ____________ /________________/",
        "date_line": "Күні: 20___ жылғы «___» ____________",
        "resolution": "ҚАУЛЫ",
        "res_date": "20___ жылғы «___» ____________",
        "res_number": "№ ______",
        "res_place": "______________ қаласы",
        "decides": "ҚАУЛЫ ЕТЕДІ:",
        "responsible": "Жауаптылар",
        "res_deadline": "Мерзімі",
        "chair": "Төраға ____________ /________________/",
        "presidium": "ТӨРАЛҚАСЫ",
        "executive_committee": "АТҚАРУ КОМИТЕТІ",
        "faq": "Кәсіподақ мүшесінің сұрағына жауап",
        "answer": "Жауап",
        "faq_law": "Нормативтік негіз",
        "contact": "Кәсіподаққа қашан жүгіну керек",
        "faq_note": (
            "Жауап анықтамалық сипатта, сұрақтағы мәліметтерге негізделген және сот шешімі "
            "болып табылмайды; нақты жағдайыңыз бойынша кәсіподақтың құқықтық еңбек "
            "инспекторына жүгініңіз."
        ),
        "article": "бап",
        "point": "тармақ",
        "appeal": "Өтінішті жіктеу",
        "category": "Санат",
        "subcategory": "Ішкі санат",
        "urgency": "Шұғылдығы",
        "summary": "Қысқаша мазмұны",
        "confidence": "Сенімділік",
        "low": "төмен",
        "medium": "орташа",
        "high": "жоғары",
    },
}

STANDARD_RESERVATIONS: dict[str, tuple[str, ...]] = {
    "ru": (
        "Заключение подготовлено исключительно на основании документов и сведений, "
        "представленных заявителем; иные обстоятельства не исследовались.",
        "Заключение не является судебным решением и не имеет обязательной силы для суда, "
        "работодателя и иных органов.",
        "Нормы законодательства приведены по состоянию на дату подготовки заключения; "
        "номера статей подлежат сверке с официальным текстом (adilet.zan.kz).",
    ),
    "kk": (
        "Қорытынды тек өтініш беруші ұсынған құжаттар мен мәліметтер негізінде дайындалды; "
        "өзге мән-жайлар зерттелген жоқ.",
        "Қорытынды сот шешімі болып табылмайды және сот, жұмыс беруші және өзге органдар "
        "үшін міндетті күші жоқ.",
        "Заңнама нормалары қорытынды дайындалған күнгі жағдай бойынша келтірілген; "
        "баптардың нөмірлері ресми мәтінмен (adilet.zan.kz) салыстырылуға тиіс.",
    ),
}


def _t(lang: str) -> dict[str, str]:
    return _T["kk" if lang == "kk" else "ru"]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?…:;,»)" else text + "."


def format_citation(c: Citation, lang: str) -> str:
    t = _t(lang)
    parts = [c.act]
    if c.article is None:
        pass
    elif lang == "kk":
        parts.append(f"{c.article}-{t['article']}")
        if c.point:
            parts.append(
                f"{c.point}-{t['point']}" if c.point.isdigit() else f"{t['point']} {c.point}"
            )
    else:
        parts.append(f"{t['article']} {c.article}")
        if c.point:
            parts.append(f"{t['point']} {c.point}" if c.point[:1].isdigit() else c.point)
    line = ", ".join(parts)
    if c.quote:
        quote = c.quote.strip('«»"')
        line += f": «{quote}»"
    return line


def _citations(items: Sequence[Citation], lang: str) -> list[str]:
    if not items:
        return [_t(lang)["no_law"]]
    return [f"- {format_citation(c, lang)}" for c in items]


def _memo(m: LegalMemo, lang: str, union_name: str) -> str:
    t = _t(lang)
    out = [f"# {t['memo']}", "", f"**{t['to']}:** {m.addressee}", ""]
    out += [f"## {t['basis']}", "", m.basis, ""]
    out += [f"## {t['facts']}", "", m.facts, ""]
    if len(m.questions) == 1:
        out += [f"## {t['question']}", "", m.questions[0], ""]
    else:
        out += [f"## {t['questions']}", ""]
        out += [f"{i}. {q}" for i, q in enumerate(m.questions, 1)] + [""]
    out += [f"## {t['short']}", "", m.short_answer, ""]
    out += [f"## {t['law']}", "", *_citations(m.applicable_law, lang), ""]
    out += [f"## {t['analysis']}", ""]
    for i, a in enumerate(m.analysis, 1):
        heading = (
            f"### {t['question']} {i}. {a.question}"
            if lang != "kk"
            else (f"### {i}-{t['question'].lower()}. {a.question}")
        )
        out += [heading, ""]
        out += [f"**{t['norm']}:** {a.norm}", ""]
        out += [f"**{t['circumstances']}:** {a.facts}", ""]
        out += [f"**{t['conclusion']}:** {a.conclusion}", ""]
        if a.procedure_and_deadlines:
            out += [f"**{t['procedure']}:** {a.procedure_and_deadlines}", ""]
    out += [f"## {t['recommendations']}", ""]
    for i, r in enumerate(m.conclusions_and_recommendations, 1):
        details = []
        if r.deadline:
            details.append(f"{t['deadline']}: {r.deadline}")
        if r.addressee:
            details.append(f"{t['addressee']}: {r.addressee}")
        suffix = f" ({'; '.join(details)})" if details else ""
        out.append(f"{i}. {_sentence(r.action).rstrip('.')}{suffix}.")
    out += ["", f"## {t['reservations']}", ""]
    reservations = list(STANDARD_RESERVATIONS["kk" if lang == "kk" else "ru"])
    seen = {r.casefold() for r in reservations}
    for extra in m.reservations:
        if extra.strip() and extra.strip().casefold() not in seen:
            reservations.append(_sentence(extra))
            seen.add(extra.strip().casefold())
    out += [f"- {r}" for r in reservations]
    out += ["", t["date_line"], "", t["memo_sign"]]
    return "\n".join(out) + "\n"


def _preamble(preamble: str, considered: str) -> list[str]:
    """«В соответствии с Уставом, заслушав и обсудив …» is one sentence when the
    preamble is a bare phrase; otherwise two paragraphs."""
    preamble = preamble.strip()
    considered = considered.strip()
    if preamble and preamble[-1] not in ".!?…:;":
        first = considered.split(maxsplit=1)[0] if considered else ""
        if len(first) > 1 and first[0].isupper() and first[1:2].islower():
            considered = considered[0].lower() + considered[1:]
        return [f"{preamble.rstrip(',')}, {_sentence(considered)}"]
    return [_sentence(preamble), "", _sentence(considered)]


def _resolution(r: Resolution, lang: str, union_name: str) -> str:
    t = _t(lang)
    out = [f"**{union_name}**", "", f"**{t[r.body]}**", "", f"# {t['resolution']}", ""]
    out += [f"{t['res_date']}      {t['res_number']}", "", t["res_place"], ""]
    out += [f"## {r.title}", ""]
    out += [*_preamble(r.preamble, r.considered), ""]
    out += [f"**{t['decides']}**", ""]
    n = 0
    for n, d in enumerate(r.decisions, 1):
        details = []
        if d.responsible:
            details.append(f"{t['responsible']}: {d.responsible}")
        if d.deadline:
            details.append(f"{t['res_deadline']}: {d.deadline}")
        line = f"{n}. {_sentence(d.text)}"
        if details:
            line += " " + ". ".join(details) + "."
        out.append(line)
    out.append(f"{n + 1}. {_sentence(r.control_clause)}")
    out += ["", t["chair"]]
    return "\n".join(out) + "\n"


def _faq(f: FaqAnswer, lang: str, union_name: str) -> str:
    t = _t(lang)
    out = [f"# {t['faq']}", "", f"## {t['answer']}", "", f.answer, ""]
    if f.citations:
        out += [f"## {t['faq_law']}", "", *_citations(f.citations, lang), ""]
    out += [f"## {t['contact']}", "", f.when_to_contact_union, "", f"_{t['faq_note']}_"]
    return "\n".join(out) + "\n"


def _appeal(a: AppealClassification, lang: str, union_name: str) -> str:
    t = _t(lang)
    out = [f"# {t['appeal']}", ""]
    out.append(f"- **{t['category']}:** {a.category}")
    if a.subcategory:
        out.append(f"- **{t['subcategory']}:** {a.subcategory}")
    out.append(f"- **{t['urgency']}:** {t[a.urgency]}")
    out.append(f"- **{t['confidence']}:** {a.confidence:.2f}")
    out += ["", f"**{t['summary']}:** {a.summary}"]
    return "\n".join(out) + "\n"


def render_document(output: BaseModel, lang: str, *, union_name: str | None = None) -> str:
    """Markdown for a validated output of one of the four schemas."""
    name = union_name or UNION_NAME["kk" if lang == "kk" else "ru"]
    if isinstance(output, LegalMemo):
        return _memo(output, lang, name)
    if isinstance(output, Resolution):
        return _resolution(output, lang, name)
    if isinstance(output, FaqAnswer):
        return _faq(output, lang, name)
    if isinstance(output, AppealClassification):
        return _appeal(output, lang, name)
    raise TypeError(f"No document layout for {type(output).__name__}")
