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
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

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


def _rate(n: int, fn: Callable[[int], None]) -> float:
    start = time.perf_counter()
    for i in range(n):
        fn(i)
    return n / (time.perf_counter() - start)


def bench_logging(path: Path, n: int) -> float:
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


def bench_audit(target: str | Path, n: int, **kwargs: object) -> float:
    log = AuditLog(target, user="bench", **kwargs)  # type: ignore[arg-type]
    try:
        return _rate(n, lambda i: log.record(events.LLM_RESPONSE, **_fields(i)))
    finally:
        log.close()


def bench_verify(target: str | Path, **kwargs: object) -> tuple[float, int]:
    start = time.perf_counter()
    result = verify_audit_log(target, **kwargs)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - start
    assert result.ok, result
    return result.records / elapsed, result.records


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
        rows: list[tuple[str, float]] = []
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
        for name, rate in rows:
            print(f"  {name:<46} {rate:>10,.0f} /s   {rate / peer:5.2f}x peer")
        # a bigger log for verification
        big = d / "a.jsonl"
        v_sha, count = bench_verify(big)
        v_hmac, _ = bench_verify(d / "h.jsonl", key=key)
        v_sql, sql_count = bench_verify(sqlite_url)
        print("verification:")
        print(f"  {'JSONL sha256 (' + str(count) + ' records)':<46} {v_sha:>10,.0f} records/s")
        print(f"  {'JSONL HMAC':<46} {v_hmac:>10,.0f} records/s")
        print(f"  {'SQLite table (' + str(sql_count) + ' records)':<46} {v_sql:>10,.0f} records/s")


if __name__ == "__main__":
    main()
