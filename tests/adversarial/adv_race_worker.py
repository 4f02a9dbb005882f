"""A separate process making random review decisions on shared drafts.

Usage: python adv_race_worker.py URL WORKER_NO OPS SEED GO_FILE DRAFT_ID[,DRAFT_ID...]

Opens the gate, prints ``ready``, waits for GO_FILE, then makes OPS random
operations (approve / reject / request_changes / edit / release) as random
users and prints one JSON line per operation:
``{"op", "draft", "user", "result", "revision", "event_revision"}`` where
``result`` is ``ok`` or the exception class name. Untyped exceptions are
reported as ``result: "UNTYPED:<name>"``.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time

USERS = {
    "adv.author": ("lawyer", "staff", "chair"),
    "adv.rev1": ("lawyer",),
    "adv.rev2": ("lawyer", "reviewer"),
    "adv.rev3": ("chair",),
    "adv.rev4": ("reviewer", "staff"),
    "adv.analyst": ("analyst",),  # may do nothing to these drafts
}
OPS = ("approve",) * 4 + ("release",) * 3 + ("edit",) * 2 + ("changes", "reject")


def main() -> None:
    url, worker_no, ops, seed, go_file, ids = sys.argv[1:7]
    from unionai_sdk.exceptions import UnionAIError
    from unionai_sdk.policy import User
    from unionai_sdk.review import ReviewGate

    rng = random.Random(int(seed) * 1000 + int(worker_no))
    users = {uid: User(uid, uid, roles) for uid, roles in USERS.items()}
    gate = ReviewGate(url)
    draft_ids = ids.split(",")
    gate.get(draft_ids[0])  # connect before the start signal
    print("ready", flush=True)
    deadline = time.monotonic() + 120
    while not os.path.exists(go_file):
        if time.monotonic() > deadline:
            raise SystemExit("no start signal")
        time.sleep(0.001)
    for n in range(int(ops)):
        draft_id = rng.choice(draft_ids)
        op = rng.choice(OPS)
        uid = rng.choice(list(users))
        user = users[uid]
        row: dict[str, object] = {
            "worker": int(worker_no),
            "n": n,
            "op": op,
            "draft": draft_id,
            "user": uid,
        }
        try:
            # half of the calls pin the revision the worker just saw (optimistic locking)
            seen = gate.get(draft_id).revision if rng.random() < 0.5 else None
            if op == "approve":
                d = gate.approve(draft_id, reviewer=user, revision=seen)
                row["revision"] = d.revision
            elif op == "reject":
                d = gate.reject(draft_id, reviewer=user, reason="adv", revision=seen)
                row["revision"] = d.revision
            elif op == "changes":
                d = gate.request_changes(draft_id, reviewer=user, reason="adv", revision=seen)
                row["revision"] = d.revision
            elif op == "edit":
                text = f"Редакция от {uid}, операция {worker_no}.{n}"
                d = gate.edit(draft_id, editor=user, text=text, revision=seen)
                row["revision"] = d.revision
            else:
                doc = gate.release(draft_id, by=user)
                row["revision"] = doc.metadata["revision"]
                row["approvers"] = [a["id"] for a in doc.metadata["approvers"]]
                row["content_hash"] = doc.metadata["content_hash"]
            row["result"] = "ok"
        except UnionAIError as exc:
            row["result"] = type(exc).__name__
        except Exception as exc:
            row["result"] = f"UNTYPED:{type(exc).__name__}"
            row["detail"] = str(exc)[:300]
        print(json.dumps(row), flush=True)
    gate.close()
    print("done", flush=True)


if __name__ == "__main__":
    main()
