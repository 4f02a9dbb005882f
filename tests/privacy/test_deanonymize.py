"""deanonymize and unknown_placeholders: tolerant, literal (never regex)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from unionai_sdk.privacy import Vault, deanonymize, unknown_placeholders


def _vault() -> Vault:
    v = Vault()
    v.placeholder_for("PERSON", "Иванов Иван")
    v.placeholder_for("KZ_IIN", "900101300123")
    return v


def test_variants_restore() -> None:
    v = _vault()
    for variant in [
        "<PERSON_1>",
        "<Person_1>",
        "<person_1>",
        "PERSON_1",
        "[PERSON_1]",
        "«PERSON_1»",
        "<PERSON 1>",
        '"PERSON_1"',
        "< PERSON_1 >",
        "{{PERSON_1}}",
    ]:
        assert deanonymize(f"Уважаемый {variant}, ответ.", v) == "Уважаемый Иванов Иван, ответ."


def test_compound_types_and_neighbours() -> None:
    v = _vault()
    assert deanonymize("ИИН: KZ_IIN_1;<KZ_IIN_1>", v) == "ИИН: 900101300123;900101300123"
    assert deanonymize("<PERSON_10> PERSON_1x PERSON_12", v) == "<PERSON_10> PERSON_1x PERSON_12"
    assert deanonymize("нет меток", v) == "нет меток"


def test_unknown_placeholders() -> None:
    v = _vault()
    text = "<PERSON_1> и <PERSON_7>, [KZ_BIN_2], PERSON_7 снова, COVID_19, <FOO_3>"
    assert unknown_placeholders(text, v) == ["<PERSON_7>", "<KZ_BIN_2>"]
    assert unknown_placeholders("<PERSON_1>", v) == []


def test_original_with_regex_special_characters_is_inserted_literally() -> None:
    v = Vault()
    original = r"a\1 $0 \g<0> (.*) [x]"
    v.placeholder_for("PERSON", original)
    assert deanonymize("-<PERSON_1>-", v) == f"-{original}-"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_original_roundtrips(original: str) -> None:
    v = Vault()
    p = v.placeholder_for("ADDRESS", original, key="k")
    assert deanonymize(f"до {p} после", v) == f"до {original} после"
