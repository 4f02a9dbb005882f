"""Accuracy of PII detection on the annotated synthetic corpus, side by side with peers.

    /work/venv/bin/python benchmarks/pii_eval.py               # whole corpus (400 documents)
    /work/venv/bin/python benchmarks/pii_eval.py --quick       # the first 80 documents
    /work/venv/bin/python benchmarks/pii_eval.py --json out.json

Systems, all run in this process on the same documents:

- unionai        unionai_sdk.Anonymizer().analyze (the default profile)
- natasha        raw natasha NER (Segmenter + NewsNERTagger): PER -> PERSON,
                 LOC -> LOCATION, ORG -> ORGANIZATION; it finds no identifiers
- airlock-pii    airlock_pii.detect (rules only, its default)
- airlock-pii+ner  airlock-pii with its optional Russian NER, pointed at the slovnet/navec
                 files that ship inside the natasha wheel (same bytes its models.lock pins)

Scoring rules are in unionai_sdk.synthetic._scoring (recall same-type, recall masked-at-all,
precision; Russian documents under "ru", Kazakh and mixed under "kk"). Throughput is measured
after one warm-up document, and model loading is reported apart.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from unionai_sdk.synthetic import AnnotatedDoc
from unionai_sdk.synthetic._scoring import GROUPS, Report, format_table, score

CORPUS = Path(__file__).parent / "data" / "pii_corpus.jsonl"
Span = tuple[int, int, str]
Predictor = Callable[[str], list[Span]]


def load_corpus(path: Path = CORPUS) -> list[AnnotatedDoc]:
    with path.open(encoding="utf-8") as fh:
        return [AnnotatedDoc.from_dict(json.loads(line)) for line in fh if line.strip()]


def make_unionai() -> Predictor:
    from unionai_sdk import Anonymizer

    anonymizer = Anonymizer()

    def predict(text: str) -> list[Span]:
        return [(e.start, e.end, e.entity_type) for e in anonymizer.analyze(text)]

    return predict


def make_natasha() -> Predictor:
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    segmenter = Segmenter()
    tagger = NewsNERTagger(NewsEmbedding())
    mapping = {"PER": "PERSON", "LOC": "LOCATION", "ORG": "ORGANIZATION"}

    def predict(text: str) -> list[Span]:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        return [(s.start, s.stop, mapping.get(s.type, s.type)) for s in doc.spans]

    return predict


_AIRLOCK_TYPES = {
    "PERSON": "PERSON",
    "IIN": "KZ_IIN",
    "BIN": "KZ_BIN",
    "KZ_IBAN": "KZ_IBAN",
    "CARD": "PAYMENT_CARD",
    "PHONE": "PHONE_NUMBER",
    "EMAIL": "EMAIL_ADDRESS",
    "SECRET": "SECRET",  # not scored
}


def make_airlock() -> Predictor:
    import airlock_pii

    def predict(text: str) -> list[Span]:
        return [
            (e.start, e.end, _AIRLOCK_TYPES.get(str(e.type), str(e.type)))
            for e in airlock_pii.detect(text)
        ]

    return predict


_KEEP: list[Any] = []


def make_airlock_ner() -> Predictor:
    import natasha
    from airlock_pii.engine import Engine
    from airlock_pii.recognizers import default_recognizers

    data = Path(natasha.__file__).parent / "data"
    tmp = tempfile.TemporaryDirectory(prefix="airlock-models-")
    _KEEP.append(tmp)
    for src in (data / "model" / "slovnet_ner_news_v1.tar",
                data / "emb" / "navec_news_v1_1B_250K_300d_100q.tar"):  # fmt: skip
        (Path(tmp.name) / src.name).symlink_to(src)
    engine = Engine(default_recognizers(ner="ru", models_dir=tmp.name))
    engine.load_models()

    def predict(text: str) -> list[Span]:
        return [
            (e.start, e.end, _AIRLOCK_TYPES.get(str(e.type), str(e.type)))
            for e in engine.detect(text)
        ]

    return predict


SYSTEMS: dict[str, Callable[[], Predictor]] = {
    "unionai": make_unionai,
    "natasha": make_natasha,
    "airlock-pii": make_airlock,
    "airlock-pii+ner": make_airlock_ner,
}


def run_system(
    name: str, factory: Callable[[], Predictor], docs: list[AnnotatedDoc]
) -> tuple[Report | None, dict[str, Any]]:
    t0 = time.perf_counter()
    try:
        predict = factory()
        predict(docs[0].text)  # warm-up: lazy model loading happens here
    except Exception as exc:  # a peer that cannot run is reported, not fatal
        return None, {"error": f"{type(exc).__name__}: {str(exc)[:200]}"}
    load_s = time.perf_counter() - t0
    predictions = []
    t1 = time.perf_counter()
    for doc in docs:
        predictions.append(predict(doc.text))
    elapsed = time.perf_counter() - t1
    chars = sum(len(d.text) for d in docs)
    perf = {
        "load_s": round(load_s, 3),
        "seconds": round(elapsed, 3),
        "docs_per_s": round(len(docs) / elapsed, 2) if elapsed else None,
        "kchars_per_s": round(chars / elapsed / 1000, 2) if elapsed else None,
    }
    return score(docs, predictions), perf


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="PII detection accuracy on the synthetic corpus")
    parser.add_argument("--quick", action="store_true", help="first 80 documents only")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--systems", default=",".join(SYSTEMS),
                        help=f"comma-separated subset of {','.join(SYSTEMS)}")  # fmt: skip
    args = parser.parse_args(argv)
    docs = load_corpus(args.corpus)
    if args.quick:
        docs = docs[:80]
    chars = sum(len(d.text) for d in docs)
    print(f"corpus: {len(docs)} documents, {chars} characters, "
          f"{sum(d.lang == 'ru' for d in docs)} ru / "
          f"{sum(d.lang != 'ru' for d in docs)} kk+mixed")  # fmt: skip
    reports: dict[str, Report] = {}
    figures: dict[str, Any] = {"docs": len(docs), "chars": chars, "systems": {}}
    for name in args.systems.split(","):
        report, perf = run_system(name, SYSTEMS[name], docs)
        figures["systems"][name] = {"perf": perf, **(report.to_dict() if report else {})}
        if report is None:
            print(f"{name}: not available ({perf['error']})")
            continue
        reports[name] = report
        print(f"{name}: load {perf['load_s']} s, {perf['docs_per_s']} docs/s, "
              f"{perf['kchars_per_s']} kchars/s")  # fmt: skip
    for group in GROUPS:
        print()
        print(format_table(reports, group))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2), "utf-8")
        print(f"\nfigures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
