"""Building pipelines, language detection, and the Doc-to-Analysis conversion."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from lagebild.errors import UsageError
from lagebild.pipeline import MODELS, build_pipeline, detect_language, doc_to_analysis, make_doc
from lagebild.resources import available_languages


@pytest.mark.parametrize("lang", available_languages())
@pytest.mark.parametrize("model", MODELS)
def test_pipeline_components_in_order(lang, model):
    nlp = build_pipeline(lang, model)
    assert nlp.pipe_names[0] == "lagebild_sentences"
    problems = nlp.analyze_pipes()["problems"]
    assert all(not missing for missing in problems.values()), problems


@pytest.mark.parametrize(
    "text,lang",
    [
        (
            "Der Präsident reist am Mittwoch nach Kasachstan, um ein Abkommen zu schließen.",
            "de",
        ),
        ("The Russian president travels to Kazakhstan on Wednesday to sign an agreement.", "en"),
    ],
)
def test_pipeline_detects_language(text, lang):
    assert detect_language(text) == lang


def test_pipeline_unknown_language_and_model():
    with pytest.raises(UsageError, match="unknown language"):
        build_pipeline("xx")
    with pytest.raises(UsageError, match="unknown model"):
        build_pipeline("de", "huge")


def test_pipeline_sentences_without_surrounding_whitespace():
    nlp = build_pipeline("de", "fast")
    text = "\n  Erster Satz.  Zweiter Satz\n\nDritter Satz.\n"
    analysis = doc_to_analysis(nlp(make_doc(nlp, text)), nlp)
    assert [text[s.start : s.end] for s in analysis.sentences] == [
        "Erster Satz.",
        "Zweiter Satz",
        "Dritter Satz.",
    ]


@pytest.mark.parametrize("given, expected", [(None, "1"), ("3", "3")])
def test_pipeline_one_blas_thread_unless_the_user_says(given, expected):
    """``import lagebild`` asks OpenBLAS for one thread (the fast model's small products are
    slower split over threads) unless OPENBLAS_NUM_THREADS is set."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if given:
        env["OPENBLAS_NUM_THREADS"] = given
    code = "import os, lagebild; print(os.environ['OPENBLAS_NUM_THREADS'])"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.stdout.strip() == expected, done.stderr
