"""Output schemas validate what the model should return and refuse the rest."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from unionai_sdk.prompts import (
    AppealClassification,
    Citation,
    FaqAnswer,
    LegalMemo,
    Resolution,
)


def test_memo_validates_and_normalizes_article_numbers(memo_ru: dict[str, Any]) -> None:
    memo = LegalMemo.model_validate(memo_ru)
    assert memo.applicable_law[0].article == "52"
    assert memo.questions == memo_ru["questions"]
    assert memo.analysis[0].procedure_and_deadlines.startswith("Согласительная")


def test_memo_requires_questions_analysis_and_recommendations(memo_ru: dict[str, Any]) -> None:
    for field in ("questions", "analysis", "conclusions_and_recommendations"):
        broken = {**memo_ru, field: []}
        with pytest.raises(ValidationError):
            LegalMemo.model_validate(broken)


def test_memo_refuses_extra_fields(memo_ru: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="extra"):
        LegalMemo.model_validate({**memo_ru, "verdict": "guilty"})


def test_resolution_body_names_are_normalized(resolution_ru: dict[str, Any]) -> None:
    assert Resolution.model_validate(resolution_ru).body == "presidium"
    for name in ("Исполнительный комитет", "исполком", "Атқару комитеті", "executive committee"):
        assert Resolution.model_validate({**resolution_ru, "body": name}).body == (
            "executive_committee"
        )
    assert Resolution.model_validate({**resolution_ru, "body": "Төралқа"}).body == "presidium"
    with pytest.raises(ValidationError):
        Resolution.model_validate({**resolution_ru, "body": "съезд"})


def test_resolution_needs_a_control_clause(resolution_ru: dict[str, Any]) -> None:
    broken = dict(resolution_ru)
    del broken["control_clause"]
    with pytest.raises(ValidationError, match="control_clause"):
        Resolution.model_validate(broken)


def test_faq_answer_allows_a_citation_without_article(faq_ru: dict[str, Any]) -> None:
    faq = FaqAnswer.model_validate(faq_ru)
    assert faq.citations[0].article is None


def test_appeal_classification_bounds(appeal_output: dict[str, Any]) -> None:
    result = AppealClassification.model_validate(appeal_output)
    assert result.urgency == "high"
    for bad in ({"confidence": 1.5}, {"confidence": -0.1}, {"urgency": "urgent"}, {"summary": ""}):
        with pytest.raises(ValidationError):
            AppealClassification.model_validate({**appeal_output, **bad})
    with pytest.raises(ValidationError):
        AppealClassification.model_validate({**appeal_output, "summary": "x" * 401})


def test_citation_strips_and_requires_an_act() -> None:
    c = Citation.model_validate({"act": "  ТК РК ", "article": 88})
    assert (c.act, c.article, c.point, c.quote) == ("ТК РК", "88", None, None)
    with pytest.raises(ValidationError):
        Citation.model_validate({"act": "", "article": "1"})
