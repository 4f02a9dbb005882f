"""The SDK's own structlog processor chain for audit records.

Processors are plain callables ``(logger, method_name, event_dict) -> event_dict``
folded over the event dict, as in structlog. :class:`~unionai_sdk.audit.AuditLog`
binds them with ``structlog.wrap_logger(..., processors=[...])``, so an
application's global ``structlog.configure()`` can neither remove nor reorder
them, and nothing here configures global logging.

Order: :class:`AddContext` → :class:`Redact` → :class:`Chain` → :meth:`Chain.render`.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import time
import uuid
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, Final, Protocol

from unionai_sdk.audit._chain import (
    ALG_HMAC,
    ALG_SHA256,
    GENESIS,
    canonical,
    digest,
    key_id,
)

__all__ = [
    "RAW_TEXT_FIELDS",
    "AddContext",
    "Chain",
    "Redact",
    "utc_timestamp",
]

#: Field names that carry raw text. Their values never reach the log: a string
#: becomes ``<name>_sha256`` + ``<name>_chars``, a list or mapping
#: ``<name>_sha256`` + ``<name>_items``. Applies at every nesting level.
RAW_TEXT_FIELDS: Final = frozenset(
    {
        "answer",
        "body",
        "comment",
        "completion",
        "considered",
        "content",
        "excerpt",
        "facts",
        "input",
        "message",
        "messages",
        "original",
        "output",
        "prompt",
        "question",
        "raw",
        "reason",
        "response",
        "response_text",
        "text",
        "topic",
    }
)

_MAX_DEPTH: Final = 32
_HEX64: Final = re.compile(r"[0-9a-f]{64}")
# An ASCII string can hold an identifier only with an '@' (e-mail), "KZ" (IBAN) or
# at least nine digits (the shortest phone number; ИИН/БИН 12, cards 13+).
_MAY_HOLD_ID: Final = re.compile(r"@|[kK][zZ]|(?:\d\D*){9}")
#: Fields the context processor sets from our own clock/version: never scanned.
_DIGEST_KEYS: Final = ("sha256", "hash")
_TRUSTED_TOP: Final = frozenset({"ts", "sdk_version"})
_CLEAN_CACHE_MAX: Final = 4096
_CLEAN_CACHE_LEN: Final = 256


EventDict = MutableMapping[str, Any]


class _Finding(Protocol):
    @property
    def entity_type(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


Scanner = Callable[[str], Sequence[_Finding]]


class _UtcClock:
    """UTC ISO 8601 with microseconds and ``Z``; the seconds part is cached."""

    def __init__(self) -> None:
        self._second = -1
        self._prefix = ""

    def __call__(self) -> str:
        second, nanos = divmod(time.time_ns(), 1_000_000_000)
        if second != self._second:
            self._prefix = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
            self._second = second
        return f"{self._prefix}.{nanos // 1000:06d}Z"


#: Now, UTC, ISO 8601 with microseconds and a ``Z`` (e.g. ``2026-11-28T18:00:00.000001Z``).
utc_timestamp: Callable[[], str] = _UtcClock()


class AddContext:
    """Adds ``ts`` (UTC, ISO 8601, ``Z``), ``sdk_version``, ``user`` and ``session_id``.

    ``user`` and ``session_id`` given to one ``record`` call win over the log's own.
    """

    def __init__(
        self,
        *,
        sdk_version: str,
        user: str | None,
        session_id: str | None,
        clock: Callable[[], str] = utc_timestamp,
    ) -> None:
        self.sdk_version = sdk_version
        self.user = user
        self.session_id = session_id
        self.clock = clock

    def __call__(self, logger: Any, method_name: str, event_dict: EventDict) -> EventDict:
        event_dict["ts"] = self.clock()
        event_dict["sdk_version"] = self.sdk_version
        if event_dict.get("user") is None:
            event_dict["user"] = self.user
        if event_dict.get("session_id") is None:
            event_dict["session_id"] = self.session_id
        return event_dict


def _default_scanner() -> Scanner:
    from unionai_sdk.privacy import scan_identifiers

    return scan_identifiers


def _fingerprint(value: Any) -> str:
    if isinstance(value, str):
        data = value.encode("utf-8", "surrogatepass")
    else:
        data = json.dumps(
            value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
        ).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


class Redact:
    """Removes raw text and masks identifiers; makes every value plain JSON.

    1. Fields named in :data:`RAW_TEXT_FIELDS` (at any depth) are replaced by a
       SHA-256 and a length.
    2. Every remaining string (values and keys, recursively) goes through
       ``scanner`` (default :func:`unionai_sdk.privacy.scan_identifiers`: ИИН,
       БИН, phones, e-mails, IBANs, cards); findings become ``«[REDACTED:TYPE]»``.
       Hex digests in fields named ``*sha256``/``*hash`` are left alone.
    3. Values become JSON types: tuples/sets → lists, datetimes → ISO strings,
       enums → their value, bytes → ``{"sha256", "bytes"}``, non-finite floats →
       strings, unknown objects → ``"<TypeName>"``.
    """

    def __init__(
        self,
        *,
        raw_text_fields: frozenset[str] = RAW_TEXT_FIELDS,
        scanner: Scanner | None = None,
    ) -> None:
        self.raw_text_fields = raw_text_fields
        self._scanner = scanner
        # short strings already scanned and found clean (ids, models, kinds repeat)
        self._clean: set[str] = set()

    @property
    def scanner(self) -> Scanner:
        if self._scanner is None:
            self._scanner = _default_scanner()
        return self._scanner

    def __call__(self, logger: Any, method_name: str, event_dict: EventDict) -> EventDict:
        trusted = {k: event_dict.pop(k) for k in _TRUSTED_TOP if type(event_dict.get(k)) is str}
        out = self._mapping(event_dict, 0)
        out.update(trusted)
        return out

    # --- walking ---------------------------------------------------------------

    def _mapping(self, mapping: Mapping[Any, Any], depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        clean = self._clean
        raw_fields = self.raw_text_fields
        for raw_key, value in mapping.items():
            key = raw_key if type(raw_key) is str else str(raw_key)
            if key in raw_fields:
                if value is None:
                    continue
                out.setdefault(f"{key}_sha256", _fingerprint(value))
                if isinstance(value, str):
                    out.setdefault(f"{key}_chars", len(value))
                elif isinstance(value, Mapping | list | tuple | set | frozenset):
                    out.setdefault(f"{key}_items", len(value))
                continue
            if key not in clean:
                key = self._string(key)
            kind = type(value)
            if kind is str:
                if value in clean or (
                    key.endswith(_DIGEST_KEYS) and _HEX64.fullmatch(value) is not None
                ):
                    out[key] = value
                else:
                    out[key] = self._string(value)
            elif (
                kind is int
                or kind is bool
                or value is None
                or (kind is float and math.isfinite(value))
            ):
                out[key] = value
            else:
                out[key] = self._value(value, depth + 1)
        return out

    def _value(self, value: Any, depth: int) -> Any:
        if isinstance(value, str):
            return self._string(str(value))
        if value is None or isinstance(value, bool | int):
            return value if type(value) in (bool, int) or value is None else int(value)
        if isinstance(value, float):
            return value if math.isfinite(value) else str(value)
        if depth > _MAX_DEPTH:
            return "<too deep>"
        if isinstance(value, Mapping):
            return self._mapping(value, depth)
        if isinstance(value, list | tuple):
            return [self._value(v, depth + 1) for v in value]
        if isinstance(value, set | frozenset):
            items = [self._value(v, depth + 1) for v in value]
            return sorted(items, key=canonical_item)
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                value = value.astimezone(UTC).replace(tzinfo=None)
                return value.isoformat(timespec="microseconds") + "Z"
            return value.isoformat(timespec="microseconds")
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, timedelta):
            return value.total_seconds()
        if isinstance(value, Enum):
            return self._value(value.value, depth + 1)
        if isinstance(value, bytes | bytearray | memoryview):
            data = bytes(value)
            return {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
        if isinstance(value, uuid.UUID | Decimal | os.PathLike):
            return self._string(str(value))
        return f"<{type(value).__name__}>"

    def _string(self, text: str) -> str:
        clean = self._clean
        if text in clean:
            return text
        if text.isascii() and _MAY_HOLD_ID.search(text) is None:
            findings: Sequence[_Finding] = ()
        else:
            findings = self.scanner(text)
        if not findings:
            if len(text) <= _CLEAN_CACHE_LEN:
                if len(clean) >= _CLEAN_CACHE_MAX:
                    clean.clear()
                clean.add(text)
            return text
        spans = sorted((f.start, f.end, f.entity_type) for f in findings)
        merged: list[list[Any]] = []
        for start, end, kind in spans:
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
                continue
            merged.append([start, end, kind])
        parts: list[str] = []
        pos = 0
        for start, end, kind in merged:
            parts.append(text[pos:start])
            parts.append(f"«[REDACTED:{kind}]»")
            pos = end
        parts.append(text[pos:])
        return "".join(parts)


def canonical_item(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _fix_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {_fix_surrogates(k): _fix_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_fix_surrogates(v) for v in value]
    return value


class Chain:
    """Links each record to the one before it.

    Adds ``seq`` (1-based), ``prev`` (hash of the previous record, :data:`GENESIS`
    for the first), ``alg`` (``"sha256"`` or ``"hmac-sha256"``), ``kid`` (key
    fingerprint, HMAC only) and ``hash`` over the canonical JSON of the rest.

    The head (``seq``, ``hash`` of the last record) is set by the store under its
    lock before each record (:meth:`set_head`); standalone, the chain advances
    its own head.
    """

    def __init__(self, key: bytes | None = None) -> None:
        self.key = key
        self.alg = ALG_SHA256 if key is None else ALG_HMAC
        self.kid = None if key is None else key_id(key)
        self.seq = 0
        self.hash = GENESIS
        self._last: tuple[EventDict, bytes] | None = None
        #: the record being written (set by ``__call__``)
        self.current: EventDict = {}

    def set_head(self, seq: int, hash_: str) -> None:
        self.seq = seq
        self.hash = hash_

    def __call__(self, logger: Any, method_name: str, event_dict: EventDict) -> EventDict:
        event_dict.pop("hash", None)
        event_dict["seq"] = self.seq + 1
        event_dict["prev"] = self.hash
        event_dict["alg"] = self.alg
        if self.kid is not None:
            event_dict["kid"] = self.kid
        else:
            event_dict.pop("kid", None)
        try:
            body = canonical(event_dict).encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates in some string
            fixed = _fix_surrogates(event_dict)
            event_dict.clear()
            event_dict.update(fixed)
            body = canonical(event_dict).encode("utf-8")
        hash_ = digest(body, self.key)
        event_dict["hash"] = hash_
        self.seq += 1
        self.hash = hash_
        self.current = event_dict
        self._last = (event_dict, body[:-1] + b',"hash":"' + hash_.encode("ascii") + b'"}\n')
        return event_dict

    def render(self, logger: Any, method_name: str, event_dict: EventDict) -> bytes:
        """Final processor: the stored line (canonical body + hash + newline)."""
        last = self._last
        self._last = None
        if last is not None and last[0] is event_dict:
            return last[1]
        body = dict(event_dict)
        hash_ = body.pop("hash")
        return canonical(body)[:-1].encode("utf-8") + f',"hash":"{hash_}"}}\n'.encode()
