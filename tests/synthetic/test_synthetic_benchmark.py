"""benchmarks/pii_eval.py runs end to end on a small corpus and writes its figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from unionai_sdk.synthetic import generate_corpus

REPO = Path(__file__).resolve().parents[2]


def test_pii_eval_smoke(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    docs = generate_corpus(6, seed=42)
    corpus.write_text(
        "".join(json.dumps(d.to_dict(), ensure_ascii=False) + "\n" for d in docs), "utf-8"
    )
    out = tmp_path / "figures.json"
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "pii_eval.py"),
            "--corpus",
            str(corpus),
            "--systems",
            "natasha,airlock-pii",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "PERSON" in result.stdout
    figures = json.loads(out.read_text("utf-8"))
    assert figures["docs"] == 6
    natasha = figures["systems"]["natasha"]
    assert natasha["perf"]["docs_per_s"] > 0
    person = natasha["groups"]["all"]["PERSON"]
    assert person["gold"] == sum(t == "PERSON" for d in docs for _, _, t in d.spans)
    assert natasha["groups"]["all"]["KZ_IIN"]["found"] == 0  # natasha finds no identifiers
    assert "airlock-pii" in figures["systems"]  # measured, or reported as not available
