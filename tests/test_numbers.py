import pytest

from lagebild.numbers import is_number_word, parse_number, parse_vague


@pytest.mark.parametrize(
    "text,expected",
    [
        ("7.500", 7500),
        ("26,5", 26.5),
        ("300.000", 300000),
        ("1,2", 1.2),
        ("1.234.567,89", 1234567.89),
        ("2024", 2024),
        ("0", 0),
        ("-3,5", -3.5),
        ("minus 20", -20),
        ("plus 0,9", 0.9),
        ("minus zwanzig", -20),
        ("7\u202f500", 7500),
    ],
)
def test_numbers_digits(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("drei", 3),
        ("Vier", 4),
        ("zwölf", 12),
        ("siebzehn", 17),
        ("zwanzig", 20),
        ("dreißig", 30),
        ("fünfundzwanzig", 25),
        ("sechsundzwanzig", 26),
        ("einundzwanzig", 21),
        ("hundert", 100),
        ("einhundertzwanzig", 120),
        ("tausend", 1000),
        ("zehntausend", 10000),
        ("dreihunderttausend", 300000),
        ("zweitausendvierundzwanzig", 2024),
        ("einem", 1),
        ("zweieinhalb", 2.5),
        ("anderthalb", 1.5),
    ],
)
def test_numbers_words(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("26 Milliarden", 26e9),
        ("sechsundzwanzig Milliarden", 26e9),
        ("eine Million", 1e6),
        ("1,2 Mio.", 1.2e6),
        ("2 Mrd.", 2e9),
        ("0,3 Mrd.", 3e8),
        ("5 Tsd.", 5000),
        ("3 Billionen", 3e12),
        ("eine halbe Million", 5e5),
        ("anderthalb Millionen", 1.5e6),
        ("zwei Millionen dreihunderttausend", 2.3e6),
        ("hundert tausend", 1e5),
        ("ein Dutzend", 12),
        ("zwei Dutzend", 24),
        ("ein Drittel", 1 / 3),
        ("zwei Drittel", 2 / 3),
        ("drei Viertel", 0.75),
        ("die Hälfte".split()[1], 0.5),
    ],
)
def test_numbers_scales_and_fractions(text, expected):
    assert parse_number(text) == pytest.approx(expected)


def test_numbers_scaled_values_are_exact():
    assert parse_number("0,3 Mrd.") == 300000000.0
    assert parse_number("1,1 Mio.") == 1100000.0


@pytest.mark.parametrize(
    "text",
    [
        "",
        "3.",  # ordinal
        "dritte",
        "2.5",  # not German notation
        "1.5.2024",  # date
        "v1.2",
        "Millionen",  # indefinite: see parse_vague
        "Dutzende",
        "fünfmal",
        "undzwanzig",
        "zehnundzwanzig",
        "Haus",
        "2 3",
        "12.34",
        "hunderte",
        "einhalb",
    ],
)
def test_numbers_not_a_number(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "text,expected",
    [("Dutzende", 24), ("Hunderte", 200), ("Tausenden", 2000), ("Millionen", 2e6), ("drei", None)],
)
def test_numbers_vague(text, expected):
    assert parse_vague(text) == expected


def test_numbers_is_number_word():
    assert is_number_word("drei")
    assert is_number_word("7.500")
    assert not is_number_word("Milliarden")
    assert not is_number_word("Tage")
