"""Review gate benchmark: SQLite file vs PostgreSQL, side by side.

1. Throughput: submit + approve + release cycles per second, one process.
2. Race: 8 worker processes (multiprocessing "spawn") decide on the same drafts
   at once -- approve or reject a one-approval legal memo, and approve a
   two-approval resolution. Prints attempts, wins, conflicts and the integrity
   check: lost decisions and double decisions (both must be zero), and for
   resolutions lost approvals (counted != recorded) (must be zero).

Usage: python benchmarks/bench_review.py [--quick] [--pg URL] [--no-pg]
The PostgreSQL run uses a fresh schema that is dropped afterwards.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from _pg_schema import drop_schema, make_schema

PG_DEFAULT = os.environ.get("UNIONAI_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _users() -> dict[str, Any]:
    from unionai_sdk.policy import User

    return {
        "author": User("bench.author", "Автор", {"lawyer", "staff"}),
        "lawyer": User("bench.lawyer", "Юрист", {"lawyer"}),
    }


# -- 1. throughput -----------------------------------------------------------------------


def throughput(url: str, cycles: int) -> dict[str, float]:
    from unionai_sdk.review import ReviewGate

    users = _users()
    text = "# Правовое заключение\n\n" + "Текст заключения с <PERSON_1>. " * 40
    with ReviewGate(url) as gate:
        for _ in range(3):  # warm-up
            d = gate.submit(text, kind="legal_memo", author=users["author"])
            gate.approve(d.id, reviewer=users["lawyer"])
            gate.release(d.id, by=users["lawyer"])
        t0 = time.perf_counter()
        for _ in range(cycles):
            d = gate.submit(text, kind="legal_memo", author=users["author"])
            gate.approve(d.id, reviewer=users["lawyer"])
            gate.release(d.id, by=users["lawyer"])
        elapsed = time.perf_counter() - t0
        for _ in range(50):  # a queue to list
            gate.submit(text, kind="member_faq", author=users["author"])
        t1 = time.perf_counter()
        pending = gate.pending()
        list_s = time.perf_counter() - t1
    return {
        "cycles_per_s": cycles / elapsed,
        "ms_per_cycle": elapsed / cycles * 1000,
        "ms_per_change": elapsed / (cycles * 3) * 1000,
        "pending_list_ms": list_s * 1000,
        "pending": float(len(pending)),
    }


# -- 2. race -------------------------------------------------------------------------------


def _race_worker(
    url: str, index: int, memo_ids: list[str], resolution_ids: list[str], barrier: Any, out: Any
) -> None:
    from unionai_sdk.exceptions import ConflictError, ReviewError
    from unionai_sdk.policy import User
    from unionai_sdk.review import ReviewGate

    rng = random.Random(index)
    reviewer = User(f"bench.rev{index}", f"Рецензент {index}", {"lawyer", "chair"})
    tally: Counter[str] = Counter()
    won_memo: list[str] = []
    with ReviewGate(url) as gate:
        gate.get(memo_ids[0])
        barrier.wait()
        t0 = time.perf_counter()
        memos = memo_ids[:]
        rng.shuffle(memos)
        for draft_id in memos:
            tally["attempted"] += 1
            try:
                if index % 2 == 0:
                    gate.approve(draft_id, reviewer=reviewer, revision=1)
                else:
                    gate.reject(draft_id, reviewer=reviewer, reason="bench", revision=1)
                tally["won"] += 1
                won_memo.append(draft_id)
            except ConflictError:
                tally["conflict"] += 1
            except ReviewError:
                tally["other_refusal"] += 1
        resolutions = resolution_ids[:]
        rng.shuffle(resolutions)
        for draft_id in resolutions:
            tally["res_attempted"] += 1
            try:
                gate.approve(draft_id, reviewer=reviewer, revision=1)
                tally["res_won"] += 1
            except ConflictError:
                tally["res_conflict"] += 1
        elapsed = time.perf_counter() - t0
    out.put({"index": index, "tally": dict(tally), "won_memo": won_memo, "elapsed": elapsed})


def race(url: str, workers: int, drafts: int) -> dict[str, Any]:
    from sqlalchemy import func, select

    from unionai_sdk.review import DraftStatus, EventType, ReviewGate
    from unionai_sdk.review import _schema as s

    users = _users()
    with ReviewGate(url) as gate:
        memo_ids = [
            gate.submit(f"Заключение {i}", kind="legal_memo", author=users["author"]).id
            for i in range(drafts)
        ]
        resolution_ids = [
            gate.submit(f"Постановление {i}", kind="resolution", author=users["author"]).id
            for i in range(drafts)
        ]
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(workers)
    out = ctx.Queue()
    procs = [
        ctx.Process(target=_race_worker, args=(url, i, memo_ids, resolution_ids, barrier, out))
        for i in range(workers)
    ]
    for p in procs:
        p.start()
    results = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    total: Counter[str] = Counter()
    for r in results:
        total.update(r["tally"])
    wall = max(r["elapsed"] for r in results)

    lost = double = 0
    lost_approvals = wrong_status = 0
    winners: Counter[str] = Counter(d for r in results for d in r["won_memo"])
    with ReviewGate(url) as gate:
        for draft_id in memo_ids:
            decisions = [e for e in gate.history(draft_id) if e.event is not EventType.SUBMITTED]
            if not decisions:
                lost += 1
            if len(decisions) > 1 or winners[draft_id] > 1:
                double += 1
        a = s.approvals
        with gate._store.read() as conn:
            for draft_id in resolution_ids:
                draft = gate.get(draft_id)
                recorded = conn.execute(
                    select(func.count()).select_from(a).where(a.c.draft_id == draft_id)
                ).scalar_one()
                if recorded != 2 or len(draft.approvals) != 2:
                    lost_approvals += 1
                if draft.status is not DraftStatus.APPROVED:
                    wrong_status += 1
    return {
        "attempted": total["attempted"],
        "won": total["won"],
        "conflicts": total["conflict"],
        "other": total["other_refusal"],
        "lost": lost,
        "double": double,
        "res_attempted": total["res_attempted"],
        "res_won": total["res_won"],
        "res_conflicts": total["res_conflict"],
        "lost_approvals": lost_approvals,
        "wrong_status": wrong_status,
        "decisions_per_s": (total["attempted"] + total["res_attempted"]) / wall,
    }


# -- PostgreSQL schema -----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes")
    parser.add_argument("--pg", default=PG_DEFAULT, help="PostgreSQL base URL")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args(argv)
    cycles = 30 if args.quick else 200
    drafts = 10 if args.quick else 40

    tmp = Path(tempfile.mkdtemp(prefix="bench-review-"))
    os.environ.setdefault("UNIONAI_HOME", str(tmp / "home"))
    stores: dict[str, str] = {"SQLite (WAL file)": f"sqlite:///{tmp / 'reviews.db'}"}
    race_stores: dict[str, str] = {"SQLite (WAL file)": f"sqlite:///{tmp / 'race.db'}"}
    schemas: list[str] = []
    if not args.no_pg:
        for target in (stores, race_stores):
            made = make_schema(args.pg, "unionai_bench")
            if made is None:
                print("PostgreSQL not reachable: SQLite only.")
                break
            target["PostgreSQL"] = made[0]
            schemas.append(made[1])
    try:
        print(f"unionai-sdk review gate benchmark ({'quick' if args.quick else 'full'})")
        print(f"\n1. submit + approve + release, {cycles} cycles, one process")
        print(f"{'store':<20} {'cycles/s':>9} {'ms/cycle':>9} {'ms/change':>10} {'list 50 ms':>11}")
        for name, url in stores.items():
            r = throughput(url, cycles)
            print(
                f"{name:<20} {r['cycles_per_s']:>9.1f} {r['ms_per_cycle']:>9.2f} "
                f"{r['ms_per_change']:>10.2f} {r['pending_list_ms']:>11.2f}"
            )
        print(
            f"\n2. race: {args.workers} processes on the same {drafts} legal memos "
            f"(approve|reject) and {drafts} resolutions (2 approvals)"
        )
        header = (
            f"{'store':<20} {'attempted':>9} {'won':>5} {'conflicts':>9} {'lost':>5} "
            f"{'double':>6} | {'res.tries':>9} {'res.won':>7} {'lost appr.':>10} "
            f"{'decisions/s':>11}"
        )
        print(header)
        ok = True
        for name, url in race_stores.items():
            r = race(url, args.workers, drafts)
            print(
                f"{name:<20} {r['attempted']:>9} {r['won']:>5} {r['conflicts']:>9} "
                f"{r['lost']:>5} {r['double']:>6} | {r['res_attempted']:>9} {r['res_won']:>7} "
                f"{r['lost_approvals']:>10} {r['decisions_per_s']:>11.1f}"
            )
            ok &= (
                r["lost"] == 0
                and r["double"] == 0
                and r["won"] == drafts
                and r["other"] == 0
                and r["lost_approvals"] == 0
                and r["wrong_status"] == 0
                and r["res_won"] == 2 * drafts
            )
        print("\nintegrity:", "OK (no lost or double decisions)" if ok else "FAILED")
        return 0 if ok else 1
    finally:
        for schema in schemas:
            drop_schema(args.pg, schema)


if __name__ == "__main__":
    sys.exit(main())
