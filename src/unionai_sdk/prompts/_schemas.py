"""Output schemas: what the model must return for each document kind.

The field descriptions are part of the prompt (they go to the model with the
JSON schema), so they say exactly what belongs in each field. Text fields are
written in the document's language (Russian or Kazakh); placeholders such as
``<PERSON_1>`` are kept verbatim.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

__all__ = [
    "AppealClassification",
    "Citation",
    "DecisionPoint",
    "FaqAnswer",
    "LegalMemo",
    "QuestionAnalysis",
    "Recommendation",
    "Resolution",
]


def _to_str(value: Any) -> Any:
    """Article and point numbers come back as ints or strings; keep them as strings."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else str(value)
    return value


_NumberLike = Annotated[str, BeforeValidator(_to_str)]
_Text = Annotated[str, Field(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Citation(_Model):
    """One reference to a legal norm."""

    act: _Text = Field(
        description=(
            "Full name of the legal act exactly as given in the reference list, e.g. "
            "'Трудовой кодекс Республики Казахстан'. Only acts from the reference list."
        )
    )
    article: _NumberLike | None = Field(
        default=None,
        description=(
            "Article number only, digits (e.g. '52'), without 'ст.' or '-бап'; null when the "
            "reference list cites the act without an article number."
        ),
    )
    point: _NumberLike | None = Field(
        default=None,
        description="Point and sub-point if relevant, e.g. '1, подп. 2'; null if none.",
    )
    quote: str | None = Field(
        default=None,
        description=(
            "Short quotation of the norm only if it appears in the provided materials; "
            "null otherwise. Never invent quotations."
        ),
    )


class QuestionAnalysis(_Model):
    """The analysis of one question: norm, facts, conclusion."""

    question: _Text = Field(description="The question analysed, as stated in the memo.")
    norm: _Text = Field(description="The applicable norm(s) and what they require.")
    facts: _Text = Field(description="The facts of the case that matter for this norm.")
    conclusion: _Text = Field(description="The conclusion for this question.")
    procedure_and_deadlines: str = Field(
        default="",
        description=(
            "Procedure and time limits (e.g. conciliation commission, then court; "
            "deadlines for appeal). Empty if none apply."
        ),
    )


class Recommendation(_Model):
    """One recommended action."""

    action: _Text = Field(description="What to do, concretely.")
    deadline: str | None = Field(
        default=None, description="By when (date or time limit); null if none."
    )
    addressee: str | None = Field(
        default=None,
        description=(
            "Who should do it or to whom to apply (member, ППО, employer, commission, court)."
        ),
    )


class LegalMemo(_Model):
    """Правовое заключение / Құқықтық қорытынды."""

    addressee: _Text = Field(description="To whom the memo is addressed (position, organisation).")
    basis: _Text = Field(
        description="Basis for the memo: whose request, which documents were reviewed."
    )
    questions: list[_Text] = Field(min_length=1, description="The legal question(s) to answer.")
    facts: _Text = Field(
        description="The factual circumstances, neutrally and only from the materials."
    )
    short_answer: _Text = Field(description="A short answer to the question(s), 1-3 sentences.")
    applicable_law: list[Citation] = Field(
        default_factory=list,
        description="The norms relied on; only acts and articles from the reference list.",
    )
    analysis: list[QuestionAnalysis] = Field(
        min_length=1, description="One entry per question: norm, facts, conclusion, procedure."
    )
    conclusions_and_recommendations: list[Recommendation] = Field(
        min_length=1, description="What to do, by when and to whom."
    )
    reservations: list[str] = Field(
        default_factory=list,
        description=(
            "Reservations: the memo is based only on the documents provided, reflects the law "
            "as of its date, is not a court decision; article numbers must be checked by a lawyer."
        ),
    )


_BODY_ALIASES: dict[str, str] = {
    "presidium": "presidium",
    "президиум": "presidium",
    "президиума": "presidium",
    "төралқа": "presidium",
    "төралқасы": "presidium",
    "executive_committee": "executive_committee",
    "executive committee": "executive_committee",
    "исполнительный комитет": "executive_committee",
    "исполком": "executive_committee",
    "исполнительного комитета": "executive_committee",
    "атқару комитеті": "executive_committee",
    "атқару комитетi": "executive_committee",
}


class DecisionPoint(_Model):
    """One numbered operative point of a resolution."""

    text: _Text = Field(
        description=(
            "The operative text, starting with a verb: 'Принять к сведению…', 'Утвердить…', "
            "'Поручить…', 'Рекомендовать ППО…', 'Направить…' (kk: '… назарға алынсын', "
            "'… бекітілсін', '… тапсырылсын', '… ұсынылсын')."
        )
    )
    responsible: str | None = Field(default=None, description="Who is responsible; null if none.")
    deadline: str | None = Field(default=None, description="Deadline; null if none.")


class Resolution(_Model):
    """Постановление / Қаулы of a presidium or executive committee."""

    body: Literal["presidium", "executive_committee"] = Field(
        description="The adopting body: 'presidium' or 'executive_committee'."
    )
    title: _Text = Field(description="Title: in Russian «О …» / «Об …»; in Kazakh «… туралы».")
    preamble: _Text = Field(
        description=(
            "Preamble with the legal basis (charter, law, collective agreement) for the decision."
        )
    )
    considered: _Text = Field(
        description=(
            "What was heard and discussed: «Заслушав и обсудив информацию …, отмечает, что …» "
            "(kk: «… туралы ақпаратты тыңдап және талқылап, … атап өтеді»)."
        )
    )
    decisions: list[DecisionPoint] = Field(
        min_length=1, description="Numbered operative points in order (without the control point)."
    )
    control_clause: _Text = Field(
        description=(
            "Final point on control: «Контроль за исполнением настоящего постановления "
            "возложить на …» (kk: «Осы қаулының орындалуын бақылау … жүктелсін»)."
        )
    )

    @field_validator("body", mode="before")
    @classmethod
    def _normalize_body(cls, value: Any) -> Any:
        if isinstance(value, str):
            key = " ".join(value.casefold().replace("_", " ").split())
            if key in _BODY_ALIASES:
                return _BODY_ALIASES[key]
            key = key.replace(" ", "_")
            return _BODY_ALIASES.get(key, value)
        return value


class FaqAnswer(_Model):
    """An answer to a member's question in plain language."""

    answer: _Text = Field(
        description="The answer in plain, friendly language a teacher understands; no jargon."
    )
    citations: list[Citation] = Field(
        default_factory=list,
        description="Norms the answer relies on; only from the reference list.",
    )
    when_to_contact_union: _Text = Field(
        description=(
            "When and how to contact the primary trade union organisation or a legal inspector "
            "of labour, including time limits that may run out."
        )
    )


class AppealClassification(_Model):
    """The classification of one anonymized member appeal."""

    category: _Text = Field(description="One category from the taxonomy, spelled exactly as given.")
    subcategory: str | None = Field(
        default=None, description="A subcategory from the taxonomy if it has one; null otherwise."
    )
    urgency: Literal["low", "medium", "high"] = Field(
        description=(
            "high: dismissal, a deadline running out, unpaid wages, threat to health; "
            "medium: an ongoing violation; low: information request."
        )
    )
    summary: Annotated[str, Field(min_length=1, max_length=400)] = Field(
        description="One or two sentences, anonymized: no names, only placeholders like <PERSON_1>."
    )
    confidence: float = Field(ge=0.0, le=1.0, description="Confidence in the category, 0..1.")

    @field_validator("urgency", mode="before")
    @classmethod
    def _normalize_urgency(cls, value: Any) -> Any:
        if isinstance(value, str):
            return value.strip().casefold()
        return value
