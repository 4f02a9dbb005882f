"""Importing the synthetic package stays cheap: no model, NLP or database library."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("natasha", "presidio_analyzer", "spacy", "litellm", "sqlalchemy", "pandas",
         "phonenumbers", "hypothesis", "pydantic")  # fmt: skip


def test_import_is_light() -> None:
    code = (
        "import json, sys\n"
        "import unionai_sdk.synthetic as s\n"
        "s.generate_corpus(3, seed=1)\n"
        "s.sample_appeals(2, seed=1)\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(out.stdout) == []
