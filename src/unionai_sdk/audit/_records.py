"""Read an audit log's records as dicts (complete lines only, chain order)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from unionai_sdk.audit._verify import _sources, resolve_target

if TYPE_CHECKING:
    from unionai_sdk._config import Settings

__all__ = ["read_records"]


def read_records(
    target: str | os.PathLike[str] | None = None,
    *,
    log_id: str = "default",
    settings: Settings | None = None,
) -> Iterator[dict[str, Any]]:
    """Every complete, parseable record; a torn or garbled line is skipped."""
    path, is_db = resolve_target(target, settings)
    for _label, lines in _sources(path, is_db, log_id):
        for _number, data, complete in lines:
            if not complete:
                continue
            try:
                record = json.loads(data)
            except ValueError:
                continue
            if isinstance(record, dict):
                yield record
