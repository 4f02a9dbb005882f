"""Accuracy of PII detection on the annotated synthetic corpus, side by side with peers.

    /work/venv/bin/python benchmarks/pii_eval.py               # whole corpus (400 documents)
    /work/venv/bin/python benchmarks/pii_eval.py --quick       # the first 80 documents
    /work/venv/bin/python benchmarks/pii_eval.py --json out.json
    /work/venv/bin/python benchmarks/pii_eval.py --systems unionai --suggest-floors
    /work/venv/bin/python benchmarks/pii_eval.py --fresh-seed 7 --systems unionai  # held out
    /work/venv/bin/python benchmarks/pii_eval.py --fresh-seed 7 --holdout-names   # unseen names

Systems, all run in this process on the same documents (install the peer with
`pip install airlock-pii`; it is not a dependency of the SDK):

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
import math
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from unionai_sdk.synthetic import DOC_KINDS, AnnotatedDoc
from unionai_sdk.synthetic._scoring import (
    GROUPS,
    Report,
    TypeScore,
    format_facets,
    format_table,
    person_facets,
    score,
)

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
) -> tuple[list[list[Span]] | None, dict[str, Any]]:
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
    return predictions, perf


def _floor(x: float | None) -> float:
    return 0.0 if x is None else max(0.0, math.floor((x - 0.01) * 100) / 100)


def suggest_floors(report: Report) -> str:
    """The floor constants of tests/privacy/test_accuracy_floor.py for ``report``."""
    from unionai_sdk.synthetic import PII_TYPES

    lines = ["FLOORS: dict[str, tuple[float, float]] = {"]
    for t in PII_TYPES:
        s = report.get("all", t)
        lines.append(f'    "{t}": ({_floor(s.recall)}, {_floor(s.precision)}),')
    lines.append("}")
    lines.append("LANG_FLOORS: dict[tuple[str, str], tuple[float, float]] = {")
    for g in ("ru", "kk"):
        for t in ("PERSON", "ALL"):
            s = report.get(g, t)
            lines.append(f'    ("{g}", "{t}"): ({_floor(s.recall)}, {_floor(s.precision)}),')
    lines.append("}")
    lines.append("MASKED_RECALL_FLOORS: dict[str, float] = {")
    for g in ("ru", "kk"):
        lines.append(f'    "{g}": {_floor(report.get(g, "ALL").recall_masked)},')
    lines.append("}")
    return "\n".join(lines)


def format_kinds(reports: dict[str, Report]) -> str:
    """All personal data together, per document kind: R / Rmask / P for each system."""
    names = list(reports)
    head = f"{'kind':<14}{'gold':>6} | " + " | ".join(f"{n[:19]:^19}" for n in names)
    lines = ["All personal data by document kind (R / Rmask / P), %", head, "-" * len(head)]
    for kind in DOC_KINDS:
        group = f"kind:{kind}"
        gold = 0
        cells = []
        for n in names:
            s = reports[n].scores.get(group, {}).get("ALL", TypeScore())
            gold = max(gold, s.gold)
            cells.append(f"{_pct(s.recall)} {_pct(s.recall_masked)} {_pct(s.precision)}   ")
        lines.append(f"{kind:<14}{gold:>6} | " + " | ".join(cells))
    return "\n".join(lines)


def _pct(x: float | None) -> str:
    return "    -" if x is None else f"{100 * x:5.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="PII detection accuracy on the synthetic corpus")
    parser.add_argument("--quick", action="store_true", help="first 80 documents only")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument(
        "--fresh-seed",
        type=int,
        help="evaluate on a freshly generated corpus with this seed instead of the committed "
        "one (a held-out check: a detector tuned to the committed documents shows a gap)",
    )
    parser.add_argument("-n", type=int, default=400, help="size of the fresh corpus")
    parser.add_argument(
        "--holdout-names",
        action="store_true",
        help="with --fresh-seed: people from name lists the committed corpus never uses",
    )
    parser.add_argument(
        "--suggest-floors",
        action="store_true",
        help="print floors for tests/privacy/test_accuracy_floor.py (measured - 0.01)",
    )
    parser.add_argument("--systems", default=",".join(SYSTEMS),
                        help=f"comma-separated subset of {','.join(SYSTEMS)}")  # fmt: skip
    args = parser.parse_args(argv)
    if args.fresh_seed is not None:
        from unionai_sdk.synthetic import generate_corpus

        names = "holdout" if args.holdout_names else "main"
        docs = generate_corpus(args.n, seed=args.fresh_seed, names=names)
    else:
        docs = load_corpus(args.corpus)
    if args.quick:
        docs = docs[:80]
    chars = sum(len(d.text) for d in docs)
    print(f"corpus: {len(docs)} documents, {chars} characters, "
          f"{sum(d.lang == 'ru' for d in docs)} ru / "
          f"{sum(d.lang != 'ru' for d in docs)} kk+mixed")  # fmt: skip
    reports: dict[str, Report] = {}
    facets: dict[str, dict[str, TypeScore]] = {}
    figures: dict[str, Any] = {"docs": len(docs), "chars": chars, "systems": {}}
    for name in args.systems.split(","):
        predictions, perf = run_system(name, SYSTEMS[name], docs)
        if predictions is None:
            figures["systems"][name] = {"perf": perf}
            print(f"{name}: not available ({perf['error']})")
            continue
        report = reports[name] = score(docs, predictions)
        facets[name] = person_facets(docs, predictions)
        figures["systems"][name] = {
            "perf": perf,
            **report.to_dict(),
            "person_facets": {k: v.to_dict() for k, v in facets[name].items()},
        }
        print(f"{name}: load {perf['load_s']} s, {perf['docs_per_s']} docs/s, "
              f"{perf['kchars_per_s']} kchars/s")  # fmt: skip
    for group in GROUPS:
        print()
        print(format_table(reports, group))
    print()
    print(format_kinds(reports))
    print()
    print(format_facets(facets))
    if args.suggest_floors and "unionai" in reports:
        print()
        print(suggest_floors(reports["unionai"]))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2), "utf-8")
        print(f"\nfigures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
