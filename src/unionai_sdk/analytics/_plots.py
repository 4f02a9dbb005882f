"""Charts as :class:`matplotlib.figure.Figure` objects.

Figures are built directly (no ``pyplot``): nothing changes the user's global
backend, nothing opens a window, and ``fig.savefig("out.png")`` renders with
Agg. In Jupyter the returned figure displays itself as a PNG.
"""

from __future__ import annotations

import functools
import io
from typing import TYPE_CHECKING, Any, cast

from unionai_sdk.analytics._summary import counts_by_category, trend_by_month
from unionai_sdk.analytics._taxonomy import DEFAULT_TAXONOMY, Taxonomy
from unionai_sdk.exceptions import MissingExtraError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["plot_categories", "plot_trend"]


@functools.cache
def _figure_class() -> Any:
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:  # pragma: no cover - the analytics extra is installed in dev
        raise MissingExtraError("analytics", "matplotlib") from exc

    class AnalyticsFigure(Figure):
        """A Figure that Jupyter shows as PNG even when pyplot was never imported."""

        def _repr_png_(self) -> bytes:
            buf = io.BytesIO()
            self.savefig(buf, format="png", bbox_inches="tight")
            return buf.getvalue()

    # module-level name so figures pickle
    AnalyticsFigure.__qualname__ = "AnalyticsFigure"
    globals()["AnalyticsFigure"] = AnalyticsFigure
    return AnalyticsFigure


def plot_categories(
    results: pd.DataFrame,
    *,
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
    lang: str = "ru",
    title: str | None = None,
    include_empty: bool = False,
) -> Figure:
    """Horizontal bars: appeals per category (labels in ``lang``), most frequent on top.

    ``results`` is the output of ``classify_appeals`` or of ``counts_by_category``.
    """
    if {"label", "count"} <= set(results.columns):
        counts = results
    else:
        counts = counts_by_category(
            results, taxonomy=taxonomy, lang=lang, include_empty=include_empty
        )
    fig = _figure_class()(figsize=(8, max(2.5, 0.45 * len(counts) + 1.2)), layout="constrained")
    ax = fig.add_subplot()
    labels = list(counts["label"])[::-1]
    values = [int(v) for v in counts["count"]][::-1]
    bars = ax.barh(labels, values, color="#2f6f9f")
    ax.bar_label(bars, padding=3)
    ax.set_xlabel("Число обращений" if lang != "kk" else "Өтініштер саны")
    ax.set_title(
        title or ("Обращения по категориям" if lang != "kk" else "Санаттар бойынша өтініштер")
    )
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.1)
    return cast("Figure", fig)


def plot_trend(
    results: pd.DataFrame,
    date_column: str = "date",
    *,
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
    lang: str = "ru",
    top: int | None = 5,
    title: str | None = None,
) -> Figure:
    """Lines per month for the ``top`` most frequent categories, plus the total."""
    trend = trend_by_month(results, date_column, by="category", taxonomy=taxonomy)
    fig = _figure_class()(figsize=(9, 4.5), layout="constrained")
    ax = fig.add_subplot()
    x = [str(p) for p in trend.index]
    columns = list(trend.sum().sort_values(ascending=False, kind="stable").index)
    if top is not None:
        columns = columns[:top]
    for code in columns:
        ax.plot(x, trend[code].to_numpy(), marker="o", label=taxonomy.label(code, lang))
    ax.plot(
        x,
        trend.sum(axis=1).to_numpy(),
        color="black",
        linestyle="--",
        label="Всего" if lang != "kk" else "Барлығы",
    )
    ax.set_xlabel("Месяц" if lang != "kk" else "Ай")
    ax.set_ylabel("Число обращений" if lang != "kk" else "Өтініштер саны")
    default_title = "Айлар бойынша өтініштер" if lang == "kk" else "Обращения по месяцам"
    ax.set_title(title or default_title)
    ax.tick_params(axis="x", labelrotation=45)
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.spines[["top", "right"]].set_visible(False)
    return cast("Figure", fig)
