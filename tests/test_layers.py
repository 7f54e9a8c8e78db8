"""Layers are found where their component wrote them (lagebild.layers), not at fixed keys."""

from __future__ import annotations

import datetime as dt

import pytest

from lagebild import layers
from lagebild.pipeline import Source, blank_pipeline, build_pipeline, doc_to_analysis, make_doc
from lagebild.resources import load_json

PUBLISHED = Source(published=dt.date(2024, 11, 26))
MOVED = {
    "lagebild_times": {"spans_key": "zeiten"},
    "lagebild_quantities": {"spans_key": "mengen"},
    "lagebild_quotes": {"spans_key": "zitate"},
}


def moved_pipeline():
    """The fast pipeline with the times, quantities and quotes written to other keys."""
    spec = load_json("de", "pipeline.json")
    nlp = blank_pipeline("de")
    for name in spec["components"]:
        config = {**spec["models"]["fast"].get(name, {}), **MOVED.get(name, {})}
        nlp.add_pipe(name, config=config)
    nlp.meta.update(name="de-fast", version=build_pipeline("de", "fast").meta["version"])
    return nlp


def analysis(nlp, text):
    return doc_to_analysis(nlp(make_doc(nlp, text, PUBLISHED)), nlp, PUBLISHED)


@pytest.fixture(scope="module")
def both(reference_text):
    return analysis(build_pipeline("de", "fast"), reference_text), analysis(
        moved_pipeline(), reference_text
    )


@pytest.mark.parametrize("field", ["times", "quantities", "quotes", "events", "mentions"])
def test_layers_follow_a_configured_spans_key(both, field):
    default, moved = both
    assert getattr(default, field), f"the reference article has {field}"
    # before the registry, the moved layers vanished from the Analysis without a word,
    # and events lost their times and quote speakers
    assert getattr(moved, field) == getattr(default, field)


def test_layers_recorded_on_the_doc(reference_text):
    nlp = moved_pipeline()
    doc = nlp(make_doc(nlp, reference_text, PUBLISHED))
    assert doc._.lagebild_layers == {
        "times": "zeiten",
        "quantities": "mengen",
        "quotes": "zitate",
        "events": "lagebild_events",
    }
    assert "lagebild_times" not in doc.spans and layers.spans(doc, "times")


def test_layers_record_crosses_processes():
    nlp = moved_pipeline()
    texts = ["Am Mittwoch kamen 20 Menschen.", "„Wir kommen“, sagte sie am Freitag."]
    docs = list(nlp.pipe(texts, n_process=2))
    assert [layers.spans_key(d, "times") for d in docs] == ["zeiten", "zeiten"]
    assert [len(layers.spans(d, "times")) for d in docs] == [1, 1]


def test_layers_default_without_a_writer():
    doc = blank_pipeline("de")("Ein Satz.")
    assert layers.spans_key(doc, "times") == "lagebild_times"
    assert layers.spans(doc, "quotes") == []
