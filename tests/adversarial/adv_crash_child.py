"""A process that writes until it is killed (kill -9), printing what it committed.

Usage: python adv_crash_child.py audit PATH TAG      -- AuditLog appends
       python adv_crash_child.py review URL TAG      -- ReviewGate submits/approvals

A line ``committed <n> <id>`` is printed (and flushed) only after the write
returned, so the parent knows every record that must survive the crash.
"""

from __future__ import annotations

import sys


def audit(path: str, tag: str) -> None:
    from unionai_sdk.audit import AuditLog
    from unionai_sdk.audit import events as ev

    log = AuditLog(path, user=f"adv.{tag}")
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        log.record(ev.LLM_REQUEST, model="openai/test-model", kind="legal_memo",
                   message_count=n, template=f"{tag}-{n}")  # fmt: skip
        print(f"committed {n} {tag}-{n}", flush=True)


def review(url: str, tag: str) -> None:
    from unionai_sdk.policy import User
    from unionai_sdk.review import ReviewGate

    author = User(f"adv.author.{tag}", roles=("lawyer",))
    reviewer = User(f"adv.reviewer.{tag}", roles=("lawyer",))
    gate = ReviewGate(url)
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        draft = gate.submit(
            f"Проект {tag}-{n}: " + "текст " * 200, kind="legal_memo", author=author
        )
        if n % 3 == 0:
            gate.approve(draft.id, reviewer=reviewer)
            print(f"committed {n} {draft.id} approved", flush=True)
        else:
            print(f"committed {n} {draft.id} pending", flush=True)


if __name__ == "__main__":
    mode, target, tag = sys.argv[1:4]
    audit(target, tag) if mode == "audit" else review(target, tag)
