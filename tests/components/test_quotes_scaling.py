"""The quote finder is linear in its input: 2N quote marks take at most 2.5x the time of N."""

import pytest
import spacy

from lagebild.components import quotes  # noqa: F401  (registers the factory)

N = 2500  # with a linear scan per token for covered quotes (quadratic) 2N took 3.3x N at this size


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lagebild_quotes")
    return nlp


def _split(nlp, text: str):
    return nlp.get_pipe("sentencizer")(nlp.make_doc(text))


@pytest.mark.parametrize(
    "unit",
    [
        "„Das ist gut, sagte er. ",  # unclosed openers, each with a cue and a pronoun speaker
        "„Wort ",  # bare opening marks, never closed
        pytest.param(
            "„Die Lage sei ernst“, sagte die Ministerin. Man werde prüfen. ",  # closed + chain
            marks=pytest.mark.slow,
        ),
    ],
)
def test_time_for_twice_the_quote_marks_is_at_most_two_and_a_half_times(nlp, unit, scaling):
    finder = nlp.get_pipe("lagebild_quotes")
    small, large = scaling(finder, _split(nlp, unit * N), _split(nlp, unit * (2 * N)))
    assert large <= 2.5 * small, f"{N}: {small:.2f} s, {2 * N}: {large:.2f} s"
