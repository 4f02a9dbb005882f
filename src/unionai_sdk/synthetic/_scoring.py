"""Span scoring for PII detection, shared by benchmarks/pii_eval.py and the accuracy tests.

Rules (one place, so the benchmark and the floors in the tests agree):

- **Recall, strict type.** A gold span counts as found when predicted spans *of the same
  type*, taken together, cover every letter and digit of it. Whitespace and punctuation
  inside or at the edges of the gold span (the dots of initials, the brackets and dashes
  of a phone number) need not be covered: what matters is that no information-bearing
  character is left in the clear. A Kazakh name with a case ending is found only if the
  ending is covered too, because the gold span includes it.
- **Recall, masked at all.** The same, with predicted spans of *any* masked type
  (MASKED_TYPES) counting: the entity disappears from the text even if its type was wrong.
- **Precision.** A predicted span of type T is correct when it overlaps (by one character
  or more) a gold span of type T. ``precision_masked`` does the same for all masked types
  together: a predicted masked span is correct when it overlaps any gold span of a masked
  type.

Predicted types outside the scored set (e.g. DATE_TIME, ORGANIZATION) are ignored.
Documents in Russian count under "ru"; Kazakh and mixed documents under "kk"; every
document also under "kind:<kind>" (appeal, minutes, letter, member_list, chat).
``person_facets`` breaks PERSON recall down by how the name is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from unionai_sdk.synthetic._docs import PII_TYPES, AnnotatedDoc

__all__ = [
    "GROUPS",
    "MASKED_TYPES",
    "Report",
    "TypeScore",
    "covered",
    "format_facets",
    "format_table",
    "person_facets",
    "score",
]

MASKED_TYPES = frozenset(PII_TYPES)
GROUPS = ("all", "ru", "kk")
Span = tuple[int, int, str]


@dataclass
class TypeScore:
    """Counts for one entity type in one language group."""

    gold: int = 0
    found: int = 0
    found_masked: int = 0
    predicted: int = 0
    predicted_correct: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def recall_masked(self) -> float | None:
        return self.found_masked / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.predicted_correct / self.predicted if self.predicted else None

    def add(self, other: TypeScore) -> None:
        self.gold += other.gold
        self.found += other.found
        self.found_masked += other.found_masked
        self.predicted += other.predicted
        self.predicted_correct += other.predicted_correct

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "found": self.found,
            "found_masked": self.found_masked,
            "predicted": self.predicted,
            "predicted_correct": self.predicted_correct,
            "recall": self.recall,
            "recall_masked": self.recall_masked,
            "precision": self.precision,
        }


@dataclass
class Report:
    """Scores by language group ("all", "ru", "kk") and entity type (plus "ALL" = micro)."""

    scores: dict[str, dict[str, TypeScore]] = field(default_factory=dict)
    masked_predicted: dict[str, int] = field(default_factory=dict)
    masked_predicted_correct: dict[str, int] = field(default_factory=dict)
    docs: int = 0

    def get(self, group: str, entity_type: str) -> TypeScore:
        return self.scores.setdefault(group, {}).setdefault(entity_type, TypeScore())

    def precision_masked(self, group: str = "all") -> float | None:
        n = self.masked_predicted.get(group, 0)
        return self.masked_predicted_correct.get(group, 0) / n if n else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "docs": self.docs,
            "groups": {
                g: {t: s.to_dict() for t, s in sorted(types.items())}
                for g, types in self.scores.items()
            },
            "precision_masked": {g: self.precision_masked(g) for g in self.scores},
        }


def covered(text: str, start: int, end: int, mask: Sequence[bool]) -> bool:
    """True when every letter and digit of ``text[start:end]`` is marked in ``mask``."""
    return all(mask[i] for i in range(start, end) if text[i].isalnum())


def _mask(length: int, spans: Iterable[Span], types: frozenset[str]) -> list[bool]:
    mask = [False] * length
    for s, e, t in spans:
        if t in types:
            for i in range(max(s, 0), min(e, length)):
                mask[i] = True
    return mask


def _overlaps(s: int, e: int, spans: Iterable[Span], types: frozenset[str]) -> bool:
    return any(t in types and s < ge and gs < e for gs, ge, t in spans)


def score(
    docs: Sequence[AnnotatedDoc],
    predictions: Sequence[Sequence[Span]],
    *,
    types: Sequence[str] = PII_TYPES,
) -> Report:
    """Score ``predictions`` (one list of (start, end, type) per document) against ``docs``."""
    if len(docs) != len(predictions):
        raise ValueError("one prediction list per document is needed")
    scored = frozenset(types)
    report = Report(docs=len(docs))
    for doc, predicted in zip(docs, predictions, strict=True):
        groups = ("all", "ru" if doc.lang == "ru" else "kk", f"kind:{doc.kind}")
        gold = [s for s in doc.spans if s[2] in scored]
        pred = [(int(s), int(e), str(t)) for s, e, t in predicted]
        n = len(doc.text)
        masked = _mask(n, pred, MASKED_TYPES)
        by_type = {t: _mask(n, pred, frozenset({t})) for t in {t for _, _, t in gold}}
        counts: dict[str, TypeScore] = {}
        for gs, ge, gt in gold:
            c = counts.setdefault(gt, TypeScore())
            c.gold += 1
            c.found += covered(doc.text, gs, ge, by_type[gt])
            c.found_masked += covered(doc.text, gs, ge, masked)
        m_pred = m_ok = 0
        for ps, pe, pt in pred:
            if pt in scored:
                c = counts.setdefault(pt, TypeScore())
                c.predicted += 1
                c.predicted_correct += _overlaps(ps, pe, gold, frozenset({pt}))
            if pt in MASKED_TYPES:
                m_pred += 1
                m_ok += _overlaps(ps, pe, gold, MASKED_TYPES)
        for g in groups:
            for t, c in counts.items():
                report.get(g, t).add(c)
                report.get(g, "ALL").add(c)
            report.masked_predicted[g] = report.masked_predicted.get(g, 0) + m_pred
            report.masked_predicted_correct[g] = report.masked_predicted_correct.get(g, 0) + m_ok
    return report


def _pct(x: float | None) -> str:
    return "   -" if x is None else f"{100 * x:4.0f}"


def format_table(reports: dict[str, Report], group: str = "all") -> str:
    """A text table: one row per type; per system recall (strict), recall (masked), precision."""
    names = list(reports)
    types = [*PII_TYPES, "ALL"]
    head = f"{'type':<14}{'gold':>6} | " + " | ".join(f"{n[:19]:^19}" for n in names)
    sub = f"{'':<14}{'':>6} | " + " | ".join(f"{'R':>5} {'Rmask':>6} {'P':>5} " for _ in names)
    lines = [f"[{group}]  R = recall (same type), Rmask = masked at all, P = precision, %",
             head, sub, "-" * len(sub)]  # fmt: skip
    for t in types:
        gold = 0
        cells = []
        for n in names:
            s = reports[n].scores.get(group, {}).get(t, TypeScore())
            gold = max(gold, s.gold)
            cells.append(f"{_pct(s.recall):>5} {_pct(s.recall_masked):>6} {_pct(s.precision):>5} ")
        lines.append(f"{t:<14}{gold:>6} | " + " | ".join(cells))
    cells = [f"{'':>5} {'':>6} {_pct(reports[n].precision_masked(group)):>5} " for n in names]
    lines.append(f"{'P(masked)':<14}{'':>6} | " + " | ".join(cells))
    return "\n".join(lines)


def _facets(tag: str) -> list[str]:
    case, _, rest = tag.partition("/")
    form, _, spelling = rest.partition("/")
    out = []
    if case == "nom":
        out.append("case: nominative")
    elif case.startswith("kk_"):
        out.append("case: Kazakh ending")
    else:
        out.append("case: Russian oblique")
    if form.startswith("initials"):
        out.append("form: with initials")
    elif form == "surname":
        out.append("form: surname alone")
    elif form == "given":
        out.append("form: given name alone")
    else:
        out.append("form: full name")
    if spelling.endswith("-lower"):
        out.append("chat, lower case")
        spelling = spelling[: -len("-lower")]
    out.append(
        {
            "native": "spelling: as written in its language",
            "ru": "spelling: Kazakh name, Russian letters",
            "lookalike": "spelling: look-alike letters (Latin i, к for қ)",
        }.get(spelling, "spelling: Latin transliteration")
    )
    return out


def person_facets(
    docs: Sequence[AnnotatedDoc], predictions: Sequence[Sequence[Span]]
) -> dict[str, TypeScore]:
    """PERSON recall by how the name is written, from ``meta["span_tags"]``.

    Facets: case (nominative, Russian oblique, Kazakh ending), form (full, initials, surname
    or given name alone), spelling (native, Russian letters, look-alikes, Latin) and chat.
    Only ``gold``, ``found`` and ``found_masked`` are filled in.
    """
    out: dict[str, TypeScore] = {}
    for doc, predicted in zip(docs, predictions, strict=True):
        tags = doc.meta.get("span_tags") or []
        if len(tags) != len(doc.spans):
            continue
        pred = [(int(s), int(e), str(t)) for s, e, t in predicted]
        same = _mask(len(doc.text), pred, frozenset({"PERSON"}))
        masked = _mask(len(doc.text), pred, MASKED_TYPES)
        for (gs, ge, gt), tag in zip(doc.spans, tags, strict=True):
            if gt != "PERSON" or not tag:
                continue
            for facet in _facets(tag):
                c = out.setdefault(facet, TypeScore())
                c.gold += 1
                c.found += covered(doc.text, gs, ge, same)
                c.found_masked += covered(doc.text, gs, ge, masked)
    return dict(sorted(out.items()))


def format_facets(facets: dict[str, dict[str, TypeScore]]) -> str:
    """A table of PERSON recall by facet: one row per facet, one column (R, Rmask) per system."""
    names = list(facets)
    keys = sorted({k for f in facets.values() for k in f})
    head = f"{'PERSON written as':<48}{'gold':>6} | " + " | ".join(f"{n[:13]:^13}" for n in names)
    lines = ["PERSON recall by how the name is written (R same type / Rmask), %", head]
    lines.append("-" * len(head))
    for k in keys:
        gold = max(f.get(k, TypeScore()).gold for f in facets.values())
        cells = []
        for n in names:
            s = facets[n].get(k, TypeScore())
            cells.append(f"{_pct(s.recall):>5} / {_pct(s.recall_masked):>5}")
        lines.append(f"{k:<48}{gold:>6} | " + " | ".join(cells))
    return "\n".join(lines)
