"""A self-contained HTML report over an audit log (Russian labels, inline SVG).

No optional dependency: charts are SVG drawn here. Only aggregates are shown
(counts, tokens, costs, durations, entity types) and every string that came
from the log is escaped with :func:`html.escape`.
"""

from __future__ import annotations

import html
import math
import os
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from unionai_sdk.audit import _events as ev
from unionai_sdk.audit._records import read_records

if TYPE_CHECKING:
    from unionai_sdk._config import Settings
    from unionai_sdk.audit._verify import AuditVerification

__all__ = ["ReportData", "build_report", "collect", "render_html"]

KIND_LABELS: Mapping[str, str] = {
    "legal_memo": "Юридическое заключение",
    "resolution": "Постановление",
    "member_faq": "Ответ на вопрос члена профсоюза",
}
ENTITY_LABELS: Mapping[str, str] = {
    "KZ_IIN": "ИИН",
    "KZ_BIN": "БИН",
    "PHONE_NUMBER": "Телефон",
    "EMAIL_ADDRESS": "Эл. почта",
    "KZ_IBAN": "Банковский счёт (IBAN)",
    "PAYMENT_CARD": "Платёжная карта",
    "KZ_ID_CARD": "Удостоверение личности",
    "KZ_PASSPORT": "Паспорт",
    "DATE_OF_BIRTH": "Дата рождения",
    "ADDRESS": "Адрес",
    "PERSON": "ФИО",
    "ORGANIZATION": "Организация",
    "LOCATION": "Населённый пункт",
}
OUTCOME_LABELS: Mapping[str, str] = {
    ev.REVIEW_SUBMITTED: "Отправлено на проверку",
    ev.REVIEW_APPROVED: "Утверждения",
    ev.REVIEW_EDITED: "Правки эксперта",
    ev.REVIEW_CHANGES_REQUESTED: "Возвращено на доработку",
    ev.REVIEW_REJECTED: "Отклонено",
    ev.REVIEW_EXPIRED: "Истёк срок проверки",
    ev.REVIEW_RELEASED: "Выпущено",
}
ACTION_LABELS: Mapping[str, str] = {
    "draft": "Подготовка проекта",
    "approve": "Утверждение",
    "release": "Выпуск документа",
    "see_personal_data": "Доступ к персональным данным",
    "send_to_model": "Отправка в модель",
}
_PALETTE = ("#1f6fb2", "#e07b39", "#3a9d5d", "#c0392b", "#8e6cbf", "#7f8c8d", "#d4a017", "#16a085")
_UNKNOWN = "не указано"


def _label(mapping: Mapping[str, str], key: Any) -> str:
    if key is None or key == "":
        return _UNKNOWN
    return mapping.get(str(key), str(key))


@dataclass
class ReportData:
    """Aggregates for the report (also useful on their own)."""

    since: date | None
    until: date | None
    records: int = 0
    calls: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    models: dict[str, dict[str, float]] = field(default_factory=dict)
    outcomes: Counter[str] = field(default_factory=Counter)
    approval_seconds: list[float] = field(default_factory=list)
    entities: Counter[str] = field(default_factory=Counter)
    denials: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)


def _parse_ts(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _week(ts: datetime) -> str:
    year, week, _ = ts.isocalendar()
    return f"{year}-Н{week:02d}"


def _num(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def collect(
    records: Iterable[Mapping[str, Any]], *, since: date | None = None, until: date | None = None
) -> ReportData:
    """Aggregate records whose ``ts`` falls in ``[since, until]`` (UTC days)."""
    data = ReportData(since, until)
    requests: dict[str, Counter[str]] = defaultdict(Counter)
    responses: dict[str, Counter[str]] = defaultdict(Counter)
    submitted: dict[str, datetime] = {}
    approved: dict[str, datetime] = {}
    for record in records:
        ts = _parse_ts(record.get("ts"))
        if ts is None:
            continue
        day = ts.date()
        if (since and day < since) or (until and day > until):
            continue
        data.records += 1
        event = record.get("event")
        kind = _label(KIND_LABELS, record.get("kind"))
        if event == ev.LLM_REQUEST:
            requests[_week(ts)][kind] += 1
        elif event == ev.LLM_RESPONSE:
            responses[_week(ts)][kind] += 1
            model = str(record.get("model") or _UNKNOWN)
            row = data.models.setdefault(
                model,
                {"calls": 0.0, "prompt_tokens": 0.0, "completion_tokens": 0.0,
                 "total_tokens": 0.0, "cost_usd": 0.0},
            )  # fmt: skip
            row["calls"] += 1
            for name in ("prompt_tokens", "completion_tokens", "total_tokens", "cost_usd"):
                row[name] += _num(record.get(name))
        elif event == ev.LLM_ERROR:
            data.errors[str(record.get("error_type") or _UNKNOWN)] += 1
        elif event == ev.ANONYMIZED:
            counts = record.get("entity_counts")
            if isinstance(counts, Mapping):
                for entity, n in counts.items():
                    data.entities[str(entity)] += int(_num(n))
        elif event == ev.POLICY_DENIED:
            data.denials[(str(record.get("action") or _UNKNOWN), kind)] += 1
        if event in OUTCOME_LABELS:
            data.outcomes[str(event)] += 1
            draft = record.get("draft_id")
            if isinstance(draft, str):
                if event == ev.REVIEW_SUBMITTED:
                    submitted.setdefault(draft, ts)
                elif event == ev.REVIEW_APPROVED and draft not in approved:
                    status = record.get("status")
                    if status in (None, "approved"):
                        approved[draft] = ts
    data.calls = requests or responses
    data.approval_seconds = [
        (approved[d] - submitted[d]).total_seconds()
        for d in approved
        if d in submitted and approved[d] >= submitted[d]
    ]
    return data


# --- SVG ------------------------------------------------------------------------


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _axis(peak: float) -> tuple[float, int]:
    """A round tick step (1, 2 or 5 x 10^k) and the number of steps covering ``peak``."""
    if peak <= 0:
        return 1.0, 1
    raw = peak / 5
    exponent = math.floor(math.log10(raw))
    step = 10.0 ** (exponent + 1)
    for factor in (1.0, 2.0, 5.0):
        if factor * 10.0**exponent >= raw * (1 - 1e-9):
            step = factor * 10.0**exponent
            break
    return step, max(1, math.ceil(peak / step - 1e-9))


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: Mapping[str, Sequence[float]],
    *,
    unit: str = "",
) -> str:
    """A stacked vertical bar chart as inline SVG (labels escaped)."""
    if not categories:
        return f'<p class="empty">{_e(title)}: нет данных за период.</p>'
    width, height, left, bottom, top, right = 800, 360, 70, 120, 40, 150
    totals = [sum(values[i] for values in series.values()) for i in range(len(categories))]
    tick_step, ticks = _axis(max(totals))
    peak = tick_step * ticks
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / len(categories)
    bar_w = min(80.0, max(4.0, step * 0.6))
    legend = list(series) if len(series) > 1 else []
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height + 22 * len(legend)}" aria-label="{_e(title)}">',
        f'<text x="{left}" y="20" class="t">{_e(title)}</text>',
    ]
    for tick in range(ticks + 1):
        tick_value = tick_step * tick
        y = top + plot_h - plot_h * tick / ticks
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#e4e4e4"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="a">'
            f"{tick_value:,.6g}</text>"
        )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="#555"/>'
    )
    for i, category in enumerate(categories):
        x = left + i * step + (step - bar_w) / 2
        base: float = top + plot_h
        for j, (name, values) in enumerate(series.items()):
            h = plot_h * values[i] / peak
            if h <= 0:
                continue
            base -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{_PALETTE[j % len(_PALETTE)]}"><title>{_e(name)}: '
                f"{values[i]:,.6g}{_e(unit)}</title></rect>"
            )
        label_x = x + bar_w / 2
        parts.append(
            f'<text x="{label_x:.1f}" y="{top + plot_h + 16}" class="a" '
            f'transform="rotate(25 {label_x:.1f} {top + plot_h + 16})">{_e(category)}</text>'
        )
    for j, name in enumerate(legend):
        ly = height + 22 * j
        parts.append(
            f'<rect x="{left}" y="{ly}" width="12" height="12" '
            f'fill="{_PALETTE[j % len(_PALETTE)]}"/>'
            f'<text x="{left + 18}" y="{ly + 11}" class="a">{_e(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    if not body:
        body = f'<tr><td colspan="{len(headers)}">нет данных</td></tr>'
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _duration(seconds: float) -> str:
    if seconds < 3600:
        return f"{seconds / 60:.1f} мин"
    if seconds < 86400 * 2:
        return f"{seconds / 3600:.1f} ч"
    return f"{seconds / 86400:.1f} дн"


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:2rem;
color:#222;max-width:900px}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5rem 0}
td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left}
th{background:#f2f2f2}.ok{color:#1e7a3a;font-weight:bold}.bad{color:#b3261e;font-weight:bold}
svg .t{font-size:14px;font-weight:bold}svg .a{font-size:11px;fill:#333}.empty{color:#777}
.note{color:#555;font-size:.9rem}
"""


def render_html(
    data: ReportData, *, source: str, verification: AuditVerification | None = None
) -> str:
    """The report page: one HTML document, no external resources."""
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    period = (
        f"{data.since.isoformat() if data.since else 'начало журнала'} — "
        f"{data.until.isoformat() if data.until else 'сегодня'}"
    )
    out = [
        '<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">',
        "<title>Отчёт по журналу аудита ИИ</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Отчёт по журналу аудита использования ИИ</h1>",
        f"<p>Журнал: <code>{_e(source)}</code><br>Период: {_e(period)}<br>"
        f"Сформирован: {_e(generated)}<br>Записей за период: {data.records}</p>",
    ]
    if verification is not None:
        if verification.ok:
            note = (
                " (последняя строка оборвана — сбой при записи)" if verification.torn_tail else ""
            )
            out.append(
                f'<p class="ok">Целостность журнала подтверждена: {verification.records} '
                f"записей{_e(note)}.</p>"
            )
        else:
            out.append(
                f'<p class="bad">Целостность журнала НАРУШЕНА: запись № '
                f"{_e(verification.first_bad_record)} ({_e(verification.reason)}). "
                "Цифры ниже могут быть недостоверны.</p>"
            )

    out.append("<h2>Обращения к ИИ по неделям и видам документов</h2>")
    weeks = sorted(data.calls)
    kinds = sorted({k for week in data.calls.values() for k in week})
    series = {k: [float(data.calls[w][k]) for w in weeks] for k in kinds}
    out.append(bar_chart("Обращения к модели, шт.", weeks, series))
    out.append(
        _table(
            ["Неделя", *kinds, "Всего"],
            ([w, *(data.calls[w][k] for k in kinds), sum(data.calls[w].values())] for w in weeks),
        )
    )

    out.append("<h2>Токены и стоимость по моделям</h2>")
    models = sorted(data.models)
    out.append(
        bar_chart(
            "Токены по моделям",
            models,
            {
                "Токены запроса": [data.models[m]["prompt_tokens"] for m in models],
                "Токены ответа": [data.models[m]["completion_tokens"] for m in models],
            },
        )
    )
    out.append(
        _table(
            [
                "Модель",
                "Вызовов",
                "Токены запроса",
                "Токены ответа",
                "Всего токенов",
                "Стоимость, USD",
            ],
            (
                [
                    m,
                    int(r["calls"]),
                    int(r["prompt_tokens"]),
                    int(r["completion_tokens"]),
                    int(r["total_tokens"]),
                    f"{r['cost_usd']:.4f}",
                ]
                for m, r in sorted(data.models.items())
            ),
        )
    )
    if data.errors:
        out.append(
            "<p>Ошибки обращения к моделям: "
            + _e(", ".join(f"{name}: {n}" for name, n in sorted(data.errors.items())))
            + "</p>"
        )

    out.append("<h2>Экспертная проверка проектов</h2>")
    outcomes = [e for e in OUTCOME_LABELS if data.outcomes.get(e)]
    out.append(
        bar_chart(
            "Решения по проектам, шт.",
            [OUTCOME_LABELS[e] for e in outcomes],
            {"Количество": [float(data.outcomes[e]) for e in outcomes]},
        )
    )
    if data.approval_seconds:
        median = statistics.median(data.approval_seconds)
        out.append(
            f"<p>Медианное время от отправки на проверку до утверждения: "
            f"<b>{_e(_duration(median))}</b> (проектов: {len(data.approval_seconds)}).</p>"
        )
    else:
        out.append("<p>Медианное время до утверждения: нет утверждённых проектов за период.</p>")

    out.append("<h2>Замаскированные персональные данные по типам</h2>")
    entities = sorted(data.entities, key=lambda k: (-data.entities[k], k))
    out.append(
        bar_chart(
            "Найдено и замаскировано, шт.",
            [_label(ENTITY_LABELS, k) for k in entities],
            {"Количество": [float(data.entities[k]) for k in entities]},
        )
    )

    out.append("<h2>Отказы политики доступа</h2>")
    out.append(
        _table(
            ["Действие", "Вид документа", "Отказов"],
            (
                [_label(ACTION_LABELS, action), kind, n]
                for (action, kind), n in sorted(data.denials.items())
            ),
        )
    )
    out.append(
        '<p class="note">Журнал не содержит текстов документов и персональных данных: '
        "только идентификаторы, хеши, счётчики и решения.</p></body></html>"
    )
    return "\n".join(out)


def build_report(
    target: str | os.PathLike[str] | None = None,
    *,
    since: date | None = None,
    until: date | None = None,
    key: bytes | str | None = None,
    log_id: str = "default",
    settings: Settings | None = None,
    verify: bool = True,
) -> str:
    """The HTML report for the log at ``target`` (verified first unless ``verify=False``)."""
    from unionai_sdk.audit._verify import resolve_target, verify_audit_log

    resolved, _ = resolve_target(target, settings)
    verification = (
        verify_audit_log(resolved, key=key, log_id=log_id, settings=settings) if verify else None
    )
    data = collect(
        read_records(resolved, log_id=log_id, settings=settings), since=since, until=until
    )
    from unionai_sdk.audit._sql import is_url, safe_url

    source = safe_url(resolved) if is_url(resolved) else resolved
    return render_html(data, source=source, verification=verification)
