"""People's names in Russian and Kazakh text: rules, a lexicon and coreference.

Pure Python (regular expressions and a small lexicon shipped as package data),
used by the PERSON recognizer on top of natasha's NER:

* surname + initials in both orders (``Иванов И.И.``, ``И. И. Иванов``);
* patronymics ``-ович/-евич/-овна/-евна/-ич/-ична`` and Kazakh ``-ұлы/-қызы``
  (also ``-улы/-кызы``, together or apart);
* Kazakh given names and surname roots from ``data/kk_names.txt`` with look-alike
  spellings (к for қ, у for ұ/ү, н for ң, о for ө, Latin i for і);
* Kazakh case endings attached to a name (``Асқаровқа``, ``Ерланға``);
* Latin transliterations (passport style Zh/Sh/Kh and the 2021 alphabet), also
  with Cyrillic look-alikes inside (:func:`unmix_latin`) and Latin patronymics;
* productive parts of Kazakh compound names (``-бек``, ``-жан``, ``-гүл``, ``-бай``
  after a vowel...) as weak evidence;
* lower-case chat lines: pymorphy2 (natasha's own dependency, loaded lazily) tells
  names (Name/Surn/Patr) from words ("колесников" vs "документов"); a surname
  shape pymorphy2 does not know at all also counts;
* coreference: every mention of a person found anywhere in the document (other
  grammatical forms, initials, the surname alone, lower case in chat lines) gets
  one identity key.

All functions take the NORMALIZED, look-alike-folded text (see ``_normalize``).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from unionai_sdk.privacy._morphology import morph_name
from unionai_sdk.privacy._spans import SpanSet

__all__ = [
    "Mention",
    "Person",
    "find_name_mentions",
    "link_persons",
    "loose",
    "name_stem",
]

UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІÄÖÜŪĞŞÑİÇ"
LO = "a-zа-яёәғқңөұүһіäöüūğşñıç"
_WORD = re.compile(rf"[{UP}{LO}]+(?:[-'’][{UP}{LO}]+)*")
_CYR = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")

# ---------------------------------------------------------------- spelling keys

_LOOSE = str.maketrans(
    {"ё": "е", "қ": "к", "ғ": "г", "ң": "н", "ә": "а", "ө": "о", "ұ": "у", "ү": "у",
     "һ": "х", "і": "и", "ъ": "", "ь": "", "’": "", "'": ""}
)  # fmt: skip


def loose(word: str) -> str:
    """Lower case with Kazakh letters folded to their Russian look-alikes."""
    return word.lower().translate(_LOOSE)


_PASSPORT = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n",
    "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_LATIN2021 = {
    **_PASSPORT,
    "ә": "ä", "ғ": "ğ", "қ": "q", "ң": "ñ", "ө": "ö", "ұ": "ū", "ү": "ü", "ш": "ş",
    "ч": "ç", "ж": "j", "х": "h", "ю": "iu", "я": "ia", "щ": "şş",
}  # fmt: skip


_LATIN_FOLDS = (
    ("zh", "j"), ("kh", "h"), ("sh", "s"), ("ch", "c"), ("ts", "c"),
    ("gh", "g"), ("q", "k"), ("yu", "iu"), ("ya", "ia"), ("y", "i"), ("w", "u"),
)  # fmt: skip


def latin_key(word: str) -> str:
    """A spelling-insensitive key for Latin-script names (Zh/J, Kh/H, Y/I, Q/K...)."""
    s = unicodedata.normalize("NFKD", word.lower())
    s = "".join(c for c in s if not unicodedata.combining(c)).replace("ı", "i")
    # a glide y after и/у is written or not: "Akniyet"/"Akniet", "Meruyert"/"Meruert"
    s = s.replace("iy", "i").replace("uy", "u")
    for a, b in _LATIN_FOLDS:
        s = s.replace(a, b)
    if s.startswith("ie"):
        s = s[1:]
    return s


# Cyrillic letters an attacker puts into a Latin word (and their Latin originals)
_CYR_TO_LATIN = str.maketrans("аАвВеЕкКмМнНоОрРсСтТуУхХіІһ", "aAbBeEkKmMhHoOpPcCtTyYxXiIh")
# Latin letters without a Cyrillic twin: a word with one of them is a Latin word
_LATIN_ONLY = re.compile(r"[bdfgjlmnqrstuvwzDFGJLNQRSUVWZ\u00c0-\u024f]")
# a word with a Latin-only letter and a Cyrillic one
_MIXED = re.compile(
    r"(?<![^\W\d_])(?=[^\W\d_]*[bdfgjlmnqrstuvwzDFGJLNQRSUVWZ\u00c0-\u024f])"
    r"(?=[^\W\d_]*[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі])[^\W\d_]+"
)


def _unmix_word(m: re.Match[str]) -> str:
    word = m.group()
    if _CYR.search(word) and _LATIN_ONLY.search(word):
        return word.translate(_CYR_TO_LATIN)
    return word


def unmix_latin(text: str) -> str:
    """Latin words with Cyrillic look-alikes inside back to Latin (same length).

    ``normalize.fold_lookalikes`` turns Latin look-alikes in mixed words into
    Cyrillic; a word that also has a Latin-only letter (z, s, n, j, q...) was a
    Latin name to begin with ("Zһеksеnbауеvа" -> "Zheksenbayeva").
    """
    return _MIXED.sub(_unmix_word, text)


def _transliterate(word: str, table: dict[str, str]) -> str:
    return "".join(table.get(c, c) for c in word.lower())


# ---------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Lexicon:
    given: frozenset[str]  # loose forms
    ambiguous: frozenset[str]
    roots: frozenset[str]  # loose surname roots (also every given name)
    latin_given: frozenset[str]  # latin_key forms
    latin_roots: frozenset[str]


_RU_CONSONANTS = "бвгджзйклмнпрстфхцчшщғқңһ"


def _ya_spellings(name: str) -> set[str]:
    """A lexicon name as written, and with ә after a consonant written я ("Ләззат" ->
    "ляззат", "Әлия" stays), as in the Russian spelling of Kazakh names."""
    low = name.lower()
    variant = "".join(
        "я" if c == "ә" and i and low[i - 1] in _RU_CONSONANTS else c for i, c in enumerate(low)
    )
    return {low, variant}


def _spellings(name: str) -> set[str]:
    """Loose forms of a lexicon name (see :func:`_ya_spellings`)."""
    return {loose(s) for s in _ya_spellings(name)}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    text = resources.files("unionai_sdk.privacy").joinpath("data/kk_names.txt").read_text("utf-8")
    given: set[str] = set()
    ambiguous: set[str] = set()
    roots: set[str] = set()
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        tag, _, name = line.partition(" ")
        target = {"m": given, "f": given, "x": ambiguous, "s": roots}.get(tag)
        if target is not None:
            target.update(_spellings(name))
    latin_given = set()
    latin_roots = set()
    raw_names = [ln.split(" ", 1)[1] for ln in text.splitlines() if ln[:2] in ("m ", "f ")]
    raw_roots = [ln.split(" ", 1)[1] for ln in text.splitlines() if ln[:2] == "s "]
    for name in raw_names:
        for spelling in _ya_spellings(name):  # "Ләззат": "Lazzat", "Lyazzat"
            for table in (_PASSPORT, _LATIN2021):
                latin_given.add(latin_key(_transliterate(spelling, table)))
    for name in raw_roots + raw_names:
        for table in (_PASSPORT, _LATIN2021):
            latin_roots.add(latin_key(_transliterate(name, table)))
    return Lexicon(
        frozenset(given - ambiguous),
        frozenset(ambiguous),
        frozenset((roots | given) - ambiguous),  # "қанатын", "кеңесін" are no surnames
        frozenset(latin_given),
        frozenset(latin_roots),
    )


# ---------------------------------------------------------------- morphology-light stems

# endings of Kazakh compound given names (loose spelling): "Тілеубек", "Ақжан", "Гүлнұр"
_KK_NAME_FORMANTS = (
    "бек", "жан", "гул", "хан", "гали", "нур", "болат", "мурат", "мухамбет", "мухамед", "ахмет",
    "султан", "даулет", "бану",
    # "-бай" after a vowel, р, й, л or a voiceless consonant: after ж, з, м, н, ң it may
    # be a negative converb ("жазбай", "қонбай"); after л or a voiceless one that is
    # -май/-пай ("келмей", "айтпай")
    "абай", "ебай", "ибай", "обай", "убай", "ыбай", "рбай", "йбай",
    "лбай", "кбай", "пбай", "тбай", "сбай", "шбай",
)  # fmt: skip
# a "-бай" name in a Russian case ("Кенжебая", "Тажибаю", "Кенжебаем", "Жексенбае"):
# only for words pymorphy2 does not know ("слабая", "грубая" are adjectives); no
# Kazakh word ends so
_BAI_CASE = re.compile(r"^.{4,}ба(?:я|ю|ем|е)$")
# a Russian case ending on a Kazakh name root (not -ы/-і/-е, which Kazakh words take)
_RU_CASE_OF_ROOT = re.compile(r"^(.{4,}?)(?:ом|ем|ой|ей|ою|ею|у|ю|а|я)$")
# endings Russian cases and Kazakh words share: "о байсале", "с турсыным"
_RU_OR_KK_END = re.compile(r"^(.{3,}?)(?:ым|им|е|и|ы)$")
_LATIN_FORMANTS = (
    "bek", "jan", "gul", "han", "gali", "nur", "bolat", "murat", "ahmet", "bai", "muhambet",
    "muhamed",
)  # fmt: skip
# Kazakh case endings (in loose spelling), longest first
_KK_SUFFIXES = sorted(
    {
        "нын", "нин", "дын", "дин", "тын", "тин", "га", "ге", "ка", "ке", "на", "не",
        "ны", "ни", "ды", "ди", "ты", "ти", "да", "де", "та", "те", "дан", "ден", "нан",
        "нен", "тан", "тен", "мен", "бен", "пен", "нда", "нде", "ндеги", "ндагы",
        "дагы", "деги", "тагы", "теги", "ныкы", "ники", "дыкы", "дики", "тыкы", "тики",
    },
    key=len,
    reverse=True,
)  # fmt: skip
_SURNAME_RU = re.compile(r"^(.{2,}?(?:ов|ев|ин|ын|ёв))(?:а|у|ым|ой|ом|е|ы|ых|ыми|ую|ою)?$")
_SURNAME_SK = re.compile(r"^(.{2,}?(?:ск|цк))(?:ий|ая|ого|ому|им|ой|ую|ом|их|ими|ие)$")
_PATRONYMIC = re.compile(r"^(.{2,}?(?:ович|евич|ьич|овн|евн|ичн))(?:а|у|ем|ом|е|ы|ой|ою)?$")
_KK_PATRONYMIC = re.compile(r"^(.{2,}?(?:улы|кызы))$")
_GIVEN_END = re.compile(r"^(.{2,}?)(?:ой|ей|ом|ем|ою|ею|а|я|у|ю|е|и|ы)$")
# a Russian patronymic in its nominative form: the stem a Kazakh case ending follows
# ("Бауыржановичке", "Сергеевнаға")
_PATRONYMIC_FULL = re.compile(r"^.{2,}?(?:ович|евич|ьич|овна|евна|ична|инична)$")
# stems (loose spelling) that a Kazakh case ending may follow in a name: Russian-style
# surnames, Kazakh patronymics, Slavic -ский/-енко surnames
_KK_STEM_ENDS = (
    "ов", "ев", "ин", "ова", "ева", "ина", "улы", "кызы", "ский", "цкий", "ская", "цкая", "енко",
)  # fmt: skip


def _strip_kk(lw: str, valid: Iterable[str] = ()) -> str:
    """``lw`` without one Kazakh case suffix when what remains is a known name form."""
    if _PATRONYMIC.match(lw) or _KK_PATRONYMIC.match(lw):
        return lw
    if lw.endswith(("улын", "кызын")):
        return lw[:-1]  # accusative after the possessive: "Ерназарқызын"
    lex = lexicon()
    known = set(valid)
    for suf in _KK_SUFFIXES:
        if suf in ("на", "не") and _SURNAME_RU.match(lw) and not _KK_PATRONYMIC.match(lw[:-2]):
            # "Нұрғалина" is a surname, not "Нұрғали" + -на (names take -ға); but
            # "Бекзатұлы|на" is a patronymic in the dative
            continue
        if lw.endswith(suf) and len(lw) - len(suf) >= 3:
            stem = lw[: -len(suf)]
            if (
                stem in lex.given
                or stem in lex.ambiguous
                or stem in lex.roots
                or (len(stem) >= 6 and stem.endswith(_KK_NAME_FORMANTS))
                or stem in known
                or (stem[-1] in "аяеи" and stem[:-1] in known)  # "Ғабдулла|ны" for "габдулл"
                or stem.endswith(_KK_STEM_ENDS)
                or _PATRONYMIC_FULL.match(stem) is not None
            ):
                return stem
    return lw


def name_stem(word: str, known: Iterable[str] = ()) -> str:
    """A key shared by the grammatical forms of one name word (see :func:`_name_stem`)."""
    if known:
        return _name_stem(word, frozenset(known))
    return _name_stem(word, frozenset())


@lru_cache(maxsize=65536)
def _name_stem(word: str, known: frozenset[str]) -> str:
    """A key shared by the grammatical forms of one name word.

    ``Иванов/Иванова/Иванову/Ивановым`` -> ``иванов``; ``Асқаровқа`` -> ``аскаров``;
    ``Ерланға`` -> ``ерлан``; ``Анна/Анны/Анне`` -> ``анн``; Latin words get
    :func:`latin_key`.
    """
    if not _CYR.search(word):
        key = latin_key(word)
        return key[:-1] if key.endswith(("ova", "eva", "ina")) else key
    lw = _strip_kk(loose(word), known)
    m = _SURNAME_SK.match(lw)
    if m:
        return m.group(1)
    m = _PATRONYMIC.match(lw)
    if m:
        return m.group(1)
    if _KK_PATRONYMIC.match(lw):
        return lw
    m = _SURNAME_RU.match(lw)
    if m:
        return m.group(1)
    lex = lexicon()
    if lw in lex.given or lw in lex.ambiguous:
        # "Ерлан", "Жанар": but "Анна" -> "анн" so that "Анны" matches
        m2 = _GIVEN_END.match(lw)
        if m2 and lw[-1] in "ая":
            return m2.group(1)
        return lw
    m = _GIVEN_END.match(lw)
    if m and len(m.group(1)) >= 3:
        return m.group(1)
    return lw


# ---------------------------------------------------------------- Kazakh endings

_KK_TO_RU = str.maketrans("әғқңөұүһі", "агкноуухи")


def _strip_kk_keep(word: str) -> str:
    """Lower-case ``word`` without a Kazakh case ending (soft signs and letters kept)."""
    w = word.lower()
    loose_w = w.translate(_KK_TO_RU)
    for suf in _KK_SUFFIXES:
        if loose_w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


# ---------------------------------------------------------------- word classes

# a word list is easier to maintain as text than as a literal
_STOP_CAPS = frozenset(
    loose(w)
    for w in """
    Уважаемый Уважаемая Уважаемые Құрметті Директор Председатель Руководитель Начальник
    Заведующий Заведующая Учитель Учительница Педагог Мұғалім Инспектор Профсоюз Профсоюза
    Республика Республики Казахстан Казахстана Қазақстан Қазақстан Республикасы Закон Закона
    Кодекс Кодекса Трудовой Трудового Приказ Приказа Заявление Жалоба Справка Договор Акт
    Министерство Министерства Управление Отдел Школа Школы Гимназия Лицей Колледж Университет
    Январь Февраль Март Апрель Май Июнь Июль Август Сентябрь Октябрь Ноябрь Декабрь
    Понедельник Вторник Среда Четверг Пятница Суббота Воскресенье Прошу Просим Сообщаю
    Сообщаем Также Однако Кроме Согласно Вместе Здравствуйте Спасибо Да Нет Это Этот Эта
    Мы Вы Он Она Они Я Его Её Ее Их Мне Нам Вам Им Ему Ей Меня Вас Нас Тебя Себя
    Что Как Где Когда Почему Который Которая Если Хотя Потому После Перед Для При Без
    Ол Біз Сіз Мен Сен Олар Бұл Осы Сол Және Бірақ Себебі Сондықтан Құрметпен Өтініш Арыз
    Мекенжай Адрес Телефон Тел Email Почта Банк Счет Счёт Карта Карты Дата Год Года Город
    Область Облысы Облыс Ауданы Район Улица Проспект Микрорайон Дом Квартира Кв Ул Пр Мкр
    Гражданин Гражданка Господин Госпожа Член Члены Работник Работница Сотрудник Заявитель
    Ответчик Истец Суд Суда Комиссия Комиссии Совет Президиум Съезд Итого Всего Примечание
    Статья Статьи Пункт Глава Раздел Приложение Решение Постановление Қаулы Бұйрық Шешім
    Кәсіподақ Кәсіподағы Кәсіподақтың Төраға Төрағасы Хатшы Хатшысы Кеңес Кеңесі Атқару
    Президиум Президиумы Президиумының Материалдық Негіздеме Маған Оған Заң Заңы Заңда
    Мекенжайы Өтініш Өтініште Өтінішке Хаттама Хаттамасы Бұйрығы Мүше Мүшесі Мүшелері
    Директоры Басшысы Меңгерушісі Мектеп Мектебі Колледж Колледжі Жалақы Демалыс Аттестаттау
    Педагог Педагогический Профком Профкома Профсоюзный Председателю Директору Заявителю
    Подскажите Помогите Сообщите Разъясните Просим Прошу Приглашены Присутствовали Слушали
    Секретарь Еңбек Наурыз Выступили Постановили Решили Повестка Итоги Отпуск Зарплата
    Сведения Копия Ответ
    """.split()  # noqa: SIM905
)
_CUES = re.compile(
    r"(?:\b(?:гр|г-н|г-жа|тов)\.?|\b(?:гражданин|гражданка|гражданина|гражданки|господин|"
    r"госпожа|уважаем(?:ый|ая|ому|ой)|құрметті|мырза|ханым|член(?:а|у)? профсоюза|"
    r"заявител(?:ь|я|ю|ем)|работник(?:а|у|ом)?|работниц(?:а|ы|е|ей)|учител(?:ь|я|ю|ем|ьница|ьницы)|"
    r"педагог(?:а|у|ом)?|мұғалім(?:і|ге|нің)?|ф\.?\s?и\.?\s?о\.?|аты-жөні|фио)"
    r")[\s:,]*$",
    re.IGNORECASE,
)
_PASSPORT_CUE = re.compile(r"(?:паспорт\w*|passport|төлқұжат\w*)[\s:(«\"]*$", re.IGNORECASE)
_HONORIFIC_AFTER = re.compile(r"^\s*(?:мырза|ханым|апай|ағай)\b", re.IGNORECASE)
_NAMED_AFTER = re.compile(r"(?:\bим\.|\bимени)\s*$", re.IGNORECASE)
_NAMED_FOLLOW = re.compile(r"^\s*атындағы\b", re.IGNORECASE)
_SENT_END = re.compile(r"(?:[.!?…:;]\s*|\n\s*|^\s*)$")


@dataclass
class Tok:
    start: int
    end: int
    text: str
    initial: bool = False


@dataclass
class Mention:
    """A name mention: a span of the text and its parsed parts (stems)."""

    start: int
    end: int
    score: float
    surname: str | None = None
    given: str | None = None
    patronymic: str | None = None
    initials: str = ""
    source: str = "rule"


def _tokens(text: str) -> list[Tok]:
    toks: list[Tok] = []
    for m in re.finditer(rf"[{UP}]\.(?=\s?[{UP}])|[{UP}]\.|[{UP}{LO}]+(?:[-'’][{UP}{LO}]+)*", text):
        s = m.group()
        toks.append(Tok(m.start(), m.end(), s, initial=len(s) == 2 and s[1] == "."))
    return toks


def _is_cap(word: str) -> bool:
    return word[0].isupper()


def _lower_lines(text: str) -> SpanSet:
    """Lines written without capitals (chats): names there are lower case too."""
    out = SpanSet()
    pos = 0
    for line in text.splitlines(keepends=True):
        words = _WORD.findall(line)
        if len(words) >= 3 and not any(c.isupper() for c in line):
            out.add(pos, pos + len(line))
        pos += len(line)
    return out


def _before_patronymic(text: str, t: Tok, nxt: Tok) -> bool:
    """A word right before a patronymic is a name: "ержігіт санжарұлы"."""
    return (
        text[t.end : nxt.start] == " "
        and len(t.text) >= 3
        and morph_name(t.text)[0] != "?"
        and _lower_kind(nxt.text) == "pat"
    )


def _surname_after_given(text: str, prev: Tok, t: Tok) -> bool:
    """In a Russian sentence a word Russian does not know right after a given name is
    its surname: "что слышно о санжаре досане". (Not in Kazakh: in "айжан кітапты
    бүгін көрдің бе" the word after the name is the object.)"""
    return (
        text[prev.end : t.start] == " "
        and len(t.text) >= 4
        and _lower_kind(prev.text) in ("given", "latin-given")
        and morph_name(t.text)[0] == ""
        and _CYR.search(t.text) is not None
        and _russian_line(text, t)
    )


def _embedded(text: str, t: Tok) -> bool:
    """The word is part of an e-mail address, a login or a URL ("marina77@", ".ru")."""
    if t.initial:
        return False
    after = text[t.end : t.end + 2]
    before = text[t.start - 1 : t.start] if t.start else ""
    return (
        after[:1] in ("@", "_")
        or after[:1].isdigit()
        or (after[:1] == "." and after[1:2].isalnum())
        or (before != "" and (before in "@_./" or before.isdigit()))
    )


_LOWER_OK = frozenset(
    {"given", "sur+", "sur", "pat", "latin-given", "latin-sur", "amb", "root", "root?"}
)


@lru_cache(maxsize=65536)
def _kind(word: str) -> str:
    """'pat', 'sur', 'given', 'amb', 'latin-given', 'latin-sur' or ''."""
    lex = lexicon()
    if not _CYR.search(word):
        key = latin_key(word)
        if key in lex.latin_given:
            return "latin-given"
        if re.search(r"(ovna|evna|ovic|evic)$", key) and len(key) >= 7:
            return "pat"  # "Alibekovna", "Sergeevich"
        if re.search(r"(ov|ev|ova|eva|ina|uli|kizi|ulu|bekov|bekova|baev|baeva)$", key):
            return "latin-sur"
        if len(key) >= 7 and re.search(r"(sk|ck)(aia|ii|i)$", key):
            return "latin-sur"  # "Yablonskaya", passport "IABLONSKAIA"
        if key.endswith("in") and len(key) >= 6:
            if {key[:-2], key[:-2] + "a", key[:-1]} & lex.latin_roots:
                return "latin-sur"  # "Gabdullin", "ğabdullin", "Nurgalin": a known root
            if word[:1].isupper():
                return "latin-sur?"
        if key in lex.latin_roots or (len(key) >= 6 and key.endswith(_LATIN_FORMANTS)):
            return "root"  # "Kenjebai", "Esimkhan"
        return ""
    lw = loose(word)
    base = _strip_kk(lw)
    if _PATRONYMIC.match(base) or _KK_PATRONYMIC.match(base):
        return "pat"
    if base != lw and _SURNAME_RU.match(base) and not base.endswith(("ин", "ына", "ина")):
        return "sur+"  # a Russian-style surname with a Kazakh case ending: "Сафоновада"
    written_stem = word.lower()[: len(word) - (len(lw) - len(base))]  # soft signs kept
    if (
        base != lw
        and len(base) >= 4
        and written_stem.endswith("ин")  # not the Kazakh "кейін|де"
        and morph_name(written_stem)[0] in ("Surn", "")  # not a loanword: "карантин|ге"
    ):
        return "sur+"  # "Ильиннің", "Нургалинге"
    if base in lex.given:
        return "given"
    if base in lex.ambiguous:
        return "amb"
    m2 = _GIVEN_END.match(base)
    if m2 and any(
        m2.group(1) + end in lex.given
        # a consonant-final name takes no -ы/-и in Russian: "болаты", "мирасы" are
        # Kazakh possessives ('its steel', 'his heritage')
        and (end or base[-1] not in "ыи")
        for end in ("", "а", "я", "й")
    ):
        return "given"  # an inflected given name: "Валентину", "Марии", "Дарью"
    if m2 and m2.group(1) in lex.ambiguous and len(m2.group(1)) >= 4:
        return "amb"  # "Адилем"
    not_ru = base == lw and word.lower().endswith(("ь", "ң"))  # no Russian surname ends so
    m = None if not_ru else (_SURNAME_RU.match(base) or _SURNAME_SK.match(base))
    if m:
        root = m.group(1)
        # a known root + -ов/-ев/-ин; not + -ын/-ін, the Kazakh possessive ("болатын"
        # 'which will be', "мейірін" 'his mercy')
        kazakh_in = "ін" in word.lower()[len(root) - 2 : len(root)]
        for end in ("ов", "ев", "ин", "ёв"):
            if root.endswith(end) and root[: -len(end)] in lex.roots and not kazakh_in:
                return "sur+"
        return "sur"
    if base in lex.roots or (len(base) >= 6 and base.endswith(_KK_NAME_FORMANTS)):
        return "root"
    if m2 and len(m2.group(1)) >= 6 and m2.group(1).endswith(_KK_NAME_FORMANTS):
        return "root"  # a Kazakh name with a Russian ending: "Оразбека"
    return ""


@lru_cache(maxsize=65536)
def _lower_kind(word: str) -> str:
    """:func:`_kind` of a lower-case word, with morphology as the missing evidence.

    Without a capital letter a Russian-style surname alone is weak ("документов",
    "готов"): it needs pymorphy2's Surn/Name reading ("колесников") or must be a
    word pymorphy2 does not know at all ("габдуллаева", "нургалинмен"). An unknown
    word becomes a given name when pymorphy2 reads it (or its stem without a Kazakh
    case ending) as one; a double-meaning name ("Әділ", "Меруерт") with a case
    ending reads as the name.
    """
    k = _kind(word)
    if k in ("pat", "sur+", "given", "latin-given", "latin-sur"):
        return k
    if not _CYR.search(word):
        return "latin-sur" if k == "root" else k  # a Kazakh name in Latin letters
    lw = word.lower()
    stem = _strip_kk_keep(word)  # "адильді", "мусинаны"
    tag, share = morph_name(lw)
    if stem != lw and tag in ("", "?"):
        tag, share = morph_name(stem)
    if tag == "Patr" and share >= 0.5:
        return "pat"
    if k == "sur":
        if tag not in ("", "?") and share > 0:
            return "sur+"  # "Ефремов" reads as Surn or as a plural of the name "Ефрем"
        if tag == "" and (_unknown_surname(lw) or _unknown_surname(stem)):
            return "sur+"
        shape = _SURNAME_RU.match(loose(lw))
        if not (shape and lw[len(shape.group(1)) - 2 : len(shape.group(1))] in ("ін", "ын")):
            return k
        # Kazakh -ін/-ын is no surname suffix ("бүгін" 'today', "кейін" 'later'); a name
        # root with a Russian ending may still follow ("турсыным")
        k = ""
    if k == "root" and tag == "":
        for base in dict.fromkeys((loose(stem), loose(lw))):  # "алмухамбе|та"
            ru_end = _GIVEN_END.match(base)  # "нурлыбек|у"
            if ru_end and ru_end.group(1).endswith(_KK_NAME_FORMANTS):
                base = ru_end.group(1)
            if len(base) >= 6 and base.endswith(_KK_NAME_FORMANTS):
                return "given"  # "кенжебай", "бақтыбайда", "алмухамбета": a Kazakh name
        # the whole word, not the stem: a 4-letter root with an ending ("әбіл|ден")
        if len(loose(lw)) >= 5 and _strip_kk(loose(lw)) in lexicon().roots:
            return "given"
    if k == "" and tag == "" and _BAI_CASE.match(loose(stem)):
        return "given"  # "кенжебае", "тәжібаю": a "-бай" name with a Russian case ending
    ru_case = _RU_CASE_OF_ROOT.match(loose(lw))
    if k == "" and tag == "" and ru_case and ru_case.group(1) in lexicon().roots:
        return "given"  # "әшімом", "үсена": a Kazakh name with a Russian case ending
    shared_end = _RU_OR_KK_END.match(loose(lw))
    if k == tag == "" and len(lw) >= 5 and shared_end and shared_end.group(1) in lexicon().roots:
        # "байсале" (о Байсале), "турсыным" or a Kazakh possessive ("болаты", "атым"
        # 'my name'): a name only in a Russian sentence (see _named_by_context)
        return "root?"
    if tag == "Surn" and share >= 0.5 and k in ("", "root"):
        return "sur+"
    if tag == "Name" and share >= 0.5:
        return "given"
    if (
        k == "amb"
        and tag != "?"
        and loose(lw) not in lexicon().ambiguous
        and _strip_kk(loose(lw)) == loose(lw)
        and loose(lw)[-1] not in "ыи"  # the Kazakh possessive: "сезімі", "арманы"
    ):
        # a double-meaning name with a Russian ending ("адилем"); with a Kazakh one
        # it may be the word ("сағатта", "арманға")
        return "given"
    return k


def _unknown_surname(stem: str) -> bool:
    """A surname shape that is no Russian word: "габдуллаева", "рақымова", "нургалин"."""
    lw = loose(stem)
    if len(lw) >= 7 and _SURNAME_SK.match(lw):
        return True  # an -ский/-ская word pymorphy2 does not know: "яблонская"
    m = _SURNAME_RU.match(lw)
    if m is None or len(lw) < 6:
        return False
    root = m.group(1)
    if root.endswith(("ов", "ев")):
        return True  # no Kazakh word ends so
    # -ин only in Russian spelling ("бүгін", "кейін", "атын" are Kazakh words)
    return root.endswith("ин") and "ин" in stem.lower()[-4:]


def _sentence_start(text: str, pos: int) -> bool:
    return _SENT_END.search(text[max(0, pos - 4) : pos]) is not None


def find_name_mentions(text: str) -> list[Mention]:
    """Rule- and lexicon-based name mentions in ``text`` (normalized, folded)."""
    text = unmix_latin(text)
    toks = _tokens(text)
    lower = _lower_lines(text)
    out: list[Mention] = []
    i = 0
    n = len(toks)
    while i < n:
        # a group: consecutive capitalized words / initials separated by spaces only
        j = i
        group: list[Tok] = []
        while j < n:
            t = toks[j]
            apart = bool(group) and loose(t.text) in ("улы", "кызы")
            low_name = (
                bool(lower)
                and t.text[0].islower()
                and t.start in lower
                and (
                    _lower_kind(t.text) in _LOWER_OK
                    or (j + 1 < n and _before_patronymic(text, t, toks[j + 1]))
                    or (bool(group) and _surname_after_given(text, group[-1], t))
                )
            )
            if not (t.initial or _is_cap(t.text) or apart or low_name) or _embedded(text, t):
                break
            if group:
                gap = text[group[-1].end : t.start]
                if gap.strip() or "\n" in gap or "\t" in gap or len(gap) > 2:
                    break
            group.append(t)
            j += 1
            if len(group) == 6:
                break
        if not group:
            i += 1
            continue
        out.extend(_classify_group(text, group))
        i = max(j, i + 1)
    out.extend(_named_in_email(text, toks, SpanSet((m.start, m.end) for m in out)))
    return _drop_named_after(text, out)


_EMAIL_LOCAL = re.compile(r"([\w.+-]+)@[\w-]+\.")


def _named_in_email(text: str, toks: Sequence[Tok], taken: SpanSet) -> list[Mention]:
    """A word the e-mail address after it spells: "досанның поштасы dosan@mail.kz"
    ("Досан" is in no lexicon, but the owner of the address is a person)."""
    out: list[Mention] = []
    starts = [t.start for t in toks]
    for email in _EMAIL_LOCAL.finditer(text):
        local = latin_key(email.group(1))
        line_start = text.rfind("\n", 0, email.start()) + 1
        i = bisect_left(starts, max(line_start, email.start() - 40))
        for t in toks[i:]:
            if t.start >= email.start():
                break
            if t.initial or not _CYR.search(t.text) or taken.overlaps(t.start, t.end):
                continue
            stem = loose(_strip_kk_keep(t.text))
            key = latin_key(_transliterate(stem, _PASSPORT))
            if len(key) >= 4 and key in local:
                m = Mention(t.start, t.end, 0.8)
                m.surname = name_stem(t.text)
                out.append(m)
                taken.add(t.start, t.end)
    return out


def _classify_group(text: str, group: list[Tok]) -> list[Mention]:
    if len(group) == 1 and not group[0].initial:
        # the common case: one capitalized word (a sentence start, a proper noun)
        word = group[0].text
        kind = _lower_kind(word) if word[0].islower() else _kind(word)
        if loose(word) in _STOP_CAPS or (
            kind == ""
            and _CUES.search(text[max(0, group[0].start - 40) : group[0].start]) is None
            and _HONORIFIC_AFTER.match(text[group[0].end : group[0].end + 12]) is None
        ):
            return []
    kinds = []
    for t in group:
        if t.initial:
            kinds.append("init")
        elif loose(t.text) in ("улы", "кызы"):
            kinds.append("pat-apart")
        elif loose(t.text) in _STOP_CAPS:
            kinds.append("stop")
        elif len(t.text) > 1 and t.text.isupper() and _kind(t.text) == "" and _acronym(t.text):
            kinds.append("stop")  # acronyms: ТОО, ППО, ГККП
        elif t.text[0].islower():
            kinds.append(_lower_kind(t.text))  # a lower-case chat line
        else:
            kinds.append(_kind(t.text))
    # split at stop words: each run of non-stop tokens is judged alone
    mentions: list[Mention] = []
    run: list[int] = []
    for idx, k in enumerate([*kinds, "stop"]):
        if k == "stop":
            if run:
                m = _judge(text, [group[r] for r in run], [kinds[r] for r in run])
                if m is not None:
                    mentions.append(m)
                elif len(run) > 1 and group[run[0]].text[0].islower():
                    # lower-case words next to each other need not be one name:
                    # "musina бүгін көрдің бе" ("бүгін" reads as a surname shape)
                    for r in run:
                        m = _judge(text, [group[r]], [kinds[r]])
                        if m is not None:
                            mentions.append(m)
            run = []
        else:
            run.append(idx)
    return mentions


def _leading_surname(toks: Sequence[Tok], kinds: Sequence[str]) -> bool:
    """An unknown first word that belongs to the name after it: a surname before
    initials ("Қаппар Г.Т.") or before a given name and a patronymic ("Ғабдулла
    Гүлшат Нұрлыбекқызы"), a given name before a patronymic ("ержігіт санжарұлы"),
    unless it is a known Russian word ("Вчера Анна Петровна")."""
    rest = kinds[1:]
    name_follows = rest[:1] in (["init"], ["pat"]) or (
        len(rest) >= 2
        and rest[0] in ("given", "amb", "latin-given")
        and rest[1] in ("pat", "pat-apart")
    )
    return name_follows and morph_name(toks[0].text)[0] != "?"


# A double-meaning name ("төлеген" 'who paid', "қанат" 'wing') or a short surname
# ("исин") alone in a chat line reads as a name in a case a person takes next to a
# word that asks for a person: "төлегеннің телефоны", "қанатқа айтып қой",
# "арманмен сөйлестім", "исиннен сұрап ал", "азаматты бүгін көрдің бе", "кілті
# төлегенде қалды"; or after a greeting or a contact noun ("привет арман"), or after
# "это" when Russian does not know the word ("карта ... это төлеген").
# Pairs: case endings (loose spelling) and the verb or noun (loose, within two words;
# the possessed noun right after the name).
_CONTEXT_CASES: tuple[tuple[tuple[str, ...], re.Pattern[str], int], ...] = (
    (
        ("", "нын", "нин", "дын", "дин", "тын", "тин"),
        re.compile(
            r"(?:телефон|номир|номер|карта|пошта|почта|отиниш|арыз|аныктама|мекенжай|адрес)"
        ),
        1,
    ),
    (("га", "ге", "ка", "ке", "а", "е"), re.compile(r"(?:айт|хабарла|коныра)"), 2),
    (("мен", "бен", "пен"), re.compile(r"(?:сойлес|хабарлас|кездес)"), 2),
    (("дан", "ден", "тан", "тен", "нан", "нен"), re.compile(r"сура"), 2),
    (("ды", "ди", "ты", "ти", "ны", "ни", "н"), re.compile(r"(?:корд|шакыр)"), 2),
    (("да", "де", "та", "те", "нда", "нде"), re.compile(r"кал"), 1),
)
_CONTEXT_BEFORE = re.compile(
    r"(?:^|[\s,])(?:привет|сәлем|салем|номер|телефон|почта|пошта|спроси|позвони|скажи|напиши|"
    r"передай)[\s,]+$"
)
_ETO_BEFORE = re.compile(r"(?:^|\s)это\s+$")


def _russian_line(text: str, tok: Tok) -> bool:
    """The other words of the token's line are Russian (pymorphy2 knows them)."""
    start = text.rfind("\n", 0, tok.start) + 1
    end = text.find("\n", tok.end)
    line = text[start : end if end >= 0 else len(text)]
    words = [w for w in re.findall(r"[^\W\d_]{3,}", line) if w != tok.text]
    known = sum(morph_name(w)[0] != "" for w in words)
    return len(words) >= 3 and known >= 0.6 * len(words)


def _named_by_context(text: str, tok: Tok, kind: str) -> bool:
    """A lower-case double-meaning name, short surname or name root with a Russian
    ending (``kind`` 'amb', 'sur', 'root?') its neighbours show to be a name."""
    if kind == "root?":
        return _russian_line(text, tok)  # "что слышно о байсале по отпуску"
    if kind == "amb":
        before = text[max(0, tok.start - 16) : tok.start]
        if _CONTEXT_BEFORE.search(before):
            return True
        unknown = morph_name(tok.text)[0] == ""
        if unknown and _ETO_BEFORE.search(before):
            return True
        if unknown and _russian_line(text, tok):
            return True  # "толеген ты отправил список": no Kazakh word in a Russian sentence
    elif morph_name(tok.text)[0] == "?":
        return False  # a known Russian word with no name reading: "номер банковской карты"
    else:
        sur = _SURNAME_RU.match(loose(tok.text))
        if sur and sur.group(1) in lexicon().roots and _russian_line(text, tok):
            return True  # "поговорил с турсыным": a Kazakh name in a Russian case
    lw = loose(tok.text)
    written = tok.text.lower().replace("ь", "").replace("ъ", "")
    lex = lexicon().ambiguous

    def name_stem_ok(stem: str) -> bool:
        # a surname suffix in Russian letters: "исин|нен", not the Kazakh "үшін", "бүгін"
        return stem in lex or (
            len(stem) >= 4
            and len(written) == len(lw)
            and written[: len(stem)].endswith(("ов", "ев", "ёв", "ин", "ова", "ева", "ёва", "ина"))
        )

    return _case_cue(text, tok, name_stem_ok)


def _case_cue(text: str, tok: Tok, stem_ok: Callable[[str], bool]) -> bool:
    """``tok`` has a case ending of :data:`_CONTEXT_CASES` after a stem ``stem_ok``
    accepts, and the word that case asks for follows."""
    after = [
        loose(w) for w in re.findall(r"[^\W\d_]+", text[tok.end : tok.end + 60].split("\n")[0])
    ]
    if not after:
        return False
    lw = loose(tok.text)
    for endings, verbs, reach in _CONTEXT_CASES:
        if any(verbs.match(w) for w in after[:reach]) and any(
            lw.endswith(e) and stem_ok(lw[: len(lw) - len(e)]) for e in endings
        ):
            return True
    return False


def _acronym(word: str) -> bool:
    """An upper-case word that is an acronym, not a passport-style Latin name (also
    one retyped with Cyrillic look-alikes: "ВАKTYВAY")."""
    return len(word) <= 4 or bool(_CYR.search(word.translate(_CYR_TO_LATIN)))


def _judge(text: str, toks: list[Tok], kinds: list[str]) -> Mention | None:
    # drop a leading unknown word at a sentence start ("Вчера Анна ..."), but not
    # from a passport-style Latin name ("GABDULLA YERNAZAR")
    passport = (
        len(toks) >= 2
        and all(t.text.isupper() and not _CYR.search(t.text.translate(_CYR_TO_LATIN)) for t in toks)
        and any(k in ("latin-sur", "latin-given", "pat") for k in kinds)
    )
    while (
        len(toks) > 1
        and kinds[0] == ""
        and not passport
        and _sentence_start(text, toks[0].start)
        and not _leading_surname(toks, kinds)
    ):
        toks, kinds = toks[1:], kinds[1:]
    # trailing initials only belong to a name: "Иванов И.И."; leading ones too
    words = [k for k in kinds if k != "init"]
    n_init = kinds.count("init")
    if not words:
        return None
    strong = {"pat", "pat-apart", "sur+", "given", "latin-given"}
    has_strong = any(k in strong for k in kinds)
    if not any(c.isupper() for c in text[toks[0].start : toks[-1].end]):
        # a lower-case chat line: only lexicon names, a lone surname needs a known root
        lone = len(words) == 1 and words[0] not in ("given", "sur+", "pat", "latin-given")
        if (lone and words[0] != "latin-sur") or not (has_strong or words == ["latin-sur"]):
            # a double-meaning name or a short surname alone: only when the words
            # around it show a person ("төлегеннің телефоны", "исиннен сұрап ал")
            for t, k in zip(toks, kinds, strict=True):
                if k in ("amb", "sur", "root?") and _named_by_context(text, t, k):
                    m = Mention(t.start, t.end, 0.6)
                    _fill_parts(m, [t], [k])
                    return m
            return None
        m = Mention(toks[0].start, toks[-1].end, 0.6 if len(words) == 1 else 0.8)
        _fill_parts(m, toks, kinds)
        return m
    has_strong = any(k in strong for k in kinds)
    start_sent = _sentence_start(text, toks[0].start)
    score = 0.0
    if "pat" in kinds or "pat-apart" in kinds:
        score = 0.9
    elif n_init and any(
        k in ("sur", "sur+", "root", "", "latin-sur", "latin-sur?", "given", "amb") for k in words
    ):
        # initials next to a capitalized word
        score = 0.9 if any(k in ("sur", "sur+", "root", "latin-sur") for k in words) else 0.75
    elif len(words) >= 2 and has_strong:
        score = 0.85
    elif (
        len(words) >= 2
        and sum(k in ("sur", "root", "amb", "latin-sur") for k in words) >= 1
        and (any(k in ("amb", "root", "given", "latin-given") for k in words))
    ):
        score = 0.75
    elif len(words) >= 2 and all(k in ("latin-sur", "latin-given", "latin-sur?") for k in words):
        score = 0.8
    elif (
        2 <= len(toks) <= 3
        and all(
            len(t.text) >= 2
            and t.text.isupper()
            and not _CYR.search(t.text.translate(_CYR_TO_LATIN))  # "ВАKTYВAY": look-alikes
            for t in toks
        )
        and _PASSPORT_CUE.search(text[max(0, toks[0].start - 24) : toks[0].start])
    ):
        score = 0.85  # the name as in a passport: "(в паспорте: ERYOMIN GRIGORIY)"
    elif (
        2 <= len(words) <= 3
        and sum(k in ("latin-sur", "latin-given") for k in words) >= 1
        and all(k in ("latin-sur", "latin-given", "latin-sur?", "") for k in words)
        and all(not _CYR.search(t.text) for t in toks)
        and (
            sum(k in ("latin-sur", "latin-given") for k in words) >= 2
            or all(t.text.isupper() for t in toks)
        )
    ):
        score = 0.85  # "Isabekov Anuar Aybekuly", passport style "PETROV YURIY"
    elif len(words) == 1:
        k = words[0]
        if k in ("given", "sur+", "latin-given"):
            score = 0.8 if not start_sent else 0.65
        elif k == "sur":
            score = 0.6 if not start_sent else 0.4
        elif k in ("amb", "root"):
            score = 0.6 if not start_sent else 0.3
        elif k == "latin-sur":
            score = 0.6 if not start_sent else 0.5
    if score < 0.8 and (
        _CUES.search(text[max(0, toks[0].start - 40) : toks[0].start]) is not None
        or _HONORIFIC_AFTER.match(text[toks[-1].end : toks[-1].end + 12]) is not None
    ):
        score = 0.8
    if score < 0.3:
        return None
    # trim unknown words at the edges unless the mention is pattern-based;
    # a word after trailing initials starts a new sentence ("Поляков Ю.Г. Секретарь")
    while (
        len(toks) > 1
        and kinds[-1] == ""
        and (score < 0.85 or kinds[-2] == "init")
        and any(k != "init" for k in kinds[:-1])  # "Б.Ә. Әбдірахманға" keeps its surname
    ):
        toks, kinds = toks[:-1], kinds[:-1]
    m = Mention(toks[0].start, toks[-1].end, score)
    _fill_parts(m, toks, kinds)
    return m


def _fill_parts(m: Mention, toks: Sequence[Tok], kinds: Sequence[str]) -> None:
    words = [(t, k) for t, k in zip(toks, kinds, strict=True) if k != "init"]
    m.initials = "".join(t.text[0] for t, k in zip(toks, kinds, strict=True) if k == "init").lower()
    rest: list[tuple[Tok, str]] = []
    for idx, (t, k) in enumerate(words):
        if k == "pat":
            m.patronymic = name_stem(t.text)
        elif k == "pat-apart" and idx > 0:
            prev = words[idx - 1][0]
            m.patronymic = loose(prev.text) + loose(t.text)
            if rest and rest[-1][0] is prev:
                rest.pop()
        elif k in ("sur", "sur+", "latin-sur") and m.surname is None:
            m.surname = name_stem(t.text)
        else:
            rest.append((t, k))
    for t, k in rest:
        if k in ("given", "amb", "latin-given") and m.given is None:
            m.given = name_stem(t.text)
        elif m.surname is None and k in ("root", "", "amb"):
            m.surname = name_stem(t.text)  # "ғабит рақымнан": the second word is a surname
        elif m.given is None:
            m.given = name_stem(t.text)
    if m.surname is None and m.given is not None and m.initials and not m.patronymic:
        # "И. Петренко": the word next to initials is a surname
        m.surname, m.given = m.given, None


def _drop_named_after(text: str, mentions: list[Mention]) -> list[Mention]:
    """Names in "школа имени Абая", "Абай атындағы" are not personal data."""
    out = []
    for m in mentions:
        if _NAMED_AFTER.search(text[max(0, m.start - 8) : m.start]) or _NAMED_FOLLOW.match(
            text[m.end : m.end + 12]
        ):
            continue
        out.append(m)
    return out


# case endings of Kazakh common nouns at a sentence start ("Хатты", "Арызды", "Сыйлықты")
_KK_NOUN_CASE = ("ты", "ти", "ды", "ди", "ны", "ни", "нын", "нин", "дын", "дин", "тын", "тин")


def weak_single(text: str, start: int, end: int) -> bool:
    """A one-word NER name that is no lexicon name at a sentence/quote start: likely a noun."""
    word = text[start:end]
    if " " in word.strip() or _kind(word) != "":
        return False
    before = text[max(0, start - 4) : start]
    return _sentence_start(text, start) or before.rstrip().endswith(("«", '"', "“"))


def trim_leading(text: str, start: int, end: int) -> int:
    """Start of an NER name span without leading non-name words."""
    while True:
        m = re.match(rf"[{UP}{LO}]+(?:-[{UP}{LO}]+)*", text[start:end])
        if m is None:
            return start
        rest = text[start + m.end() : end]
        if not rest.strip():
            return start
        word = m.group()
        lw = loose(word)
        drop = (
            lw in _STOP_CAPS
            or (len(word) > 1 and word.isupper() and _kind(word) == "")
            or (
                _sentence_start(text, start)
                and _kind(word) == ""
                and lw.endswith(_KK_NOUN_CASE)
                and _strip_kk(lw) == lw
            )
        )
        if not drop:
            return start
        start += m.end() + (len(rest) - len(rest.lstrip()))


def parse_span(text: str, start: int, end: int, score: float, source: str) -> Mention:
    """Parts of a name span found by NER."""
    toks = list(_tokens(text[start:end]))
    kinds = []
    for t in toks:
        if t.initial:
            kinds.append("init")
        elif loose(t.text) in ("улы", "кызы"):
            kinds.append("pat-apart")
        else:
            k = _kind(t.text)
            kinds.append(k)
    m = Mention(start, end, score, source=source)
    if toks:
        # NER order is usually "Surname Given Patronymic" or "Given Surname"
        if len(toks) >= 2 and all(k in ("", "amb", "root") for k in kinds if k != "init"):
            words = [t for t, k in zip(toks, kinds, strict=True) if k != "init"]
            if len(words) >= 2:
                kinds = ["sur" if t is words[0] else k for t, k in zip(toks, kinds, strict=True)]
        _fill_parts(m, toks, kinds)
    return m


# ---------------------------------------------------------------- coreference


@dataclass
class Person:
    """One person in a document: a cluster of mentions and its identity keys."""

    surname: str | None
    given: str | None
    initials: str
    patronymic: str | None
    mentions: list[Mention] = field(default_factory=list)

    def keys(self) -> list[str]:
        """Identity keys, most specific first (vault keys and aliases)."""
        keys: list[str] = []
        if self.surname and self.given:
            keys.append(f"person:{self.surname}:{self.given}")
        first = self.given[:1] if self.given else self.initials[:1]
        if self.surname and first:
            keys.append(f"person:{self.surname}:{first}")
        if self.surname:
            keys.append(f"person:{self.surname}")
        if self.given and not self.surname:
            keys.append(f"person:given:{self.given}")
        return keys or ["person:?"]


def _compatible(p: Person, m: Mention) -> bool:
    if m.surname and p.surname and m.surname != p.surname:
        # "Иванов" vs "Ивано" (stem of a given name read as surname) are different
        return False
    first_p = p.given[:1] if p.given else (p.initials[:1] or None)
    first_m = m.given[:1] if m.given else (m.initials[:1] or None)
    if (
        m.given
        and p.given
        and m.given != p.given
        and not (m.given.startswith(p.given) or p.given.startswith(m.given))
    ):
        return False
    if first_m and first_p and first_m != first_p:
        return False
    if m.surname and not p.surname:
        return bool(m.given and p.given and m.given == p.given)
    if not m.surname and p.surname:
        # a bare given name joins a person with that given name
        return bool(m.given and p.given and m.given == p.given) or (
            not m.given and bool(m.patronymic) and m.patronymic == p.patronymic
        )
    return bool(m.surname or (m.given and p.given == m.given))


def link_persons(text: str, mentions: list[Mention]) -> list[Person]:
    """Cluster mentions into persons and find their other mentions in ``text``."""
    text = unmix_latin(text)
    ordered = sorted(mentions, key=lambda m: (-(bool(m.surname) + bool(m.given)), m.start))
    persons: list[Person] = []
    # a compatible person shares the surname, the given name or the patronymic:
    # look only there (a big text has thousands of persons)
    index: dict[tuple[str, str], set[int]] = {}
    for m in ordered:
        if m.surname and not m.given and ("s", m.surname) not in index:
            m.surname = _known_stem(text[m.start : m.end], index) or m.surname
        numbers: set[int] = set()
        for key in _index_keys(m.surname, m.given, m.patronymic):
            numbers |= index.get(key, set())
        found = next((n for n in sorted(numbers) if _compatible(persons[n], m)), None)
        if found is None:
            found = len(persons)
            target = Person(m.surname, m.given, m.initials, m.patronymic)
            persons.append(target)
        else:
            target = persons[found]
            target.given = target.given or m.given
            target.initials = target.initials or m.initials
            target.patronymic = target.patronymic or m.patronymic
            target.surname = target.surname or m.surname
        for key in _index_keys(target.surname, target.given, target.patronymic):
            index.setdefault(key, set()).add(found)
        target.mentions.append(m)
    _find_more_mentions(text, persons)
    return persons


def _known_stem(word: str, index: dict[tuple[str, str], set[int]]) -> str | None:
    """The surname of a known person that one word is a case form of: "Ермекбайды"
    for "ермекбай" (alone it would stem to "ермекбайд")."""
    if not _CYR.search(word) or " " in word.strip():
        return None
    lw = loose(word.strip())
    for suf in _KK_SUFFIXES:
        if lw.endswith(suf) and ("s", lw[: -len(suf)]) in index:
            return lw[: -len(suf)]
    return None


def _index_keys(
    surname: str | None, given: str | None, patronymic: str | None
) -> list[tuple[str, str]]:
    return [(kind, v) for kind, v in (("s", surname), ("g", given), ("p", patronymic)) if v]


def _find_more_mentions(text: str, persons: list[Person]) -> None:
    """Other forms of known surnames/given names anywhere in the text."""
    taken = SpanSet((m.start, m.end) for p in persons for m in p.mentions)
    by_stem: dict[str, Person] = {}
    # a stem shared by two persons is still a name: it goes to the person whose
    # surname it is (or the first one), the placeholder may be less specific
    for p in persons:
        if p.surname and len(p.surname) >= 3:
            by_stem.setdefault(p.surname, p)
    for p in persons:
        if p.given and len(p.given) >= 3:
            by_stem.setdefault(p.given, p)
    if not by_stem:
        return
    known = set(by_stem)
    lower = _lower_lines(text)
    heads = {stem[:3] for stem in by_stem}
    latin_names = any(not _CYR.search(stem) for stem in by_stem)
    for w in _WORD.finditer(text):
        word = w.group()
        cyr = bool(_CYR.search(word[:3]))
        head = loose(word[:3]) if cyr else latin_key(word[:4])[:3]
        if head not in heads:
            # a Latin name retyped with Cyrillic look-alikes ("вaктyвay" for "baktybay")
            as_latin = word.translate(_CYR_TO_LATIN) if cyr and latin_names else ""
            if not as_latin or _CYR.search(as_latin) or latin_key(as_latin[:4])[:3] not in heads:
                continue
            word = as_latin
        if not _is_cap(word) and w.start() not in lower:
            continue
        s, e = w.start(), w.end()
        if taken.overlaps(s, e):
            continue
        stem = name_stem(word, known)
        if stem not in by_stem:
            continue
        if not _plausible_form(word, stem):
            continue
        p = by_stem[stem]
        is_sur = stem == p.surname
        m = Mention(
            s,
            e,
            0.8,
            surname=stem if is_sur else None,
            given=None if is_sur else stem,
            source="coref",
        )
        p.mentions.append(m)
        taken.add(s, e)


def _plausible_form(word: str, stem: str) -> bool:
    """The word is the stem plus at most a case ending or two (not a longer word)."""
    lw = loose(word) if _CYR.search(word) else latin_key(word)
    return lw.startswith(stem[: max(2, len(stem) - 1)]) and len(lw) - len(stem) <= 6
