"""A separate process that races other processes to decide on drafts.

Usage: python _race_worker.py URL ACTION REVIEWER_ID ROLES GO_FILE DRAFT_ID[,DRAFT_ID...]

Opens the gate, prints ``ready``, waits for GO_FILE to appear, then tries
ACTION (approve | reject | changes) on each draft at revision 1 and prints one
JSON line: a list of {"draft": id, "result": "won" | "conflict" | "error", ...}.
"""

from __future__ import annotations

import json
import os
import sys
import time


def main() -> None:
    url, action, reviewer_id, roles, go_file, ids = sys.argv[1:7]
    from unionai_sdk.exceptions import ConflictError
    from unionai_sdk.policy import User
    from unionai_sdk.review import ReviewGate

    gate = ReviewGate(url)
    draft_ids = ids.split(",")
    gate.get(draft_ids[0])  # connect before the start signal
    reviewer = User(reviewer_id, reviewer_id, roles.split(","))
    print("ready", flush=True)
    deadline = time.monotonic() + 60
    while not os.path.exists(go_file):
        if time.monotonic() > deadline:
            raise SystemExit("no start signal")
        time.sleep(0.001)
    results = []
    for draft_id in draft_ids:
        try:
            if action == "approve":
                draft = gate.approve(draft_id, reviewer=reviewer, revision=1)
            elif action == "reject":
                draft = gate.reject(draft_id, reviewer=reviewer, reason="race", revision=1)
            else:
                draft = gate.request_changes(draft_id, reviewer=reviewer, reason="race", revision=1)
            results.append({"draft": draft_id, "result": "won", "status": draft.status.value})
        except ConflictError:
            results.append({"draft": draft_id, "result": "conflict"})
        except Exception as exc:
            results.append(
                {"draft": draft_id, "result": "error", "type": type(exc).__name__, "msg": str(exc)}
            )
    gate.close()
    print(json.dumps(results), flush=True)


if __name__ == "__main__":
    main()
