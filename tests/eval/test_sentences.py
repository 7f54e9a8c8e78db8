"""Sentence-boundary evaluation: its detokeniser and its score on SpkAtt dev."""

from __future__ import annotations

import pytest

from lagebild.eval.sentences import detokenize, join_sentences, score, spkatt_documents


@pytest.mark.parametrize(
    "tokens,text",
    [
        (["Frau", "Präsidentin", "!"], "Frau Präsidentin!"),
        (["Er", "sagte", ":", "„", "Nein", "“", "."], "Er sagte: „Nein“."),
        (["Das", "(", "sogenannte", ")", "Gesetz", "."], "Das (sogenannte) Gesetz."),
        (["Er", "sagte", '"', "ja", '"', "."], 'Er sagte "ja".'),
    ],
)
def test_sentences_detokenize(tokens, text):
    assert detokenize(tokens) == text


def test_sentences_join_marks_boundaries():
    text, boundaries = join_sentences(["Eins.", "Zwei.", "Drei."])
    assert text == "Eins. Zwei. Drei."
    assert boundaries == {5, 11}


def test_sentences_spkatt_dev_floor(shared_data):
    result = score(spkatt_documents(shared_data / "quotes/spkatt2023/dev"))
    assert result["f1"] >= 0.95  # README: 0.959
