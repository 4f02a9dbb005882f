"""Audit log throughput: chained appends and verification.

Compares, in the same run, AuditLog appends (JSONL with SHA-256 chaining, with
HMAC, durable; SQLite table) against the peer baseline — the standard library's
``logging.FileHandler`` writing the same JSON lines (no chain, no redaction, no
lock) — and measures ``verify_audit_log`` records per second.

    /work/venv/bin/python benchmarks/bench_audit.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from unionai_sdk.audit import AuditLog, events, verify_audit_log


def _fields(i: int) -> dict[str, object]:
    return {
        "model": "openai/gpt-4o-mini",
        "kind": "legal_memo",
        "prompt_tokens": 1200 + i % 50,
        "completion_tokens": 300,
        "total_tokens": 1500 + i % 50,
        "cost_usd": 0.00042,
        "latency_s": 1.25,
        "response_sha256": f"{i:064x}",
        "request_id": f"req-{i}",
        "repairs": 0,
    }


class Rate(NamedTuple):
    """Operations per second of wall time, and per second of this process's CPU time.

    On a shared, loaded machine the CPU figure (user + system time of this
    process) is the steadier one: it leaves out time spent waiting for a core.
    """

    wall: float
    cpu: float


def _rate(n: int, fn: Callable[[int], None]) -> Rate:
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(n):
        fn(i)
    return Rate(n / (time.perf_counter() - wall), n / max(time.process_time() - cpu, 1e-9))


def bench_logging(path: Path, n: int) -> Rate:
    logger = logging.getLogger("bench_audit_peer")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    try:

        def one(i: int) -> None:
            logger.info(
                json.dumps(
                    {"event": events.LLM_RESPONSE, **_fields(i)},
                    sort_keys=True,
                    separators=(",", ":"),
                    ensure_ascii=False,
                )
            )

        return _rate(n, one)
    finally:
        logger.removeHandler(handler)
        handler.close()


def bench_audit(target: str | Path, n: int, **kwargs: object) -> Rate:
    log = AuditLog(target, user="bench", **kwargs)  # type: ignore[arg-type]
    try:
        return _rate(n, lambda i: log.record(events.LLM_RESPONSE, **_fields(i)))
    finally:
        log.close()


def bench_verify(target: str | Path, **kwargs: object) -> tuple[Rate, int]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = verify_audit_log(target, **kwargs)  # type: ignore[arg-type]
    wall_s, cpu_s = time.perf_counter() - wall, max(time.process_time() - cpu, 1e-9)
    assert result.ok, result
    return Rate(result.records / wall_s, result.records / cpu_s), result.records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke run)")
    args = parser.parse_args()
    n = 2_000 if args.quick else 20_000
    n_durable = 200 if args.quick else 1_000
    n_sql = 300 if args.quick else 2_000
    key = "bench-key-0123456789abcdef"
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        rows: list[tuple[str, Rate]] = []
        peer = bench_logging(d / "peer.jsonl", n)
        rows.append(("logging.FileHandler, same JSON lines (peer)", peer))
        rows.append(("AuditLog JSONL, sha256 chain", bench_audit(d / "a.jsonl", n)))
        rows.append(("AuditLog JSONL, HMAC chain", bench_audit(d / "h.jsonl", n, key=key)))
        rows.append(
            (
                "AuditLog JSONL, durable=True (fsync)",
                bench_audit(d / "f.jsonl", n_durable, durable=True),
            )
        )
        sqlite_url = f"sqlite:///{d / 'audit.db'}"
        rows.append(("AuditLog SQLite table", bench_audit(sqlite_url, n_sql)))
        print(f"appends ({n} records; durable {n_durable}; SQLite {n_sql}):")
        print(f"  {'':<46} {'wall /s':>10} {'CPU /s':>10}   vs peer (CPU)")
        for name, rate in rows:
            print(
                f"  {name:<46} {rate.wall:>10,.0f} {rate.cpu:>10,.0f}   {rate.cpu / peer.cpu:5.2f}x"
            )
        v_sha, count = bench_verify(d / "a.jsonl")
        v_hmac, _ = bench_verify(d / "h.jsonl", key=key)
        v_sql, sql_count = bench_verify(sqlite_url)
        print("verification (records/s):")
        print(f"  {'':<46} {'wall /s':>10} {'CPU /s':>10}")
        for name, rate in (
            (f"JSONL sha256 ({count} records)", v_sha),
            ("JSONL HMAC", v_hmac),
            (f"SQLite table ({sql_count} records)", v_sql),
        ):
            print(f"  {name:<46} {rate.wall:>10,.0f} {rate.cpu:>10,.0f}")
        load = " ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"load average: {load} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
