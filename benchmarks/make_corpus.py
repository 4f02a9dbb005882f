"""Regenerate benchmarks/data/pii_corpus.jsonl, the annotated PII evaluation corpus.

    /work/venv/bin/python benchmarks/make_corpus.py            # 400 documents, seed 2026
    /work/venv/bin/python benchmarks/make_corpus.py --check    # fail if the file is stale

The corpus is synthetic (unionai_sdk.synthetic.generate_corpus): the same seed gives the same
bytes. Each line is one document: id, lang, kind, text, spans [[start, end, type], ...], meta.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from unionai_sdk.synthetic import generate_corpus

CORPUS = Path(__file__).parent / "data" / "pii_corpus.jsonl"
SIZE = 400
SEED = 2026


def render(n: int = SIZE, seed: int = SEED) -> str:
    docs = generate_corpus(n, seed)
    return "".join(json.dumps(d.to_dict(), ensure_ascii=False) + "\n" for d in docs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=SIZE)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=CORPUS)
    parser.add_argument("--check", action="store_true", help="compare with the file, write nothing")
    args = parser.parse_args()
    content = render(args.n, args.seed)
    if args.check:
        same = args.out.exists() and args.out.read_text("utf-8") == content
        print("up to date" if same else "STALE: run benchmarks/make_corpus.py")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(content, "utf-8")
    rows = [json.loads(line) for line in content.splitlines()]
    langs = Counter(r["lang"] for r in rows)
    types = Counter(t for r in rows for _, _, t in r["spans"])
    print(f"wrote {len(rows)} documents to {args.out}")
    print("languages:", dict(langs))
    print("spans:", dict(types.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
