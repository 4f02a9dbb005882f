"""Offline anonymization of Russian and Kazakh texts.

``Anonymizer`` finds personal data (ИИН/БИН, phones, e-mails, IBANs, cards,
identity documents, dates of birth, addresses, people) and replaces it with
placeholders such as ``<PERSON_1>``; the :class:`Vault` keeps the originals on
this machine and :func:`deanonymize` puts them back into a model's answer.

Importing this package is cheap: presidio and natasha load on the first
analysis, once per process. :func:`scan_identifiers` never loads them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from unionai_sdk.privacy._deanonymize import deanonymize, unknown_placeholders
from unionai_sdk.privacy._entities import AnonymizedText, Entity
from unionai_sdk.privacy._fast import scan_identifiers
from unionai_sdk.privacy._vault import Vault, load_vault_key

if TYPE_CHECKING:  # pragma: no cover
    from unionai_sdk.privacy._anonymizer import Anonymizer

__all__ = [
    "AnonymizedText",
    "Anonymizer",
    "Entity",
    "Vault",
    "deanonymize",
    "load_vault_key",
    "scan_identifiers",
    "unknown_placeholders",
]


def __getattr__(name: str) -> Any:
    if name == "Anonymizer":
        from unionai_sdk.privacy._anonymizer import Anonymizer

        globals()["Anonymizer"] = Anonymizer
        return Anonymizer
    raise AttributeError(f"module 'unionai_sdk.privacy' has no attribute {name!r}")
