"""The data model and its JSON contract."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

import lagebild
from lagebild.analysis import SCHEMA_ID, Analysis, json_schema

SPAN_LAYERS = ("mentions", "times", "quantities", "quotes")


@pytest.fixture(scope="module")
def reference(reference_text) -> Analysis:
    return lagebild.analyze(reference_text, published="2024-11-26")


def shipped_schema() -> dict:
    path = resources.files("lagebild") / "schema" / "analysis.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_analysis_shipped_schema_is_current():
    assert shipped_schema() == json_schema(), "run `make schema` after changing analysis.py"


def test_analysis_reference_validates(reference):
    data = reference.to_dict()
    jsonschema.validate(data, shipped_schema())
    assert data["schema"] == SCHEMA_ID
    assert list(data) == [
        "schema",
        "pipeline",
        "document",
        "sentences",
        "entities",
        "mentions",
        "times",
        "quantities",
        "quotes",
        "events",
        "checks",
    ]
    assert data["document"]["published"] == "2024-11-26"
    assert len(data["sentences"]) == 27


def test_analysis_spans_match_text(reference):
    text = reference.document.text
    for sentence in reference.sentences:
        assert text[sentence.start : sentence.end].strip() == text[sentence.start : sentence.end]
    for layer in SPAN_LAYERS:
        for item in getattr(reference, layer):
            assert text[item.start : item.end] == item.text, (layer, item)
    for quote in reference.quotes:
        if quote.cue and " ... " not in quote.cue.text:
            assert text[quote.cue.start : quote.cue.end] == quote.cue.text


def test_analysis_round_trip(reference):
    assert Analysis.from_dict(json.loads(reference.to_json())) == reference


def test_analysis_rejects_unknown_fields(reference):
    data = reference.to_dict()
    data["document"]["colour"] = "blue"
    with pytest.raises(ValueError):
        Analysis.from_dict(data)


def test_analysis_empty_text_is_an_input_error():
    with pytest.raises(lagebild.InputError):
        lagebild.analyze("   \n")


def test_analysis_without_date_keeps_published_null():
    assert lagebild.analyze("Putin reist am Mittwoch nach Kasachstan.").document.published is None
