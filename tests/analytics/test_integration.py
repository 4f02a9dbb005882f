"""The real stack: Anonymizer + LLMClient (litellm) + the local OpenAI-compatible server."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from appeals_fakes import server_handler

from unionai_sdk.analytics import classify_appeals, counts_by_category
from unionai_sdk.synthetic import generate_doc
from unionai_sdk.testing import OpenAICompatServer, Reply

CHECKED = {"PERSON", "KZ_IIN", "PHONE_NUMBER", "EMAIL_ADDRESS"}


@pytest.fixture(scope="module")
def anonymizer() -> Any:
    from unionai_sdk.privacy import Anonymizer

    return Anonymizer()


@pytest.fixture(scope="module")
def docs() -> list[Any]:
    langs = ("ru", "kk", "ru")
    return [generate_doc(random.Random(7000 + i), "appeal", langs[i % 3]) for i in range(16)]


def _received(server: OpenAICompatServer) -> str:
    """Everything the server got: raw bytes and the decoded JSON (for \\u escapes)."""
    raw = b"\n".join(server.raw_bodies).decode("utf-8")
    return raw + "\n" + json.dumps(server.requests, ensure_ascii=False)


def test_no_synthetic_personal_data_reaches_the_server(
    anonymizer: Any, docs: list[Any], tmp_path: Path
) -> None:
    with OpenAICompatServer(server_handler) as server:
        df = classify_appeals(
            [d.text for d in docs],
            model="openai/test-model",
            api_base=server.url,
            api_key="test-key",
            anonymizer=anonymizer,
            cache_dir=tmp_path / "cache",
            progress=False,
        )
        received = _received(server)
        assert len(server.requests) == len(docs)
    pii = {d.text[s:e] for d in docs for s, e, t in d.spans if t in CHECKED}
    assert len(pii) > 25
    leaked = sorted(v for v in pii if v in received)
    assert leaked == []
    assert "<PERSON_1>" in received
    assert df["category"].notna().all()
    assert df["error"].isna().all()
    # summaries stay anonymized; the cache holds nothing from the originals either
    summaries = " ".join(df["summary"])
    cache_text = (tmp_path / "cache" / "classifications.v1.jsonl").read_text(encoding="utf-8")
    assert [v for v in pii if v in summaries or v in cache_text] == []
    assert "<PERSON_" in summaries
    counts = counts_by_category(df)
    assert counts["count"].sum() == len(docs)


def test_provider_errors_and_repairs_through_the_real_client(
    anonymizer: Any, tmp_path: Path
) -> None:
    texts = ["Прошу разъяснить порядок аттестации.", "В классе нет отопления.", "Хочу путёвку."]
    seen: list[str] = []

    def handler(request: dict[str, Any]) -> Reply | str:
        user = next(m["content"] for m in request["messages"] if m["role"] == "user")
        seen.append(user)
        if "аттестации" in user:  # invalid JSON first, repaired on the next attempt
            if sum("аттестации" in u for u in seen) == 1:
                return "это не JSON"
            answer = {
                "category": "attestation",
                "urgency": "low",
                "summary": "Вопрос.",
                "confidence": 0.9,
            }
            return json.dumps(answer, ensure_ascii=False)
        if "отопления" in user:
            return Reply.error(400, "bad request")  # not retryable: this row fails
        answer = {"category": "salary", "urgency": "medium", "summary": "x", "confidence": 0.5}
        return json.dumps(answer)  # a category the taxonomy does not know

    with OpenAICompatServer(handler) as server:
        df = classify_appeals(
            texts,
            model="openai/test-model",
            api_base=server.url,
            api_key="test-key",
            anonymizer=anonymizer,
            cache_dir=tmp_path / "cache",
            concurrency=1,
            progress=False,
        )
    assert df.loc[0, "category"] == "attestation"
    assert df.loc[0, "error"] is None
    assert df.loc[1, "category"] is None
    assert df.loc[1, "error"] == "BadRequestError(status=400)"
    assert df.loc[2, "category"] == "other"
    assert df.loc[2, "error"] == "unknown_category"
    assert df.attrs["unionai"]["sent"] == 3
    assert df.attrs["unionai"]["attempts"] >= 4  # the repair counted
