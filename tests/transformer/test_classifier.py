"""The shipped accurate NER model through the runtime class (ONNX Runtime, no torch)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.eval import germeval

MODEL = Path(__file__).resolve().parents[2] / "src" / "lagebild" / "models" / "de-accurate-ner"
# A little under the micro F1 measured on the first 500 GermEval dev sentences.
DEV_SAMPLE_SIZE = 500
DEV_SAMPLE_FLOOR = 0.78  # measured 0.809 (int8 model, seed 0)


@pytest.fixture(scope="module")
def classifier():
    if not (MODEL / "model.onnx").exists():
        pytest.skip(f"accurate NER model not built: {MODEL}")
    from lagebild.transformer import TokenClassifier

    return TokenClassifier(MODEL)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "Wladimir Putin reist nach Astana .",
            ["B-PER", "I-PER", "O", "O", "B-LOC", "O"],
        ),
        (
            "Gazprom liefert weniger Gas nach China .",
            ["B-ORG", "O", "O", "O", "O", "B-LOC", "O"],
        ),
        (
            "Der Kreml-Sprecher Juri Uschakow äußerte sich in Moskau .",
            ["O", "O", "B-PER", "I-PER", "O", "O", "O", "B-LOC", "O"],
        ),
    ],
)
def test_classifier_labels_german_names(classifier, sentence, expected):
    assert classifier.predict([sentence.split()]) == [expected]


def test_classifier_returns_one_label_per_word(classifier):
    long_sentence = ["Berlin", "und", "Paris"] * 300  # longer than one model window
    batch = [[], ["\u200b"], long_sentence, ["Angela", "Merkel"]]
    out = classifier.predict(batch)
    assert [len(labels) for labels in out] == [len(words) for words in batch]
    assert out[1] == ["O"]
    assert out[2][:3] == ["B-LOC", "O", "B-LOC"]
    assert all(label in classifier.labels for labels in out for label in labels)


def test_classifier_ignores_batch_order(classifier):
    a = "Die Bundesregierung in Berlin widersprach .".split()
    b = "Tokajew traf Putin .".split()
    assert classifier.predict([a, b]) == classifier.predict([a])[:1] + classifier.predict([b])


@pytest.mark.slow
def test_classifier_scores_on_germeval_dev_sample(classifier, shared_data):
    sentences = germeval.load("dev", limit=DEV_SAMPLE_SIZE)
    predicted = classifier.predict([s.words for s in sentences])
    scores = germeval.score([s.labels for s in sentences], predicted)
    assert scores["micro"]["f1"] >= DEV_SAMPLE_FLOOR


def test_classifier_states_come_with_the_same_labels(classifier):
    """The ``hidden`` output (layer-4 states for the event-trigger model) changes no label."""
    batch = ["Tokajew traf Putin .".split(), [], "Die Armee griff Kursk an .".split()]
    labels, states = classifier.predict_with_states(batch)
    assert classifier.has_states
    assert labels == classifier.predict(batch)
    assert [s.shape for s in states] == [(4, 384), (0, 0), (6, 384)]
    assert all(abs(s).sum(axis=1).min() > 0 for s in states if len(s))
