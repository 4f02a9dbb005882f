"""Shared pieces of the adversarial suite (and of benchmarks/adversarial_report.py).

* generated documents with obfuscated personal data and the list of values
  that must never reach a provider (:func:`obfuscated_doc`);
* the leak oracle over the bytes an :class:`OpenAICompatServer` received
  (:func:`find_leaks`);
* scripted provider handlers that answer with valid JSON for the schema the
  facade asked for (:func:`schema_reply`);
* facade wiring against a real HTTP server (:func:`make_facade`).

Everything here is synthetic; no real person's data is used.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unionai_sdk import synthetic as syn

# --- obfuscation ---------------------------------------------------------------

ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
# Cyrillic letters and their Latin twins (both directions are used by attackers)
_CYR_TO_LAT = {
    "а": "a",
    "е": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "х": "x",
    "у": "y",
    "і": "i",
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "Х": "X",
    "І": "I",
}
_LAT_TO_CYR = {v: k for k, v in _CYR_TO_LAT.items()} | {
    "k": "к",
    "m": "м",
    "t": "т",
    "h": "н",
    "b": "в",
    "y": "у",
}
_FULLWIDTH = {str(d): chr(0xFF10 + d) for d in range(10)}

DIGIT_TYPES = (
    "KZ_IIN",
    "KZ_BIN",
    "PHONE_NUMBER",
    "PAYMENT_CARD",
    "KZ_ID_CARD",
)
ALNUM_TYPES = ("KZ_IBAN", "KZ_PASSPORT")
# types the default profile must mask; ORGANIZATION/LOCATION are kept by design
MASKED_TYPES = (
    "KZ_IIN",
    "KZ_BIN",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "KZ_IBAN",
    "PAYMENT_CARD",
    "KZ_ID_CARD",
    "KZ_PASSPORT",
    "DATE_OF_BIRTH",
    "ADDRESS",
    "PERSON",
)

OBFUSCATIONS = ("plain", "zero_width", "lookalike", "separators", "fullwidth", "mixed")


def zero_width(text: str, rng: random.Random) -> str:
    """Hide 1-3 zero-width characters (or a soft hyphen) inside ``text``."""
    if len(text) < 2:
        return text
    chars = list(text)
    for _ in range(rng.randint(1, 3)):
        pos = rng.randint(1, len(chars) - 1)
        chars.insert(pos, rng.choice(ZERO_WIDTH))
    return "".join(chars)


def lookalike(text: str, rng: random.Random) -> str:
    """Swap about half of the Cyrillic letters with Latin twins (and vice versa)."""
    out = []
    for ch in text:
        if ch in _CYR_TO_LAT and rng.random() < 0.5:
            out.append(_CYR_TO_LAT[ch])
        elif ch in _LAT_TO_CYR and rng.random() < 0.3:
            out.append(_LAT_TO_CYR[ch])
        else:
            out.append(ch)
    return "".join(out)


def regroup(text: str, rng: random.Random) -> str:
    """Write the digits (and letters) of an identifier in other groups and separators."""
    chars = [c for c in text if c.isalnum()]
    lead_plus = text.lstrip().startswith("+")
    sep = rng.choice((" ", "-", ".", " - ", "  ", "/"))
    size = rng.choice((2, 3, 4, 6))
    groups = ["".join(chars[i : i + size]) for i in range(0, len(chars), size)]
    return ("+" if lead_plus else "") + sep.join(groups)


def fullwidth(text: str, rng: random.Random) -> str:
    """Full-width digits (NFKC folds them back)."""
    return "".join(_FULLWIDTH.get(c, c) if rng.random() < 0.7 else c for c in text)


def obfuscate(entity_type: str, value: str, how: str, rng: random.Random) -> str:
    if how == "plain":
        return value
    if how == "zero_width":
        return zero_width(value, rng)
    if how == "lookalike":
        return lookalike(value, rng)
    if how == "separators":
        return regroup(value, rng) if entity_type in DIGIT_TYPES + ALNUM_TYPES else value
    if how == "fullwidth":
        return fullwidth(value, rng)
    if how == "mixed":
        if entity_type in DIGIT_TYPES + ALNUM_TYPES:
            return zero_width(regroup(value, rng), rng)
        return zero_width(lookalike(value, rng), rng)
    raise ValueError(how)


def allowed_obfuscations(entity_type: str) -> tuple[str, ...]:
    if entity_type in DIGIT_TYPES:
        return ("plain", "zero_width", "separators", "fullwidth", "mixed")
    if entity_type in ALNUM_TYPES:
        return ("plain", "zero_width", "separators", "lookalike", "mixed")
    if entity_type in ("PERSON", "EMAIL_ADDRESS", "ADDRESS"):
        return ("plain", "zero_width", "lookalike", "mixed")
    return ("plain", "zero_width")


@dataclass
class Secret:
    """One generated value that must not reach the provider."""

    entity_type: str
    original: str  # as generated
    written: str  # as written into the document (after obfuscation)
    obfuscation: str


@dataclass
class AdvDoc:
    text: str
    lang: str
    kind: str
    secrets: list[Secret] = field(default_factory=list)
    # the document text with every personal-data span removed (for ambiguity checks)
    residue: str = ""


def obfuscated_doc(seed: int, *, obfuscate_share: float = 0.6) -> AdvDoc:
    """A synthetic document whose personal-data spans are obfuscated at random.

    ``obfuscate_share`` of the spans get one of the obfuscations allowed for
    their type; the rest stay as generated.
    """
    rng = random.Random(seed)
    kind = rng.choice(syn.DOC_KINDS)
    lang = rng.choice(("ru", "ru", "kk", "mixed"))
    doc = syn.generate_doc(rng, kind, lang)
    pieces: list[str] = []
    residue: list[str] = []
    secrets: list[Secret] = []
    pos = 0
    for start, end, entity_type in sorted(doc.spans):
        if start < pos:
            continue  # overlapping gold spans: keep the first
        pieces.append(doc.text[pos:start])
        residue.append(doc.text[pos:start])
        value = doc.text[start:end]
        if entity_type in MASKED_TYPES:
            how = "plain"
            if rng.random() < obfuscate_share:
                how = rng.choice(allowed_obfuscations(entity_type)[1:])
            written = obfuscate(entity_type, value, how, rng)
            secrets.append(Secret(entity_type, value, written, how))
        else:
            written = value
        pieces.append(written)
        # kept types (cities, organizations) stay in the residue: "Петропавловск" is
        # sent by design and must not make the stem of "Петровой" count as a leak
        residue.append(" " if entity_type in MASKED_TYPES else value)
        pos = end
    pieces.append(doc.text[pos:])
    residue.append(doc.text[pos:])
    return AdvDoc("".join(pieces), doc.lang, kind, secrets, "".join(residue))


# fragments hostile input is built from: identifiers, placeholders and their mangled
# forms, template syntax, invisible and invalid characters (fuzz tests and the report)
HOSTILE_PIECES: tuple[str, ...] = (
    "ИИН ",
    "850312401235",
    "+7 701 555 12 34",
    "KZ86125KZT5004100100",
    "<PERSON_1>",
    "[PERSON_2]",
    "<Person_1>",
    "«PERSON_1»",
    "{{",
    "}}",
    "\u200b",
    "\ufeff",
    "\u202e",
    "Жумабаева",
    "Айгерим",
    "Сериковна",
    "ұлы",
    "қызы",
    " ",
    "\n",
    ".",
    "@mail.ru",
    "8-701-",
    "\x00",
    "\ud800",
    "𝔘",
    "ё",
    "Ё",
)

# --- the leak oracle -----------------------------------------------------------

INVISIBLE_RE = re.compile("[\u00ad\u034f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# separators an attacker (or a sloppy anonymizer) may leave between the characters
SEP = r"(?:[\s\-.()/_,:\u00ad\u034f\u180e\u200b-\u200f\u2060-\u2064\ufeff]|\\u[0-9a-fA-F]{4})*"
_KK_TO_RU = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІё", "агкноуухиАГКНОУУХИе")
_FOLD = str.maketrans(
    _LAT_TO_CYR | {"k": "к", "m": "м", "t": "т", "h": "н", "b": "в", "y": "у", "i": "и"}
)


def fold(text: str) -> str:
    """NFKC, invisible characters out, casefold, Latin look-alikes -> Cyrillic,
    Kazakh letters -> Russian spelling, ё -> е."""
    text = unicodedata.normalize("NFKC", text)
    text = INVISIBLE_RE.sub("", text).casefold()
    text = text.translate(_KK_TO_RU).translate(_FOLD)
    return text.translate(_KK_TO_RU)


def body_strings(raw: bytes) -> str:
    """Every string in a JSON request body, joined (the raw bytes when not JSON)."""
    try:
        parsed = json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, dict):
            for k, v in node.items():
                out.append(str(k))
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif node is not None:
            out.append(str(node))

    walk(parsed)
    return "\n".join(out)


def _chars_pattern(chars: str) -> re.Pattern[str]:
    return re.compile(SEP.join(re.escape(c) for c in chars), re.IGNORECASE)


def _alnum(value: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", value) if c.isalnum())


def identifier_targets(secret: Secret) -> list[str]:
    """The character strings whose presence (separators allowed) means a leak."""
    t = secret.entity_type
    value = unicodedata.normalize("NFKC", secret.original)
    if t in DIGIT_TYPES:
        digits = "".join(c for c in value if c.isdigit())
        if t == "PHONE_NUMBER":
            national = digits[1:] if len(digits) == 11 and digits[0] in "78" else digits
            return [national, national[-7:]]
        return [digits]
    if t == "KZ_IBAN":
        alnum = _alnum(value).upper()
        return [alnum[4:]]  # the BBAN: bank code and account
    if t == "KZ_PASSPORT":
        return [_alnum(value)]
    if t == "DATE_OF_BIRTH":
        digits = "".join(c for c in value if c.isdigit())
        return [digits] if len(digits) >= 6 else []
    return []


def name_stems(secret: Secret) -> list[str]:
    """Folded 5-letter stems of the words (>= 6 letters) of a PERSON/EMAIL/ADDRESS value."""
    if secret.entity_type == "EMAIL_ADDRESS":
        local = fold(secret.original).split("@", 1)[0]
        return [local] if len(local) >= 5 else []
    words = re.findall(r"[^\W\d_]+", fold(secret.original))
    return [w[:5] for w in words if len(w) >= 6]


def _word_start(stem: str) -> re.Pattern[str]:
    return re.compile(r"(?<![^\W\d_])" + re.escape(stem))


@dataclass
class LeakReport:
    leaked: list[tuple[Secret, str]] = field(default_factory=list)  # (secret, target)
    ambiguous: int = 0  # stems or digits that also occur outside personal data or in the template


def find_leaks(
    raw_bodies: Iterable[bytes],
    secrets: Iterable[Secret],
    *,
    residue: str = "",
    baseline: str = "",
) -> LeakReport:
    """Which ``secrets`` can be found in the bytes the provider received.

    Identifiers: their digit/alphanumeric string, with any separators, invisible
    characters or JSON escapes between the characters, in the NFKC-folded body
    (ambiguous when the same string occurs in ``residue`` or ``baseline``).
    Names, e-mails, addresses: folded stems at a word start (look-alikes, Kazakh
    letters, case and invisible characters folded); a stem that also occurs in
    ``residue`` (the input without its personal data) or ``baseline`` (the
    template alone) cannot be attributed and is counted as ambiguous.
    """
    raws = list(raw_bodies)
    decoded = "\n".join(body_strings(r) for r in raws)
    nfkc = INVISIBLE_RE.sub("", unicodedata.normalize("NFKC", decoded))
    raw_text = "\n".join(r.decode("utf-8", "replace") for r in raws)
    folded = fold(decoded)
    folded_context = fold(residue) + "\n" + fold(baseline)
    nfkc_context = INVISIBLE_RE.sub("", unicodedata.normalize("NFKC", residue + "\n" + baseline))
    report = LeakReport()
    for secret in secrets:
        targets = identifier_targets(secret)
        if targets:
            for target in targets:
                pattern = _chars_pattern(target)
                if pattern.search(nfkc) or pattern.search(raw_text):
                    if pattern.search(nfkc_context):
                        # the same digits occur outside personal data: a phone's last
                        # seven digits "2511202" in the date "25.11.2025"
                        report.ambiguous += 1
                        continue
                    report.leaked.append((secret, target))
                    break
            continue
        if secret.entity_type == "DATE_OF_BIRTH" or secret.entity_type == "ADDRESS":
            exact = fold(secret.original)
            if len(exact) >= 6 and exact in folded:
                report.leaked.append((secret, exact))
            continue  # street words ("улица", "дом") are not names: exact match only
        for stem in name_stems(secret):
            pattern = _word_start(stem)
            if pattern.search(folded):
                if pattern.search(folded_context):
                    report.ambiguous += 1
                    continue
                report.leaked.append((secret, stem))
                break
    return report


# --- scripted provider answers -------------------------------------------------

PLACEHOLDER = re.compile(r"<[A-Z_]+_\d+>")


def _user_text(messages: list[dict[str, Any]]) -> str:
    return " ".join(
        str(m.get("content") or "")
        for m in messages
        if isinstance(m, dict) and m.get("role") == "user"
    )


def memo_dict(placeholders: list[str], *, person: str | None = None) -> dict[str, Any]:
    people = [p for p in placeholders if p.startswith("<PERSON_")] or ["работник"]
    who = person or people[0]
    return {
        "addressee": "Председателю ППО",
        "basis": f"Обращение {who}",
        "questions": ["Правомерно ли увольнение?"],
        "facts": "Обстоятельства: " + (", ".join(placeholders) or "без персональных данных"),
        "short_answer": f"Увольнение {who} проведено с нарушением срока уведомления.",
        "applicable_law": [
            {
                "act": "Трудовой кодекс Республики Казахстан",
                "article": "53",
                "point": None,
                "quote": None,
            }
        ],
        "analysis": [
            {
                "question": "Правомерно ли увольнение?",
                "norm": "Статья 53 Трудового кодекса.",
                "facts": "Предупреждение вручено менее чем за месяц.",
                "conclusion": "Порядок нарушен.",
                "procedure_and_deadlines": "Согласительная комиссия, затем суд.",
            }
        ],
        "conclusions_and_recommendations": [
            {
                "action": "Обратиться в согласительную комиссию",
                "deadline": "в течение месяца",
                "addressee": who,
            }
        ],
        "reservations": ["Заключение основано на представленных документах."],
    }


def faq_dict() -> dict[str, Any]:
    return {
        "answer": "Ежегодный оплачиваемый отпуск педагога составляет 56 календарных дней.",
        "citations": [
            {
                "act": "Закон Республики Казахстан «О статусе педагога»",
                "article": None,
                "point": None,
                "quote": None,
            }
        ],
        "when_to_contact_union": "Если работодатель отказывает в отпуске.",
    }


def resolution_dict() -> dict[str, Any]:
    return {
        "body": "presidium",
        "title": "О ходе коллективных переговоров",
        "preamble": "Рассмотрев информацию, президиум",
        "considered": "Заслушав и обсудив информацию, отмечает, что переговоры идут.",
        "decisions": [
            {"text": "Принять информацию к сведению.", "responsible": None, "deadline": None}
        ],
        "control_clause": (
            "Контроль за исполнением настоящего постановления возложить на председателя."
        ),
    }


def schema_reply(request: dict[str, Any], *, person: str | None = None) -> str:
    """A valid JSON answer for whatever document the request asks for."""
    messages = request.get("messages") or []
    text = " ".join(str(m.get("content") or "") for m in messages if isinstance(m, dict))
    placeholders = sorted(set(PLACEHOLDER.findall(_user_text(messages))))
    if "when_to_contact_union" in text:
        return json.dumps(faq_dict(), ensure_ascii=False)
    if "control_clause" in text:
        return json.dumps(resolution_dict(), ensure_ascii=False)
    return json.dumps(memo_dict(placeholders, person=person), ensure_ascii=False)


def memo_with_person(person: str) -> Any:
    """A handler whose memo names ``person`` (a mangled or invented placeholder)."""

    def handler(request: dict[str, Any]) -> str:
        return schema_reply(request, person=person)

    return handler


# --- facade wiring ---------------------------------------------------------------

LAWYER_ID = "adv.lawyer"


def fast_retry_client(
    url: str, *, max_retries: int = 2, timeout: float = 5.0, **kwargs: Any
) -> Any:
    """An LLMClient against ``url`` (real HTTP through litellm) that never sleeps long."""
    from unionai_sdk.llm import LLMClient, RetryPolicy

    return LLMClient(
        "openai/test-model",
        api_base=url,
        api_key="x",
        max_retries=max_retries,
        timeout=timeout,
        retry_policy=RetryPolicy(base_delay=0.0, max_delay=0.0, max_retry_after=0.05),
        **kwargs,
    )


def make_facade(
    tmp_path: Path,
    llm: Any,
    *,
    anonymizer: Any = None,
    user: Any = None,
    audit: Any = None,
    **kwargs: Any,
) -> Any:
    import unionai_sdk as ua
    from unionai_sdk.audit import MemoryAuditSink

    sink = audit if audit is not None else MemoryAuditSink()
    gate = ua.ReviewGate(f"sqlite:///{tmp_path / 'adv_reviews.db'}", audit=sink)
    user = user or ua.User(LAWYER_ID, "Адв Юрист", roles={"lawyer"})
    return ua.UnionAI(user=user, llm=llm, review=gate, audit=sink, anonymizer=anonymizer, **kwargs)


def chunked(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# --- the leak run (shared by the CI test and the benchmark) -----------------------


@dataclass
class LeakStats:
    documents: int = 0
    sent: int = 0  # documents whose request reached the provider
    blocked_docs: int = 0  # refused by the facade ("identifiers remained"): nothing sent
    total: dict[str, int] = field(default_factory=dict)  # values per type that were sent
    leaked: dict[str, int] = field(default_factory=dict)
    blocked: dict[str, int] = field(default_factory=dict)  # values per type in blocked docs
    by_obfuscation: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # [sent, leaked]
    ambiguous: int = 0
    examples: list[tuple[int, str, str, str]] = field(
        default_factory=list
    )  # seed, type, obf, target

    def add(self, table: dict[str, int], key: str, n: int = 1) -> None:
        table[key] = table.get(key, 0) + n

    def leaked_of(self, types: Iterable[str], obfuscations: Iterable[str] | None = None) -> int:
        obfs = set(obfuscations) if obfuscations is not None else None
        return sum(
            v[1]
            for (t, o), v in self.by_obfuscation.items()
            if t in set(types) and (obfs is None or o in obfs)
        )

    def sent_of(self, types: Iterable[str], obfuscations: Iterable[str] | None = None) -> int:
        obfs = set(obfuscations) if obfuscations is not None else None
        return sum(
            v[0]
            for (t, o), v in self.by_obfuscation.items()
            if t in set(types) and (obfs is None or o in obfs)
        )


def baseline_text(ai: Any, server: Any) -> str:
    """The provider-bound text for a document without personal data (both languages)."""
    before = len(server.raw_bodies)
    for lang in ("ru", "kk"):
        ai.legal_memo(facts="Работника уволили без уведомления.", question="Законно ли?", lang=lang)
    return "\n".join(body_strings(r) for r in server.raw_bodies[before:])


def run_leak_docs(
    ai: Any,
    server: Any,
    docs: Iterable[tuple[int, AdvDoc]],
    *,
    baseline: str,
    stats: LeakStats | None = None,
) -> LeakStats:
    """Send each document through ``ai.legal_memo`` and check what the server got."""
    from unionai_sdk.exceptions import AnonymizationError

    stats = stats or LeakStats()
    for seed, doc in docs:
        stats.documents += 1
        before = len(server.raw_bodies)
        lang = "kk" if doc.lang == "kk" else "ru"
        try:
            ai.legal_memo(facts=doc.text, question="Правомерно ли увольнение?", lang=lang)
        except AnonymizationError:
            stats.blocked_docs += 1
            for s in doc.secrets:
                stats.add(stats.blocked, s.entity_type)
            assert len(server.raw_bodies) == before, "a blocked document reached the provider"
            continue
        stats.sent += 1
        report = find_leaks(
            server.raw_bodies[before:], doc.secrets, residue=doc.residue, baseline=baseline
        )
        stats.ambiguous += report.ambiguous
        leaked_ids = {id(s) for s, _ in report.leaked}
        for s in doc.secrets:
            stats.add(stats.total, s.entity_type)
            cell = stats.by_obfuscation.setdefault((s.entity_type, s.obfuscation), [0, 0])
            cell[0] += 1
            if id(s) in leaked_ids:
                cell[1] += 1
                stats.add(stats.leaked, s.entity_type)
        for s, target in report.leaked:
            if len(stats.examples) < 200:
                stats.examples.append((seed, s.entity_type, s.obfuscation, target))
    return stats


# --- concurrency: many processes deciding on the same drafts ----------------------

RACE_WORKER = Path(__file__).with_name("adv_race_worker.py")
_EVENT_OF_OP = {
    "approve": "approved",
    "edit": "edited",
    "reject": "rejected",
    "changes": "changes_requested",
    "release": "released",
}


@dataclass
class RaceResult:
    rows: list[dict[str, Any]]
    problems: list[str]
    results: dict[str, int]  # result name -> count
    ops: dict[str, int]  # successful operations by kind
    final_status: dict[str, int]
    drafts: int
    events: int
    seconds: float


def seed_drafts(gate: Any, n: int) -> list[str]:
    """``n`` pending drafts by one author: alternating member_faq (1 approval) and
    resolution (2 approvals)."""
    from unionai_sdk.policy import User

    author = User("adv.author", "adv.author", ("lawyer", "staff", "chair"))
    ids = []
    for i in range(n):
        kind = "member_faq" if i % 2 == 0 else "resolution"
        ids.append(
            gate.submit(f"Проект {i}: <PERSON_1> просит ответа.", kind=kind, author=author).id
        )
    return ids


def run_race(
    url: str, *, procs: int, ops: int, drafts: int, seed: int, workdir: Path
) -> RaceResult:
    import secrets
    import subprocess
    import sys
    import time
    from collections import Counter

    from unionai_sdk.review import ReviewGate

    gate = ReviewGate(url)
    try:
        ids = seed_drafts(gate, drafts)
    finally:
        gate.close()
    go = workdir / f"go-{seed}-{secrets.token_hex(4)}"
    env = dict(__import__("os").environ.items())
    children = [
        subprocess.Popen(
            [
                sys.executable,
                str(RACE_WORKER),
                url,
                str(w),
                str(ops),
                str(seed),
                str(go),
                ",".join(ids),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for w in range(procs)
    ]
    for child in children:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        if line != "ready":
            _, err = child.communicate(timeout=60)
            raise AssertionError(f"race worker did not start: {line!r} {err[-2000:]}")
    started = time.monotonic()
    go.write_text("go")
    rows: list[dict[str, Any]] = []
    for child in children:
        out, err = child.communicate(timeout=600)
        if child.returncode != 0:
            raise AssertionError(f"race worker failed ({child.returncode}): {err[-2000:]}")
        mine = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
        if len(mine) != ops or not out.rstrip().endswith("done"):
            odd = [line for line in out.splitlines() if not line.startswith("{")]
            raise AssertionError(
                f"race worker reported {len(mine)} of {ops} operations; other output {odd[:5]!r}; "
                f"stderr {err[-2000:]}"
            )
        rows.extend(mine)
    seconds = time.monotonic() - started
    gate = ReviewGate(url)
    try:
        problems, events, final = check_race(gate, ids, rows)
    finally:
        gate.close()
    results = Counter(str(r["result"]) for r in rows)
    ok_ops = Counter(str(r["op"]) for r in rows if r["result"] == "ok")
    return RaceResult(rows, problems, dict(results), dict(ok_ops), final, len(ids), events, seconds)


def check_race(
    gate: Any, ids: list[str], rows: list[dict[str, Any]]
) -> tuple[list[str], int, dict[str, int]]:
    """Replay every draft's history and compare it with what the workers were told."""
    from collections import Counter

    from unionai_sdk.policy import Policy, User

    policy = Policy()
    problems: list[str] = []
    n_events = 0
    final: Counter[str] = Counter()
    for draft_id in ids:
        history = gate.history(draft_id)
        n_events += len(history)
        draft = gate.get(draft_id)
        required = policy.approval_rule(draft.kind).count
        tag = f"{draft_id[-6:]}({draft.kind})"
        if not history or history[0].event != "submitted":
            problems.append(f"{tag}: history does not start with submitted")
            continue
        status, revision = "pending", 1
        author = history[0].actor.id if history[0].actor else None
        editor = author
        approvals: set[str] = set()
        terminal_per_revision: Counter[int] = Counter()
        ended = False
        for e in history[1:]:
            ev, actor = str(e.event), e.actor.id if e.actor else None
            if ended:
                problems.append(f"{tag}: {ev} after the draft ended")
                continue
            if ev == "approved":
                if status != "pending" or e.revision != revision:
                    problems.append(f"{tag}: approval of r{e.revision} while {status} r{revision}")
                if actor in (author, editor):
                    problems.append(f"{tag}: self-approval by {actor} (author/editor)")
                if actor in approvals:
                    problems.append(f"{tag}: {actor} approved r{revision} twice")
                if e.actor is not None and not policy.may_approve(
                    User(e.actor.id, roles=e.actor.roles), draft.kind
                ):
                    problems.append(f"{tag}: {actor} approved without the role")
                approvals.add(str(actor))
                if len(approvals) >= required:
                    status = "approved"
            elif ev == "edited":
                if status not in ("pending", "approved", "changes_requested"):
                    problems.append(f"{tag}: edit while {status}")
                if e.revision != revision + 1:
                    problems.append(f"{tag}: edit made r{e.revision} after r{revision}")
                revision, approvals, editor, status = e.revision, set(), actor, "pending"
            elif ev in ("rejected", "changes_requested"):
                if status != "pending" or e.revision != revision:
                    problems.append(f"{tag}: {ev} of r{e.revision} while {status} r{revision}")
                terminal_per_revision[e.revision] += 1
                status = ev
                ended = ev == "rejected"
            elif ev == "released":
                if status != "approved" or e.revision != revision:
                    problems.append(f"{tag}: release of r{e.revision} while {status} r{revision}")
                if len(approvals - {author, editor}) < required:
                    problems.append(f"{tag}: released r{revision} with {len(approvals)}/{required}")
                terminal_per_revision[e.revision] += 1
                status, ended = "released", True
            elif ev == "expired":
                status, ended = "expired", True
        for rev, count in terminal_per_revision.items():
            if count > 1:
                problems.append(f"{tag}: {count} terminal decisions on r{rev}")
        if str(draft.status) != status or draft.revision != revision:
            problems.append(
                f"{tag}: stored {draft.status} r{draft.revision}, history says {status} r{revision}"
            )
        if len(draft.approvals) != len(approvals):
            problems.append(
                f"{tag}: stored {len(draft.approvals)} approvals, history {len(approvals)}"
            )
        final[status] += 1
        # no lost updates: every success the workers were told about is in the history once
        told = Counter(
            (_EVENT_OF_OP[str(r["op"])], str(r["user"]), int(r["revision"]))
            for r in rows
            if r["draft"] == draft_id and r["result"] == "ok"
        )
        recorded = Counter(
            (str(e.event), e.actor.id if e.actor else "", e.revision)
            for e in history[1:]
            if e.event != "expired"
        )
        if told != recorded:
            problems.append(
                f"{tag}: workers were told {sorted((told - recorded).elements())} "
                f"but history has extra {sorted((recorded - told).elements())}"
            )
        for r in rows:
            if r["draft"] == draft_id and r["op"] == "release" and r["result"] == "ok":
                approvers = set(r.get("approvers") or ())
                if len(approvers) < required or approvers & {author}:
                    problems.append(f"{tag}: released with approvers {sorted(approvers)}")
    return problems, n_events, dict(final)


# --- one big text in a subprocess (peak RSS) -----------------------------------------

BIG_CHILD = __import__("textwrap").dedent(
    """
    import json, resource, sys
    sys.path.insert(0, sys.argv[2])
    import adv_helpers as h
    import unionai_sdk as ua
    size = int(sys.argv[1])
    iin = "850312401235"
    parts, n, seed = [], 0, 0
    while n < size:
        t = h.obfuscated_doc(seed, obfuscate_share=0.0).text + "\\n"
        parts.append(t); n += len(t); seed += 1
    text = "".join(parts)[:size]
    # identifiers around every 50 000-character chunk boundary
    for cut in range(50_000, size, 50_000):
        for off in (-700, -350, -40, -6, 0, 6, 300):
            pos = cut + off
            text = text[:pos] + f" ИИН {iin} " + text[pos:]
    text = text[:size]
    anon = ua.Anonymizer().load()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = anon.anonymize(text)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"chars": len(text), "iin_left": out.text.count(iin),
                      "iin_in": text.count(iin), "before_kb": before, "peak_kb": peak}))
    """
)


def run_big(size: int) -> dict[str, Any]:
    """Anonymize one ``size``-character text in a fresh process; time and peak RSS figures."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", BIG_CHILD, str(size), str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        timeout=3600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))
