"""Analytics of member appeals: batch classification with an LLM, summaries, charts.

Needs the ``analytics`` extra (pandas, matplotlib)::

    from unionai_sdk import analytics
    df = analytics.load_sample_appeals()
    results = analytics.classify_appeals(df, model="openai/gpt-4o-mini")
    analytics.counts_by_category(results)
    analytics.plot_categories(results).savefig("categories.png")

Importing this package is cheap: pandas and matplotlib load on first use of a
function that needs them. The taxonomy classes are plain dataclasses.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from unionai_sdk.analytics._taxonomy import DEFAULT_TAXONOMY, URGENCY_LEVELS, Category, Taxonomy

if TYPE_CHECKING:  # pragma: no cover
    from unionai_sdk.analytics._classify import RESULT_COLUMNS, classify_appeals
    from unionai_sdk.analytics._plots import plot_categories, plot_trend
    from unionai_sdk.analytics._sample import load_sample_appeals
    from unionai_sdk.analytics._summary import (
        breakdown_by_organization,
        counts_by_category,
        counts_by_urgency,
        trend_by_month,
    )

__all__ = [
    "DEFAULT_TAXONOMY",
    "RESULT_COLUMNS",
    "URGENCY_LEVELS",
    "Category",
    "Taxonomy",
    "breakdown_by_organization",
    "classify_appeals",
    "counts_by_category",
    "counts_by_urgency",
    "load_sample_appeals",
    "plot_categories",
    "plot_trend",
    "trend_by_month",
]

_LAZY: dict[str, str] = {
    "RESULT_COLUMNS": "unionai_sdk.analytics._classify",
    "classify_appeals": "unionai_sdk.analytics._classify",
    "counts_by_category": "unionai_sdk.analytics._summary",
    "counts_by_urgency": "unionai_sdk.analytics._summary",
    "trend_by_month": "unionai_sdk.analytics._summary",
    "breakdown_by_organization": "unionai_sdk.analytics._summary",
    "plot_categories": "unionai_sdk.analytics._plots",
    "plot_trend": "unionai_sdk.analytics._plots",
    "load_sample_appeals": "unionai_sdk.analytics._sample",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'unionai_sdk.analytics' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
