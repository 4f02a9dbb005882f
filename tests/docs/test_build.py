"""The documentation site builds with ``mkdocs build --strict``: every page in the
nav exists, every internal link and anchor resolves, nothing is left out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return out


def test_every_page_is_built(site: Path) -> None:
    pages = sorted(
        p.relative_to(DOCS).with_suffix(".html")
        for p in DOCS.rglob("*.md")
        if "_hooks" not in p.parts
    )
    assert len(pages) >= 25
    missing = [str(p) for p in pages if not (site / p).is_file()]
    assert missing == []


def test_home_page_is_russian_first(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'lang="ru"' in home
    assert "Методические рекомендации" in home
    assert "In English" in home


def test_hook_sources_are_not_published(site: Path) -> None:
    assert not (site / "_hooks").exists()


def test_changelog_is_included(site: Path) -> None:
    page = (site / "changelog.html").read_text(encoding="utf-8")
    assert "include: CHANGELOG.md" not in page  # the marker never reaches readers
    changelog = REPO / "CHANGELOG.md"
    if changelog.is_file():
        assert "Unreleased" in page
