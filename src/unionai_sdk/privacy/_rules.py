"""Context rules: identity cards, passports, dates of birth and addresses.

Pure regular expressions over the normalized text; each returns
:class:`~unionai_sdk.privacy._fast.Found` spans in that text.
"""

from __future__ import annotations

import re

from unionai_sdk.privacy._fast import Found

__all__ = ["find_addresses", "find_dates_of_birth", "find_id_documents", "find_table_cells"]

_UP = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LO = "a-zа-яёәғқңөұүһі"
_W = f"{_UP}{_LO}"

# ------------------------------------------------------------------ ID card and passport

_ID_CTX = re.compile(
    r"удостоверени|\bуд\.?\s?л|\bу/л\b|\bуд\.\s?№|жеке\s+ку[әа]л[іи]к|ку[әа]л[іи]г|ку[әа]л[іи]к|"
    r"id[\s-]?карт|\bid\b|личност|документ",
    re.IGNORECASE,
)
_PASS_CTX = re.compile(r"паспорт|т[өо]лқ?[ұу]ж[аа]т|passport|төлқұжат|толкужат", re.IGNORECASE)
# Digits of a document number may be grouped in any way and by any everyday separator:
# "033 041 352", "033041.352", "08-23-69-40-2", "0 - 86 - 47", "N12/345/678", mixed.
# A gap between two digit groups is up to three spaces, or one dot/dash/slash/underscore
# with up to two spaces on either side (zero-width characters are gone after normalize).
# Never a comma, colon, semicolon, "|", tab or line break: those end a number.
_SP = "[ \u00a0\u202f]"
DIGIT_GAP = rf"(?:{_SP}{{0,2}}[.\-\u2010-\u2015/_]{_SP}{{0,2}}|{_SP}{{1,3}})"
# a maximal run of digit groups: finditer starts at the first digit of a run and the
# greedy repetition never stops inside one, so the run's digit count is the number's
_DIGIT_RUN = re.compile(rf"\d(?:{DIGIT_GAP}?\d)*")
# the letter of a passport number right before its digits: Latin N or Cyrillic Н
_PASS_LETTER = re.compile(rf"(?<!\w)[NНnн](?P<gap>{DIGIT_GAP}?)$")
_GLUED_N = re.compile(r"(?<!\w)[NН]$")  # "удостоверение N033041352"
_NUMBER_SIGN = re.compile(rf"\u2116{_SP}{{0,2}}$")
_LAST_DIGIT = re.compile(r"\d(?!.*\d)", re.DOTALL)
# a sum of money is not a document number ("150 000 000 тенге")
_MONEY_AFTER = re.compile(r"\s?(?:тенге|теңге|тг\b|₸|kzt|руб|usd|eur|\$|€)", re.IGNORECASE)


def _ctx_before(text: str, start: int, window: int = 60) -> str:
    return text[max(0, start - window) : start]


def _own_ctx(text: str, start: int, window: int = 60) -> str:
    """The words before ``start`` back to the previous number (its context is its own)."""
    before = _ctx_before(text, start, window)
    m = _LAST_DIGIT.search(before)
    return before[m.end() :] if m else before


def find_id_documents(text: str) -> list[Found]:
    """Identity cards (9 digits) and passports (N + 8 digits) after a context word;
    a passport number whose N is attached to its digits needs no context."""
    out: list[Found] = []
    for m in _DIGIT_RUN.finditer(text):
        start, end = m.start(), m.end()
        n = sum(c.isdigit() for c in m.group())
        if n not in (8, 9):
            continue
        before = text[max(0, start - 8) : start]
        letter = _PASS_LETTER.search(before) if n == 8 else None
        if letter is not None:
            l_start = start - (len(before) - letter.start())
            if _PASS_CTX.search(_ctx_before(text, l_start)):
                out.append(Found("KZ_PASSPORT", l_start, end, 0.95))
            elif letter.group()[0] in "NН" and not letter.group("gap"):
                # a capital N glued to its digits ("N12345678", "N12 744 256"): a passport
                out.append(Found("KZ_PASSPORT", l_start, end, 0.6))
            continue
        if (before[-1:].isalnum() or before[-1:] == "_") and not _GLUED_N.search(before):
            continue  # the tail of a word or code ("KZ12...", "A1234...")
        if n == 9:
            if _MONEY_AFTER.match(text, end):
                continue
            ctx = _ctx_before(text, start)
            if _ID_CTX.search(ctx):
                out.append(Found("KZ_ID_CARD", start, end, 0.9))
            elif _PASS_CTX.search(ctx):
                out.append(Found("KZ_PASSPORT", start, end, 0.6))
        elif _NUMBER_SIGN.search(before) and _PASS_CTX.search(_own_ctx(text, start)):
            # "паспорт № 12345678": the N left out
            out.append(Found("KZ_PASSPORT", start, end, 0.8))
    return out


# ------------------------------------------------------------------ dates of birth

_MONTHS = (
    r"(?:январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|сентябр[яь]|"
    r"октябр[яь]|ноябр[яь]|декабр[яь]|қаңтар\w*|ақпан\w*|наурыз\w*|сәуір\w*|мамыр\w*|"
    r"маусым\w*|шілде\w*|тамыз\w*|қыркүйек\w*|қазан\w*|қараша\w*|желтоқсан\w*|"
    r"янв\.?|фев\.?|мар\.?|апр\.?|июн\.?|июл\.?|авг\.?|сен\.?|сент\.?|окт\.?|ноя\.?|дек\.?)"
)
_DATE = re.compile(
    r"(?<![\d\w])(?:"
    r"\d{1,2}\s?[./\-]\s?\d{1,2}\s?[./\-]\s?(?:19|20)?\d{2}"  # 05.03.1990, 5/3/90
    r"|(?:19|20)\d{2}-\d{2}-\d{2}"  # ISO
    rf"|«?\d{{1,2}}»?\s+{_MONTHS}\s+(?:19|20)\d{{2}}(?:\s?(?:г\.|года|год|ж\.|жыл\w*))?"
    rf"|(?:19|20)\d{{2}}\s?(?:ж\.|жыл\w*)?\s+\d{{1,2}}\s+{_MONTHS}"  # 1990 жылғы 5 мамыр
    r")(?![\d])",
    re.IGNORECASE,
)
_YEAR_GR = re.compile(
    r"(?<![\d\w])(?:19|20)\d{2}\s?(?:г\.\s?р\.|г\.р\b|года\s+рождения|г\.\s?рожд\.?|"
    r"ж\.\s?т\.|жылы\s+туған|жылғы)",
    re.IGNORECASE,
)
_DOB_BEFORE = re.compile(
    r"(?:дат[аыу]\s+рождени[яе]|д\.\s?р\.|\bд/р|дата\s+рожд|рожд\.|родил(?:ся|ась|ись)|"
    r"рождени[яе]|туған\s+күн\w*|туылған|туған|т\.\s?к\.|date\s+of\s+birth|\bdob\b|\bborn\b|"
    r"\bр\.|г\.\s?р\.?)"
    r"(?:[\s:.,\-–—()«»\"]*[^\W\d]+){0,2}[\s:.,\-–—(«\"]*$",
    re.IGNORECASE,
)
_DOB_AFTER = re.compile(
    r"^\s*(?:г\.\s?р\.|г\.р\b|года\s+рождения|г\.\s?рожд|ж\.\s?т\.|жылы\s+туған|туған|"
    r"рождения|р\.)",
    re.IGNORECASE,
)


def find_dates_of_birth(text: str) -> list[Found]:
    """Dates next to a birth cue ("дата рождения", "г.р.", "туған күні"...); the cue
    itself ("г.р.") stays outside the span."""
    out: list[Found] = []
    for m in _DATE.finditer(text):
        before = text[max(0, m.start() - 50) : m.start()]
        after = text[m.end() : m.end() + 20]
        if _DOB_BEFORE.search(before) or _DOB_AFTER.match(after):
            out.append(Found("DATE_OF_BIRTH", m.start(), m.end(), 0.9))
    for m in _YEAR_GR.finditer(text):
        if m.group().lower().rstrip().endswith("жылғы"):
            continue  # "1990 жылғы 5 мамыр" is a full date, found above
        out.append(Found("DATE_OF_BIRTH", m.start(), m.start() + 4, 0.8))
    return out


# ------------------------------------------------------------------ addresses

_NAME = (
    rf"(?:«[^»\n]{{1,40}}»|\"[^\"\n]{{1,40}}\"|[{_UP}0-9][{_W}0-9\-]*\.?"
    rf"(?:[ \-][{_UP}0-9][{_W}0-9\-]*){{0,3}}"
    rf"(?:(?:\s[{_LO}]+){{1,2}}(?=[\s,]+(?:д\.|дом|№)?\s?\d))?)"
)
_STREET_BEFORE = (
    r"(?:ул\.|улица|улицы|улице|ул\b|пр\.|пр-т|пр-кт|просп\.|проспект\w*|б-р|бул\.|бульвар\w*|"
    r"пер\.|переул\w*|мкр\.?|мкрн\.?|микрорайон\w*|м-н|ш\.|шоссе|туп\.|тупик|наб\.|набережн\w*|"
    r"пл\.|площад\w*|трасс\w*|жм\b|ж\.м\.|жилой\s+массив|ж/м|тракт|аллея|кв-л|квартал)"
)
_STREET_AFTER = (
    r"(?:көшесі\w*|к-сі|көш\.|даңғылы\w*|даң\.|шағын\s+ауданы\w*|ш\.\s?а\.|ы/а|"
    r"тұрғын\s+алабы|бульвары\w*|алаңы\w*|street|st\.|avenue|ave\.)"
)
_HOUSE = (
    r"(?:[,\s]+(?:д\.|дом|здание|зд\.|уч\.|участок|корпус|корп\.|к\.|стр\.|строение|"
    r"үй|н\.)?\s?№?\s?\d{1,4}(?:\s?[/\-]\s?\d{1,4})?[{lo}]?(?:\s?-?үй\w*)?)"
).replace("{lo}", _LO)
_FLAT = (
    r"(?:[,\s]+(?:кв\.|квартира|кв\b|пәтер\w*|оф\.|офис|п\.|комн\.|комната)\s?№?\s?\d{1,4}[{lo}]?"
    r"|[,\s]+\d{1,4}\s?-?\s?(?:пәтер\w*|кв\.?))"
).replace("{lo}", _LO)
_CITY = (
    rf"(?:(?:г\.|город|гор\.|с\.|село|пос\.|пгт|п\.|а\.|ауыл\w*)\s?[{_UP}][{_W}\-]+"
    rf"|[{_UP}][{_W}\-]+\s+(?:қаласы|ауылы|кенті|облысы|ауданы|обл\.|область|р-н|район)"
    rf"|(?:[{_UP}][{_W}\-]+\s+)?(?:обл\.|область|облысы|р-н|район|ауданы)"
    rf"|Алматы|Астана|Нур-Султан|Шымкент|Караганда|Қарағанды|Актобе|Ақтөбе|Тараз|Павлодар|"
    rf"Усть-Каменогорск|Өскемен|Семей|Атырау|Костанай|Қостанай|Кызылорда|Қызылорда|Уральск|"
    rf"Орал|Петропавловск|Актау|Ақтау|Туркестан|Түркістан|Кокшетау|Көкшетау|Талдыкорган|"
    rf"Талдықорған|Экибастуз|Екібастұз|Темиртау|Теміртау)"
)
_KAZPOST = r"(?<![\w])[A-Z]\d{2}[A-Z]\d[A-Z]\d(?![\w])"
_POST6 = r"(?<![\d\w])\d{6}(?![\d])"

_LOWER_NAME = (
    rf"[{_W}0-9][{_W}0-9\-]*(?:\s[{_W}][{_W}\-]*){{0,2}}"
    rf"(?=[\s,]+(?:д\.|дом|үй|№)?\s?\d)"
)
_ADDR_CORE = re.compile(
    # the look-behind excludes digits too: otherwise every digit of a long digit
    # run starts a new match attempt and the scan turns quadratic
    rf"(?<![{_W}0-9])(?:{_STREET_BEFORE}\s?(?:{_NAME}|{_LOWER_NAME})|{_NAME}\s+{_STREET_AFTER}|\d{{1,3}}\s?-?\s?{_STREET_AFTER})"
    rf"(?:{_HOUSE})?(?:{_FLAT})?",
)
_CUE = re.compile(
    r"(?:по\s+адресу|\bадрес\w*(?:\s+проживания|\s+регистрации)?|\bпрожива\w+\s+(?:по|в)\b|"
    r"зарегистрирован\w*\s+(?:по|в)|мекенжай\w*|тұратын\s+жері|тұрғылықты\s+жері|address)"
    r"\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
_CUE_END = re.compile(
    # a quotation never belongs to an address; "67 үй." / "5 пәтер." end one
    r"\n|;|\)|«|(?<=\bүй)\.\s|(?<=пәтер)\.\s|(?<!\b[а-яa-zәғқңөұүһі]{1})(?<!\b[а-яa-zәғқңөұүһі]{2})(?<!\b[а-яa-zәғқңөұүһі]{3})\.\s+[А-ЯA-ZӘҒҚҢӨҰҮҺІ]|\.$|\.\s*$|\s[-–—]\s"
)


def find_addresses(text: str) -> list[Found]:
    spans: list[tuple[int, int, float]] = []
    for m in _ADDR_CORE.finditer(text):
        s, e = m.start(), m.end()
        has_house = bool(re.search(r"\d", m.group()))
        spans.append((s, e, 0.85 if has_house else 0.6))
    for m in re.finditer(_KAZPOST, text):
        spans.append((m.start(), m.end(), 0.85))
    # cue: "проживает по адресу: ..." up to the end of the clause
    for m in _CUE.finditer(text):
        s = m.end()
        again = re.match(r"(?:по\s+)?адрес\w*\s*[:\-–—]?\s*", text[s : s + 30], re.IGNORECASE)
        if again:
            s += again.end()
        chunk = text[s : s + 150]
        end_m = _CUE_END.search(chunk)
        e = s + (end_m.start() if end_m else len(chunk))
        piece = text[s:e].rstrip(" ,.")
        if piece and re.search(r"\d", piece) and len(piece) >= 5:
            spans.append((s, s + len(piece), 0.85))
    if not spans:
        return []
    # extend backwards over "г. Алматы, " / postcode / region, forwards over house/flat
    prefix = re.compile(
        rf"(?:(?:{_CITY}|{_POST6}|{_KAZPOST}|РК|Республика\s+Казахстан|Қазақстан)\s*,?\s*)$"
    )
    extended: list[tuple[int, int, float]] = []
    for s, e, sc in spans:
        while True:
            pm = prefix.search(text[max(0, s - 60) : s])
            if not pm or pm.end() - pm.start() == 0:
                break
            s = max(0, s - 60) + pm.start()
        tail = re.match(
            rf"(?:{_HOUSE})?(?:{_FLAT})?(?:\s*,?\s*(?:{_POST6}|(?i:{_KAZPOST})))?", text[e:]
        )
        if tail:
            e += len(tail.group())
        extended.append((s, e, sc))
    # merge overlapping or comma-adjacent pieces
    extended.sort()
    merged: list[list[float]] = []  # [start, end, score]
    for s, e, sc0 in extended:
        sc = float(sc0)
        if merged and (
            s <= merged[-1][1] or re.fullmatch(r"\s*,?\s*", text[int(merged[-1][1]) : s])
        ):
            merged[-1][1] = max(merged[-1][1], e)
            merged[-1][2] = max(merged[-1][2], sc)
        else:
            merged.append([s, e, sc])
    out = []
    for fs, fe, sc in merged:
        si, ei = int(fs), int(fe)
        while ei > si and text[ei - 1] in " ,;:":
            ei -= 1
        out.append(Found("ADDRESS", si, ei, sc))
    return out


# ------------------------------------------------------------------ tables

_HEADER_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "DATE_OF_BIRTH",
        re.compile(r"дата\s+рожд|д\.\s?р\.|год\s+рожд|г\.\s?р\.|туған|date\s+of\s+birth", re.I),
    ),
    ("KZ_PASSPORT", re.compile(r"паспорт|т[өо]лқ?[ұу]жат|passport", re.I)),
    ("KZ_ID_CARD", re.compile(r"удостоверени|уд\.\s?л|жеке\s+ку[әа]л|ку[әа]л[іи]к|№\s?уд", re.I)),
    ("ADDRESS", re.compile(r"адрес|мекенжай|тұратын", re.I)),
    (
        "PERSON",
        re.compile(
            r"ф\.?\s?и\.?\s?о|фамили|аты[-\s]?ж[өо]н|т\.\s?а\.\s?ә|^\s*(?:имя|сотрудник|работник|"
            r"член\s+профсоюза|заявитель|фио|name|full\s+name|қызметкер|мүше)\s*$",
            re.I,
        ),
    ),
)
_CELL_SHAPE = {
    "DATE_OF_BIRTH": re.compile(
        r"^\s*\d{1,2}[./-]\d{1,2}[./-](?:19|20)?\d{2}\s*$|^\s*(?:19|20)\d{2}\s*$"
    ),
    # any grouping of the digits (see DIGIT_GAP)
    "KZ_ID_CARD": re.compile(rf"^\s*№?\s?\d(?:{DIGIT_GAP}?\d){{8}}\s*$"),
    "KZ_PASSPORT": re.compile(rf"^\s*№?\s?(?:[NН]{DIGIT_GAP}?)?\d(?:{DIGIT_GAP}?\d){{7,8}}\s*$"),
    "ADDRESS": re.compile(r"\w"),
    "PERSON": re.compile(rf"^\s*[{_UP}]"),
}
_DELIMS = ("|", "\t", ";")


def _cells(line: str, delim: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for part in line.split(delim):
        s = pos + (len(part) - len(part.lstrip()))
        e = pos + len(part.rstrip())
        out.append((s, max(s, e)))
        pos += len(part) + len(delim)
    return out


def find_table_cells(text: str) -> list[Found]:
    """Cells under a header column such as «ФИО», «Дата рождения», «Адрес»."""
    if not any(d in text for d in _DELIMS):
        return []
    out: list[Found] = []
    offset = 0
    columns: dict[int, str] = {}
    delim = ""
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        line_delim = next((d for d in _DELIMS if body.count(d) >= 2), "")
        if not line_delim:
            columns = {}
        elif columns and line_delim == delim:
            for idx, (s, e) in enumerate(_cells(body, delim)):
                kind = columns.get(idx)
                if kind and e > s and _CELL_SHAPE[kind].search(body[s:e]):
                    out.append(Found(kind, offset + s, offset + e, 0.9))
        else:
            cells = _cells(body, line_delim)
            found_cols = {}
            for idx, (s, e) in enumerate(cells):
                header = body[s:e]
                if len(header) > 40:
                    continue
                for kind, pattern in _HEADER_KINDS:
                    if pattern.search(header):
                        found_cols[idx] = kind
                        break
            columns, delim = (found_cols, line_delim) if found_cols else ({}, "")
        offset += len(line)
    return out
