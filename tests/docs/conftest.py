"""Fixtures for the documentation tests.

The documentation's code examples run against a real OpenAI-compatible server
on 127.0.0.1 (``unionai_sdk.testing.OpenAICompatServer``). Its handler answers
like a well-behaved model: it reads which JSON schema the request asks for
(the structured-output system message names it) and returns a valid, realistic
answer in Russian, keeping the placeholders it finds in the request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"

_SCHEMA_NAME = re.compile(r"\(named (\w+)\)")
_SCHEMA_JSON = re.compile(r"\(named \w+\):\s*(\{.*\})\s*$", re.DOTALL)
_PLACEHOLDER = re.compile(r"<(PERSON|ORGANIZATION)_\d+>")

# appeal words -> taxonomy code, for a believable classification
_CATEGORY_WORDS: tuple[tuple[str, str, str], ...] = (
    ("уволь", "dismissal_discipline", "high"),
    ("сокращ", "dismissal_discipline", "high"),
    ("отпуск", "leave_56_days", "medium"),
    ("нагрузк", "workload_tarification", "medium"),
    ("тарификац", "workload_tarification", "medium"),
    ("категор", "pay_category_supplements", "medium"),
    ("зарплат", "pay_category_supplements", "high"),
    ("аттестац", "attestation", "medium"),
    ("отчёт", "unrelated_duties", "low"),
    ("отопл", "labour_safety", "high"),
)


def _all_text(request: dict[str, Any]) -> str:
    return "\n".join(
        m.get("content", "") for m in request.get("messages", []) if isinstance(m, dict)
    )


def _user_text(request: dict[str, Any]) -> str:
    return "\n".join(
        m.get("content", "")
        for m in request.get("messages", [])
        if isinstance(m, dict) and m.get("role") == "user"
    )


def _person(request: dict[str, Any]) -> str:
    found = _PLACEHOLDER.search(_user_text(request))
    return found.group(0) if found else "член профсоюза"


_LABOUR_CODE = "Трудовой кодекс Республики Казахстан"


def _citation(act: str, article: str | None, point: str | None = None) -> dict[str, Any]:
    return {"act": act, "article": article, "point": point, "quote": None}


def _legal_memo(request: dict[str, Any]) -> dict[str, Any]:
    who = _person(request)
    if "сокращ" in _user_text(request).casefold():
        return _dismissal_memo(who)
    return {
        "addressee": "Председателю первичной профсоюзной организации",
        "basis": f"Обращение {who}; рассмотрено обращение с описанием обстоятельств.",
        "questions": ["Правомерно ли увеличение учебной нагрузки без согласия работника?"],
        "facts": f"С 1 сентября работодатель увеличил {who} учебную нагрузку "
        "до 26 часов в неделю без письменного согласия работника.",
        "short_answer": "Нагрузка сверх нормы устанавливается с согласия педагога; "
        "увеличение без согласия работника неправомерно.",
        "applicable_law": [
            _citation("Закон Республики Казахстан «О статусе педагога»", None),
            _citation(_LABOUR_CODE, "159"),
        ],
        "analysis": [
            {
                "question": "Правомерно ли увеличение нагрузки?",
                "norm": "Норма педагогической нагрузки — 16 часов в неделю "
                "(Закон «О статусе педагога»).",
                "facts": "Согласие работника на нагрузку сверх нормы не получено.",
                "conclusion": "Увеличение нагрузки без согласия неправомерно.",
                "procedure_and_deadlines": "Обратиться в согласительную комиссию; "
                "по таким спорам срок — один год.",
            }
        ],
        "conclusions_and_recommendations": [
            {
                "action": "Подать работодателю письменное заявление о несогласии "
                "с увеличением нагрузки.",
                "deadline": "в течение 10 рабочих дней",
                "addressee": "работодатель",
            }
        ],
        "reservations": [
            "Заключение основано только на представленных документах и не является "
            "судебным решением; номера статей должен сверить юрист."
        ],
    }


def _dismissal_memo(who: str) -> dict[str, Any]:
    return {
        "addressee": "Председателю первичной профсоюзной организации",
        "basis": f"Обращение {who}; рассмотрено уведомление о расторжении трудового договора.",
        "questions": ["Правомерно ли расторжение трудового договора по сокращению штата?"],
        "facts": f"Работодатель уведомил {who} о расторжении трудового договора по "
        "сокращению штата менее чем за один месяц; другая работа не предлагалась.",
        "short_answer": "Порядок расторжения нарушен: уведомление вручено менее чем за "
        "один месяц до расторжения.",
        "applicable_law": [
            _citation(_LABOUR_CODE, "52", "1, подп. 2"),
            _citation(_LABOUR_CODE, "53"),
            _citation(_LABOUR_CODE, "159"),
            _citation(_LABOUR_CODE, "160"),
        ],
        "analysis": [
            {
                "question": "Соблюден ли порядок расторжения?",
                "norm": "При сокращении штата работник письменно уведомляется не менее "
                "чем за один месяц.",
                "facts": "Уведомление вручено за две с половиной недели.",
                "conclusion": "Срок уведомления нарушен.",
                "procedure_and_deadlines": "Спор о восстановлении на работе: один месяц "
                "на обращение в согласительную комиссию, затем два месяца на обращение в суд.",
            }
        ],
        "conclusions_and_recommendations": [
            {
                "action": "Обратиться в согласительную комиссию организации.",
                "deadline": "в течение одного месяца со дня вручения приказа",
                "addressee": "согласительная комиссия",
            }
        ],
        "reservations": [
            "Заключение основано только на представленных документах и не является "
            "судебным решением; номера статей должен сверить юрист."
        ],
    }


def _resolution(request: dict[str, Any]) -> dict[str, Any]:
    return {
        "body": "presidium",
        "title": "О ходе подготовки к тарификации педагогов",
        "preamble": "В соответствии с Уставом Профсоюза и отраслевым соглашением",
        "considered": "Заслушав и обсудив информацию правового инспектора труда, "
        "президиум отмечает, что в ряде организаций образования тарификация "
        "проведена с нарушением сроков.",
        "decisions": [
            {
                "text": "Принять информацию к сведению.",
                "responsible": None,
                "deadline": None,
            },
            {
                "text": "Поручить правовому инспектору труда провести проверку "
                "соблюдения порядка тарификации в организациях образования области.",
                "responsible": "правовой инспектор труда",
                "deadline": "до 1 декабря",
            },
        ],
        "control_clause": "Контроль за исполнением настоящего постановления возложить "
        "на заместителя председателя.",
    }


def _faq(request: dict[str, Any]) -> dict[str, Any]:
    return {
        "answer": "Педагогам предоставляется ежегодный оплачиваемый трудовой отпуск "
        "продолжительностью 56 календарных дней.",
        "citations": [_citation("Закон Республики Казахстан «О статусе педагога»", None)],
        "when_to_contact_union": "Если работодатель предоставил отпуск меньшей "
        "продолжительности, обратитесь в первичную профсоюзную организацию.",
    }


def _classification(request: dict[str, Any]) -> dict[str, Any]:
    text = _user_text(request).casefold()
    category, urgency = "other", "low"
    for word, code, level in _CATEGORY_WORDS:
        if word in text:
            category, urgency = code, level
            break
    return {
        "category": category,
        "subcategory": None,
        "urgency": urgency,
        "summary": f"{_person(request)} просит разъяснить свои права.",
        "confidence": 0.8,
    }


_ANSWERS = {
    "LegalMemo": _legal_memo,
    "Resolution": _resolution,
    "FaqAnswer": _faq,
    "AppealClassification": _classification,
}


def model_answer(request: dict[str, Any]) -> str:
    """What a careful model would answer to ``request`` (a chat-completions body)."""
    text = _all_text(request)
    name = _SCHEMA_NAME.search(text)
    if name and name.group(1) in _ANSWERS:
        return json.dumps(_ANSWERS[name.group(1)](request), ensure_ascii=False)
    if "category" in text and "urgency" in text:
        return json.dumps(_classification(request), ensure_ascii=False)
    schema = _SCHEMA_JSON.search(text)
    if schema:
        from unionai_sdk.testing import example_for_schema

        parsed = json.loads(schema.group(1))
        return json.dumps(example_for_schema(parsed, text="текст"), ensure_ascii=False)
    return "Педагогам предоставляется ежегодный отпуск продолжительностью 56 календарных дней."


@pytest.fixture(scope="session")
def llm_server() -> Iterator[Any]:
    """One local model server for the whole documentation run."""
    from unionai_sdk.testing import OpenAICompatServer

    with OpenAICompatServer(model_answer) as server:
        yield server


@pytest.fixture
def docs_env(llm_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working directory and UNIONAI_* settings pointing at the local server."""
    workdir = tmp_path / "work"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    monkeypatch.setenv("UNIONAI_HOME", str(tmp_path / "unionai-home"))
    monkeypatch.setenv("UNIONAI_API_BASE", llm_server.url)
    monkeypatch.setenv("UNIONAI_MODEL", "openai/test-model")
    monkeypatch.setenv("UNIONAI_API_KEY", "sk-test-docs")
    monkeypatch.setenv("UNIONAI_USER", "a.seitova")
    return workdir
