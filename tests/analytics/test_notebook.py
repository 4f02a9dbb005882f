"""The example notebook runs end to end in a real Jupyter kernel.

The kernel gets the model through the environment (UNIONAI_MODEL,
UNIONAI_API_BASE) pointing at a local OpenAI-compatible server started here
whose handler answers with plausible JSON classifications.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
from appeals_fakes import server_handler
from nbclient import NotebookClient

from unionai_sdk.testing import OpenAICompatServer

NOTEBOOK = Path(__file__).parents[2] / "examples" / "notebooks" / "appeals_analysis.ipynb"
SAMPLE = 24


@pytest.mark.slow
def test_appeals_notebook_runs_against_the_local_server(tmp_path: Path) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")  # stored clean
    with OpenAICompatServer(server_handler) as server:
        env = {
            **os.environ,  # UNIONAI_HOME is a temp dir (tests/conftest.py)
            "UNIONAI_MODEL": "openai/test-model",
            "UNIONAI_API_BASE": server.url,
            "UNIONAI_API_KEY": "test-key",
            "APPEALS_SAMPLE_SIZE": str(SAMPLE),
        }
        client = NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(tmp_path)}},
        )
        client.execute(env=env)  # raises CellExecutionError if any cell fails
        requests = server.requests

    assert len(requests) == SAMPLE
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    outputs = [o for c in code_cells for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert all(c.outputs for c in code_cells)  # every cell showed something
    pngs = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(pngs) == 2  # the category chart and the trend
    text = json.dumps([o.get("text", "") for o in outputs], ensure_ascii=False)
    assert f"Отправлено модели: {SAMPLE}, из кэша: 0, ошибок: 0" in text
    html = " ".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "Аттестация" in html or "Отпуск 56 дней" in html  # the category table
