"""Load an audit log into a pandas DataFrame (the ``analytics`` extra)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from unionai_sdk.audit._records import read_records
from unionai_sdk.exceptions import MissingExtraError

if TYPE_CHECKING:
    import pandas as pd

    from unionai_sdk._config import Settings

__all__ = ["to_dataframe"]


def to_dataframe(
    target: str | os.PathLike[str] | None = None,
    *,
    log_id: str = "default",
    settings: Settings | None = None,
) -> pd.DataFrame:
    """One row per record, columns = fields; ``ts`` as UTC datetimes.

    Reads the whole rotated set (or the database table) in chain order. It does
    not verify the chain: call :func:`~unionai_sdk.audit.verify_audit_log` first
    when that matters. Nested fields (``entity_counts``) stay dicts.
    """
    try:
        import pandas as pd
    except ImportError as exc:
        raise MissingExtraError("analytics", "pandas") from exc
    records = list(read_records(target, log_id=log_id, settings=settings))
    frame = pd.DataFrame.from_records(records)
    if "ts" in frame.columns:
        frame["ts"] = pd.to_datetime(frame["ts"], utc=True, format="ISO8601")
    return frame
