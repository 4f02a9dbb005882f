"""The classification taxonomy: categories of member appeals with ru/kk labels.

:data:`DEFAULT_TAXONOMY` fits an education workers' union (teaching load, the
56-day leave, category supplements, attestation, ...). A union with other
needs builds its own :class:`Taxonomy` from :class:`Category` objects and
passes it to :func:`~unionai_sdk.analytics.classify_appeals`.

This module is light (stdlib only): importing it costs nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from unionai_sdk.exceptions import UsageError

__all__ = ["DEFAULT_TAXONOMY", "URGENCY_LEVELS", "Category", "Taxonomy"]

#: Urgency levels, least to most urgent. The model's answer is normalized to one of them.
URGENCY_LEVELS: tuple[str, ...] = ("low", "medium", "high")

_URGENCY_SYNONYMS: Mapping[str, str] = {
    "low": "low",
    "низкая": "low",
    "низкий": "low",
    "не срочно": "low",
    "төмен": "low",
    "medium": "medium",
    "normal": "medium",
    "moderate": "medium",
    "средняя": "medium",
    "средний": "medium",
    "орташа": "medium",
    "high": "high",
    "urgent": "high",
    "critical": "high",
    "высокая": "high",
    "высокий": "high",
    "срочно": "high",
    "срочная": "high",
    "жоғары": "high",
    "шұғыл": "high",
}

_CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Category:
    """One category of appeals.

    ``code`` is the stable machine name (``snake_case``) the model must answer
    with; ``subcategories`` are optional finer codes.
    """

    code: str
    label_ru: str
    label_kk: str
    description: str
    subcategories: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not _CODE_RE.match(self.code):
            raise UsageError(f"Category code must be snake_case ASCII, got {self.code!r}")
        object.__setattr__(self, "subcategories", tuple(self.subcategories))
        for sub in self.subcategories:
            if not _CODE_RE.match(sub):
                raise UsageError(f"Subcategory code must be snake_case ASCII, got {sub!r}")

    def label(self, lang: str = "ru") -> str:
        """The human label in ``lang`` ("ru" or "kk")."""
        return self.label_kk if lang == "kk" else self.label_ru


def _norm(value: str) -> str:
    """Lowercase, trim, unify separators: ``" Leave-56 Days "`` -> ``"leave_56_days"``."""
    value = value.strip().strip("\"'`«»<>[]().").lower()
    return re.sub(r"[\s\-./]+", "_", value)


@dataclass(frozen=True)
class Taxonomy:
    """An ordered set of categories; exactly one of them is the fallback (``other``)."""

    categories: tuple[Category, ...]
    fallback: str = "other"
    name: str = "custom"
    _by_code: dict[str, Category] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        cats = tuple(self.categories)
        object.__setattr__(self, "categories", cats)
        if not cats:
            raise UsageError("A taxonomy needs at least one category")
        by_code: dict[str, Category] = {}
        for cat in cats:
            if cat.code in by_code:
                raise UsageError(f"Duplicate category code {cat.code!r}")
            by_code[cat.code] = cat
        if self.fallback not in by_code:
            raise UsageError(f"The fallback category {self.fallback!r} is not in the taxonomy")
        object.__setattr__(self, "_by_code", by_code)

    # --- lookup -----------------------------------------------------------------

    def __iter__(self) -> Iterator[Category]:
        return iter(self.categories)

    def __len__(self) -> int:
        return len(self.categories)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __getitem__(self, code: str) -> Category:
        return self._by_code[code]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.categories)

    def label(self, code: str, lang: str = "ru") -> str:
        """The label of ``code`` in ``lang``; unknown codes are returned unchanged."""
        cat = self._by_code.get(code)
        return cat.label(lang) if cat else code

    def labels(self, lang: str = "ru") -> dict[str, str]:
        return {c.code: c.label(lang) for c in self.categories}

    @property
    def fingerprint(self) -> str:
        """A short sha256 over everything the model sees; part of the cache key."""
        canonical = json.dumps(
            {
                "fallback": self.fallback,
                "categories": [
                    [c.code, c.label_ru, c.label_kk, c.description, list(c.subcategories)]
                    for c in self.categories
                ],
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]

    # --- validating model output -------------------------------------------------

    def resolve(self, answer: str | None) -> str | None:
        """Map a model's category answer to a code, or ``None`` if it matches nothing.

        Accepts the exact code, a case/separator variant (``"Leave-56-Days"``) and
        the ru/kk label (``"Аттестация"``).
        """
        if not answer:
            return None
        if answer in self._by_code:
            return answer
        key = _norm(answer)
        if key in self._by_code:
            return key
        for cat in self.categories:
            if key in (_norm(cat.label_ru), _norm(cat.label_kk)):
                return cat.code
        return None

    def resolve_subcategory(self, code: str, answer: str | None) -> str | None:
        """The subcategory code if ``answer`` names one of ``code``'s subcategories.

        A category without declared subcategories accepts any short snake_case
        answer; otherwise unknown answers become ``None``.
        """
        if not answer:
            return None
        key = _norm(answer)
        cat = self._by_code.get(code)
        if cat is None:
            return None
        if not cat.subcategories:
            return key if _CODE_RE.match(key) and len(key) <= 64 else None
        return key if key in cat.subcategories else None

    # --- rendering for the prompt ------------------------------------------------

    def describe(self, lang: str = "ru") -> str:
        """One line per category: ``code — label: description [subcategories: ...]``."""
        lines = []
        for c in self.categories:
            line = f"- {c.code} — {c.label(lang)}: {c.description}"
            if c.subcategories:
                line += f" [subcategories: {', '.join(c.subcategories)}]"
            lines.append(line)
        return "\n".join(lines)

    @classmethod
    def from_categories(
        cls, categories: Iterable[Category], *, fallback: str = "other", name: str = "custom"
    ) -> Taxonomy:
        return cls(tuple(categories), fallback=fallback, name=name)


def normalize_urgency(answer: str | None) -> str | None:
    """Map a model's urgency answer to one of :data:`URGENCY_LEVELS`, else ``None``."""
    if not answer:
        return None
    key = answer.strip().lower().replace("_", " ")
    return _URGENCY_SYNONYMS.get(key)


DEFAULT_TAXONOMY = Taxonomy(
    name="education_union_v1",
    categories=(
        Category(
            "workload_tarification",
            "Нагрузка и тарификация",
            "Жүктеме және тарификация",
            "Teaching load (norm 16 hours a week), hours above the norm and their pay, "
            "tarification on 1 September, replacement hours, cuts in load.",
            ("load_above_norm", "tarification", "replacement_hours", "load_reduction"),
        ),
        Category(
            "leave_56_days",
            "Отпуск 56 дней",
            "56 күндік еңбек демалысы",
            "Teachers' annual leave of 56 calendar days, the health allowance paid with it, "
            "leave schedule, recall from leave, compensation for unused leave.",
            ("leave_duration", "health_allowance", "leave_schedule", "leave_compensation"),
        ),
        Category(
            "pay_category_supplements",
            "Оплата и надбавки за категорию",
            "Еңбекақы және санат үшін үстемеақы",
            "Salary, supplements for the qualification category (moderator, expert, "
            "researcher, master), delayed or reduced pay, downtime pay, bonuses.",
            ("category_supplement", "salary_delay", "downtime_pay", "overtime_pay", "bonuses"),
        ),
        Category(
            "attestation",
            "Аттестация",
            "Аттестаттау",
            "Attestation of teachers: procedure, deadlines, results and their appeal, "
            "assignment or confirmation of a qualification category.",
            ("procedure", "results_appeal", "category_assignment"),
        ),
        Category(
            "dismissal_discipline",
            "Увольнение и дисциплина",
            "Жұмыстан босату және тәртіп",
            "Dismissal (staff reduction, pension age, attestation results, own wish under "
            "pressure), disciplinary penalties, transfers without consent.",
            ("staff_reduction", "pension_age", "disciplinary_penalty", "forced_resignation"),
        ),
        Category(
            "unrelated_duties",
            "Несвойственные обязанности",
            "Өзіне тән емес міндеттер",
            "Duties unrelated to teaching: paperwork and reports, non-teaching "
            "assignments, events, weekend and holiday work imposed on teachers.",
            ("paperwork", "non_teaching_assignments", "weekend_work"),
        ),
        Category(
            "labour_safety",
            "Охрана труда",
            "Еңбекті қорғау",
            "Working conditions and labour safety: premises, heating, accidents at work, "
            "medical check-ups, protective equipment.",
            ("working_conditions", "accident", "medical_checkup"),
        ),
        Category(
            "collective_agreement_social",
            "Коллективный договор и социальная поддержка",
            "Ұжымдық шарт және әлеуметтік қолдау",
            "Benefits under the collective or sectoral agreement, material aid, housing, "
            "recreation and health programmes, union membership matters.",
            ("agreement_benefits", "material_aid", "housing", "recreation"),
        ),
        Category(
            "disputes",
            "Споры",
            "Еңбек даулары",
            "Where and how to dispute: conciliation commission, labour inspection, court, "
            "time limits, collective disputes.",
            ("conciliation_commission", "labour_inspection", "court", "deadlines"),
        ),
        Category(
            "other",
            "Прочее",
            "Басқа",
            "Anything that fits none of the categories above.",
        ),
    ),
)
