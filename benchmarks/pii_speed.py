"""Speed of the anonymizer, side by side with raw natasha NER, in one run.

    /work/venv/bin/python benchmarks/pii_speed.py            # full: batch of 10,000 texts
    /work/venv/bin/python benchmarks/pii_speed.py --quick    # batch of 1,000 texts

Figures:

1. first-Anonymizer-ready: a fresh interpreter imports unionai_sdk, builds an
   Anonymizer and analyzes one short text (models load once; goal <= 2 s);
2. single-core throughput in characters/second: ``Anonymizer.analyze`` with every
   recognizer on, versus raw natasha (Segmenter + NewsNERTagger on a Doc: segment +
   NER only) over the same texts (goal: >= 0.8x natasha);
3. ``anonymize_batch(workers=2)`` over N texts of ~1,500 characters (goal for 10,000:
   <= 90 s), including the worker start-up.

Texts come from ``unionai_sdk.synthetic.generate_corpus`` (synthetic people only),
joined or cut to ~1,500 characters.
"""

from __future__ import annotations

import os

# one core means one BLAS/OpenMP thread for natasha's numpy too
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import random  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

TARGET_CHARS = 1500


def make_texts(n: int, seed: int = 0) -> list[str]:
    """``n`` texts of about 1,500 characters from the synthetic corpus generator."""
    try:
        from unionai_sdk.synthetic import generate_corpus

        pool = [d.text for d in generate_corpus(min(n, 600) + 50, seed=seed)]
    except ImportError:  # pragma: no cover - the synthetic package is part of the SDK
        pool = [_fallback_text(random.Random(i)) for i in range(200)]
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        parts: list[str] = []
        size = 0
        while size < TARGET_CHARS:
            p = rng.choice(pool)
            parts.append(p)
            size += len(p) + 2
        text = "\n\n".join(parts)
        cut = text.rfind(" ", 0, int(TARGET_CHARS * 1.05))
        texts.append(text[: cut if cut > 0 else TARGET_CHARS])
    return texts


def _fallback_text(rng: random.Random) -> str:
    names = ["Иванов Иван Петрович", "Жұмабаев Ерлан Серікұлы", "Сейтова Жанар Маратовна"]
    return (
        f"Заявитель {rng.choice(names)}, тел. 8 701 {rng.randint(100, 999)} 45 67, "
        "просит разъяснить порядок оплаты простоя. " * 5
    )


def first_ready() -> float:
    code = (
        "import time; t = time.perf_counter()\n"
        "import unionai_sdk as ua\n"
        "a = ua.Anonymizer(); a.analyze('Иванов Иван, тел. 87011234567')\n"
        "print(time.perf_counter() - t)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    return float(out.stdout.strip().splitlines()[-1])


def throughput(texts: list[str]) -> tuple[float, float]:
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    from unionai_sdk import Anonymizer

    anonymizer = Anonymizer().load()
    segmenter = Segmenter()
    tagger = NewsNERTagger(NewsEmbedding())

    def natasha_run() -> float:
        t = time.perf_counter()
        for text in texts:
            doc = Doc(text)
            doc.segment(segmenter)
            doc.tag_ner(tagger)
        return time.perf_counter() - t

    def ours_run() -> float:
        t = time.perf_counter()
        for text in texts:
            anonymizer.analyze(text)
        return time.perf_counter() - t

    # warm-up, then alternate to even out machine noise; best of the rounds
    natasha_run()
    ours_run()
    nat = min(natasha_run() for _ in range(2))
    ours = min(ours_run() for _ in range(2))
    chars = sum(len(t) for t in texts)
    return chars / ours, chars / nat


def batch(texts: list[str], workers: int) -> float:
    from unionai_sdk import Anonymizer, Vault

    t = time.perf_counter()
    Anonymizer().anonymize_batch(texts, workers=workers, vault=Vault())
    return time.perf_counter() - t


def main() -> int:
    parser = argparse.ArgumentParser(description="anonymizer speed vs raw natasha")
    parser.add_argument("--quick", action="store_true", help="1,000 texts in the batch run")
    parser.add_argument("--batch", type=int, default=None, help="number of batch texts")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sample", type=int, default=150, help="texts for the throughput run")
    args = parser.parse_args()
    n_batch = args.batch or (1_000 if args.quick else 10_000)

    ready = first_ready()
    print(f"first Anonymizer ready (fresh process, import + load + 1 analysis): {ready:.2f} s"
          f"  (goal <= 2 s)")  # fmt: skip

    sample = make_texts(args.sample, seed=1)
    ours, nat = throughput(sample)
    print(f"single core, {len(sample)} texts of ~{TARGET_CHARS} chars:")
    print(f"  unionai Anonymizer.analyze (all recognizers): {ours:>10,.0f} chars/s")
    print(f"  raw natasha (segment + NER):                  {nat:>10,.0f} chars/s")
    print(f"  ratio: {ours / nat:.2f}x  (goal >= 0.8x)")

    texts = make_texts(n_batch, seed=2)
    seconds = batch(texts, args.workers)
    chars = sum(len(t) for t in texts)
    print(f"anonymize_batch: {n_batch} texts, {args.workers} workers: {seconds:.1f} s "
          f"({n_batch / seconds:.0f} texts/s, {chars / seconds:,.0f} chars/s)"
          + ("  (goal for 10,000: <= 90 s)" if n_batch == 10_000 else ""))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
