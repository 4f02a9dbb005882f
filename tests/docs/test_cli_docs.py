"""Every ``unionai`` command line printed in the docs exists, with options the
command really accepts. (The CLI flows themselves run in test_cli_guides.py.)"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"

_SHELL_BLOCK = re.compile(r"^```(?:bash|console|shell|sh)\n(.*?)^```", re.DOTALL | re.MULTILINE)


def command_lines() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for page in sorted(DOCS.rglob("*.md")):
        for block in _SHELL_BLOCK.findall(page.read_text(encoding="utf-8")):
            for line in block.splitlines():
                line = line.split(" #", 1)[0].strip()
                if line.startswith("unionai "):
                    found.append((str(page.relative_to(DOCS)), line))
    return found


LINES = command_lines()


def test_the_guides_show_every_command() -> None:
    shown = {shlex.split(line)[1] for _, line in LINES}
    assert shown >= {"anonymize", "memo", "faq", "resolution", "review", "audit", "appeals"}


def _options(command: click.Command) -> set[str]:
    names: set[str] = {"--help", "-h"}
    for param in command.params:
        if isinstance(param, click.Option):
            names.update(param.opts)
            names.update(param.secondary_opts)
    return names


@pytest.mark.parametrize(("page", "line"), LINES, ids=[f"{p}: {ln}" for p, ln in LINES])
def test_documented_command_line_is_valid(page: str, line: str) -> None:
    from unionai_sdk.cli import cli

    words = shlex.split(line)[1:]
    ctx = click.Context(cli)
    command: click.Command = cli
    path = ["unionai"]
    while isinstance(command, click.Group) and words and not words[0].startswith("-"):
        sub = command.get_command(ctx, words[0])
        assert sub is not None, f"{page}: no command {' '.join([*path, words[0]])!r}"
        path.append(words.pop(0))
        command = sub
    accepted = _options(command)
    used = {w.split("=", 1)[0] for w in words if w.startswith("-") and w != "-"}
    unknown = sorted(used - accepted)
    assert unknown == [], f"{page}: {' '.join(path)} does not accept {unknown}"
