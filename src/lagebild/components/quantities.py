"""Quantities: money, percentages, measures and counts, with normalised values and units.

Rules over tokens: an amount (digits in the language's notation, number words, scale words,
fractions, ranges, indefinite plurals such as "Dutzende"), the qualifier before it ("etwa",
"mehr als", "bis zu") and what follows it: a currency (-> ISO 4217), a percent word, a unit
of measure (-> symbol) or a counted noun (-> its lemma). Numbers of dates, times, ages,
durations, ordinals, phone numbers, versions, IDs and page or paragraph numbers are not
quantities: durations and dates are left to the time layer, and where that layer has already
run (``doc.spans["lagebild_times"]``) no quantity's number overlaps it (a rate unit may:
"Barrel pro Tag"); without it, the rules here rule such numbers out themselves.

Values are normalised (26 Milliarden -> 26000000000, 3,17 Cent -> 0.0317 EUR); qualifiers are
recorded (``approx``, ``bound``, ``qualifier``) without changing the value; a range keeps its
upper end in ``value_max``. The counted noun's lemma comes from suffix rules and exceptions
(no German lemmatizer model is available; spaCy's lookup table would be a ~90 MB dependency).

The vocabulary is data: ``lang/<code>/numbers.json`` (number words, via
:mod:`lagebild.numbers`), ``currencies.tsv``, ``units.tsv`` and ``quantities.json``
(qualifiers, ranges, words that rule a number out, the counted noun's lemma rules).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import layers
from ..extensions import register_extensions
from ..language import LanguageVocabulary, language_vocabulary
from ..numbers import is_number_word, number_vocabulary, parse_number, parse_vague
from ..resources import load_json, load_tsv
from .persist import Persistent

QUANTITIES = "lagebild_quantities"
TIMES = "lagebild_times"

MAX_NUMBER_TOKENS = 6
MAX_PHRASE_TOKENS = 4


@dataclass
class Found:
    """One quantity over tokens ``start:end``; the other fields are the layer's values."""

    start: int
    end: int
    kind: str
    value: float
    unit: str | None
    approx: bool = False
    bound: str | None = None
    qualifier: str | None = None
    value_max: float | None = None
    number_end: int | None = None  # where the amount ends and the unit begins

    def values(self) -> dict:
        values = asdict(self)
        del values["start"], values["end"], values["number_end"]
        values["value"] = _plain(self.value)
        values["value_max"] = None if self.value_max is None else _plain(self.value_max)
        return values


@dataclass
class _Amount:
    start: int
    end: int
    value: float
    value_max: float | None = None
    vague: bool = False
    article: bool = False  # "ein", "eine": a number only before some units ("ein Prozent")


@dataclass
class _Unit:
    end: int
    kind: str
    unit: str | None
    factor: float = 1.0  # "3,17 Cent" is 0.0317 EUR


@Language.factory(
    QUANTITIES,
    assigns=["doc.spans"],
    default_config={"lang": None, "spans_key": QUANTITIES, "times_key": None},
)
class QuantityFinder(Persistent):
    """Finds money, percentages, measures and counts and writes them to ``doc.spans``."""

    resource_files = (
        "quantities.json",
        "function_words.txt",
        "currencies.tsv",
        "units.tsv",
        "numbers.json",
        "vocabulary.json",
    )

    def __init__(
        self,
        nlp: Language,
        name: str = QUANTITIES,
        *,
        lang: str | None = None,
        spans_key: str = QUANTITIES,
        times_key: str | None = None,
    ):
        register_extensions()
        self.name = name
        self.lang = lang or nlp.lang
        self.spans_key = spans_key
        self.times_key = times_key
        self.numbers = number_vocabulary(self.lang)
        rules = load_json(self.lang, "quantities.json")
        self.language = language_vocabulary(self.lang)
        self.qualifiers = {k: v for k, v in rules["qualifiers"].items() if not k.startswith("_")}
        self.vague = {k: float(v) for k, v in rules["vague"].items() if not k.startswith("_")}
        self.range_joiners = {k: set(v) for k, v in rules["range_joiners"].items()}
        self.dashes = tuple(rules["dashes"])
        self.articles = set(self.language.indefinite_articles) | set(rules["article_numbers"])
        self.multiplier = rules["multiplier"]
        self.article_kinds = set(rules["article_kinds"])
        self.min_bare_scale = rules["min_bare_scale"]
        self.adjective_endings = self.language.adjective_endings
        self.max_adjectives = rules["max_adjectives"]
        self.not_adjectives = set(rules["not_adjectives"]) | self.language.function_words
        self.time_nouns = set(rules["time_nouns"]) | _calendar_words(self.language)
        self.age_markers = tuple(rules["age_markers"])
        self.before_not_quantity = set(rules["before_not_quantity"])
        self.before_year = set(rules["before_year"]) | set(self.language.months)
        self.year_range = tuple(rules["year_range"])
        self.coordination = set(self.language.coordinating_conjunctions)
        self.unit_adjective_suffix = rules["unit_adjective_suffix"]
        self.vague_of = set(rules["vague_of"])
        self.preposition_after_noun = set(rules["preposition_after_noun"])
        self.preposition_verbs = tuple(rules["preposition_verbs"])
        self.max_plain_digits = rules["max_plain_digits"]
        self.inflections = tuple(sorted(rules["inflections"], key=len, reverse=True))
        self.lemma_rules = rules["lemma"]
        self._nominalised = set(self.lemma_rules["nominalised"])
        self._nominalised_endings = tuple(n for n in self._nominalised if not n.startswith("="))
        self._exceptions_longest = sorted(
            (k for k in self.lemma_rules["exceptions"] if not k.startswith("=")),
            key=len,
            reverse=True,
        )
        self.currencies: dict[str, tuple[str, float]] = {}
        self.prefix_currencies: dict[str, str] = {}
        for surface, code, position, *factor in load_tsv(self.lang, "currencies.tsv"):
            self.currencies[surface] = (code, float(factor[0]) if factor else 1.0)
            if position == "both":
                self.prefix_currencies[surface] = code
        self._first_word_cache: dict[int, set[str]] = {}
        self._tokenizer = nlp.tokenizer
        self._starters: dict[str, bool] = {}
        self._vague_starts = {phrase.split(" ", 1)[0] for phrase in self.vague}
        self.units: dict[str, tuple[str, str]] = {}
        for surface, symbol, kind, _dimension in load_tsv(self.lang, "units.tsv"):
            self.units[surface] = (symbol, kind)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    # -- finding ---------------------------------------------------------------------------

    def find(self, doc: Doc) -> list[Found]:
        """The quantities of ``doc``, left to right, not overlapping each other or times."""
        blocked = set()
        # an explicit times_key, else wherever the time component wrote its layer
        times_key = self.times_key or layers.spans_key(doc, "times")
        for span in doc.spans.get(times_key, []):
            blocked.update(range(span.start, span.end))
        found: list[Found] = []
        free = 0  # tokens before this belong to an earlier match
        for token in doc:
            i = token.i
            if i < free or not self._may_start(token.text):
                continue
            match = self._match_at(doc, i)
            if match is None:
                continue
            # a time span may share the unit ("Barrel pro Tag", "km pro Stunde"), not the number
            number = (
                range(match.start, match.number_end or match.end)
                if isinstance(match, Found)
                else None
            )
            if number is not None and not blocked.intersection(number):
                found.append(match)
            free = match.end
        return found

    def set_annotations(self, doc: Doc, found: list[Found]) -> None:
        spans = []
        for item in found:
            span = Span(doc, item.start, item.end, label=item.kind)
            span._.lagebild_quantity = item.values()
            spans.append(span)
        doc.spans[self.spans_key] = spans
        layers.record(doc, "quantities", self.spans_key)

    def _match_at(self, doc: Doc, i: int) -> Found | _Amount | None:
        """The quantity starting at token ``i`` (qualifier included), or an _Amount to skip
        (a number that is part of a duration or an age), or None."""
        token = doc[i]
        if not self._may_start(token.text):
            return None
        if self._ruled_out_by_context(doc, i):
            number = self._number(doc, i)
            return _Amount(i, number.end, number.value) if number else None
        if token.text in self.prefix_currencies:
            amount = self._amount(doc, i + 1)
            if amount is not None and not amount.vague:
                return self._build(
                    doc, i, amount, _Unit(amount.end, "money", self.prefix_currencies[token.text])
                )
        compound = self._compound(doc, i) or self._multiple(doc, i)
        if compound is not None:
            return compound
        amount = self._amount(doc, i)
        if amount is None:
            return None
        if amount.value_max is not None and self._years(doc, amount):
            return amount  # "zwischen 2014 und 2022", "1722 bis 1787": a period (skipped)
        unit = self._unit_after(doc, amount)
        if unit is None:
            return None
        if unit.kind == "skip":
            return _Amount(i, unit.end, amount.value)
        return self._build(doc, i, amount, unit)

    def _may_start(self, text: str) -> bool:
        """Whether a quantity can begin with this token (a quick test, cached per word)."""
        if text[:1].isdigit():
            return True
        known = self._starters.get(text)
        if known is None:
            if len(self._starters) > 100_000:
                self._starters.clear()
            lower = text.lower()
            first = lower.split("-", 1)[0]
            known = self._starters[text] = bool(
                text in self.prefix_currencies
                or lower in self.range_joiners
                or lower in self.numbers.vague
                or lower in self.numbers.sign_words
                or lower in self._vague_starts
                or lower in self.numbers.fractions
                or lower in self.numbers.mixed
                or lower.endswith(self.multiplier["suffix"])
                or (text[:1] in self.numbers.signs and text[1:2].isdigit())
                or is_number_word(first, vocab=self.numbers)
            )
        return known

    def _build(self, doc: Doc, start: int, amount: _Amount, unit: _Unit) -> Found:
        qualifier_start, qualifier = self._qualifier_before(doc, start)
        info = self.qualifiers.get(qualifier, {}) if qualifier else {}
        approx, bound = bool(info.get("approx")), info.get("bound")
        if amount.vague:
            approx, bound = True, bound or "lower"
            qualifier = qualifier or doc[amount.start : amount.end].text.lower()
        value, value_max = amount.value, amount.value_max
        if unit.factor != 1.0:
            value = _rounded(value * unit.factor)
            value_max = None if value_max is None else _rounded(value_max * unit.factor)
        return Found(
            start=qualifier_start,
            end=unit.end,
            kind=unit.kind,
            value=value,
            unit=unit.unit,
            approx=approx,
            bound=bound,
            qualifier=qualifier,
            value_max=value_max,
            number_end=amount.end,
        )

    # -- amounts ---------------------------------------------------------------------------

    def _amount(self, doc: Doc, i: int) -> _Amount | None:
        """A number, range or indefinite amount starting at token ``i``."""
        if i >= len(doc):
            return None
        word = doc[i].lower_
        if word in self.range_joiners and word:
            first = self._number(doc, i + 1)
            if first is not None:
                ranged = self._range_from(doc, first, self.range_joiners[word])
                if ranged is not None:
                    ranged.start = i
                    return ranged
            return None
        for size in (2, 1):
            phrase = doc[i : i + size].text.lower()
            if size == 2 and phrase in self.vague:
                return self._vague_end(doc, _Amount(i, i + 2, self.vague[phrase], vague=True))
        value = parse_vague(doc[i].text, vocab=self.numbers)
        if value is not None:
            return self._vague_end(doc, _Amount(i, i + 1, value, vague=True))
        number = self._number(doc, i)
        if number is None:
            return None
        return self._range_from(doc, number, self.range_joiners.get("", set())) or number

    def _vague_end(self, doc: Doc, amount: _Amount) -> _Amount:
        """ "Dutzende Milliarden Dollar": a scale word multiplies the indefinite amount;
        "Tausende von Menschen": the "von" belongs to the amount."""
        if amount.end < len(doc) and doc[amount.end].lower_ in self.numbers.scales:
            amount.value *= self.numbers.scales[doc[amount.end].lower_]
            amount.end += 1
        if amount.end < len(doc) and doc[amount.end].lower_ in self.vague_of:
            amount.end += 1
        return amount

    def _range_from(self, doc: Doc, first: _Amount, joiners: set[str]) -> _Amount | None:
        """``first`` followed by a joiner and a second number: a range."""
        if first.value_max is not None:
            return first
        for size in (2, 1):
            joiner = doc[first.end : first.end + size]
            if len(joiner) == size and joiner.text.lower() in joiners:
                second = self._number(doc, first.end + size)
                if second is None or second.value_max is not None:
                    continue
                low = first.value
                scale = self._trailing_scale(doc, second)
                if scale and not self._trailing_scale(doc, first):
                    low *= scale
                if low >= second.value:
                    return None
                return _Amount(first.start, second.end, low, second.value)
        return None

    def _trailing_scale(self, doc: Doc, amount: _Amount) -> float | None:
        last = doc[amount.end - 1].lower_
        if amount.end - amount.start < 2 or doc[amount.end - 2].lower_ in self.range_joiners[""]:
            return None
        return self.numbers.scales.get(last)

    def _number(self, doc: Doc, i: int) -> _Amount | None:
        """The longest run of tokens from ``i`` that is one number ("26 Milliarden", "1,2
        Mio.", "ein Drittel"), or a one-token range ("10–20")."""
        if i >= len(doc) or not self._numeric_start(doc[i].text):
            return None
        ranged = self._range_token(doc, i)
        if ranged is not None:
            return ranged
        run = 1  # how far number material ("26", "Milliarden", "ein", "Drittel") reaches
        while run < MAX_NUMBER_TOKENS and i + run < len(doc) and self._number_part(doc[i + run]):
            run += 1
        for size in range(run, 0, -1):
            span = doc[i : i + size]
            if span[-1].is_space:
                continue
            value = parse_number(span.text, vocab=self.numbers)
            if value is None:
                continue
            article = size == 1 and doc[i].lower_ in self.articles
            return _Amount(i, i + size, value, article=article)
        return None

    def _number_part(self, token) -> bool:
        """Whether a token can continue a number: digits, a number, scale or fraction word,
        or the spaces between them."""
        if token.is_space:
            return "\n" not in token.text
        lower = token.lower_
        return (
            lower[:1].isdigit()
            or lower in self.numbers.scales
            or lower in self.numbers.fractions
            or self._may_start(token.text)
        )

    def _numeric_start(self, text: str) -> bool:
        """Digits that are not a phone number, a code or an over-long plain run, or a word."""
        if not text[:1].isdigit():
            return text[:1].isalpha() or text[:1] in self.numbers.signs
        if text.startswith("0") and len(text) > 1 and text[1].isdigit():
            return False  # 030, 0171...: phone numbers, codes
        digits = text.split(self.numbers.decimal)[0]
        return not (digits.isdigit() and len(digits) > self.max_plain_digits)

    def _range_token(self, doc: Doc, i: int) -> _Amount | None:
        text = doc[i].text
        for dash in self.dashes:
            low, sep, high = text.partition(dash)
            if sep and low and high:
                a, b = parse_number(low, vocab=self.numbers), parse_number(high, vocab=self.numbers)
                if a is not None and b is not None and a < b:
                    return _Amount(i, i + 1, a, b)
        return None

    def _compound(self, doc: Doc, i: int) -> Found | None:
        """ "20-Prozent-Hürde", "26-Milliarden-Dollar-Deal", "32-mal": number and unit in one
        hyphenated token. Other compounds ("20-jährige", "3-Zimmer-Wohnung") are not quantities."""
        text = doc[i].text
        parts = text.split("-")
        if len(parts) < 2 or not parts[0] or not self._numeric_start(parts[0]):
            return None
        for cut in range(len(parts) - 1, 0, -1):
            value = parse_number(" ".join(parts[:cut]), vocab=self.numbers)
            if value is None:
                continue
            head = parts[cut]
            unit = None
            if head.lower() == self.multiplier["suffix"] and cut == len(parts) - 1:
                unit = _Unit(i + 1, "count", self.multiplier["word"])
            elif (currency := self._lookup_word(head, self.currencies)) is not None:
                unit = _Unit(i + 1, "money", *currency)
            elif (symbol := self._lookup_word(head, self.units)) is not None:
                unit = _Unit(i + 1, symbol[1], symbol[0])
            else:
                percent = self._adjectival_percent(head)
                if percent is not None:
                    unit = _Unit(i + 1, "percent", percent)
            if unit is None:
                return None
            return self._build(doc, i, _Amount(i, i + 1, value), unit)
        return None

    def _multiple(self, doc: Doc, i: int) -> Found | None:
        """ "fünfmal", "32mal": how many times, one word."""
        lower = doc[i].lower_
        suffix = self.multiplier["suffix"]
        if not lower.endswith(suffix) or lower in self.multiplier["exclude"]:
            return None
        value = parse_number(lower[: -len(suffix)].rstrip("-"), vocab=self.numbers)
        if value is None or value < 2:
            return None
        unit = _Unit(i + 1, "count", self.multiplier["word"])
        return self._build(doc, i, _Amount(i, i + 1, value), unit)

    def _adjectival_percent(self, word: str) -> str | None:
        """ "3,5-prozentige": the adjective of a percent word."""
        lower = word.lower()
        suffix = self.unit_adjective_suffix
        for surface, (symbol, kind) in self.units.items():
            adjective = surface.lower() + suffix
            if kind == "percent" and surface.isalpha() and lower.startswith(adjective):
                return symbol
        return None

    # -- what follows the amount -----------------------------------------------------------

    def _unit_after(self, doc: Doc, amount: _Amount) -> _Unit | None:
        """Currency, unit, "Mal" or counted noun after the amount; kind "skip" for a duration
        or an age (the number must not be read again)."""
        j = amount.end
        while j < len(doc) and doc[j].is_space and "\n" not in doc[j].text:
            j += 1  # "60.000  Euro"
        if j >= len(doc):
            return self._bare_scaled(doc, amount)
        if self._is_time_or_age(doc, j):
            return _Unit(j + 1, "skip", None)
        if amount.article:
            phrase = self._phrase(doc, j, self.units)
            if phrase is not None and phrase[1][1] in self.article_kinds:
                return _Unit(phrase[0], phrase[1][1], phrase[1][0])
            return None
        phrase = self._phrase(doc, j, self.currencies)
        if phrase is not None:
            return _Unit(phrase[0], "money", *phrase[1])
        phrase = self._phrase(doc, j, self.units)
        if phrase is not None:
            symbol, kind = phrase[1]
            return _Unit(phrase[0], kind, symbol)
        if doc[j].text in (self.multiplier["word"], self.multiplier["suffix"]):
            return _Unit(j + 1, "count", self.multiplier["word"])
        k = j
        while k < len(doc) and k - j < self.max_adjectives and self._is_adjective(doc[k]):
            k += 1
        if k >= len(doc):
            return self._bare_scaled(doc, amount)
        if self._is_time_or_age(doc, k):
            return _Unit(k + 1, "skip", None)
        if amount.value < 1 and not doc[amount.start].text[:1].isdigit():
            return None  # "die Hälfte der Stimmen", "ein Drittel der Abgeordneten": shares
        if self._is_counted_noun(doc[k]):
            end = self._glued_end(doc, k)  # "ATACMS-Raketen" split by another component
            return _Unit(end, "count", self.lemma(doc[k:end].text))
        coordinated = self._coordinated_nouns(doc, k)
        if coordinated is not None:
            end, noun = coordinated
            return _Unit(end, "count", noun)
        return self._bare_scaled(doc, amount)

    def _bare_scaled(self, doc: Doc, amount: _Amount) -> _Unit | None:
        """ "auf 18,1 Millionen": a number with a scale word and nothing counted after it is
        still a quantity (a count without unit); a bare "18" is not."""
        if amount.vague or not self._trailing_scale(doc, amount):
            return None
        if self.numbers.scales[doc[amount.end - 1].lower_] < self.min_bare_scale:
            return None
        return _Unit(amount.end, "count", None)

    def _glued_end(self, doc: Doc, k: int) -> int:
        """The end of a hyphenated compound that a tokenizer split into word, "-", word."""
        end = k + 1
        while (
            end + 1 < len(doc)
            and doc[end].text in self.dashes
            and not doc[end - 1].whitespace_
            and not doc[end].whitespace_
            and doc[end + 1].is_alpha
        ):
            end += 2
        return end

    def _coordinated_nouns(self, doc: Doc, k: int) -> tuple[int, str] | None:
        """ "Staats- und Regierungschefs": a truncated compound joined to a full noun."""
        if k + 2 >= len(doc):
            return None
        first, joiner, last = doc[k], doc[k + 1], doc[k + 2]
        if (
            first.text.endswith("-")
            and self.language.marks_noun(first.text)
            and joiner.lower_ in self.coordination
            and self._is_counted_noun(last)
        ):
            return k + 3, f"{first.text} {joiner.text} {self.lemma(last.text)}"
        return None

    def _is_time_or_age(self, doc: Doc, j: int) -> bool:
        word = doc[j].lower_
        if word in self.time_nouns:
            return True
        return word.lstrip("-").startswith(self.age_markers)

    def _is_adjective(self, token) -> bool:
        text = token.text
        return (
            text.isalpha()
            and self.language.marks_non_noun(text)
            and len(text) > 3
            and text.endswith(self.adjective_endings)
            and text not in self.not_adjectives
        )

    def _is_counted_noun(self, token) -> bool:
        text = token.text
        letters = text.replace("-", "")
        return (
            len(letters) > 1
            and letters.isalpha()
            and self.language.marks_noun(text)
            and not text.endswith("-")
            and token.lower_ not in self.before_not_quantity
            and token.lower_ not in self.numbers.vague
            and token.lower_ not in self.not_adjectives  # "Das", "Die" after a number
        )

    def _phrase(self, doc: Doc, j: int, table: dict):
        """The longest vocabulary entry starting at token ``j``: (end, value)."""
        if j >= len(doc):
            return None
        first = doc[j].text
        if first not in self._first_tokens(table) and self._uninflect(first, table) is None:
            return None  # (a quick test: most words start no unit)
        for size in range(min(MAX_PHRASE_TOKENS, len(doc) - j), 0, -1):
            span = doc[j : j + size]
            value = table.get(span.text)
            if value is None:
                value = table.get(" ".join(t.text for t in span))
            if value is None:
                value = self._lookup_word(span.text, table)
            if value is None and size > 1:  # "Kilometern pro Stunde"
                first = self._uninflect(span[0].text, table)
                if first is not None:
                    value = table.get(" ".join([first, *(t.text for t in span[1:])]))
            if (
                value is None
                and len(span) > 1
                and len(span[-1]) > 1
                and span[-1].text.endswith(".")
            ):
                value = table.get(span.text[:-1])  # "km/h." at the end of a sentence
            if value is not None:
                return j + size, value
        return None

    def _lookup_word(self, text: str, table: dict):
        """``text`` in ``table``, also inflected ("Kilometern", "Dollars", "Tonnen")."""
        if text in table:
            return table[text]
        base = self._uninflect(text, table)
        return table.get(base) if base is not None else None

    def _uninflect(self, text: str, table: dict) -> str | None:
        """The entry of ``table`` that ``text`` is an inflected form of: "Kilometern" ->
        "Kilometer"; for a multi-word entry, the form of its first word ("Kilometer")."""
        last = text.rsplit(" ", 1)[-1]
        if not last.isalpha() or len(last) < 4:
            return None
        for suffix in self.inflections:
            base = text[: -len(suffix)]
            if text.endswith(suffix) and (base in table or base in self._first_words(table)):
                return base
        return None

    def _first_tokens(self, table: dict) -> set[str]:
        """The first token of every entry, as the tokenizer splits it ("km" of "km/h")."""
        key = -id(table)
        if key not in self._first_word_cache:
            firsts = {t[0].text for t in self._tokenizer.pipe(list(table))}
            firsts |= {s.split("-", 1)[0] for s in table}  # "US" of a split "US-Dollar"
            self._first_word_cache[key] = firsts
        return self._first_word_cache[key]

    def _first_words(self, table: dict) -> set[str]:
        key = id(table)
        if key not in self._first_word_cache:
            self._first_word_cache[key] = {s.split(" ", 1)[0] for s in table if " " in s}
        return self._first_word_cache[key]

    def _qualifier_before(self, doc: Doc, start: int) -> tuple[int, str | None]:
        for size in range(min(3, start), 0, -1):
            span = doc[start - size : start]
            phrase = span.text.lower()
            if phrase in self.qualifiers and not self._is_preposition(doc, start - size, phrase):
                return start - size, phrase
        return start, None

    def _is_preposition(self, doc: Doc, i: int, phrase: str) -> bool:
        """ "ein Kredit über 750 Mio.", "berieten über 15 Vorschläge": "über" after a noun or
        a verb is a preposition (in the amount of, about), not a bound."""
        if phrase not in self.preposition_after_noun or i == 0:
            return False
        before = doc[i - 1]
        if before.is_sent_start or not before.is_alpha:
            return False
        return self.language.marks_noun(before.text) or before.lower_.startswith(
            self.preposition_verbs
        )

    def _ruled_out_by_context(self, doc: Doc, i: int) -> bool:
        """Page, paragraph, phone, version and ID numbers ("S. 12", "§ 5", "Tel. 030 ..."),
        and years ("im Jahr 2023", "seit 2014", "die 1990 gegründete Firma")."""
        if not doc[i].text[:1].isdigit():
            return False
        if i > 0 and doc[i - 1].lower_ in self.before_not_quantity:
            return True
        if i > 1 and doc[i - 1].text in self.dashes and not doc[i - 1].whitespace_:
            if doc[i - 2].is_alpha and not doc[i - 2].whitespace_:
                return True  # "F-16", "Su-34" split into pieces: a type name
        if not self._looks_like_year(doc[i].text):
            return False
        if i + 1 < len(doc) and (
            self._phrase(doc, i + 1, self.units) or self._phrase(doc, i + 1, self.currencies)
        ):
            return False  # "von 1300 Kilometern"
        if i > 0 and doc[i - 1].lower_ in self.before_year:
            return True
        following = doc[i + 1] if i + 1 < len(doc) else None
        # "die 1990 gegründete Firma", "2016 kamen viele": a year before a lower-case word
        return (
            following is not None
            and self.language.marks_non_noun(following.text)
            and following.is_alpha
        )

    def _years(self, doc: Doc, amount: _Amount) -> bool:
        """Whether a range is written with two year-like numbers (and no unit follows)."""
        numbers = [t.text for t in doc[amount.start : amount.end] if t.text[:1].isdigit()]
        if len(numbers) == 1:
            numbers = [p for d in self.dashes for p in numbers[0].split(d) if d in numbers[0]]
        if len(numbers) != 2 or not all(self._looks_like_year(n) for n in numbers):
            return False
        j = amount.end
        return not (self._phrase(doc, j, self.units) or self._phrase(doc, j, self.currencies))

    def _looks_like_year(self, text: str) -> bool:
        low, high = self.year_range
        return len(text) == 4 and text.isdigit() and low <= int(text) <= high

    def _exception(self, word: str) -> str | None:
        exceptions = self.lemma_rules["exceptions"]
        for key in self._exceptions_longest:
            if word.endswith(key):
                return word[: len(word) - len(key)] + exceptions[key]
        return None

    # -- the counted noun's lemma ----------------------------------------------------------

    def lemma(self, noun: str) -> str:
        """The counted noun's citation form, by the exceptions and suffix rules of
        ``quantities.json``: "Wärmekraftwerken" -> "Wärmekraftwerk", "Länder" -> "Land"."""
        prefix, sep, word = noun.rpartition("-")
        lower = word.lower()
        lemma = None
        if "=" + lower in self._nominalised or any(map(lower.endswith, self._nominalised_endings)):
            # a nominalised adjective keeps its -e: "Beschäftigten" -> "Beschäftigte"
            keep = self.lemma_rules["nominalised_ending"]
            lemma = lower if lower.endswith(keep) else lower[:-1]
        exceptions = self.lemma_rules["exceptions"]
        if lemma is None and "=" + lower in exceptions:
            lemma = exceptions["=" + lower]
        if lemma is None:
            lemma = self._exception(lower)
        dative = self.lemma_rules["dative_plural_ending"]
        if lemma is None and lower.endswith(dative):
            lemma = self._exception(lower[: -len(dative)])  # dative plural: "Übergängen"
        if lemma is None:
            lemma = lower
            for ending, replacement, min_stem in self.lemma_rules["rules"]:
                if lower.endswith(ending) and len(lower) - len(ending) >= min_stem:
                    lemma = lower[: len(lower) - len(ending)] + replacement
                    break
        lemma = _restore_case(word, lemma)
        return f"{prefix}{sep}{lemma}"


def _calendar_words(language: LanguageVocabulary) -> set[str]:
    """Month and weekday names as written, lower case ("märz", "okt.", "montag")."""
    months = {w + "." if w in language.month_abbreviations else w for w in language.months}
    return months | set(language.weekdays)


def _restore_case(word: str, lemma: str) -> str:
    """The lemma with the noun's capitalisation (all capitals stay, otherwise a capital first)."""
    if word.isupper():
        return lemma.upper()
    return lemma[:1].upper() + lemma[1:] if word[:1].isupper() else lemma


def _rounded(value: float) -> float:
    return float(f"{value:.12g}")


def _plain(value: float) -> float | int:
    """26000000000.0 -> 26000000000; keeps fractions."""
    return int(value) if float(value).is_integer() else value
