"""``unionai audit``: verify the audit log and build a report."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from unionai_sdk.exceptions import StorageError, UnionAIError

if TYPE_CHECKING:
    from unionai_sdk.audit._verify import AuditVerification

__all__ = ["audit"]

# exit codes of `unionai audit verify`
EXIT_OK = 0
EXIT_TAMPERED = 1
EXIT_TORN_TAIL = 4
EXIT_UNREADABLE = 5

_REASONS_RU = {
    "malformed record": "запись повреждена (не читается как JSON)",
    "incomplete record before the end of the log": "незавершённая запись не в конце журнала",
    "hash mismatch": "хеш не совпадает — запись изменена",
    "prev does not match previous record": (
        "ссылка на предыдущую запись не совпадает — запись вставлена, удалена или переставлена"
    ),
    "sequence gap": "пропуск в нумерации — записи удалены или переставлены",
    "sequence repeated or out of order": "нумерация повторяется или нарушен порядок записей",
    "HMAC key required": "записи подписаны HMAC — нужен ключ (--key или UNIONAI_AUDIT_KEY)",
    "wrong key": "неверный ключ HMAC",
    "record not authenticated (sha256 where HMAC expected)": (
        "запись без подписи HMAC, хотя ключ задан — возможна подмена"
    ),
    "unknown hash algorithm": "неизвестный алгоритм хеширования",
    "log ends before the anchored record (truncated)": (
        "журнал обрезан: нет записи, зафиксированной контрольной точкой"
    ),
    "anchored record differs": "запись не совпадает с контрольной точкой",
    "anchor file does not verify": "файл контрольной точки (.head) не проходит проверку",
}


def explain_reason(reason: str | None) -> str:
    """The Russian explanation of a verification reason."""
    if reason is None:
        return ""
    return _REASONS_RU.get(reason, reason)


def _print_result(result: AuditVerification) -> int:
    if result.ok:
        click.secho(f"Журнал цел: проверено записей — {result.records}.", fg="green")
        if result.head:
            click.echo(
                f"Контрольная точка: {result.head}\n"
                "Сохраните её вне журнала: проверка с --head покажет, если записи удалят с конца."
            )
        if result.torn_tail:
            click.secho(
                "Внимание: обрыв последней строки"
                f" ({result.location}) — запись не была дописана при сбое; "
                "это не подделка, все полные записи до неё верны. "
                "Строка будет отброшена при следующей записи в журнал.",
                fg="yellow",
            )
            return EXIT_TORN_TAIL
        return EXIT_OK
    where = f" ({result.location})" if result.location else ""
    number = result.first_bad_record if result.first_bad_record is not None else "—"
    click.secho(f"ЖУРНАЛ НАРУШЕН. Первая неверная запись: № {number}{where}.", fg="red", err=True)
    click.secho(f"Причина: {explain_reason(result.reason)}.", fg="red", err=True)
    click.echo(f"Записей до неё проверено успешно: {result.records}.", err=True)
    return EXIT_TAMPERED


@click.group()
def audit() -> None:
    """Журнал аудита: проверка целостности и отчёт."""


@audit.command()
@click.argument("target", required=False)
@click.option(
    "--key",
    envvar="UNIONAI_AUDIT_KEY",
    help="Ключ HMAC журнала (по умолчанию UNIONAI_AUDIT_KEY).",
)
@click.option(
    "--head",
    "expected_head",
    metavar="SEQ:HASH",
    help="Контрольная точка (вывод прошлой проверки): выявляет обрезку журнала.",
)
@click.option("--log-id", default="default", show_default=True, help="Имя журнала в таблице БД.")
@click.pass_context
def verify(
    ctx: click.Context, target: str | None, key: str | None, expected_head: str | None, log_id: str
) -> None:
    """Проверить цепочку хешей журнала TARGET (файл JSONL или URL базы данных).

    По умолчанию — журнал из UNIONAI_AUDIT или ~/.unionai/audit.jsonl.
    Коды выхода: 0 — журнал цел; 1 — журнал изменён (подделка или порча);
    4 — обрыв последней строки после сбоя (полные записи верны);
    5 — журнал не найден или не читается.
    """
    from unionai_sdk.audit._chain import AuditHead
    from unionai_sdk.audit._verify import verify_audit_log

    head = None
    if expected_head:
        try:
            head = AuditHead.parse(expected_head)
        except ValueError as exc:
            raise click.BadParameter("ожидается SEQ:HASH", param_hint="--head") from exc
    try:
        result = verify_audit_log(target, key=key, expected_head=head, log_id=log_id)
    except StorageError:
        click.secho("Журнал аудита не найден или не читается.", fg="red", err=True)
        ctx.exit(EXIT_UNREADABLE)
    except UnionAIError as exc:
        click.secho(f"Ошибка проверки журнала: {type(exc).__name__}", fg="red", err=True)
        ctx.exit(EXIT_UNREADABLE)
    ctx.exit(_print_result(result))


def _parse_day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise click.BadParameter("ожидается дата ГГГГ-ММ-ДД", param_hint=name) from exc


@audit.command()
@click.argument("target", required=False)
@click.option("--since", "since", required=True, metavar="ГГГГ-ММ-ДД", help="Начало периода.")
@click.option("--until", "until", metavar="ГГГГ-ММ-ДД", help="Конец периода (включительно).")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("report.html"),
    show_default=True,
    help="Файл HTML для отчёта.",
)
@click.option("--key", envvar="UNIONAI_AUDIT_KEY", help="Ключ HMAC журнала.")
@click.option("--log-id", default="default", show_default=True, help="Имя журнала в таблице БД.")
@click.pass_context
def report(
    ctx: click.Context,
    target: str | None,
    since: str,
    until: str | None,
    out: Path,
    key: str | None,
    log_id: str,
) -> None:
    """Отчёт HTML по журналу TARGET за период: обращения к ИИ, токены и стоимость,
    итоги проверки, замаскированные персональные данные, отказы политики."""
    from unionai_sdk.audit._report import build_report

    since_day = _parse_day(since, "--since")
    until_day = _parse_day(until, "--until")
    try:
        page = build_report(target, since=since_day, until=until_day, key=key, log_id=log_id)
    except StorageError:
        click.secho("Журнал аудита не найден или не читается.", fg="red", err=True)
        ctx.exit(EXIT_UNREADABLE)
    try:
        out.write_text(page, encoding="utf-8")
    except OSError:
        click.secho(f"Не удалось записать отчёт в {out}.", fg="red", err=True)
        ctx.exit(EXIT_UNREADABLE)
    click.echo(f"Отчёт сохранён: {out}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(audit())
