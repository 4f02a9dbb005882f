"""Shared pieces of the command line: the console, the acting user, error output."""

from __future__ import annotations

import sys
from typing import Any

import click

from unionai_sdk.exceptions import (
    ConfigurationError,
    MissingExtraError,
    PolicyDeniedError,
    ProviderError,
    ReviewError,
    StorageError,
    UnionAIError,
)

__all__ = [
    "acting_user",
    "echo_error",
    "exit_code_for",
    "quiet_litellm",
    "read_text_file",
    "run_main",
]

# exit codes: 0 ok, 1 a runtime failure, 2 usage (click's own), 3 policy/review refusal
EXIT_FAILURE = 1
EXIT_REFUSED = 3


def _explain(exc: UnionAIError) -> str:
    """A Russian headline for an SDK error; the English detail follows it."""
    if isinstance(exc, MissingExtraError):
        return (
            "Не установлен дополнительный пакет. "
            f"Установите: pip install 'unionai-sdk[{exc.extra}]'"
        )
    if isinstance(exc, ConfigurationError):
        where = f" ({exc.setting})" if exc.setting else ""
        return f"Ошибка настройки{where}"
    if isinstance(exc, PolicyDeniedError):
        return "Действие запрещено политикой доступа"
    if isinstance(exc, ProviderError):
        return "Ошибка обращения к языковой модели"
    if isinstance(exc, ReviewError):
        return "Проверка документа не позволяет это действие"
    if isinstance(exc, StorageError):
        return "Ошибка хранилища"
    return "Ошибка"


def echo_error(exc: UnionAIError) -> None:
    click.secho(f"{_explain(exc)}: {exc}", fg="red", err=True)


def exit_code_for(exc: UnionAIError) -> int:
    """3 for a refusal (policy, review), 1 for any other failure."""
    return EXIT_REFUSED if isinstance(exc, PolicyDeniedError | ReviewError) else EXIT_FAILURE


def run_main(command: click.Command, argv: list[str] | None) -> Any:
    try:
        return command.main(args=argv, prog_name="unionai", standalone_mode=True)
    except UnionAIError as exc:  # click re-raises non-click errors
        echo_error(exc)
        sys.exit(exit_code_for(exc))


def acting_user(
    user_id: str | None, roles: tuple[str, ...] | list[str] = (), display_name: str | None = None
) -> Any:
    """The staff member the command acts as: ``--as``/``UNIONAI_USER``,
    ``--role``/``UNIONAI_ROLES`` (comma-separated) and ``--name``/``UNIONAI_USER_NAME``."""
    import os

    from unionai_sdk._config import Settings
    from unionai_sdk.policy import User

    uid = Settings.resolve(user=user_id).user
    if not uid:
        raise click.UsageError(
            "Укажите пользователя: --as ИМЯ_УЧЁТНОЙ_ЗАПИСИ или переменная UNIONAI_USER."
        )
    role_set = list(roles) or [
        r.strip() for r in os.environ.get("UNIONAI_ROLES", "").split(",") if r.strip()
    ]
    name = display_name or os.environ.get("UNIONAI_USER_NAME") or None
    return User(uid, name, roles=role_set)


def quiet_litellm() -> None:
    """The command line owns its process: stop litellm's "Give Feedback" banners
    on stdout. (The library itself never changes litellm's global settings.)"""
    import litellm

    litellm.suppress_debug_info = True


def read_text_file(path: str) -> str:
    """Read a UTF-8 text file, with a Russian error for binary or wrongly encoded files."""
    from pathlib import Path

    raw = Path(path).read_bytes()
    if b"\x00" in raw[:4096]:
        raise click.UsageError(f"Файл {path} похож на двоичный, нужен текст в UTF-8.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.UsageError(
            f"Файл {path} не в кодировке UTF-8 (байт {exc.start}). Сохраните его как UTF-8."
        ) from None
