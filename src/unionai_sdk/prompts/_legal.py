"""The legal reference table and the citation check.

The table (``data/legal_references.json``) lists the acts union lawyers cite
most, with adilet document codes, aliases and the articles the prompts may
offer the model. Each article carries ``verified``: ``True`` only where the
number and subject were seen in a copy of the act's text. The citation check
turns the model's citations (and citations found in free text) into risk flags
for the human reviewer; it never edits the text.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "KnownWrongClaim",
    "LegalAct",
    "LegalReference",
    "check_citations",
    "find_act",
    "known_wrong_claims",
    "legal_acts",
    "references",
    "references_for_prompt",
    "relevant_references",
]

_DATA = Path(__file__).parent / "data" / "legal_references.json"

_MONTHS_RU = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
_MONTHS_KK = (
    "қаңтардағы", "ақпандағы", "наурыздағы", "сәуірдегі", "мамырдағы", "маусымдағы",
    "шілдедегі", "тамыздағы", "қыркүйектегі", "қазандағы", "қарашадағы", "желтоқсандағы",
)  # fmt: skip

# Words that carry no meaning for telling acts apart.
_STOP = frozenset(
    {
        "о", "об", "и", "их", "от", "года", "г", "республики", "республика", "казахстан",
        "рк", "қр", "қазақстан", "республикасының", "республикасы", "жылғы", "the", "of",
        "on", "and", "republic", "kazakhstan", "rk",
    }
)  # fmt: skip
_TOKEN_RE = re.compile(r"\w+(?:-\w+)*")
_QUOTES_RE = re.compile(r"[«»\"“”„‟'’‘`]")


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _QUOTES_RE.sub(" ", text)
    return text.casefold().replace("ё", "е").replace("–", "-").replace("—", "-")


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Meaningful tokens of normalized text with their spans."""
    return [
        (m.group(0), m.start(), m.end())
        for m in _TOKEN_RE.finditer(text)
        if m.group(0) not in _STOP
    ]


def _word_match(alias_word: str, word: str) -> bool:
    """Same word up to a Russian/Kazakh inflectional ending."""
    if len(alias_word) <= 2 or len(word) <= 2:
        return alias_word == word
    need = max(
        4 if min(len(alias_word), len(word)) >= 4 else 3, min(len(alias_word), len(word)) - 3
    )
    need = min(need, len(alias_word))
    return alias_word[:need] == word[:need]


@dataclass(frozen=True)
class LegalAct:
    """One act of the table."""

    id: str
    title_ru: str
    title_kk: str
    short_ru: str
    short_kk: str
    date: str
    number: str
    adilet: str
    verified: bool
    source: str
    aliases: tuple[str, ...]

    def title(self, lang: str = "ru") -> str:
        return self.title_kk if lang == "kk" else self.title_ru

    def short(self, lang: str = "ru") -> str:
        return self.short_kk if lang == "kk" else self.short_ru

    def full_title(self, lang: str = "ru") -> str:
        """Title with date, number and adilet code, as it is cited in documents."""
        year, month, day = (int(p) for p in self.date.split("-"))
        if lang == "kk":
            when = f"{year} жылғы {day} {_MONTHS_KK[month - 1]} № {self.number}"
        else:
            when = f"от {day} {_MONTHS_RU[month - 1]} {year} года № {self.number}"
        if when.replace("№ ", "№") in self.title(lang).replace("№ ", "№") or (
            f"№ {self.number}" in self.title(lang)
        ):
            return f"{self.title(lang)} (adilet {self.adilet})"
        anchor = "Қазақстан Республикасының "
        if (
            lang == "kk" and anchor in self.title_kk
        ):  # «… Қазақстан Республикасының 2015 жылғы … Заңы»
            head, tail = self.title_kk.split(anchor, 1)
            return f"{head}{anchor}{when} {tail} (adilet {self.adilet})"
        return f"{self.title(lang)} {when} (adilet {self.adilet})"


@dataclass(frozen=True)
class LegalReference:
    """One entry of the table: an article of an act (``article`` None: the act as a whole)."""

    act: LegalAct
    article: str | None
    subject_ru: str
    subject_kk: str
    verified: bool
    source: str
    keywords: tuple[str, ...] = ()

    @property
    def act_id(self) -> str:
        return self.act.id

    def subject(self, lang: str = "ru") -> str:
        return self.subject_kk if lang == "kk" else self.subject_ru

    def label(self, lang: str = "ru") -> str:
        """Short label such as «ТК РК, ст. 52» / «ҚР ЕК, 52-бап»."""
        if self.article is None:
            return self.act.short(lang)
        if lang == "kk":
            return f"{self.act.short(lang)}, {self.article}-бап"
        return f"{self.act.short(lang)}, ст. {self.article}"


@dataclass(frozen=True)
class KnownWrongClaim:
    """A statement the model must not make; matched by patterns on normalized text."""

    id: str
    description: str
    patterns: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...] = ()
    group: str | None = None
    allowed: frozenset[str] = frozenset()

    def found_in(self, sentence: str) -> bool:
        for pattern in self.patterns:
            for match in pattern.finditer(sentence):
                if self.group is not None and match.group(self.group) in self.allowed:
                    continue
                return not any(u.search(sentence) for u in self.unless)
        return False


@dataclass(frozen=True)
class _Table:
    acts: tuple[LegalAct, ...]
    references: tuple[LegalReference, ...]
    aliases: tuple[tuple[tuple[str, ...], str], ...]  # (alias tokens, act id), longest first
    index: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # first-word key -> aliases
    foreign: re.Pattern[str]
    claims: tuple[KnownWrongClaim, ...]


def _key(word: str) -> str:
    """Aliases and tokens that can match share this key (see :func:`_word_match`)."""
    return word if len(word) <= 2 else word[:3]


def _foreign_re(markers: Iterable[str]) -> re.Pattern[str]:
    parts = []
    for marker in markers:
        word = re.escape(marker)
        parts.append(rf"(?<!\w){word}(?!\w)" if len(marker) <= 3 else rf"(?<!\w){word}")
    return re.compile("|".join(parts) or r"(?!)")


@cache
def _table() -> _Table:
    raw: dict[str, Any] = json.loads(_DATA.read_text(encoding="utf-8"))
    acts: list[LegalAct] = []
    refs: list[LegalReference] = []
    aliases: list[tuple[tuple[str, ...], str]] = []
    for a in raw["acts"]:
        act = LegalAct(
            id=a["id"],
            title_ru=a["title_ru"],
            title_kk=a["title_kk"],
            short_ru=a["short_ru"],
            short_kk=a["short_kk"],
            date=a["date"],
            number=a["number"],
            adilet=a["adilet"],
            verified=bool(a["verified"]),
            source=a["source"],
            aliases=tuple(a["aliases"]),
        )
        acts.append(act)
        for alias in (*act.aliases, act.title_ru, act.title_kk, act.short_ru, act.short_kk):
            toks = tuple(t for t, _, _ in _tokens(_normalize(alias)))
            if toks:
                aliases.append((toks, act.id))
        for art in a["articles"]:
            refs.append(
                LegalReference(
                    act=act,
                    article=None if art["article"] is None else str(art["article"]),
                    subject_ru=art["subject_ru"],
                    subject_kk=art["subject_kk"],
                    verified=bool(art["verified"]),
                    source=art["source"],
                    keywords=tuple(art.get("keywords", ())),
                )
            )
    aliases = sorted(set(aliases), key=lambda x: (-len(x[0]), x))
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for alias_entry in aliases:
        index.setdefault(_key(alias_entry[0][0]), []).append(alias_entry)
    claims = tuple(
        KnownWrongClaim(
            id=c["id"],
            description=c["description"],
            patterns=tuple(re.compile(p) for p in c["patterns"]),
            unless=tuple(re.compile(p) for p in c.get("unless", ())),
            group=c.get("group"),
            allowed=frozenset(c.get("allowed", ())),
        )
        for c in raw["known_wrong_claims"]
    )
    return _Table(
        acts=tuple(acts),
        references=tuple(refs),
        aliases=tuple(aliases),
        index={k: tuple(v) for k, v in index.items()},
        foreign=_foreign_re(raw.get("foreign_or_repealed_markers", ())),
        claims=claims,
    )


def legal_acts() -> tuple[LegalAct, ...]:
    """Every act of the table."""
    return _table().acts


def references(act: str | None = None) -> tuple[LegalReference, ...]:
    """Every entry of the table, or those of one act (by id or any alias)."""
    refs = _table().references
    if act is None:
        return refs
    act_id = act if any(a.id == act for a in _table().acts) else find_act(act)
    return tuple(r for r in refs if r.act.id == act_id)


def known_wrong_claims() -> tuple[KnownWrongClaim, ...]:
    """Claims the model must not make (ids appear in ``claim:known_wrong:<id>`` flags)."""
    return _table().claims


# --- matching acts ---------------------------------------------------------------


def _match_at(tokens: Sequence[tuple[str, int, int]], i: int, alias: tuple[str, ...]) -> bool:
    if i + len(alias) > len(tokens):
        return False
    return all(_word_match(a, tokens[i + k][0]) for k, a in enumerate(alias))


@dataclass(frozen=True)
class _Mention:
    act_id: str | None  # None: a foreign or unknown code/law
    start: int
    end: int


def _is_foreign(text: str) -> bool:
    """``text`` names another state's law (ТК РФ, Трудовой кодекс Украины …)."""
    return bool(_table().foreign.search(_normalize(text)))


def _act_mentions(norm: str) -> list[_Mention]:
    """Act mentions in normalized text, longest alias at each position, non-overlapping."""
    table = _table()
    tokens = _tokens(norm)
    found: list[_Mention] = []
    i = 0
    while i < len(tokens):
        for alias, act_id in table.index.get(_key(tokens[i][0]), ()):
            if _match_at(tokens, i, alias):
                start, end = tokens[i][1], tokens[i + len(alias) - 1][2]
                tail = norm[end : end + 30].split("\n")[0]
                foreign = bool(table.foreign.match(tail.lstrip(" ,.-«»()")))
                found.append(_Mention(None if foreign else act_id, start, end))
                i += len(alias)
                break
        else:
            i += 1
    return found


def find_act(name: str) -> str | None:
    """The id of the act named ``name`` (any alias, any case, quotes ignored), else None."""
    norm = _normalize(name)
    if _is_foreign(norm):
        return None
    mentions = [m for m in _act_mentions(norm) if m.act_id is not None]
    if not mentions:
        return None
    # the first and longest mention names the act («Закон … о внесении изменений в ТК» is rare)
    return mentions[0].act_id


# --- the citation check -------------------------------------------------------------

_ARTICLE_RES = (
    # ru: «ст. 52», «статья 88», «статьей 16», «ст.ст. 77-78»
    (
        re.compile(r"(?<!\w)(?:ст\.\s*(?:ст\.\s*)?|стать[яиеюйё]\w*\s+)(\d{1,3}(?:-\d{1,3})?)\b"),
        "after",
    ),
    # kk: «52-бап», «52-бабы», «Еңбек кодексінің 160-бабына»
    (re.compile(r"(?<![\w-])(\d{1,3}(?:-\d{1,3})?)\s*-?\s*ба[пб]\w*"), "before"),
    # en: «Art. 52», «Article 88»
    (re.compile(r"(?<!\w)(?:art\.|article)\s*(\d{1,3})\b"), "after"),
)


def _article_key(article: object) -> str | None:
    if article is None:
        return None
    text = _normalize(str(article))
    m = re.search(r"\d{1,3}(?:-\d{1,3})?", text)
    return m.group(0) if m else None


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(_normalize(text).replace(":", " ").split())
    return text[:limit]


def _field(citation: object, name: str) -> Any:
    if isinstance(citation, Mapping):
        return citation.get(name)
    return getattr(citation, name, None)


def _check_one(act_id: str | None, act_text: str, article: str | None) -> list[str]:
    if act_id is None:
        return [f"citation:unknown_act:{_short(act_text)}"]
    refs = [r for r in _table().references if r.act.id == act_id]
    if article is None:
        whole = [r for r in refs if r.article is None]
        if whole and not all(r.verified for r in whole):
            return [f"citation:unverified:{act_id}"]
        return []
    match = [r for r in refs if r.article == article]
    if not match and "-" in article:
        first, second = (int(x) for x in article.split("-", 1))
        if second > first:  # a range «164-170»: judged by its first article
            match = [r for r in refs if r.article == str(first)]
        # «40-1» is an article of its own (inserted later), not article 40
    if not match:
        return [f"citation:article_not_in_table:{act_id}:{article}"]
    if not all(r.verified for r in match):
        return [f"citation:unverified:{act_id}:{article}"]
    return []


# A sentence ends at . ! ? ; before a capital letter or a new line; «ст. 52», «п. 2» do not end one.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ«\"“(])|\n+")


def _sentences(text: str) -> Iterable[str]:
    """Normalized sentences of ``text`` (split before normalizing: case marks the ends)."""
    text = unicodedata.normalize("NFKC", text)
    return (_normalize(s) for s in _SENTENCE_END.split(text) if s.strip())


def _claims(text: str) -> set[str]:
    flags: set[str] = set()
    for sentence in _sentences(text):
        for claim in _table().claims:
            if claim.found_in(sentence):
                flags.add(f"claim:known_wrong:{claim.id}")
    return flags


def _is_2007(text: str) -> bool:
    return bool(re.search(r"2007|251-(?:iii|ііі|3)\b", _normalize(text)))


def _scan_text(norm: str) -> set[str]:
    flags: set[str] = set()
    mentions = _act_mentions(norm)
    starts = [x.start for x in mentions]
    ends = [x.end for x in mentions]
    for pattern, prefer in _ARTICLE_RES:
        for m in pattern.finditer(norm):
            article = m.group(1)
            line_start = norm.rfind("\n", 0, m.start()) + 1
            line_end = norm.find("\n", m.end())
            line_end = len(norm) if line_end < 0 else line_end
            nxt = bisect.bisect_left(starts, m.end())
            after = (
                mentions[nxt]
                if nxt < len(mentions) and mentions[nxt].start <= min(m.end() + 80, line_end)
                else None
            )
            prev = bisect.bisect_right(ends, m.start()) - 1
            earlier = mentions[prev] if prev >= 0 else None
            before = (
                earlier
                if earlier is not None
                and earlier.start >= line_start
                and m.start() - earlier.end <= 200
                else None
            )
            nearest = (after or before) if prefer == "after" else (before or after)
            chosen = nearest or earlier
            if chosen is None:
                flags.add(f"citation:no_act:{article}")
                continue
            act_text = re.split(r"[.,;:\n()]", norm[chosen.start : chosen.end + 30])[0]
            if chosen.act_id is not None and _is_2007(
                norm[chosen.start : chosen.end + 60].split("\n")[0]
            ):
                continue  # the repealed 2007 Code: flagged as a claim, its numbers are not ours
            flags.update(_check_one(chosen.act_id, act_text, article))
    return flags


def check_citations(citations: Sequence[object], *, text: str = "") -> list[str]:
    """Risk flags for citations and for the claims in ``text``, sorted.

    ``citations`` are :class:`~unionai_sdk.prompts.Citation` objects (or mappings
    with ``act``/``article``). Flags: ``citation:unknown_act:<act>``,
    ``citation:article_not_in_table:<act_id>:<article>``,
    ``citation:unverified:<act_id>:<article>``, ``citation:no_act:<article>``
    (an article cited in ``text`` without any act) and ``claim:known_wrong:<id>``.
    """
    flags: set[str] = set()
    claim_text: list[str] = []
    for citation in citations:
        act_text = str(_field(citation, "act") or "")
        article = _article_key(_field(citation, "article"))
        claim_text.append(
            " ".join(str(_field(citation, f) or "") for f in ("act", "article", "point", "quote"))
        )
        act_id = find_act(act_text)
        if act_id is not None and _is_2007(act_text):
            flags.add("claim:known_wrong:labour_code_2007")
            continue
        flags.update(_check_one(act_id, act_text, article))
    if text:
        flags.update(_scan_text(_normalize(text)))
        flags.update(_claims(text))
    if claim_text:
        flags.update(_claims("\n".join(claim_text)))
    return sorted(flags)


# --- references for the prompt -----------------------------------------------------

_BASE: dict[str, tuple[tuple[str, str | None], ...]] = {
    "legal_memo": (
        ("labour_code", "159"),
        ("labour_code", "160"),
        ("trade_unions_law", "16"),
        ("supreme_court_2024_1", None),
    ),
    "member_faq": (("labour_code", "159"), ("labour_code", "160"), ("trade_unions_law", "16")),
    "resolution": (("trade_unions_law", "16"), ("labour_code", "156"), ("labour_code", "12")),
}


@cache
def _keyword_re(keyword: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in _normalize(keyword).split()]
    return re.compile(r"(?<!\w)" + r"\w*\s+(?:\w+\s+){0,2}?".join(words))


def _sort_key(ref: LegalReference) -> tuple[int, int, str]:
    order = [a.id for a in _table().acts].index(ref.act.id)
    num = re.match(r"\d+", ref.article or "")
    return (order, int(num.group(0)) if num else -1, ref.article or "")


def relevant_references(kind: str, text: str, *, limit: int = 14) -> list[LegalReference]:
    """Table entries worth giving the model for this kind of document and text.

    Always the procedural basics of the kind (dispute procedure for memos and
    answers, the union's rights for resolutions), then the entries whose
    keywords occur in the text, best matches first, at most ``limit``.
    """
    if kind == "appeal_classification":
        return []
    norm = _normalize(text)
    table = _table().references
    chosen: dict[tuple[str, str | None], LegalReference] = {}
    for act_id, article in _BASE.get(kind, ()):
        for ref in table:
            if ref.act.id == act_id and ref.article == article:
                chosen[(act_id, article)] = ref
    scored: list[tuple[int, LegalReference]] = []
    for ref in table:
        score = sum(
            1
            for k in ref.keywords
            if _normalize(k).split()[0] in norm and _keyword_re(k).search(norm)
        )
        if score:
            scored.append((score, ref))
    scored.sort(key=lambda x: (-x[0], _sort_key(x[1])))
    for _, ref in scored:
        if len(chosen) >= limit:
            break
        chosen.setdefault((ref.act.id, ref.article), ref)
    return sorted(chosen.values(), key=_sort_key)


def references_for_prompt(kind: str, text: str, *, lang: str = "ru") -> str:
    """The relevant entries as a list for the prompt, grouped by act, in ``lang``."""
    refs = relevant_references(kind, text)
    if not refs:
        return "—"
    unverified = "[номер не сверен]" if lang != "kk" else "[нөмірі салыстырылмаған]"
    whole = "без номера статьи" if lang != "kk" else "бап нөмірінсіз"
    lines: list[str] = []
    current: str | None = None
    for ref in refs:
        if ref.act.id != current:
            current = ref.act.id
            lines.append(f"{ref.act.full_title(lang)}:")
        if ref.article is None:
            where = whole
        elif lang == "kk":
            where = f"{ref.article}-бап"
        else:
            where = f"ст. {ref.article}"
        mark = "" if ref.verified or ref.article is None else f" {unverified}"
        lines.append(f"  - {where} — {ref.subject(lang)}{mark}")
    return "\n".join(lines)
