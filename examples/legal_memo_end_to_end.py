r"""A legal memo end to end: draft → approve as another user → release to DOCX.

    UNIONAI_MODEL=openai/gpt-4o-mini OPENAI_API_KEY=... \
        python examples/legal_memo_end_to_end.py [OUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import unionai_sdk as ua

FACTS = """Член профсоюза Абдрахманова Гульнар Маратовна, учитель казахского языка
ГУ «Школа-гимназия № 12» г. Астаны (ИИН 780925400363, тел. +7 775 210 33 44),
сообщает, что 2 сентября 2026 года её ознакомили с приказом об увольнении
в связи с несоответствием занимаемой должности. Аттестацию она не проходила,
уведомлений о ней не получала."""

out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
author = ua.User("a.seitova", "Айгуль Сеитова", roles={"lawyer"})
reviewer = ua.User("b.nurlanov", "Бауыржан Нурланов", roles={"lawyer"})

with ua.UnionAI(user=author) as ai:
    draft = ai.legal_memo(
        facts=FACTS,
        question="Правомерно ли увольнение без аттестации и что делать работнику?",
    )
    print(f"Проект {draft.id} создан, статус: {draft.status}")
    if draft.risk_flags:
        print("Предупреждения для проверяющего:", ", ".join(draft.risk_flags))

    # The author cannot approve their own draft:
    try:
        ai.review.approve(draft.id, reviewer=author)
    except ua.SelfApprovalError:
        print("Автор не может утвердить собственный проект — нужен другой юрист.")

    ai.review.approve(draft.id, reviewer=reviewer, comment="Нормы проверены по adilet.zan.kz")
    doc = ai.review.release(draft.id, by=reviewer)
    path = doc.to_docx(out_dir / "legal_memo.docx")
    print(doc.label)
    print(f"Документ сохранён: {path}")
