"""``unionai appeals classify``: classify a CSV file of member appeals with an LLM.

Every text is anonymized on this machine before it is sent; the results file
holds categories, urgency and anonymized summaries (placeholders, never the
original names or numbers). Completed items are cached, so an interrupted run
continues where it stopped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from unionai_sdk.cli._common import echo_error
from unionai_sdk.exceptions import UnionAIError

__all__ = ["appeals"]


@click.group()
def appeals() -> None:
    """Аналитика обращений членов профсоюза."""


@appeals.command("classify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--text-column", default="text", show_default=True, help="Столбец с текстом обращения."
)
@click.option(
    "--id-column",
    default=None,
    help="Столбец с номером обращения (по умолчанию «id», если он есть, иначе номер строки).",
)
@click.option("--org-column", default=None, help="Столбец с организацией (для разбивки по ППО).")
@click.option("--date-column", default=None, help="Столбец с датой (для динамики по месяцам).")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Куда записать результаты (CSV).",
)
@click.option(
    "--chart",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Сохранить диаграмму по категориям (PNG).",
)
@click.option("--model", default=None, help="Модель (строка litellm). По умолчанию UNIONAI_MODEL.")
@click.option(
    "--api-base", default=None, help="Адрес сервера, совместимого с OpenAI (или прокси LiteLLM)."
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=8,
    show_default=True,
    help="Сколько запросов к модели одновременно.",
)
@click.option(
    "--rate-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Не больше стольких запросов в секунду.",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Каталог кэша (по умолчанию ~/.unionai/cache/appeals).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Показывать ход работы (по умолчанию — в терминале).",
)
def classify(
    file: Path,
    text_column: str,
    id_column: str | None,
    org_column: str | None,
    date_column: str | None,
    out: Path,
    chart: Path | None,
    model: str | None,
    api_base: str | None,
    concurrency: int,
    rate_limit: float | None,
    cache_dir: Path | None,
    progress: bool | None,
) -> None:
    """Классифицировать обращения из CSV-файла FILE.

    Каждый текст обезличивается на этом компьютере до отправки модели.
    Результат (категория, подкатегория, срочность, краткое содержание в
    обезличенном виде, уверенность) записывается в --out.

    \b
    Пример:
      unionai appeals classify appeals.csv --text-column text \\
          --out results.csv --chart categories.png
    """
    try:
        _classify(
            file,
            text_column=text_column,
            id_column=id_column,
            org_column=org_column,
            date_column=date_column,
            out=out,
            chart=chart,
            model=model,
            api_base=api_base,
            concurrency=concurrency,
            rate_limit=rate_limit,
            cache_dir=cache_dir,
            progress=progress,
        )
    except UnionAIError as exc:
        echo_error(exc)
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        click.secho(
            "\nПрервано. Готовые результаты сохранены в кэше: "
            "повторный запуск продолжит с места остановки.",
            fg="yellow",
            err=True,
        )
        raise SystemExit(130) from None


def _read_csv(file: Path) -> Any:
    from unionai_sdk.analytics._classify import require_pandas

    pd = require_pandas()
    try:
        return pd.read_csv(
            file, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig"
        )
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise click.ClickException(
            f"Не удалось прочитать CSV-файл ({type(exc).__name__}). "
            "Нужна кодировка UTF-8 и запятая как разделитель."
        ) from None


def _classify(
    file: Path,
    *,
    text_column: str,
    id_column: str | None,
    org_column: str | None,
    date_column: str | None,
    out: Path,
    chart: Path | None,
    **options: Any,
) -> None:
    from unionai_sdk import analytics

    frame = _read_csv(file)
    columns = list(frame.columns)
    for name, option in (
        (text_column, "--text-column"),
        (org_column, "--org-column"),
        (date_column, "--date-column"),
        (id_column, "--id-column"),
    ):
        if name is not None and name not in columns:
            raise click.BadParameter(
                f"в файле нет столбца «{name}». Столбцы: {', '.join(columns)}", param_hint=option
            )
    if id_column is None:
        if "id" in columns:
            id_column = "id"
        else:
            id_column = "_row"
            frame[id_column] = [str(i) for i in range(1, len(frame) + 1)]

    click.echo(f"Обращений в файле: {len(frame)}. Обезличивание и классификация…", err=True)
    results = analytics.classify_appeals(
        frame, id_column=id_column, text_column=text_column, **options
    )
    stats = results.attrs.get("unionai", {})

    extra = [c for c in (org_column, date_column) if c]
    if extra:
        for offset, col in enumerate(extra, start=1):
            results.insert(offset, col, frame[col].to_numpy())
    results = results.rename(columns={"id": id_column if id_column != "_row" else "row"})
    out.parent.mkdir(parents=True, exist_ok=True)
    results.to_csv(out, index=False, encoding="utf-8")

    failed = int(results["category"].isna().sum())
    click.secho(f"Готово: {len(results)} обращений → {out}", fg="green")
    click.echo(
        f"Отправлено модели: {stats.get('sent', 0)}, из кэша: {stats.get('cached', 0)}, "
        f"ошибок: {failed}."
    )
    counts = analytics.counts_by_category(results, include_empty=False)
    if len(counts):
        click.echo("По категориям:")
        width = max(len(str(label)) for label in counts["label"])
        for row in counts.itertuples(index=False):
            click.echo(f"  {row.label:<{width}}  {row.count:>5}  {row.share:6.1%}")
    urgent = int((results["urgency"] == "high").sum())
    click.echo(f"Срочных (high): {urgent}.")
    if failed:
        click.secho(
            f"Не классифицировано: {failed} (см. столбец error). "
            "Повторный запуск отправит только их.",
            fg="yellow",
        )
    if chart is not None:
        chart.parent.mkdir(parents=True, exist_ok=True)
        analytics.plot_categories(results).savefig(chart, dpi=120)
        click.echo(f"Диаграмма: {chart}")
        if date_column:
            trend_path = chart.with_name(f"{chart.stem}.trend{chart.suffix or '.png'}")
            analytics.plot_trend(results, date_column).savefig(trend_path, dpi=120)
            click.echo(f"Динамика по месяцам: {trend_path}")
