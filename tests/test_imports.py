"""Importing the package stays cheap: heavy dependencies load on first use only
(like click's tests/test_imports.py). Each check runs in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = (
    "litellm",
    "presidio_analyzer",
    "presidio_anonymizer",
    "spacy",
    "natasha",
    "slovnet",
    "sqlalchemy",
    "psycopg",
    "pandas",
    "matplotlib",
    "docx",
)

SCRIPT = """
import json, sys
import {module}
heavy = {heavy!r}
loaded = sorted(m for m in sys.modules if m.split(".")[0] in heavy)
print(json.dumps(loaded))
"""


@pytest.mark.parametrize("module", ["unionai_sdk", "unionai_sdk.llm", "unionai_sdk.testing"])
def test_import_pulls_in_no_heavy_dependency(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(module=module, heavy=HEAVY)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == [], f"import {module} loaded {loaded}"


def test_creating_a_client_does_not_import_litellm() -> None:
    code = (
        "import sys\n"
        "from unionai_sdk.llm import LLMClient\n"
        "LLMClient('openai/m', api_base='http://127.0.0.1:9/v1')\n"
        "print('litellm' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "False"
