"""Numbers written the way a language writes them, as floats.

``parse_number("7.500") == 7500.0``, ``parse_number("26,5") == 26.5``,
``parse_number("sechsundzwanzig Milliarden") == 2.6e10``, ``parse_number("ein Drittel")``
is a third. Shared by the quantities and times components; the vocabulary (separators,
number words, scale words, fractions) lives in ``lang/<code>/numbers.json``.

``parse_number`` answers only for exact numbers. Indefinite plurals such as "Dutzende"
or "Tausende" are not numbers but lower bounds; ``parse_vague`` gives those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .resources import cached_per_source, load_json

_SPACES = re.compile(r"[ \t\r\n]+")

__all__ = ["parse_number", "parse_vague", "is_number_word", "number_vocabulary"]


@dataclass(frozen=True)
class NumberVocabulary:
    digits: re.Pattern
    decimal: str
    groups: tuple[str, ...]
    signs: dict[str, int]
    sign_words: dict[str, int]
    words: dict[str, int]
    tens: frozenset[str]
    joiner: str
    hundred: str
    thousand: str
    half_suffix: str
    mixed: dict[str, float]
    scales: dict[str, float]
    fractions: dict[str, float]
    vague: dict[str, float]


@cached_per_source
def number_vocabulary(lang: str = "de") -> NumberVocabulary:
    """The compiled number vocabulary of ``lang`` (from ``lang/<code>/numbers.json``, a
    saved component's copy while it loads: a component keeps it and passes it as
    ``vocab`` to the functions below)."""
    data = load_json(lang, "numbers.json")
    decimal = data["decimal_separator"]
    groups = tuple(data["group_separators"])
    group_class = "".join(re.escape(g) for g in groups)
    # 7.500 | 1.234.567,89 | 26,5 | 300 (no grouping) — never a bare trailing separator
    digits = re.compile(
        rf"^(?:\d{{1,3}}(?:[{group_class}]\d{{3}})+|\d+)(?:{re.escape(decimal)}\d+)?$"
    )
    return NumberVocabulary(
        digits=digits,
        decimal=decimal,
        groups=groups,
        signs=dict(data.get("signs", {})),
        sign_words={k.lower(): v for k, v in data.get("sign_words", {}).items()},
        words={k.lower(): v for k, v in data["words"].items()},
        tens=frozenset(w.lower() for w in data["tens"]),
        joiner=data["joiner"],
        hundred=data["hundred"],
        thousand=data["thousand"],
        half_suffix=data.get("half_suffix", ""),
        mixed={k.lower(): v for k, v in data.get("mixed", {}).items()},
        scales={k.lower(): float(v) for k, v in data["scales"].items()},
        fractions={k.lower(): float(v) for k, v in data["fractions"].items()},
        vague={k.lower(): float(v) for k, v in data["vague"].items() if not k.startswith("_")},
    )


def parse_number(
    text: str, lang: str = "de", *, vocab: NumberVocabulary | None = None
) -> float | None:
    """The value of a number written in digits or words, or None if ``text`` is not one.

    Handles digit groups and decimal commas ("7.500", "1.234,5", "26,5"), signs ("-3",
    "minus 20"), number
    words including compounds ("fünfundzwanzig", "dreihunderttausend"), scale words and
    abbreviations ("26 Milliarden", "1,2 Mio.", "eine Million"), fractions ("ein Drittel",
    "eine halbe Million", "zweieinhalb") and "Dutzend". Ordinals ("3.", "dritte"),
    ranges and indefinite plurals ("Dutzende") are not numbers: the answer is None.
    """
    vocab = vocab or number_vocabulary(lang)
    tokens = _SPACES.split(text.strip())  # no-break and thin spaces group digits
    if not tokens or not tokens[0]:
        return None
    sign = 1
    if len(tokens) > 1 and tokens[0].lower() in vocab.sign_words:  # "minus 20"
        sign = vocab.sign_words[tokens.pop(0).lower()]
    first = tokens[0]
    if first[:1] in vocab.signs and len(first) > 1 and first[1].isdigit():
        sign *= vocab.signs[first[:1]]
        tokens[0] = first[1:]
    total = 0.0
    current: float | None = None
    for token in tokens:
        word = token.lower()
        value = None if current is not None and word in vocab.scales else _atom(word, vocab)
        if value is not None:
            if current is not None:
                return None  # two numbers in a row: "2 3"
            current = value
        elif word in vocab.fractions:
            current = (1.0 if current is None else current) * vocab.fractions[word]
        elif word in vocab.scales:
            if current is None:
                return None  # "Millionen" alone is not a number (see parse_vague)
            total += current * vocab.scales[word]
            current = None
        else:
            return None
    if current is not None:
        total += current
    # "0,3 Mrd." is 300000000, not 300000000.00000006
    return sign * float(f"{total:.12g}")


def parse_vague(
    text: str, lang: str = "de", *, vocab: NumberVocabulary | None = None
) -> float | None:
    """The least value an indefinite plural stands for ("Dutzende" 24, "Tausende" 2000)."""
    return (vocab or number_vocabulary(lang)).vague.get(text.strip().lower())


def is_number_word(text: str, lang: str = "de", *, vocab: NumberVocabulary | None = None) -> bool:
    """Whether one token is a number by itself (digits or a number word)."""
    return _atom(text.lower(), vocab or number_vocabulary(lang)) is not None


def _atom(word: str, vocab: NumberVocabulary) -> float | None:
    """One token standing for one number: digits or a (compound) number word."""
    if word and word[0].isdigit():
        return _digits(word, vocab)
    if word in vocab.mixed:
        return vocab.mixed[word]
    value = _word(word, vocab)
    return None if value is None else float(value)


def _digits(word: str, vocab: NumberVocabulary) -> float | None:
    if not vocab.digits.match(word):
        return None
    integer, _, fraction = word.partition(vocab.decimal)
    for group in vocab.groups:
        integer = integer.replace(group, "")
    return float(f"{integer}.{fraction}" if fraction else integer)


def _word(word: str, vocab: NumberVocabulary) -> float | None:
    """A number word, compounds included: "sechsundzwanzig", "zweitausendvierundzwanzig"."""
    if not word:
        return None
    if word in vocab.words:
        return vocab.words[word]
    if vocab.half_suffix and word.endswith(vocab.half_suffix) and word != vocab.half_suffix:
        whole = _word(word[: -len(vocab.half_suffix)], vocab)
        return None if whole is None else whole + 0.5
    for marker, factor in ((vocab.thousand, 1000), (vocab.hundred, 100)):
        at = word.find(marker)
        if at < 0:
            continue
        left, right = word[:at], word[at + len(marker) :]
        multiplier = _word(left, vocab) if left else 1
        rest = _word(right, vocab) if right else 0
        if multiplier is None or rest is None or multiplier < 1 or rest >= factor:
            return None
        if factor == 100 and multiplier >= 10:
            return None
        return multiplier * factor + rest
    if vocab.joiner:
        unit, joiner, tens = word.partition(vocab.joiner)
        if joiner and tens in vocab.tens and unit in vocab.words and 1 <= vocab.words[unit] <= 9:
            return vocab.words[unit] + vocab.words[tens]
    return None
