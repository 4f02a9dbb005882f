"""mkdocs hook: show the repository's CHANGELOG.md on docs/changelog.md.

mkdocs cannot include files outside ``docs_dir``, and we use no third-party
plugin for it. This hook replaces the marker line in ``changelog.md`` with the
text of ``../CHANGELOG.md`` (headings demoted one level so the page keeps one
title). If the file is missing, the marker is dropped and the page keeps its own
text, which points to the file in the repository.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

MARKER = "<!-- include: CHANGELOG.md -->"


def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    if page.file.src_uri != "changelog.md" or MARKER not in markdown:
        return markdown
    changelog = Path(config["config_file_path"]).parent / "CHANGELOG.md"
    if not changelog.is_file():
        return markdown.replace(MARKER, "")
    text = changelog.read_text(encoding="utf-8")
    # drop the changelog's own title; demote the rest one level
    text = re.sub(r"\A\s*# [^\n]*\n", "", text)
    text = re.sub(r"^(#{1,5}) ", r"#\1 ", text, flags=re.MULTILINE)
    return markdown.replace(MARKER, text)
