"""The sentence splitter alone, on German news constructions."""

from __future__ import annotations

import pytest

from lagebild.pipeline import blank_pipeline


@pytest.fixture(scope="module")
def nlp():
    nlp = blank_pipeline("de")
    nlp.add_pipe("lagebild_sentences")
    return nlp


def sentences(nlp, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


@pytest.mark.parametrize(
    "text,expected",
    [
        # dates, ordinals and numbers
        ("Am 26.11.2024 kam er an. Dann ging er.", ["Am 26.11.2024 kam er an.", "Dann ging er."]),
        (
            "Er reiste am 3. März ab. Am 5. Mai kam er.",
            ["Er reiste am 3. März ab.", "Am 5. Mai kam er."],
        ),
        ("Es war der 2. Weltkrieg in Europa.", ["Es war der 2. Weltkrieg in Europa."]),
        ("Das war 2010. Putin kam.", ["Das war 2010.", "Putin kam."]),
        (
            "Er wurde in Runde 3. Dann schied er aus.",
            ["Er wurde in Runde 3.", "Dann schied er aus."],
        ),
        (
            "7.500 Menschen kamen. 26,5 Prozent stimmten zu.",
            ["7.500 Menschen kamen.", "26,5 Prozent stimmten zu."],
        ),
        # abbreviations
        (
            "Dr. Meier sagte u.a., dass z.B. Nr. 5 gewinnt. Es fehlen 3 Mio. Euro und 2 Mrd. $.",
            [
                "Dr. Meier sagte u.a., dass z.B. Nr. 5 gewinnt.",
                "Es fehlen 3 Mio. Euro und 2 Mrd. $.",
            ],
        ),
        (
            "Er nannte Art. 5 Abs. 2 GG. Das reichte.",
            ["Er nannte Art. 5 Abs. 2 GG.", "Das reichte."],
        ),
        (
            "Sie kauften Brot, Käse usw. Dann fuhren sie.",
            ["Sie kauften Brot, Käse usw.", "Dann fuhren sie."],
        ),
        # quotation marks of every style
        ("„Wir kommen.“ Er ging.", ["„Wir kommen.“", "Er ging."]),
        ('"Wir kommen." Er ging.', ['"Wir kommen."', "Er ging."]),
        ("»Wir kommen.« Er ging.", ["»Wir kommen.«", "Er ging."]),
        ("‚Wir kommen.‘ Er ging.", ["‚Wir kommen.‘", "Er ging."]),
        # a sentence ending inside a quote, followed by the attribution
        ("„Wir kommen!“, sagte er. Dann ging er.", ["„Wir kommen!“, sagte er.", "Dann ging er."]),
        ("„Kommt ihr?“ fragte sie.", ["„Kommt ihr?“ fragte sie."]),
        # multi-sentence quotes
        (
            "„Wir kommen. Wir bleiben“, sagte er. Sie nickte.",
            ["„Wir kommen.", "Wir bleiben“, sagte er.", "Sie nickte."],
        ),
        # dashes, parentheses, datelines
        (
            "Wien – Der Kanzler (ÖVP) trat am Montag zurück. Das überraschte viele.",
            ["Wien – Der Kanzler (ÖVP) trat am Montag zurück.", "Das überraschte viele."],
        ),
        (
            "Die Lage (so der Minister) ist ernst. Er reiste ab.",
            ["Die Lage (so der Minister) ist ernst.", "Er reiste ab."],
        ),
        ("Stimmt das? - Dann ist es beschlossen.", ["Stimmt das?", "- Dann ist es beschlossen."]),
        # headlines and lines without final punctuation
        (
            "Putin reist nach Kasachstan\nRussland hat am Dienstag zwei Angriffe bestätigt.",
            ["Putin reist nach Kasachstan", "Russland hat am Dienstag zwei Angriffe bestätigt."],
        ),
        ("Er war beteiligt.\nQuelle: Agenturen", ["Er war beteiligt.", "Quelle: Agenturen"]),
        (
            "Vier Länder sind im Rennen: Russland und China.",
            ["Vier Länder sind im Rennen: Russland und China."],
        ),
        # ellipsis inside a sentence; semicolons separate statements
        ("Er sagte ... nichts mehr.", ["Er sagte ... nichts mehr."]),
        ("Das geht; wir machen es.", ["Das geht;", "wir machen es."]),
    ],
)
def test_sentences_split(nlp, text, expected):
    assert sentences(nlp, text) == expected


def test_sentences_reference_article(nlp, reference_text):
    found = sentences(nlp, reference_text)
    assert len(found) == 27
    assert found[-1] == "Quelle: Agenturen"
    assert any(s.startswith("Das Gleiche gilt für das französische Unternehmen“") for s in found)


def test_sentences_every_token_annotated(nlp):
    doc = nlp("Erster Satz. Zweiter Satz\n\nDritter")
    assert all(token.is_sent_start is not None for token in doc)


def test_sentences_empty_doc(nlp):
    assert len(nlp("")) == 0


def test_sentences_multiprocess(nlp):
    texts = ["Eins. Zwei.", "Drei! Vier?", "Fünf"]
    counts = [len(list(doc.sents)) for doc in nlp.pipe(texts, n_process=2)]
    assert counts == [2, 2, 1]
