"""The Anonymizer end to end: recognizers, persons, coreference, profiles, operators."""

from __future__ import annotations

import itertools
import random

import pytest
from pii_strategies import make_bin, make_card, make_iban, make_iin

from unionai_sdk.exceptions import ConfigurationError
from unionai_sdk.privacy import Anonymizer, Vault, deanonymize
from unionai_sdk.privacy._anonymizer import _chunks

RNG = random.Random(11)
IIN = make_iin(RNG)
BIN = make_bin(RNG)


def _found(anonymizer: Anonymizer, text: str) -> list[tuple[str, str]]:
    return [(e.entity_type, e.text or "") for e in anonymizer.analyze(text)]


def _of_type(anonymizer: Anonymizer, text: str, entity_type: str) -> list[str]:
    return [t for k, t in _found(anonymizer, text) if k == entity_type]


# ---------------------------------------------------------------- identifiers


def test_identifiers_all_masked(anonymizer: Anonymizer) -> None:
    iban = make_iban(RNG)
    card = make_card(RNG)
    text = (
        f"Заявитель, ИИН {IIN}, работает в ТОО (БИН {BIN}). Тел.: +7 (701) 123-45-67, "
        f"8 (7172) 55-66-77, e-mail: test.user@mail.kz. Счёт {iban}, карта {card}."
    )
    result = anonymizer.anonymize(text)
    for value in (IIN, BIN, "123-45-67", "55-66-77", "test.user@mail.kz", iban, card):
        assert value not in result.text
    types = {e.entity_type for e in result.entities}
    assert {"KZ_IIN", "KZ_BIN", "PHONE_NUMBER", "EMAIL_ADDRESS", "KZ_IBAN", "PAYMENT_CARD"} <= types
    assert deanonymize(result.text, result.vault) == text


def test_invalid_iin_checksum_not_masked_as_iin(anonymizer: Anonymizer) -> None:
    bad = IIN[:-1] + str((int(IIN[-1]) + 1) % 10)
    assert _of_type(anonymizer, f"ИИН {bad}", "KZ_IIN") == []


@pytest.mark.parametrize(
    "phone",
    ["+7 701 123 45 67", "8(701)1234567", "8 727 255-66-77", "+7-777-000-11-22", "87471234567"],
)
def test_phone_formats(anonymizer: Anonymizer, phone: str) -> None:
    assert _of_type(anonymizer, f"Мой номер {phone}.", "PHONE_NUMBER") == [phone]


def test_local_city_number_with_context(anonymizer: Anonymizer) -> None:
    assert _of_type(anonymizer, "Тел.: (727) 255-66-77", "PHONE_NUMBER")


def test_id_card_and_passport_need_context(anonymizer: Anonymizer) -> None:
    assert _of_type(anonymizer, "удостоверение личности № 045123456 выдано МВД", "KZ_ID_CARD") == [
        "045123456"
    ]
    assert _of_type(anonymizer, "жеке куәлік 045123456", "KZ_ID_CARD") == ["045123456"]
    assert _of_type(anonymizer, "заказ 045123456 выполнен", "KZ_ID_CARD") == []
    assert _of_type(anonymizer, "паспорт N 12345678", "KZ_PASSPORT") == ["N 12345678"]
    assert _of_type(anonymizer, "төлқұжат N12345678", "KZ_PASSPORT") == ["N12345678"]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Дата рождения: 05.03.1985.", "05.03.1985"),
        ("родилась 12 мая 1990 года в Алматы", "12 мая 1990 года"),
        ("Иванов И.И., 14.02.1978 г.р., учитель", "14.02.1978"),
        ("Туған күні: 1990 жылғы 5 мамыр", "1990 жылғы 5 мамыр"),
        ("д.р. 1988-11-30", "1988-11-30"),
    ],
)
def test_date_of_birth(anonymizer: Anonymizer, text: str, date: str) -> None:
    assert _of_type(anonymizer, text, "DATE_OF_BIRTH") == [date]


def test_other_dates_are_not_birth_dates(anonymizer: Anonymizer) -> None:
    assert _of_type(anonymizer, "Приказ от 01.09.2024 о тарификации.", "DATE_OF_BIRTH") == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "Проживает по адресу: г. Алматы, ул. Абая, д. 150, кв. 25.",
            "г. Алматы, ул. Абая, д. 150, кв. 25",
        ),
        (
            "Мекенжайы: Астана қаласы, Абай даңғылы, 10-үй, 5-пәтер.",
            "Астана қаласы, Абай даңғылы, 10-үй, 5-пәтер",
        ),
        ("050000, г. Алматы, мкр. Самал-2, д. 33", "050000, г. Алматы, мкр. Самал-2, д. 33"),
        ("почтовый индекс D03K5Y2", "D03K5Y2"),
    ],
)
def test_address(anonymizer: Anonymizer, text: str, address: str) -> None:
    assert _of_type(anonymizer, text, "ADDRESS") == [address]


# ---------------------------------------------------------------- persons


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Жалобу подал Иванов И.И. в марте.", "Иванов И.И."),
        ("Жалобу подал И.И. Иванов в марте.", "И.И. Иванов"),
        ("Жалобу подал Иванов И. И. в марте.", "Иванов И. И."),
        ("Учитель Петрова Анна Сергеевна обратилась в профсоюз.", "Петрова Анна Сергеевна"),
        ("Мұғалім Жұмабаев Ерлан Серікұлы өтініш берді.", "Жұмабаев Ерлан Серікұлы"),
        ("Өтінішті Ахметова Айгүл Серік қызы жазды.", "Ахметова Айгүл Серік қызы"),
        ("Обратилась Сейтова Жанар Маратовна, учитель.", "Сейтова Жанар Маратовна"),
        ("Хатты Асқаровқа жібердік.", "Асқаровқа"),
        ("Бұл туралы Жұмабаевтың арызында айтылған.", "Жұмабаевтың"),
        ("Сыйлықты Ерланға тапсырдық.", "Ерланға"),
        ("Біз Айгүлге хабарладық.", "Айгүлге"),
        ("Passport holder Zhumabayev Yerlan arrived.", "Zhumabayev Yerlan"),
        ("Өтініш иесі Jūmabaev Erlan.", "Jūmabaev Erlan"),
    ],
)
def test_person_rules(anonymizer: Anonymizer, text: str, name: str) -> None:
    assert name in _of_type(anonymizer, text, "PERSON")


def test_lookalike_and_zero_width_names(anonymizer: Anonymizer) -> None:
    # Latin "a" and "o" inside a Cyrillic surname, a zero-width space inside a given name
    text = "Заявитель Aхметoв Ер\u200bлан Маратович просит помощи."
    result = anonymizer.anonymize(text)
    assert result.text == "Заявитель <PERSON_1> просит помощи."
    assert result.vault.original("<PERSON_1>") == "Aхметoв Ер\u200bлан Маратович"


def test_kazakh_lookalike_spelling(anonymizer: Anonymizer) -> None:
    # к for қ, у for ұ, Latin i for і
    text = "Арызды Жумабаев Ерлан Серiкулы берді."
    assert _of_type(anonymizer, text, "PERSON") == ["Жумабаев Ерлан Серiкулы"]


def test_coreference_same_placeholder(anonymizer: Anonymizer) -> None:
    text = (
        "Заявитель Иванов Иван Петрович работает учителем. Иванову И.П. не выплатили премию. "
        "Директор вызвал Иванова к себе. Петрова Анна Сергеевна подтвердила. "
        "Ответ направить Ивану Петровичу."
    )
    result = anonymizer.anonymize(text)
    assert "Иванов" not in result.text
    assert "Петров" not in result.text.replace("Петрович", "")
    placeholders = [e.text for e in result.entities if e.entity_type == "PERSON"]
    assert len(placeholders) >= 4
    assert result.text.count("<PERSON_1>") >= 3
    assert "<PERSON_2>" in result.text


def test_coreference_kazakh_forms(anonymizer: Anonymizer) -> None:
    text = "Жұмабаев Ерлан өтініш жазды. Жұмабаевтың өтінішін қарадық. Ерланға жауап берілді."
    result = anonymizer.anonymize(text)
    assert result.text.count("<PERSON_1>") == 3
    assert "PERSON_2" not in result.text


def test_same_person_across_texts_in_one_vault(anonymizer: Anonymizer) -> None:
    vault = Vault()
    a = anonymizer.anonymize("Заявитель Сейтова Жанар Маратовна.", vault)
    b = anonymizer.anonymize("Ответ для Сейтовой Ж.М. готов.", vault)
    assert "<PERSON_1>" in a.text
    assert "<PERSON_1>" in b.text
    assert len(vault) == 1


def test_named_after_is_not_a_person(anonymizer: Anonymizer) -> None:
    assert _of_type(anonymizer, "Школа-гимназия имени Абая Кунанбаева.", "PERSON") == []


def test_street_name_inside_address_is_address(anonymizer: Anonymizer) -> None:
    found = _found(anonymizer, "Адрес: г. Алматы, ул. Абая, д. 5.")
    assert [t for t, _ in found] == ["ADDRESS"]


# ---------------------------------------------------------------- profiles and operators


def test_org_and_location_detected_but_kept_by_default(
    anonymizer: Anonymizer, strict_anonymizer: Anonymizer
) -> None:
    text = "Иванов Иван работает в ТОО «Алма-Сервис» в городе Караганде."
    result = anonymizer.anonymize(text)
    types = {e.entity_type for e in result.entities}
    assert {"ORGANIZATION", "LOCATION", "PERSON"} <= types
    assert "Алма-Сервис" in result.text
    assert "Караганде" in result.text
    strict = strict_anonymizer.anonymize(text)
    assert "Алма-Сервис" not in strict.text
    assert "Караганде" not in strict.text
    assert "<LOCATION_1>" in strict.text


def test_operators() -> None:
    text = f"Иванов Иван, ИИН {IIN}, e-mail a.b@mail.kz, тел. 87011234567."
    anon = Anonymizer(
        operators={
            "PERSON": "mask",
            "KZ_IIN": "hash",
            "EMAIL_ADDRESS": "redact",
            "PHONE_NUMBER": "keep",
        }
    )
    result = anon.anonymize(text)
    assert result.text.startswith("***, ИИН <KZ_IIN_")
    assert IIN not in result.text
    assert "e-mail , тел. 87011234567." in result.text
    assert len(result.vault) == 0
    again = anon.anonymize(text)
    assert again.text == result.text  # hashing is deterministic


def test_bad_configuration() -> None:
    with pytest.raises(ConfigurationError):
        Anonymizer(profile="paranoid")
    with pytest.raises(ConfigurationError):
        Anonymizer(operators={"PERSON": "shred"})
    with pytest.raises(ConfigurationError):
        Anonymizer(operators={"NOPE": "mask"})
    with pytest.raises(ConfigurationError):
        Anonymizer(languages=("en",))


def test_empty_and_whitespace_and_non_str(anonymizer: Anonymizer) -> None:
    for text in ("", "   \n\t "):
        result = anonymizer.anonymize(text)
        assert result.text == text
        assert result.entities == ()
    with pytest.raises(TypeError, match="str"):
        anonymizer.anonymize(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        anonymizer.analyze(None)  # type: ignore[arg-type]


def test_spans_point_into_original_text(anonymizer: Anonymizer) -> None:
    text = f"Ｉ: ﬁ ИИН {IIN[:5]}\u200b{IIN[5:]} и Иванов И.И."
    for e in anonymizer.analyze(text):
        assert text[e.start : e.end] == e.text
    assert IIN[:5] not in anonymizer.anonymize(text).text


# ---------------------------------------------------------------- long texts


def test_chunks_cover_text_with_overlap() -> None:
    text = ("Слово " * 30_000).strip()
    chunks = _chunks(text)
    assert len(chunks) > 2
    assert chunks[0][0] == 0
    for (s1, c1), (s2, _c2) in itertools.pairwise(chunks):
        assert s2 < s1 + len(c1)  # overlap
    last_start, last = chunks[-1]
    assert last_start + len(last) == len(text)


def test_identifiers_on_chunk_boundaries_are_masked(anonymizer: Anonymizer) -> None:
    filler = "Профсоюз рассмотрел обращение учителя о нагрузке. "
    base = filler * 2400  # ~120k characters
    chunks = _chunks(base)
    text = base
    # put an IIN and a name straddling every cut point
    inserted = []
    for start, _chunk in reversed(chunks[1:]):
        iin = make_iin(RNG)
        inserted.append(iin)
        cut = start + 300  # inside the overlap zone of the previous chunk's end
        text = text[:cut] + f" ИИН {iin} Жұмабаев Ерлан " + text[cut:]
    result = anonymizer.anonymize(text)
    for iin in inserted:
        assert iin not in result.text
    assert "Жұмабаев" not in result.text
    assert result.text.count("<PERSON_1>") == len(inserted)


# ---------------------------------------------------------------- tables, chats, engine


def test_table_columns_by_header(anonymizer: Anonymizer) -> None:
    text = (
        "Список членов профсоюза\n"
        "№ | ФИО | Дата рождения | Удостоверение личности | Адрес\n"
        "1 | Ким Ирина Олеговна | 05.03.1985 | 045123456 | г. Алматы, ул. Абая, 10\n"
        "2 | Тен В.П. | 11.12.1990 | 031234567 | Астана, Кенесары 5\n"
    )
    found = _found(anonymizer, text)
    assert ("PERSON", "Ким Ирина Олеговна") in found
    assert ("PERSON", "Тен В.П.") in found
    assert ("DATE_OF_BIRTH", "05.03.1985") in found
    assert ("KZ_ID_CARD", "031234567") in found
    assert ("ADDRESS", "Астана, Кенесары 5") in found
    # no date of birth outside the column
    assert _of_type(anonymizer, "1 | Приказ | 05.03.1985 | выдан", "DATE_OF_BIRTH") == []


def test_lower_case_chat_names(anonymizer: Anonymizer) -> None:
    text = (
        "привет айгерим скинь пожалуйста номер\n"
        "передай валентине петровой что заявление приняли\n"
        "ерланға айтып қойшы өтініші қабылданды\n"
    )
    found = _of_type(anonymizer, text, "PERSON")
    assert "айгерим" in found
    assert "валентине петровой" in found
    assert "ерланға" in found
    result = anonymizer.anonymize(text)
    assert "петров" not in result.text


def test_models_load_once_and_presidio_stays_quiet(anonymizer: Anonymizer) -> None:
    import logging

    from unionai_sdk.privacy import _anonymizer

    other = Anonymizer(profile="strict").load()
    assert other is not anonymizer
    assert len({id(v[0]) for v in _anonymizer._ENGINES.values()}) == len(_anonymizer._ENGINES)
    assert list(_anonymizer._ENGINES) == [("ru", "kk")]
    assert not [
        h
        for h in logging.getLogger("decision_process").handlers
        if isinstance(h, logging.StreamHandler)
    ]
