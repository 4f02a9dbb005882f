"""The vault: placeholder <-> original value, kept on this machine.

One vault may span many texts: the same value (for people: the same person in
any grammatical form) always gets the same placeholder. Persisted vaults are
encrypted with Fernet (``cryptography``, imported only when encrypting).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
import unicodedata
from pathlib import Path
from typing import Any

from unionai_sdk._config import Settings
from unionai_sdk.exceptions import AnonymizationError, ConfigurationError
from unionai_sdk.privacy._normalize import INVISIBLE

__all__ = ["PLACEHOLDER_RE", "Vault", "default_key", "load_vault_key"]

#: The canonical placeholder form, e.g. ``<PERSON_1>``.
PLACEHOLDER_RE = re.compile(r"<([A-Z][A-Z_]*[A-Z])_(\d+)>")
_FORMAT_VERSION = 1
_DIGIT_TYPES = frozenset(
    {"KZ_IIN", "KZ_BIN", "PAYMENT_CARD", "KZ_ID_CARD", "KZ_PASSPORT", "KZ_IBAN"}
)
_NON_ALNUM = re.compile(r"[\W_]+")
_SPACES = re.compile(r"\s+")


def default_key(entity_type: str, value: str) -> str:
    """The identity of a value: equal keys share one placeholder."""
    v = unicodedata.normalize("NFKC", "".join(c for c in value if c not in INVISIBLE))
    if entity_type in _DIGIT_TYPES:
        return _NON_ALNUM.sub("", v).upper()
    if entity_type == "PHONE_NUMBER":
        digits = re.sub(r"\D", "", v)
        if len(digits) == 11 and digits[0] in "78":
            return "7" + digits[1:]
        if len(digits) == 10 and digits[0] == "7":
            return "7" + digits
        return digits or v.casefold()
    return _SPACES.sub(" ", v).strip().casefold().replace("ё", "е")


class Vault:
    """Placeholder ↔ original. Thread-safe; picklable; mergeable by :meth:`to_dict`."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._by_key: dict[tuple[str, str], str] = {}
        self._original: dict[str, str] = {}
        self._type: dict[str, str] = {}
        self._keys: dict[str, list[str]] = {}
        self._counter: dict[str, int] = {}

    # --- core -----------------------------------------------------------------
    def placeholder_for(self, entity_type: str, value: str, *, key: str | None = None) -> str:
        """The placeholder of ``value`` (``<PERSON_1>``), created on first sight.

        ``key`` is the identity used to recognise the same value again (e.g. the
        normalized lemma of a person's name); by default it is derived from the
        value.
        """
        if not entity_type or not re.fullmatch(r"[A-Z][A-Z_]*[A-Z]", entity_type):
            raise ValueError("entity_type must be upper-case letters and underscores")
        k = key if key is not None else default_key(entity_type, value)
        with self._lock:
            found = self._by_key.get((entity_type, k))
            if found is not None:
                return found
            n = self._counter.get(entity_type, 0) + 1
            self._counter[entity_type] = n
            placeholder = f"<{entity_type}_{n}>"
            self._by_key[(entity_type, k)] = placeholder
            self._original[placeholder] = value
            self._type[placeholder] = entity_type
            self._keys[placeholder] = [k]
            return placeholder

    def lookup(self, entity_type: str, key: str) -> str | None:
        """The placeholder registered under ``key``, if any."""
        with self._lock:
            return self._by_key.get((entity_type, key))

    def add_alias(self, placeholder: str, key: str) -> bool:
        """Let ``key`` also name ``placeholder``; False if the key is taken by another."""
        with self._lock:
            entity_type = self._type.get(placeholder)
            if entity_type is None:
                raise KeyError("unknown placeholder")
            current = self._by_key.get((entity_type, key))
            if current is not None:
                return current == placeholder
            self._by_key[(entity_type, key)] = placeholder
            self._keys[placeholder].append(key)
            return True

    def original(self, placeholder: str) -> str | None:
        """The original value behind a canonical placeholder, or None."""
        with self._lock:
            return self._original.get(placeholder)

    def entity_type(self, placeholder: str) -> str | None:
        with self._lock:
            return self._type.get(placeholder)

    def __contains__(self, placeholder: object) -> bool:
        with self._lock:
            return placeholder in self._original

    def __len__(self) -> int:
        with self._lock:
            return len(self._original)

    def __repr__(self) -> str:  # never show originals
        return f"Vault({len(self)} placeholders)"

    def items(self) -> list[tuple[str, str]]:
        """``(placeholder, original)`` pairs in creation order per type."""
        with self._lock:
            return list(self._original.items())

    # --- persistence ----------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        with self._lock:
            return {
                "version": _FORMAT_VERSION,
                "entries": [
                    {
                        "placeholder": p,
                        "entity_type": self._type[p],
                        "original": o,
                        "keys": list(self._keys[p]),
                    }
                    for p, o in self._original.items()
                ],
            }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Vault:
        if not isinstance(d, dict) or d.get("version") != _FORMAT_VERSION:
            raise AnonymizationError("unsupported vault format")
        vault = cls()
        try:
            for e in d["entries"]:
                p, t, o, keys = e["placeholder"], e["entity_type"], e["original"], e["keys"]
                m = PLACEHOLDER_RE.fullmatch(p)
                if m is None or m.group(1) != t or not isinstance(o, str) or not keys:
                    raise AnonymizationError("malformed vault entry")
                vault._original[p] = o
                vault._type[p] = t
                vault._keys[p] = [str(k) for k in keys]
                for k in vault._keys[p]:
                    vault._by_key.setdefault((t, k), p)
                vault._counter[t] = max(vault._counter.get(t, 0), int(m.group(2)))
        except (KeyError, TypeError) as exc:
            raise AnonymizationError("malformed vault data") from exc
        return vault

    def merge(self, other: Vault) -> dict[str, str]:
        """Add ``other``'s entries; returns how its placeholders were renamed here."""
        renamed: dict[str, str] = {}
        for e in other.to_dict()["entries"]:
            t, keys = e["entity_type"], e["keys"]
            target = None
            for k in keys:
                target = self.lookup(t, k)
                if target is not None:
                    break
            if target is None:
                target = self.placeholder_for(t, e["original"], key=keys[0])
            for k in keys:
                self.add_alias(target, k)
            renamed[e["placeholder"]] = target
        return renamed

    def __getstate__(self) -> dict[str, Any]:
        return self.to_dict()

    def __setstate__(self, state: dict[str, Any]) -> None:
        other = Vault.from_dict(state)
        self.__dict__.update(other.__dict__)

    def encrypt(self, key: bytes | None = None) -> bytes:
        """The vault as a Fernet token (key None: :func:`load_vault_key`)."""
        from cryptography.fernet import Fernet

        k = key if key is not None else load_vault_key()
        try:
            f = Fernet(k)
        except (ValueError, TypeError) as exc:
            raise ConfigurationError(
                "vault key is not a valid Fernet key (32 url-safe base64 bytes)",
                setting="UNIONAI_VAULT_KEY",
            ) from exc
        return f.encrypt(json.dumps(self.to_dict(), ensure_ascii=False).encode("utf-8"))

    @classmethod
    def decrypt(cls, token: bytes, key: bytes | None = None) -> Vault:
        """A vault from :meth:`encrypt`'s token; wrong key -> AnonymizationError."""
        from cryptography.fernet import Fernet, InvalidToken

        k = key if key is not None else load_vault_key()
        try:
            data = Fernet(k).decrypt(token)
        except (InvalidToken, ValueError, TypeError) as exc:
            raise AnonymizationError(
                "vault could not be decrypted: wrong key or corrupted data"
            ) from exc
        try:
            d = json.loads(data.decode("utf-8"))
        except ValueError as exc:
            raise AnonymizationError("vault data is corrupted") from exc
        return cls.from_dict(d)


def _check_key(key: bytes, source: str) -> bytes:
    import base64
    import binascii

    try:
        raw = base64.urlsafe_b64decode(key)
    except (binascii.Error, ValueError) as exc:
        raise ConfigurationError(
            f"vault key from {source} is not valid base64", setting=source
        ) from exc
    if len(raw) != 32:
        raise ConfigurationError(f"vault key from {source} must encode 32 bytes", setting=source)
    return key


def load_vault_key(settings: Settings | None = None) -> bytes:
    """The Fernet key for persisted vaults.

    ``Settings.vault_key`` / ``UNIONAI_VAULT_KEY`` if set; otherwise the file
    ``vault.key`` (mode 0600) under the home directory, created once, atomically.
    """
    s = settings if settings is not None else Settings.resolve()
    if s.vault_key:
        return _check_key(s.vault_key.encode("ascii", "replace"), "UNIONAI_VAULT_KEY")
    home = s.ensure_home()
    path = home / "vault.key"
    if not path.exists():
        _create_key_file(path)
    try:
        key = path.read_bytes().strip()
    except OSError as exc:
        raise ConfigurationError("vault key file cannot be read", setting="UNIONAI_HOME") from exc
    return _check_key(key, "vault.key")


def _create_key_file(path: Path) -> None:
    import base64

    key = base64.urlsafe_b64encode(secrets.token_bytes(32))
    tmp = path.with_name(f".vault.key.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(key + b"\n")
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)  # fails if another process won the race: keep theirs
        except FileExistsError:
            pass
        except OSError:  # no hard links (some file systems): exclusive create
            try:
                fd2 = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                return
            with os.fdopen(fd2, "wb") as fh:
                fh.write(key + b"\n")
    finally:
        tmp.unlink(missing_ok=True)
