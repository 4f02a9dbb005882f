"""``unionai anonymize FILE``: mask personal data in a UTF-8 text file, offline."""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path
from typing import IO, Any

import click

__all__ = ["anonymize"]


class _InputError(click.ClickException):
    """A bad input file; shown as «Ошибка: ...» (exit code 1)."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.secho(f"Ошибка: {self.format_message()}", fg="red", err=True)


def _read_text(path: str) -> str:
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise _InputError(f"Не удалось прочитать файл: {exc.strerror or exc}") from exc
    if b"\x00" in data:
        raise _InputError(
            "Файл похож на двоичный (не текст). Нужен текстовый файл в кодировке UTF-8."
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _InputError(
            f"Файл не в кодировке UTF-8 (ошибка в байте {exc.start}). "
            "Сохраните его как UTF-8 и повторите."
        ) from exc
    return text.removeprefix("\ufeff")


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` readable by the owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(path, 0o600)


@click.command(name="anonymize")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "-o", "--output", "output", type=click.Path(dir_okay=False, writable=True),
    help="Куда записать обезличенный текст (по умолчанию — стандартный вывод).",
)  # fmt: skip
@click.option(
    "--vault-out", "vault_out", type=click.Path(dir_okay=False, writable=True),
    help="Сохранить зашифрованный словарь замен (для восстановления данных).",
)  # fmt: skip
@click.option(
    "--strict", is_flag=True,
    help="Строгий режим: скрывать также организации и места.",
)  # fmt: skip
@click.option(
    "--show-entities", "show_entities", is_flag=True,
    help="Показать найденные сущности (тип, позиция, замена) без исходных значений.",
)  # fmt: skip
def anonymize(
    file: str, output: str | None, vault_out: str | None, strict: bool, show_entities: bool
) -> None:
    """Обезличить текстовый файл FILE (UTF-8) без обращения к сети.

    Персональные данные (ИИН/БИН, телефоны, e-mail, IBAN, номера карт и
    документов, даты рождения, адреса, ФИО) заменяются метками вида
    <PERSON_1>. Словарь замен хранится только локально (--vault-out, шифруется).
    """
    from unionai_sdk.privacy import Anonymizer, load_vault_key

    text = _read_text(file)
    anonymizer = Anonymizer(profile="strict" if strict else "default")
    result = anonymizer.anonymize(text)
    if output:
        Path(output).write_text(result.text, encoding="utf-8")
    else:
        click.echo(result.text, nl=not result.text.endswith("\n"))
    if show_entities:
        masked = {p for p, _ in result.vault.items()}
        click.echo(f"Найдено сущностей: {len(result.entities)}", err=True)
        for e in result.entities:
            click.echo(f"  {e.entity_type:<15} {e.start:>7}-{e.end:<7} {e.score:.2f}", err=True)
        counts = Counter(e.entity_type for e in result.entities)
        summary = ", ".join(f"{t}: {n}" for t, n in sorted(counts.items()))
        click.echo(f"По типам: {summary or '—'}; меток в словаре: {len(masked)}", err=True)
    if vault_out:
        token = result.vault.encrypt(load_vault_key())
        _write_private(Path(vault_out), token)
        click.echo(f"Словарь замен сохранён (зашифрован): {vault_out}", err=True)
    elif len(result.vault):
        click.echo(
            "Внимание: словарь замен не сохранён — восстановить данные будет нельзя "
            "(используйте --vault-out).",
            err=True,
        )
