"""Fixtures for the facade: a memo reply that echoes the placeholders it was sent."""

from __future__ import annotations

import json
import re
from typing import Any

PLACEHOLDER = re.compile(r"<[A-Z_]+_\d+>")


def memo_json(messages: list[dict[str, str]], *, extra_placeholder: str | None = None) -> str:
    """A valid LegalMemo answer that mentions every placeholder of the request."""
    sent = " ".join(m["content"] for m in messages if m["role"] == "user")
    placeholders = sorted(set(PLACEHOLDER.findall(sent)))
    people = [p for p in placeholders if p.startswith("<PERSON_")] or ["работник"]
    if extra_placeholder:
        people.append(extra_placeholder)
    memo: dict[str, Any] = {
        "addressee": "Председателю ППО",
        "basis": f"Обращение {people[0]}",
        "questions": ["Правомерно ли увольнение?"],
        "facts": "Работник уведомлён о сокращении: " + ", ".join(placeholders),
        "short_answer": f"Увольнение {', '.join(people)} проведено с нарушением срока уведомления.",
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
                "norm": "Статья 53 Трудового кодекса: предупреждение не менее чем за месяц.",
                "facts": "Предупреждение вручено менее чем за месяц.",
                "conclusion": "Порядок нарушен.",
                "procedure_and_deadlines": "Согласительная комиссия, затем суд.",
            }
        ],
        "conclusions_and_recommendations": [
            {
                "action": "Обратиться в согласительную комиссию",
                "deadline": "в течение месяца",
                "addressee": people[0],
            }
        ],
        "reservations": ["Заключение основано на представленных документах."],
    }
    return json.dumps(memo, ensure_ascii=False)


def faq_json(messages: list[dict[str, str]]) -> str:
    return json.dumps(
        {
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
        },
        ensure_ascii=False,
    )
