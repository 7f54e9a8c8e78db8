"""Sentence segmentation for news text.

Rules over tokens rather than a trained model: wire text has few patterns (datelines,
quotes closed after the full stop, ordinals, abbreviations, lines without final
punctuation) and rules handle each of them exactly. The language's punctuation and
word lists come from ``lang/<code>/sentences.json`` and the shared vocabulary
(``lagebild.language``: month names, function words).
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

from ..language import language_vocabulary
from ..resources import load_json
from .persist import Persistent

SENTENCES = "lagebild_sentences"

_ORDINAL = re.compile(r"^\d{1,3}\.$")
_YEAR = re.compile(r"^\d{4}\.$")


@Language.factory(SENTENCES, assigns=["token.is_sent_start"], default_config={"lang": None})
class SentenceSplitter(Persistent):
    """Marks sentence starts: after final punctuation (and the quotes closing it) when the
    next word can begin a sentence, after clause terminals (the semicolon: its clauses are
    independent statements), and after every line break."""

    resource_files = ("sentences.json", "function_words.txt", "vocabulary.json")

    def __init__(self, nlp: Language, name: str = SENTENCES, *, lang: str | None = None):
        self.name = name
        self.lang = lang or nlp.lang
        rules = load_json(self.lang, "sentences.json")
        self.terminals = set(rules["terminal"])
        self.clause_terminals = set(rules["clause_terminal"])
        self.dashes = set(rules["dashes"])
        self.closing = set(rules["closing"])
        self.opening = set(rules["opening"])
        self.continuing = set(rules["continuing"])
        self.final_abbreviations = set(rules["final_abbreviations"])
        self.language = language_vocabulary(self.lang)
        self.function_words = self.language.function_words

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def find(self, doc: Doc) -> list[int]:
        """Indices of the tokens that start a sentence."""
        if not len(doc):
            return []
        starts = [0]
        after_break = False
        for i, token in enumerate(doc):
            if token.is_space:
                after_break = after_break or "\n" in token.text
                continue
            if after_break and i > starts[-1]:
                starts.append(i)
            after_break = False
            if not self._may_end(token):
                continue
            j = self._skip_closing(doc, i + 1)
            while j < len(doc) and doc[j].is_space and "\n" not in doc[j].text:
                j += 1  # extra spaces between sentences
            if j >= len(doc) or doc[j].is_space:
                continue  # a line break follows: handled above
            if token.text in self.clause_terminals:
                starts.append(j)
            elif self._splits(token, self._after_dash(doc, j)):
                starts.append(j)
        return starts

    def set_annotations(self, doc: Doc, starts: list[int]) -> None:
        # one array write: setting token.is_sent_start token by token is quadratic in spaCy
        flags = numpy.full((len(doc), 1), -1, dtype="int32").astype("uint64")
        flags[starts, 0] = 1
        doc.from_array([SENT_START], flags)

    def _may_end(self, token: Token) -> bool:
        text = token.text
        return (
            text in self.terminals
            or text in self.clause_terminals
            or (len(text) > 1 and text.endswith("."))
        )

    def _skip_closing(self, doc: Doc, j: int) -> int:
        """Past the quotation marks and brackets that close the sentence (attached to it)."""
        while (
            j < len(doc)
            and (doc[j].text in self.closing or doc[j].text in self.terminals)
            and not doc[j - 1].whitespace_
        ):
            j += 1
        return j

    def _after_dash(self, doc: Doc, j: int) -> Token:
        """A dash opening the next sentence ("? - Dann ...") is judged by the word after it."""
        if doc[j].text in self.dashes and j + 1 < len(doc):
            return doc[j + 1]
        return doc[j]

    def _splits(self, end: Token, following: Token) -> bool:
        text = following.text
        if text in self.continuing or text[0].islower():
            return False
        starts_sentence = text[0].isupper() or text[0].isdigit() or text in self.opening
        if not starts_sentence:
            return False
        if end.text in self.terminals:
            return True
        if _YEAR.match(end.text):
            return True
        if _ORDINAL.match(end.text):
            # "am 3. März", "der 2. Weltkrieg" are ordinals; "Runde 3. Dann", "TOP 17. Die"
            # end a sentence: a function word follows, or no article or preposition precedes
            if self.language.month(text) is not None:
                return False
            before = end.nbor(-1).lower_ if end.i > 0 else ""
            return text.lower() in self.function_words or (
                before.isalpha() and before not in self.function_words
            )
        return end.text in self.final_abbreviations
