"""Batch classification of member appeals with an LLM.

The flow for one run:

1. every text is anonymized locally, all with **one vault** (the same person
   gets the same placeholder across appeals; the vault never leaves this
   function, summaries stay anonymized);
2. the cache (``cache_dir``) is consulted with ``sha256(anonymized text) +
   model + prompt version + taxonomy fingerprint``; identical anonymized texts
   are sent once;
3. the misses go to the model concurrently (``asyncio.Semaphore``), optionally
   rate limited (token bucket), retried and repaired by
   :meth:`LLMClient.acomplete_structured`;
4. each answer is validated against the taxonomy and appended to the cache at
   once, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from unionai_sdk.analytics._cache import ClassificationCache, cache_key
from unionai_sdk.analytics._prompt import ClassificationPrompt, resolve_prompt
from unionai_sdk.analytics._runner import TokenBucket, make_progress, run_sync
from unionai_sdk.analytics._taxonomy import DEFAULT_TAXONOMY, Taxonomy, normalize_urgency
from unionai_sdk.exceptions import (
    AuthenticationError,
    MissingExtraError,
    ProviderError,
    StructuredOutputError,
    UnionAIError,
    UsageError,
)

if TYPE_CHECKING:
    import pandas as pd
    from pandas import DataFrame
    from pydantic import BaseModel

__all__ = ["RESULT_COLUMNS", "classify_appeals"]

#: Columns of the DataFrame :func:`classify_appeals` returns, in order.
RESULT_COLUMNS: tuple[str, ...] = (
    "id",
    "category",
    "subcategory",
    "urgency",
    "summary",
    "confidence",
    "model",
    "prompt_version",
    "error",
)

SUMMARY_MAX_CHARS = 400

T = TypeVar("T", bound="BaseModel")
T_co = TypeVar("T_co", covariant=True)


# --- what we need from the injected collaborators (structural types) ----------


class _ResponseLike(Protocol):
    @property
    def model(self) -> str: ...


class _StructuredLike(Protocol[T_co]):
    @property
    def output(self) -> T_co: ...
    @property
    def response(self) -> _ResponseLike: ...
    @property
    def attempts(self) -> int: ...


class StructuredLLM(Protocol):
    """The part of :class:`unionai_sdk.llm.LLMClient` this module uses."""

    @property
    def model(self) -> str: ...

    async def acomplete_structured(
        self, messages: Sequence[dict[str, str]], schema: type[T], *, max_repairs: int = 2
    ) -> _StructuredLike[T]: ...


class _AnonymizedLike(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def vault(self) -> Any: ...


class AnonymizerLike(Protocol):
    """The part of :class:`unionai_sdk.privacy.Anonymizer` this module uses."""

    def anonymize(self, text: str, vault: Any = None) -> _AnonymizedLike: ...


def require_pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - the analytics extra is installed in dev
        raise MissingExtraError("analytics", "pandas") from exc
    return pandas


# --- input ---------------------------------------------------------------------


def _extract(data: Any, id_column: str, text_column: str) -> tuple[list[Any], list[str | None]]:
    pd = require_pandas()
    if isinstance(data, pd.DataFrame):
        missing = [c for c in (id_column, text_column) if c not in data.columns]
        if missing:
            raise UsageError(
                f"The DataFrame has no column(s) {missing}; pass id_column=/text_column="
            )
        ids = data[id_column].tolist()
        raw = data[text_column].tolist()
    elif isinstance(data, str):
        raise UsageError("classify_appeals takes a list of texts or a DataFrame, not one string")
    elif isinstance(data, pd.Series):
        ids = data.index.tolist()
        raw = data.tolist()
    else:
        raw = list(data)
        ids = list(range(len(raw)))
    texts: list[str | None] = []
    for value in raw:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            texts.append(None)
        else:
            text = str(value)
            texts.append(text if text.strip() else None)
    return ids, texts


# --- per-item result -----------------------------------------------------------


def _error_note(exc: BaseException) -> str:
    """A short, PII-free description: the error type and, when known, a status code."""
    note = type(exc).__name__
    if isinstance(exc, StructuredOutputError):
        note += f"(attempts={exc.attempts})"
    elif isinstance(exc, ProviderError) and exc.status_code is not None:
        note += f"(status={exc.status_code})"
    return note


def _scrub_summary(summary: str) -> str:
    """Shorten; mask any identifier a model might have made up (regex scan, no NER)."""
    summary = " ".join(summary.split())
    if len(summary) > SUMMARY_MAX_CHARS:
        summary = summary[: SUMMARY_MAX_CHARS - 1].rstrip() + "…"
    try:
        from unionai_sdk.privacy import scan_identifiers
    except ImportError:  # pragma: no cover - privacy is a core part of the package
        return summary
    for ent in sorted(scan_identifiers(summary), key=lambda e: e.start, reverse=True):
        summary = summary[: ent.start] + f"<{ent.entity_type}>" + summary[ent.end :]
    return summary


def _field(output: Any, name: str) -> str | None:
    """A string field of the model's answer (enum members give their value)."""
    value = output.get(name) if isinstance(output, Mapping) else getattr(output, name, None)
    value = getattr(value, "value", value)
    return None if value is None else str(value)


def _validate(output: Any, taxonomy: Taxonomy) -> dict[str, Any]:
    """Model output -> a row, with the category checked against the taxonomy.

    A near miss (case, separators, a ru/kk label) is repaired silently; an unknown
    category becomes the taxonomy's fallback with ``error="unknown_category"``.
    """
    notes: list[str] = []
    category = taxonomy.resolve(_field(output, "category"))
    if category is None:
        category = taxonomy.fallback
        notes.append("unknown_category")
    subcategory = taxonomy.resolve_subcategory(category, _field(output, "subcategory"))
    urgency = normalize_urgency(_field(output, "urgency"))
    if urgency is None:
        notes.append("unknown_urgency")
    raw_conf: Any = (
        output.get("confidence")
        if isinstance(output, Mapping)
        else getattr(output, "confidence", None)
    )
    try:
        confidence: float | None = float(raw_conf)
    except (TypeError, ValueError):
        confidence = None
    if confidence is not None:
        confidence = min(1.0, max(0.0, confidence)) if math.isfinite(confidence) else None
    summary = _scrub_summary(_field(output, "summary") or "")
    return {
        "category": category,
        "subcategory": subcategory,
        "urgency": urgency,
        "summary": summary,
        "confidence": confidence,
        "error": ";".join(notes) or None,
    }


# --- the run -------------------------------------------------------------------


@dataclass
class _Job:
    key: str
    text: str  # anonymized
    indices: list[int] = field(default_factory=list)
    raws: list[str] = field(default_factory=list)  # HMACs of the original texts


@dataclass
class RunStats:
    """Figures of one run; also in ``df.attrs["unionai"]``."""

    rows: int = 0
    sent: int = 0  # distinct model calls started
    attempts: int = 0  # model attempts reported by the client (retries, repairs)
    cached: int = 0  # rows answered from the cache
    deduplicated: int = 0  # rows sharing a call with an identical anonymized text
    failed: int = 0  # rows with an error and no category
    anonymize_s: float = 0.0  # time spent in the anonymizer (overlaps the model calls)
    wall_s: float = 0.0
    cache_path: str = ""
    prompt_version: str = ""
    taxonomy: str = ""

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def classify_appeals(
    data: Any,
    model: str | None = None,
    *,
    api_base: str | None = None,
    api_key: str | None = None,
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
    concurrency: int = 8,
    rate_limit: float | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
    llm: StructuredLLM | None = None,
    anonymizer: AnonymizerLike | None = None,
    id_column: str = "id",
    text_column: str = "text",
    max_repairs: int = 2,
    prompt_template: Any = None,
) -> pd.DataFrame:
    """Classify member appeals against ``taxonomy``; one result row per input row.

    ``data`` is a list of texts (ids are 0..n-1) or a pandas DataFrame with
    ``id_column`` and ``text_column``. Every text is anonymized before it is
    sent; the model sees placeholders only and summaries keep them.

    Returns a DataFrame with :data:`RESULT_COLUMNS`, rows in input order.
    ``error`` is ``None`` or a short PII-free note (an error type, or
    ``unknown_category`` when the model's category was replaced by the
    fallback). Run figures (requests sent, cache hits, time spent anonymizing)
    are in ``df.attrs["unionai"]``.

    At most ``concurrency`` requests are in flight; ``rate_limit`` (requests
    per second, token bucket) spaces them further. Retries, backoff and repairs
    of invalid JSON (``max_repairs``) happen in the LLM client; an item that
    still fails gets an ``error`` and the others go on, while a configuration
    or authentication error stops the run.

    ``llm`` and ``anonymizer`` inject collaborators (tests, custom setups);
    otherwise an :class:`~unionai_sdk.llm.LLMClient` is built from
    ``model``/``api_base``/``api_key`` (or ``UNIONAI_*`` settings) and the
    default :class:`~unionai_sdk.privacy.Anonymizer` is used.
    ``prompt_template`` replaces the registry's ``appeal_classification``
    template (anything with ``name``, ``version``, ``variables`` and
    ``render(**variables)``).

    Every answer is appended to ``cache_dir`` (default
    ``<UNIONAI_HOME>/cache/appeals``) as soon as it arrives: re-running over the
    same data sends nothing, and a run that was interrupted (Ctrl-C, a killed
    process, the notebook's stop button) continues where it stopped. Works in
    scripts and in Jupyter (a running event loop is left alone: the batch runs
    on its own loop in a worker thread). ``progress=None`` shows a tqdm bar in
    Jupyter and terminals.
    """
    pd = require_pandas()
    if concurrency < 1:
        raise UsageError("concurrency must be at least 1")
    if rate_limit is not None and rate_limit <= 0:
        raise UsageError("rate_limit must be a positive number of requests per second")
    started = time.perf_counter()
    ids, texts = _extract(data, id_column, text_column)

    from unionai_sdk._config import Settings

    settings = Settings.resolve(model=model, api_base=api_base, api_key=api_key)
    if llm is None:
        llm = _default_llm(model, api_base=api_base, api_key=api_key, settings=settings)
    if anonymizer is None:
        from unionai_sdk.privacy import Anonymizer

        anonymizer = Anonymizer()
    cache_path = Path(cache_dir) if cache_dir is not None else settings.home / "cache" / "appeals"
    prompt = resolve_prompt(taxonomy, template=prompt_template)

    stats = RunStats(
        rows=len(texts),
        prompt_version=prompt.version,
        taxonomy=taxonomy.fingerprint,
        cache_path=str(cache_path),
    )
    rows: list[dict[str, Any]] = [
        {"id": i, "model": None, "prompt_version": prompt.version} for i in ids
    ]

    bar = make_progress(progress, len(texts), "Классификация обращений")
    try:
        with ClassificationCache(cache_path) as cache:
            run_sync(
                lambda: _pipeline(
                    texts,
                    rows=rows,
                    llm=llm,
                    anonymizer=anonymizer,
                    prompt=prompt,
                    taxonomy=taxonomy,
                    cache=cache,
                    concurrency=concurrency,
                    rate_limit=rate_limit,
                    max_repairs=max_repairs,
                    stats=stats,
                    bar=bar,
                )
            )
    finally:
        bar.close()
    stats.failed = sum(1 for r in rows if r.get("category") is None)
    stats.wall_s = time.perf_counter() - started
    # object columns: missing values stay None on pandas 2 and 3 alike
    frame = pd.DataFrame(rows, columns=list(RESULT_COLUMNS), dtype=object)
    frame["confidence"] = frame["confidence"].astype("float64")
    frame.attrs["unionai"] = stats.as_dict()
    return cast("DataFrame", frame)


def _default_llm(model: str | None, **kwargs: Any) -> StructuredLLM:
    import importlib

    llm_module: Any = importlib.import_module("unionai_sdk.llm")
    client: StructuredLLM = llm_module.LLMClient(model, **kwargs)
    return client


def _empty_row(error: str) -> dict[str, Any]:
    return {
        "category": None,
        "subcategory": None,
        "urgency": None,
        "summary": None,
        "confidence": None,
        "error": error,
    }


_CACHED_FIELDS = ("category", "subcategory", "urgency", "summary", "confidence", "model", "error")


def _from_cache(record: Mapping[str, Any]) -> dict[str, Any]:
    return {f: record.get(f) for f in _CACHED_FIELDS}


_DONE = object()


async def _pipeline(
    texts: Sequence[str | None],
    *,
    rows: list[dict[str, Any]],
    llm: StructuredLLM,
    anonymizer: AnonymizerLike,
    prompt: ClassificationPrompt,
    taxonomy: Taxonomy,
    cache: ClassificationCache,
    concurrency: int,
    rate_limit: float | None,
    max_repairs: int,
    stats: RunStats,
    bar: Any,
) -> None:
    """Anonymize in a worker thread while the model calls run on this loop.

    1. Texts whose original-text HMAC is in the cache are answered at once:
       a fully cached re-run neither anonymizes nor sends anything.
    2. The rest are anonymized in input order with **one vault** (the same
       person keeps one placeholder across the batch) in a thread, and handed
       to the loop one by one, so the first requests leave while later texts
       are still being anonymized. The vault never leaves that thread.
    3. Each anonymized text is looked up by ``sha256(anonymized text)`` (+ model,
       prompt, taxonomy); identical ones share one call; misses are sent with at
       most ``concurrency`` in flight, rate limited, and each answer is appended
       to the cache the moment it is validated.
    """
    loop = asyncio.get_running_loop()
    context = f"{llm.model}\n{prompt.version}+{prompt.fingerprint}\n{taxonomy.fingerprint}"
    prompt_key = f"{prompt.version}+{prompt.fingerprint}"

    # 1. the original-text index
    todo: list[tuple[int, str, str]] = []  # (index, original text, its HMAC)
    for idx, text in enumerate(texts):
        if text is None:
            rows[idx].update(_empty_row("empty_text"))
            bar.update(1)
            continue
        raw = cache.raw_key(text, context=context)
        key = cache.key_for_raw(raw)
        record = cache.get(key) if key is not None else None
        if record is not None:
            rows[idx].update(_from_cache(record))
            stats.cached += 1
            bar.update(1)
        else:
            todo.append((idx, text, raw))
    if not todo:
        return

    # 2. anonymization in a worker thread, streamed to this loop
    queue: asyncio.Queue[Any] = asyncio.Queue()
    stop = threading.Event()

    def emit(item: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the loop is gone: the run was cancelled
            loop.call_soon_threadsafe(queue.put_nowait, item)

    def produce() -> None:
        vault: Any = None
        try:
            for idx, text, raw in todo:
                if stop.is_set():
                    return
                started = time.perf_counter()
                try:
                    result = anonymizer.anonymize(text, vault)
                except UnionAIError as exc:  # AnonymizationError: nothing of it is sent
                    emit(("failed", idx, _error_note(exc)))
                    continue
                finally:
                    stats.anonymize_s += time.perf_counter() - started
                vault = result.vault
                emit(("masked", idx, result.text, raw))
        except BaseException as exc:
            emit(("crashed", exc))
        finally:
            del vault  # stays local: results are never deanonymized
            emit(_DONE)

    producer = threading.Thread(target=produce, name="unionai-anonymize", daemon=True)

    # 3. cache look-ups and model calls
    semaphore = asyncio.Semaphore(concurrency)
    bucket = TokenBucket(rate_limit) if rate_limit else None
    in_flight: dict[str, _Job] = {}
    tasks: list[asyncio.Task[None]] = []

    async def call(job: _Job) -> None:
        async with semaphore:
            if bucket is not None:
                await bucket.acquire()
            stats.sent += 1
            try:
                answer = await llm.acomplete_structured(
                    prompt.build(job.text), prompt.schema, max_repairs=max_repairs
                )
            except (UsageError, AuthenticationError):
                raise  # the same for every item: stop the run
            except Exception as exc:  # this item failed; the rest go on
                attempts = getattr(exc, "attempts", 1)
                stats.attempts += attempts if isinstance(attempts, int) else 1
                for idx in job.indices:
                    rows[idx].update(_empty_row(_error_note(exc)))
                    rows[idx]["model"] = llm.model
                bar.update(len(job.indices))
                return
            finally:
                in_flight.pop(job.key, None)
        stats.attempts += answer.attempts
        result = _validate(answer.output, taxonomy)
        result["model"] = answer.response.model or llm.model
        cache.put(job.key, result, raw=job.raws[0])  # at once: a crash now loses nothing
        for raw in job.raws[1:]:
            cache.alias(raw, job.key)
        for idx in job.indices:
            rows[idx].update(result)
        bar.update(len(job.indices))

    producer.start()
    try:
        while True:
            item = await queue.get()
            if item is _DONE:
                break
            if item[0] == "crashed":
                raise item[1]
            if item[0] == "failed":
                _, idx, note = item
                rows[idx].update(_empty_row(note))
                bar.update(1)
                continue
            _, idx, masked, raw = item
            key = cache_key(
                masked, model=llm.model, prompt_version=prompt_key, taxonomy=taxonomy.fingerprint
            )
            record = cache.get(key)
            if record is not None:
                cache.alias(raw, key)
                rows[idx].update(_from_cache(record))
                stats.cached += 1
                bar.update(1)
                continue
            job = in_flight.get(key)
            if job is not None:  # the same anonymized text is already on its way
                job.indices.append(idx)
                job.raws.append(raw)
                stats.deduplicated += 1
                continue
            job = in_flight[key] = _Job(key, masked, [idx], [raw])
            tasks.append(asyncio.ensure_future(call(job)))
        await asyncio.gather(*tasks)
    finally:
        stop.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.to_thread(producer.join)
