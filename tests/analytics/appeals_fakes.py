"""Stand-ins and synthetic inputs for the analytics tests (synthetic people only)."""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# keyword -> category; the first match wins (order matters)
KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("dismissal_discipline", ("уволь", "увольн", "выговор", "сокращени", "жұмыстан")),
    ("attestation", ("аттестац", "аттестатта")),
    ("leave_56_days", ("отпуск", "демалыс", "оздоровительн")),
    ("pay_category_supplements", ("надбавк", "зарплат", "заработн", "категори", "еңбекақы")),
    ("workload_tarification", ("нагрузк", "тарификац", "часов", "жүктеме")),
    ("unrelated_duties", ("отчёт", "отчет", "несвойствен", "дежурств", "выходн")),
    ("labour_safety", ("охран", "отоплен", "травм", "холодн")),
    ("collective_agreement_social", ("коллективн", "материальн", "помощ", "путёвк")),
    ("disputes", ("суд", "комисси", "инспекц", "спор")),
)

PLACEHOLDER = re.compile(r"<[A-Z_]+_\d+>")


def classify_text(text: str) -> dict[str, Any]:
    """A plausible classification of an (anonymized) appeal by keywords."""
    low = text.lower()
    category = next((code for code, words in KEYWORDS if any(w in low for w in words)), "other")
    urgency = "high" if category in ("dismissal_discipline", "disputes") else "medium"
    people = PLACEHOLDER.findall(text)
    who = people[0] if people else "Член профсоюза"
    return {
        "category": category,
        "subcategory": None,
        "urgency": urgency,
        "summary": f"{who} обращается по вопросу: {category}.",
        "confidence": 0.8,
    }


def appeal_from_messages(messages: Sequence[Mapping[str, Any]]) -> str:
    """The appeal text: the first user message, without the prompt's markers."""
    content = next(str(m.get("content", "")) for m in messages if m.get("role") == "user")
    inner = re.search(r"<<<(?:MEMBER_TEXT)?\n?(.*?)\n?(?:MEMBER_TEXT)?>>>", content, re.DOTALL)
    return inner.group(1) if inner else content


def server_handler(request: dict[str, Any]) -> str:
    """OpenAICompatServer handler answering with JSON classifications."""
    return json.dumps(classify_text(appeal_from_messages(request["messages"])), ensure_ascii=False)


# --- stand-ins injected through parameters ------------------------------------------


@dataclass
class _Resp:
    model: str


@dataclass
class _Structured:
    output: Any
    response: _Resp
    attempts: int = 1


class StandInLLM:
    """Implements the ``acomplete_structured`` part of LLMClient in-process."""

    def __init__(
        self,
        model: str = "stand-in/model",
        *,
        answer: Callable[[str], dict[str, Any] | BaseException] | None = None,
        delay: float = 0.0,
    ) -> None:
        self._model = model
        self.answer = answer or classify_text
        self.delay = delay
        self.sent: list[list[dict[str, str]]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()

    @property
    def model(self) -> str:
        return self._model

    async def acomplete_structured(
        self, messages: Sequence[dict[str, str]], schema: Any, *, max_repairs: int = 2
    ) -> _Structured:
        with self._lock:
            self.sent.append([dict(m) for m in messages])
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            result = self.answer(appeal_from_messages(messages))
            if isinstance(result, BaseException):
                raise result
            return _Structured(schema.model_validate(result), _Resp(self._model))
        finally:
            with self._lock:
                self.in_flight -= 1


@dataclass
class _Masked:
    text: str
    vault: dict[str, str]


@dataclass
class StandInAnonymizer:
    """Masks IINs, phones and the given names; one dict vault across calls."""

    names: tuple[str, ...] = ()
    calls: int = 0
    _patterns: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._patterns = [
            ("KZ_IIN", re.compile(r"\b\d{12}\b")),
            ("PHONE_NUMBER", re.compile(r"\+7[\d\s\-()]{10,16}\d")),
        ]
        if self.names:
            alt = "|".join(re.escape(n) for n in sorted(self.names, key=len, reverse=True))
            self._patterns.append(("PERSON", re.compile(alt)))

    def anonymize(self, text: str, vault: dict[str, str] | None = None) -> _Masked:
        self.calls += 1
        vault = {} if vault is None else vault
        for kind, pattern in self._patterns:

            def repl(m: re.Match[str], kind: str = kind) -> str:
                value = m.group(0)
                for ph, orig in vault.items():
                    if orig == value:
                        return ph
                n = sum(1 for ph in vault if ph.startswith(f"<{kind}_")) + 1
                ph = f"<{kind}_{n}>"
                vault[ph] = value
                return ph

            text = pattern.sub(repl, text)
        return _Masked(text, vault)


# --- synthetic appeals ---------------------------------------------------------------

NAMES = ("Айгерим Садыкова", "Ерлан Жумабаев", "Марина Ковалёва", "Нурлан Ахметов")
IINS = ("850412300125", "900101400211", "780705300310")  # valid checksums
PHONES = ("+7 701 555 12 34", "+7 747 123 45 67")

TEMPLATES = (
    "Меня, {name}, ИИН {iin}, хотят уволить по сокращению штатов. Телефон {phone}.",
    "Учитель {name} просит проверить нагрузку: 24 часов в неделю без оплаты. {phone}",
    "Мне не дали отпуск 56 дней, пишет {name}, ИИН {iin}.",
    "{name}: не выплачивают надбавку за категорию эксперт третий месяц.",
    "Прошу разъяснить порядок аттестации. {name}, тел. {phone}.",
    "Директор заставляет писать отчёты и дежурить в выходные. {name}",
    "В кабинете нет отопления, холодно. Обращается {name}, ИИН {iin}.",
    "Как получить материальную помощь по коллективному договору? {name}",
    "Куда обратиться, если комиссия не рассматривает спор? {name}, {phone}",
    "Хочу узнать график собраний. {name}",
)


def make_appeals(n: int) -> list[str]:
    return [
        TEMPLATES[i % len(TEMPLATES)].format(
            name=NAMES[i % len(NAMES)], iin=IINS[i % len(IINS)], phone=PHONES[i % len(PHONES)]
        )
        + f" (№{i})"
        for i in range(n)
    ]


PII = (*NAMES, *IINS, *PHONES, *(n.split()[1] for n in NAMES))


class HttpStandInLLM:
    """Real HTTP requests to an OpenAI-compatible server with the standard library only.

    For subprocess tests that must start fast (no litellm import); the server
    still sees, and counts, every request.
    """

    def __init__(self, api_base: str, model: str = "test-model") -> None:
        self.api_base = api_base.rstrip("/")
        self._model = model

    @property
    def model(self) -> str:
        return self._model

    def _post(self, messages: Sequence[dict[str, str]]) -> str:
        import urllib.request

        body = json.dumps({"model": self._model, "messages": list(messages)}).encode()
        request = urllib.request.Request(
            f"{self.api_base}/chat/completions",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return str(json.loads(response.read())["choices"][0]["message"]["content"])

    async def acomplete_structured(
        self, messages: Sequence[dict[str, str]], schema: Any, *, max_repairs: int = 2
    ) -> _Structured:
        text = await asyncio.to_thread(self._post, messages)
        return _Structured(schema.model_validate_json(text), _Resp(self._model))
