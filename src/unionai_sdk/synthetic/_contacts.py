"""Phones, e-mail addresses, postal addresses and dates of birth."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from unionai_sdk.synthetic._names import Person, _read, to_latin, to_ru_spelling

__all__ = [
    "MOBILE_CODES",
    "PHONE_FORMATS",
    "Place",
    "Street",
    "address_segments",
    "birth_date_phrase",
    "email_for",
    "foreign_phone",
    "kazpost_code",
    "kz_phone",
    "places",
    "streets",
]

MOBILE_CODES = (
    "700", "701", "702", "705", "706", "707", "708", "747",
    "760", "761", "762", "763", "764", "771", "775", "776", "777", "778",
)  # fmt: skip

PHONE_FORMATS = (
    "intl_spaces",  # +7 701 234 56 78
    "intl_brackets",  # +7 (701) 234-56-78
    "trunk_brackets",  # 8 (701) 234-56-78
    "trunk_spaces",  # 8 701 234 5678
    "compact",  # 87012345678
    "intl_compact",  # +77012345678
    "dashes",  # 8-701-234-56-78
    "intl_dashes",  # +7-701-234-56-78
    "dots",  # 8.701.234.56.78
    "city_almaty",  # +7 (727) 234-56-78
    "city_astana",  # 8 (7172) 23-45-67
)


def _d(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def kz_phone(rng: random.Random, fmt: str | None = None) -> str:
    """A Kazakhstan phone number in one of PHONE_FORMATS (random when ``fmt`` is None)."""
    fmt = fmt or rng.choice(PHONE_FORMATS)
    code = rng.choice(MOBILE_CODES)
    a, b, c = rng.choice("23456789") + _d(rng, 2), _d(rng, 2), _d(rng, 2)
    if fmt == "intl_spaces":
        return f"+7 {code} {a} {b} {c}"
    if fmt == "intl_brackets":
        return f"+7 ({code}) {a}-{b}-{c}"
    if fmt == "trunk_brackets":
        return f"8 ({code}) {a}-{b}-{c}"
    if fmt == "trunk_spaces":
        return f"8 {code} {a} {b}{c}"
    if fmt == "compact":
        return f"8{code}{a}{b}{c}"
    if fmt == "intl_compact":
        return f"+7{code}{a}{b}{c}"
    if fmt == "dashes":
        return f"8-{code}-{a}-{b}-{c}"
    if fmt == "intl_dashes":
        return f"+7-{code}-{a}-{b}-{c}"
    if fmt == "dots":
        return f"8.{code}.{a}.{b}.{c}"
    if fmt == "city_almaty":  # Almaty subscriber numbers start with 2 or 3
        return f"+7 (727) {rng.choice('23')}{a[1:]}-{b}-{c}"
    if fmt == "city_astana":
        return f"8 (7172) {a[:2]}-{a[2]}{b[0]}-{b[1]}{c[0]}"
    raise ValueError(f"unknown phone format {fmt}")


def foreign_phone(rng: random.Random) -> str:
    """A German, US or Uzbek number in international format."""
    kind = rng.choice(("de", "us", "uz"))
    if kind == "de":
        return f"+49 30 {rng.choice('23456789')}{_d(rng, 6)}"
    if kind == "us":
        return f"+1 ({rng.choice(('212', '312', '415', '617', '202', '646'))}) 555-01{_d(rng, 2)}"
    return f"+998 {rng.choice(('90', '91', '93', '97'))} {_d(rng, 3)} {_d(rng, 2)} {_d(rng, 2)}"


_DOMAINS = (
    "gmail.com", "mail.ru", "mail.ru", "inbox.ru", "list.ru", "bk.ru", "yandex.kz",
    "yandex.ru", "outlook.com", "sch12.edu.kz", "mektep45.edu.kz", "college.edu.kz",
)  # fmt: skip


def _ascii(word: str) -> str:
    return "".join(ch for ch in to_latin(to_ru_spelling(word)).lower() if ch.isalnum())


def email_for(rng: random.Random, person: Person) -> str:
    """An e-mail address built from the person's transliterated name."""
    given, surname = _ascii(person.given_ru or person.given), _ascii(person.surname)
    style = rng.randint(0, 4)
    if style == 0:
        local = f"{given}.{surname}"
    elif style == 1:
        local = f"{given[0]}.{surname}"
    elif style == 2:
        local = f"{surname}{rng.randint(70, 99)}"
    elif style == 3:
        local = f"{given}_{surname[:4]}{rng.randint(1, 999)}"
    else:
        local = f"{surname}.{given[0]}"
    return f"{local}@{rng.choice(_DOMAINS)}"


@dataclass(frozen=True)
class Place:
    kk: str
    ru: str
    postcode: str
    letter: str


@dataclass(frozen=True)
class Street:
    kind: str
    kk: str
    ru: str


@cache
def places() -> tuple[Place, ...]:
    return tuple(Place(*line.split("|")) for line in _read("places.txt"))


@cache
def streets() -> tuple[Street, ...]:
    return tuple(Street(*line.split("|")) for line in _read("streets.txt"))


def kazpost_code(rng: random.Random, letter: str | None = None) -> str:
    """A 7-character Kazpost building code such as D03K5Y2."""
    letters = "ABCDEFHKMNPRSTXYZ"
    return (
        (letter or rng.choice(letters))
        + f"{rng.randint(0, 3)}{rng.randint(0, 9)}"
        + rng.choice(letters)
        + str(rng.randint(0, 9))
        + rng.choice(letters)
        + str(rng.randint(0, 9))
    )


Segment = tuple[str, str | None]


def address_segments(rng: random.Random, lang: str, *, city: bool = True) -> list[Segment]:
    """A postal address as segments (text, entity type or None).

    The street part (street, house, flat, Kazpost code) is one ADDRESS span; the city is a
    LOCATION span; an old 6-digit postcode and the words around stay unannotated.
    """
    place = rng.choice(places())
    street = rng.choice(streets())
    house = str(rng.randint(1, 180))
    if rng.random() < 0.2:
        house += rng.choice(("а", "Б", "/1", "/2"))
    flat = str(rng.randint(1, 240)) if rng.random() < 0.75 else None
    kazpost = kazpost_code(rng, place.letter) if rng.random() < 0.25 else None
    old_post = rng.random() < 0.2 and kazpost is None
    segs: list[Segment] = []
    if lang == "kk":
        if old_post:
            segs.append((place.postcode + ", ", None))
        if city:
            style = rng.randint(0, 2)
            if style == 0:
                segs += [(place.kk, "LOCATION"), (" қ., ", None)]
            elif style == 1:
                segs += [(place.kk, "LOCATION"), (" қаласы, ", None)]
            else:
                segs += [(place.kk, "LOCATION"), (", ", None)]
        if street.kind == "street":
            body = f"{street.kk} көшесі"
        elif street.kind == "avenue":
            body = f"{street.kk} даңғылы"
        else:
            body = f"{street.kk} {rng.choice(('ықшамауданы', 'шағын ауданы', 'ш/а'))}"
        style = rng.randint(0, 2)
        if style == 0:
            body += f", {house} үй" + (f", {flat} пәтер" if flat else "")
        elif style == 1:
            body += f", {house}-үй" + (f", {flat}-пәтер" if flat else "")
        else:
            body += f" {house}" + (f", {flat} пәтер" if flat else "")
    else:
        if old_post:
            segs.append((place.postcode + ", ", None))
        if city:
            style = rng.randint(0, 2)
            if style == 0:
                segs += [("г. ", None), (place.ru, "LOCATION"), (", ", None)]
            elif style == 1:
                segs += [("город ", None), (place.ru, "LOCATION"), (", ", None)]
            else:
                segs += [(place.ru, "LOCATION"), (", ", None)]
        if street.kind == "street":
            body = rng.choice(("ул. ", "улица ")) + street.ru
        elif street.kind == "avenue":
            body = rng.choice(("пр. ", "пр-т ", "проспект ")) + street.ru
        else:
            body = rng.choice(("мкр. ", "мкр ", "микрорайон ")) + street.ru
        style = rng.randint(0, 2)
        if style == 0:
            body += f", д. {house}" + (f", кв. {flat}" if flat else "")
        elif style == 1 and flat:
            body += f" {house}-{flat}"
        else:
            body += f", дом {house}" + (f", квартира {flat}" if flat else "")
    if kazpost:
        body += ", " + kazpost
    segs.append((body, "ADDRESS"))
    return segs


_RU_MONTHS_GEN = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
_KK_MONTHS = (
    "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
    "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
)  # fmt: skip


def birth_date_phrase(rng: random.Random, lang: str, gender: str) -> list[Segment]:
    """A date of birth with its context words, as segments; the date is DATE_OF_BIRTH."""
    year, month, day = rng.randint(1958, 2003), rng.randint(1, 12), rng.randint(1, 28)
    dotted = f"{day:02d}.{month:02d}.{year}"
    if lang == "kk":
        style = rng.randint(0, 3)
        if style == 0:
            return [
                ("туған күні: ", None),
                (f"{year} ж. {day} {_KK_MONTHS[month - 1]}", "DATE_OF_BIRTH"),
            ]
        if style == 1:
            return [(f"{year}", "DATE_OF_BIRTH"), (" жылы туған", None)]
        if style == 2:
            return [("туған жылы: ", None), (dotted, "DATE_OF_BIRTH")]
        return [
            (f"{year} жылғы {day} {_KK_MONTHS[month - 1]}", "DATE_OF_BIRTH"),
            ("да туған", None),
        ]
    born = "родился" if gender == "m" else "родилась"
    style = rng.randint(0, 4)
    if style == 0:
        return [("дата рождения: ", None), (dotted, "DATE_OF_BIRTH")]
    if style == 1:
        return [(f"{year}", "DATE_OF_BIRTH"), (" г.р.", None)]
    if style == 2:
        return [
            (f"{born} ", None),
            (f"{day} {_RU_MONTHS_GEN[month - 1]} {year}", "DATE_OF_BIRTH"),
            (" года", None),
        ]
    if style == 3:
        return [("д.р. ", None), (dotted, "DATE_OF_BIRTH")]
    return [(f"{born} ", None), (dotted, "DATE_OF_BIRTH")]
