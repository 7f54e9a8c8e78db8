"""The quote finder's word lists (``lang/<code>/``) and its speech-event record."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...language import LanguageVocabulary, language_vocabulary
from ...resources import load_json, load_lines, load_tsv
from .morphology import is_konjunktiv1


@dataclass(frozen=True)
class SpeechEvent:
    """One reported speech: token indices of its cue, token span of its source, character
    span of its content (None: an event without reported content, e.g. "Frage")."""

    kind: str
    cue: tuple[int, ...]
    source: tuple[int, int] | None = None
    content: tuple[int, int] | None = None
    resolved: tuple[int, int] | None = None  # char span of the named person a pronoun means
    origin: str = "rules"

    @property
    def cue_tokens(self) -> tuple[int, ...]:
        return self.cue


@dataclass
class Lexicon:
    """The language's word lists for quotes."""

    lang: str
    rules: dict = field(init=False)
    language: LanguageVocabulary = field(init=False)  # the words all components share
    infinitive_endings: tuple[str, ...] = field(init=False)
    finite: dict[str, list[tuple[str, str]]] = field(init=False)
    joined: dict[str, str] = field(init=False)
    object_verbs: set[str] = field(init=False)
    verb_forms: frozenset[str] = field(init=False)  # every form of a reporting verb
    role_nouns: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.rules = load_json(self.lang, "quotes.json")
        self.language = language_vocabulary(self.lang)
        self.infinitive_endings = tuple(self.rules["infinitive_endings"])
        self.finite, self.joined, self.object_verbs = {}, {}, set()
        for row in load_tsv(self.lang, "reporting_verbs.tsv"):
            lemma, particle, alone = row[0], row[1], row[2]
            joined = row[3] if len(row) > 3 else ""
            flags = row[4] if len(row) > 4 else ""
            for form in filter(None, alone.split(",")):
                self.finite.setdefault(form, []).append((lemma, particle))
            for form in filter(None, joined.split(",")):
                self.joined[form] = lemma
            if "object" in flags:
                self.object_verbs.add(lemma)
        self.verb_forms = frozenset(self.finite) | frozenset(self.joined)
        self.role_nouns = tuple(sorted(load_lines(self.lang, "role_nouns.txt"), key=len))

    def words(self, key: str) -> set[str]:
        return set(self.rules[key])

    def time_nouns(self) -> set[str]:
        """Nouns of time as written ("Woche", "März", "Montag"): quotes.json's and the
        month (written out) and weekday names of the shared vocabulary."""
        language = self.language
        calendar = [w for w in language.months if w not in language.month_abbreviations]
        calendar += list(language.weekdays)
        return set(self.rules["time_nouns"]) | {language.as_noun(w) for w in calendar}

    def is_konjunktiv1(self, word: str) -> bool:
        """``word`` (as written) is a distinctive Konjunktiv I form (morphology.py)."""
        return is_konjunktiv1(word, self.lang, self.infinitive_endings)

    def is_role_noun(self, word: str) -> bool:
        return word.lower().endswith(self.role_nouns)  # one C call over the tuple
