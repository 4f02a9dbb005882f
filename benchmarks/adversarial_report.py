"""Adversarial report: the big versions of the properties in tests/adversarial/.

Sections (all by default, or pick with --only):

  leaks    N synthetic documents (default 2000) with obfuscated personal data
           through UnionAI -> litellm -> a real local HTTP server; per entity type:
           values sent, leaked, blocked (refused by the facade before sending);
           per obfuscation, the leak rate compared with the plain peer.
  race     P processes x M random review operations on shared drafts, SQLite
           file and PostgreSQL side by side; counts of results and decisions,
           and the problems found by replaying every draft's history (must be 0).
  crash    kill -9 of writers in the middle of audit appends and review writes:
           committed vs surviving records, verification, store integrity.
  tamper   random modifications of audit logs (with and without the HMAC key):
           how often verification names exactly the first bad record.
  big      one big text (default 10 MB) anonymized in a subprocess: time and
           peak RSS (resource.getrusage).
  fuzz     random hostile strings into the anonymizer, deanonymizer, scanner and
           audit verifier: examples run, typed errors, untyped crashes.

Usage: python benchmarks/adversarial_report.py [--quick] [--only SECTION ...]
       [--docs N] [--procs P] [--ops M] [--big-size CHARS] [--pg URL] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "adversarial"))
sys.path.insert(0, str(ROOT / "tests"))

import adv_helpers as h  # noqa: E402
from _pg_schema import drop_schema, make_schema  # noqa: E402

PG_DEFAULT = os.environ.get("UNIONAI_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:5.1f}%" if whole else "    -"


# -- leaks ------------------------------------------------------------------------------


def leaks(n_docs: int, seed0: int) -> dict[str, Any]:
    import unionai_sdk as ua
    from unionai_sdk.testing import OpenAICompatServer

    print(f"\n== leaks: {n_docs} documents through the facade (real HTTP) ==")
    anon = ua.Anonymizer().load()
    started = time.perf_counter()
    with OpenAICompatServer(handler=h.schema_reply) as server, tempfile.TemporaryDirectory() as d:
        ai = h.make_facade(Path(d), h.fast_retry_client(server.url), anonymizer=anon)
        baseline = h.baseline_text(ai, server)
        docs = ((s, h.obfuscated_doc(s)) for s in range(seed0, seed0 + n_docs))
        stats = h.run_leak_docs(ai, server, docs, baseline=baseline)
        ai.close()
    seconds = time.perf_counter() - started
    print(
        f"documents {stats.documents}: sent {stats.sent}, blocked {stats.blocked_docs} "
        f"(AnonymizationError, nothing sent); {seconds:.0f} s"
    )
    print(f"{'type':<15}{'sent':>7}{'leaked':>8}{'rate':>8}{'blocked':>9}")
    types = sorted(set(stats.total) | set(stats.blocked))
    for t in types:
        sent, leaked = stats.total.get(t, 0), stats.leaked.get(t, 0)
        print(f"{t:<15}{sent:>7}{leaked:>8}{_pct(leaked, sent):>8}{stats.blocked.get(t, 0):>9}")
    total_sent, total_leaked = sum(stats.total.values()), sum(stats.leaked.values())
    print(
        f"{'ALL':<15}{total_sent:>7}{total_leaked:>8}{_pct(total_leaked, total_sent):>8}"
        f"{sum(stats.blocked.values()):>9}"
    )
    print("\nleak rate by obfuscation (peer: plain)")
    by_obf: dict[str, list[int]] = {}
    for (_, o), (sent, leaked) in stats.by_obfuscation.items():
        cell = by_obf.setdefault(o, [0, 0])
        cell[0] += sent
        cell[1] += leaked
    for o in h.OBFUSCATIONS:
        sent, leaked = by_obf.get(o, [0, 0])
        print(f"  {o:<12}{sent:>7} sent {leaked:>6} leaked {_pct(leaked, sent)}")
    print("\nleaks by type x obfuscation (leaked/sent)")
    for t in types:
        cells = [
            f"{o}={stats.by_obfuscation.get((t, o), [0, 0])[1]}/"
            f"{stats.by_obfuscation.get((t, o), [0, 0])[0]}"
            for o in h.OBFUSCATIONS
        ]
        print(f"  {t:<15}" + " ".join(cells))
    print(
        f"\nname stems not attributable (also in the input's other words or the template): "
        f"{stats.ambiguous}"
    )
    print("first leak examples (seed, type, obfuscation, matched target):")
    for ex in stats.examples[:15]:
        print("  ", ex)
    return {
        "documents": stats.documents,
        "sent_docs": stats.sent,
        "blocked_docs": stats.blocked_docs,
        "sent": stats.total,
        "leaked": stats.leaked,
        "blocked": stats.blocked,
        "by_obfuscation": {f"{t}/{o}": v for (t, o), v in stats.by_obfuscation.items()},
        "ambiguous": stats.ambiguous,
        "seconds": round(seconds, 1),
    }


# -- race -------------------------------------------------------------------------------


def race(procs: int, ops: int, drafts: int, pg: str | None) -> dict[str, Any]:
    print(f"\n== race: {procs} processes x {ops} operations on {drafts} shared drafts ==")
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as d:
        stores: list[tuple[str, str, str | None]] = [("sqlite", f"sqlite:///{d}/race.db", None)]
        if pg:
            made = make_schema(pg, "unionai_adv")
            if made:
                stores.append(("postgresql", made[0], made[1]))
            else:
                print("PostgreSQL not reachable: skipped")
        for name, url, schema in stores:
            try:
                r = h.run_race(url, procs=procs, ops=ops, drafts=drafts, seed=11, workdir=Path(d))
            finally:
                if schema and pg:
                    drop_schema(pg, schema)
            print(
                f"\n[{name}] {len(r.rows)} operations in {r.seconds:.1f} s "
                f"({len(r.rows) / r.seconds:.0f} ops/s), {r.events} history events"
            )
            print("  results:    " + ", ".join(f"{k}={v}" for k, v in sorted(r.results.items())))
            print("  succeeded:  " + ", ".join(f"{k}={v}" for k, v in sorted(r.ops.items())))
            print(
                "  final:      " + ", ".join(f"{k}={v}" for k, v in sorted(r.final_status.items()))
            )
            untyped = sum(v for k, v in r.results.items() if k.startswith("UNTYPED"))
            print(
                f"  problems (lost updates, double decisions, unapproved releases): "
                f"{len(r.problems)}; untyped errors: {untyped}"
            )
            for p in r.problems[:10]:
                print("   !", p)
            out[name] = {
                "ops": len(r.rows),
                "seconds": round(r.seconds, 1),
                "results": r.results,
                "succeeded": r.ops,
                "final": r.final_status,
                "events": r.events,
                "problems": len(r.problems),
            }
    return out


# -- crash ------------------------------------------------------------------------------


def crash(rounds: int) -> dict[str, Any]:
    import signal
    import sqlite3
    import subprocess

    from unionai_sdk.audit import verify_audit_log
    from unionai_sdk.review import ReviewGate

    child_path = ROOT / "tests" / "adversarial" / "adv_crash_child.py"
    print(f"\n== crash: {rounds} rounds of kill -9 (2 writers each) ==")
    rng = random.Random(5)

    def run(mode: str, target: str, tag: str, commits: int) -> list[list[str]]:
        child = subprocess.Popen(
            [sys.executable, str(child_path), mode, target, tag],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        seen = []
        while len(seen) < commits:
            line = child.stdout.readline()
            if not line:
                break
            seen.append(line.split())
        os.kill(child.pid, signal.SIGKILL)
        rest, _ = child.communicate(timeout=60)
        seen += [
            ln.split()
            for ln in rest.splitlines()
            if ln.startswith("committed") and ln.count(" ") >= 2
        ]
        return seen

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "audit.jsonl"
        committed: set[tuple[str, int]] = set()
        for rnd in range(rounds):
            for i in range(2):
                for row in run("audit", str(path), f"c{rnd}{i}", rng.randint(50, 400)):
                    committed.add((f"adv.c{rnd}{i}", int(row[1])))
        present = set()
        for line in path.read_bytes().splitlines():
            rec = json.loads(line)
            if rec.get("event") == "llm.request":
                present.add((rec["user"], rec["message_count"]))
        v = verify_audit_log(path)
        lost = len(committed - present)
        print(
            f"audit: committed {len(committed)}, missing after crashes {lost}, "
            f"records {v.records}, verify ok={v.ok} torn_tail={v.torn_tail}"
        )
        out["audit"] = {
            "committed": len(committed),
            "missing": len(committed - present),
            "records": v.records,
            "ok": v.ok,
        }
        db = Path(d) / "reviews.db"
        drafts: dict[str, str] = {}
        for rnd in range(rounds):
            for i in range(2):
                for row in run("review", f"sqlite:///{db}", f"r{rnd}{i}", rng.randint(10, 60)):
                    drafts[row[2]] = row[3]
        with sqlite3.connect(db) as conn:
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        gate = ReviewGate(f"sqlite:///{db}")
        missing = wrong = 0
        for draft_id, status in drafts.items():
            try:
                if str(gate.get(draft_id).status) != status:
                    wrong += 1
            except Exception:
                missing += 1
        gate.close()
        print(
            f"review: committed {len(drafts)} drafts, missing {missing}, wrong status {wrong}, "
            f"integrity_check={integrity}"
        )
        out["review"] = {
            "committed": len(drafts),
            "missing": missing,
            "wrong": wrong,
            "integrity": integrity,
        }
    return out


# -- tamper -----------------------------------------------------------------------------


def tamper(trials: int) -> dict[str, Any]:
    from unionai_sdk.audit import AuditLog, verify_audit_log
    from unionai_sdk.audit import events as ev

    print(f"\n== tamper: {trials} random modifications per key setting ==")
    rng = random.Random(3)
    out: dict[str, Any] = {}
    n = 30
    for key in (None, b"adv-bench-key-0123456789abcdef!!"):
        named = Counter()
        for _ in range(trials):
            with tempfile.TemporaryDirectory() as d:
                path = Path(d) / "a.jsonl"
                with AuditLog(path, key=key) as log:
                    for i in range(n):
                        log.record(ev.LLM_REQUEST, model="m", kind="legal_memo", message_count=i)
                lines = path.read_bytes().splitlines(keepends=True)
                op = rng.choice(("modify", "delete", "swap", "insert"))
                i = rng.randrange(n - 1)
                if op == "modify":
                    line = bytearray(lines[i])
                    pos = rng.randrange(len(line) - 1)
                    line[pos] = rng.choice([b for b in range(0x20, 0x7F) if b != line[pos]])
                    lines[i] = bytes(line)
                    expected = i + 1
                elif op == "delete":
                    del lines[i]
                    expected = i + 1
                elif op == "swap":
                    j = rng.randrange(i + 1, n)
                    lines[i], lines[j] = lines[j], lines[i]
                    expected = i + 1
                else:
                    src = rng.randrange(n)
                    lines.insert(i, lines[src])
                    expected = i + 2 if src == i else i + 1
                path.write_bytes(b"".join(lines))
                r = verify_audit_log(path, key=key, use_anchor_file=False)
                named[(op, (not r.ok) and r.first_bad_record == expected)] += 1
        label = "hmac" if key else "sha256"
        ok = sum(v for (_, good), v in named.items() if good)
        print(
            f"[{label}] first bad record named exactly: {ok}/{trials} "
            + ", ".join(
                f"{op}:{named[(op, True)]}/{named[(op, True)] + named[(op, False)]}"
                for op in ("modify", "delete", "swap", "insert")
            )
        )
        out[label] = {"trials": trials, "named": ok}
    return out


# -- big --------------------------------------------------------------------------------


def big(size: int) -> dict[str, Any]:
    print(f"\n== big: one text of {size:,} characters, anonymized in a subprocess ==")
    started = time.perf_counter()
    figures = h.run_big(size)  # the same child as the CI test
    seconds = time.perf_counter() - started
    grown = (figures["peak_kb"] - figures["before_kb"]) / 1024
    print(
        f"chars {figures['chars']:,}; {seconds:.0f} s ({figures['chars'] / seconds / 1000:.1f} "
        f"k chars/s incl. start-up); peak RSS {figures['peak_kb'] / 1024:.0f} MB "
        f"(after loading models {figures['before_kb'] / 1024:.0f} MB, grown {grown:.0f} MB); "
        f"ИИН at chunk boundaries {figures['iin_in']}, left unmasked {figures['iin_left']}"
    )
    return {**figures, "seconds": round(seconds, 1)}


# -- fuzz -------------------------------------------------------------------------------


def fuzz(examples: int) -> dict[str, Any]:
    import unionai_sdk as ua
    from unionai_sdk.audit import AuditLog, verify_audit_log
    from unionai_sdk.audit import events as ev
    from unionai_sdk.privacy import Vault, deanonymize, scan_identifiers, unknown_placeholders

    print(f"\n== fuzz: {examples} hostile strings per target ==")
    rng = random.Random(9)
    pieces = h.HOSTILE_PIECES

    def hostile() -> str:
        if rng.random() < 0.5:
            return "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(rng.randrange(0, 120)))
        return "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 30)))

    anon = ua.Anonymizer().load()

    def round_trip(text: str) -> str:
        masked = anon.anonymize(text)
        return anon.deanonymize(masked.text, masked.vault)

    out: dict[str, Any] = {}
    targets = {
        "anonymize+deanonymize": round_trip,
        "deanonymize": lambda t: deanonymize(t, _vault()),
        "unknown_placeholders": lambda t: unknown_placeholders(t, _vault()),
        "scan_identifiers": scan_identifiers,
    }

    def _vault() -> Vault:
        v = Vault()
        v.placeholder_for("PERSON", "Жумабаева Айгерим")
        return v

    for name, fn in targets.items():
        counts: Counter[str] = Counter()
        for _ in range(examples):
            try:
                fn(hostile())
                counts["ok"] += 1
            except ua.UnionAIError:
                counts["typed"] += 1
            except Exception as exc:
                counts[f"UNTYPED:{type(exc).__name__}"] += 1
        print(f"  {name:<24}" + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
        out[name] = dict(counts)
    counts = Counter()
    with tempfile.TemporaryDirectory() as d:
        for i in range(examples):
            path = Path(d) / f"a{i}.jsonl"
            with AuditLog(path) as log:
                for n in range(5):
                    log.record(ev.LLM_REQUEST, model="m", kind="legal_memo", message_count=n)
            lines = path.read_bytes().splitlines(keepends=True)
            lines.insert(
                rng.randrange(6), bytes(rng.randrange(256) for _ in range(rng.randrange(60)))
            )
            path.write_bytes(b"".join(lines))
            try:
                verify_audit_log(path, use_anchor_file=False)
                counts["ok"] += 1
            except ua.UnionAIError:
                counts["typed"] += 1
            except Exception as exc:
                counts[f"UNTYPED:{type(exc).__name__}"] += 1
    print(f"  {'verify_audit_log':<24}" + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    out["verify_audit_log"] = dict(counts)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes")
    parser.add_argument(
        "--only",
        nargs="*",
        default=None,
        choices=["leaks", "race", "crash", "tamper", "big", "fuzz"],
    )
    parser.add_argument("--docs", type=int, default=None)
    parser.add_argument("--procs", type=int, default=8)
    parser.add_argument("--ops", type=int, default=None)
    parser.add_argument("--drafts", type=int, default=32)
    parser.add_argument("--big-size", type=int, default=None)
    parser.add_argument("--seed", type=int, default=10_000, help="first document seed (leaks)")
    parser.add_argument("--pg", default=PG_DEFAULT)
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--json", default=None, help="also write the figures to this file")
    args = parser.parse_args()
    quick = args.quick
    sections = args.only or ["leaks", "race", "crash", "tamper", "big", "fuzz"]
    report: dict[str, Any] = {"quick": quick}
    if "leaks" in sections:
        report["leaks"] = leaks(args.docs or (100 if quick else 2000), args.seed)
    if "race" in sections:
        report["race"] = race(
            4 if quick else args.procs,
            args.ops or (25 if quick else 200),
            8 if quick else args.drafts,
            None if args.no_pg else args.pg,
        )
    if "crash" in sections:
        report["crash"] = crash(2 if quick else 5)
    if "tamper" in sections:
        report["tamper"] = tamper(50 if quick else 500)
    if "big" in sections:
        report["big"] = big(args.big_size or (200_000 if quick else 10_000_000))
    if "fuzz" in sections:
        report["fuzz"] = fuzz(100 if quick else 1000)
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str))


if __name__ == "__main__":
    main()
