"""Output checks: risk flags a reviewer sees on a draft.

Each check is a plain function over the model's output (or the member's input)
returning flag strings such as ``"residual_pii:KZ_IIN"``. Flags never carry the
offending text itself, only its type.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from unionai_sdk.privacy import Vault

__all__ = [
    "citation_flags",
    "injection_flags",
    "output_flags",
    "residual_pii_flags",
    "unknown_placeholder_flags",
]


def residual_pii_flags(text: str) -> list[str]:
    """Identifiers (ИИН, phone, IBAN, e-mail, card) still present in ``text``."""
    from unionai_sdk.privacy import scan_identifiers

    return sorted({f"residual_pii:{e.entity_type}" for e in scan_identifiers(text)})


def unknown_placeholder_flags(text: str, vault: Vault) -> list[str]:
    """Placeholders in the output that the vault does not know (invented by the model)."""
    from unionai_sdk.privacy import unknown_placeholders

    return sorted({f"unknown_placeholder:{p}" for p in unknown_placeholders(text, vault)})


def injection_flags(texts: Iterable[str]) -> list[str]:
    """Prompt-injection markers found in the member's texts."""
    from unionai_sdk.prompts import find_injection_markers

    found: set[str] = set()
    for text in texts:
        found.update(find_injection_markers(text))
    return sorted(found)


def citation_flags(output: Any, text: str) -> list[str]:
    """Citations outside the legal reference table, unverified ones, known-wrong claims."""
    from unionai_sdk.prompts import check_citations

    citations: Sequence[Any] = ()
    for field in ("applicable_law", "citations"):
        value = getattr(output, field, None)
        if value:
            citations = value
            break
    return sorted(set(check_citations(citations, text=text)))


def output_flags(text: str, vault: Vault, output: Any, *, repairs: int = 0) -> list[str]:
    """Every output check at once, sorted and de-duplicated."""
    flags = set(residual_pii_flags(text))
    flags.update(unknown_placeholder_flags(text, vault))
    flags.update(citation_flags(output, text))
    if repairs:
        flags.add(f"schema_repaired:{repairs}")
    return sorted(flags)
