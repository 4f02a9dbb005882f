"""Appeals analytics benchmark: ``classify_appeals`` on synthetic appeals.

A local OpenAI-compatible server (a separate process, so its threads do not
compete with the client for the GIL) answers every request after 100 ms.
The ideal wall time at concurrency C is ``n / C * 0.1 s`` (1000 / 16 * 0.1 =
6.25 s): the peer every figure is compared with.

0. Floor: the same n prompts sent with bare ``LLMClient.acomplete_structured``
   and an ``asyncio.Semaphore`` — what the LLM layer alone costs.
1. Pipeline: n appeals, the real LLMClient (litellm), anonymization by a
   regex-only masker (identifiers only, NOT for real use) so the request
   pipeline itself is measured: wall time vs the ideal and vs the floor.
2. Real anonymizer: the default ``Anonymizer`` (presidio + natasha). Wall time,
   time spent anonymizing, its share of the wall time, and the time a
   sequential "anonymize everything, then send" design would need.
3. Fully cached re-run of (2): wall time, requests sent (must be 0),
   anonymizer calls (0: the original-text index answers first).

    /work/venv/bin/python benchmarks/bench_appeals.py [--quick] [--n 1000] [--real-n 1000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

MODEL = "openai/test-model"

SERVER = r"""
import json, re, sys
from unionai_sdk.testing import OpenAICompatServer

WORDS = (
    ("dismissal_discipline", ("уволь", "увольн", "выговор", "сокращени", "жұмыстан")),
    ("attestation", ("аттестац", "аттестатта")),
    ("leave_56_days", ("отпуск", "демалыс", "оздоровительн")),
    ("pay_category_supplements", ("надбавк", "зарплат", "заработн", "еңбекақы")),
    ("workload_tarification", ("нагрузк", "тарификац", "жүктеме")),
    ("labour_safety", ("охран", "отоплен", "травм")),
    ("disputes", ("суд", "комисси", "инспекц")),
)

def handler(request):
    user = next(m["content"] for m in request["messages"] if m["role"] == "user").lower()
    code = next((c for c, ws in WORDS if any(w in user for w in ws)), "other")
    return json.dumps({"category": code, "subcategory": None, "urgency": "medium",
                       "summary": "Обращение <PERSON_1>.", "confidence": 0.7}, ensure_ascii=False)

with OpenAICompatServer(handler, delay=float(sys.argv[1])) as s:
    print(s.port, flush=True)
    for line in sys.stdin:
        print(len(s.raw_bodies), flush=True)
"""


class _Server:
    def __init__(self, proc: subprocess.Popen[str], port: int) -> None:
        self.proc = proc
        self.url = f"http://127.0.0.1:{port}/v1"

    def requests(self) -> int:
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.write("count\n")
        self.proc.stdin.flush()
        return int(self.proc.stdout.readline())


@contextmanager
def server(delay: float) -> Iterator[_Server]:
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(delay)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        yield _Server(proc, int(proc.stdout.readline()))
    finally:
        if proc.stdin:
            proc.stdin.close()
        proc.wait(timeout=30)


class RegexMasker:
    """Masks identifiers only (scan_identifiers): measures the pipeline, not for real use."""

    def __init__(self) -> None:
        self.calls = 0

    def anonymize(self, text: str, vault: Any = None) -> Any:
        from types import SimpleNamespace

        from unionai_sdk.privacy import scan_identifiers

        self.calls += 1
        vault = {} if vault is None else vault
        for ent in sorted(scan_identifiers(text), key=lambda e: e.start, reverse=True):
            value = text[ent.start : ent.end]
            ph = vault.setdefault(value, f"<{ent.entity_type}_{len(vault) + 1}>")
            text = text[: ent.start] + ph + text[ent.end :]
        return SimpleNamespace(text=text, vault=vault)


class CountingAnonymizer:
    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls = 0

    def anonymize(self, text: str, vault: Any = None) -> Any:
        self.calls += 1
        return self.inner.anonymize(text, vault)


def run(texts: list[str], srv: _Server, anonymizer: Any, cache: Path, concurrency: int) -> Any:
    from unionai_sdk.analytics import classify_appeals
    from unionai_sdk.llm import LLMClient

    llm = LLMClient(MODEL, api_base=srv.url, api_key="bench", timeout=60)
    before = srv.requests()
    t0 = time.perf_counter()
    df = classify_appeals(
        texts, llm=llm, anonymizer=anonymizer, cache_dir=cache, concurrency=concurrency,
        progress=False,
    )  # fmt: skip
    wall = time.perf_counter() - t0
    stats = dict(df.attrs["unionai"])
    stats["wall"] = wall
    stats["requests"] = srv.requests() - before
    stats["ok"] = int(df["category"].notna().sum())
    return stats


def floor(texts: list[str], srv: _Server, concurrency: int) -> float:
    """Bare LLMClient calls with the same prompts: the LLM layer's own cost."""
    import asyncio

    from unionai_sdk.analytics import DEFAULT_TAXONOMY
    from unionai_sdk.analytics._prompt import resolve_prompt
    from unionai_sdk.llm import LLMClient

    prompt = resolve_prompt(DEFAULT_TAXONOMY)
    batches = [prompt.build(RegexMasker().anonymize(t).text) for t in texts]
    llm = LLMClient(MODEL, api_base=srv.url, api_key="bench", timeout=60)

    async def go() -> float:
        sem = asyncio.Semaphore(concurrency)

        async def one(messages: Any) -> None:
            async with sem:
                await llm.acomplete_structured(messages, prompt.schema)

        t0 = time.perf_counter()
        await asyncio.gather(*(one(m) for m in batches))
        return time.perf_counter() - t0

    return asyncio.run(go())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (200 / 40)")
    parser.add_argument("--n", type=int, default=None, help="appeals for the pipeline run (1000)")
    parser.add_argument(
        "--real-n", type=int, default=None, help="appeals for the real anonymizer (1000)"
    )
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--delay", type=float, default=0.1, help="server latency, seconds")
    args = parser.parse_args()
    n = args.n or (200 if args.quick else 1000)
    real_n = args.real_n or (40 if args.quick else 1000)
    conc, delay = args.concurrency, args.delay

    from unionai_sdk.synthetic import sample_appeals

    texts = [a["text"] for a in sample_appeals(max(n, real_n), seed=7)]
    ideal = lambda k: k / conc * delay  # noqa: E731
    print(f"appeals benchmark: concurrency {conc}, server latency {delay * 1000:.0f} ms")

    with tempfile.TemporaryDirectory() as tmp, server(delay) as srv:
        root = Path(tmp)
        run(["прогрев"], srv, RegexMasker(), root / "warm", conc)  # imports litellm

        f = floor(texts[:n], srv, conc)
        print(f"\n0. floor: bare LLMClient.acomplete_structured, {n} calls")
        print(f"   wall {f:.2f} s   ideal {ideal(n):.2f} s   ratio {f / ideal(n):.2f}x   "
              f"LLM-layer CPU ≈ {max(0.0, f - ideal(n)) / n * 1000:.0f} ms per call")  # fmt: skip

        p = run(texts[:n], srv, RegexMasker(), root / "pipe", conc)
        print(f"\n1. pipeline, {n} appeals (regex masker)")
        print(f"   wall {p['wall']:.2f} s   ideal {ideal(n):.2f} s   "
              f"ratio {p['wall'] / ideal(n):.2f}x   "
              f"requests {p['requests']}   ok {p['ok']}")  # fmt: skip
        print(f"   vs floor {p['wall'] / f:.2f}x   "
              f"pipeline overhead {(p['wall'] - f) / n * 1000:.1f} ms per appeal")  # fmt: skip
        print(f"   throughput {n / p['wall']:.0f} appeals/s   ideal {conc / delay:.0f} appeals/s")

        from unionai_sdk.privacy import Anonymizer

        anon = Anonymizer()
        t0 = time.perf_counter()
        anon.anonymize("Прогрев моделей: Иванов Иван Иванович.")
        load = time.perf_counter() - t0
        counting = CountingAnonymizer(anon)
        r = run(texts[:real_n], srv, counting, root / "real", conc)
        share = r["anonymize_s"] / r["wall"]
        seq = r["anonymize_s"] + ideal(real_n)
        print(f"\n2. real Anonymizer, {real_n} appeals (model load {load:.1f} s, not counted)")
        print(f"   wall {r['wall']:.2f} s   ideal (requests only) {ideal(real_n):.2f} s   "
              f"requests {r['requests']}   ok {r['ok']}")  # fmt: skip
        print(f"   anonymization {r['anonymize_s']:.2f} s = {share:.0%} of wall time "
              f"({r['anonymize_s'] / real_n * 1000:.0f} ms per appeal)")  # fmt: skip
        print(f"   sequential design (anonymize all, then send) ≈ {seq:.2f} s; "
              f"pipelined saves {max(0.0, seq - r['wall']):.2f} s")  # fmt: skip

        counting.calls = 0
        c = run(texts[:real_n], srv, counting, root / "real", conc)
        print("\n3. fully cached re-run of (2)")
        print(f"   wall {c['wall']:.3f} s   requests sent {c['requests']}   "
              f"anonymizer calls {counting.calls}   cached {c['cached']}/{real_n}   "
              f"vs first run {r['wall']:.2f} s")  # fmt: skip
        c2 = run(texts[:n], srv, RegexMasker(), root / "pipe", conc)
        print(f"   re-run of (1): wall {c2['wall']:.3f} s   requests sent {c2['requests']}")


if __name__ == "__main__":
    main()
