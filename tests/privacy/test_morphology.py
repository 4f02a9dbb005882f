"""Morphology (pymorphy2) is required evidence for lower-case names: fail closed."""

from __future__ import annotations

import pytest

import unionai_sdk as ua
from unionai_sdk.privacy import _morphology, _persons

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

    def clear_caches() -> None:
        _morphology.morph_name.cache_clear()
        _persons._lower_kind.cache_clear()

    monkeypatch.setattr(_morphology, "_morph", broken)
    clear_caches()
    try:
        with pytest.raises(ua.AnonymizationError, match="ImportError"):
            anonymizer.anonymize(CHAT)
    finally:
        clear_caches()
