"""Quick start: anonymize an appeal, see what would be sent, draft a FAQ answer.

Run with a model configured, e.g.::

    UNIONAI_MODEL=openai/gpt-4o-mini OPENAI_API_KEY=... python examples/quickstart.py
    UNIONAI_MODEL=ollama/llama3 python examples/quickstart.py

Without UNIONAI_MODEL the script stops after the preview (nothing is sent).
"""

from __future__ import annotations

import os

import unionai_sdk as ua

APPEAL = (
    "Здравствуйте! Я, Нурланова Дана Ерболовна (ИИН 900214450173, тел. 8 (707) 123-45-67), "
    "учитель математики. Мне не оплачивают часы сверх 16 часов в неделю. Что делать?"
)

# 1. Anonymization runs locally; the vault maps placeholders back to the originals.
anonymizer = ua.Anonymizer()
masked = anonymizer.anonymize(APPEAL)
print("Обезличенный текст:\n", masked.text)
print("Найдено:", sorted({e.entity_type for e in masked.entities}))

# 2. The facade previews exactly what would leave the machine.
staff = ua.User("d.omarov", "Данияр Омаров", roles={"staff"})
with ua.UnionAI(user=staff) as ai:
    preview = ai.preview_member_faq(question=APPEAL)
    print(preview.to_text()[:600])

    if not os.environ.get("UNIONAI_MODEL"):
        print("\nUNIONAI_MODEL не задан: пробный запуск, ничего не отправлено.")
    else:
        # 3. With a model: a draft that waits for a reviewer.
        draft = ai.member_faq(question=APPEAL)
        print(f"\nПроект {draft.id}: статус {draft.status}, предупреждения: {draft.risk_flags}")
