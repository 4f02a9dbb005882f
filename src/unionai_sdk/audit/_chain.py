"""The hash chain: canonical JSON, record digests, keys.

A record's ``hash`` is SHA-256 (or HMAC-SHA256 with a key) over the canonical
JSON of the record without its ``hash`` field: keys sorted, separators
``(",", ":")``, ``ensure_ascii=False``, UTF-8. Each record stores ``prev``, the
hash of the record before it (:data:`GENESIS` for the first), and ``seq``, its
1-based position in the log, so edits, insertions, deletions and reordering all
break the chain.

On disk a record is one line: the canonical body with ``,"hash":"<hex>"``
appended before the closing brace. The verifier can therefore hash the exact
bytes that were written without re-serialising them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any, Final, NamedTuple

__all__ = [
    "ALG_HMAC",
    "ALG_SHA256",
    "CHAIN_FIELDS",
    "GENESIS",
    "HASH_SUFFIX_LEN",
    "AuditHead",
    "canonical",
    "digest",
    "key_id",
    "normalize_key",
    "split_line",
]

GENESIS: Final = "0" * 64
ALG_SHA256: Final = "sha256"
ALG_HMAC: Final = "hmac-sha256"
#: Fields the chain owns; callers may not set them.
CHAIN_FIELDS: Final = frozenset({"seq", "prev", "hash", "alg", "kid"})

_HASH_PREFIX: Final = b',"hash":"'
#: len(',"hash":"') + 64 hex digits + '"}'
HASH_SUFFIX_LEN: Final = len(_HASH_PREFIX) + 64 + 2

_encode = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
).encode


def canonical(record: Mapping[str, Any]) -> str:
    """Canonical JSON of ``record`` (keys sorted, compact, non-ASCII kept)."""
    return _encode(record)


def normalize_key(key: bytes | str | None) -> bytes | None:
    """An HMAC key as bytes; ``None`` or empty means plain SHA-256."""
    if key is None:
        return None
    raw = key.encode("utf-8") if isinstance(key, str) else bytes(key)
    return raw or None


def key_id(key: bytes) -> str:
    """A short public fingerprint of an HMAC key, stored as ``kid`` in each record.

    It lets the verifier tell "wrong key" from "record modified"; it reveals no
    more about the key than the HMACs themselves do.
    """
    return hashlib.sha256(b"unionai-audit-kid\x00" + key).hexdigest()[:16]


def digest(body: bytes, key: bytes | None) -> str:
    """Hex SHA-256 of ``body``, or HMAC-SHA256 with ``key``."""
    if key is None:
        return hashlib.sha256(body).hexdigest()
    return hmac.digest(key, body, "sha256").hex()


def split_line(line: bytes) -> tuple[bytes, bytes] | None:
    """Split a stored line (without newline) into (canonical body, hex hash).

    Returns ``None`` when the line does not end with our ``,"hash":"<hex>"}`` suffix.
    """
    if len(line) <= HASH_SUFFIX_LEN or not line.endswith(b'"}'):
        return None
    cut = len(line) - HASH_SUFFIX_LEN
    if line[cut : cut + len(_HASH_PREFIX)] != _HASH_PREFIX:
        return None
    return line[:cut] + b"}", line[cut + len(_HASH_PREFIX) : -2]


class AuditHead(NamedTuple):
    """The last record of a log: keep it elsewhere to detect truncation later."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @classmethod
    def parse(cls, value: AuditHead | tuple[int, str] | str) -> AuditHead:
        """From an ``AuditHead``, a ``(seq, hash)`` pair or the string ``"seq:hash"``."""
        if isinstance(value, str):
            text_seq, sep, text_hash = value.strip().partition(":")
            if not sep or not text_seq.isdigit() or len(text_hash) != 64:
                raise ValueError("expected 'SEQ:HASH' with a 64-digit hex hash")
            return cls(int(text_seq), text_hash.lower())
        seq, hash_ = value
        return cls(int(seq), str(hash_))
