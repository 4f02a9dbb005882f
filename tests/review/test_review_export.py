"""Exports of a released document: text, Markdown with metadata, DOCX."""

from __future__ import annotations

import json
import re
import stat
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest

from unionai_sdk.review import ReleasedDocument
from unionai_sdk.review._label import ai_label

LABEL_RU = (
    "Подготовлено с использованием системы искусственного интеллекта; "
    "проверено: Л. Первая, Ч. Председатель, 02.03.2026."
)
BODY = (
    "# Правовое заключение\n\n"
    "Работник **Жанар Синтетикова** обратилась по вопросу увольнения.\n"
    "Оснований нет.\n\n"
    "## Выводы\n\n"
    "- обратиться в согласительную комиссию;\n"
    "- срок -- один месяц.\n\n"
    "1. Первое.\n"
    "2. Второе.\n"
)
META = {
    "ai_generated": True,
    "model": "openai/gpt-4o-mini",
    "prompt": "legal_memo",
    "prompt_version": 2,
    "approvers": [
        {"id": "l.one", "name": "Л. Первая", "approved_at": "2026-03-02T09:30:00+00:00"},
        {"id": "c.chair", "name": "Ч. Председатель", "approved_at": "2026-03-02T10:00:00+00:00"},
    ],
    "released_by": {"id": "l.one", "name": "Л. Первая"},
    "content_hash": "sha256:" + "ab" * 32,
    "revision": 3,
    "note": "a -- b",
}


@pytest.fixture
def doc() -> ReleasedDocument:
    return ReleasedDocument(
        draft_id="0" * 31 + "1",
        kind="legal_memo",
        lang="ru",
        body=BODY,
        label=LABEL_RU,
        metadata=META,
        released_at=datetime(2026, 3, 2, 11, 0, tzinfo=UTC),
    )


def test_label_wording_per_language() -> None:
    when = datetime(2026, 3, 2, 23, 59, tzinfo=UTC)
    assert ai_label("ru", ["Л. Первая", "Ч. Председатель"], when) == LABEL_RU
    assert ai_label("kk", ["Л. Первая"], when) == (
        "Жасанды интеллект жүйесін пайдалана отырып дайындалды; тексерген: Л. Первая, 02.03.2026."
    )
    assert ai_label("xx", ["A"], when).startswith("Подготовлено с использованием")


def test_text_ends_with_the_label(doc: ReleasedDocument) -> None:
    text = doc.to_text()
    assert text.startswith("# Правовое заключение")
    assert text.rstrip().splitlines()[-1] == LABEL_RU
    assert doc.text == text


def test_markdown_carries_label_and_metadata_comment(doc: ReleasedDocument) -> None:
    md = doc.to_markdown()
    assert f"*{LABEL_RU}*" in md
    match = re.search(r"<!-- unionai-ai-label (\{.*\}) -->\s*\Z", md, re.S)
    assert match is not None
    assert "--" not in match.group(1)  # the comment stays a valid HTML comment
    assert json.loads(match.group(1)) == META
    assert md.index(LABEL_RU) > md.index("Второе")


def test_docx_has_body_label_and_core_properties(doc: ReleasedDocument, tmp_path: Path) -> None:
    path = doc.to_docx(tmp_path / "memo.docx")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    opened = docx.Document(str(path))
    paragraphs = [(p.style.name, p.text) for p in opened.paragraphs]
    assert paragraphs[0] == ("Heading 1", "Правовое заключение")
    assert paragraphs[1] == (
        "Normal",
        "Работник Жанар Синтетикова обратилась по вопросу увольнения. Оснований нет.",
    )
    assert ("Heading 2", "Выводы") in paragraphs
    assert ("List Bullet", "обратиться в согласительную комиссию;") in paragraphs
    assert ("List Number", "Второе.") in paragraphs
    assert paragraphs[-1] == ("Normal", LABEL_RU)
    bold = [r.text for r in opened.paragraphs[1].runs if r.bold]
    assert bold == ["Жанар Синтетикова"]
    props = opened.core_properties
    assert props.subject == LABEL_RU
    assert "ai_generated" in props.keywords
    assert props.category == "ai_generated"
    assert props.author == "Л. Первая; Ч. Председатель"
    assert props.last_modified_by == "Л. Первая"
    assert props.identifier == doc.draft_id
    assert props.language == "ru"
    assert props.created == datetime(2026, 3, 2, 11, 0, tzinfo=UTC)
    assert json.loads(props.comments) == META  # longer than python-docx's 255-char cap
    custom = [
        rel.target_part
        for rel in opened.part.rels.values()
        if rel.reltype.endswith("/customXml") and "unionai" in str(rel.target_part.partname)
    ]
    assert len(custom) == 1
    assert b"urn:unionai-sdk:ai-label:1" in custom[0].blob
    assert "Председатель" in custom[0].blob.decode("utf-8")


@pytest.mark.parametrize("suffix", [".md", ".txt", ".docx"])
def test_save_picks_format_from_suffix(doc: ReleasedDocument, tmp_path: Path, suffix: str) -> None:
    path = doc.save(tmp_path / f"out{suffix}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    if suffix == ".docx":
        assert docx.Document(str(path)).paragraphs[-1].text == LABEL_RU
    else:
        content = path.read_text(encoding="utf-8")
        assert LABEL_RU in content
        assert ("unionai-ai-label" in content) is (suffix == ".md")
