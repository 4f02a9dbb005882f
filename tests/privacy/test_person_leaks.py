"""Person names that used to leak: one focused case per class (synthetic names only).

Classes: lower-case names in chats (Russian morphology, Kazakh case endings, compound
Kazakh names), Latin spellings with Cyrillic look-alikes inside, patronymics with a
Kazakh case ending, a Kazakh surname after initials, a stem shared by two persons.
"""

from __future__ import annotations

import pytest

from unionai_sdk.privacy import Anonymizer
from unionai_sdk.privacy._morphology import morph_name
from unionai_sdk.privacy._persons import (
    _lower_kind,
    find_name_mentions,
    unmix_latin,
)


def _masked(anonymizer: Anonymizer, text: str) -> str:
    return anonymizer.anonymize(text).text


def _persons(anonymizer: Anonymizer, text: str) -> list[str]:
    return [e.text or "" for e in anonymizer.analyze(text) if e.entity_type == "PERSON"]


# ---------------------------------------------------------------- morphology


def test_morphology_is_available_offline() -> None:
    """pymorphy2 (natasha's dependency) loads from its bundled dictionary."""
    assert morph_name("никитин")[0] == "Surn"
    assert morph_name("колыванов") == ("", 0.0)  # not in its dictionary
    assert morph_name("документов") == ("?", 0.0)  # a known word, no name reading
    assert morph_name("сәлем") == ("", 0.0)  # Kazakh letters: not asked


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("никитину", "sur+"),  # pymorphy2 reads Surn
        ("колыванову", "sur+"),  # unknown word with a surname shape
        ("тажибекова", "sur+"),  # unknown word with a surname shape
        ("нургалинмен", "sur+"),  # ... and a Kazakh case ending
        ("документов", "sur"),  # genitive plural: not a surname alone
        ("готов", "sur"),
        ("бүгін", ""),  # Kazakh "today": -ін is no surname suffix
        ("геннадию", "given"),
        ("тілеубектің", "given"),  # compound Kazakh name (-бек) with a case ending
        ("сағатта", "amb"),  # double-meaning name with a Kazakh ending stays weak
    ],
)
def test_lower_case_word_kinds(word: str, kind: str) -> None:
    assert _lower_kind(word) == kind


# ---------------------------------------------------------------- chats in lower case


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("передай колыванову что заявление приняли", "колыванову"),
        ("вот номер 87011234567 это тажибекова звони после обеда", "тажибекова"),
        ("привет никитин скинь пожалуйста номер", "никитин"),
        ("почта геннадий gena.test@mail.ru отправь ей протокол", "геннадий"),
        ("адильді бүгін көрдің бе", "адильді"),
        ("кеше нургалинмен сөйлестім ол келісті", "нургалинмен"),
        ("кабинеттің кілті тілеубекте қалды", "тілеубекте"),
        ("ержігіт санжарұлы мекенжайы жоқ екен", "ержігіт"),
    ],
)
def test_lower_case_chat_names_are_masked(anonymizer: Anonymizer, text: str, name: str) -> None:
    assert name not in _masked(anonymizer, text)


@pytest.mark.parametrize(
    "text",
    [
        "нет документов и вопросов у членов профсоюза сегодня",
        "я готов выступить на собрании завтра",
        "сағат 15 те жиналыс бүгін болады ұмытпа",
        "отправь протокол на почту test.user@mail.ru пожалуйста",
    ],
)
def test_lower_case_chat_words_are_not_names(anonymizer: Anonymizer, text: str) -> None:
    assert _persons(anonymizer, text) == []


def test_lower_case_name_found_once_is_masked_everywhere(anonymizer: Anonymizer) -> None:
    text = "ләйлә сәрсенге айтып қойшы\nанықтаманы сәрсеннен сұрап ал\n"
    masked = _masked(anonymizer, text)
    assert "сәрсен" not in masked
    assert "ләйлә" not in masked


# ---------------------------------------------------------------- Latin spellings


def test_unmix_latin_restores_latin_words() -> None:
    # Cyrillic а, е, у, һ, к inside a Latin name (same length, offsets kept)
    mixed = "Обращение Zһекsеnbауеvа рассмотрено"
    assert unmix_latin(mixed) == "Обращение Zheksenbayeva рассмотрено"
    assert unmix_latin("Иванова и Петрова") == "Иванова и Петрова"  # no Latin-only letter


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("О рассмотрении обращения Zheksenbаyeva Zнansaya Alibekоvnа, в срок", ["Alibek"]),
        ("члена профсоюза Tulegenova Lyazzat Aybekovna, социальный педагог", ["Aybekovna"]),
        ("Құрастырған: Bаisalоva Ū.", ["Bаisalоva"]),
        ("(төлқұжатта: GABDULLA YERNAZAR), материалдық көмек", ["GABDULLA", "YERNAZAR"]),
        ("(в паспорте: TULEGENOVA AKNIYET); прошу", ["AKNIYET"]),
        # a glide y written or not: "Meruyert" is the lexicon's "Меруерт"
        ("Руководитель Bauyrzhankyzy Meruyert на мои вопросы не отвечает.", ["Meruyert"]),
        ("akniyet ертең кәсіподақ жиналысы сағат 15 те ұмытпа", ["akniyet"]),
        ("что слышно о ğabdullin по отпуску", ["ğabdullin"]),  # a known root + -in
        # "Ләззат" in Latin as Russians spell it ("Ляззат"), with look-alikes inside
        ("Барлық сұрақтар бойынша Lуazzat Мusіnа байланысуға болады.", ["Lуazzat", "Мusіnа"]),
        # a Latin surname next to a Cyrillic word that has a surname shape
        ("міне нөмір\nmusina бүгін көрдің бе", ["musina"]),
        # passport-style names after "паспорт": Russian names are not in the lexicon
        ("паспорт N73454614 (в паспорте: ERYOMIN GRIGORIY), для", ["ERYOMIN", "GRIGORIY"]),
        ("для путёвки (в паспорте: IABLONSKAIA ALIONA).", ["IABLONSKAIA", "ALIONA"]),
        # a Latin-2021 name with a Cyrillic letter inside, before a given name and patronymic
        ("№ ; ФИО\n3 ; Älmūhamвet Arujan Dіdаrоvnа ; библиотекарь", ["Älmūham", "Arujan"]),
        # a passport-style surname typed only with Cyrillic look-alikes (В, А, У)
        ("паспорт № N58729493 (в паспорте: ВАKTYВAY NАZIRA), выдан", ["KTY", "ZIRA"]),
        ("Директору колледжа\nD.N. Nurgalin\nИсх. № 354", ["Nurgalin"]),
    ],
)
def test_latin_names_are_masked(anonymizer: Anonymizer, text: str, parts: list[str]) -> None:
    masked = _masked(anonymizer, text)
    assert not [p for p in parts if p in masked], masked


# ---------------------------------------------------------------- Kazakh endings


def test_patronymic_with_kazakh_case_ending(anonymizer: Anonymizer) -> None:
    text = "Комитет Сейтқазы Ернар Бауыржановичті қолдайды."
    assert _persons(anonymizer, text) == ["Сейтқазы Ернар Бауыржановичті"]


def test_kazakh_surname_after_initials(anonymizer: Anonymizer) -> None:
    masked = _masked(anonymizer, "Мектеп директоры Б.Ә. Әбдірахманға\nШығыс № 44")
    assert "Әбдірахман" not in masked


@pytest.mark.parametrize(
    "text",
    [
        "Құрастырған: Қаппар Г.Т.",
        "1. Ғабдулла Гүлшат Нұрлыбекқызының өтінішін қарау туралы.",
    ],
)
def test_unknown_surname_before_initials_or_given_and_patronymic(
    anonymizer: Anonymizer, text: str
) -> None:
    masked = _masked(anonymizer, text)
    assert "Қаппар" not in masked
    assert "Ғабдулла" not in masked


def test_stem_shared_by_two_persons_is_still_masked(anonymizer: Anonymizer) -> None:
    text = (
        "1. Ж. Жүнісов Савиннің өтініші туралы хабарлады.\n"
        "2. Комитет Савин Василий Денисовичті қолдайды. Савинде берешек жоқ."
    )
    assert "Савин" not in _masked(anonymizer, text)


def test_email_login_does_not_swallow_a_name() -> None:
    text = "почта марина marina77@mail.ru отправь ей протокол"
    spans = [text[m.start : m.end] for m in find_name_mentions(text)]
    assert spans == ["марина"]


# ---------------------------------------------------------------- Kazakh lexicon in chats


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("байділда тізімді жібердің бе", "байділда"),
        ("ғалияның нөмірін жіберші", "ғалияның"),
        ("кеше саяттың өтінішін көрдім", "саяттың"),
        ("ысқақтың картасы осы ма", "ысқақтың"),
        ("анықтаманы әлфияда қалдырдым", "әлфияда"),
        ("привет нұрсәуле скинь пожалуйста номер", "нұрсәуле"),
        ("анықтаманы әбілден сұрап ал", "әбілден"),  # a 4-letter surname root + ending
        ("дәметкен мекенжайы жамбыл көшесі", "дәметкен"),
        ("передай меруерт что заявление приняли", "меруерт"),
    ],
)
def test_lower_case_kazakh_lexicon_names_are_masked(
    anonymizer: Anonymizer, text: str, name: str
) -> None:
    assert name not in _masked(anonymizer, text)


@pytest.mark.parametrize(
    "text",
    [
        "бейбіт өмір бәрінен қымбат",  # x names used as words
        "жарна төлеген мүшелердің тізімін жібер",
        "кеңеске барамыз ертең сағат онда",
        "қымбатты әріптестер мерекемен құттықтаймын",
        "біліктілік санатын растау керек",  # an x name + -ын is no surname
        "қанатын сындырып алыпты",
        "сезімі туралы айтты",  # the Kazakh possessive, not a Russian ending
    ],
)
def test_lower_case_double_meaning_words_are_not_names(anonymizer: Anonymizer, text: str) -> None:
    assert _persons(anonymizer, text) == []


def test_double_meaning_name_with_a_surname_is_masked(anonymizer: Anonymizer) -> None:
    masked = _masked(anonymizer, "бейбіт сәрсенбаевқа айтып қойшы")
    assert "бейбіт" not in masked
    assert "сәрсенбаев" not in masked


def test_latin_name_retyped_with_cyrillic_lookalikes_joins_its_person(
    anonymizer: Anonymizer,
) -> None:
    """The same surname once with a Latin-only letter, once only in look-alikes
    (в/b, а/a, к/k, т/t, у/y) with invisible characters: one person, both masked."""
    text = (
        "видел baктyвay сегодня в методкабинете\n"
        "сәлем, вa\u2060к\u00adтyвay нөмірін жіберші демалыс туралы\n"
    )
    masked = _masked(anonymizer, text)
    assert "тyвay" not in masked
    assert masked.count("<PERSON_1>") == 2


def test_cyrillic_words_are_not_read_as_latin_names_without_a_latin_person(
    anonymizer: Anonymizer,
) -> None:
    # "Вася" read through look-alikes would be "Bacя"; no Latin name, nothing to join
    assert _persons(anonymizer, "Договор подписан. Вакансия открыта до пятницы.") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("что слышно о кенжебае по отпуску", "кенжебае"),
        ("передай кенжебаю что заявление приняли", "кенжебаю"),
        ("что слышно о тәжібае по отпуску", "тәжібае"),
        ("привет скинь пожалуйста номер жексенбая спрашивали про отпуск", "жексенбая"),
    ],
)
def test_bai_name_in_a_russian_case_is_masked(anonymizer: Anonymizer, text: str, name: str) -> None:
    masked = _masked(anonymizer, text)
    assert name not in masked
    assert masked.count("<PERSON_1>") == 1


def test_adjectives_in_baya_are_not_names(anonymizer: Anonymizer) -> None:
    text = "очень слабая связь сегодня, грубая ошибка в списке, любая помощь нужна"
    assert _persons(anonymizer, text) == []


# ---------------------------------------------------------------- word-names by context


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # names whose everyday meaning is rare in union writing: masked like any name
        ("ләззат тізімді жібердің бе тексеріп жібер", "ләззат"),
        ("что слышно о ермеке по отпуску", "ермеке"),
        ("аударым үшін карта керек бұл сымбаттың картасы", "сымбаттың"),
        # a double-meaning name whose neighbours show a person
        ("төлегеннің телефоны кімде бар аттестация бойынша", "төлегеннің"),
        ("анықтаманы төлегеннен сұрап ал", "төлегеннен"),
        ("берікті бүгін көрдің бе", "берікті"),
        ("кабинеттің кілті төлегенде қалды", "төлегенде"),
        ("карта для перевода есть это төлеген", "төлеген"),
        ("привет арман скинь пожалуйста список", "арман"),
        # a short surname by its neighbours, a Kazakh root with a Russian case ending
        ("анықтаманы исиннен сұрап ал", "исиннен"),
        ("я вчера поговорил с әшімом она согласна выступить", "әшімом"),
        ("исинаның телефоны кімде бар аттестация бойынша", "исинаның"),
        # a Kazakh double-meaning word in a Russian sentence is a name
        ("толеген ты отправил список на матпомощь проверь", "толеген"),
        # a name root with a Russian ending that Kazakh words also take, in Russian
        ("что слышно о байсале по отпуску", "байсале"),
        ("я вчера поговорил с турсыным она согласна выступить", "турсыным"),
        ("рақым мекенжайы қала көшесі 5 үй", "рақым"),  # whose address: a person
        ("что слышно о санжаре досане по отпуску", "санжаре досане"),  # unknown after a name
        ("комитет ильинді қолдайды деп шешті", "ильинді"),  # -ин + a Kazakh case ending
        ("почта төлеген tolegen@example.kz отправь ей протокол", "төлеген"),
    ],
)
def test_lower_case_word_names_in_a_person_context_are_masked(
    anonymizer: Anonymizer, text: str, name: str
) -> None:
    assert _persons(anonymizer, text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "мүшелік жарнаны төлегенде түбіртек ал",  # "when paying": no person cue
        "жарна төлеген жоқ па әлі сағат 15 те жиналыс",
        "кеңестің шешімі бойынша сыйақы беріледі",  # genitive, but no contact noun
        "бұл мақсат емес бұл жоспар ғана",
        "аударым үшін карта керек",  # "үшін" is no surname
        "сілтеме жасауға болатын нормалар тізімі",  # Болат + the possessive -ын
        "номер банковской карты указан в заявлении",  # a known word after "номер"
        "ертең кеше жиналыста мирасы туралы айтты",  # Мирас + the possessive -ы
        "менің болаты жоқ деп айтты ол кеше",
        "это надежда всей школы и гордость района",  # a Russian word pymorphy2 knows
    ],
)
def test_double_meaning_words_without_a_person_cue_stay_words(
    anonymizer: Anonymizer, text: str
) -> None:
    assert _persons(anonymizer, text) == []


def test_other_mention_inside_an_organization_span_is_masked() -> None:
    """The NER may read "Комитет Ермекбайды қолдайды" as one organization; the
    person's other mention in it is masked, the rest keeps its type."""
    text = (
        "1. Ермекбай Әбілхан Саятұлының өтінішін қарау туралы.\n"
        "3. Комитет Ермекбайды қолдайды. Ермекбайда берешек жоқ."
    )
    default = Anonymizer().anonymize(text).text
    assert "Ермекбай" not in default
    assert default.count("<PERSON_1>") == 3  # one person, also in "Ермекбайды"
    strict = Anonymizer(profile="strict").anonymize(text)
    assert "Ермекбай" not in strict.text
    assert all(
        "Ермекбай" not in (e.text or "") for e in strict.entities if e.entity_type != "PERSON"
    )


def test_negative_converbs_in_bai_are_not_names(anonymizer: Anonymizer) -> None:
    text = "Жұмыс беруші хатты жазбай, ешкімге айтпай, кеңеспен келіспей шешім қабылдады."
    assert _persons(anonymizer, text) == []


def test_a_word_its_email_address_spells_is_a_name(anonymizer: Anonymizer) -> None:
    """ "Досан" is in no lexicon, but the e-mail after it names its owner."""
    text = "досанның поштасы eldos.dosan@example.kz хаттаманы соған жібер"
    assert _persons(anonymizer, text) == ["досанның"]
    assert _persons(anonymizer, "мектептің поштасы school12@example.kz хатты жібер") == []


def test_kazakh_word_in_in_after_a_name_is_not_its_surname(anonymizer: Anonymizer) -> None:
    masked = _masked(anonymizer, "бекжанды бүгін көрдің бе\nбүгін жиналыс болмайды")
    assert masked.count("бүгін") == 2, masked


@pytest.mark.parametrize(
    ("text", "names", "mentions"),
    [
        # "Ермекбай" (Ермек + -бай): -бай after к is no negative converb (that is -пай)
        (
            "1. Ермекбай Қайраттың өтінішін қарау туралы.\n"
            "2. Қайрат Ермекбайға көмек көрсетілсін.\n"
            "3. Комитет Ермекбайды қолдайды, Ермекбайда берешек жоқ.",
            ["Ермекбай", "Қайрат"],
            4,
        ),
        # the double-meaning word after a given name is the surname: "рақым" alone later
        (
            "анықтаманы ғабит рақымнан сұрап ал\nрақым кеше жиналысқа келмеді ғой",
            ["рақым", "ғабит"],
            2,
        ),
        # "Бекзатұлына" is "Бекзатұлы" + -на, though it has the shape of "-ын" + "а"
        (
            "Директор Ерлан Бекзатұлы жауап бермеді. Ерлан Бекзатұлына екі рет жүгіндім.",
            ["Бекзат"],
            2,
        ),
    ],
)
def test_every_form_of_one_person_gets_one_placeholder(
    anonymizer: Anonymizer, text: str, names: list[str], mentions: int
) -> None:
    masked = _masked(anonymizer, text)
    assert [n for n in names if n in masked] == []
    assert masked.count("<PERSON_1>") == mentions, masked
