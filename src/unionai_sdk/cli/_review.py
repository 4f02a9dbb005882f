"""``unionai review``: the review queue on the command line.

The acting user comes from ``--as`` (else ``UNIONAI_USER``), the display name
from ``--name`` (else ``UNIONAI_USER_NAME``), roles from ``--role`` (repeatable;
else ``UNIONAI_ROLES``, comma-separated), the store from ``--db`` (else
``UNIONAI_REVIEW_URL``, else ``~/.unionai/reviews.db``).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from unionai_sdk.cli._common import EXIT_FAILURE, EXIT_REFUSED, acting_user, echo_error
from unionai_sdk.exceptions import (
    DraftNotFoundError,
    PolicyDeniedError,
    ReviewError,
    UnionAIError,
)

if TYPE_CHECKING:
    from rich.console import Console

    from unionai_sdk.policy import User
    from unionai_sdk.review import Draft, ReviewGate

__all__ = ["review"]

F = TypeVar("F", bound=Callable[..., Any])

STATUS_RU: dict[str, str] = {
    "pending": "ожидает проверки",
    "approved": "одобрен",
    "released": "выпущен",
    "rejected": "отклонён",
    "changes_requested": "нужны правки",
    "expired": "срок истёк",
}
EVENT_RU: dict[str, str] = {
    "submitted": "подан на проверку",
    "approved": "одобрен",
    "edited": "исправлен",
    "rejected": "отклонён",
    "changes_requested": "запрошены правки",
    "expired": "срок истёк",
    "released": "выпущен",
}
_OUT_SUFFIXES = (".docx", ".md", ".markdown", ".txt")


def _console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False, width=max(150, _terminal_width()))


def _terminal_width() -> int:
    try:
        return os.get_terminal_size().columns
    except OSError:
        return 120


def _fmt_time(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


def _common(command: F) -> F:
    """--db, --as, --name and --role on every subcommand; UnionAIError -> message + exit code."""

    @click.option(
        "--db",
        "db",
        metavar="URL",
        default=None,
        help="Адрес хранилища (SQLAlchemy URL). По умолчанию UNIONAI_REVIEW_URL "
        "или ~/.unionai/reviews.db.",
    )
    @click.option(
        "--as",
        "user_id",
        metavar="ПОЛЬЗОВАТЕЛЬ",
        default=None,
        help="От чьего имени действовать. По умолчанию UNIONAI_USER.",
    )
    @click.option(
        "--name",
        "display_name",
        metavar="ИМЯ",
        envvar="UNIONAI_USER_NAME",
        default=None,
        help="Отображаемое имя (для отметки ИИ). По умолчанию UNIONAI_USER_NAME.",
    )
    @click.option(
        "--role",
        "roles",
        metavar="РОЛЬ",
        multiple=True,
        help="Роль пользователя (можно несколько раз: --role lawyer --role chair). "
        "По умолчанию UNIONAI_ROLES через запятую.",
    )
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except UnionAIError as exc:
            echo_error(exc)
            code = (
                EXIT_REFUSED if isinstance(exc, PolicyDeniedError | ReviewError) else EXIT_FAILURE
            )
            sys.exit(code)

    return wrapper  # type: ignore[return-value]


@contextmanager
def _gate(db: str | None, user: User | None = None) -> Iterator[ReviewGate]:
    """The gate over ``--db``. With an acting ``user`` its state changes are
    recorded in the audit log (``UNIONAI_AUDIT``, default ``~/.unionai/audit.jsonl``)."""
    from unionai_sdk._config import Settings
    from unionai_sdk.audit import AuditLog
    from unionai_sdk.review import ReviewGate

    settings = Settings.resolve(review_url=db)
    # reading changes nothing, so only acting commands open the audit log
    audit = AuditLog(settings=settings, user=user.id) if user is not None else None
    try:
        gate = ReviewGate(settings.review_url, settings=settings, audit=audit)
        try:
            yield gate
        finally:
            gate.close()
    finally:
        if audit is not None:
            audit.close()


def _user(user_id: str | None, display_name: str | None, roles: tuple[str, ...]) -> User:
    user: User = acting_user(user_id, roles, display_name)
    return user


def _resolve(gate: ReviewGate, draft_id: str) -> str:
    draft_id = draft_id.strip().lower()
    if len(draft_id) == 32:
        return draft_id
    try:
        return gate.resolve_id(draft_id)
    except DraftNotFoundError:
        raise DraftNotFoundError(f"No draft with id {draft_id!r}.", draft_id=draft_id) from None


def _status(draft: Draft) -> str:
    return STATUS_RU.get(draft.status.value, draft.status.value)


@click.group("review", context_settings={"help_option_names": ["-h", "--help"]})
def review() -> None:
    """Проверка проектов документов, подготовленных с помощью ИИ.

    Пользователь: --as (или UNIONAI_USER); роли: --role, можно несколько
    (или UNIONAI_ROLES через запятую, например "lawyer,chair"); хранилище:
    --db (или UNIONAI_REVIEW_URL, по умолчанию ~/.unionai/reviews.db).
    """


@review.command("list")
@click.option("--kind", default=None, help="Только документы этого вида (legal_memo, ...).")
@click.option(
    "--status",
    "status",
    default="pending",
    show_default=True,
    type=click.Choice([*STATUS_RU, "all"]),
    help="Статус (all — все).",
)
@click.option("--author", default=None, help="Только проекты этого автора (id).")
@click.option("--older-than", "older_than", type=float, default=None, help="Старше стольких дней.")
@_common
def list_cmd(
    kind: str | None,
    status: str,
    author: str | None,
    older_than: float | None,
    db: str | None,
    user_id: str | None,
    display_name: str | None,
    roles: tuple[str, ...],
) -> None:
    """Очередь проектов (по умолчанию — ожидающие проверки)."""
    from rich.table import Table

    with _gate(db) as gate:
        if status == "pending":
            drafts = gate.pending(
                kind=kind,
                author=author,
                older_than=timedelta(days=older_than) if older_than is not None else None,
            )
        else:
            drafts = gate.drafts(
                status=None if status == "all" else status, kind=kind, author=author
            )
    console = _console()
    if not drafts:
        console.print("Проектов нет.")
        return
    table = Table(title=f"Проекты документов: {len(drafts)}")
    table.add_column("ID", no_wrap=True, min_width=32)
    table.add_column("Вид", no_wrap=True)
    table.add_column("Статус", no_wrap=True)
    table.add_column("Ред.", justify="right", no_wrap=True)
    table.add_column("Одобрения", justify="right", no_wrap=True)
    table.add_column("Автор")
    table.add_column("Создан (UTC)", no_wrap=True)
    table.add_column("Срок (UTC)", no_wrap=True)
    for d in drafts:
        table.add_row(
            d.id,
            d.kind,
            _status(d),
            str(d.revision),
            f"{len(d.approvals)}/{d.required_approvals}",
            d.author.name,
            _fmt_time(d.created_at),
            _fmt_time(d.expires_at),
        )
    console.print(table)


@review.command("show")
@click.argument("draft_id", metavar="ID")
@click.option(
    "--text",
    "text_only",
    is_flag=True,
    help="Только текст проекта, без рамок (например, чтобы сохранить в файл и править).",
)
@_common
def show_cmd(
    draft_id: str,
    text_only: bool,
    db: str | None,
    user_id: str | None,
    display_name: str | None,
    roles: tuple[str, ...],
) -> None:
    """Показать проект: сведения, одобрения и текст (с обезличенными метками)."""
    from rich.panel import Panel
    from rich.table import Table

    with _gate(db) as gate:
        draft = gate.get(_resolve(gate, draft_id))
    if text_only:
        click.echo(draft.content)
        return
    console = _console()
    info = Table.grid(padding=(0, 2))
    info.add_column(style="bold")
    info.add_column()
    info.add_row("ID", draft.id)
    info.add_row("Вид", draft.kind)
    info.add_row("Язык", draft.lang)
    info.add_row("Статус", _status(draft))
    info.add_row("Редакция", str(draft.revision))
    info.add_row("Хеш текста", draft.content_hash)
    info.add_row("Автор", draft.author.name)
    if draft.editor is not None:
        info.add_row("Редактор", draft.editor.name)
    info.add_row("Модель", str(draft.metadata.get("model") or "—"))
    prompt = draft.metadata.get("prompt") or "—"
    version = draft.metadata.get("prompt_version")
    info.add_row("Шаблон", str(version or prompt))
    info.add_row("Одобрения", f"{len(draft.approvals)} из {draft.required_approvals}")
    for a in draft.approvals:
        info.add_row("", f"{a.reviewer.name} — {_fmt_time(a.approved_at)}")
    info.add_row("Флаги риска", ", ".join(draft.risk_flags) or "нет")
    info.add_row("Персональные данные", "зашифрованы" if draft.vault else "нет")
    info.add_row("Создан", _fmt_time(draft.created_at))
    info.add_row("Срок проверки", _fmt_time(draft.expires_at))
    console.print(Panel(info, title="Проект документа"))
    console.print(Panel(draft.content, title=f"Текст, редакция {draft.revision}"))


@review.command("approve")
@click.argument("draft_id", metavar="ID")
@click.option("--comment", default="", help="Комментарий проверяющего.")
@click.option("--revision", type=int, default=None, help="Ожидаемая редакция (защита от гонок).")
@_common
def approve_cmd(
    draft_id: str,
    comment: str,
    revision: int | None,
    db: str | None,
    user_id: str | None,
    display_name: str | None,
    roles: tuple[str, ...],
) -> None:
    """Одобрить текущую редакцию проекта."""
    reviewer = _user(user_id, display_name, roles)
    with _gate(db, reviewer) as gate:
        draft = gate.approve(
            _resolve(gate, draft_id), reviewer=reviewer, comment=comment, revision=revision
        )
    click.echo(
        f"Проект {draft.id} одобрен: {len(draft.approvals)} из {draft.required_approvals}; "
        f"статус — {_status(draft)}."
    )


@review.command("edit")
@click.argument("draft_id", metavar="ID")
@click.option(
    "--file",
    "file",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=str),
    help="Файл с новым текстом (UTF-8; «-» — стандартный ввод).",
)
@click.option("--revision", type=int, default=None, help="Ожидаемая редакция (защита от гонок).")
@_common
def edit_cmd(
    draft_id: str,
    file: str,
    revision: int | None,
    db: str | None,
    user_id: str | None,
    display_name: str | None,
    roles: tuple[str, ...],
) -> None:
    """Заменить текст: новая редакция, прежние одобрения аннулируются."""
    editor = _user(user_id, display_name, roles)
    with click.open_file(file, encoding="utf-8") as fh:
        text = fh.read()
    with _gate(db, editor) as gate:
        draft = gate.edit(_resolve(gate, draft_id), editor=editor, text=text, revision=revision)
    click.echo(
        f"Проект {draft.id}: создана редакция {draft.revision}; "
        f"статус — {_status(draft)}, нужны одобрения заново."
    )


@review.command("reject")
@click.argument("draft_id", metavar="ID")
@click.option("--reason", required=True, help="Причина отклонения.")
@_common
def reject_cmd(
    draft_id: str,
    reason: str,
    db: str | None,
    user_id: str | None,
    display_name: str | None,
    roles: tuple[str, ...],
) -> None:
    """Отклонить проект окончательно."""
    reviewer = _user(user_id, display_name, roles)
    with _gate(db, reviewer) as gate:
        draft = gate.reject(_resolve(gate, draft_id), reviewer=reviewer, reason=reason)
    click.echo(f"Проект {draft.id} отклонён.")


@review.command("changes")
@click.argument("draft_id", metavar="ID")
@click.option("--reason", required=True, help="Что нужно исправить.")
@_common
def changes_cmd(
    draft_id: str,
    reason: str,
    db: str | None,
    user_id: str | None,
    display_name: str | None,
    roles: tuple[str, ...],
) -> None:
    """Вернуть проект на доработку."""
    reviewer = _user(user_id, display_name, roles)
    with _gate(db, reviewer) as gate:
        draft = gate.request_changes(_resolve(gate, draft_id), reviewer=reviewer, reason=reason)
    click.echo(f"Проект {draft.id} возвращён на доработку.")


@review.command("release")
@click.argument("draft_id", metavar="ID")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Куда сохранить документ: файл .docx, .md или .txt.",
)
@_common
def release_cmd(
    draft_id: str,
    out: Path,
    db: str | None,
    user_id: str | None,
    display_name: str | None,
    roles: tuple[str, ...],
) -> None:
    """Выпустить одобренный документ (с восстановленными данными и отметкой ИИ)."""
    if out.suffix.lower() not in _OUT_SUFFIXES:
        raise click.BadParameter("нужен файл с расширением .docx, .md или .txt", param_hint="--out")
    user = _user(user_id, display_name, roles)
    with _gate(db, user) as gate:
        doc = gate.release(_resolve(gate, draft_id), by=user)
    path = doc.save(out)
    click.echo(f"Документ {doc.draft_id} выпущен и сохранён: {path}")
    click.echo(f"Отметка: {doc.label}")


@review.command("history")
@click.argument("draft_id", metavar="ID")
@_common
def history_cmd(
    draft_id: str,
    db: str | None,
    user_id: str | None,
    display_name: str | None,
    roles: tuple[str, ...],
) -> None:
    """История проекта: подача, одобрения, правки, решения."""
    from rich.table import Table

    with _gate(db) as gate:
        resolved = _resolve(gate, draft_id)
        events = gate.history(resolved)
    table = Table(title=f"История проекта {resolved}")
    table.add_column("Время (UTC)", no_wrap=True)
    table.add_column("Событие", no_wrap=True)
    table.add_column("Ред.", justify="right", no_wrap=True)
    table.add_column("Кто")
    table.add_column("Комментарий / причина")
    for e in events:
        table.add_row(
            _fmt_time(e.at),
            EVENT_RU.get(e.event.value, e.event.value),
            str(e.revision),
            e.actor.name if e.actor else "система",
            e.comment or e.reason or "",
        )
    _console().print(table)
