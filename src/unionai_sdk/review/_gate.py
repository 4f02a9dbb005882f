"""The human-review gate: drafts wait here for named reviewers before release.

Every state change is one database transaction that first locks the draft
(``SELECT ... FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite),
re-checks status and revision, and ends with a conditional ``UPDATE ... WHERE
id = ? AND revision = ? AND status = ? AND approvals_count = ?``: of two
reviewers deciding at once exactly one wins and the other gets
:class:`~unionai_sdk.exceptions.ConflictError`. Approvals are rows with a unique
``(draft_id, revision, reviewer_id)`` and are recounted inside the transaction,
so concurrent approvers of a two-approval draft are both counted.

The audit event of a change is recorded inside its transaction, just before
the commit: if the audit sink fails, the change is rolled back. One exception:
an audit table in the *same SQLite file* would wait for the gate's own write
lock, so there the events are recorded right after the commit (a failure then
raises, naming the committed change, instead of passing silently).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from unionai_sdk.audit import _events as ev
from unionai_sdk.audit._sink import AuditSink, NullAuditSink
from unionai_sdk.exceptions import (
    ConflictError,
    DraftNotFoundError,
    NotApprovedError,
    PolicyDeniedError,
    ReviewError,
    SelfApprovalError,
    UsageError,
)
from unionai_sdk.policy import Policy, User
from unionai_sdk.review._export import ReleasedDocument
from unionai_sdk.review._label import ai_label
from unionai_sdk.review._models import (
    EDITABLE_STATUSES,
    EXPIRING_STATUSES,
    Approval,
    Draft,
    DraftEvent,
    DraftStatus,
    EventType,
    content_hash,
    new_draft_id,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection, Row

    from unionai_sdk._config import Settings
    from unionai_sdk.review._store import Store

__all__ = ["ReviewGate"]

_MAX_KIND = 64
_MAX_LANG = 16


class SupportsEncrypt(Protocol):
    """What the gate needs of a :class:`unionai_sdk.privacy.Vault`."""

    def encrypt(self, key: bytes | None = None) -> bytes: ...


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _user(user_id: str | None, name: str | None, roles: Any) -> User | None:
    if not user_id:
        return None
    return User(user_id, name, roles or ())


def _roles(user: User) -> list[str]:
    return sorted(user.roles)


@functools.cache
def _sdk_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("unionai-sdk")
    except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "0+unknown"


class ReviewGate:
    """Drafts made with AI wait here until named humans approve them.

    ``url`` is a SQLAlchemy URL: ``sqlite:///path/reviews.db`` (the default,
    ``Settings.review_url`` under ``~/.unionai/``) or
    ``postgresql+psycopg://user@host/db``. The schema is created or upgraded
    when the gate opens.

    ``policy`` decides who may approve and release (default :class:`Policy`);
    ``audit`` receives one event per state change (``None`` means no sink was
    given and events are dropped -- the :class:`~unionai_sdk.UnionAI` facade
    always passes its :class:`~unionai_sdk.AuditLog`). ``ttl`` is the review
    time limit of a revision (``None``: never expires); ``clock`` returns the
    current time as an aware datetime (inject one in tests); ``vault_key`` is
    the Fernet key for vaults (default: :func:`unionai_sdk.privacy.load_vault_key`).

    A draft released once cannot be released again: the second call raises
    :class:`~unionai_sdk.exceptions.ConflictError` (no second ``released``
    event). Keep the :class:`ReleasedDocument` you get, or save it at once.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        policy: Policy | None = None,
        audit: AuditSink | None = None,
        ttl: timedelta | None = timedelta(days=30),
        settings: Settings | None = None,
        clock: Callable[[], datetime] | None = None,
        vault_key: bytes | None = None,
    ) -> None:
        from unionai_sdk.review import _migrations
        from unionai_sdk.review._store import Store

        if settings is None:
            from unionai_sdk._config import Settings

            settings = Settings.resolve()
        self._settings = settings
        if url is None:
            url = settings.review_url
            if url.startswith("sqlite:///"):
                settings.ensure_home()
        if ttl is not None and ttl <= timedelta(0):
            raise UsageError("ttl must be positive (or None for no time limit).")
        self._policy = policy or Policy()
        self._ttl = ttl
        self._clock = clock or _utcnow
        self._vault_key = vault_key
        self._store: Store = Store(url)
        sink: AuditSink = audit if audit is not None else NullAuditSink()
        self._audit: AuditSink = (
            _AfterCommitSink(sink) if _same_sqlite_file(self._store, sink) else sink
        )
        with self._store.errors():
            self.migrations_applied: list[str] = _migrations.migrate(
                self._store.engine, self._store.read_engine
            )

    # -- plumbing ---------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The store URL, password masked."""
        return self._store.url

    @property
    def policy(self) -> Policy:
        return self._policy

    def close(self) -> None:
        """Release the database connections."""
        self._store.dispose()

    def __enter__(self) -> ReviewGate:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ReviewGate({self.url!r})"

    def _now(self) -> datetime:
        now = self._clock()
        if now.tzinfo is None:
            raise UsageError("The review gate's clock must return timezone-aware datetimes.")
        return now.astimezone(UTC)

    def _key(self) -> bytes:
        if self._vault_key is None:
            from unionai_sdk.privacy import load_vault_key

            self._vault_key = load_vault_key(self._settings)
        return self._vault_key

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        if not isinstance(self._audit, _AfterCommitSink):
            with self._store.write() as conn:
                yield conn
            return
        with self._audit.collect() as flush:
            with self._store.write() as conn:
                yield conn
            flush()

    def _deny(self, exc: PolicyDeniedError) -> PolicyDeniedError:
        self._audit.record(
            ev.POLICY_DENIED, action=exc.action, kind=exc.kind, model=exc.model, user_id=exc.user_id
        )
        return exc

    # -- submit -----------------------------------------------------------------------

    def submit(
        self,
        text: str,
        *,
        kind: str,
        author: User,
        vault: SupportsEncrypt | bytes | None = None,
        lang: str = "ru",
        metadata: Mapping[str, Any] | None = None,
        risk_flags: Sequence[str] = (),
    ) -> Draft:
        """Store ``text`` (with placeholders) as revision 1 of a new pending draft.

        ``vault`` is the placeholder vault (encrypted here with the vault key)
        or an already encrypted blob. ``metadata`` carries ``model``,
        ``prompt``, ``prompt_version`` and ``usage`` (token counts); it must be
        JSON-serializable and must not hold personal data. ``risk_flags`` are
        stored in ``metadata["risk_flags"]``.
        """
        from sqlalchemy import insert

        from unionai_sdk.review import _schema as s

        if not isinstance(author, User):
            raise UsageError("author must be a unionai_sdk.User.")
        if not isinstance(text, str) or not text.strip():
            raise UsageError("A draft needs non-empty text.")
        if (
            not kind
            or len(kind) > _MAX_KIND
            or not kind.replace("_", "").replace("-", "").isalnum()
        ):
            raise UsageError(f"Invalid draft kind (letters, digits, _ and -; max {_MAX_KIND}).")
        if not lang or len(lang) > _MAX_LANG:
            raise UsageError("Invalid language code.")
        try:
            self._policy.check_draft(author, kind)
        except PolicyDeniedError as exc:
            raise self._deny(exc) from None
        meta: dict[str, Any] = dict(metadata or {})
        flags = [*list(meta.get("risk_flags") or ()), *risk_flags]
        meta["risk_flags"] = sorted(set(map(str, flags)))
        blob = vault if vault is None or isinstance(vault, bytes) else vault.encrypt(self._key())
        now = self._now()
        draft_id = new_draft_id()
        digest = content_hash(text)
        required = self._policy.approval_rule(kind).count
        expires = now + self._ttl if self._ttl is not None else None
        with self._write() as conn:
            conn.execute(
                insert(s.drafts).values(
                    id=draft_id,
                    kind=kind,
                    lang=lang,
                    status=DraftStatus.PENDING.value,
                    revision=1,
                    content=text,
                    content_hash=digest,
                    metadata=meta,
                    vault=blob,
                    author_id=author.id,
                    author_name=author.display_name,
                    author_roles=_roles(author),
                    editor_id=author.id,
                    editor_name=author.display_name,
                    editor_roles=_roles(author),
                    approvals_count=0,
                    required_approvals=required,
                    created_at=now,
                    updated_at=now,
                    expires_at=expires,
                )
            )
            conn.execute(
                insert(s.revisions).values(
                    draft_id=draft_id,
                    revision=1,
                    content=text,
                    content_hash=digest,
                    editor_id=author.id,
                    editor_name=author.display_name,
                    created_at=now,
                )
            )
            self._event(conn, draft_id, EventType.SUBMITTED, 1, digest, now, actor=author)
            self._audit.record(
                ev.REVIEW_SUBMITTED,
                draft_id=draft_id,
                kind=kind,
                revision=1,
                content_hash=digest,
                author=author.id,
                risk_flags=meta["risk_flags"],
            )
            return self._load(conn, draft_id)

    # -- queries ----------------------------------------------------------------------

    def get(self, draft_id: str) -> Draft:
        """The draft with this id (its approvals of the current revision)."""
        with self._store.read() as conn:
            return self._load(conn, draft_id)

    def pending(
        self,
        *,
        kind: str | None = None,
        author: User | str | None = None,
        older_than: timedelta | None = None,
    ) -> list[Draft]:
        """Pending drafts, oldest first. Drafts past their time limit are left
        out (they can no longer be approved; :meth:`expire_overdue` marks them)."""
        now = self._now()
        return self.drafts(
            status=DraftStatus.PENDING,
            kind=kind,
            author=author,
            created_before=now - older_than if older_than is not None else None,
            live_at=now,
        )

    def drafts(
        self,
        *,
        status: DraftStatus | str | None = None,
        kind: str | None = None,
        author: User | str | None = None,
        created_before: datetime | None = None,
        live_at: datetime | None = None,
        limit: int | None = None,
    ) -> list[Draft]:
        """Drafts filtered by status, kind, author id and age, oldest first.

        ``live_at`` leaves out drafts whose time limit has passed at that moment.
        """
        from sqlalchemy import or_, select

        from unionai_sdk.review import _schema as s

        d = s.drafts
        query = select(d)
        if status is not None:
            query = query.where(d.c.status == DraftStatus(status).value)
        if kind is not None:
            query = query.where(d.c.kind == kind)
        if author is not None:
            query = query.where(
                d.c.author_id == (author.id if isinstance(author, User) else author)
            )
        if created_before is not None:
            query = query.where(d.c.created_at <= created_before)
        if live_at is not None:
            query = query.where(or_(d.c.expires_at.is_(None), d.c.expires_at > live_at))
        query = query.order_by(d.c.created_at, d.c.id)
        if limit is not None:
            query = query.limit(limit)
        with self._store.read() as conn:
            rows = conn.execute(query).all()
            return self._from_rows(conn, rows)

    def resolve_id(self, prefix: str) -> str:
        """The full id of the one draft whose id starts with ``prefix`` (>= 6
        hex digits); :class:`DraftNotFoundError` when none or several match."""
        from sqlalchemy import select

        from unionai_sdk.review import _schema as s

        prefix = prefix.strip().lower()
        if len(prefix) < 6 or any(c not in "0123456789abcdef" for c in prefix):
            raise DraftNotFoundError("A draft id prefix needs at least 6 hex digits.")
        d = s.drafts
        with self._store.read() as conn:
            ids = list(
                conn.execute(select(d.c.id).where(d.c.id.startswith(prefix)).limit(2)).scalars()
            )
        if len(ids) != 1:
            raise DraftNotFoundError(
                f"{'No' if not ids else 'More than one'} draft id starts with {prefix!r}."
            )
        return str(ids[0])

    def history(self, draft_id: str) -> list[DraftEvent]:
        """Everything that happened to the draft, in order."""
        from sqlalchemy import select

        from unionai_sdk.review import _schema as s

        with self._store.read() as conn:
            self._row(conn, draft_id)  # DraftNotFoundError
            e = s.events
            rows = conn.execute(select(e).where(e.c.draft_id == draft_id).order_by(e.c.id)).all()
        return [
            DraftEvent(
                draft_id=r.draft_id,
                event=EventType(r.event),
                revision=r.revision,
                content_hash=r.content_hash,
                at=r.at,
                actor=_user(r.actor_id, r.actor_name, r.actor_roles),
                comment=r.comment,
                reason=r.reason,
            )
            for r in rows
        ]

    def revision_text(self, draft_id: str, revision: int) -> str:
        """The text of an earlier revision (with placeholders)."""
        from sqlalchemy import select

        from unionai_sdk.review import _schema as s

        r = s.revisions
        with self._store.read() as conn:
            self._row(conn, draft_id)
            value = conn.execute(
                select(r.c.content).where(r.c.draft_id == draft_id, r.c.revision == revision)
            ).scalar_one_or_none()
        if value is None:
            raise DraftNotFoundError(
                f"Draft {draft_id} has no revision {revision}.", draft_id=draft_id
            )
        return str(value)

    # -- decisions --------------------------------------------------------------------

    def approve(
        self, draft_id: str, *, reviewer: User, comment: str = "", revision: int | None = None
    ) -> Draft:
        """Approve the current revision (or ``revision``, which must be current).

        Raises :class:`SelfApprovalError` for the author or the editor of the
        current revision, :class:`PolicyDeniedError` when the reviewer's roles
        do not allow approving this kind, :class:`ConflictError` when the draft
        is no longer pending, the revision is stale or this reviewer already
        approved it, and :class:`ReviewError` (status ``expired``) past the time
        limit. The draft becomes ``approved`` when the policy's count is reached.
        """
        from sqlalchemy import func, insert, select
        from sqlalchemy.exc import IntegrityError

        from unionai_sdk.review import _schema as s

        if not isinstance(reviewer, User):
            raise UsageError("reviewer must be a unionai_sdk.User.")
        with self._write() as conn:
            row = self._lock(conn, draft_id)
            if not self._expire_if_overdue(conn, row):
                self._check_revision(row, revision)
                if row.status != DraftStatus.PENDING:
                    raise ConflictError(
                        f"Draft {draft_id} is {row.status}, not pending: it cannot be approved.",
                        draft_id=draft_id,
                        status=row.status,
                    )
                if reviewer.id == row.author_id:
                    raise SelfApprovalError(
                        f"The author may not approve their own draft {draft_id}.",
                        draft_id=draft_id,
                        status=row.status,
                    )
                if reviewer.id == row.editor_id:
                    raise SelfApprovalError(
                        f"The editor of revision {row.revision} may not approve it.",
                        draft_id=draft_id,
                        status=row.status,
                    )
                try:
                    self._policy.check_approve(reviewer, row.kind)
                except PolicyDeniedError as exc:
                    raise self._deny(exc) from None
                a = s.approvals
                already = conn.execute(
                    select(a.c.id).where(
                        a.c.draft_id == draft_id,
                        a.c.revision == row.revision,
                        a.c.reviewer_id == reviewer.id,
                    )
                ).first()
                if already is not None:
                    raise ConflictError(
                        f"Reviewer {reviewer.id!r} already approved revision {row.revision}.",
                        draft_id=draft_id,
                        status=row.status,
                    )
                now = self._now()
                try:
                    conn.execute(
                        insert(a).values(
                            draft_id=draft_id,
                            revision=row.revision,
                            content_hash=row.content_hash,
                            reviewer_id=reviewer.id,
                            reviewer_name=reviewer.display_name,
                            reviewer_roles=_roles(reviewer),
                            comment=comment or "",
                            approved_at=now,
                        )
                    )
                except IntegrityError as exc:  # a concurrent duplicate slipped past the check
                    raise ConflictError(
                        f"Reviewer {reviewer.id!r} already approved revision {row.revision}.",
                        draft_id=draft_id,
                        status=row.status,
                    ) from exc
                count = int(
                    conn.execute(
                        select(func.count())
                        .select_from(a)
                        .where(
                            a.c.draft_id == draft_id,
                            a.c.revision == row.revision,
                            a.c.content_hash == row.content_hash,
                        )
                    ).scalar_one()
                )
                required = self._policy.approval_rule(row.kind).count
                new_status = DraftStatus.APPROVED if count >= required else DraftStatus.PENDING
                self._update(
                    conn,
                    row,
                    status=new_status.value,
                    approvals_count=count,
                    required_approvals=required,
                    updated_at=now,
                    approved_at=now if new_status is DraftStatus.APPROVED else None,
                )
                self._event(
                    conn,
                    draft_id,
                    EventType.APPROVED,
                    row.revision,
                    row.content_hash,
                    now,
                    actor=reviewer,
                    comment=comment or "",
                )
                self._audit.record(
                    ev.REVIEW_APPROVED,
                    draft_id=draft_id,
                    kind=row.kind,
                    revision=row.revision,
                    content_hash=row.content_hash,
                    reviewer=reviewer.id,
                    approvals=count,
                    required=required,
                    status=new_status.value,
                )
                return self._load(conn, draft_id)
        raise ReviewError(
            f"Draft {draft_id} passed its review time limit and expired; it cannot be approved.",
            draft_id=draft_id,
            status=DraftStatus.EXPIRED.value,
        )

    def reject(
        self, draft_id: str, *, reviewer: User, reason: str, revision: int | None = None
    ) -> Draft:
        """Reject a pending draft for good (``reason`` is kept in the history;
        the audit log gets only its SHA-256)."""
        return self._decide(
            draft_id, reviewer, reason, revision, DraftStatus.REJECTED, EventType.REJECTED
        )

    def request_changes(
        self, draft_id: str, *, reviewer: User, reason: str, revision: int | None = None
    ) -> Draft:
        """Send a pending draft back for changes; an :meth:`edit` makes it pending again."""
        return self._decide(
            draft_id,
            reviewer,
            reason,
            revision,
            DraftStatus.CHANGES_REQUESTED,
            EventType.CHANGES_REQUESTED,
        )

    def _decide(
        self,
        draft_id: str,
        reviewer: User,
        reason: str,
        revision: int | None,
        status: DraftStatus,
        event: EventType,
    ) -> Draft:
        if not isinstance(reviewer, User):
            raise UsageError("reviewer must be a unionai_sdk.User.")
        if not isinstance(reason, str) or not reason.strip():
            raise UsageError("A reason is required.")
        with self._write() as conn:
            row = self._lock(conn, draft_id)
            if not self._expire_if_overdue(conn, row):
                self._check_revision(row, revision)
                if row.status != DraftStatus.PENDING:
                    raise ConflictError(
                        f"Draft {draft_id} is {row.status}, not pending: no decision possible.",
                        draft_id=draft_id,
                        status=row.status,
                    )
                if reviewer.id != row.author_id:
                    try:
                        self._policy.check_approve(reviewer, row.kind)
                    except PolicyDeniedError as exc:
                        raise self._deny(exc) from None
                now = self._now()
                self._update(conn, row, status=status.value, updated_at=now)
                self._event(
                    conn,
                    draft_id,
                    event,
                    row.revision,
                    row.content_hash,
                    now,
                    actor=reviewer,
                    reason=reason,
                )
                audit_event = (
                    ev.REVIEW_REJECTED
                    if status is DraftStatus.REJECTED
                    else ev.REVIEW_CHANGES_REQUESTED
                )
                self._audit.record(
                    audit_event,
                    draft_id=draft_id,
                    kind=row.kind,
                    revision=row.revision,
                    reviewer=reviewer.id,
                    reason_sha256=_sha256(reason),
                )
                return self._load(conn, draft_id)
        raise ReviewError(
            f"Draft {draft_id} passed its review time limit and expired.",
            draft_id=draft_id,
            status=DraftStatus.EXPIRED.value,
        )

    def edit(self, draft_id: str, *, editor: User, text: str, revision: int | None = None) -> Draft:
        """Replace the text: a new revision, pending again, earlier approvals void.

        Allowed from ``pending``, ``approved`` and ``changes_requested`` for the
        author and for users who may draft or approve this kind. The editor may
        not approve the revision they wrote. The time limit restarts.
        """
        from sqlalchemy import insert

        from unionai_sdk.review import _schema as s

        if not isinstance(editor, User):
            raise UsageError("editor must be a unionai_sdk.User.")
        if not isinstance(text, str) or not text.strip():
            raise UsageError("A draft needs non-empty text.")
        with self._write() as conn:
            row = self._lock(conn, draft_id)
            if not self._expire_if_overdue(conn, row):
                self._check_revision(row, revision)
                if DraftStatus(row.status) not in EDITABLE_STATUSES:
                    raise ConflictError(
                        f"Draft {draft_id} is {row.status}: it can no longer be edited.",
                        draft_id=draft_id,
                        status=row.status,
                    )
                if not (
                    editor.id == row.author_id
                    or self._policy.may_draft(editor, row.kind)
                    or self._policy.may_approve(editor, row.kind)
                ):
                    raise self._deny(
                        PolicyDeniedError(
                            f"User {editor.id!r} may not edit {row.kind!r} drafts.",
                            action="edit",
                            user_id=editor.id,
                            kind=row.kind,
                        )
                    )
                now = self._now()
                new_revision = row.revision + 1
                digest = content_hash(text)
                conn.execute(
                    insert(s.revisions).values(
                        draft_id=draft_id,
                        revision=new_revision,
                        content=text,
                        content_hash=digest,
                        editor_id=editor.id,
                        editor_name=editor.display_name,
                        created_at=now,
                    )
                )
                self._update(
                    conn,
                    row,
                    status=DraftStatus.PENDING.value,
                    revision=new_revision,
                    content=text,
                    content_hash=digest,
                    editor_id=editor.id,
                    editor_name=editor.display_name,
                    editor_roles=_roles(editor),
                    approvals_count=0,
                    approved_at=None,
                    updated_at=now,
                    expires_at=now + self._ttl if self._ttl is not None else None,
                )
                self._event(
                    conn, draft_id, EventType.EDITED, new_revision, digest, now, actor=editor
                )
                self._audit.record(
                    ev.REVIEW_EDITED,
                    draft_id=draft_id,
                    kind=row.kind,
                    revision=new_revision,
                    content_hash=digest,
                    editor=editor.id,
                    previous_revision=row.revision,
                    voided_approvals=row.approvals_count,
                )
                return self._load(conn, draft_id)
        raise ReviewError(
            f"Draft {draft_id} passed its review time limit and expired; it cannot be edited.",
            draft_id=draft_id,
            status=DraftStatus.EXPIRED.value,
        )

    def release(self, draft_id: str, *, by: User) -> ReleasedDocument:
        """Release an approved draft: deanonymized text with the AI label.

        Needs status ``approved``, the policy's number of approvals on the
        current revision and content hash, an unexpired time limit and the
        releasing user's right to see personal data (``Policy.check_release``).
        A second release raises :class:`ConflictError`.
        """
        from sqlalchemy import select

        from unionai_sdk.review import _schema as s

        if not isinstance(by, User):
            raise UsageError("by must be a unionai_sdk.User.")
        with self._write() as conn:
            row = self._lock(conn, draft_id)
            if not self._expire_if_overdue(conn, row):
                if row.status == DraftStatus.RELEASED:
                    raise ConflictError(
                        f"Draft {draft_id} was already released.",
                        draft_id=draft_id,
                        status=row.status,
                    )
                required = self._policy.approval_rule(row.kind).count
                if row.status != DraftStatus.APPROVED:
                    raise NotApprovedError(
                        f"Draft {draft_id} is {row.status}: only approved drafts are released.",
                        draft_id=draft_id,
                        status=row.status,
                        approvals=row.approvals_count,
                        required=required,
                    )
                try:
                    self._policy.check_release(by, row.kind)
                except PolicyDeniedError as exc:
                    raise self._deny(exc) from None
                if content_hash(row.content) != row.content_hash:
                    raise NotApprovedError(
                        f"Draft {draft_id}: the stored text does not match the approved hash.",
                        draft_id=draft_id,
                        status=row.status,
                    )
                a = s.approvals
                approval_rows = conn.execute(
                    select(a)
                    .where(
                        a.c.draft_id == draft_id,
                        a.c.revision == row.revision,
                        a.c.content_hash == row.content_hash,
                    )
                    .order_by(a.c.approved_at, a.c.id)
                ).all()
                valid = [
                    r for r in approval_rows if r.reviewer_id not in {row.author_id, row.editor_id}
                ]
                if len(valid) < required:
                    raise NotApprovedError(
                        f"Draft {draft_id} has {len(valid)} of {required} required approvals "
                        f"on revision {row.revision}.",
                        draft_id=draft_id,
                        status=row.status,
                        approvals=len(valid),
                        required=required,
                    )
                now = self._now()
                body = self._deanonymize(row.content, row.vault)
                approved_at = max(r.approved_at for r in valid)
                label = ai_label(
                    row.lang, [r.reviewer_name or r.reviewer_id for r in valid], approved_at
                )
                meta = dict(row._mapping["metadata"] or {})
                metadata: dict[str, Any] = {
                    "ai_generated": True,
                    "generator": "unionai-sdk",
                    "sdk_version": _sdk_version(),
                    "draft_id": draft_id,
                    "kind": row.kind,
                    "lang": row.lang,
                    "model": meta.get("model"),
                    "prompt": meta.get("prompt") or meta.get("prompt_name") or meta.get("template"),
                    "prompt_version": meta.get("prompt_version", meta.get("template_version")),
                    "revision": row.revision,
                    "content_hash": row.content_hash,
                    "author": {"id": row.author_id, "name": row.author_name or row.author_id},
                    "approvers": [
                        {
                            "id": r.reviewer_id,
                            "name": r.reviewer_name or r.reviewer_id,
                            "roles": list(r.reviewer_roles or ()),
                            "approved_at": r.approved_at.isoformat(),
                        }
                        for r in valid
                    ],
                    "required_approvals": required,
                    "released_by": {"id": by.id, "name": by.name},
                    "created_at": row.created_at.isoformat(),
                    "approved_at": approved_at.isoformat(),
                    "released_at": now.isoformat(),
                    "risk_flags": list(meta.get("risk_flags") or ()),
                    "label": label,
                }
                self._update(
                    conn,
                    row,
                    status=DraftStatus.RELEASED.value,
                    released_at=now,
                    released_by=by.id,
                    updated_at=now,
                )
                self._event(
                    conn,
                    draft_id,
                    EventType.RELEASED,
                    row.revision,
                    row.content_hash,
                    now,
                    actor=by,
                )
                self._audit.record(
                    ev.REVIEW_RELEASED,
                    draft_id=draft_id,
                    kind=row.kind,
                    revision=row.revision,
                    content_hash=row.content_hash,
                    released_by=by.id,
                    approvers=[r.reviewer_id for r in valid],
                    deanonymized=row.vault is not None,
                )
                return ReleasedDocument(
                    draft_id=draft_id,
                    kind=row.kind,
                    lang=row.lang,
                    body=body,
                    label=label,
                    metadata=metadata,
                    released_at=now,
                )
        raise NotApprovedError(
            f"Draft {draft_id} passed its review time limit and expired; it cannot be released.",
            draft_id=draft_id,
            status=DraftStatus.EXPIRED.value,
        )

    def expire_overdue(self) -> int:
        """Mark every pending or approved draft past its time limit as expired;
        return how many were expired now."""
        from sqlalchemy import select

        from unionai_sdk.review import _schema as s

        d = s.drafts
        now = self._now()
        with self._write() as conn:
            rows = conn.execute(
                select(d)
                .where(
                    d.c.status.in_([st.value for st in EXPIRING_STATUSES]),
                    d.c.expires_at.is_not(None),
                    d.c.expires_at <= now,
                )
                .order_by(d.c.id)
                .with_for_update()
            ).all()
            for row in rows:
                self._expire(conn, row, now)
        return len(rows)

    # -- internals --------------------------------------------------------------------

    def _deanonymize(self, text: str, blob: bytes | None) -> str:
        if blob is None:
            return text
        from unionai_sdk.privacy import Vault, deanonymize

        vault = Vault.decrypt(bytes(blob), self._key())
        return deanonymize(text, vault)

    def _row(self, conn: Connection, draft_id: str, *, lock: bool = False) -> Row[Any]:
        from sqlalchemy import select

        from unionai_sdk.review import _schema as s

        query = select(s.drafts).where(s.drafts.c.id == draft_id)
        if lock:
            query = query.with_for_update()
        row = conn.execute(query).first()
        if row is None:
            raise DraftNotFoundError(f"No draft with id {draft_id!r}.", draft_id=draft_id)
        return row

    def _lock(self, conn: Connection, draft_id: str) -> Row[Any]:
        if not isinstance(draft_id, str) or not draft_id:
            raise DraftNotFoundError("A draft id is required.", draft_id=None)
        return self._row(conn, draft_id, lock=True)

    @staticmethod
    def _check_revision(row: Row[Any], revision: int | None) -> None:
        if revision is not None and revision != row.revision:
            raise ConflictError(
                f"Draft {row.id} is at revision {row.revision}, not {revision}.",
                draft_id=row.id,
                status=row.status,
            )

    def _expire_if_overdue(self, conn: Connection, row: Row[Any]) -> bool:
        """Fail closed: a pending/approved draft past its limit expires now."""
        now = self._now()
        overdue = row.expires_at is not None and now >= row.expires_at
        if overdue and DraftStatus(row.status) in EXPIRING_STATUSES:
            self._expire(conn, row, now)
            return True
        return False

    def _expire(self, conn: Connection, row: Row[Any], now: datetime) -> None:
        self._update(conn, row, status=DraftStatus.EXPIRED.value, updated_at=now)
        self._event(conn, row.id, EventType.EXPIRED, row.revision, row.content_hash, now)
        self._audit.record(
            ev.REVIEW_EXPIRED,
            draft_id=row.id,
            kind=row.kind,
            revision=row.revision,
            age_s=round((now - row.created_at).total_seconds(), 3),
        )

    def _update(self, conn: Connection, row: Row[Any], **values: Any) -> None:
        """The conditional UPDATE: applies only if nobody changed the row since
        it was read (same revision, status and approval count)."""
        from sqlalchemy import update

        from unionai_sdk.review import _schema as s

        d = s.drafts
        result = conn.execute(
            update(d)
            .where(
                d.c.id == row.id,
                d.c.revision == row.revision,
                d.c.status == row.status,
                d.c.approvals_count == row.approvals_count,
            )
            .values(**values)
        )
        if result.rowcount != 1:
            raise ConflictError(
                f"Draft {row.id} was changed by someone else; reload it and try again.",
                draft_id=row.id,
                status=row.status,
            )

    @staticmethod
    def _event(
        conn: Connection,
        draft_id: str,
        event: EventType,
        revision: int,
        digest: str,
        at: datetime,
        *,
        actor: User | None = None,
        comment: str | None = None,
        reason: str | None = None,
    ) -> None:
        from sqlalchemy import insert

        from unionai_sdk.review import _schema as s

        conn.execute(
            insert(s.events).values(
                draft_id=draft_id,
                event=event.value,
                revision=revision,
                content_hash=digest,
                actor_id=actor.id if actor else None,
                actor_name=actor.display_name if actor else None,
                actor_roles=_roles(actor) if actor else None,
                comment=comment,
                reason=reason,
                at=at,
            )
        )

    def _load(self, conn: Connection, draft_id: str) -> Draft:
        return self._from_rows(conn, [self._row(conn, draft_id)])[0]

    @staticmethod
    def _from_rows(conn: Connection, rows: Sequence[Row[Any]]) -> list[Draft]:
        """Drafts from rows, with their current approvals (one query for all)."""
        from sqlalchemy import select

        from unionai_sdk.review import _schema as s

        if not rows:
            return []
        a = s.approvals
        current = {row.id: (row.revision, row.content_hash) for row in rows}
        by_draft: dict[str, list[Row[Any]]] = {}
        ids = list(current)
        for start in range(0, len(ids), 500):
            for r in conn.execute(
                select(a)
                .where(a.c.draft_id.in_(ids[start : start + 500]))
                .order_by(a.c.approved_at, a.c.id)
            ):
                if (r.revision, r.content_hash) == current[r.draft_id]:
                    by_draft.setdefault(r.draft_id, []).append(r)
        return [ReviewGate._draft(row, by_draft.get(row.id, [])) for row in rows]

    @staticmethod
    def _draft(row: Row[Any], approval_rows: Sequence[Row[Any]]) -> Draft:
        author = User(row.author_id, row.author_name, row.author_roles or ())
        editor = (
            None
            if row.revision == 1 and row.editor_id == row.author_id
            else User(row.editor_id, row.editor_name, row.editor_roles or ())
        )
        return Draft(
            id=row.id,
            kind=row.kind,
            author=author,
            revision=row.revision,
            content=row.content,
            content_hash=row.content_hash,
            lang=row.lang,
            status=DraftStatus(row.status),
            created_at=row.created_at,
            updated_at=row.updated_at,
            expires_at=row.expires_at,
            required_approvals=row.required_approvals,
            metadata=dict(row._mapping["metadata"] or {}),
            vault=bytes(row.vault) if row.vault is not None else None,
            approvals=tuple(
                Approval(
                    draft_id=r.draft_id,
                    revision=r.revision,
                    content_hash=r.content_hash,
                    reviewer=User(r.reviewer_id, r.reviewer_name, r.reviewer_roles or ()),
                    approved_at=r.approved_at,
                    comment=r.comment,
                )
                for r in approval_rows
            ),
            editor=editor,
        )


def _same_sqlite_file(store: Any, audit: object) -> bool:
    """True when ``audit`` is an AuditLog table in the SQLite file of ``store``."""
    if store.dialect != "sqlite" or not getattr(audit, "is_database", False):
        return False
    from pathlib import Path

    from sqlalchemy.engine import make_url

    try:
        mine = make_url(store.engine.url).database
        theirs = make_url(str(getattr(audit, "target", ""))).database
    except Exception:  # an unparsable target is simply not the same file
        return False
    if not mine or not theirs:
        return False
    return Path(mine).resolve() == Path(theirs).resolve()


class _AfterCommitSink:
    """Holds a transaction's audit events and records them after the commit."""

    def __init__(self, sink: AuditSink) -> None:
        import threading

        self._sink = sink
        self._local = threading.local()

    def record(self, event: str, /, **fields: Any) -> None:
        pending: list[tuple[str, dict[str, Any]]] | None = getattr(self._local, "pending", None)
        if pending is None:
            self._sink.record(event, **fields)
        else:
            pending.append((event, fields))

    @contextmanager
    def collect(self) -> Iterator[Callable[[], None]]:
        pending: list[tuple[str, dict[str, Any]]] = []
        self._local.pending = pending

        def flush() -> None:
            self._local.pending = None
            for event, fields in pending:
                self._sink.record(event, **fields)

        try:
            yield flush
        finally:
            self._local.pending = None
