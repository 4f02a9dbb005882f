"""A FAQ helper for a member organization's script: answer members' questions in bulk.

Each answer is a draft that a reviewer approves before it is sent to the member.

    UNIONAI_MODEL=... python examples/faq_helper.py
"""

from __future__ import annotations

import asyncio

import unionai_sdk as ua

QUESTIONS = [
    ("ru", "Сколько дней длится ежегодный отпуск учителя и можно ли его разделить?"),
    ("ru", "Обязан ли я дежурить на избирательном участке по приказу директора?"),
    ("kk", "Мұғалімнің апталық жүктемесінің нормасы қанша сағат?"),
]


async def main() -> None:
    staff = ua.User("ppo.school47", "ППО школы № 47", roles={"staff"})
    with ua.UnionAI(user=staff) as ai:
        drafts = await asyncio.gather(
            *(ai.amember_faq(question=q, lang=lang) for lang, q in QUESTIONS)
        )
        for draft in drafts:
            print(f"{draft.id}  {draft.lang}  {draft.status}  {len(draft.content)} симв.")
        pending = ai.review.pending(kind="member_faq")
        print(f"Ожидают проверки: {len(pending)}")


if __name__ == "__main__":
    asyncio.run(main())
