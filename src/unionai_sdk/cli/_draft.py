"""``unionai memo|resolution|faq``: draft a document through the whole responsible flow.

Without a configured model the commands run the dry run: they show exactly
what would be sent (after anonymization) and say how to configure a model.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Any

import click

from unionai_sdk.cli._common import (
    acting_user,
    echo_error,
    exit_code_for,
    quiet_litellm,
    read_text_file,
)
from unionai_sdk.exceptions import UnionAIError

__all__ = ["faq", "memo", "resolution"]

_HOW_TO_CONFIGURE = (
    "Модель не настроена, поэтому выполнен пробный запуск: ничего никуда не отправлено.\n"
    "Чтобы получить проект документа, укажите модель:\n"
    "  --model openai/gpt-4o-mini            (нужен OPENAI_API_KEY)\n"
    "  --model ollama/llama3                  (локальная модель Ollama)\n"
    "  --model openai/ИМЯ --api-base URL      (сервер, совместимый с OpenAI,\n"
    "                                          или прокси LiteLLM организации)\n"
    "или задайте переменные окружения UNIONAI_MODEL и UNIONAI_API_BASE."
)


def _options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--model", help="Модель (строка litellm); по умолчанию UNIONAI_MODEL."),
        click.option(
            "--api-base", help="Адрес сервера, совместимого с OpenAI, или прокси LiteLLM."
        ),
        click.option(
            "--lang",
            type=click.Choice(["ru", "kk"]),
            default="ru",
            show_default=True,
            help="Язык документа.",
        ),
        click.option(
            "--dry-run",
            is_flag=True,
            help="Показать, что будет отправлено модели, и ничего не отправлять.",
        ),
        click.option("--as", "as_user", help="От чьего имени (по умолчанию UNIONAI_USER)."),
        click.option(
            "--role",
            "roles",
            multiple=True,
            help="Роль пользователя (можно несколько; по умолчанию UNIONAI_ROLES).",
        ),
        click.option(
            "--db", help="Хранилище проверки (URL SQLAlchemy); по умолчанию UNIONAI_REVIEW_URL."
        ),
        click.option("--audit", "audit_target", help="Журнал аудита (файл JSONL или URL)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _run(kind: str, opts: dict[str, Any], texts: dict[str, str]) -> None:
    from unionai_sdk._config import Settings
    from unionai_sdk.facade import UnionAI

    settings = Settings.resolve(
        model=opts["model"],
        api_base=opts["api_base"],
        review_url=opts["db"],
        audit_target=opts["audit_target"],
        user=opts["as_user"],
    )
    dry = bool(opts["dry_run"] or not settings.model)
    uid = settings.user or ("local-user" if dry else None)
    user = acting_user(uid, opts["roles"] or _default_roles(kind))
    try:
        ai = UnionAI(user=user, settings=settings)
        with ai:
            preview_method = getattr(ai, f"preview_{kind}")
            if dry:
                preview = preview_method(lang=opts["lang"], **texts)
                click.echo(preview.to_text())
                click.echo("")
                if not settings.model:
                    click.secho(_HOW_TO_CONFIGURE, fg="yellow")
                else:
                    click.secho("Пробный запуск (--dry-run): ничего не отправлено.", fg="yellow")
                return
            quiet_litellm()
            draft = getattr(ai, kind)(lang=opts["lang"], **texts)
    except UnionAIError as exc:
        echo_error(exc)
        raise SystemExit(exit_code_for(exc)) from None
    click.secho(f"Проект создан: {draft.id}", fg="green")
    click.echo(f"Статус: ожидает экспертной проверки ({draft.status}).")
    flags = list(getattr(draft, "risk_flags", ()))
    if flags:
        click.secho("Предупреждения для проверяющего: " + ", ".join(flags), fg="yellow")
    click.echo(f"Посмотреть: unionai review show {draft.id}")
    click.echo(f"Утвердить (другой пользователь): unionai review approve {draft.id} --as ИМЯ")


def _default_roles(kind: str) -> tuple[str, ...]:
    """When no roles are given, the command acts in the role needed to draft ``kind``."""
    from unionai_sdk.policy import Policy

    roles = Policy().draft_roles.get(kind, frozenset())
    return tuple(sorted(roles))[:1]


def _sample_text() -> str:
    return (resources.files("unionai_sdk") / "data" / "sample_appeal.ru.txt").read_text("utf-8")


@click.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("-q", "--question", required=True, help="Вопрос, на который нужно ответить.")
@click.option(
    "--sample", is_flag=True, help="Взять встроенное синтетическое обращение вместо файла."
)
@_options
def memo(file: str | None, question: str, sample: bool, **opts: Any) -> None:
    """Правовое заключение по обращению члена профсоюза (FILE — текст обращения)."""
    if sample == bool(file):
        raise click.UsageError("Укажите файл обращения или --sample (что-то одно).")
    facts = _sample_text() if sample else read_text_file(str(file))
    _run("legal_memo", opts, {"facts": facts, "question": question})


@click.command()
@click.argument("question")
@_options
def faq(question: str, **opts: Any) -> None:
    """Ответ на вопрос члена профсоюза (QUESTION — текст вопроса)."""
    _run("member_faq", opts, {"question": question})


@click.command()
@click.option("--topic", required=True, help="Тема постановления («О …»).")
@click.option(
    "--considered",
    "considered_file",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Файл с информацией, которую заслушали и обсудили.",
)
@_options
def resolution(topic: str, considered_file: str, **opts: Any) -> None:
    """Постановление президиума или исполкома."""
    _run("resolution", opts, {"topic": topic, "considered": read_text_file(considered_file)})
