"""Russian morphology (pymorphy2) as evidence for lower-case names.

In chats names are written in lower case, so capitalization says nothing;
pymorphy2's dictionary tags given names, surnames and patronymics
(Name/Surn/Patr). It ships its dictionary in a pip package: nothing is fetched.
"""

from __future__ import annotations

import inspect
import re
from functools import lru_cache
from typing import Any

__all__ = ["morph_name"]

_RU_ONLY = re.compile(r"^[а-яё-]+$")


@lru_cache(maxsize=1)
def _morph() -> Any:
    """pymorphy2's Russian analyzer (natasha's dependency, declared as ours too).

    Used only for lower-case words (chats), where capitalization gives no evidence:
    its dictionary tags given names, surnames and patronymics (Name/Surn/Patr).
    If it cannot load, analysis fails (fail closed) rather than quietly finding
    fewer names.
    """
    import pymorphy2  # type: ignore[import-untyped]
    import pymorphy2.units.base as units_base  # type: ignore[import-untyped]
    import pymorphy2_dicts_ru  # type: ignore[import-untyped]

    if not hasattr(units_base.inspect, "getargspec"):
        # pymorphy2 0.9 calls inspect.getargspec, removed in Python 3.11:
        # give its module a shim instead of patching the stdlib
        units_base.inspect = _InspectShim()
    return pymorphy2.MorphAnalyzer(path=pymorphy2_dicts_ru.get_path())


class _InspectShim:
    """``inspect`` with ``getargspec`` (what pymorphy2 0.9 needs) on Python >= 3.11."""

    def getargspec(self, func: Any) -> tuple[Any, Any, Any, Any]:
        spec = inspect.getfullargspec(func)
        return spec.args, spec.varargs, spec.varkw, spec.defaults


@lru_cache(maxsize=65536)
def morph_name(word: str) -> tuple[str, float]:
    """pymorphy2's reading of a lower-case Russian-letter word as a name.

    ``(tag, share)``: the most likely of 'Name', 'Surn', 'Patr' and the share of
    the name readings among the dictionary readings; ``("", 0.0)`` for a word
    pymorphy2 does not know, ``("?", 0.0)`` for a known word with no name reading.
    """
    w = word.lower().replace("ё", "е")
    if len(w) < 3 or not _RU_ONLY.match(w):  # Kazakh letters: a Kazakh word
        return "", 0.0
    morph = _morph()
    mass = {"Name": 0.0, "Surn": 0.0, "Patr": 0.0}
    total = 0.0
    for parse in morph.parse(w):
        if not parse.is_known:
            continue  # guesses for unknown (e.g. Kazakh) words are no evidence
        total += parse.score
        for tag in mass:
            if tag in parse.tag:
                mass[tag] += parse.score
                break
    if not total:
        return "", 0.0
    best = max(mass, key=lambda t: mass[t])
    share = sum(mass.values()) / total
    return (best, share) if share else ("?", 0.0)
