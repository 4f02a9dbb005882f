"""Summary tables over classification results (pandas).

Every helper takes the DataFrame from
:func:`~unionai_sdk.analytics.classify_appeals`, optionally joined with the
input's own columns (date, organization), and returns a new DataFrame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from unionai_sdk.analytics._classify import require_pandas
from unionai_sdk.analytics._taxonomy import DEFAULT_TAXONOMY, URGENCY_LEVELS, Taxonomy
from unionai_sdk.exceptions import UsageError

if TYPE_CHECKING:
    import pandas as pd
    from pandas import DataFrame

__all__ = [
    "breakdown_by_organization",
    "counts_by_category",
    "counts_by_urgency",
    "trend_by_month",
]


def _need(df: Any, *columns: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise UsageError(f"The results have no column(s) {missing}")


def _category_order(df: Any, taxonomy: Taxonomy) -> list[str]:
    """Taxonomy order first, then any other codes present (a custom run), sorted."""
    present = {str(c) for c in df["category"].dropna().unique()}
    return list(taxonomy.codes) + sorted(present - set(taxonomy.codes))


def counts_by_category(
    results: pd.DataFrame,
    *,
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
    lang: str = "ru",
    include_empty: bool = True,
) -> pd.DataFrame:
    """One row per category: ``category, label, count, share``; most frequent first.

    Rows without a category (failed items) are left out; ``share`` is over the
    classified rows. ``include_empty`` keeps taxonomy categories with no appeals.
    """
    pd = require_pandas()
    _need(results, "category")
    order = _category_order(results, taxonomy)
    counts = results["category"].value_counts().reindex(order, fill_value=0)
    if not include_empty:
        counts = counts[counts > 0]
    total = int(counts.sum())
    out = pd.DataFrame(
        {
            "category": counts.index.astype(str),
            "label": [taxonomy.label(c, lang) for c in counts.index],
            "count": counts.to_numpy(dtype="int64"),
        }
    )
    out["share"] = out["count"] / total if total else 0.0
    rank = {c: i for i, c in enumerate(order)}
    out["_rank"] = out["category"].map(rank)
    out = out.sort_values(["count", "_rank"], ascending=[False, True], kind="stable")
    return cast("DataFrame", out.drop(columns="_rank").reset_index(drop=True))


def counts_by_urgency(results: pd.DataFrame) -> pd.DataFrame:
    """``urgency, count, share`` for every level, most urgent first."""
    pd = require_pandas()
    _need(results, "urgency")
    order = list(reversed(URGENCY_LEVELS))
    extra = sorted(set(results["urgency"].dropna().unique()) - set(order))
    counts = results["urgency"].value_counts().reindex(order + extra, fill_value=0)
    total = int(counts.sum())
    out = pd.DataFrame(
        {"urgency": counts.index.astype(str), "count": counts.to_numpy(dtype="int64")}
    )
    out["share"] = out["count"] / total if total else 0.0
    return cast("DataFrame", out)


def _months(results: Any, date_column: str) -> Any:
    pd = require_pandas()
    _need(results, date_column)
    dates = pd.to_datetime(results[date_column], errors="coerce")
    return dates.dt.to_period("M")


def trend_by_month(
    results: pd.DataFrame,
    date_column: str = "date",
    *,
    by: str | None = "category",
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
) -> pd.DataFrame:
    """Appeals per month: index ``month`` (a monthly Period), one column per
    category (``by="category"``), per urgency level (``by="urgency"``) or a
    single ``count`` column (``by=None``). Months without appeals inside the
    range are present with zeros; unparseable dates are left out.
    """
    pd = require_pandas()
    months = _months(results, date_column)
    frame = pd.DataFrame({"month": months})
    valid = months.notna()
    if by is None:
        counts = frame[valid].groupby("month").size().rename("count").to_frame()
    else:
        _need(results, by)
        frame[by] = results[by].to_numpy()
        valid &= frame[by].notna()
        counts = pd.crosstab(frame.loc[valid, "month"], frame.loc[valid, by])
        if by == "category":
            order = [c for c in _category_order(results, taxonomy) if c in counts.columns]
        elif by == "urgency":
            order = [u for u in URGENCY_LEVELS if u in counts.columns]
            order += sorted(set(counts.columns) - set(order))
        else:
            order = sorted(counts.columns)
        counts = counts[order]
    if len(counts):
        full = pd.period_range(counts.index.min(), counts.index.max(), freq="M")
        counts = counts.reindex(full, fill_value=0)
    counts.index.name = "month"
    counts.columns.name = None
    return cast("DataFrame", counts.astype("int64"))


def breakdown_by_organization(
    results: pd.DataFrame,
    org_column: str = "organization",
    *,
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
    normalize: bool = False,
    top: int | None = None,
) -> pd.DataFrame:
    """Organizations × categories: counts (or row shares with ``normalize=True``)
    plus a ``total`` column; organizations with most appeals first, ``top`` of them."""
    pd = require_pandas()
    _need(results, org_column, "category")
    valid = results[org_column].notna() & results["category"].notna()
    table = pd.crosstab(results.loc[valid, org_column], results.loc[valid, "category"])
    order = [c for c in _category_order(results, taxonomy) if c in table.columns]
    table = table[order]
    total = table.sum(axis=1)
    if normalize:
        table = table.div(total.where(total > 0, 1), axis=0)
    table["total"] = total
    table = table.sort_values("total", ascending=False, kind="stable")
    if top is not None:
        table = table.head(top)
    table.index.name = org_column
    table.columns.name = None
    return cast("DataFrame", table)
