from __future__ import annotations

from pathlib import Path

import pandas as pd

from unionai_sdk.analytics import DEFAULT_TAXONOMY, load_sample_appeals
from unionai_sdk.analytics._sample import SAMPLE_COLUMNS, write_sample_csv


def test_bundled_sample_data_set() -> None:
    df = load_sample_appeals()
    assert tuple(df.columns) == SAMPLE_COLUMNS
    assert len(df) == 300
    assert df["id"].is_unique
    assert df["text"].str.len().min() > 100
    assert set(df["true_category"]) == set(DEFAULT_TAXONOMY.codes)  # every category occurs
    assert set(df["true_urgency"]) <= {"low", "medium", "high"}
    assert set(df["lang"]) == {"ru", "kk"}
    assert pd.api.types.is_datetime64_any_dtype(df["date"])
    assert df["organization"].nunique() > 5


def test_the_generator_writes_the_same_layout(tmp_path: Path) -> None:
    path = write_sample_csv(tmp_path / "s.csv", n=5, seed=1)
    df = pd.read_csv(path, dtype=str)
    assert tuple(df.columns) == SAMPLE_COLUMNS
    assert len(df) == 5
    again = pd.read_csv(write_sample_csv(tmp_path / "t.csv", n=5, seed=1), dtype=str)
    pd.testing.assert_frame_equal(df, again)  # deterministic by seed
