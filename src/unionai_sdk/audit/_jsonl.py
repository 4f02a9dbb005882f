"""Multi-process safe appends to a JSONL audit file, with rotation.

Each append runs under an exclusive lock on ``<log>.lock`` beside the log. Under
the lock the writer checks that the file is still the one it last wrote (same
inode, same size); if another process appended or rotated meanwhile it re-reads
the head from the file's tail. The line goes out with one ``os.write`` on an
``O_APPEND`` descriptor.

On POSIX the lock is ``flock`` on a descriptor kept open (the same lock
:mod:`filelock` takes, so both interoperate); elsewhere it is a
:class:`filelock.FileLock`. Opening and closing the lock file per append, as
``FileLock`` does, costs ~0.3 ms — more than the rest of an append.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from unionai_sdk.audit._chain import GENESIS
from unionai_sdk.audit._files import (
    LOCK_SUFFIX,
    log_files,
    rotated_name,
    write_anchor,
)
from unionai_sdk.exceptions import AuditIntegrityError, StorageError

__all__ = ["JsonlStore", "Repair"]

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_TAIL_BLOCK = 1 << 16

# Bumped in a forked child: descriptors inherited from the parent share its
# open file descriptions (and so its flock), so each store reopens them.
_fork_generation = 0


def _after_fork_in_child() -> None:
    global _fork_generation
    _fork_generation += 1


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)

Repair = dict[str, Any]


class _Mutex:
    """An exclusive inter-process lock on ``lock_path`` (plus a thread lock)."""

    def __init__(self, lock_path: Path) -> None:
        self.lock_path = lock_path
        self._thread = threading.Lock()
        self._fd: int | None = None
        self._generation = _fork_generation
        self._filelock: Any = None

    def acquire(self) -> None:
        if self._generation != _fork_generation:
            self._thread = threading.Lock()  # another thread may have held it at fork
        self._thread.acquire()
        try:
            if fcntl is None:  # pragma: no cover - Windows
                if self._filelock is None:
                    from filelock import FileLock

                    self._filelock = FileLock(str(self.lock_path), thread_local=False)
                self._filelock.acquire()
                return
            if self._fd is None or self._generation != _fork_generation:
                # after fork the inherited descriptor shares the parent's lock: reopen
                # (closing the child's copy, never unlocking it, leaves the parent's lock)
                if self._fd is not None:
                    os.close(self._fd)
                self._fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | _O_CLOEXEC, 0o600)
                self._generation = _fork_generation
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        except BaseException:
            self._thread.release()
            raise

    def release(self) -> None:
        try:
            if fcntl is None:  # pragma: no cover - Windows
                self._filelock.release()
            elif self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._thread.release()

    def close(self) -> None:
        if self._fd is not None and self._generation == _fork_generation:
            os.close(self._fd)
        self._fd = None


def _today() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d")


class JsonlStore:
    """The file side of :class:`~unionai_sdk.audit.AuditLog` for a JSONL target.

    Protocol: :meth:`begin` (lock, validated head) → :meth:`append` (0..n lines)
    → :meth:`end` (unlock).
    """

    def __init__(
        self,
        path: Path,
        *,
        durable: bool = False,
        max_bytes: int | None = None,
        rotate_daily: bool = False,
        anchor_every: int = 10_000,
        anchor_key: bytes | None = None,
    ) -> None:
        self.path = path
        self.durable = durable
        self.max_bytes = max_bytes
        self.rotate_daily = rotate_daily
        self.anchor_every = anchor_every
        self.anchor_key = anchor_key
        self.label = str(path)
        try:
            if not path.parent.exists():
                path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                f"cannot create the audit log directory ({type(exc).__name__})", url=self.label
            ) from exc
        self._mutex = _Mutex(path.with_name(path.name + LOCK_SUFFIX))
        self._fd: int | None = None
        self._generation = _fork_generation
        self._path_str = str(path)
        self._ident: tuple[int, int] = (-1, -1)
        self._size = -1
        self._head: tuple[int, str] | None = None
        self._day: str | None = None
        self._since_anchor = 0
        self._anchored: tuple[int, str] | None = None

    # --- the append protocol -------------------------------------------------

    def begin(self) -> tuple[int, str, Repair | None]:
        """Lock; return ``(seq, hash)`` of the last record and a torn-tail repair, if any."""
        try:
            self._mutex.acquire()
        except OSError as exc:
            raise StorageError(
                f"cannot lock the audit log ({type(exc).__name__})", url=self.label
            ) from exc
        try:
            repair = self._sync()
            if self._should_rotate():
                self._rotate()
            assert self._head is not None
            return self._head[0], self._head[1], repair
        except BaseException:
            self._mutex.release()
            raise

    def append(self, line: bytes, seq: int, hash_: str) -> None:
        assert self._fd is not None
        try:
            view = memoryview(line)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            if self.durable:
                os.fsync(self._fd)
        except OSError as exc:
            self._size = -1  # re-read the tail next time
            raise StorageError(
                f"cannot write the audit log ({type(exc).__name__})", url=self.label
            ) from exc
        if self._size == 0:
            self._day = _today()
        self._size += len(line)
        self._head = (seq, hash_)
        self._since_anchor += 1
        if self.anchor_every and self._since_anchor >= self.anchor_every:
            self._write_anchor()

    def end(self) -> None:
        self._mutex.release()

    def close(self) -> None:
        """Write the head anchor (if this process wrote last) and release descriptors."""
        if self._fd is None:
            return
        try:
            self._mutex.acquire()
        except OSError:  # pragma: no cover - closing must not fail loudly
            return
        try:
            if self._generation == _fork_generation:
                if self._head is not None and self._unchanged():
                    with contextlib.suppress(StorageError):  # best effort at close
                        self._write_anchor()
                if self._fd is not None:
                    os.close(self._fd)
            self._fd = None
        finally:
            self._mutex.release()
            self._mutex.close()

    def _unchanged(self) -> bool:
        """The file is still the one we last wrote, with nothing appended since."""
        try:
            st = os.stat(self._path_str)
        except OSError:
            return False
        return (st.st_ino, st.st_dev) == self._ident and st.st_size == self._size

    # --- internals -----------------------------------------------------------

    def _open(self) -> os.stat_result:
        if self._fd is not None:
            fd, self._fd = self._fd, None  # never keep a closed number: it may be reused
            os.close(fd)  # in a forked child this closes only the child's copy
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | _O_CLOEXEC
        self._fd = os.open(self._path_str, flags, 0o600)
        self._generation = _fork_generation
        st = os.fstat(self._fd)
        self._ident = (st.st_ino, st.st_dev)
        self._head = None
        self._day = None
        return st

    def _sync(self) -> Repair | None:
        try:
            if self._fd is None or self._generation != _fork_generation:
                st = self._open()
            else:
                try:
                    st = os.stat(self._path_str)
                except FileNotFoundError:
                    st = self._open()
                if (st.st_ino, st.st_dev) != self._ident:
                    st = self._open()
            if self._head is not None and st.st_size == self._size:
                return None
            return self._load_head(st.st_size)
        except OSError as exc:
            raise StorageError(
                f"cannot read the audit log ({type(exc).__name__})", url=self.label
            ) from exc

    def _load_head(self, size: int) -> Repair | None:
        assert self._fd is not None
        repair: Repair | None = None
        rfd = os.open(self.path, os.O_RDONLY | _O_CLOEXEC)
        try:
            tail, start = _read_tail(rfd, size)
            if size and not tail.endswith(b"\n"):
                cut = tail.rfind(b"\n") + 1
                torn = tail[cut:]
                os.ftruncate(self._fd, start + cut)
                repair = {
                    "file": self.path.name,
                    "torn_bytes": len(torn),
                    "torn_sha256": hashlib.sha256(torn).hexdigest(),
                    "offset": start + cut,
                }
                size = start + cut
                tail = tail[:cut]
            if size:
                last = tail[tail.rfind(b"\n", 0, len(tail) - 1) + 1 : -1]
                self._head = _parse_head(last, self.label)
                if self._day is None:
                    first = os.pread(rfd, _TAIL_BLOCK, 0)
                    self._day = _first_day(first)
            else:
                self._head = self._previous_file_head()
                self._day = None
        finally:
            os.close(rfd)
        self._size = size
        return repair

    def _previous_file_head(self) -> tuple[int, str]:
        rotated = [p for p in log_files(self.path) if p != self.path]
        if not rotated:
            return 0, GENESIS
        with rotated[-1].open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            tail, _ = _read_tail(fh.fileno(), fh.tell())
        lines = [ln for ln in tail.split(b"\n") if ln.strip()]
        if not lines:
            return 0, GENESIS
        if not tail.endswith(b"\n") and len(lines) > 1:
            lines.pop()  # a torn tail left in a rotated file
        return _parse_head(lines[-1], str(rotated[-1]))

    def _should_rotate(self) -> bool:
        if self._size <= 0:
            return False
        if self.max_bytes is not None and self._size >= self.max_bytes:
            return True
        return bool(self.rotate_daily and self._day is not None and self._day != _today())

    def _rotate(self) -> None:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%S")
        target = rotated_name(self.path, stamp)
        head = self._head
        try:
            os.rename(self.path, target)
            self._open()
            if self.durable:
                _fsync_dir(self.path.parent)
        except OSError as exc:
            raise StorageError(
                f"cannot rotate the audit log ({type(exc).__name__})", url=self.label
            ) from exc
        self._head = head
        self._size = 0
        self._day = None

    def _write_anchor(self) -> None:
        if self._head is None or self._head == self._anchored:
            return
        seq, hash_ = self._head
        payload: dict[str, object] = {"seq": seq, "hash": hash_}
        if self.anchor_key is not None:
            payload["mac"] = anchor_mac(self.anchor_key, seq, hash_)
        try:
            write_anchor(self.path, payload)
        except OSError as exc:
            raise StorageError(
                f"cannot write the audit anchor ({type(exc).__name__})", url=self.label
            ) from exc
        self._anchored = self._head
        self._since_anchor = 0


def anchor_mac(key: bytes, seq: int, hash_: str) -> str:
    return hmac.digest(key, f"unionai-audit-anchor:{seq}:{hash_}".encode(), "sha256").hex()


def _read_tail(fd: int, size: int) -> tuple[bytes, int]:
    """The end of the file holding its last complete line (and any torn tail after it).

    Returns ``(bytes, offset of those bytes in the file)``.
    """
    block = _TAIL_BLOCK
    while True:
        start = max(0, size - block)
        tail = os.pread(fd, size - start, start)
        if start == 0:
            return tail, start
        if tail.endswith(b"\n"):
            if tail.rfind(b"\n", 0, len(tail) - 1) >= 0:
                return tail, start
        elif tail.count(b"\n") >= 2:
            return tail, start
        block *= 4


def _parse_head(line: bytes, label: str) -> tuple[int, str]:
    try:
        record = json.loads(line)
        seq, hash_ = record["seq"], record["hash"]
    except (ValueError, KeyError, TypeError) as exc:
        raise AuditIntegrityError(
            "cannot continue the audit chain: the last record is unreadable",
            reason="malformed record",
        ) from exc
    if not isinstance(seq, int) or not isinstance(hash_, str):
        raise AuditIntegrityError(
            "cannot continue the audit chain: the last record is unreadable",
            reason="malformed record",
        )
    return seq, hash_


def _first_day(data: bytes) -> str | None:
    """The UTC day (``YYYY-MM-DD``) of the first record in ``data`` (a file's start)."""
    try:
        ts = json.loads(data[: data.index(b"\n")])["ts"]
    except (ValueError, KeyError, TypeError):
        return None
    return ts[:10] if isinstance(ts, str) else None


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
