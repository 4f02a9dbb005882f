from __future__ import annotations

import pytest

from unionai_sdk.analytics import DEFAULT_TAXONOMY, Category, Taxonomy
from unionai_sdk.exceptions import UsageError

EXPECTED = (
    "workload_tarification",
    "leave_56_days",
    "pay_category_supplements",
    "attestation",
    "dismissal_discipline",
    "unrelated_duties",
    "labour_safety",
    "collective_agreement_social",
    "disputes",
    "other",
)


def test_default_taxonomy_has_the_education_categories_with_labels() -> None:
    assert DEFAULT_TAXONOMY.codes == EXPECTED
    assert DEFAULT_TAXONOMY.fallback == "other"
    for cat in DEFAULT_TAXONOMY:
        assert cat.label_ru
        assert cat.label_kk
        assert cat.description
        assert cat.label("kk") == cat.label_kk
    assert DEFAULT_TAXONOMY.label("leave_56_days") == "Отпуск 56 дней"
    assert DEFAULT_TAXONOMY.label("attestation", "kk") == "Аттестаттау"


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        ("attestation", "attestation"),
        ("Leave-56-Days", "leave_56_days"),
        (" labour safety ", "labour_safety"),
        ("«Аттестация»", "attestation"),
        ("Охрана труда", "labour_safety"),
        ("Еңбекті қорғау", "labour_safety"),
        ("salary", None),
        ("", None),
        (None, None),
    ],
)
def test_resolve_repairs_near_misses_and_rejects_unknown(
    answer: str | None, code: str | None
) -> None:
    assert DEFAULT_TAXONOMY.resolve(answer) == code


def test_subcategories_are_checked_against_the_category() -> None:
    assert DEFAULT_TAXONOMY.resolve_subcategory("leave_56_days", "health allowance") == (
        "health_allowance"
    )
    assert DEFAULT_TAXONOMY.resolve_subcategory("leave_56_days", "court") is None
    assert DEFAULT_TAXONOMY.resolve_subcategory("other", "anything goes") == "anything_goes"


def test_custom_taxonomy_validation_and_fingerprint() -> None:
    a = Taxonomy(
        (Category("pay", "Оплата", "Төлем", "pay"), Category("other", "Прочее", "Басқа", "-"))
    )
    b = Taxonomy(
        (Category("pay", "Оплата", "Төлем", "wages"), Category("other", "Прочее", "Басқа", "-"))
    )
    assert a.fingerprint != b.fingerprint  # the description is part of the prompt
    assert a.fingerprint == Taxonomy(a.categories).fingerprint
    assert "pay" in a
    assert "attestation" not in a
    with pytest.raises(UsageError):
        Taxonomy((Category("pay", "Оплата", "Төлем", "pay"),))  # no fallback
    with pytest.raises(UsageError):
        Taxonomy((Category("other", "a", "b", "c"), Category("other", "a", "b", "c")))
    with pytest.raises(UsageError):
        Category("Not Snake", "a", "b", "c")


def test_describe_lists_every_code_for_the_prompt() -> None:
    text = DEFAULT_TAXONOMY.describe("ru")
    for code in EXPECTED:
        assert f"- {code} — " in text
    assert "health_allowance" in text
