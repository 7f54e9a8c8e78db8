"""Reported-speech chains, media sources, short quoted words, and the Konjunktiv I test."""

from __future__ import annotations

import pytest

from lagebild.components.quotes import Lexicon
from lagebild.pipeline import blank_pipeline


@pytest.fixture(scope="module")
def nlp():
    nlp = blank_pipeline("de")
    nlp.add_pipe("lagebild_sentences")
    nlp.add_pipe("lagebild_quotes")
    return nlp


def found(nlp, text: str) -> list[tuple[str, str | None, str]]:
    doc = nlp(text)
    spans = sorted(doc.spans["lagebild_quotes"], key=lambda s: s.start_char)
    return [(s.text, s._.lagebild_quote["speaker_text"], s._.lagebild_quote["kind"]) for s in spans]


@pytest.mark.parametrize("word", ["sei", "seien", "habe", "werde", "könne", "liege", "bringe"])
def test_konjunktiv1_forms(word):
    assert Lexicon("de").is_konjunktiv1(word)


@pytest.mark.parametrize("word", ["hat", "haben", "liegt", "lage", "Lage", "die", "wird", "sind"])
def test_not_konjunktiv1(word):
    assert not Lexicon("de").is_konjunktiv1(word)


def test_konjunktiv_sentences_continue_the_speech(nlp):
    text = (
        "Die Lage sei ernst, sagte die Ministerin. Man werde alle Optionen prüfen. "
        "Eine Entscheidung falle erst im Herbst. Die Regierung tagt am Montag."
    )
    quotes = found(nlp, text)
    assert [q[0] for q in quotes] == [
        "Die Lage sei ernst",
        "Man werde alle Optionen prüfen",
        "Eine Entscheidung falle erst im Herbst",
    ]
    assert all(q[1] == "die Ministerin" and q[2] == "indirect" for q in quotes)


def test_chain_after_laut(nlp):
    quotes = found(nlp, "Laut Polizei wurde niemand verletzt. Der Täter sei geflüchtet.")
    assert quotes[-1] == ("Der Täter sei geflüchtet", "Polizei", "indirect")


def test_indicative_sentence_breaks_the_chain(nlp):
    text = "Die Lage sei ernst, sagte die Ministerin. Am Abend regnete es. Man werde prüfen."
    assert [q[0] for q in found(nlp, text)] == ["Die Lage sei ernst"]


def test_no_chain_without_a_speech_before(nlp):
    assert found(nlp, "Am Abend regnete es. Das Wetter sei schuld gewesen.") == []


def test_media_source(nlp):
    text = "In einem offenen Brief heißt es, dass die Schule schließen müsse."
    assert found(nlp, text) == [
        ("dass die Schule schließen müsse", "einem offenen Brief", "indirect")
    ]


@pytest.mark.parametrize(
    "text, words, speaker",
    [
        ("Die Ministerin bezeichnete den Plan als „Irrweg“.", "Irrweg", "Die Ministerin"),
        ("Der Kanzler sprach von einer „historischen“ Einigung.", "historischen", "Der Kanzler"),
    ],
)
def test_short_quoted_words_of_a_speaker(nlp, text, words, speaker):
    assert found(nlp, text) == [(words, speaker, "direct")]


def test_quoted_title_is_no_quote(nlp):
    assert found(nlp, "Er las den Roman „Krieg und Frieden“ am Abend.") == []
