"""The :class:`Anonymizer`: presidio analyzer + anonymizer over our natasha engine.

Heavy libraries (presidio, natasha, phonenumbers) load on the first analysis,
once per process, under a lock. Analysis runs on a normalized copy of the text
(NFKC, invisible characters removed, Latin look-alikes folded) and every span is
mapped back to the ORIGINAL text.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from unionai_sdk.exceptions import AnonymizationError, ConfigurationError
from unionai_sdk.privacy._deanonymize import deanonymize as _deanonymize
from unionai_sdk.privacy._entities import (
    CONTEXT_TYPES,
    DEFAULT_MASKED,
    ENTITY_TYPES,
    AnonymizedText,
    Entity,
)
from unionai_sdk.privacy._normalize import Normalized, fold_lookalikes, normalize
from unionai_sdk.privacy._spans import SpanSet
from unionai_sdk.privacy._vault import Vault, default_key

__all__ = ["Anonymizer"]

OPERATORS = frozenset({"replace", "mask", "hash", "redact", "keep"})
PROFILES = frozenset({"default", "strict"})

#: Texts longer than this are analyzed in chunks (with overlap) to bound memory.
CHUNK_SIZE = 50_000
CHUNK_OVERLAP = 600

_PRIORITY = {
    "KZ_IIN": 5, "KZ_BIN": 5, "KZ_IBAN": 5, "PAYMENT_CARD": 5, "EMAIL_ADDRESS": 5,
    "PHONE_NUMBER": 5, "KZ_ID_CARD": 5, "KZ_PASSPORT": 5,
    "ADDRESS": 4, "DATE_OF_BIRTH": 4, "PERSON": 3, "ORGANIZATION": 1, "LOCATION": 1,
}  # fmt: skip

_ENGINE_LOCK = threading.Lock()
_ENGINES: dict[tuple[str, ...], tuple[Any, Any]] = {}


def _engines(languages: tuple[str, ...]) -> tuple[Any, Any]:
    """presidio AnalyzerEngine (our registry and NLP engine) and AnonymizerEngine, cached."""
    cached = _ENGINES.get(languages)
    if cached is not None:
        return cached
    with _ENGINE_LOCK:
        cached = _ENGINES.get(languages)
        if cached is not None:
            return cached
        # presidio adds a StreamHandler to the "decision_process" logger at import;
        # take it off again so nothing is printed (we never log decisions).
        decision = logging.getLogger("decision_process")
        before = list(decision.handlers)
        level = decision.level
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_anonymizer import AnonymizerEngine

        for h in list(decision.handlers):
            if h not in before:
                decision.removeHandler(h)
        decision.setLevel(level)

        from unionai_sdk.privacy._nlp_engine import NatashaNlpEngine, NoContextEnhancer
        from unionai_sdk.privacy._recognizers import build_recognizers

        langs = list(languages)
        nlp = NatashaNlpEngine(langs)
        nlp.load()
        registry = RecognizerRegistry(
            recognizers=build_recognizers(langs), supported_languages=langs
        )
        analyzer = AnalyzerEngine(
            registry=registry,
            nlp_engine=nlp,
            supported_languages=langs,
            context_aware_enhancer=NoContextEnhancer(),
        )
        engines = (analyzer, AnonymizerEngine())  # type: ignore[no-untyped-call]
        if not _ANON_ENGINE:
            _ANON_ENGINE.append(engines[1])
        _ENGINES[languages] = engines
        return engines


_ANON_ENGINE: list[Any] = []


def _anonymizer_engine() -> Any:
    """presidio's AnonymizerEngine alone (no NLP models), cached per process."""
    if _ANON_ENGINE:
        return _ANON_ENGINE[0]
    with _ENGINE_LOCK:
        if not _ANON_ENGINE:
            decision = logging.getLogger("decision_process")
            before = list(decision.handlers)
            level = decision.level
            from presidio_anonymizer import AnonymizerEngine

            for h in list(decision.handlers):
                if h not in before:
                    decision.removeHandler(h)
            decision.setLevel(level)
            _ANON_ENGINE.append(AnonymizerEngine())  # type: ignore[no-untyped-call]
    return _ANON_ENGINE[0]


@dataclass(frozen=True)
class _Item:
    """One entity to act on, in ORIGINAL offsets; ``keys`` identify a person."""

    entity_type: str
    start: int
    end: int
    score: float
    keys: tuple[str, ...] = ()


def _chunks(text: str) -> list[tuple[int, str]]:
    """Overlapping pieces cut at whitespace (sentence ends preferred)."""
    if len(text) <= CHUNK_SIZE:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + CHUNK_SIZE)
        if end < n:
            window = text[end - 2000 : end]
            cut = max(window.rfind(". "), window.rfind("\n"))
            if cut < 0:
                cut = window.rfind(" ")
            if cut >= 0:
                end = end - 2000 + cut + 1
        out.append((start, text[start:end]))
        if end >= n:
            break
        nxt = end - CHUNK_OVERLAP
        # start the next chunk at whitespace so no token is cut in two
        sp = text.find(" ", nxt, end)
        start = sp + 1 if sp >= 0 else nxt
    return out


def _resolve(
    found: list[tuple[str, int, int, float, Any]],
) -> list[tuple[str, int, int, float, Any]]:
    ranked = sorted(found, key=lambda f: (-_PRIORITY.get(f[0], 0), -f[3], -(f[2] - f[1]), f[1]))
    kept: list[tuple[str, int, int, float, Any]] = []
    occupied = SpanSet()
    for f in ranked:
        if occupied.overlaps(f[1], f[2]):
            continue
        kept.append(f)
        occupied.add(f[1], f[2])
    return sorted(kept, key=lambda f: f[1])


# what is cut from the ends of an organization's pieces around a person
_TRIM = " \t\n,.;:«»\"'()-"


def _carve_context(
    text: str,
    kept: list[tuple[str, int, int, float, Any]],
    persons: list[tuple[str, int, int, float, Any]],
) -> list[tuple[str, int, int, float, Any]]:
    """``kept`` with the other mentions of a known person cut out of organizations
    and locations: in "Комитет Ермекбайды қолдайды" the NER's organization must not
    hide the person, who is masked while the rest of the span keeps its type."""
    if not persons:
        return kept
    spans = sorted((f[1], f[2]) for f in persons)
    taken = SpanSet(spans)
    starts = [s for s, _ in spans]
    out: list[tuple[str, int, int, float, Any]] = []
    for f in kept:
        etype, start, end, score, _extra = f
        if etype not in CONTEXT_TYPES or not taken.overlaps(start, end):
            out.append(f)
            continue
        pieces: list[tuple[int, int]] = []
        pos = start
        for s, e in spans[max(0, bisect_right(starts, start) - 1) :]:
            if s >= end:
                break
            if e > pos:
                pieces.append((pos, s))
                pos = e
        pieces.append((pos, end))
        for s, e in pieces:
            piece = text[s:e]
            lead = len(piece) - len(piece.lstrip(_TRIM))
            s, e = s + lead, e - (len(piece) - len(piece.rstrip(_TRIM)))
            if e > s and any(c.isupper() or c.isdigit() for c in text[s:e]):
                out.append((etype, s, e, score, None))
    return out


class Anonymizer:
    """Finds personal data in Russian/Kazakh text and masks it with placeholders.

    ``profile="strict"`` also masks organizations and locations (detected always).
    ``operators`` maps entity types to ``replace`` (placeholder, default), ``mask``
    (``***``), ``hash`` (sha256 prefix), ``redact`` (remove) or ``keep``.
    Entities scoring below ``score_threshold`` are ignored.
    """

    def __init__(
        self,
        *,
        languages: Sequence[str] = ("ru", "kk"),
        profile: str = "default",
        operators: Mapping[str, str] | None = None,
        score_threshold: float = 0.5,
    ) -> None:
        if isinstance(languages, str):
            languages = (languages,)
        langs = tuple(dict.fromkeys(languages))
        if not langs or any(lang not in ("ru", "kk") for lang in langs):
            raise ConfigurationError("languages must be 'ru' and/or 'kk'", setting="languages")
        if profile not in PROFILES:
            raise ConfigurationError(
                f"unknown profile {profile!r}; use 'default' or 'strict'", setting="profile"
            )
        if not 0.0 <= score_threshold <= 1.0:
            raise ConfigurationError("score_threshold must be in [0, 1]", setting="score_threshold")
        ops: dict[str, str] = dict.fromkeys(DEFAULT_MASKED, "replace")
        for t in CONTEXT_TYPES:
            ops[t] = "replace" if profile == "strict" else "keep"
        for t, op in (operators or {}).items():
            if t not in ENTITY_TYPES:
                raise ConfigurationError(f"unknown entity type {t!r}", setting="operators")
            if op not in OPERATORS:
                raise ConfigurationError(
                    f"unknown operator {op!r}; use one of {sorted(OPERATORS)}", setting="operators"
                )
            ops[t] = op
        self.languages = langs
        self.profile = profile
        self.operators: Mapping[str, str] = ops
        self.score_threshold = score_threshold

    def __repr__(self) -> str:
        return f"Anonymizer(languages={self.languages!r}, profile={self.profile!r})"

    # ------------------------------------------------------------------ public
    def load(self) -> Anonymizer:
        """Load presidio and natasha now (otherwise on first use); returns self."""
        _engines(self.languages)
        return self

    def analyze(self, text: str) -> list[Entity]:
        """Every entity found (masked types and ORGANIZATION/LOCATION), by start."""
        _check_text(text)
        return [
            Entity(i.entity_type, i.start, i.end, i.score, text[i.start : i.end])
            for i in self._plan(text)
        ]

    def anonymize(self, text: str, vault: Vault | None = None) -> AnonymizedText:
        """The text with personal data replaced; originals go into ``vault``."""
        _check_text(text)
        v = vault if vault is not None else Vault()
        return self._apply(text, self._plan(text), v)

    def deanonymize(self, text: str, vault: Vault) -> str:
        """Placeholders (also mangled variants) back to the original values."""
        return _deanonymize(text, vault)

    def anonymize_batch(
        self,
        texts: Sequence[str],
        *,
        workers: int = 1,
        vault: Vault | None = None,
        progress: bool = False,
    ) -> list[AnonymizedText]:
        """Anonymize many texts with one shared vault (same value -> same placeholder).

        ``workers > 1`` analyzes in a process pool ('spawn'; each worker loads the
        models once); placeholders are assigned in the parent, in input order.
        """
        items = list(texts)
        for t in items:
            _check_text(t)
        if workers < 1:
            raise ConfigurationError("workers must be >= 1", setting="workers")
        v = vault if vault is not None else Vault()
        bar: Any = None
        if progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(items), desc="anonymize", unit="text")
        try:
            if workers == 1 or len(items) < 2:
                plans: list[list[_Item]] = []
                out = []
                for t in items:
                    out.append(self._apply(t, self._plan(t), v))
                    if bar is not None:
                        bar.update(1)
                return out
            plans = self._plans_in_pool(items, workers, bar)
            return [self._apply(t, p, v) for t, p in zip(items, plans, strict=True)]
        finally:
            if bar is not None:
                bar.close()

    # ------------------------------------------------------------------ internals
    def _plans_in_pool(self, items: list[str], workers: int, bar: Any) -> list[list[_Item]]:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        ctx = multiprocessing.get_context("spawn")
        config = (self.languages, self.profile, dict(self.operators), self.score_threshold)
        batch = max(1, min(64, len(items) // (workers * 8) or 1))
        groups = [items[i : i + batch] for i in range(0, len(items), batch)]
        results: list[list[_Item]] = []
        try:
            with ProcessPoolExecutor(
                max_workers=workers, mp_context=ctx, initializer=_worker_init, initargs=(config,)
            ) as pool:
                for plans in pool.map(_worker_plans, groups):
                    results.extend(plans)
                    if bar is not None:
                        bar.update(len(plans))
        except AnonymizationError:
            raise
        except Exception as exc:  # a worker died: nothing was masked, nothing sent
            raise AnonymizationError(f"batch analysis failed ({type(exc).__name__})") from exc
        return results

    def _plan(self, text: str) -> list[_Item]:
        if not text.strip():
            return []
        try:
            return self._plan_unchecked(text)
        except AnonymizationError:
            raise
        except Exception as exc:
            raise AnonymizationError(f"analysis failed ({type(exc).__name__})") from exc

    def _plan_unchecked(self, text: str) -> list[_Item]:
        from unionai_sdk.privacy._persons import Mention, link_persons

        analyzer, _ = _engines(self.languages)
        norm: Normalized = normalize(text)
        folded = fold_lookalikes(norm.text)
        found: list[tuple[str, int, int, float, Any]] = []
        for offset, chunk in _chunks(folded):
            if not chunk.strip():
                continue
            results = analyzer.analyze(
                text=chunk, language=self.languages[0], score_threshold=self.score_threshold
            )
            for r in results:
                mention = (r.recognition_metadata or {}).get("mention")
                if mention is not None and offset:
                    mention.start += offset
                    mention.end += offset
                found.append((r.entity_type, r.start + offset, r.end + offset, r.score, mention))
        kept = _resolve(found)
        # coreference over the whole document
        mentions = [f[4] for f in kept if f[0] == "PERSON" and isinstance(f[4], Mention)]
        persons = link_persons(folded, mentions)
        occupied = SpanSet((f[1], f[2]) for f in kept if f[0] not in CONTEXT_TYPES)
        keys_by_span: dict[tuple[int, int], tuple[str, ...]] = {}
        corefs: list[tuple[str, int, int, float, Any]] = []
        for p in persons:
            keys = tuple(p.keys())
            for m in p.mentions:
                keys_by_span[(m.start, m.end)] = keys
                if m.source == "coref" and not occupied.overlaps(m.start, m.end):
                    corefs.append(("PERSON", m.start, m.end, m.score, m))
                    occupied.add(m.start, m.end)
        kept = _carve_context(folded, kept, corefs) + corefs
        kept.sort(key=lambda f: f[1])
        items: list[_Item] = []
        for etype, s, e, score, _m in kept:
            os_, oe = norm.span(s, e)
            if oe <= os_:
                continue
            keys = keys_by_span.get((s, e), ()) if etype == "PERSON" else ()
            items.append(_Item(etype, os_, oe, round(float(score), 4), keys))
        return items

    def _replacement(self, item: _Item, value: str, vault: Vault) -> str | None:
        op = self.operators.get(item.entity_type, "keep")
        if op == "keep":
            return None
        if op == "redact":
            return ""
        if op == "mask":
            return "***"
        key = item.keys[0] if item.keys else default_key(item.entity_type, value)
        if op == "hash":
            digest = hashlib.sha256(f"{item.entity_type}:{key}".encode()).hexdigest()[:12]
            return f"<{item.entity_type}_{digest}>"
        placeholder = None
        for k in item.keys:
            placeholder = vault.lookup(item.entity_type, k)
            if placeholder is not None:
                break
        if placeholder is None:
            placeholder = vault.placeholder_for(
                item.entity_type, value, key=item.keys[0] if item.keys else None
            )
        for k in item.keys:
            vault.add_alias(placeholder, k)
        return placeholder

    def _apply(self, text: str, plan: list[_Item], vault: Vault) -> AnonymizedText:
        entities = tuple(
            Entity(i.entity_type, i.start, i.end, i.score, text[i.start : i.end]) for i in plan
        )
        edits: list[tuple[int, int, str]] = []
        for item in plan:
            rep = self._replacement(item, text[item.start : item.end], vault)
            if rep is not None:
                edits.append((item.start, item.end, rep))
        if not edits:
            return AnonymizedText(text, entities, vault)
        return AnonymizedText(_operate(text, edits), entities, vault)


#: Edits handed to presidio at a time. Presidio rebuilds the whole string for every
#: replacement, so one call over a big text with many entities is quadratic.
_OPERATE_BLOCK = 256


def _operate(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply sorted, disjoint replacements, a block of text at a time."""
    if len(edits) <= _OPERATE_BLOCK:
        return _operate_piece(text, edits)
    out: list[str] = []
    pos = 0
    for i in range(0, len(edits), _OPERATE_BLOCK):
        block = edits[i : i + _OPERATE_BLOCK]
        end = block[-1][1] if i + _OPERATE_BLOCK < len(edits) else len(text)
        out.append(_operate_piece(text[pos:end], [(s - pos, e - pos, r) for s, e, r in block]))
        pos = end
    return "".join(out)


def _operate_piece(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply replacements with presidio's AnonymizerEngine (custom operators)."""
    from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

    engine = _anonymizer_engine()
    # presidio passes only the span text to a custom operator: give each span a
    # unique pseudo-type so that equal texts with different replacements stay apart
    results = []
    operators: dict[str, OperatorConfig] = {}
    for n, (s, e, rep) in enumerate(edits):
        etype = f"E{n}"
        results.append(RecognizerResult(etype, s, e, 1.0))
        operators[etype] = OperatorConfig("custom", {"lambda": _const(rep)})
    out = engine.anonymize(
        text=text,
        analyzer_results=results,
        operators=operators,
        merge_entities_with_spaces=False,
    )
    return str(out.text)


def _const(value: str) -> Callable[[str], str]:
    return lambda _text: value


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")


# ---------------------------------------------------------------------- process pool
_WORKER: Anonymizer | None = None


def _worker_init(config: tuple[tuple[str, ...], str, dict[str, str], float]) -> None:
    global _WORKER
    languages, profile, operators, threshold = config
    _WORKER = Anonymizer(
        languages=languages, profile=profile, operators=operators, score_threshold=threshold
    )
    _WORKER.load()


def _worker_plans(texts: list[str]) -> list[list[_Item]]:
    assert _WORKER is not None
    return [_WORKER._plan(t) for t in texts]
