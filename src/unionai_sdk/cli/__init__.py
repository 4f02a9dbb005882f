"""The ``unionai`` command line. Messages are in Russian; see ``unionai --help``.

Each verb lives in its own module (``_anonymize``, ``_draft``, ``_review``,
``_audit``, ``_appeals``); this module only assembles them. Heavy libraries
load inside the commands, so ``unionai --help`` is fast.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from unionai_sdk.cli._common import run_main

__all__ = ["cli", "main"]

# command name -> (module, attribute)
_COMMANDS: dict[str, tuple[str, str]] = {
    "anonymize": ("unionai_sdk.cli._anonymize", "anonymize"),
    "memo": ("unionai_sdk.cli._draft", "memo"),
    "resolution": ("unionai_sdk.cli._draft", "resolution"),
    "faq": ("unionai_sdk.cli._draft", "faq"),
    "review": ("unionai_sdk.cli._review", "review"),
    "audit": ("unionai_sdk.cli._audit", "audit"),
    "appeals": ("unionai_sdk.cli._appeals", "appeals"),
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _COMMANDS.get(cmd_name)
        if target is None:
            return None
        command: click.Command = getattr(importlib.import_module(target[0]), target[1])
        return command


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="unionai-sdk", message="unionai-sdk %(version)s")
def cli() -> None:
    """unionai — ответственное использование ИИ в профсоюзе.

    Обезличивание персональных данных, проекты документов с обязательной
    экспертной проверкой, журнал аудита. Справка по команде: unionai КОМАНДА --help
    """


def main(argv: list[str] | None = None) -> Any:
    """Entry point of the ``unionai`` console script."""
    return run_main(cli, argv)
