"""The span scoring rules shared by the benchmark and the accuracy floors."""

from __future__ import annotations

from unionai_sdk.synthetic import AnnotatedDoc
from unionai_sdk.synthetic._scoring import format_facets, format_table, person_facets, score

TEXT = "Жұмабаев Ерланға хабарлаңыз, тел. +7 (701) 234-56-78, ИИН 850312300121."
NAME = (0, 16, "PERSON")  # "Жұмабаев Ерланға", ending included
PHONE = (34, 52, "PHONE_NUMBER")
IIN = (58, 70, "KZ_IIN")


def doc(lang: str = "kk") -> AnnotatedDoc:
    d = AnnotatedDoc(TEXT, lang, "chat", [NAME, PHONE, IIN])
    assert d.entities() == [
        ("PERSON", "Жұмабаев Ерланға"),
        ("PHONE_NUMBER", "+7 (701) 234-56-78"),
        ("KZ_IIN", "850312300121"),
    ]
    return d


def test_perfect_prediction() -> None:
    r = score([doc()], [[NAME, PHONE, IIN]])
    for t in ("PERSON", "PHONE_NUMBER", "KZ_IIN", "ALL"):
        s = r.get("all", t)
        assert (s.recall, s.recall_masked, s.precision) == (1.0, 1.0, 1.0)
    assert r.precision_masked() == 1.0
    assert r.get("kk", "ALL").gold == 3
    assert "ru" not in r.scores


def test_missing_case_ending_is_a_miss() -> None:
    r = score([doc()], [[(0, 14, "PERSON")]])  # "Жұмабаев Ерлан" without -ға
    s = r.get("all", "PERSON")
    assert s.recall == 0.0
    assert s.precision == 1.0  # it overlaps the gold name


def test_punctuation_need_not_be_covered_and_spans_unite() -> None:
    # "+7 (701) 234-56-78": the "+" and "(" are left out, the digits covered by two spans
    r = score([doc()], [[(35, 36, "PHONE_NUMBER"), (38, 52, "PHONE_NUMBER")]])
    s = r.get("all", "PHONE_NUMBER")
    assert s.recall == 1.0
    assert s.predicted == 2
    assert s.precision == 1.0


def test_a_digit_left_in_the_clear_is_a_miss() -> None:
    r = score([doc()], [[(58, 69, "KZ_IIN")]])
    assert r.get("all", "KZ_IIN").recall == 0.0


def test_wrong_type_counts_only_as_masked() -> None:
    r = score([doc("ru")], [[(58, 70, "PHONE_NUMBER")]])
    iin = r.get("ru", "KZ_IIN")
    assert iin.recall == 0.0
    assert iin.recall_masked == 1.0
    phone = r.get("ru", "PHONE_NUMBER")
    assert phone.precision == 0.0  # no gold phone there
    assert r.precision_masked("ru") == 1.0  # but it did hide personal data


def test_unscored_types_are_ignored() -> None:
    r = score([doc()], [[NAME, (60, 65, "DATE_TIME"), (17, 28, "ORGANIZATION")]])
    assert r.get("all", "ALL").predicted == 1
    assert r.precision_masked() == 1.0


def test_false_positive_lowers_precision() -> None:
    r = score([doc()], [[NAME, (17, 28, "PERSON")]])
    s = r.get("all", "PERSON")
    assert s.precision == 0.5
    assert s.recall == 1.0


def test_table_lists_every_system() -> None:
    r = score([doc()], [[NAME]])
    table = format_table({"sysA": r, "sysB": r}, "all")
    assert "sysA" in table
    assert "sysB" in table
    assert "PERSON" in table


def test_kind_groups_and_person_facets() -> None:
    d = doc()
    d.meta["span_tags"] = ["kk_dat/given_surname/native-lower", "", ""]
    r = score([d], [[NAME]])
    assert r.get("kind:chat", "PERSON").recall == 1.0
    facets = person_facets([d], [[(0, 14, "PERSON")]])
    assert set(facets) == {
        "case: Kazakh ending",
        "form: full name",
        "chat, lower case",
        "spelling: as written in its language",
    }
    assert all(s.gold == 1 and s.found == 0 for s in facets.values())
    assert "case: Kazakh ending" in format_facets({"sys": facets})


def test_generated_corpus_tags_every_person() -> None:
    from unionai_sdk.synthetic import generate_corpus

    for d in generate_corpus(20, seed=9):
        tags = d.meta["span_tags"]
        assert len(tags) == len(d.spans)
        for (_, _, t), tag in zip(d.spans, tags, strict=True):
            assert bool(tag) == (t == "PERSON")
