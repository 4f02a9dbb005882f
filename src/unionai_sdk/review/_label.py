"""The visible AI label of a released document, in the document's language.

The wording follows the practice the union uses (see ``DOMAIN.md``) and the
Kazakhstan law on artificial intelligence (a visible warning plus a
machine-readable mark; the machine-readable part lives in
:attr:`ReleasedDocument.metadata`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

__all__ = ["LABELS", "ai_label"]

#: label template per language: ``{names}`` and ``{date}`` are filled in
LABELS: dict[str, str] = {
    "ru": "Подготовлено с использованием системы искусственного интеллекта; "
    "проверено: {names}, {date}.",
    "kk": "Жасанды интеллект жүйесін пайдалана отырып дайындалды; тексерген: {names}, {date}.",
    "en": "Prepared with the use of an artificial intelligence system; "
    "reviewed by: {names}, {date}.",
}


def ai_label(lang: str, approver_names: Sequence[str], when: datetime) -> str:
    """The label line, e.g. «Подготовлено с использованием системы искусственного
    интеллекта; проверено: А. Сейтова, 28.11.2026.»

    Unknown languages get the Russian label (the union's working language).
    ``when`` is the approval date, printed as ``DD.MM.YYYY``.
    """
    template = LABELS.get(lang.lower().split("-")[0], LABELS["ru"])
    return template.format(names=", ".join(approver_names), date=when.strftime("%d.%m.%Y"))
