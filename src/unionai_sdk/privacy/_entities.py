"""Result types of the anonymizer and the entity type names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from unionai_sdk.privacy._vault import Vault

__all__ = [
    "CONTEXT_TYPES",
    "DEFAULT_MASKED",
    "ENTITY_TYPES",
    "IDENTIFIER_TYPES",
    "AnonymizedText",
    "Entity",
]

#: Identifier types found by regular expressions and checksums alone.
IDENTIFIER_TYPES: tuple[str, ...] = (
    "KZ_IIN",
    "KZ_BIN",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "KZ_IBAN",
    "PAYMENT_CARD",
)
#: Types masked by the default profile.
DEFAULT_MASKED: tuple[str, ...] = (
    *IDENTIFIER_TYPES,
    "KZ_ID_CARD",
    "KZ_PASSPORT",
    "DATE_OF_BIRTH",
    "ADDRESS",
    "PERSON",
)
#: Types detected always but masked only by the ``strict`` profile.
CONTEXT_TYPES: tuple[str, ...] = ("ORGANIZATION", "LOCATION")
ENTITY_TYPES: frozenset[str] = frozenset(DEFAULT_MASKED + CONTEXT_TYPES)


@dataclass(frozen=True)
class Entity:
    """One piece of personal data found in a text.

    ``start``/``end`` are offsets into the ORIGINAL text (``text[start:end]``);
    ``score`` is the recognizer's confidence in ``[0, 1]``.
    """

    entity_type: str
    start: int
    end: int
    score: float
    text: str | None = None


@dataclass(frozen=True)
class AnonymizedText:
    """The masked text, what was masked, and the vault to restore it."""

    text: str
    entities: tuple[Entity, ...]
    vault: Vault
