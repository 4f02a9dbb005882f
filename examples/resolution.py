"""A resolution (постановление) of a presidium: two approvals are required.

UNIONAI_MODEL=... python examples/resolution.py [OUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import unionai_sdk as ua

CONSIDERED = """Информация заведующей правовым отделом о результатах проверок соблюдения
трудового законодательства в организациях образования области за 9 месяцев 2026 года:
проведено 48 проверок, выявлено 112 нарушений, в том числе по оплате за часы сверх
нормы педагогической нагрузки и по привлечению педагогов к работе, не связанной
с профессиональными обязанностями."""

out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
secretary = ua.User("s.kairatova", "Сауле Кайратова", roles={"staff"})
chair = ua.User("m.akhmetov", "Марат Ахметов", roles={"chair"})
lawyer = ua.User("a.seitova", "Айгуль Сеитова", roles={"lawyer"})

with ua.UnionAI(user=secretary) as ai:
    draft = ai.resolution(
        topic="О результатах правовых проверок за 9 месяцев 2026 года",
        considered=CONSIDERED,
    )
    ai.review.approve(draft.id, reviewer=lawyer, comment="Правовые нормы проверены")
    print("После первого утверждения:", ai.review.get(draft.id).status)
    ai.review.approve(draft.id, reviewer=chair, comment="Согласовано")
    doc = ai.review.release(draft.id, by=chair)
    (out_dir / "resolution.md").write_text(doc.to_markdown(), encoding="utf-8")
    print(doc.text.splitlines()[0])
    print(doc.label)
