"""natasha's NER models, loaded once per process under a lock (no presidio here)."""

from __future__ import annotations

import threading
from typing import Any

__all__ = ["natasha_models"]

_LOCK = threading.Lock()
_MODELS: dict[str, Any] = {}


def natasha_models() -> dict[str, Any]:
    """natasha's embedding and NER tagger (shipped inside the pip packages)."""
    if _MODELS:
        return _MODELS
    with _LOCK:
        if not _MODELS:
            from natasha import NewsEmbedding, NewsNERTagger

            emb = NewsEmbedding()
            _MODELS["ner"] = NewsNERTagger(emb)
            _MODELS["emb"] = emb
    return _MODELS
