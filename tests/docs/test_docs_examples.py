"""Every ```python block in docs/ runs (or, if marked skip-run, compiles).

Blocks of one page run in order in one namespace, like a reader following the
page, in a fresh working directory with ``UNIONAI_HOME`` set and the model
settings (``UNIONAI_MODEL``, ``UNIONAI_API_BASE``) pointing at a local
OpenAI-compatible server (see ``conftest.py``). A block is only compiled when
its info string contains ``skip-run`` or the line before it is
``<!-- skip-run -->``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"

_FENCE = re.compile(
    r"^(?P<indent>[ ]*)```(?P<info>[^\n`]*)\n(?P<code>.*?)^(?P=indent)```[ ]*$",
    re.DOTALL | re.MULTILINE,
)
SKIP_MARK = "<!-- skip-run -->"


@dataclass(frozen=True)
class Block:
    path: Path
    line: int
    code: str
    run: bool


def python_blocks(path: Path) -> list[Block]:
    text = path.read_text(encoding="utf-8")
    blocks: list[Block] = []
    for match in _FENCE.finditer(text):
        info = match.group("info").strip()
        words = info.replace("{", " ").replace("}", " ").replace(".", " ").split()
        if not words or words[0] != "python":
            continue
        before = text[: match.start()].rstrip().rsplit("\n", 1)[-1].strip()
        indent = len(match.group("indent"))
        code = "\n".join(line[indent:] for line in match.group("code").splitlines())
        blocks.append(
            Block(
                path=path,
                line=text.count("\n", 0, match.start()) + 1,
                code=code,
                run="skip-run" not in words and before != SKIP_MARK,
            )
        )
    return blocks


PAGES = sorted(p for p in DOCS.rglob("*.md") if python_blocks(p))


def test_the_docs_have_runnable_examples() -> None:
    runnable = [b for p in PAGES for b in python_blocks(p) if b.run]
    assert len(runnable) >= 15, "the documentation lost its executed examples"


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(DOCS)) for p in PAGES])
def test_page_examples_run(page: Path, docs_env: Path) -> None:
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for block in python_blocks(page):
        where = f"{page.relative_to(REPO)}:{block.line}"
        compiled = compile(block.code, where, "exec")
        if block.run:
            exec(compiled, namespace)  # the point of the test: run the documented code
