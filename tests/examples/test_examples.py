"""Every script in examples/ runs against the local OpenAI-compatible test server.

The examples are what users copy: they run as real subprocesses, through
litellm and HTTP, and the server checks that no synthetic personal data from
the scripts reached it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from unionai_sdk.testing import OpenAICompatServer, structured_reply

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SCRIPTS = sorted(p.name for p in EXAMPLES.glob("*.py"))

# identifiers and surnames the example scripts contain (all synthetic)
MUST_NOT_LEAVE = ["900214450173", "780925400363", "Нурланова", "Абдрахманова", "707) 123-45-67"]


@pytest.fixture(scope="module")
def server() -> Iterator[OpenAICompatServer]:
    with OpenAICompatServer(handler=structured_reply) as srv:
        yield srv


def run_example(name: str, server: OpenAICompatServer, tmp_path: Path) -> str:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("UNIONAI_")},
        "UNIONAI_HOME": str(tmp_path / "home"),
        "UNIONAI_MODEL": "openai/test-model",
        "UNIONAI_API_BASE": server.url,
        "UNIONAI_API_KEY": "test-key",
    }
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / name), str(tmp_path)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def test_there_are_examples() -> None:
    assert {"quickstart.py", "legal_memo_end_to_end.py", "faq_helper.py", "resolution.py"} <= set(
        SCRIPTS
    )


@pytest.mark.parametrize("name", SCRIPTS)
def test_example_runs_and_leaks_nothing(
    name: str, server: OpenAICompatServer, tmp_path: Path
) -> None:
    before = len(server.raw_bodies)
    out = run_example(name, server, tmp_path)
    assert out.strip()
    received = b"".join(server.raw_bodies[before:]).decode("utf-8")
    assert len(server.raw_bodies) > before, "the example sent nothing to the model"
    for value in MUST_NOT_LEAVE:
        assert value not in received


def test_legal_memo_example_writes_a_labelled_docx(
    server: OpenAICompatServer, tmp_path: Path
) -> None:
    import docx

    out = run_example("legal_memo_end_to_end.py", server, tmp_path)
    assert "Автор не может утвердить" in out
    document = docx.Document(str(tmp_path / "legal_memo.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "искусственного интеллекта" in text
    assert "Бауыржан Нурланов" in text


def test_resolution_example_needs_two_approvals(server: OpenAICompatServer, tmp_path: Path) -> None:
    out = run_example("resolution.py", server, tmp_path)
    assert "После первого утверждения: pending" in out
    assert "искусственного интеллекта" in (tmp_path / "resolution.md").read_text("utf-8")
