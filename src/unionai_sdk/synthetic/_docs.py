"""Annotated synthetic documents: appeals, minutes, letters, member lists, chat messages."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from unionai_sdk.synthetic import _ids
from unionai_sdk.synthetic._contacts import (
    PHONE_FORMATS,
    Segment,
    address_segments,
    birth_date_phrase,
    email_for,
    foreign_phone,
    kz_phone,
    places,
)
from unionai_sdk.synthetic._names import KK_CASES, Person, make_person
from unionai_sdk.synthetic._texts import (
    CATEGORIES,
    ORGS,
    POSITIONS,
    REGIONS,
    REQUESTS,
    TOPICS,
    URGENT,
)

__all__ = [
    "DOC_KINDS",
    "PII_TYPES",
    "AnnotatedDoc",
    "generate_corpus",
    "generate_doc",
    "sample_appeals",
]

PII_TYPES = (
    "KZ_IIN", "KZ_BIN", "PHONE_NUMBER", "EMAIL_ADDRESS", "KZ_IBAN", "PAYMENT_CARD",
    "KZ_ID_CARD", "KZ_PASSPORT", "DATE_OF_BIRTH", "ADDRESS", "PERSON",
)  # fmt: skip
"""The entity types that are masked by default and scored by the benchmark."""

DOC_KINDS = ("appeal", "minutes", "letter", "member_list", "chat")


@dataclass
class AnnotatedDoc:
    """A text with gold spans ``(start, end, entity_type)``; ``text[start:end]`` is the entity.

    ``meta["span_tags"]`` (generated documents) has one string per span: for a PERSON how
    the mention is written, ``case/form/spelling`` (``kk_dat/full/native``,
    ``gen/initials_after/ru``, ``nom/given/native-lower``); empty for other types.
    Appeals also carry ``category`` and ``urgency`` in ``meta``.
    """

    text: str
    lang: str
    kind: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    id: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "lang": self.lang,
            "kind": self.kind,
            "text": self.text,
            "spans": [list(s) for s in self.spans],
            "meta": self.meta,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AnnotatedDoc:
        return cls(
            text=d["text"],
            lang=d["lang"],
            kind=d["kind"],
            spans=[(int(s), int(e), str(t)) for s, e, t in d["spans"]],
            id=d.get("id", ""),
            meta=dict(d.get("meta", {})),
        )

    def entities(self) -> list[tuple[str, str]]:
        """(entity_type, text) of every gold span, in order."""
        return [(t, self.text[s:e]) for s, e, t in self.spans]


class _Builder:
    def __init__(self, *, lower: bool = False) -> None:
        self.parts: list[str] = []
        self.spans: list[tuple[int, int, str]] = []
        self.tags: list[str] = []  # per span: how a PERSON mention is written (case/form/style)
        self.pos = 0
        self.lower = lower

    def t(self, text: str) -> None:
        if self.lower:
            text = text.lower()
        if text.startswith(".") and self.parts and self.parts[-1].endswith("."):
            text = text[1:]  # "Иванов И.И." at the end of a sentence takes no second full stop
        self.parts.append(text)
        self.pos += len(text)

    def e(self, text: str, entity_type: str | None, tag: str = "") -> None:
        start = self.pos
        self.t(text)
        if entity_type:
            self.spans.append((start, self.pos, entity_type))
            self.tags.append(tag)

    def segs(self, segments: list[Segment]) -> None:
        for text, entity_type in segments:
            self.e(text, entity_type)

    def text(self) -> str:
        return "".join(self.parts)


class _Ctx:
    """Per-document state: the random source, the builder, people and how they are spelled."""

    def __init__(
        self, rng: random.Random, lang: str, *, lower: bool = False, names: str = "main"
    ) -> None:
        self.rng = rng
        self.names = names
        self.lang = lang
        self.b = _Builder(lower=lower)
        self.people: list[Person] = []  # kept alive, so that id() stays unique per person
        self.styles: dict[int, str] = {}
        self.mentioned: set[int] = set()

    def part_lang(self) -> str:
        """Language of the next part: the document's, or either for a mixed document."""
        if self.lang == "mixed":
            return self.rng.choice(("ru", "kk"))
        return self.lang

    def person(self, lang: str | None = None, gender: str | None = None) -> Person:
        if lang is None:
            base = "kk" if self.lang in ("kk", "mixed") else "ru"
            lang = base if self.rng.random() < 0.7 else ("ru" if base == "kk" else "kk")
        p = make_person(self.rng, lang, gender, names=self.names)
        self.people.append(p)
        return p

    def _spelled(self, p: Person, part: str) -> Person:
        key = id(p)
        if key not in self.styles:
            r = self.rng.random()
            if p.lang == "ru":
                style = "native"
            elif part == "ru":
                style = "ru" if r < 0.7 else ("native" if r < 0.85 else "lookalike")
            else:
                style = "native" if r < 0.72 else ("lookalike" if r < 0.9 else "ru")
            if p.lang == "kk" and self.rng.random() < 0.05:
                style = self.rng.choice(("latin", "latin_bgn", "latin2021"))
            self.styles[key] = style
        style = self.styles[key]
        return p.spelled(style)

    def name(self, p: Person, part: str, case: str = "nom", form: str | None = None) -> str:
        """Write a mention of ``p`` (a PERSON span) and return its text."""
        sp = self._spelled(p, part)
        if part == "kk" and case in ("gen", "dat", "acc", "ins", "prep"):
            case = {"gen": "kk_gen", "dat": "kk_dat", "acc": "kk_acc", "ins": "kk_ins",
                    "prep": "kk_loc"}[case]  # fmt: skip
        if part == "ru" and case in KK_CASES:
            case = {"kk_gen": "gen", "kk_dat": "dat", "kk_acc": "acc", "kk_ins": "ins",
                    "kk_loc": "prep", "kk_abl": "gen"}[case]  # fmt: skip
        if self.styles[id(p)].startswith("latin"):
            case = "nom"  # Latin spellings are not inflected here
        forms = sp.forms(case)
        if form is None:
            first = id(p) not in self.mentioned
            if first:
                form = self.rng.choice(
                    ("full", "full", "full", "given_surname", "initials_after",
                     "initials_before", "initials_after_sp", "surname_given")
                )  # fmt: skip
            else:
                form = self.rng.choice(
                    (
                        "surname",
                        "initials_after",
                        "initials_before",
                        "surname",
                        "initials_before_sp",
                    )
                )
        self.mentioned.add(id(p))
        text = forms[form]
        style = self.styles[id(p)] + ("-lower" if self.b.lower else "")
        self.b.e(text, "PERSON", f"{case}/{form}/{style}")
        return text


def _fill(ctx: _Ctx, template: str, lang: str) -> None:
    """Write a fixed sentence, filling {N} and {SUM} (not personal data)."""
    rng = ctx.rng
    pieces = (
        template.replace("{SUM}", "\0S\0").replace("{N}", "\0N\0").replace("{M}", "\0M\0")
    ).split("\0")
    for piece in pieces:
        if piece == "S":
            ctx.b.t(_amount(rng, lang))
        elif piece == "N":
            ctx.b.t(str(rng.randint(5, 14)))
        elif piece == "M":
            ctx.b.t(str(rng.randint(2, 4)))
        else:
            ctx.b.t(piece)


def _amount(rng: random.Random, lang: str) -> str:
    value = rng.randint(5, 480) * 1000 + rng.choice((0, 0, 500))
    text = f"{value:,}".replace(",", " ")
    return text + (" теңге" if lang == "kk" else rng.choice((" тенге", " тг", " KZT")))


def _doc_date(rng: random.Random) -> date:
    return date(2025, 1, 1) + timedelta(days=rng.randint(0, 540))


def _dotted(d: date) -> str:
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


# ---------------------------------------------------------------- labelled identifiers


def _label(rng: random.Random, options: tuple[str, ...]) -> str:
    return rng.choice(options)


def _iin(ctx: _Ctx, part: str) -> None:
    labels = ("ИИН ", "ИИН: ", "ИИН ", "иин ") if part == "ru" else ("ЖСН ", "ЖСН: ", "ИИН ")
    ctx.b.t(_label(ctx.rng, labels))
    ctx.b.e(_ids.valid_iin(ctx.rng), "KZ_IIN")


def _bin(ctx: _Ctx, part: str) -> None:
    ctx.b.t(_label(ctx.rng, ("БИН ", "БИН: ") if part == "ru" else ("БСН ", "БСН: ", "БИН ")))
    ctx.b.e(_ids.valid_bin(ctx.rng), "KZ_BIN")


def _phone(ctx: _Ctx, part: str, *, label: bool = True) -> None:
    if label:
        labels = (
            ("тел. ", "тел.: ", "телефон: ", "моб. ", "контактный телефон: ", "т. ")
            if part == "ru"
            else ("тел.: ", "байланыс телефоны: ", "ұялы тел.: ", "телефон ")
        )
        ctx.b.t(_label(ctx.rng, labels))
    ctx.b.e(kz_phone(ctx.rng), "PHONE_NUMBER")


def _email(ctx: _Ctx, part: str, p: Person) -> None:
    labels = (
        ("e-mail: ", "эл. почта: ", "email ", "почта: ")
        if part == "ru"
        else ("эл. пошта: ", "e-mail: ", "электрондық пошта: ")
    )
    ctx.b.t(_label(ctx.rng, labels))
    ctx.b.e(email_for(ctx.rng, p), "EMAIL_ADDRESS")


def _iban(ctx: _Ctx, part: str) -> None:
    labels = (
        ("ИИК ", "IBAN ", "р/с ", "счёт ", "ИИК: ") if part == "ru" else ("ЖСК ", "IBAN ", "шот ")
    )
    ctx.b.t(_label(ctx.rng, labels))
    ctx.b.e(_ids.kz_iban(ctx.rng), "KZ_IBAN")


def _card(ctx: _Ctx, part: str) -> None:
    labels = (
        ("карта ", "номер карты ", "на карту ", "карта Kaspi ")
        if part == "ru"
        else ("карта нөмірі ", "картаға ", "карта ")
    )
    ctx.b.t(_label(ctx.rng, labels))
    ctx.b.e(_ids.payment_card(ctx.rng), "PAYMENT_CARD")


def _id_card(ctx: _Ctx, part: str) -> None:
    labels = (
        ("удостоверение личности № ", "уд. личности ", "уд. личности № ", "удостоверение личности ")
        if part == "ru"
        else ("жеке куәлік № ", "жеке куәлік ", "жеке куәлігі № ")
    )
    ctx.b.t(_label(ctx.rng, labels))
    ctx.b.e(_ids.id_card_number(ctx.rng), "KZ_ID_CARD")
    if ctx.rng.random() < 0.5:
        issued = _dotted(_doc_date(ctx.rng) - timedelta(days=ctx.rng.randint(400, 3000)))
        ctx.b.t(f", выдано МВД РК {issued}" if part == "ru" else f", берген ҚР ІІМ {issued}")


def _passport(ctx: _Ctx, part: str) -> None:
    labels = (
        ("паспорт № ", "паспорт ", "паспорт РК № ")
        if part == "ru"
        else ("төлқұжат № ", "төлқұжат ", "паспорт № ")
    )
    ctx.b.t(_label(ctx.rng, labels))
    ctx.b.e(_ids.passport_number(ctx.rng), "KZ_PASSPORT")


def _address(ctx: _Ctx, part: str) -> None:
    ctx.b.segs(address_segments(ctx.rng, part))


def _dob(ctx: _Ctx, part: str, p: Person) -> None:
    ctx.b.segs(birth_date_phrase(ctx.rng, part, p.gender))


def _org(ctx: _Ctx, part: str, org: tuple[str, str]) -> None:
    ctx.b.e(org[0] if part == "ru" else org[1], "ORGANIZATION")


def _negative(ctx: _Ctx, part: str) -> None:
    """A sentence with numbers that are not personal data."""
    rng = ctx.rng
    k = rng.randint(0, 8)
    d = _dotted(_doc_date(rng))
    if part == "ru":
        if k == 0:
            ctx.b.t(f"Счёт на оплату № {_ids.invalid_twelve_digits(rng)} от {d} оплачен.")
        elif k == 1:
            ctx.b.t(f"Сумма задолженности составляет {_amount(rng, 'ru')}.")
        elif k == 2:
            ctx.b.t(
                f"Основание: приказ № {rng.randint(10, 300)}-к от {d}, ст. "
                f"{rng.choice((22, 23, 52, 53, 68, 88, 112, 131, 159))} Трудового кодекса РК."
            )
        elif k == 3:
            ctx.b.t(f"Номер заявки в системе: {_ids.invalid_twelve_digits(rng)}.")
        elif k == 4:
            ctx.b.t(
                f"Номер договора поставки {_ids.invalid_card_like(rng)}, "
                f"{rng.randint(2, 40)} позиций."
            )
        elif k == 5:
            ctx.b.t(
                f"В {rng.choice(('2024-2025', '2025-2026'))} учебном году в школе "
                f"{rng.randint(300, 1800)} учащихся и {rng.randint(40, 140)} педагогов."
            )
        elif k == 7:
            ctx.b.t(
                "Согласно постановлению Президиума Исполнительного комитета профсоюза, "
                "в пятницу ППО проводит концерт к празднику Наурыз в актовом зале."
            )
        elif k == 8 and rng.random() < 0.5:
            ctx.b.t(
                f"Оплата картой **** {rng.randint(1000, 9999)} на {_amount(rng, 'ru')} прошла {d}."
            )
        elif k == 8:
            ctx.b.t(
                "Совет профсоюза напоминает: членские взносы составляют 1% от заработной "
                f"платы, льготная путёвка стоит {_amount(rng, 'ru')}."
            )
        else:
            ctx.b.t(
                f"Заказ № {_ids.invalid_twelve_digits(rng)} на {_amount(rng, 'ru')} доставлен {d}."
            )
    else:
        if k == 0:
            ctx.b.t(f"№ {_ids.invalid_twelve_digits(rng)} шот-фактура {d} төленді.")
        elif k == 1:
            ctx.b.t(f"Берешек сомасы {_amount(rng, 'kk')} құрайды.")
        elif k == 2:
            ctx.b.t(
                f"Негіздеме: {d} № {rng.randint(10, 300)}-ж бұйрық, ҚР Еңбек кодексінің "
                f"{rng.choice((22, 23, 52, 53, 68, 88, 112, 131, 159))}-бабы."
            )
        elif k == 3:
            ctx.b.t(f"Жүйедегі өтінім нөмірі: {_ids.invalid_twelve_digits(rng)}.")
        elif k == 4:
            ctx.b.t(f"Жеткізу шартының нөмірі {_ids.invalid_card_like(rng)}.")
        elif k == 5:
            ctx.b.t(
                f"{rng.choice(('2024-2025', '2025-2026'))} оқу жылында мектепте "
                f"{rng.randint(300, 1800)} оқушы және {rng.randint(40, 140)} педагог бар."
            )
        elif k == 7:
            ctx.b.t(
                "Кәсіподақ Атқару комитеті Президиумының қаулысына сәйкес жұма күні "
                "Наурыз мейрамына арналған концерт өтеді."
            )
        elif k == 8 and rng.random() < 0.5:
            ctx.b.t(f"**** {rng.randint(1000, 9999)} картасымен {_amount(rng, 'kk')} төленді.")
        elif k == 8:
            ctx.b.t(
                "Кәсіподақ Кеңесі еске салады: мүшелік жарна жалақының 1% құрайды, "
                f"жеңілдікпен жолдама {_amount(rng, 'kk')} тұрады."
            )
        else:
            ctx.b.t(f"№ {_ids.invalid_twelve_digits(rng)} тапсырыс {d} жеткізілді.")


# ---------------------------------------------------------------- document kinds


def _appeal(ctx: _Ctx, category: str, urgent: bool) -> dict[str, Any]:
    rng, b = ctx.rng, ctx.b
    org = rng.choice(ORGS)
    head = ctx.part_lang()
    body = ctx.part_lang() if ctx.lang == "mixed" else head
    member = ctx.person()
    chair = ctx.person()
    position = rng.choice(POSITIONS[head])
    formal = rng.random() < 0.7
    if formal:
        if head == "ru":
            b.t("Председателю ППО ")
            _org(ctx, head, org)
            b.t("\n")
            ctx.name(chair, head, "dat", rng.choice(("initials_after", "initials_before", "full")))
            b.t("\nот ")
            ctx.name(member, head, "gen", rng.choice(("full", "full", "initials_after")))
            b.t(f", {position}")
        else:
            _org(ctx, head, org)
            b.t(" бастауыш кәсіподақ ұйымының төрағасы ")
            ctx.name(
                chair, head, "kk_dat", rng.choice(("initials_after", "initials_before", "full"))
            )
            b.t(f"\n{position} ")
            ctx.name(member, head, "kk_abl", rng.choice(("full", "full", "initials_before")))
        if rng.random() < 0.6:
            b.t(
                "\n"
                + (
                    "проживающей по адресу: "
                    if member.gender == "f"
                    else "проживающего по адресу: "
                )
                if head == "ru"
                else "\nмекенжайы: "
            )
            _address(ctx, head)
        b.t("\n")
        _phone(ctx, head)
        if rng.random() < 0.5:
            b.t(", ")
            _email(ctx, head, member)
        b.t(
            "\n\n" + (rng.choice(("ЗАЯВЛЕНИЕ", "ОБРАЩЕНИЕ")) if head == "ru" else "ӨТІНІШ") + "\n\n"
        )
    else:
        if body == "ru":
            b.t(rng.choice(("Здравствуйте! ", "Добрый день. ", "Уважаемый профком! ")))
            b.t("Меня зовут ")
            ctx.name(member, body, "nom", rng.choice(("given_surname", "full", "surname_given")))
            b.t(f", я {position}, работаю в ")
            _org(ctx, body, org)
            b.t(". ")
        else:
            b.t(rng.choice(("Сәлеметсіз бе! ", "Құрметті кәсіподақ комитеті! ")))
            b.t("Менің атым ")
            ctx.name(member, body, "nom", rng.choice(("given_surname", "full")))
            b.t(", ")
            _org(ctx, body, org)
            b.t(f" ұйымында {position} болып жұмыс істеймін. ")
    topics = list(TOPICS[category][body])
    rng.shuffle(topics)
    for sentence in topics[: rng.randint(2, 3)]:
        _fill(ctx, sentence, body)
        b.t(" ")
    if rng.random() < 0.5:
        boss = ctx.person()
        if body == "ru":
            b.t(rng.choice(("Директор ", "Заместитель директора ", "Руководитель ")))
            ctx.name(boss, body, "nom")
            b.t(
                rng.choice(
                    (" отказывается дать письменный ответ. ", " на мои вопросы не отвечает. ")
                )
            )
            if rng.random() < 0.5:
                b.t("Я дважды " + ("обращалась" if member.gender == "f" else "обращался") + " к ")
                ctx.name(boss, body, "dat", rng.choice(("surname", "initials_before")))
                b.t(", результата нет. ")
        else:
            b.t(rng.choice(("Директор ", "Директордың орынбасары ")))
            ctx.name(boss, body, "nom")
            b.t(" жазбаша жауап беруден бас тартады. ")
            if rng.random() < 0.5:
                ctx.name(boss, body, "kk_dat", rng.choice(("surname", "initials_before")))
                b.t(" екі рет жүгіндім, нәтиже жоқ. ")
    if rng.random() < 0.5:
        _negative(ctx, body)
        b.t(" ")
    b.t("\n")
    # personal details block
    details = rng.sample(
        ("iin", "id", "dob", "card", "iban", "passport", "foreign"), rng.randint(1, 3)
    )
    if body == "ru":
        b.t(rng.choice(("Мои данные: ", "Сведения о себе: ", "Для связи и проверки: ")))
    else:
        b.t(rng.choice(("Менің деректерім: ", "Өзім туралы мәлімет: ")))
    for i, item in enumerate(details):
        if i:
            b.t(", " if rng.random() < 0.7 else "; ")
        if item == "iin":
            _iin(ctx, body)
        elif item == "id":
            _id_card(ctx, body)
        elif item == "dob":
            _dob(ctx, body, member)
        elif item == "card":
            b.t("для материальной помощи " if body == "ru" else "материалдық көмек үшін ")
            _card(ctx, body)
        elif item == "iban":
            _iban(ctx, body)
        elif item == "passport":
            b.t("для путёвки " if body == "ru" else "жолдама үшін ")
            _passport(ctx, body)
            if rng.random() < 0.5:
                b.t(" (в паспорте: " if body == "ru" else " (төлқұжатта: ")
                latin = member.spelled(rng.choice(("latin", "latin_bgn", "latin2021")))
                b.e(
                    f"{latin.surname} {latin.given}".upper(),
                    "PERSON",
                    "nom/surname_given/latin-upper",
                )
                b.t(")")
        else:
            b.t("сейчас я за границей, номер " if body == "ru" else "қазір шетелдемін, нөмірім ")
            b.e(foreign_phone(rng), "PHONE_NUMBER")
    b.t(".\n")
    b.t(rng.choice(REQUESTS[body]))
    if urgent:
        b.t(" " + rng.choice(URGENT[body]))
    if not formal:
        b.t(" " + ("Мой телефон " if body == "ru" else "Телефоным "))
        _phone(ctx, body, label=False)
        if rng.random() < 0.5:
            b.t(", почта " if body == "ru" else ", пошта ")
            b.e(email_for(rng, member), "EMAIL_ADDRESS")
        b.t(".")
    d = _doc_date(rng)
    b.t(f"\n\n{_dotted(d)}    ______ ")
    ctx.name(
        member, head if formal else body, "nom", rng.choice(("initials_after", "initials_before"))
    )
    return {"organization": org[0], "date": d.isoformat()}


def _minutes(ctx: _Ctx) -> None:
    rng, b = ctx.rng, ctx.b
    part = ctx.part_lang()
    org = rng.choice(ORGS)
    city = rng.choice(places())
    d = _doc_date(rng)
    chair, secretary, invited, member, speaker = (ctx.person() for _ in range(5))
    total = rng.randint(7, 15)
    present = rng.randint(5, total)
    category = rng.choice(CATEGORIES[:-1])
    if part == "ru":
        b.t(f"ПРОТОКОЛ № {rng.randint(1, 24)}\nзаседания профсоюзного комитета ППО ")
        _org(ctx, part, org)
        b.t("\nг. ")
        b.e(city.ru, "LOCATION")
        b.t(f"{' ' * rng.randint(4, 30)}{_dotted(d)}\n\n")
        b.t(f"Присутствовали: {present} членов профкома из {total}.\nПредседатель — ")
        ctx.name(chair, part, "nom", rng.choice(("initials_before", "full", "initials_after")))
        b.t(".\nСекретарь — ")
        ctx.name(secretary, part, "nom", rng.choice(("initials_before", "initials_after")))
        b.t(".\nПриглашены: правовой инспектор ")
        ctx.name(invited, part, "nom", "full")
        b.t(", ")
        _phone(ctx, part)
        b.t(".\n\nПОВЕСТКА ДНЯ:\n1. О рассмотрении обращения ")
        ctx.name(member, part, "gen", "full")
        b.t(f", {rng.choice(POSITIONS['ru'])}")
        if rng.random() < 0.4:
            b.t(" (")
            _dob(ctx, part, member)
            b.t(")")
        b.t(".\n2. Об оказании материальной помощи.\n\n")
        b.t("1. СЛУШАЛИ: ")
        ctx.name(chair, part, "acc", "initials_before")
        b.t(
            ", ко"
            + ("торая" if chair.gender == "f" else "торый")
            + " сообщил"
            + ("а" if chair.gender == "f" else "")
            + " о поступившем обращении "
        )
        ctx.name(member, part, "gen")
        b.t(". В обращении указано: «")
        _fill(ctx, rng.choice(TOPICS[category]["ru"]), "ru")
        b.t("»\nВЫСТУПИЛИ: ")
        ctx.name(speaker, part, "nom", rng.choice(("initials_after", "given_surname", "full")))
        b.t(
            " предложил"
            + ("а" if speaker.gender == "f" else "")
            + " направить запрос работодателю. "
        )
        if rng.random() < 0.6:
            _negative(ctx, part)
        b.t("\nПОСТАНОВИЛИ:\n1. Поручить ")
        ctx.name(invited, part, "dat")
        b.t(f" подготовить запрос работодателю в срок до {_dotted(d + timedelta(days=10))}.\n")
        b.t("2. Оказать материальную помощь ")
        ctx.name(member, part, "dat", rng.choice(("full", "initials_after", "surname_given")))
        b.t(f" в размере {_amount(rng, 'ru')}")
        if rng.random() < 0.5:
            b.t(", ")
            _iin(ctx, part)
        b.t(", перечислив ")
        if rng.random() < 0.5:
            _card(ctx, part)
        else:
            b.t("на ")
            _iban(ctx, part)
        b.t(".\n3. Информацию о ")
        ctx.name(member, part, "prep", rng.choice(("surname", "initials_before", "full")))
        b.t(" принять к сведению, согласиться с ")
        ctx.name(speaker, part, "ins", rng.choice(("surname", "initials_after", "full")))
        b.t(".\n4. Контроль за исполнением возложить на ")
        ctx.name(chair, part, "acc", rng.choice(("initials_before", "initials_after")))
        b.t(f".\nГолосовали: «за» — {present - 1}, «против» — 0, «воздержались» — 1.\n\n")
        b.t("Председатель ________ ")
        ctx.name(chair, part, "nom", "initials_before")
        b.t("\nСекретарь ________ ")
        ctx.name(secretary, part, "nom", "initials_before")
    else:
        b.t(f"Кәсіподақ комитеті отырысының № {rng.randint(1, 24)} ХАТТАМАСЫ\n")
        _org(ctx, part, org)
        b.t(" бастауыш кәсіподақ ұйымы\n")
        b.e(city.kk, "LOCATION")
        b.t(f" қ.{' ' * rng.randint(4, 30)}{_dotted(d)}\n\n")
        b.t(f"Қатысқандар: кәсіподақ комитетінің {total} мүшесінің {present}-і.\nТөраға — ")
        ctx.name(chair, part, "nom", rng.choice(("initials_before", "full", "initials_after")))
        b.t(".\nХатшы — ")
        ctx.name(secretary, part, "nom", rng.choice(("initials_before", "initials_after")))
        b.t(".\nШақырылғандар: құқықтық инспектор ")
        ctx.name(invited, part, "nom", "full")
        b.t(", ")
        _phone(ctx, part)
        b.t(".\n\nКҮН ТӘРТІБІ:\n1. ")
        ctx.name(member, part, "kk_gen", "full")
        if rng.random() < 0.4:
            b.t(" (")
            _dob(ctx, part, member)
            b.t(")")
        b.t(" өтінішін қарау туралы.\n2. Материалдық көмек көрсету туралы.\n\n1. ТЫҢДАЛДЫ: ")
        ctx.name(chair, part, "nom", "initials_before")
        b.t(" ")
        ctx.name(member, part, "kk_gen")
        b.t(" өтініші туралы хабарлады. Өтініште: «")
        _fill(ctx, rng.choice(TOPICS[category]["kk"]), "kk")
        b.t("» делінген.\nСӨЙЛЕГЕНДЕР: ")
        ctx.name(speaker, part, "nom", rng.choice(("initials_after", "given_surname", "full")))
        b.t(" жұмыс берушіге сұрау салуды ұсынды. ")
        if rng.random() < 0.6:
            _negative(ctx, part)
        b.t("\nҚАУЛЫ ЕТТІ:\n1. Жұмыс берушіге сұрау дайындау ")
        ctx.name(invited, part, "kk_dat")
        b.t(f" тапсырылсын, мерзімі — {_dotted(d + timedelta(days=10))}.\n2. ")
        ctx.name(member, part, "kk_dat", rng.choice(("full", "initials_after", "given_surname")))
        b.t(f" {_amount(rng, 'kk')} мөлшерінде материалдық көмек көрсетілсін")
        if rng.random() < 0.5:
            b.t(" (")
            _iin(ctx, part)
            b.t(")")
        b.t(", ")
        if rng.random() < 0.5:
            _card(ctx, part)
        else:
            _iban(ctx, part)
        b.t(" аударылсын.\n3. Комитет ")
        ctx.name(member, part, "kk_acc", rng.choice(("surname", "given_surname", "full")))
        b.t(" қолдайды, ")
        ctx.name(
            speaker, part, "kk_ins", rng.choice(("surname", "given_surname", "initials_before"))
        )
        b.t(" келісілсін. ")
        ctx.name(member, part, "kk_loc", rng.choice(("surname", "given_surname")))
        b.t(" кәсіподақ жарналары бойынша берешек жоқ.\n4. Орындалуын бақылау ")
        ctx.name(chair, part, "kk_dat", rng.choice(("initials_before", "initials_after")))
        b.t(" жүктелсін.")
        b.t(
            f"\nДауыс берді: «жақтап» — {present - 1}, «қарсы» — 0, "
            "«қалыс қалған» — 1.\n\nТөраға ________ "
        )
        ctx.name(chair, part, "nom", "initials_before")
        b.t("\nХатшы ________ ")
        ctx.name(secretary, part, "nom", "initials_before")


def _letter(ctx: _Ctx) -> None:
    rng, b = ctx.rng, ctx.b
    part = ctx.part_lang()
    body = ctx.part_lang() if ctx.lang == "mixed" else part
    org = rng.choice(ORGS)
    boss, member, chair, clerk = (ctx.person() for _ in range(4))
    d = _doc_date(rng)
    category = rng.choice(CATEGORIES[:-1])
    if part == "ru":
        b.t("Директору ")
        _org(ctx, part, org)
        b.t("\n")
        ctx.name(boss, part, "dat", rng.choice(("initials_after", "initials_before", "full")))
        b.t(f"\nИсх. № {rng.randint(10, 400)} от {_dotted(d)}\n\n")
    else:
        _org(ctx, part, org)
        b.t(" директоры ")
        ctx.name(boss, part, "kk_dat", rng.choice(("initials_after", "initials_before", "full")))
        b.t(f"\nШығыс № {rng.randint(10, 400)}, {_dotted(d)}\n\n")
    if body == "ru":
        b.t("Уважаем" + ("ая " if boss.gender == "f" else "ый "))
        ctx.name(boss, body, "nom", "given_patronymic" if boss.patronymic else "given_surname")
        b.t("!\nПервичная профсоюзная организация рассмотрела обращение члена профсоюза ")
        ctx.name(member, body, "gen", "full")
        b.t(f", {rng.choice(POSITIONS['ru'])}")
        if rng.random() < 0.4:
            b.t(", ")
            _dob(ctx, body, member)
        if rng.random() < 0.7:
            b.t(", ")
            _iin(ctx, body)
        if rng.random() < 0.5:
            b.t(", " + ("проживающей" if member.gender == "f" else "проживающего") + " по адресу: ")
            _address(ctx, body)
        b.t(". Заявитель сообщает: «")
        _fill(ctx, rng.choice(TOPICS[category]["ru"]), "ru")
        b.t("» ")
        if rng.random() < 0.5:
            _negative(ctx, body)
            b.t(" ")
        b.t("Просим рассмотреть ситуацию ")
        ctx.name(member, body, "gen")
        b.t(f" и сообщить о принятых мерах до {_dotted(d + timedelta(days=14))}. ")
        b.t("По всем вопросам можно связаться с ")
        ctx.name(clerk, body, "ins", rng.choice(("full", "given_patronymic", "initials_before")))
        b.t(".\n")
        b.t("Реквизиты ППО: ")
        _bin(ctx, body)
        b.t(", ")
        _iban(ctx, body)
        b.t(", АО «Банк», БИК KCJBKZKX.\n\nПредседатель ППО ________ ")
        ctx.name(chair, body, "nom", "initials_before")
        b.t("\nИсп.: ")
        ctx.name(clerk, body, "nom", rng.choice(("initials_after", "surname_given")))
        b.t(", ")
        _phone(ctx, body)
        if rng.random() < 0.5:
            b.t(", ")
            _email(ctx, body, clerk)
    else:
        b.t("Құрметті ")
        ctx.name(boss, body, "nom", rng.choice(("given", "given_patronymic", "given_surname")))
        b.t("!\nБастауыш кәсіподақ ұйымы кәсіподақ мүшесі ")
        ctx.name(member, body, "kk_gen", "full")
        b.t(f" ({rng.choice(POSITIONS['kk'])}")
        if rng.random() < 0.4:
            b.t(", ")
            _dob(ctx, body, member)
        if rng.random() < 0.7:
            b.t(", ")
            _iin(ctx, body)
        b.t(") өтінішін қарады. ")
        if rng.random() < 0.5:
            b.t("Өтініш берушінің мекенжайы: ")
            _address(ctx, body)
            b.t(". ")
        b.t("Өтініште: «")
        _fill(ctx, rng.choice(TOPICS[category]["kk"]), "kk")
        b.t("» ")
        if rng.random() < 0.5:
            _negative(ctx, body)
            b.t(" ")
        ctx.name(member, body, "kk_gen")
        b.t(
            f" жағдайын қарап, қабылданған шаралар туралы {_dotted(d + timedelta(days=14))} "
            "дейін хабарлауыңызды сұраймыз. Біз "
        )
        ctx.name(member, body, "kk_acc", rng.choice(("surname", "given_surname")))
        b.t(" қорғауды сұраймыз. Барлық сұрақтар бойынша ")
        ctx.name(clerk, body, "kk_ins", rng.choice(("full", "given_surname", "initials_before")))
        b.t(" байланысуға болады.\nББҰ деректемелері: ")
        _bin(ctx, body)
        b.t(", ")
        _iban(ctx, body)
        b.t(".\n\nББҰ төрағасы ________ ")
        ctx.name(chair, body, "nom", "initials_before")
        b.t("\nОрынд.: ")
        ctx.name(clerk, body, "nom", rng.choice(("initials_after", "surname_given")))
        b.t(", ")
        _phone(ctx, body)
        if rng.random() < 0.5:
            b.t(", ")
            _email(ctx, body, clerk)


def _member_list(ctx: _Ctx) -> None:
    rng, b = ctx.rng, ctx.b
    part = ctx.part_lang()
    org = rng.choice(ORGS)
    extra = rng.choice(("card", "iban", "dob", "email", "id", "passport", "address", "none"))
    if part == "ru":
        b.t(rng.choice(("Список членов профсоюза ППО ", "Список на материальную помощь, ППО ")))
        cols = ["№", "ФИО", "ИИН", "Должность", "Телефон"]
        extra_col = {"card": "Номер карты", "iban": "ИИК", "dob": "Дата рождения",
                     "email": "E-mail", "id": "Уд. личности", "passport": "Паспорт",
                     "address": "Адрес", "none": ""}[extra]  # fmt: skip
    else:
        b.t(rng.choice(("Кәсіподақ мүшелерінің тізімі, ", "Материалдық көмек алушылар тізімі, ")))
        cols = ["Р/с", "Аты-жөні", "ЖСН", "Лауазымы", "Телефоны"]
        extra_col = {"card": "Карта нөмірі", "iban": "ЖСК", "dob": "Туған күні",
                     "email": "E-mail", "id": "Жеке куәлік", "passport": "Төлқұжат",
                     "address": "Мекенжайы", "none": ""}[extra]  # fmt: skip
    _org(ctx, part, org)
    if extra_col:
        cols.append(extra_col)
    sep = rng.choice((" | ", "\t", " ; "))
    b.t("\n\n" + sep.join(cols) + "\n")
    for row in range(1, rng.randint(4, 10) + 1):
        p = ctx.person()
        b.t(f"{row}{sep}")
        ctx.name(p, part, "nom", rng.choice(("full", "full", "initials_after")))
        b.t(sep)
        b.e(_ids.valid_iin(rng), "KZ_IIN")
        b.t(sep + rng.choice(POSITIONS[part]) + sep)
        b.e(kz_phone(rng, rng.choice(PHONE_FORMATS[:6])), "PHONE_NUMBER")
        if extra_col:
            b.t(sep)
            if extra == "card":
                b.e(_ids.payment_card(rng), "PAYMENT_CARD")
            elif extra == "iban":
                b.e(_ids.kz_iban(rng), "KZ_IBAN")
            elif extra == "dob":
                y, m, dd = rng.randint(1958, 2003), rng.randint(1, 12), rng.randint(1, 28)
                b.e(f"{dd:02d}.{m:02d}.{y}", "DATE_OF_BIRTH")
            elif extra == "email":
                b.e(email_for(rng, p), "EMAIL_ADDRESS")
            elif extra == "passport":
                b.e(_ids.passport_number(rng), "KZ_PASSPORT")
            elif extra == "address":
                b.segs(address_segments(rng, part, city=rng.random() < 0.3))
            else:
                b.e(_ids.id_card_number(rng), "KZ_ID_CARD")
        b.t("\n")
    if part == "ru":
        b.t(f"\nИтого: {row} человек, сумма {_amount(rng, 'ru')}. Составил: ")
    else:
        b.t(f"\nБарлығы: {row} адам, сомасы {_amount(rng, 'kk')}. Құрастырған: ")
    ctx.name(ctx.person(), part, "nom", "initials_after")


_CHAT_RU = (
    "привет {P} скинь пожалуйста номер {Q_GEN} спрашивали про отпуск\n",
    "{P} завтра собрание профкома в 15 00 не забудь\n",
    "кто знает телефон {Q_GEN} нужно по аттестации уточнить\n",
    "вот номер {PHONE} это {Q} звони после обеда\n",
    "{P} ты отправил список на матпомощь там иин {IIN} проверь\n",
    "почта {Q} {EMAIL} отправь ей протокол\n",
    "передай {Q_DAT} что заявление приняли\n",
    "карта для перевода {CARD} это {Q}\n",
    "{P} живет {ADDR} можно документы туда занести\n",
    "я вчера поговорил с {Q_INS} она согласна выступить\n",
    "что слышно о {Q_PREP} по отпуску\n",
    "видел {Q_ACC} сегодня в методкабинете\n",
)
_CHAT_KK = (
    "сәлем {P} {Q_GEN} нөмірін жіберші демалыс туралы сұрап жатыр\n",
    "{P} ертең кәсіподақ жиналысы сағат 15 те ұмытпа\n",
    "{Q_GEN} телефоны кімде бар аттестация бойынша сұрау керек\n",
    "міне нөмір {PHONE} бұл {Q} түстен кейін хабарлас\n",
    "{P} тізімді жібердің бе жсн {IIN} тексеріп жібер\n",
    "{Q_GEN} поштасы {EMAIL} хаттаманы соған жібер\n",
    "{Q_DAT} айтып қойшы өтініші қабылданды\n",
    "аударым үшін карта {CARD} бұл {Q_GEN} картасы\n",
    "{P} мекенжайы {ADDR} құжаттарды сонда апаруға болады\n",
    "кеше {Q_INS} сөйлестім ол жиналыста сөйлеуге келісті\n",
    "{Q_ACC} бүгін көрдің бе\n",
    "кабинеттің кілті {Q_LOC} қалды\n",
    "анықтаманы {Q_ABL} сұрап ал\n",
)


def _chat(ctx: _Ctx) -> None:
    rng, b = ctx.rng, ctx.b
    people = [ctx.person() for _ in range(rng.randint(2, 4))]
    lines = rng.randint(3, 7)
    for _ in range(lines):
        part = ctx.part_lang()
        template = rng.choice(_CHAT_RU if part == "ru" else _CHAT_KK)
        pieces = template.replace("{", "\0{").replace("}", "}\0").split("\0")
        addressee = rng.choice(people)
        last = addressee
        for piece in pieces:
            if not piece.startswith("{"):
                b.t(piece)
                continue
            slot = piece[1:-1]
            if slot == "P" or slot.startswith("Q"):
                others = [x for x in people if x is not addressee]
                p = addressee if slot == "P" else rng.choice(others)
                last = p
                case = "nom" if slot in ("P", "Q") else slot[2:].lower()
                if part == "kk" and case != "nom":
                    case = "kk_" + case
                form = rng.choice(("given", "given", "given_surname", "surname"))
                ctx.name(p, part, case, form)
            elif slot == "PHONE":
                b.e(
                    kz_phone(rng, rng.choice(("compact", "trunk_spaces", "intl_compact"))),
                    "PHONE_NUMBER",
                )
            elif slot == "IIN":
                b.e(_ids.valid_iin(rng), "KZ_IIN")
            elif slot == "EMAIL":
                b.e(email_for(rng, last), "EMAIL_ADDRESS")
            elif slot == "CARD":
                b.e(_ids.payment_card(rng, rng.choice((" ", ""))), "PAYMENT_CARD")
            elif slot == "ADDR":
                segs = address_segments(rng, part, city=False)
                b.segs([(t.replace(",", ""), ty) for t, ty in segs])


def generate_doc(rng: random.Random, kind: str, lang: str, *, names: str = "main") -> AnnotatedDoc:
    """One annotated document of ``kind`` (DOC_KINDS) in ``lang`` ("ru", "kk", "mixed");
    ``names`` picks the name lists ("main", or "holdout" for a held-out evaluation)."""
    ctx = _Ctx(rng, lang, lower=(kind == "chat"), names=names)
    meta: dict[str, Any] = {}
    if kind == "appeal":
        category = rng.choice(CATEGORIES)
        urgent = rng.random() < 0.25
        meta = _appeal(ctx, category, urgent)
        meta.update(category=category, urgency=_urgency(rng, category, urgent))
    elif kind == "minutes":
        _minutes(ctx)
    elif kind == "letter":
        _letter(ctx)
    elif kind == "member_list":
        _member_list(ctx)
    elif kind == "chat":
        _chat(ctx)
    else:
        raise ValueError(f"unknown document kind {kind}")
    meta["span_tags"] = ctx.b.tags
    return AnnotatedDoc(ctx.b.text(), lang, kind, ctx.b.spans, meta=meta)


def _urgency(rng: random.Random, category: str, urgent: bool) -> str:
    if urgent:
        return "high"
    if category in ("dismissal_discipline", "labour_safety", "disputes"):
        return rng.choice(("high", "medium", "medium"))
    if category == "other":
        return "low"
    return rng.choice(("low", "medium"))


_KIND_WEIGHTS = (("appeal", 0.34), ("minutes", 0.18), ("letter", 0.18), ("member_list", 0.14),
                 ("chat", 0.16))  # fmt: skip


def generate_corpus(n: int, seed: int = 0, *, names: str = "main") -> list[AnnotatedDoc]:
    """``n`` annotated documents, the same for the same ``seed``.

    ``names="holdout"`` draws people from name lists the default corpus never uses.

    About 55% Russian, 30% Kazakh and 15% mixed; kinds weighted by _KIND_WEIGHTS.
    """
    rng = random.Random(seed)
    kinds = [k for k, _ in _KIND_WEIGHTS]
    weights = [w for _, w in _KIND_WEIGHTS]
    docs = []
    for i in range(n):
        r = rng.random()
        lang = "ru" if r < 0.55 else ("kk" if r < 0.85 else "mixed")
        kind = rng.choices(kinds, weights)[0]
        doc = generate_doc(random.Random(rng.getrandbits(64)), kind, lang, names=names)
        doc.id = f"doc-{seed}-{i:04d}"
        docs.append(doc)
    return docs


def sample_appeals(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` synthetic member appeals for analytics, with their true category and urgency.

    Each is a dict: id, organization, region, date (ISO, 2025-2026), lang ("ru"/"kk"), text,
    category (one of CATEGORIES), urgency ("low"/"medium"/"high").
    """
    rng = random.Random(seed)
    out = []
    for i in range(n):
        sub = random.Random(rng.getrandbits(64))
        lang = "ru" if sub.random() < 0.6 else "kk"
        category = (
            CATEGORIES[i % len(CATEGORIES)] if i < len(CATEGORIES) else sub.choice(CATEGORIES)
        )
        urgent = sub.random() < 0.25
        for _ in range(20):
            state = sub.getstate()
            ctx = _Ctx(sub, lang)
            meta = _appeal(ctx, category, urgent)
            text = ctx.b.text()
            if 500 <= len(text) <= 1500:
                break
            sub.setstate(state)
            sub.random()
        city = sub.choice(places())
        out.append(
            {
                "id": f"APL-{seed}-{i + 1:05d}",
                "organization": meta["organization"],
                "region": REGIONS[city.ru],
                "date": meta["date"],
                "lang": lang,
                "text": text,
                "category": category,
                "urgency": _urgency(sub, category, urgent),
            }
        )
    return out
