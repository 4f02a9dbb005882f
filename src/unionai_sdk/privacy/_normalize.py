"""Text normalization before matching, with a map back to the original offsets.

Recognizers run on a normalized copy of the text: NFKC (full-width digits,
ligatures, compatibility forms), zero-width characters and soft hyphens
removed, and — for name matching — Latin letters that look like Cyrillic folded
inside Cyrillic words. Every normalized character remembers the span of the
original characters it came from, so found spans always cover the ORIGINAL
text, including any zero-width characters hidden inside them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["INVISIBLE", "Normalized", "fold_lookalikes", "normalize"]

#: Characters removed before matching (zero-width, word joiner, BOM, soft hyphen, ...).
INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2061\u2062\u2063\u2064\u034f"
)
_INVISIBLE_RE = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")


@dataclass(frozen=True)
class Normalized:
    """A normalized text and, per normalized character, its original span."""

    text: str
    original: str
    _start: tuple[int, ...] | None = None  # None: identity map
    _end: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the normalized span ``[start, end)``."""
        if self._start is None or self._end is None:
            return start, end
        if end <= start:
            pos = self._start[start] if start < len(self._start) else len(self.original)
            return pos, pos
        return self._start[start], self._end[end - 1]


#: Characters NFKC would change that we keep as they are ("№" would become "No").
_KEEP = frozenset("№")
_PLAIN: dict[str, bool] = {}
# characters that are surely plain need no per-character check
_MAYBE = re.compile("[^\t\n\r\x20-\x7e\u0400-\u0482\u048a-\u04ff«»—–“”„‘’№]")


def _plain(ch: str) -> bool:
    """The character maps to itself and stands alone (no NFKC change, not combining)."""
    p = _PLAIN.get(ch)
    if p is None:
        p = ch in _KEEP or (
            ch not in INVISIBLE
            and not unicodedata.combining(ch)
            and unicodedata.normalize("NFKC", ch) == ch
        )
        if len(_PLAIN) < 100_000:
            _PLAIN[ch] = p
    return p


def normalize(text: str) -> Normalized:
    """NFKC + invisible characters removed, with an offset map to ``text``."""
    special = [m.start() for m in _MAYBE.finditer(text) if not _plain(m.group())]
    if not special:
        return Normalized(text, text)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    n = len(text)
    k = 0
    while k < len(special):
        i = special[k]
        if i < pos:  # consumed by the previous cluster
            k += 1
            continue
        if i > pos:  # a run of plain characters
            out.append(text[pos:i])
            starts.extend(range(pos, i))
            ends.extend(range(pos + 1, i + 1))
        ch = text[i]
        if ch in INVISIBLE:
            pos = i + 1
            k += 1
            continue
        # a character with the combining marks after it (invisible ones skipped)
        j = i + 1
        cluster = [ch]
        while j < n and (unicodedata.combining(text[j]) or text[j] in INVISIBLE):
            if text[j] not in INVISIBLE:
                cluster.append(text[j])
            j += 1
        # a plain base letter followed by combining marks was emitted in the run: undo it
        if i > 0 and unicodedata.combining(ch) and out and starts and starts[-1] == i - 1:
            prev = out[-1]
            out[-1] = prev[:-1]
            starts.pop()
            ends.pop()
            cluster.insert(0, text[i - 1])
            i -= 1
        norm = "".join(cluster)
        if not (len(cluster) == 1 and ch in _KEEP):
            norm = unicodedata.normalize("NFKC", norm)
        out.append(norm)
        starts.extend([i] * len(norm))
        ends.extend([j] * len(norm))
        pos = j
        k += 1
    if pos < n:
        out.append(text[pos:])
        starts.extend(range(pos, n))
        ends.extend(range(pos + 1, n + 1))
    return Normalized("".join(out), text, tuple(starts), tuple(ends))


# Latin letters that look like Cyrillic ones (upper and lower case).
_LATIN_TO_CYR = str.maketrans(
    {
        "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О",
        "P": "Р", "T": "Т", "X": "Х", "Y": "У", "I": "І",
        "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і",
        "h": "һ", "k": "к",
    }
)  # fmt: skip
_MIXED_WORD = re.compile(r"[^\W\d_]+")
_HAS_CYR = re.compile(r"[\u0400-\u04ff]")
_HAS_LAT = re.compile(r"[A-Za-z]")


def _fold_word(m: re.Match[str]) -> str:
    word = m.group(0)
    if _HAS_CYR.search(word) and _HAS_LAT.search(word):
        return word.translate(_LATIN_TO_CYR)
    return word


def fold_lookalikes(text: str) -> str:
    """Latin look-alikes inside Cyrillic words become Cyrillic (same length)."""
    if not _HAS_LAT.search(text):
        return text
    return _MIXED_WORD.sub(_fold_word, text)
