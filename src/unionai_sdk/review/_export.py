"""The released document and its exports (plain text, Markdown, DOCX).

python-docx loads only inside :meth:`ReleasedDocument.to_docx`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

__all__ = ["METADATA_MARKER", "ReleasedDocument"]

#: the Markdown export ends with ``<!-- unionai-ai-label {json} -->``
METADATA_MARKER = "unionai-ai-label"
#: name of the custom XML part inside a DOCX export
DOCX_CUSTOM_XML = "/customXml/unionai-ai-label.xml"
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` readable by the owner only (it holds personal data)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


@dataclass(frozen=True)
class ReleasedDocument:
    """A reviewed document, deanonymized and carrying the AI label.

    ``body`` is the final text without the label, ``label`` the visible label
    line and ``text`` both (``body``, a blank line, ``label``). ``metadata`` is
    the machine-readable mark: ``ai_generated`` (always ``True``), ``model``,
    ``prompt``, ``prompt_version``, ``approvers`` (id, name, approved_at),
    ``content_hash`` and ``revision`` of the approved text, ``created_at``,
    ``approved_at``, ``released_at``, ``released_by`` and ``sdk_version``.

    ``text`` contains personal data again: store it only where such data may be.
    """

    draft_id: str
    kind: str
    lang: str
    body: str
    label: str
    metadata: Mapping[str, Any] = field(default_factory=dict)
    released_at: datetime | None = None

    @property
    def text(self) -> str:
        return f"{self.body.rstrip()}\n\n{self.label}\n"

    def metadata_json(self, *, indent: int | None = None) -> str:
        """The metadata as JSON (UTF-8 text, keys sorted)."""
        return json.dumps(dict(self.metadata), ensure_ascii=False, sort_keys=True, indent=indent)

    # -- plain text and Markdown ---------------------------------------------------

    def to_text(self) -> str:
        """Body, a blank line, the label line."""
        return self.text

    def to_markdown(self) -> str:
        """Body, a rule, the label in italics, and the metadata JSON in an HTML comment.

        The comment is ``<!-- unionai-ai-label {...} -->`` at the very end; any
        ``--`` inside the JSON is escaped as ``-\\u002d`` so the comment stays valid.
        """
        meta = self.metadata_json().replace("--", "-\\u002d")
        return (
            f"{self.body.rstrip()}\n\n---\n\n*{self.label}*\n\n<!-- {METADATA_MARKER} {meta} -->\n"
        )

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the document in the format the suffix names (.docx, .md, .txt).

        Files are created with mode 0600: the text holds personal data.
        """
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix == ".docx":
            return self.to_docx(target)
        if suffix in {".md", ".markdown"}:
            _write_private(target, self.to_markdown().encode("utf-8"))
            return target
        _write_private(target, self.to_text().encode("utf-8"))
        return target

    # -- DOCX -------------------------------------------------------------------------

    def to_docx(self, path: str | os.PathLike[str]) -> Path:
        """Write a DOCX file: body paragraphs, then the label paragraph.

        The machine-readable mark goes into the core properties (``title``,
        ``subject`` = the label, ``keywords``, ``category``, ``comments`` = the
        metadata JSON, ``author`` = the approvers) and into a custom XML part
        (``/customXml/unionai-ai-label.xml``). The file is created with mode 0600.
        """
        try:
            import docx
            from docx.opc.constants import CONTENT_TYPE as CT
            from docx.opc.constants import RELATIONSHIP_TYPE as RT
            from docx.opc.packuri import PackURI
            from docx.opc.part import Part
        except ImportError as exc:  # pragma: no cover - python-docx is a core dependency
            from unionai_sdk.exceptions import MissingExtraError

            raise MissingExtraError("docx", "python-docx") from exc

        target = Path(path)
        document = docx.Document()
        for block in _blocks(self.body):
            heading = _HEADING.match(block)
            bullet = _BULLET.match(block)
            numbered = _NUMBERED.match(block)
            if heading:
                document.add_heading(heading.group(2).strip(), level=min(len(heading.group(1)), 4))
                continue
            if bullet:
                paragraph = document.add_paragraph(style="List Bullet")
                text = bullet.group(1)
            elif numbered:
                paragraph = document.add_paragraph(style="List Number")
                text = numbered.group(1)
            else:
                paragraph = document.add_paragraph()
                text = block
            _add_runs(paragraph, text)
        label_paragraph = document.add_paragraph()
        label_run = label_paragraph.add_run(self.label)
        label_run.italic = True

        props = document.core_properties
        approvers = self.metadata.get("approvers") or []
        names = [str(a.get("name") or a.get("id")) for a in approvers if isinstance(a, Mapping)]
        props.title = f"{self.kind} {self.draft_id}"[:255]
        props.subject = self.label[:255]
        props.keywords = f"ai_generated; unionai-sdk; {self.kind}; {self.lang}"
        props.category = "ai_generated"
        # python-docx caps core properties at 255 characters; OOXML does not, and the
        # full metadata JSON belongs in dc:description ("comments"), so set it directly
        props._element._get_or_add("description").text = self.metadata_json()
        props.author = "; ".join(names)[:255]
        released_by = self.metadata.get("released_by")
        if isinstance(released_by, Mapping):
            props.last_modified_by = str(released_by.get("name") or released_by.get("id"))[:255]
        props.identifier = self.draft_id
        props.language = self.lang
        props.version = str(self.metadata.get("revision", ""))
        if self.released_at is not None:
            props.created = self.released_at
            props.modified = self.released_at

        xml = _custom_xml(self.metadata_json())
        part = Part(PackURI(DOCX_CUSTOM_XML), CT.XML, xml, document.part.package)
        document.part.relate_to(part, RT.CUSTOM_XML)

        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            document.save(fh)
        return target


def _blocks(body: str) -> list[str]:
    """Split a Markdown-ish body into paragraphs: blank lines separate paragraphs;
    headings and list items are paragraphs of their own."""
    blocks: list[str] = []
    current: list[str] = []
    for raw in body.splitlines():
        line = raw.rstrip()
        if not line.strip():
            if current:
                blocks.append(" ".join(current))
                current = []
            continue
        if _HEADING.match(line) or _BULLET.match(line) or _NUMBERED.match(line):
            if current:
                blocks.append(" ".join(current))
                current = []
            blocks.append(line.strip())
            continue
        current.append(line.strip())
    if current:
        blocks.append(" ".join(current))
    return blocks


def _add_runs(paragraph: Any, text: str) -> None:
    """Add ``text`` to a python-docx paragraph, honouring ``**bold**``."""
    pos = 0
    for match in _BOLD.finditer(text):
        if match.start() > pos:
            paragraph.add_run(text[pos : match.start()])
        paragraph.add_run(match.group(1)).bold = True
        pos = match.end()
    if pos < len(text):
        paragraph.add_run(text[pos:])


def _custom_xml(metadata_json: str) -> bytes:
    from xml.sax.saxutils import escape

    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<aiLabel xmlns="urn:unionai-sdk:ai-label:1">'
        f"<metadata>{escape(metadata_json)}</metadata></aiLabel>"
    ).encode()
