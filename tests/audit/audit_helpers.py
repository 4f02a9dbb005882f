"""Helpers for the audit tests: synthetic identifiers, log files, records."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

_W1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def iin_check_digit(first11: str) -> int | None:
    """The ИИН control digit (two-pass mod 11), independent of the SDK's own code."""
    digits = [int(c) for c in first11]
    check = sum(d * w for d, w in zip(digits, _W1, strict=True)) % 11
    if check == 10:
        check = sum(d * w for d, w in zip(digits, _W2, strict=True)) % 11
    return None if check == 10 else check


def synthetic_iin(seed: int = 0) -> str:
    """A valid-checksum ИИН of a made-up person born 1985-1999."""
    rng = random.Random(seed)
    while True:
        first11 = (
            f"{rng.randint(85, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            f"{rng.choice('34')}{rng.randint(0, 9999):04d}"
        )
        check = iin_check_digit(first11)
        if check is not None:
            return first11 + str(check)


def lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in lines(path)]


def write_log(path: Path, n: int, *, key: str | None = None, **kwargs: Any) -> None:
    from unionai_sdk.audit import AuditLog, events

    with AuditLog(path, key=key, user="t.tester", **kwargs) as log:
        for i in range(n):
            log.record(events.LLM_RESPONSE, model="openai/gpt-4o-mini", kind="legal_memo",
                       total_tokens=100 + i, cost_usd=0.001, i=i)  # fmt: skip
