"""Generators of synthetic identifiers and names for the privacy tests (no real people)."""

from __future__ import annotations

import random

from hypothesis import strategies as st

from unionai_sdk.privacy._checksums import iin_check_digit

W1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)


def complete_iin(first11: str) -> str | None:
    check = iin_check_digit(first11)
    return None if check is None else first11 + str(check)


def make_iin(rng: random.Random) -> str:
    while True:
        yy = rng.randint(0, 99)
        mm = rng.randint(1, 12)
        dd = rng.randint(1, 28)
        century = rng.choice("3456")
        serial = rng.randint(0, 9999)
        value = complete_iin(f"{yy:02d}{mm:02d}{dd:02d}{century}{serial:04d}")
        if value:
            return value


def make_bin(rng: random.Random) -> str:
    while True:
        yy = rng.randint(0, 24)
        mm = rng.randint(1, 12)
        value = complete_iin(
            f"{yy:02d}{mm:02d}{rng.choice('456')}{rng.choice('0123')}{rng.randint(0, 99999):05d}"
        )
        if value:
            return value


def make_iban(rng: random.Random) -> str:
    bank = f"{rng.randint(100, 999)}"
    account = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(13))
    bban = bank + account
    numeric = "".join(str(int(c, 36)) for c in bban + "KZ00")
    check = 98 - int(numeric) % 97
    return f"KZ{check:02d}{bban}"


def make_card(rng: random.Random) -> str:
    prefix = rng.choice(["4", "51", "52", "55", "2200"])
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(15 - len(prefix)))
    for d in "0123456789":
        cand = body + d
        total = 0
        for i, ch in enumerate(reversed(cand)):
            v = int(ch)
            if i % 2 == 1:
                v *= 2
                if v > 9:
                    v -= 9
            total += v
        if total % 10 == 0:
            return cand
    raise AssertionError("unreachable")


KZ_MOBILE = ["700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778"]


def make_phone(rng: random.Random) -> str:
    code = rng.choice(KZ_MOBILE)
    n = f"{rng.randint(0, 9999999):07d}"
    fmt = rng.randrange(6)
    if fmt == 0:
        return f"+7 ({code}) {n[:3]}-{n[3:5]}-{n[5:]}"
    if fmt == 1:
        return f"8 ({code}) {n[:3]}-{n[3:5]}-{n[5:]}"
    if fmt == 2:
        return f"8 {code} {n[:3]} {n[3:5]} {n[5:]}"
    if fmt == 3:
        return f"+7{code}{n}"
    if fmt == 4:
        return f"8-{code}-{n[:3]}-{n[3:5]}-{n[5:]}"
    return f"+7 {code} {n[:3]} {n[3:]}"


def make_email(rng: random.Random) -> str:
    user = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9)))
    return (
        f"{user}{rng.randint(1, 99)}@{rng.choice(['mail.kz', 'gmail.com', 'edu.kz', 'inbox.ru'])}"
    )


RU_SURNAMES = ["Иванов", "Петров", "Смирнов", "Кузнецов", "Соколов", "Попов", "Лебедев", "Козлов"]
RU_GIVEN_M = ["Иван", "Сергей", "Андрей", "Дмитрий", "Алексей", "Николай"]
RU_GIVEN_F = ["Анна", "Елена", "Ольга", "Наталья", "Татьяна", "Ирина"]
KK_SURNAMES = ["Жұмабаев", "Сейтов", "Оспанов", "Ахметов", "Байжанов", "Қасымов", "Омаров"]
KK_GIVEN_M = ["Ерлан", "Асқар", "Нұрлан", "Қайрат", "Бауыржан", "Марат", "Серік"]
KK_GIVEN_F = ["Айгүл", "Жанар", "Гүлнар", "Айгерім", "Динара", "Салтанат", "Меруерт"]


def make_person(rng: random.Random) -> str:
    """A full name in the nominative: 'Surname Given' or 'Surname Given Patronymic'."""
    kk = rng.random() < 0.5
    female = rng.random() < 0.5
    surname = rng.choice(KK_SURNAMES if kk else RU_SURNAMES) + ("а" if female else "")
    given = rng.choice(
        (KK_GIVEN_F if female else KK_GIVEN_M) if kk else (RU_GIVEN_F if female else RU_GIVEN_M)
    )
    if rng.random() < 0.5:
        father = rng.choice(KK_GIVEN_M if kk else ["Петр", "Иван", "Сергей"])
        if kk and rng.random() < 0.5:
            patronymic = father + ("қызы" if female else "ұлы")
        else:
            patronymic = father + ("овна" if female else "ович")
        return f"{surname} {given} {patronymic}"
    return f"{surname} {given}"


MAKERS = {
    "KZ_IIN": make_iin,
    "KZ_BIN": make_bin,
    "KZ_IBAN": make_iban,
    "PAYMENT_CARD": make_card,
    "PHONE_NUMBER": make_phone,
    "EMAIL_ADDRESS": make_email,
}

CONTEXT = {
    "KZ_IIN": ["ИИН", "ЖСН", "ИИН:", "иин"],
    "KZ_BIN": ["БИН", "БСН", "БИН:"],
    "KZ_IBAN": ["счёт", "IBAN", "шот"],
    "PAYMENT_CARD": ["карта", "номер карты", "карточка"],
    "PHONE_NUMBER": ["тел.", "телефон", "моб.", "байланыс телефоны"],
    "EMAIL_ADDRESS": ["e-mail", "почта", "эл. пошта"],
}

FILLERS = [
    "Прошу рассмотреть моё обращение о выплате за простой.",
    "Работодатель не выплатил надбавку за категорию.",
    "Мен мектепте мұғалім болып жұмыс істеймін.",
    "Отпуск предоставлен не в полном объёме, 56 дней не дали.",
    "Жалақы уақытында төленбеді.",
    "Аттестация проведена с нарушениями 12 марта.",
]


@st.composite
def identifier_texts(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A text with 1-4 generated identifiers; returns (text, the identifier strings)."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = random.Random(seed)
    parts: list[str] = []
    values: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(sorted(MAKERS)))
        value = MAKERS[kind](rng)
        values.append(value)
        ctx = rng.choice(CONTEXT[kind])
        parts.append(rng.choice(FILLERS))
        parts.append(f"{ctx} {value}{rng.choice(['.', ',', ';', ''])}")
    parts.append(rng.choice(FILLERS))
    return " ".join(parts), values


@st.composite
def person_texts(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A text with one or two generated people (each mentioned once) and an identifier."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = random.Random(seed)
    names: list[str] = []
    while len(names) < draw(st.integers(1, 2)):
        name = make_person(rng)
        if all(name.split()[0][:5] != n.split()[0][:5] for n in names):
            names.append(name)
    iin = make_iin(rng)
    text = (
        f"Заявитель {names[0]}, ИИН {iin}, сообщает: {rng.choice(FILLERS)} "
        + (f"Свидетель — {names[1]}. " if len(names) > 1 else "")
        + rng.choice(FILLERS)
    )
    return text, [*names, iin]
