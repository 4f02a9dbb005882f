"""Morphology (pymorphy2) is required evidence for lower-case names: fail closed."""

from __future__ import annotations

import pytest

import unionai_sdk as ua
from unionai_sdk.privacy import _persons

CHAT = "вчера приходил колесников насчет отпуска, просил перезвонить завтра"


def test_lower_case_surname_is_found_with_morphology(anonymizer: ua.Anonymizer) -> None:
    masked = anonymizer.anonymize(CHAT)
    assert "колесников" not in masked.text
    assert "<PERSON_1>" in masked.text


def test_missing_morphology_fails_closed(
    anonymizer: ua.Anonymizer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> object:
        raise ImportError("pymorphy2 is not installed")

    monkeypatch.setattr(_persons, "_morph", broken)
    _persons.morph_name.cache_clear()
    try:
        with pytest.raises(ua.AnonymizationError, match="ImportError"):
            anonymizer.anonymize(CHAT)
    finally:
        _persons.morph_name.cache_clear()
