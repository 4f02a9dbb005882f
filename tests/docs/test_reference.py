"""The reference pages stay true to the code: every public name, exception,
setting and status is documented, and the docs name no setting the code
does not read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
SRC = REPO / "src" / "unionai_sdk"


def _page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _all_docs_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(DOCS.rglob("*.md")))


def test_every_public_name_is_in_the_api_overview() -> None:
    import unionai_sdk
    from unionai_sdk import exceptions

    page = _page("reference/api.md")
    # exception classes have their own page (test below)
    public = [
        n for n in unionai_sdk.__all__ if not n.startswith("_") and n not in exceptions.__all__
    ]
    missing = [n for n in public if not re.search(rf"\b{re.escape(n)}\b", page)]
    assert missing == []


@pytest.mark.parametrize("module", ["privacy", "review", "llm", "prompts", "analytics", "testing"])
def test_subpackage_names_used_in_the_overview_exist(module: str) -> None:
    import importlib

    mod = importlib.import_module(f"unionai_sdk.{module}")
    page = _page("reference/api.md")
    for name in re.findall(rf"unionai_sdk\.{module}\.(\w+)", page):
        assert hasattr(mod, name), f"api.md names unionai_sdk.{module}.{name}, which does not exist"


def test_every_exception_is_documented_with_its_place_in_the_tree() -> None:
    from unionai_sdk import exceptions

    page = _page("reference/exceptions.md")
    for name in exceptions.__all__:
        assert re.search(rf"^[│├└─\s]*{name}\b", page, re.MULTILINE), f"{name} missing from tree"
    # the drawn tree is the one in the module's docstring
    doc_tree = (exceptions.__doc__ or "").split("::", 1)[1].split("Messages and attributes")[0]
    for line in (ln.strip() for ln in doc_tree.splitlines() if ln.strip()):
        assert line in page, f"exceptions.md differs from the docstring tree at: {line}"


def test_every_setting_is_documented() -> None:
    from unionai_sdk._config import ENV_VARS

    page = _page("reference/settings.md")
    missing = [name for name in ENV_VARS if f"`{name}`" not in page]
    assert missing == []


def test_the_docs_name_no_variable_the_code_does_not_read() -> None:
    from unionai_sdk._config import ENV_VARS

    mentioned = set(re.findall(r"\bUNIONAI_[A-Z_]*[A-Z]\b", _all_docs_text()))
    assert mentioned - set(ENV_VARS) == set()


def test_storage_reference_lists_every_status_and_table() -> None:
    from unionai_sdk.review import DraftStatus, EventType
    from unionai_sdk.review import _schema as schema

    page = _page("reference/storage.md")
    for status in DraftStatus:
        assert f"`{status.value}`" in page
    for event in EventType:
        assert f"`{event.value}`" in page
    for table in (schema.drafts, schema.revisions, schema.approvals, schema.events):
        assert f"`{table.name}`" in page
        for column in table.columns:
            assert column.name in page, f"{table.name}.{column.name} is not documented"


def test_every_risk_flag_the_code_raises_is_explained_to_reviewers() -> None:
    sources = [
        SRC / "checks.py",
        SRC / "facade.py",
        *sorted((SRC / "prompts").glob("*.py")),
        *sorted((SRC / "analytics").glob("*.py")),
    ]
    code = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    flag = r"(?:injection|citation|claim|residual_pii|unknown_placeholder|schema_repaired):[a-z_]*"
    raised = set(re.findall(rf'f?"({flag})', code))
    assert len(raised) >= 10
    page = _page("staff/review.md")
    unexplained = sorted(f for f in raised if f"`{f}" not in page)
    assert unexplained == []
