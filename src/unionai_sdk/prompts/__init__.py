"""Domain prompts: versioned templates, output schemas, documents, legal references.

::

    from unionai_sdk import prompts

    tpl = prompts.get("legal_memo", lang="kk")       # latest version
    messages = tpl.render(facts=masked_text, question=masked_question)
    memo = llm.complete_structured(messages, tpl.schema).output
    text = tpl.to_document(memo)                      # Құқықтық қорытынды, Markdown
    flags = prompts.check_citations(memo.applicable_law, text=text)

Importing this package is cheap: pydantic loads on first use of a name, jinja2
only when a template is rendered.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from unionai_sdk.prompts._injection import (
        MEMBER_TEXT_CLOSE,
        MEMBER_TEXT_OPEN,
        find_injection_markers,
        neutralize_delimiters,
    )
    from unionai_sdk.prompts._legal import (
        LegalAct,
        LegalReference,
        check_citations,
        find_act,
        known_wrong_claims,
        legal_acts,
        references,
        references_for_prompt,
        relevant_references,
    )
    from unionai_sdk.prompts._registry import TemplateRegistry, available, get, names
    from unionai_sdk.prompts._schemas import (
        AppealClassification,
        Citation,
        DecisionPoint,
        FaqAnswer,
        LegalMemo,
        QuestionAnalysis,
        Recommendation,
        Resolution,
    )
    from unionai_sdk.prompts._template import PromptTemplate

__all__ = [
    "MEMBER_TEXT_CLOSE",
    "MEMBER_TEXT_OPEN",
    "AppealClassification",
    "Citation",
    "DecisionPoint",
    "FaqAnswer",
    "LegalAct",
    "LegalMemo",
    "LegalReference",
    "PromptTemplate",
    "QuestionAnalysis",
    "Recommendation",
    "Resolution",
    "TemplateRegistry",
    "available",
    "check_citations",
    "find_act",
    "find_injection_markers",
    "get",
    "known_wrong_claims",
    "legal_acts",
    "names",
    "neutralize_delimiters",
    "references",
    "references_for_prompt",
    "relevant_references",
]

_LAZY: dict[str, str] = {
    "MEMBER_TEXT_CLOSE": "_injection",
    "MEMBER_TEXT_OPEN": "_injection",
    "find_injection_markers": "_injection",
    "neutralize_delimiters": "_injection",
    "LegalAct": "_legal",
    "LegalReference": "_legal",
    "check_citations": "_legal",
    "find_act": "_legal",
    "known_wrong_claims": "_legal",
    "legal_acts": "_legal",
    "references": "_legal",
    "references_for_prompt": "_legal",
    "relevant_references": "_legal",
    "TemplateRegistry": "_registry",
    "available": "_registry",
    "get": "_registry",
    "names": "_registry",
    "AppealClassification": "_schemas",
    "Citation": "_schemas",
    "DecisionPoint": "_schemas",
    "FaqAnswer": "_schemas",
    "LegalMemo": "_schemas",
    "QuestionAnalysis": "_schemas",
    "Recommendation": "_schemas",
    "Resolution": "_schemas",
    "PromptTemplate": "_template",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'unionai_sdk.prompts' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"unionai_sdk.prompts.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
