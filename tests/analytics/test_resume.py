"""A run killed mid-batch loses nothing: the re-run sends only the unfinished items.

The classification runs in a real subprocess against the local
OpenAICompatServer; the test kills it (SIGKILL, or SIGINT = Ctrl-C) once some
requests have arrived, then re-runs it and counts the requests the server gets.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from appeals_fakes import server_handler

from unionai_sdk.testing import OpenAICompatServer

N = 60
HERE = Path(__file__).parent

SCRIPT = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, {here!r})
    from appeals_fakes import NAMES, HttpStandInLLM, StandInAnonymizer, make_appeals
    from unionai_sdk.analytics import classify_appeals

    df = classify_appeals(
        make_appeals({n}),
        llm=HttpStandInLLM(sys.argv[1]),  # real HTTP, without litellm's import time
        anonymizer=StandInAnonymizer(names=NAMES),
        cache_dir=sys.argv[2],
        concurrency=4,
        progress=False,
    )
    print(json.dumps({{"stats": df.attrs["unionai"], "filled": int(df["category"].notna().sum())}}))
    """
)


def _cached_records(cache_dir: Path) -> int:
    path = cache_dir / "classifications.v1.jsonl"
    if not path.exists():
        return 0
    count = 0
    for line in path.read_bytes().splitlines():
        try:
            json.loads(line)
        except ValueError:
            continue
        count += 1
    return count


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_killed_run_resumes_without_paying_twice(tmp_path: Path, sig: signal.Signals) -> None:
    script = tmp_path / "run.py"
    script.write_text(SCRIPT.format(here=str(HERE), n=N), encoding="utf-8")
    cache_dir = tmp_path / "cache"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with OpenAICompatServer(server_handler, delay=0.05) as server:
        proc = subprocess.Popen(
            [sys.executable, str(script), server.url, str(cache_dir)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        deadline = time.monotonic() + 120
        while len(server.requests) < 20:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "the run never got going"
            time.sleep(0.01)
        proc.send_signal(sig)
        proc.communicate(timeout=60)
        assert proc.returncode != 0  # it really was interrupted
        first_run = len(server.requests)
        cached = _cached_records(cache_dir)
        assert 0 < cached < N

        rerun = subprocess.run(
            [sys.executable, str(script), server.url, str(cache_dir)],
            capture_output=True,
            text=True,
            env=env,
            timeout=180,
        )
        assert rerun.returncode == 0, rerun.stderr
        report = json.loads(rerun.stdout.strip().splitlines()[-1])
        sent_again = len(server.requests) - first_run

    assert sent_again == N - cached  # only the unfinished items were sent
    assert report["stats"]["cached"] == cached
    assert report["stats"]["sent"] == N - cached
    assert report["filled"] == N
    assert _cached_records(cache_dir) == N
