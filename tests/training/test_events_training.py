"""The event-trigger model's training data and the shipped model agree with each other."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from lagebild.components.trigger_model import MODELS_ROOT, TriggerModel

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "training" / "events" / "data"


def _train_module():
    spec = importlib.util.spec_from_file_location("events_train", DATA.parent / "train.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _lines(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("name", ["germeval.jsonl", "wikiwars.jsonl", "synth.jsonl"])
def test_annotations_are_well_formed(name):
    train = _train_module()
    items = _lines(name)
    assert len({item["id"] for item in items}) == len(items)
    for item in items:
        # corpus sentences by id and SHA-1 only; the project's own sentences with their text
        assert set(item) == (
            {"id", "text", "events"} if name == train.OWN else {"id", "sha1", "events"}
        )
        for event in item["events"]:
            assert set(event) == {"word", "type", "modality"}
            assert event["type"] in train.TYPES
            assert event["modality"] in (None, "future", "hypothetical", "negated", "historical")
            if "text" in item:
                assert 0 <= event["word"] < len(item["text"].split(" "))


def test_annotated_sentences_match_the_corpora(shared_data):
    train = _train_module()
    annotated = train.read_annotated()  # a changed sentence is an error there
    names = (*train.CORPORA, train.OWN)
    assert len(annotated) == sum(len(_lines(name)) for name in names) == 8873
    for _, tokens, events in annotated:
        assert all(0 <= event["word"] < len(tokens) for event in events)
    labels = [train.word_labels(tokens, events) for _, tokens, events in annotated]
    assert sum(1 for row in labels for label in row if label) == 3673


def test_shipped_trigger_model_fits_its_training_labels():
    train = _train_module()
    model = TriggerModel(MODELS_ROOT / "events-de")
    assert model.labels == train.LABELS
    p = model.probabilities(np.random.default_rng(0).normal(size=(5, model.width)))
    assert p.shape == (5, len(model.labels))
    assert np.allclose(p.sum(axis=1), 1.0)
    index, probability = model.best(p)
    assert (index > 0).all() and np.allclose(probability, p[np.arange(5), index])
