"""classify_appeals with in-process stand-ins injected through its parameters."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from appeals_fakes import PII, StandInAnonymizer, StandInLLM, classify_text, make_appeals

from unionai_sdk.analytics import DEFAULT_TAXONOMY, Category, Taxonomy, classify_appeals
from unionai_sdk.analytics._classify import RESULT_COLUMNS
from unionai_sdk.exceptions import (
    AuthenticationError,
    ProviderUnavailableError,
    StructuredOutputError,
    UsageError,
)


def run(
    data: Any, llm: StandInLLM, anon: StandInAnonymizer, cache_dir: Path, **kw: Any
) -> pd.DataFrame:
    return classify_appeals(
        data, llm=llm, anonymizer=anon, cache_dir=cache_dir, progress=False, **kw
    )


def test_list_input_gives_rows_in_order_with_the_contract_columns(
    stand_in_llm: StandInLLM, stand_in_anonymizer: StandInAnonymizer, cache_dir: Path
) -> None:
    texts = make_appeals(10)
    df = run(texts, stand_in_llm, stand_in_anonymizer, cache_dir)
    assert tuple(df.columns) == RESULT_COLUMNS
    assert df["id"].tolist() == list(range(10))
    expected = [classify_text(t)["category"] for t in texts]
    assert df["category"].tolist() == expected
    assert set(df["category"]) <= set(DEFAULT_TAXONOMY.codes)
    assert df["error"].isna().all()
    assert (df["model"] == "stand-in/model").all()
    assert df["prompt_version"].nunique() == 1
    assert df["confidence"].dtype == "float64"
    assert df.attrs["unionai"]["sent"] == 10


def test_dataframe_input_keeps_ids_and_order(
    stand_in_llm: StandInLLM, stand_in_anonymizer: StandInAnonymizer, cache_dir: Path
) -> None:
    src = pd.DataFrame({"appeal_id": ["z9", "a1", "m5"], "body": make_appeals(3)})
    df = run(
        src, stand_in_llm, stand_in_anonymizer, cache_dir, id_column="appeal_id", text_column="body"
    )
    assert df["id"].tolist() == ["z9", "a1", "m5"]
    assert df["category"].tolist() == [classify_text(t)["category"] for t in src["body"]]
    with pytest.raises(UsageError):
        run(src, stand_in_llm, stand_in_anonymizer, cache_dir)  # no "id"/"text" columns


def test_only_anonymized_text_leaves_and_summaries_keep_placeholders(
    stand_in_llm: StandInLLM, stand_in_anonymizer: StandInAnonymizer, cache_dir: Path
) -> None:
    df = run(make_appeals(20), stand_in_llm, stand_in_anonymizer, cache_dir)
    sent = json.dumps(stand_in_llm.sent, ensure_ascii=False)
    for value in PII:
        assert value not in sent
        assert not df["summary"].str.contains(value, regex=False).any()
    assert "<PERSON_1>" in sent
    assert df["summary"].str.contains("<PERSON_", regex=False).all()  # never deanonymized
    # one vault for the batch: the same person keeps the same placeholder
    persons = {s.split()[0] for s in df["summary"]}
    assert persons == {"<PERSON_1>", "<PERSON_2>", "<PERSON_3>", "<PERSON_4>"}


def test_rerun_answers_from_the_cache_without_requests(
    stand_in_anonymizer: StandInAnonymizer, cache_dir: Path
) -> None:
    texts = make_appeals(12)
    first = run(texts, StandInLLM(), stand_in_anonymizer, cache_dir)
    again_llm = StandInLLM()
    second = run(texts, again_llm, StandInAnonymizer(names=stand_in_anonymizer.names), cache_dir)
    assert again_llm.sent == []
    assert second.attrs["unionai"]["cached"] == 12
    assert second.attrs["unionai"]["sent"] == 0
    pd.testing.assert_frame_equal(first, second)
    cache_text = (cache_dir / "classifications.v1.jsonl").read_text(encoding="utf-8")
    assert len(cache_text.splitlines()) == 12
    for value in PII:
        assert value not in cache_text


def test_cache_key_includes_model_and_taxonomy(
    stand_in_anonymizer: StandInAnonymizer, cache_dir: Path
) -> None:
    texts = make_appeals(4)
    run(texts, StandInLLM(), stand_in_anonymizer, cache_dir)
    other_model = StandInLLM(model="stand-in/other")
    run(texts, other_model, stand_in_anonymizer, cache_dir)
    assert len(other_model.sent) == 4
    small = Taxonomy(
        (Category("pay", "Оплата", "Төлем", "pay"), Category("other", "Прочее", "Басқа", "-"))
    )
    third = StandInLLM()
    df = run(texts, third, stand_in_anonymizer, cache_dir, taxonomy=small)
    assert len(third.sent) == 4
    assert "pay" in third.sent[0][0]["content"] + third.sent[0][1]["content"]
    # the model's default-taxonomy answers are unknown here: fallback + a note
    assert set(df["category"]) == {"other"}
    assert set(df["error"]) == {"unknown_category"}


def test_identical_anonymized_texts_are_sent_once(
    stand_in_llm: StandInLLM, cache_dir: Path
) -> None:
    texts = ["Нет отопления в классе.", "Нет отопления в классе.", "Прошу путёвку."]
    df = run(texts, stand_in_llm, StandInAnonymizer(), cache_dir)
    assert len(stand_in_llm.sent) == 2
    stats = df.attrs["unionai"]
    # the twin either joined the call in flight or found its answer already cached
    assert stats["deduplicated"] + stats["cached"] == 1
    assert df["category"].tolist() == [
        "labour_safety",
        "labour_safety",
        "collective_agreement_social",
    ]


def test_near_miss_categories_are_repaired_and_unknown_ones_noted(cache_dir: Path) -> None:
    answers = iter(
        [
            {"category": "Attestation", "urgency": "HIGH", "summary": "a", "confidence": 0.9},
            {"category": "Отпуск 56 дней", "urgency": " Medium", "summary": "b", "confidence": 1},
            {"category": "wages", "urgency": "low", "summary": "c", "confidence": 0.4},
        ]
    )
    llm = StandInLLM(answer=lambda _t: next(answers))
    df = run(["a", "b", "c"], llm, StandInAnonymizer(), cache_dir, concurrency=1)
    assert df["category"].tolist() == ["attestation", "leave_56_days", "other"]
    assert df["urgency"].tolist() == ["high", "medium", "low"]
    assert df["error"].tolist()[:2] == [None, None]
    assert df["error"].tolist()[2] == "unknown_category"


def test_failures_are_per_row_short_and_free_of_personal_data(
    stand_in_anonymizer: StandInAnonymizer, cache_dir: Path
) -> None:
    texts = make_appeals(6)

    def answer(text: str) -> Any:
        if "(№2)" in text:
            return ProviderUnavailableError(f"boom {text}", status_code=503)
        if "(№4)" in text:
            return StructuredOutputError(f"bad {text}", schema="X", attempts=3, errors=())
        return classify_text(text)

    llm = StandInLLM(answer=answer)
    df = run(texts, llm, stand_in_anonymizer, cache_dir)
    assert df.loc[2, "error"] == "ProviderUnavailableError(status=503)"
    assert df.loc[4, "error"] == "StructuredOutputError(attempts=3)"
    assert df.loc[2, "category"] is None
    assert df.loc[4, "category"] is None
    assert df["category"].notna().sum() == 4
    assert df.attrs["unionai"]["failed"] == 2
    # failures are not cached: a re-run retries exactly them
    retry = StandInLLM()
    again = run(texts, retry, StandInAnonymizer(names=stand_in_anonymizer.names), cache_dir)
    assert len(retry.sent) == 2
    assert again["error"].isna().all()


def test_authentication_error_stops_the_run(
    stand_in_anonymizer: StandInAnonymizer, cache_dir: Path
) -> None:
    llm = StandInLLM(answer=lambda _t: AuthenticationError("no key", status_code=401))
    with pytest.raises(AuthenticationError):
        run(make_appeals(3), llm, stand_in_anonymizer, cache_dir)


def test_empty_texts_are_not_sent(stand_in_llm: StandInLLM, cache_dir: Path) -> None:
    df = run(
        ["", None, float("nan"), "Прошу путёвку."], stand_in_llm, StandInAnonymizer(), cache_dir
    )
    assert len(stand_in_llm.sent) == 1
    assert df["error"].tolist()[:3] == ["empty_text"] * 3
    assert df.loc[3, "category"] == "collective_agreement_social"


def test_concurrency_is_bounded(stand_in_anonymizer: StandInAnonymizer, cache_dir: Path) -> None:
    llm = StandInLLM(delay=0.02)
    run(make_appeals(30), llm, stand_in_anonymizer, cache_dir, concurrency=3)
    assert llm.max_in_flight == 3
    assert len(llm.sent) == 30


def test_works_when_an_event_loop_is_already_running(
    stand_in_llm: StandInLLM, stand_in_anonymizer: StandInAnonymizer, cache_dir: Path
) -> None:
    """As in Jupyter: the caller's loop is running in this thread."""

    async def notebook_cell() -> pd.DataFrame:
        return run(make_appeals(5), stand_in_llm, stand_in_anonymizer, cache_dir)

    df = asyncio.run(notebook_cell())
    assert df["category"].notna().all()
    assert len(stand_in_llm.sent) == 5


def test_bad_arguments_are_usage_errors(stand_in_llm: StandInLLM, cache_dir: Path) -> None:
    with pytest.raises(UsageError):
        run(["x"], stand_in_llm, StandInAnonymizer(), cache_dir, concurrency=0)
    with pytest.raises(UsageError):
        run(["x"], stand_in_llm, StandInAnonymizer(), cache_dir, rate_limit=0)
    with pytest.raises(UsageError):
        run("just one string", stand_in_llm, StandInAnonymizer(), cache_dir)


def test_rate_limit_spaces_requests(
    stand_in_anonymizer: StandInAnonymizer, cache_dir: Path
) -> None:
    import time

    llm = StandInLLM()
    t0 = time.perf_counter()
    run(make_appeals(6), llm, stand_in_anonymizer, cache_dir, rate_limit=50.0, concurrency=6)
    # a token bucket with burst 1 at 50/s cannot start 6 calls in under 5 intervals
    assert time.perf_counter() - t0 >= 5 / 50
    assert len(llm.sent) == 6


def test_torn_cache_tail_is_skipped_and_repaired(
    stand_in_anonymizer: StandInAnonymizer, cache_dir: Path
) -> None:
    texts = make_appeals(3)
    run(texts, StandInLLM(), stand_in_anonymizer, cache_dir)
    path = cache_dir / "classifications.v1.jsonl"
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:2]) + lines[2][:25])  # a crash mid-write
    llm = StandInLLM()
    df = run(texts, llm, StandInAnonymizer(names=stand_in_anonymizer.names), cache_dir)
    assert len(llm.sent) == 1
    assert df["category"].notna().all()
    reloaded = [json.loads(x) for x in path.read_bytes().splitlines()[:2]] + [
        json.loads(path.read_bytes().splitlines()[-1])
    ]
    assert len(reloaded) == 3


def test_fully_cached_rerun_skips_anonymization_too(cache_dir: Path) -> None:
    texts = make_appeals(8)
    run(texts, StandInLLM(), StandInAnonymizer(), cache_dir)
    anon = StandInAnonymizer()
    llm = StandInLLM()
    df = run(texts, llm, anon, cache_dir)
    assert anon.calls == 0
    assert llm.sent == []
    assert df.attrs["unionai"]["cached"] == 8
    key_file = cache_dir / "hmac.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    # a new text in the batch: only it is anonymized and sent
    more = StandInLLM()
    anon2 = StandInAnonymizer()
    run([*texts, "Прошу путёвку в санаторий."], more, anon2, cache_dir)
    assert anon2.calls == 1
    assert len(more.sent) == 1


def test_the_registry_template_is_used(stand_in_llm: StandInLLM, cache_dir: Path) -> None:
    df = run(["Нет отопления."], stand_in_llm, StandInAnonymizer(), cache_dir)
    assert df.loc[0, "prompt_version"] == "appeal_classification.v1"
    user = next(m["content"] for m in stand_in_llm.sent[0] if m["role"] == "user")
    assert "MEMBER_TEXT" in user
    assert "Нет отопления." in user
    system = " ".join(m["content"] for m in stand_in_llm.sent[0] if m["role"] == "system")
    assert "- leave_56_days — Отпуск 56 дней" in system


def test_an_injected_template_replaces_the_registry(
    stand_in_llm: StandInLLM, cache_dir: Path
) -> None:
    class Template:
        name = "my_classifier"
        version = 7
        variables = frozenset({"text", "category_codes"})

        def render(self, **v: str) -> list[dict[str, str]]:
            return [
                {"role": "system", "content": f"codes: {v['category_codes']}"},
                {"role": "user", "content": v["text"]},
            ]

    df = run(
        ["Нет отопления."], stand_in_llm, StandInAnonymizer(), cache_dir, prompt_template=Template()
    )
    assert df.loc[0, "prompt_version"] == "my_classifier.v7"
    assert stand_in_llm.sent[0][0]["content"].startswith("codes: workload_tarification, ")
    assert df.loc[0, "category"] == "labour_safety"


def test_interrupt_in_a_notebook_cancels_the_batch_and_keeps_finished_items(
    stand_in_anonymizer: StandInAnonymizer, cache_dir: Path
) -> None:
    """Jupyter's stop button raises KeyboardInterrupt in the main thread while the
    batch runs on its own loop in a worker thread."""
    import os
    import signal
    import threading

    llm = StandInLLM(delay=0.02)
    texts = make_appeals(400)

    cache_file = cache_dir / "classifications.v1.jsonl"

    def interrupt_after_first_items() -> None:
        # press "stop" once some items are finished (not after a fixed time: a
        # loaded machine may not have finished any item yet)
        import time

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if cache_file.exists() and len(cache_file.read_bytes().splitlines()) >= 3:
                break
            time.sleep(0.01)
        os.kill(os.getpid(), signal.SIGINT)

    async def cell() -> None:
        threading.Thread(target=interrupt_after_first_items, daemon=True).start()
        with pytest.raises(KeyboardInterrupt):
            run(texts, llm, stand_in_anonymizer, cache_dir, concurrency=2)

    loop = asyncio.new_event_loop()  # like ipykernel: a running loop, no SIGINT handler
    try:
        loop.run_until_complete(cell())
    finally:
        loop.close()
    sent = len(llm.sent)
    assert 0 < sent < len(texts)  # stopped early
    assert not [t for t in threading.enumerate() if t.name.startswith("unionai-")]
    lines = cache_file.read_text(encoding="utf-8").splitlines()
    assert sent - 2 <= len(lines) <= sent  # finished items are on disk, in-flight ones are not
    again = StandInLLM()
    df = run(texts, again, StandInAnonymizer(names=stand_in_anonymizer.names), cache_dir)
    assert len(again.sent) == len(texts) - len(lines)
    assert df["category"].notna().all()
