from __future__ import annotations

import io
import subprocess
import sys

import pandas as pd
import pytest
from matplotlib.figure import Figure

from unionai_sdk.analytics import (
    DEFAULT_TAXONOMY,
    breakdown_by_organization,
    counts_by_category,
    counts_by_urgency,
    plot_categories,
    plot_trend,
    trend_by_month,
)
from unionai_sdk.exceptions import UsageError


@pytest.fixture
def results() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": range(8),
            "category": [
                "attestation",
                "attestation",
                "leave_56_days",
                "attestation",
                None,
                "disputes",
                "leave_56_days",
                "other",
            ],
            "urgency": ["high", "low", "medium", "high", None, "high", "low", "low"],
            "date": [
                "2025-01-10",
                "2025-01-31",
                "2025-03-02",
                "2025-03-15",
                "2025-03-20",
                "2025-03-21",
                "2025-04-01",
                "not a date",
            ],
            "organization": [
                "Школа №1",
                "Школа №1",
                "Колледж",
                "Школа №1",
                "Колледж",
                "Колледж",
                "Лицей",
                "Лицей",
            ],
        }
    )


def test_counts_by_category(results: pd.DataFrame) -> None:
    counts = counts_by_category(results)
    assert counts["category"].tolist()[:4] == ["attestation", "leave_56_days", "disputes", "other"]
    assert counts["count"].tolist()[:4] == [3, 2, 1, 1]
    assert len(counts) == len(DEFAULT_TAXONOMY)  # empty categories kept
    assert counts["count"].sum() == 7  # the failed row is left out
    assert counts["share"].sum() == pytest.approx(1.0)
    assert counts.loc[0, "label"] == "Аттестация"
    kk = counts_by_category(results, lang="kk", include_empty=False)
    assert len(kk) == 4
    assert kk.loc[0, "label"] == "Аттестаттау"


def test_counts_by_urgency(results: pd.DataFrame) -> None:
    u = counts_by_urgency(results)
    assert u["urgency"].tolist() == ["high", "medium", "low"]
    assert u["count"].tolist() == [3, 1, 3]


def test_trend_by_month_fills_gaps_and_skips_bad_dates(results: pd.DataFrame) -> None:
    trend = trend_by_month(results, "date")
    assert [str(p) for p in trend.index] == ["2025-01", "2025-02", "2025-03", "2025-04"]
    assert trend.loc[pd.Period("2025-01"), "attestation"] == 2
    assert trend.loc[pd.Period("2025-02")].sum() == 0
    assert trend.loc[pd.Period("2025-03")].to_dict() == {
        "leave_56_days": 1,
        "attestation": 1,
        "disputes": 1,
    } | {c: 0 for c in trend.columns if c not in ("leave_56_days", "attestation", "disputes")}
    total = trend_by_month(results, "date", by=None)
    assert total["count"].tolist() == [2, 0, 4, 1]  # the failed row still counts as an appeal
    by_urgency = trend_by_month(results, "date", by="urgency")
    assert list(by_urgency.columns) == ["low", "medium", "high"]
    with pytest.raises(UsageError):
        trend_by_month(results, "received")


def test_breakdown_by_organization(results: pd.DataFrame) -> None:
    table = breakdown_by_organization(results, "organization")
    assert table.index.tolist() == ["Школа №1", "Колледж", "Лицей"]
    assert table.loc["Школа №1", "attestation"] == 3
    assert table["total"].tolist() == [3, 2, 2]
    shares = breakdown_by_organization(results, "organization", normalize=True, top=1)
    assert len(shares) == 1
    assert shares.loc["Школа №1", "attestation"] == pytest.approx(1.0)
    with pytest.raises(UsageError):
        breakdown_by_organization(results, "org")


def test_charts_are_figures_that_save_as_png(results: pd.DataFrame, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fig = plot_categories(results)
    assert isinstance(fig, Figure)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[-1] == "Аттестация"  # most frequent on top
    out = tmp_path / "categories.png"
    fig.savefig(out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    trend = plot_trend(results, "date", top=2)
    assert len(trend.axes[0].get_lines()) == 3  # two categories and the total
    assert trend._repr_png_()[:4] == b"\x89PNG"  # how Jupyter shows it
    buf = io.BytesIO()
    plot_categories(counts_by_category(results, lang="kk"), lang="kk").savefig(buf, format="png")
    assert buf.getvalue()[:4] == b"\x89PNG"


def test_charts_do_not_touch_pyplot_or_the_backend(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = (
        "import sys, matplotlib\n"
        "matplotlib.use('svg')\n"
        "import pandas as pd\n"
        "from unionai_sdk.analytics import plot_categories\n"
        "df = pd.DataFrame({'category': ['attestation', 'other']})\n"
        f"plot_categories(df).savefig({str(tmp_path / 'c.png')!r})\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
        "assert matplotlib.get_backend() == 'svg', matplotlib.get_backend()\n"
        "print('ok')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"


def test_importing_analytics_is_cheap() -> None:
    code = (
        "import sys\n"
        "import unionai_sdk.analytics as a\n"
        "a.DEFAULT_TAXONOMY.codes\n"
        "heavy = [m for m in ('pandas', 'matplotlib', 'litellm', 'presidio_analyzer', 'natasha')"
        " if m in sys.modules]\n"
        "print(heavy)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_public_names() -> None:
    import unionai_sdk.analytics as a

    for name in (
        "classify_appeals",
        "DEFAULT_TAXONOMY",
        "Taxonomy",
        "Category",
        "counts_by_category",
        "counts_by_urgency",
        "trend_by_month",
        "breakdown_by_organization",
        "plot_categories",
        "plot_trend",
        "load_sample_appeals",
    ):
        assert name in a.__all__
        assert getattr(a, name) is not None


@pytest.mark.parametrize(
    ("blocked", "call"),
    [
        ("pandas", "analytics.classify_appeals(['x'], llm=object(), anonymizer=object())"),
        ("pandas", "analytics.load_sample_appeals()"),
        ("matplotlib", "analytics.plot_categories(pd.DataFrame({'category': ['other']}))"),
    ],
)
def test_missing_extra_is_a_clear_error(blocked: str, call: str) -> None:
    code = (
        "import sys\n"
        + ("import pandas as pd\n" if blocked != "pandas" else "")
        + f"sys.modules[{blocked!r}] = None  # as if not installed\n"
        "from unionai_sdk import analytics\n"
        "from unionai_sdk.exceptions import MissingExtraError\n"
        "try:\n"
        f"    {call}\n"
        "except MissingExtraError as exc:\n"
        "    print(exc.extra, exc.package)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["analytics", blocked]
