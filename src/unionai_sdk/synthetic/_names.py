"""Synthetic people: name lexicons, Russian inflection, Kazakh case endings, spellings.

Everything here is rule-based and deterministic; randomness comes only from the
``random.Random`` passed in. The lists in ``data/`` hold common given names and
surname roots; people are random combinations of them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

__all__ = [
    "KK_CASES",
    "RU_CASES",
    "Person",
    "kk_case",
    "make_person",
    "ru_inflect",
    "to_latin",
    "to_latin2021",
    "to_lookalike",
    "to_ru_spelling",
]

RU_CASES = ("nom", "gen", "dat", "acc", "ins", "prep")
KK_CASES = ("kk_gen", "kk_dat", "kk_acc", "kk_loc", "kk_abl", "kk_ins")


# --------------------------------------------------------------------------- data


def _read(name: str) -> list[str]:
    res = resources.files("unionai_sdk.synthetic").joinpath("data")
    for part in name.split("/"):
        res = res.joinpath(part)
    text = res.read_text("utf-8")
    out: list[str] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line and line not in out:
            out.append(line)
    return out


@dataclass(frozen=True)
class _Lexicon:
    kk_m: tuple[tuple[str, str | None], ...]
    kk_f: tuple[tuple[str, str | None], ...]
    kk_roots: tuple[str, ...]
    ru_m: tuple[str, ...]
    ru_f: tuple[str, ...]
    ru_surnames: tuple[str, ...]


def _pairs(name: str) -> tuple[tuple[str, str | None], ...]:
    out = []
    for line in _read(name):
        kk, _, ru = line.partition("|")
        out.append((kk.strip(), ru.strip() or None))
    return tuple(out)


LEXICONS = ("main", "holdout")


@cache
def lexicon(names: str = "main") -> _Lexicon:
    """The name lists, read once from the package data.

    ``names="holdout"`` gives separate lists that the default generator never uses: a corpus
    made with them shows whether a detector knows names or only the names it was shown.
    """
    if names not in LEXICONS:
        raise ValueError(f"unknown name lists {names}")
    d = "" if names == "main" else names + "/"
    return _Lexicon(
        kk_m=_pairs(d + "given_kk_m.txt"),
        kk_f=_pairs(d + "given_kk_f.txt"),
        kk_roots=tuple(_read(d + "surname_roots_kk.txt")),
        ru_m=tuple(_read(d + "given_ru_m.txt")),
        ru_f=tuple(_read(d + "given_ru_f.txt")),
        ru_surnames=tuple(_read(d + "surnames_ru.txt")),
    )


# --------------------------------------------------------------------------- spellings

_KK_TO_RU = str.maketrans(
    {"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и",
     "Ә": "А", "Ғ": "Г", "Қ": "К", "Ң": "Н", "Ө": "О", "Ұ": "У", "Ү": "У", "Һ": "Х", "І": "И"}
)  # fmt: skip


def to_ru_spelling(word: str) -> str:
    """Kazakh Cyrillic -> the usual Russian spelling (Нұрлан -> Нурлан)."""
    return word.translate(_KK_TO_RU)


_LOOKALIKE = {
    "і": "i", "І": "I", "қ": "к", "Қ": "К", "ұ": "у", "Ұ": "У", "ң": "н", "Ң": "Н",
    "ө": "о", "Ө": "О", "ү": "у", "Ү": "У", "ғ": "г", "Ғ": "Г", "ә": "а", "Ә": "А",
}  # fmt: skip


def to_lookalike(word: str) -> str:
    """Kazakh letters typed with look-alikes: Latin i for і, к for қ, у for ұ, н for ң ..."""
    return "".join(_LOOKALIKE.get(ch, ch) for ch in word)


_LAT = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "yo",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n",
    "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_LAT2021 = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io",
    "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū",
    "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "ş", "щ": "ş",
    "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip


def _translit(word: str, table: dict[str, str], *, bgn: bool = False) -> str:
    out = []
    prev = ""
    for ch in word:
        low = ch.lower()
        lat = table.get(low, ch)
        if table is _LAT2021 and prev and prev in "иій" and low in "яю":
            lat = lat[1:]  # Әлия -> Älia, not Äliia
        if bgn and low == "е" and (not prev or prev in _VOWEL_LETTERS):
            lat = "ye"  # Ерлан -> Yerlan, Жұмабаев -> Zhumabayev
        prev = low
        if ch != low and lat:
            lat = lat[0].upper() + lat[1:]
        out.append(lat)
    return "".join(out)


_VOWEL_LETTERS = "аәеёиоөуұүыіэюя"


def to_latin(word: str, *, bgn: bool = False) -> str:
    """Passport-style transliteration (Жұмабаев -> Zhumabaev); ``bgn=True`` writes е as "ye"
    at the start of a word and after a vowel (Zhumabayev, Yerlan)."""
    return _translit(word, _LAT, bgn=bgn)


def to_latin2021(word: str) -> str:
    """The 2021 Kazakh Latin alphabet (Жұмабаев -> Jūmabaev, Әлия -> Älia)."""
    return _translit(word, _LAT2021)


# --------------------------------------------------------------------------- Russian cases

_SIBILANT = "жшчщц"
_VELAR_SIB = "гкхжшчщ"
_INDECL_SUFFIXES = ("ұлы", "улы", "қызы", "кызы", "uly", "ūly", "kyzy", "qyzy")
_STEM_CHANGE = {"Павел": "Павл", "Пётр": "Петр"}


def _is_consonant(ch: str) -> bool:
    return ch.isalpha() and ch.lower() not in "аеёиоуыэюяәөұүіaeiouyäöüū"


def ru_inflect(word: str, role: str, gender: str, case: str) -> str:
    """One word of a name in a Russian case.

    ``role`` is "surname", "given" or "patronymic"; ``gender`` "m" or "f"; ``case`` one of
    RU_CASES. Handles the common patterns: -ов/-ев/-ин, -ский, -ович/-овна, consonant
    stems, -й/-ий/-ь, -а/-я/-ия; Kazakh -ұлы/-қызы and female consonant names stay as they are.
    """
    if case == "nom" or not word:
        return word
    i = RU_CASES.index(case) - 1  # gen dat acc ins prep
    low = word.lower()
    if low.endswith(_INDECL_SUFFIXES) or "-" in word:
        return word
    if role == "patronymic":
        if low.endswith("ич"):
            return word + ("а", "у", "а", "ем", "е")[i]
        if low.endswith("на"):
            return word[:-1] + ("ы", "е", "у", "ой", "е")[i]
        return word
    if gender == "m":
        if role == "surname" and low.endswith(("ов", "ев", "ёв", "ин", "ын")):
            return word + ("а", "у", "а", "ым", "е")[i]
        if low.endswith(("ский", "цкий")):
            return word[:-2] + ("ого", "ому", "ого", "им", "ом")[i]
        if low.endswith("ий"):
            return word[:-1] + ("я", "ю", "я", "ем", "и")[i]
        if low.endswith(("й", "ь")):
            return word[:-1] + ("я", "ю", "я", "ем", "е")[i]
        if low.endswith("а"):
            return _fem_a(word, i)
        if _is_consonant(word[-1]):
            stem = _STEM_CHANGE.get(word, word)
            ins = "ем" if low[-1] in _SIBILANT else "ом"
            if word in _STEM_CHANGE:
                ins = "ом"
            return stem + ("а", "у", "а", ins, "е")[i]
        return word
    # feminine
    if role == "surname" and low.endswith(("ова", "ева", "ёва", "ина", "ына")):
        return word[:-1] + ("ой", "ой", "у", "ой", "ой")[i]
    if low.endswith(("ская", "цкая")):
        return word[:-2] + ("ой", "ой", "ую", "ой", "ой")[i]
    if low.endswith("ия"):
        return word[:-1] + ("и", "и", "ю", "ей", "и")[i]
    if low.endswith("я"):
        return word[:-1] + ("и", "е", "ю", "ей", "е")[i]
    if low.endswith("а"):
        return _fem_a(word, i)
    if low.endswith("ь"):
        return word[:-1] + ("и", "и", "ь", "ью", "и")[i]
    return word  # feminine consonant names and surnames do not decline


def _fem_a(word: str, i: int) -> str:
    stem = word[:-1]
    gen = "и" if stem[-1:].lower() in _VELAR_SIB else "ы"
    ins = "ей" if stem[-1:].lower() in _SIBILANT else "ой"
    return stem + (gen, "е", "у", ins, "е")[i]


# --------------------------------------------------------------------------- Kazakh cases

_BACK = set("аоұыуяёюaouyū")
_FRONT = set("әеөүіиэäeöüi")
_VOWELS = _BACK | _FRONT
_NASAL = set("мнң")
_SONOR = set("лрй")
_VOICED_FRIC = set("зж")


def _is_back(word: str) -> bool:
    low = word.lower()
    if low.endswith("ь"):
        return False
    if low.endswith("ев") and len(low) > 2 and low[-3] in _BACK:
        return True  # Жұмабаев: the -ев after a back vowel is read [-айев], Жұмабаевтың
    for i in range(len(low) - 1, -1, -1):
        ch = low[i]
        if ch == "у" and i > 0 and low[i - 1] in _VOWELS:
            continue  # Төлеу: у after a vowel is a consonant
        if ch in _BACK:
            return True
        if ch in _FRONT:
            return False
    return True


def kk_case(word: str, case: str) -> str:
    """``word`` with a Kazakh case ending (kk_gen, kk_dat, kk_acc, kk_loc, kk_abl, kk_ins)."""
    if case == "nom":
        return word
    low = word.lower()
    back = _is_back(word)
    if low.endswith(_INDECL_SUFFIXES[:4]):  # possessive ұлы/қызы: n-insertion
        return word + {
            "kk_gen": "ның", "kk_dat": "на", "kk_acc": "н",
            "kk_loc": "нда", "kk_abl": "нан", "kk_ins": "мен",
        }[case]  # fmt: skip
    last = low[-1]
    prev = low[-2] if len(low) > 1 else ""
    if last in _VOWELS and not (last in "уи" and prev in _VOWELS) and last != "и":
        cls = "vowel"
    elif last in _NASAL:
        cls = "nasal"
    elif last in _SONOR or last in "уиь":
        cls = "sonor"
    elif last in _VOICED_FRIC:
        cls = "zh"
    else:
        cls = "voiceless"
    a, y = ("а", "ы") if back else ("е", "і")
    if case == "kk_gen":
        head = {"vowel": "н", "nasal": "н", "sonor": "д", "zh": "д", "voiceless": "т"}[cls]
        return word + head + y + "ң"
    if case == "kk_acc":
        head = {"vowel": "н", "nasal": "д", "sonor": "д", "zh": "д", "voiceless": "т"}[cls]
        return word + head + y
    if case == "kk_dat":
        head = ("қ" if back else "к") if cls == "voiceless" else ("ғ" if back else "г")
        return word + head + a
    if case == "kk_loc":
        return word + ("т" if cls == "voiceless" else "д") + a
    if case == "kk_abl":
        head = {"vowel": "д", "nasal": "н", "sonor": "д", "zh": "д", "voiceless": "т"}[cls]
        return word + head + a + "н"
    if case == "kk_ins":
        head = {"vowel": "м", "nasal": "м", "sonor": "м", "zh": "б", "voiceless": "п"}[cls]
        return word + head + "ен"
    raise ValueError(f"unknown case {case}")


# --------------------------------------------------------------------------- people


def _surname_from_root(root: str, gender: str) -> str:
    if "+" in root:
        base, _, suffix = root.partition("+")
        if base[-1].lower() in _VOWELS:
            base = base[:-1]
        return base + suffix + ("а" if gender == "f" else "")
    low = root.lower()
    if low.endswith("й"):
        sur = root[:-1] + "ев"
    elif low[-1] in _VOWELS or low[-1] in _SIBILANT:
        sur = root + "ев"
    else:
        sur = root + "ов"
    return sur + ("а" if gender == "f" else "")


_RU_PATRONYMIC = {
    "Дмитрий": "Дмитриевич", "Георгий": "Георгиевич", "Василий": "Васильевич",
    "Валерий": "Валерьевич", "Виталий": "Витальевич", "Геннадий": "Геннадьевич",
    "Григорий": "Григорьевич", "Юрий": "Юрьевич", "Аркадий": "Аркадьевич",
    "Анатолий": "Анатольевич", "Евгений": "Евгеньевич", "Павел": "Павлович",
    "Никита": "Никитич",
}  # fmt: skip


def _ru_patronymic(father: str, gender: str) -> str | None:
    if father in _RU_PATRONYMIC:
        male = _RU_PATRONYMIC[father]
    else:
        low = father.lower()
        if low.endswith(("ей", "ай", "уй", "ь")):
            male = father[:-1] + "евич"
        elif low.endswith("ий") or low[-1] in _VOWELS:
            return None
        elif low[-1] in _SIBILANT:
            male = father + "евич"
        else:
            male = father + "ович"
    if gender == "m":
        return male
    return male[:-3] + "вна" if male.endswith("вич") else male[:-2] + "ична"


@dataclass(frozen=True)
class Person:
    """A synthetic person. Names are stored in the person's own spelling.

    ``lang`` is the origin of the names ("ru" or "kk"). ``spelled(style)`` rewrites the names
    in another spelling; ``forms(case)`` gives the written forms of the name in one case.
    """

    surname: str
    given: str
    patronymic: str | None
    gender: str
    lang: str
    given_ru: str | None = None

    def spelled(self, style: str) -> Person:
        """The same person written as "native", "ru", "lookalike", "latin", "latin_bgn" or
        "latin2021"."""
        if style == "native":
            return self
        if style == "ru":
            fn = to_ru_spelling
            given = self.given_ru or fn(self.given)
        elif style == "lookalike":
            fn = to_lookalike
            given = fn(self.given)
        elif style in ("latin", "latin_bgn"):
            bgn = style == "latin_bgn"

            def fn(word: str) -> str:
                return to_latin(word, bgn=bgn)

            given = fn(self.given if self.lang == "ru" else self.given_ru or self.given)
        elif style == "latin2021":
            fn = to_latin2021
            given = fn(self.given)
        else:
            raise ValueError(f"unknown spelling style {style}")
        patr = fn(self.patronymic) if self.patronymic else None
        return replace(self, surname=fn(self.surname), given=given, patronymic=patr)

    def _word(self, word: str, role: str, case: str) -> str:
        return ru_inflect(word, role, self.gender, case) if case in RU_CASES else word

    def forms(self, case: str = "nom") -> dict[str, str]:
        """Written forms of the name in ``case`` (a Russian case or a Kazakh kk_* case).

        Keys: full (Surname Given Patronymic), given_surname, surname_given, surname, given,
        initials_after (Surname G.P.), initials_after_sp (Surname G. P.), initials_before
        (G.P. Surname), initials_before_sp (G. P. Surname), given_patronymic.
        A Kazakh case ending goes on the last word.
        """
        s = self._word(self.surname, "surname", case)
        g = self._word(self.given, "given", case)
        p = self._word(self.patronymic, "patronymic", case) if self.patronymic else None
        ini = self.given[0] + "."
        if self.patronymic:
            ini_c, ini_sp = ini + self.patronymic[0] + ".", ini + " " + self.patronymic[0] + "."
        else:
            ini_c = ini_sp = ini
        out = {
            "full": " ".join(x for x in (s, g, p) if x),
            "given_surname": f"{g} {s}",
            "surname_given": f"{s} {g}",
            "surname": s,
            "given": g,
            "initials_after": f"{s} {ini_c}",
            "initials_after_sp": f"{s} {ini_sp}",
            "initials_before": f"{ini_c} {s}",
            "initials_before_sp": f"{ini_sp} {s}",
            "given_patronymic": f"{g} {p}" if p else g,
        }
        if case in KK_CASES:
            for key, value in out.items():
                if key.startswith("initials_after"):
                    continue  # "Жұмабаев Е.С.-ға" is rare; the ending goes on a surname
                head, _, last = value.rpartition(" ")
                out[key] = (head + " " if head else "") + kk_case(last, case)
            out["initials_after"] = kk_case(s, case) + " " + ini_c
            out["initials_after_sp"] = kk_case(s, case) + " " + ini_sp
        return out


def make_person(
    rng: random.Random, lang: str = "kk", gender: str | None = None, *, names: str = "main"
) -> Person:
    """A random synthetic person with Kazakh ("kk") or Russian ("ru") names, drawn from the
    "main" or the "holdout" name lists."""
    lex = lexicon(names)
    g = gender or rng.choice(("m", "f"))
    if lang == "ru":
        given = rng.choice(lex.ru_m if g == "m" else lex.ru_f)
        sur = rng.choice(lex.ru_surnames)
        if g == "f":
            sur = sur[:-2] + "ая" if sur.endswith("ий") else sur + "а"
        ru_patr: str | None = None
        if rng.random() < 0.85:
            for _ in range(5):
                ru_patr = _ru_patronymic(rng.choice(lex.ru_m), g)
                if ru_patr:
                    break
        return Person(sur, given, ru_patr, g, "ru")
    given, given_ru = rng.choice(lex.kk_m if g == "m" else lex.kk_f)
    father = rng.choice(lex.kk_m)[0]
    root = rng.choice(lex.kk_roots)
    r = rng.random()
    if r < 0.62:
        surname = _surname_from_root(root, g)
    elif r < 0.80:
        surname = root.partition("+")[0]
    else:
        surname = rng.choice(lex.kk_m)[0] + ("ұлы" if g == "m" else "қызы")
    r = rng.random()
    patr: str | None
    if r < 0.45:
        patr = _ru_patronymic(to_ru_spelling(father), g)
    elif r < 0.80 and not surname.endswith(("ұлы", "қызы")):
        patr = father + ("ұлы" if g == "m" else "қызы")
    else:
        patr = None
    return Person(surname, given, patr, g, "kk", given_ru)
