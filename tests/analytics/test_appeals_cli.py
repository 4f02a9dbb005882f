"""``unionai appeals classify`` through click's CliRunner against the local server."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from appeals_fakes import NAMES, PHONES, make_appeals, server_handler
from click.testing import CliRunner

from unionai_sdk.cli import cli
from unionai_sdk.testing import OpenAICompatServer


@pytest.fixture
def appeals_csv(tmp_path: Path) -> Path:
    path = tmp_path / "appeals.csv"
    texts = make_appeals(12)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["номер", "ппо", "дата", "текст"])
        for i, text in enumerate(texts):
            writer.writerow([f"A-{i:03d}", f"Школа №{i % 3 + 1}", f"2025-{i % 4 + 1:02d}-15", text])
    return path


def test_classify_writes_results_and_charts(appeals_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "results.csv"
    chart = tmp_path / "chart.png"
    with OpenAICompatServer(server_handler) as server:
        args = [
            "appeals", "classify", str(appeals_csv),
            "--text-column", "текст", "--id-column", "номер",
            "--org-column", "ппо", "--date-column", "дата",
            "--out", str(out), "--chart", str(chart),
            "--model", "openai/test-model", "--api-base", server.url,
            "--concurrency", "4", "--cache-dir", str(tmp_path / "cache"),
        ]  # fmt: skip
        result = CliRunner().invoke(cli, args, env={"UNIONAI_API_KEY": "test-key"})
        assert result.exit_code == 0, result.output
        sent = b"\n".join(server.raw_bodies).decode("utf-8") + json.dumps(
            server.requests, ensure_ascii=False
        )
        assert len(server.requests) == 12
    for value in (*NAMES, *PHONES):
        assert value not in sent
    assert "Готово: 12 обращений" in result.output
    assert "Отправлено модели: 12, из кэша: 0, ошибок: 0." in result.output
    assert "Увольнение и дисциплина" in result.output
    df = pd.read_csv(out, dtype=str)
    assert list(df.columns[:3]) == ["номер", "ппо", "дата"]
    assert df["номер"].tolist() == [f"A-{i:03d}" for i in range(12)]
    assert df.loc[0, "category"] == "dismissal_discipline"
    assert chart.read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "chart.trend.png").read_bytes()[:4] == b"\x89PNG"

    # a second run answers from the cache: nothing is sent
    with OpenAICompatServer(server_handler) as server:
        args[args.index("--api-base") + 1] = server.url
        again = CliRunner().invoke(cli, args, env={"UNIONAI_API_KEY": "test-key"})
        assert again.exit_code == 0, again.output
        assert server.requests == []
    assert "Отправлено модели: 0, из кэша: 12" in again.output


def test_row_numbers_when_there_is_no_id_column(tmp_path: Path) -> None:
    src = tmp_path / "a.csv"
    pd.DataFrame({"text": ["Нет отопления.", "Прошу путёвку."]}).to_csv(src, index=False)
    out = tmp_path / "r.csv"
    with OpenAICompatServer(server_handler) as server:
        result = CliRunner().invoke(
            cli,
            ["appeals", "classify", str(src), "--out", str(out), "--model", "openai/m",
             "--api-base", server.url, "--cache-dir", str(tmp_path / "c")],
            env={"UNIONAI_API_KEY": "k"},
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    df = pd.read_csv(out)
    assert df["row"].tolist() == [1, 2]
    assert df["category"].tolist() == ["labour_safety", "collective_agreement_social"]


def test_missing_column_is_a_russian_usage_error(appeals_csv: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["appeals", "classify", str(appeals_csv), "--text-column", "body",
         "--out", str(tmp_path / "r.csv"), "--model", "openai/m"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "в файле нет столбца «body»" in result.output
    assert "текст" in result.output  # the available columns are listed


def test_no_model_configured_is_explained(appeals_csv: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["appeals", "classify", str(appeals_csv), "--text-column", "текст",
         "--out", str(tmp_path / "r.csv")],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "Ошибка настройки (UNIONAI_MODEL)" in result.output
    assert not (tmp_path / "r.csv").exists()


def test_help_is_russian() -> None:
    result = CliRunner().invoke(cli, ["appeals", "classify", "--help"])
    assert result.exit_code == 0
    assert "Классифицировать обращения из CSV-файла" in result.output
    assert "--concurrency" in result.output
