"""JSONL files: the rotated set, reading lines, the head anchor file."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "ANCHOR_SUFFIX",
    "LOCK_SUFFIX",
    "Line",
    "anchor_path",
    "iter_lines",
    "log_files",
    "read_anchor",
    "rotated_name",
    "write_anchor",
]

LOCK_SUFFIX = ".lock"
ANCHOR_SUFFIX = ".head"
_CHUNK = 1 << 22


def _pattern(path: Path) -> re.Pattern[str]:
    stem, suffix = path.stem, path.suffix
    return re.compile(
        re.escape(stem)
        + r"\.(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2})(?:-(\d+))?"
        + re.escape(suffix)
        + r"\Z"
    )


def rotated_name(path: Path, stamp: str) -> Path:
    """A free name for the rotated file: ``audit.<stamp>.jsonl``, numbered on collision."""
    candidate = path.with_name(f"{path.stem}.{stamp}{path.suffix}")
    n = 0
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}.{stamp}-{n}{path.suffix}")
    return candidate


def _first_seq(path: Path) -> int | None:
    try:
        with path.open("rb") as fh:
            first = fh.readline()
        seq = json.loads(first).get("seq")
    except (OSError, ValueError, AttributeError):
        return None
    return seq if isinstance(seq, int) else None


def log_files(path: Path) -> list[Path]:
    """The rotated siblings of ``path`` in chain order, then ``path`` itself (if present).

    Rotated files are ordered by the ``seq`` of their first record (robust to a
    clock that went backwards), then by the time stamp and number in their name.
    """
    pattern = _pattern(path)
    rotated: list[tuple[float, str, int, Path]] = []
    try:
        entries = list(path.parent.iterdir())
    except FileNotFoundError:
        entries = []
    for entry in entries:
        match = pattern.match(entry.name)
        if match is None:
            continue
        seq = _first_seq(entry)
        rotated.append(
            (
                float(seq) if seq is not None else float("inf"),
                match.group(1),
                int(match.group(2) or 0),
                entry,
            )
        )
    rotated.sort(key=lambda item: item[:3])
    files = [item[3] for item in rotated]
    if path.exists():
        files.append(path)
    return files


#: One stored line: (1-based line number, bytes without the newline, had a newline).
Line = tuple[int, bytes, bool]


def iter_lines(path: Path) -> Iterator[Line]:
    """Lines of ``path`` read in large chunks; the last may be incomplete (torn)."""
    number = 0
    rest = b""
    with path.open("rb") as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            parts = (rest + chunk).split(b"\n")
            rest = parts.pop()
            for data in parts:
                number += 1
                yield number, data, True
    if rest:
        yield number + 1, rest, False


def anchor_path(path: Path) -> Path:
    return path.with_name(path.name + ANCHOR_SUFFIX)


def write_anchor(path: Path, payload: dict[str, object]) -> None:
    """Atomically replace the anchor file beside ``path`` (0600)."""
    target = anchor_path(path)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    data = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode("utf-8") + b"\n"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, target)


def read_anchor(path: Path) -> dict[str, object] | None:
    try:
        payload = json.loads(anchor_path(path).read_bytes())
    except (OSError, ValueError):
        return None
    return payload if isinstance(payload, dict) else None
