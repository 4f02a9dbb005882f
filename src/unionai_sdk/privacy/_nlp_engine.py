"""A presidio ``NlpEngine`` around natasha (no spaCy model, nothing downloaded).

natasha's Russian NER (slovnet + navec embeddings, shipped inside the pip
packages) tags PER/ORG/LOC; it runs for Kazakh Cyrillic too, where names are
also found by rules and the lexicon (``_persons``). The models load once per
process, under a lock (:func:`natasha_models`).

This module imports presidio and natasha at import time: import it only from
inside functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

from unionai_sdk.privacy._natasha import natasha_models

__all__ = ["NatashaNlpEngine", "NerSpan", "NoContextEnhancer", "natasha_models"]


@dataclass(frozen=True)
class NerSpan:
    """One natasha NER span: ``label_`` mirrors spaCy's attribute name."""

    start_char: int
    end_char: int
    label_: str


class NatashaNlpEngine(NlpEngine):
    """natasha NER as presidio NLP artifacts (entities = :class:`NerSpan`)."""

    def __init__(self, languages: Iterable[str] = ("ru", "kk")) -> None:
        self._languages = list(languages)
        self._ner: Any = None

    def load(self) -> None:
        self._ner = natasha_models()["ner"]

    def is_loaded(self) -> bool:
        return self._ner is not None

    def ner_spans(self, text: str) -> list[NerSpan]:
        if not text.strip():
            return []
        if self._ner is None:
            self.load()
        markup = self._ner(text)
        return [NerSpan(s.start, s.stop, s.type) for s in markup.spans]

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        return NlpArtifacts(
            entities=cast(Any, self.ner_spans(text)),
            tokens=cast(Any, []),
            tokens_indices=[],
            lemmas=[],
            nlp_engine=None,
            language=language,
        )

    def process_batch(
        self,
        texts: Iterable[str],
        language: str,
        batch_size: int = 1,
        n_process: int = 1,
        **kwargs: Any,
    ) -> Iterator[tuple[str, NlpArtifacts]]:
        for text in texts:
            yield text, self.process_text(text, language)

    def is_stopword(self, word: str, language: str) -> bool:
        return False

    def is_punct(self, word: str, language: str) -> bool:
        return bool(word) and not any(c.isalnum() for c in word)

    def get_supported_entities(self) -> list[str]:
        return ["PERSON", "ORGANIZATION", "LOCATION"]

    def get_supported_languages(self) -> list[str]:
        return list(self._languages)


class NoContextEnhancer(ContextAwareEnhancer):
    """Our recognizers weigh their own context words; skip presidio's lemma pass."""

    def __init__(self) -> None:
        super().__init__(0.0, 0.0, 0, 0)

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[Any],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[Any],
        context: list[str] | None = None,
    ) -> list[Any]:
        return raw_results
