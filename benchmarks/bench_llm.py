"""LLM layer benchmarks, each compared with its peer in the same run.

1. Import time: ``import unionai_sdk`` vs ``import litellm`` (fresh interpreters, median).
2. Per-call overhead: ``LLMClient.complete`` vs bare ``litellm.completion`` against
   the same local OpenAI-compatible server (goal: ratio <= 1.10).
3. Async throughput: 200 calls at concurrency 32 against a server that sleeps
   50 ms per request; ideal = 32 / 0.05 = 640 calls/s (goal: >= 85 % of ideal).
   ``LLMClient.acomplete`` vs bare ``litellm.acompletion`` vs raw ``aiohttp``.

The server runs in a separate process so its threads do not compete with the
client for the GIL. Everything stays on 127.0.0.1.

    /work/venv/bin/python benchmarks/bench_llm.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

MESSAGES = [{"role": "user", "content": "Сколько дней ежегодного отпуска?"}]
MODEL = "openai/test-model"

SERVER = """
import sys, time
from unionai_sdk.testing import OpenAICompatServer
with OpenAICompatServer(delay=float(sys.argv[1]), handler=lambda r: "ok") as s:
    print(s.port, flush=True)
    sys.stdin.read()
"""


@contextmanager
def server_process(delay: float) -> Iterator[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(delay)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=10)


def import_time(statement: str, runs: int) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        times.append(float(out.strip().splitlines()[-1]))
    return statistics.median(times)


def bench_import(runs: int) -> None:
    ours = import_time("import unionai_sdk", runs)
    ours_llm = import_time("import unionai_sdk.llm", runs)
    theirs = import_time("import litellm", runs)
    print(f"\n[1] import time, median of {runs} fresh interpreters")
    print(f"    import unionai_sdk       {ours * 1000:8.1f} ms")
    print(f"    import unionai_sdk.llm   {ours_llm * 1000:8.1f} ms")
    print(f"    import litellm           {theirs * 1000:8.1f} ms   ({theirs / ours:.0f}x ours)")


def bench_overhead(calls: int, rounds: int) -> None:
    import litellm

    from unionai_sdk.llm import LLMClient

    with server_process(0.0) as url:
        client = LLMClient(MODEL, api_base=url, api_key="k", max_retries=0)

        def ours() -> None:
            client.complete(MESSAGES)

        def bare() -> None:
            litellm.completion(
                model=MODEL,
                messages=MESSAGES,
                api_base=url,
                api_key="k",
                num_retries=0,
                timeout=60.0,
            )

        for fn in (ours, bare):  # warm up: imports, client caches, connections
            for _ in range(10):
                fn()
        per_call: dict[str, list[float]] = {"ours": [], "bare": []}
        pair = [("bare", bare), ("ours", ours)]
        for i in range(rounds):  # interleave blocks, alternating order, so drift hits both
            for name, fn in pair if i % 2 == 0 else pair[::-1]:
                started = time.perf_counter()
                for _ in range(calls):
                    fn()
                per_call[name].append((time.perf_counter() - started) / calls)
    o, b = statistics.median(per_call["ours"]), statistics.median(per_call["bare"])
    print(f"\n[2] per-call latency, {rounds} rounds x {calls} sequential calls, local server")
    print(f"    litellm.completion       {b * 1000:8.2f} ms/call")
    print(
        f"    LLMClient.complete       {o * 1000:8.2f} ms/call   ratio {o / b:.3f} (goal <= 1.10)"
    )


async def run_concurrently(fn: Callable[[], Awaitable[Any]], total: int, concurrency: int) -> float:
    semaphore = asyncio.Semaphore(concurrency)

    async def one() -> None:
        async with semaphore:
            await fn()

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(total)))
    return total / (time.perf_counter() - started)


def bench_async(total: int, concurrency: int, delay: float, rounds: int) -> None:
    import aiohttp
    import litellm

    from unionai_sdk.llm import LLMClient

    ideal = concurrency / delay
    results: dict[str, float] = {}
    with server_process(delay) as url:
        client = LLMClient(MODEL, api_base=url, api_key="k", max_retries=0)

        async def ours() -> None:
            await client.acomplete(MESSAGES)

        async def bare() -> None:
            await litellm.acompletion(
                model=MODEL,
                messages=MESSAGES,
                api_base=url,
                api_key="k",
                num_retries=0,
                timeout=60.0,
            )

        async def main() -> None:
            # aiohttp is litellm's async transport: the raw baseline of what
            # the server and the event loop can do without any LLM library
            async with aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=concurrency)
            ) as http:
                payload = {"model": "test-model", "messages": MESSAGES}

                async def raw() -> None:
                    async with http.post(f"{url}/chat/completions", json=payload) as r:
                        await r.json()

                rates: dict[str, list[float]] = {}
                contenders = [("litellm.acompletion", bare), ("LLMClient.acomplete", ours)]
                for _name, fn in [("raw aiohttp", raw), *contenders]:
                    await run_concurrently(fn, concurrency, concurrency)  # warm up
                for i in range(rounds):  # alternate the order so load drift hits both
                    order = [("raw aiohttp", raw)] + (
                        contenders if i % 2 == 0 else contenders[::-1]
                    )
                    for name, fn in order:
                        rate = await run_concurrently(fn, total, concurrency)
                        rates.setdefault(name, []).append(rate)
                results.update({name: statistics.median(r) for name, r in rates.items()})

        asyncio.run(main())
    print(
        f"\n[3] async throughput, median of {rounds} rounds x {total} calls, "
        f"concurrency {concurrency}, "
        f"server delay {delay * 1000:.0f} ms; ideal {ideal:.0f}/s"
    )
    for name, rate in results.items():
        print(f"    {name:24s} {rate:8.1f} calls/s   {rate / ideal * 100:5.1f} % of ideal")
    ratio = results["LLMClient.acomplete"] / results["litellm.acompletion"]
    print(f"    LLMClient vs litellm: {ratio:.3f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes")
    args = parser.parse_args()
    cpus = os.cpu_count()
    print(
        f"bench_llm: python {sys.version.split()[0]}, {cpus} CPU(s)"
        + (", --quick" if args.quick else "")
    )
    bench_import(runs=3 if args.quick else 7)
    bench_overhead(calls=20 if args.quick else 100, rounds=3 if args.quick else 5)
    bench_async(
        total=64 if args.quick else 200, concurrency=32, delay=0.05, rounds=1 if args.quick else 3
    )


if __name__ == "__main__":
    main()
