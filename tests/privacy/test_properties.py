"""Property tests: generated personal data never survives; anonymize/deanonymize round-trips."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from pii_strategies import identifier_texts, person_texts

from unionai_sdk.privacy import Anonymizer, deanonymize, scan_identifiers

_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


@_SETTINGS
@given(identifier_texts())
def test_generated_identifiers_never_survive(
    anonymizer: Anonymizer, case: tuple[str, list[str]]
) -> None:
    text, values = case
    result = anonymizer.anonymize(text)
    masked_digits = _digits(result.text)
    for value in values:
        assert value not in result.text
        d = _digits(value)
        if len(d) >= 9:
            assert d not in masked_digits
    assert deanonymize(result.text, result.vault) == text


@_SETTINGS
@given(identifier_texts())
def test_fast_scan_finds_every_generated_identifier(case: tuple[str, list[str]]) -> None:
    text, values = case
    found = {e.text for e in scan_identifiers(text)}
    for value in values:
        assert value in found


@_SETTINGS
@given(person_texts())
def test_people_masked_and_restored(anonymizer: Anonymizer, case: tuple[str, list[str]]) -> None:
    text, values = case
    result = anonymizer.anonymize(text)
    for value in values:
        for word in value.split():
            assert word not in result.text
    assert deanonymize(result.text, result.vault) == text


@_SETTINGS
@given(person_texts())
def test_mangled_placeholders_restore(anonymizer: Anonymizer, case: tuple[str, list[str]]) -> None:
    text, _ = case
    result = anonymizer.anonymize(text)
    mangled = result.text
    for placeholder, _original in result.vault.items():
        inner = placeholder[1:-1]
        mangled = mangled.replace(placeholder, f"«{inner.title()}»", 1)
    assert deanonymize(mangled, result.vault) == text
