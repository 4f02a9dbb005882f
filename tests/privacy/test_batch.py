"""anonymize_batch: process pool, one shared vault, consistent placeholders."""

from __future__ import annotations

import random

import pytest
from pii_strategies import make_iin

from unionai_sdk.privacy import Anonymizer, Vault, deanonymize


def _texts() -> tuple[list[str], str]:
    iin = make_iin(random.Random(3))
    texts = [
        f"Заявитель Сейтова Жанар Маратовна, ИИН {iin}.",
        "Ответ для Сейтовой Ж.М. подготовлен, тел. 8 701 555 44 33.",
        f"Повторно: ИИН {iin}, Жұмабаев Ерлан.",
        "",
        "Жұмабаевқа хабарлаңыз: 8 701 555 44 33.",
    ] * 3
    return texts, iin


def _check(results: list, texts: list[str], iin: str, vault: Vault) -> None:
    # texts that name people in the form first seen restore exactly; other forms
    # restore to that first form (one placeholder per person)
    for i in (0, 3):
        assert deanonymize(results[i].text, vault) == texts[i]
    assert deanonymize(results[1].text, vault).startswith("Ответ для Сейтова Жанар Маратовна")
    joined = "\n".join(r.text for r in results)
    assert iin not in joined
    assert "Сейтов" not in joined
    assert "Жұмабаев" not in joined
    # same value -> same placeholder across the batch
    assert results[0].text.count("<KZ_IIN_1>") == 1
    assert "<KZ_IIN_1>" in results[2].text
    assert "<PERSON_1>" in results[0].text
    assert "<PERSON_1>" in results[1].text
    assert "<PHONE_NUMBER_1>" in results[1].text
    assert "<PHONE_NUMBER_1>" in results[4].text
    assert results[3].text == ""


def test_batch_in_process(anonymizer: Anonymizer) -> None:
    texts, iin = _texts()
    vault = Vault()
    results = anonymizer.anonymize_batch(texts, vault=vault)
    _check(results, texts, iin, vault)
    single = [anonymizer.anonymize(t, Vault()).text for t in texts[:1]]
    assert single[0] == results[0].text


@pytest.mark.slow
def test_batch_two_workers_matches_in_process(anonymizer: Anonymizer) -> None:
    texts, iin = _texts()
    vault = Vault()
    results = anonymizer.anonymize_batch(texts, workers=2, vault=vault, progress=True)
    _check(results, texts, iin, vault)
    in_process = anonymizer.anonymize_batch(texts, vault=Vault())
    assert [r.text for r in results] == [r.text for r in in_process]


def test_batch_rejects_bad_input(anonymizer: Anonymizer) -> None:
    with pytest.raises(TypeError):
        anonymizer.anonymize_batch(["ok", 5])  # type: ignore[list-item]
    with pytest.raises(Exception, match="workers"):
        anonymizer.anonymize_batch(["ok"], workers=0)
