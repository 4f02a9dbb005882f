"""Names: Russian inflection, Kazakh case endings, spellings, and synthetic people."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings

from strategies import person_mentions, persons
from unionai_sdk import synthetic as syn


@pytest.mark.parametrize(
    ("word", "role", "gender", "forms"),
    [
        ("Петров", "surname", "m", ("Петрова", "Петрову", "Петрова", "Петровым", "Петрове")),
        ("Петрова", "surname", "f", ("Петровой", "Петровой", "Петрову", "Петровой", "Петровой")),
        ("Никитин", "surname", "m", ("Никитина", "Никитину", "Никитина", "Никитиным", "Никитине")),
        (
            "Жумабаев",
            "surname",
            "m",
            ("Жумабаева", "Жумабаеву", "Жумабаева", "Жумабаевым", "Жумабаеве"),
        ),
        (
            "Савицкий",
            "surname",
            "m",
            ("Савицкого", "Савицкому", "Савицкого", "Савицким", "Савицком"),
        ),
        ("Савицкая", "surname", "f", ("Савицкой", "Савицкой", "Савицкую", "Савицкой", "Савицкой")),
        ("Нурлан", "given", "m", ("Нурлана", "Нурлану", "Нурлана", "Нурланом", "Нурлане")),
        ("Сергей", "given", "m", ("Сергея", "Сергею", "Сергея", "Сергеем", "Сергее")),
        ("Дмитрий", "given", "m", ("Дмитрия", "Дмитрию", "Дмитрия", "Дмитрием", "Дмитрии")),
        ("Игорь", "given", "m", ("Игоря", "Игорю", "Игоря", "Игорем", "Игоре")),
        ("Павел", "given", "m", ("Павла", "Павлу", "Павла", "Павлом", "Павле")),
        ("Анна", "given", "f", ("Анны", "Анне", "Анну", "Анной", "Анне")),
        ("Мария", "given", "f", ("Марии", "Марии", "Марию", "Марией", "Марии")),
        ("Наталья", "given", "f", ("Натальи", "Наталье", "Наталью", "Натальей", "Наталье")),
        ("Асель", "given", "f", ("Асели", "Асели", "Асель", "Асельью"[:0] + "Аселью", "Асели")),
        ("Айгерим", "given", "f", ("Айгерим",) * 5),
        (
            "Серикович",
            "patronymic",
            "m",
            ("Сериковича", "Сериковичу", "Сериковича", "Сериковичем", "Сериковиче"),
        ),
        ("Абаевна", "patronymic", "f", ("Абаевны", "Абаевне", "Абаевну", "Абаевной", "Абаевне")),
        ("Серикулы", "patronymic", "m", ("Серикулы",) * 5),
        ("Асқарқызы", "surname", "f", ("Асқарқызы",) * 5),
    ],
)
def test_russian_cases(word: str, role: str, gender: str, forms: tuple[str, ...]) -> None:
    got = tuple(syn.ru_inflect(word, role, gender, case) for case in syn.RU_CASES[1:])
    assert got == forms
    assert syn.ru_inflect(word, role, gender, "nom") == word


@pytest.mark.parametrize(
    ("word", "case", "expected"),
    [
        ("Асқаров", "kk_dat", "Асқаровқа"),
        ("Жұмабаев", "kk_gen", "Жұмабаевтың"),
        ("Ерлан", "kk_dat", "Ерланға"),
        ("Ерлан", "kk_gen", "Ерланның"),
        ("Ерлан", "kk_acc", "Ерланды"),
        ("Ерлан", "kk_abl", "Ерланнан"),
        ("Ерлан", "kk_ins", "Ерланмен"),
        ("Айгерім", "kk_gen", "Айгерімнің"),
        ("Айгерім", "kk_acc", "Айгерімді"),
        ("Серік", "kk_dat", "Серікке"),
        ("Серік", "kk_abl", "Серіктен"),
        ("Серік", "kk_ins", "Серікпен"),
        ("Серік", "kk_loc", "Серікте"),
        ("Асқар", "kk_gen", "Асқардың"),
        ("Абай", "kk_ins", "Абаймен"),
        ("Анна", "kk_gen", "Аннаның"),
        ("Анна", "kk_acc", "Аннаны"),
        ("Анна", "kk_abl", "Аннадан"),
        ("Әсел", "kk_loc", "Әселде"),
        ("Бауыржан", "kk_loc", "Бауыржанда"),
        ("Төлеу", "kk_gen", "Төлеудің"),
        ("Серікұлы", "kk_dat", "Серікұлына"),
        ("Серікқызы", "kk_gen", "Серікқызының"),
        ("Серікұлы", "kk_acc", "Серікұлын"),
        ("Жанар", "kk_dat", "Жанарға"),
        ("Әлия", "kk_dat", "Әлияға"),
    ],
)
def test_kazakh_case_endings(word: str, case: str, expected: str) -> None:
    assert syn.kk_case(word, case) == expected


def test_spellings() -> None:
    assert syn.to_ru_spelling("Нұрлан Жұмабаев") == "Нурлан Жумабаев"
    assert syn.to_lookalike("Серікқызы") == "Серiккызы"  # Latin i, к for қ
    assert "i" in syn.to_lookalike("Әлібек")
    assert "\u0456" not in syn.to_lookalike("Әлібек")
    assert syn.to_latin("Жұмабаев") == "Zhumabaev"
    assert syn.to_latin2021("Нұрлан") == "Nūrlan"
    assert syn.to_latin2021("Әлия") == "Älia"
    assert syn.to_latin("Шыңғыс") == "Shyngys"
    assert syn.to_latin("Жұмабаев", bgn=True) == "Zhumabayev"
    assert syn.to_latin("Ерлан", bgn=True) == "Yerlan"
    assert syn.to_latin2021("Яна") == "Iana"


def test_person_forms_and_initials() -> None:
    p = syn.Person("Жұмабаев", "Ерлан", "Серікұлы", "m", "kk")
    nom = p.forms()
    assert nom["full"] == "Жұмабаев Ерлан Серікұлы"
    assert nom["initials_after"] == "Жұмабаев Е.С."
    assert nom["initials_before_sp"] == "Е. С. Жұмабаев"
    dat = p.forms("kk_dat")
    assert dat["full"] == "Жұмабаев Ерлан Серікұлына"
    assert dat["given_surname"] == "Ерлан Жұмабаевқа"
    assert dat["initials_after"] == "Жұмабаевқа Е.С."
    ru = p.spelled("ru").forms("ins")
    assert ru["full"] == "Жумабаевым Ерланом Серикулы"
    f = syn.Person("Абаева", "Айгерім", "Серіковна", "f", "kk", "Айгерим")
    assert f.spelled("ru").forms("dat")["full"] == "Абаевой Айгерим Сериковне"
    assert f.spelled("latin").forms()["given_surname"] == "Aygerim Abaeva"


def test_make_person_is_deterministic_and_varied() -> None:
    a = [syn.make_person(random.Random(i), "kk") for i in range(200)]
    b = [syn.make_person(random.Random(i), "kk") for i in range(200)]
    assert a == b
    surnames = [p.surname for p in a]
    assert any(s.endswith(("ов", "ев", "ова", "ева")) for s in surnames)
    assert any(s.endswith(("ұлы", "қызы")) for s in surnames)
    assert any(s.endswith(("ин", "ина")) for s in surnames)
    assert any(
        not s.endswith(("ов", "ев", "ова", "ева", "ұлы", "қызы", "ин", "ина")) for s in surnames
    )
    patronymics = [p.patronymic or "" for p in a]
    assert any(x.endswith(("ович", "евич", "овна", "евна")) for x in patronymics)
    assert any(x.endswith(("ұлы", "қызы")) for x in patronymics)
    assert {p.gender for p in a} == {"m", "f"}


@settings(deadline=None)
@given(persons())
def test_every_form_is_nonempty_and_starts_upper(person: syn.Person) -> None:
    for case in syn.RU_CASES + syn.KK_CASES:
        for form, text in person.forms(case).items():
            assert text, form
            assert text.strip() == text, form
            assert text[0].isupper(), (form, text)


@settings(deadline=None)
@given(person_mentions())
def test_mentions_are_single_line(mention: str) -> None:
    assert "\n" not in mention
    assert "  " not in mention


def test_no_famous_surnames_in_lexicon() -> None:
    from unionai_sdk.synthetic._names import lexicon

    lex = lexicon()
    roots = set(lex.kk_roots) | set(lex.ru_surnames)
    for famous in ("Назарбаев", "Тоқаев", "Токаев", "Құнанбай", "Путин", "Ахметов"):
        assert famous not in roots


def test_holdout_name_lists_are_disjoint_from_the_main_ones() -> None:
    from unionai_sdk.synthetic._names import lexicon

    main, held = lexicon("main"), lexicon("holdout")
    assert not {g for g, _ in main.kk_m + main.kk_f} & {g for g, _ in held.kk_m + held.kk_f}
    assert not set(main.ru_m + main.ru_f) & set(held.ru_m + held.ru_f)
    assert not set(main.ru_surnames) & set(held.ru_surnames)
    assert not set(main.kk_roots) & set(held.kk_roots)
    people = [syn.make_person(random.Random(i), lang, names="holdout")
              for i in range(100) for lang in ("ru", "kk")]  # fmt: skip
    main_given = {g for g, _ in main.kk_m + main.kk_f} | set(main.ru_m + main.ru_f)
    assert all(p.given not in main_given for p in people)
    with pytest.raises(ValueError, match="unknown name lists"):
        lexicon("other")
