"""Big texts: replacements in blocks equal one pass, and cost stays linear."""

from __future__ import annotations

import random

from unionai_sdk.privacy._anonymizer import _OPERATE_BLOCK, _operate


def _naive(text: str, edits: list[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for s, e, rep in edits:
        out.append(text[pos:s])
        out.append(rep)
        pos = e
    out.append(text[pos:])
    return "".join(out)


def test_block_replacement_equals_one_pass() -> None:
    rng = random.Random(7)
    text = "".join(rng.choice("абв гд\n12") for _ in range(40_000))
    edits: list[tuple[int, int, str]] = []
    pos = 0
    while len(edits) < 3 * _OPERATE_BLOCK + 17:
        s = pos + rng.randint(0, 20)
        e = s + rng.randint(1, 9)
        edits.append((s, e, f"<X_{len(edits)}>"))
        pos = e
    assert edits[-1][1] < len(text)
    out = _operate(text, edits)
    assert out == _naive(text, edits)
    assert out.endswith(text[edits[-1][1] :])


def test_edits_touching_block_edges_and_text_end() -> None:
    text = "ab" * (_OPERATE_BLOCK + 1)
    edits = [(i, i + 1, "<A>") for i in range(0, len(text), 2)]  # last edit ends at len-1
    edits.append((len(text) - 1, len(text), "<B>"))  # and one ends exactly at the end
    assert _operate(text, edits) == _naive(text, edits)
