"""The vocabulary a language's components share: ``lang/<code>/vocabulary.json``.

Articles, pronouns, prepositions, conjunctions, adjective endings, month and weekday names
and the spelling rules (German capitalises nouns) are the same for every component, so they
are written once, here, instead of once per component; a component's own file
(``times.json``, ``quantities.json``...) holds only what is particular to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .resources import cached_per_source, load_json, load_lines

VOCABULARY_FILE = "vocabulary.json"
FUNCTION_WORDS_FILE = "function_words.txt"


@dataclass(frozen=True)
class LanguageVocabulary:
    """The shared words of one language (lower case) and its spelling rules."""

    code: str
    definite_articles: frozenset[str]
    indefinite_articles: frozenset[str]
    demonstratives: frozenset[str]
    personal_pronouns: frozenset[str]
    possessives: frozenset[str]
    reflexive_pronouns: frozenset[str]
    prepositions: frozenset[str]
    preposition_contractions: dict[str, str]
    coordinating_conjunctions: frozenset[str]
    subordinating_conjunctions: frozenset[str]
    adjective_endings: tuple[str, ...]
    months: dict[str, int]  # every written form, abbreviations without their full stop
    month_abbreviations: frozenset[str]  # written with a full stop
    weekdays: dict[str, int]
    nouns_capitalised: bool
    letters: str  # the letters of the alphabet, as the inside of a regex class
    capitals: str
    opening_quote_marks: tuple[str, ...]
    function_words: frozenset[str]

    @property
    def articles(self) -> frozenset[str]:
        """Definite and indefinite articles and demonstratives: the words before a noun."""
        return self.definite_articles | self.indefinite_articles | self.demonstratives

    def month(self, word: str) -> int | None:
        """The month a word names, as written: ``"März"``, ``"Dezembers"``, ``"Okt."``
        (an abbreviation only with its full stop)."""
        lower = word.lower()
        if lower.endswith("."):
            base = lower[:-1]
            return self.months.get(base) if base in self.month_abbreviations else None
        return None if lower in self.month_abbreviations else self.months.get(lower)

    def marks_noun(self, word: str) -> bool:
        """Whether the spelling marks ``word`` as a noun (or a name): a capital first letter
        in a language that capitalises nouns. Elsewhere case says nothing: False."""
        return self.nouns_capitalised and word[:1].isupper()

    def as_noun(self, word: str) -> str:
        """``word`` (lower case) as a noun is written: ``"märz"`` -> ``"März"`` where the
        language capitalises nouns, unchanged elsewhere."""
        return word[:1].upper() + word[1:] if self.nouns_capitalised else word

    def marks_non_noun(self, word: str) -> bool:
        """Whether the spelling rules ``word`` out as a noun: all lower case in a language
        that capitalises nouns (a verb, an adjective, a function word)."""
        return self.nouns_capitalised and word.islower()


@cached_per_source
def language_vocabulary(lang: str) -> LanguageVocabulary:
    """The shared vocabulary of ``lang``, from ``lang/<code>/vocabulary.json`` (a saved
    component's copy while it loads)."""
    data = load_json(lang, VOCABULARY_FILE)
    return LanguageVocabulary(
        code=lang,
        definite_articles=frozenset(data["definite_articles"]),
        indefinite_articles=frozenset(data["indefinite_articles"]),
        demonstratives=frozenset(data["demonstratives"]),
        personal_pronouns=frozenset(data["personal_pronouns"]),
        possessives=frozenset(data["possessives"]),
        reflexive_pronouns=frozenset(data["reflexive_pronouns"]),
        prepositions=frozenset(data["prepositions"]),
        preposition_contractions=dict(data["preposition_contractions"]),
        coordinating_conjunctions=frozenset(data["coordinating_conjunctions"]),
        subordinating_conjunctions=frozenset(data["subordinating_conjunctions"]),
        adjective_endings=tuple(data["adjective_endings"]),
        months=dict(data["months"]),
        month_abbreviations=frozenset(data["month_abbreviations"]),
        weekdays=dict(data["weekdays"]),
        nouns_capitalised=bool(data["nouns_capitalised"]),
        letters=data["letters"],
        capitals=data["capitals"],
        opening_quote_marks=tuple(data["opening_quote_marks"]),
        function_words=frozenset(load_lines(lang, FUNCTION_WORDS_FILE)),
    )
