"""Append-only on-disk cache of classifications (JSONL).

Each completed item is one line, written with a single ``write(2)`` on a file
opened with ``O_APPEND``: a process killed mid-run (SIGKILL, Ctrl-C) loses only
the items still in flight, and a torn last line is skipped on load. Lines are
``fsync``'d in batches (every ``fsync_every`` records or ``fsync_interval``
seconds, and on close), so even a power cut loses at most one batch.

The cache holds only anonymized material: the key is a sha256 over the
*anonymized* text, the model, the prompt version and the taxonomy fingerprint;
the value is the validated classification (its summary is anonymized).

A second index lets a fully cached re-run skip anonymization: each record also
carries ``r``, an HMAC-SHA256 of the *original* text (plus model, prompt and
taxonomy) under a random key kept next to the cache (``hmac.key``, mode 0600).
Without that key the HMAC reveals nothing about the text, not even whether two
caches hold the same appeal.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from unionai_sdk.exceptions import StorageError

__all__ = ["ClassificationCache", "cache_key"]

CACHE_FILE = "classifications.v1.jsonl"
KEY_FILE = "hmac.key"


def cache_key(anonymized_text: str, *, model: str, prompt_version: str, taxonomy: str) -> str:
    """sha256 over everything that determines the model's answer."""
    h = hashlib.sha256()
    for part in ("appeals-v1", model, prompt_version, taxonomy, anonymized_text):
        data = part.encode("utf-8")
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


class ClassificationCache:
    """``key -> record`` loaded from, and appended to, one JSONL file in ``directory``."""

    def __init__(
        self,
        directory: str | os.PathLike[str],
        *,
        fsync_every: int = 32,
        fsync_interval: float = 2.0,
    ) -> None:
        self.directory = Path(directory)
        self.path = self.directory / CACHE_FILE
        self.fsync_every = fsync_every
        self.fsync_interval = fsync_interval
        self._records: dict[str, dict[str, Any]] = {}
        self._by_raw: dict[str, str] = {}
        self._hmac_key: bytes | None = None
        self._fd: int | None = None
        self._unsynced = 0
        self._last_sync = time.monotonic()
        self.skipped_lines = 0
        self._load()

    def _load(self) -> None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StorageError(
                f"Cannot read the appeals cache ({type(exc).__name__})", url=str(self.path)
            ) from exc
        for line in raw.split(b"\n"):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                key = rec.pop("k")
            except (ValueError, KeyError, AttributeError, TypeError):
                self.skipped_lines += 1  # a torn tail after a crash, or garbage
                continue
            if not isinstance(key, str):
                continue
            raw = rec.pop("r", None)
            if isinstance(raw, str):
                self._by_raw[raw] = key
            if "alias" not in rec:
                self._records[key] = rec

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, key: object) -> bool:
        return key in self._records

    def get(self, key: str) -> dict[str, Any] | None:
        rec = self._records.get(key)
        return dict(rec) if rec is not None else None

    def key_for_raw(self, raw: str) -> str | None:
        """The cache key recorded for this original-text HMAC, if its record exists."""
        key = self._by_raw.get(raw)
        return key if key is not None and key in self._records else None

    def raw_key(self, text: str, *, context: str) -> str:
        """HMAC of an original text under this cache's secret key (created on first use)."""
        if self._hmac_key is None:
            self._hmac_key = self._load_hmac_key()
        mac = hmac.new(self._hmac_key, digestmod=hashlib.sha256)
        for part in (context, text):
            data = part.encode("utf-8")
            mac.update(len(data).to_bytes(8, "big"))
            mac.update(data)
        return mac.hexdigest()

    def _load_hmac_key(self) -> bytes:
        path = self.directory / KEY_FILE
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                key = path.read_bytes()
                if len(key) >= 32:
                    return key
                raise StorageError(
                    "The appeals cache key file is damaged; delete the cache directory",
                    url=str(path),
                ) from None
            key = secrets.token_bytes(32)
            try:
                os.write(fd, key)
                os.fsync(fd)
            finally:
                os.close(fd)
            return key
        except OSError as exc:
            raise StorageError(
                f"Cannot use the appeals cache key ({type(exc).__name__})", url=str(path)
            ) from exc

    def _open(self) -> int:
        if self._fd is None:
            try:
                self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                # a torn tail from a killed run: start our records on a fresh line
                if os.fstat(fd).st_size and not self.path.read_bytes().endswith(b"\n"):
                    os.write(fd, b"\n")
            except OSError as exc:
                raise StorageError(
                    f"Cannot open the appeals cache ({type(exc).__name__})", url=str(self.path)
                ) from exc
            self._fd = fd
        return self._fd

    def put(self, key: str, record: Mapping[str, Any], *, raw: str | None = None) -> None:
        """Store ``record`` under ``key`` (``raw``: the original text's HMAC), one line."""
        rec = dict(record)
        self._append({"k": key, **({"r": raw} if raw else {}), **rec})
        self._records[key] = rec
        if raw:
            self._by_raw[raw] = key

    def alias(self, raw: str, key: str) -> None:
        """Record that the original text with HMAC ``raw`` anonymizes to ``key``."""
        if self._by_raw.get(raw) == key:
            return
        self._append({"k": key, "r": raw, "alias": 1})
        self._by_raw[raw] = key

    def _append(self, obj: Mapping[str, Any]) -> None:
        line = json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"
        fd = self._open()
        try:
            os.write(fd, line.encode("utf-8"))
        except OSError as exc:
            raise StorageError(
                f"Cannot write the appeals cache ({type(exc).__name__})", url=str(self.path)
            ) from exc
        self._unsynced += 1
        now = time.monotonic()
        if self._unsynced >= self.fsync_every or now - self._last_sync >= self.fsync_interval:
            self.sync()

    def sync(self) -> None:
        if self._fd is not None and self._unsynced:
            try:
                os.fsync(self._fd)
            except OSError as exc:
                raise StorageError(
                    f"Cannot sync the appeals cache ({type(exc).__name__})", url=str(self.path)
                ) from exc
        self._unsynced = 0
        self._last_sync = time.monotonic()

    def close(self) -> None:
        if self._fd is not None:
            try:
                self.sync()
            finally:
                os.close(self._fd)
                self._fd = None

    def __enter__(self) -> ClassificationCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
