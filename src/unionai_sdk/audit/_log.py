"""AuditLog: the hash-chained audit sink over a JSONL file or a database table."""

from __future__ import annotations

import os
import threading
import uuid
import weakref
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, Literal

import structlog

from unionai_sdk.audit import _events as events
from unionai_sdk.audit._chain import CHAIN_FIELDS, AuditHead, normalize_key
from unionai_sdk.audit._processors import AddContext, Chain, Redact, Scanner
from unionai_sdk.audit._verify import AuditVerification, resolve_target, verify_audit_log
from unionai_sdk.exceptions import StorageError, UsageError

if TYPE_CHECKING:
    from unionai_sdk._config import Settings
    from unionai_sdk.audit._jsonl import JsonlStore
    from unionai_sdk.audit._sql import SqlStore

__all__ = ["AuditLog"]

#: Fields the log sets itself; ``record(..., **fields)`` may not use them.
RESERVED_FIELDS: Final = CHAIN_FIELDS | {"event", "ts", "sdk_version"}
_SQL_RETRIES: Final = 20

_sdk_version: str | None = None


def _version() -> str:
    global _sdk_version
    if _sdk_version is None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            _sdk_version = version("unionai-sdk")
        except PackageNotFoundError:  # pragma: no cover - a bare source tree
            _sdk_version = "0+unknown"
    return _sdk_version


class _AuditBoundLogger(structlog.BoundLoggerBase):
    """A structlog bound logger with one method; the processors do the work."""

    def msg(self, event: str, **kw: Any) -> Any:
        return self._proxy_to_logger("msg", event, **kw)


class _StoreWriter:
    """The wrapped "logger": takes the rendered line and appends it to the store."""

    def __init__(self, log: AuditLog) -> None:
        self._log = log

    def msg(self, line: bytes) -> None:
        self._log._write(line)


class AuditLog:
    """A tamper-evident audit log: PII-free, hash-chained, multi-process safe.

    ``target`` is a JSONL path (default: ``UNIONAI_AUDIT`` or
    ``~/.unionai/audit.jsonl``; directories created 0700, the file 0600) or a
    SQLAlchemy URL (``sqlite:///…``, ``postgresql+psycopg://…``: table
    ``unionai_audit``, created if missing). ``key`` (default ``UNIONAI_AUDIT_KEY``)
    switches the chain from SHA-256 to HMAC-SHA256.

    Every :meth:`record` goes through the SDK's own structlog processors —
    context, redaction (raw-text fields hashed, identifiers masked), hash chain —
    bound with ``structlog.wrap_logger``; the application's structlog
    configuration is neither used nor changed.

    JSONL options: ``durable=True`` fsyncs every record (default: each record
    is handed to the OS with one ``write``; it survives a process crash, not a
    power cut); ``max_bytes`` and ``rotate="daily"`` roll the file over to
    ``audit.<UTC time>.jsonl`` with the chain continuing into the new file;
    ``anchor_every`` records (and at :meth:`close`) the head is written to
    ``<log>.head``.
    """

    def __init__(
        self,
        target: str | os.PathLike[str] | None = None,
        *,
        key: bytes | str | None = None,
        user: str | None = None,
        session_id: str | None = None,
        settings: Settings | None = None,
        durable: bool = False,
        max_bytes: int | None = None,
        rotate: Literal["daily"] | None = None,
        anchor_every: int = 10_000,
        log_id: str = "default",
        scanner: Scanner | None = None,
    ) -> None:
        from unionai_sdk._config import Settings

        settings = settings or Settings.resolve()
        if rotate not in (None, "daily"):
            raise UsageError("rotate must be None or 'daily'")
        if max_bytes is not None and max_bytes <= 0:
            raise UsageError("max_bytes must be positive")
        self.key = normalize_key(key if key is not None else settings.audit_key)
        self.target, self.is_database = resolve_target(target, settings)
        self.log_id = log_id
        self._lock = threading.RLock()
        self._store: JsonlStore | SqlStore
        if self.is_database:
            from unionai_sdk.audit._sql import SqlStore

            self._store = SqlStore(self.target, log_id=log_id, durable=durable)
        else:
            from unionai_sdk.audit._jsonl import JsonlStore

            path = Path(self.target)
            if target is None and path.parent == settings.home:
                settings.ensure_home()
            self._store = JsonlStore(
                path,
                durable=durable,
                max_bytes=max_bytes,
                rotate_daily=rotate == "daily",
                anchor_every=anchor_every,
                anchor_key=self.key,
            )
        self.context = AddContext(
            sdk_version=_version(),
            user=user or settings.user,
            session_id=session_id or uuid.uuid4().hex,
        )
        self.redact = Redact(scanner=scanner)
        self.chain = Chain(self.key)
        self._logger: _AuditBoundLogger = structlog.wrap_logger(
            _StoreWriter(self),
            processors=[self.context, self.redact, self.chain, self.chain.render],
            wrapper_class=_AuditBoundLogger,
            context_class=dict,
            cache_logger_on_first_use=False,
        ).bind()
        self._closed = False
        # write the anchor and release descriptors at exit if close() is never called
        self._finalizer = weakref.finalize(self, self._store.close)

    @property
    def processors(self) -> list[Any]:
        """The processors that build a record dict (context, redaction, chain)."""
        return [self.context, self.redact, self.chain]

    @property
    def session_id(self) -> str | None:
        return self.context.session_id

    # --- writing ---------------------------------------------------------------

    def record(self, event: str, /, **fields: Any) -> None:
        """Append one event. Raw-text fields are hashed, identifiers masked, and
        the record is chained to the previous one before it is written."""
        if not isinstance(event, str) or not event:
            raise UsageError("an audit event needs a non-empty name")
        if not RESERVED_FIELDS.isdisjoint(fields):
            clash = ", ".join(sorted(RESERVED_FIELDS.intersection(fields)))
            raise UsageError(f"reserved audit field(s): {clash}")
        if self._closed:
            raise UsageError("this AuditLog is closed")
        with self._lock:
            if self.is_database:
                self._record_sql(event, fields)
            else:
                self._record_once(event, fields)

    def _record_once(self, event: str, fields: dict[str, Any]) -> None:
        store = self._store
        seq, hash_, repair = store.begin()
        ok = False
        try:
            self.chain.set_head(seq, hash_)
            if repair is not None:
                self._logger.msg(events.AUDIT_REPAIRED, **repair)
            self._logger.msg(event, **fields)
            ok = True
        finally:
            if self.is_database:
                self._store.end(commit=ok)  # type: ignore[call-arg]
            else:
                store.end()

    def _record_sql(self, event: str, fields: dict[str, Any]) -> None:
        from unionai_sdk.audit._sql import SqlConflict

        for _ in range(_SQL_RETRIES):
            try:
                self._record_once(event, fields)
                return
            except SqlConflict:
                continue
        raise StorageError("audit append kept conflicting with other writers", url=self.target)

    def _write(self, line: bytes) -> None:
        current = self.chain.current
        if self.is_database:
            self._store.append(  # type: ignore[call-arg]
                line,
                self.chain.seq,
                self.chain.hash,
                current.get("event", ""),
                current.get("ts", ""),
            )
        else:
            self._store.append(line, self.chain.seq, self.chain.hash)  # type: ignore[call-arg]

    # --- reading ---------------------------------------------------------------

    def head(self) -> AuditHead:
        """``(seq, hash)`` of the last record, read from the store now.

        Keep it somewhere the log's writers cannot change (a ticket, another
        database, a signed e-mail): ``verify_audit_log(..., expected_head=head)``
        then detects records cut from the end.
        """
        with self._lock:
            if self.is_database:
                seq, hash_ = self._store.head()  # type: ignore[union-attr]
                return AuditHead(seq, hash_)
            store = self._store
            seq, hash_, repair = store.begin()
            try:
                if repair is not None:  # a torn tail was cut: say so in the log
                    self.chain.set_head(seq, hash_)
                    self._logger.msg(events.AUDIT_REPAIRED, **repair)
                    seq, hash_ = self.chain.seq, self.chain.hash
            finally:
                store.end()
        return AuditHead(seq, hash_)

    def verify(self, **kwargs: Any) -> AuditVerification:
        """Verify this log (see :func:`verify_audit_log`)."""
        kwargs.setdefault("key", self.key)
        kwargs.setdefault("log_id", self.log_id)
        return verify_audit_log(self.target, **kwargs)

    def close(self) -> None:
        """Write the head anchor (JSONL) and release files or connections."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._finalizer()

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        where = self._store.label
        return f"AuditLog({where!r}, alg={self.chain.alg!r})"
