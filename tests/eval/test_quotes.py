"""The SpkAtt-2023 reader and the cue/source scorer (token overlap, one-to-one)."""

from __future__ import annotations

import json

import pytest

from lagebild.eval import quotes as spkatt

SPEECH = {
    "Sentences": [
        {"SentenceId": 0, "Tokens": ["Wir", "lehnen", "den", "Antrag", "ab", "."]},
        {"SentenceId": 1, "Tokens": ["Er", "sagte", ",", "es", "reiche", "nicht", "."]},
    ],
    "Annotations": [
        {"Cue": ["0:1"], "PTC": ["0:4"], "Source": ["0:0"], "Message": ["0:2", "0:3"]},
        {"Cue": ["0:3"], "Source": []},
        {"Cue": ["1:1"], "Source": ["1:0"], "Message": ["1:3", "1:4"]},
    ],
}


@pytest.fixture
def speech_folder(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps(SPEECH), encoding="utf-8")
    return tmp_path


def test_quotes_reader_indexes_tokens_over_the_speech(speech_folder):
    [speech] = spkatt.read_spkatt(speech_folder)
    assert speech.sent_starts == [0, 6]
    assert speech.events[0]["Cue"] == {1} and speech.events[0]["PTC"] == {4}
    assert "Source" not in speech.events[1]  # empty roles are left out
    assert speech.events[2] == {"Cue": {7}, "Source": {6}, "Message": {9, 10}}


@pytest.mark.parametrize(
    "predicted,cue_correct,source_correct",
    [
        ([], 0, 0),
        ([({1}, {0}), ({3}, None), ({7}, {6})], 3, 2),
        # overlap counts; one-to-one: a second prediction on the same cue is wrong
        ([({1, 2}, {0}), ({1}, {0})], 1, 1),
        # a source only counts when its cue matched
        ([({2}, {0}), ({7}, {9})], 1, 0),
    ],
)
def test_quotes_scorer_matching_rule(speech_folder, predicted, cue_correct, source_correct):
    [speech] = spkatt.read_spkatt(speech_folder)
    cues, sources = spkatt.Counts(), spkatt.Counts()
    predicted = [(frozenset(c), frozenset(s) if s else None) for c, s in predicted]
    spkatt.score_events(predicted, speech.events, cues, sources)
    assert (cues.correct, cues.pred, cues.gold) == (cue_correct, len(predicted), 3)
    assert sources.correct == source_correct
    assert sources.gold == 2


def test_quotes_evaluate_rules_on_a_speech(speech_folder):
    result = spkatt.evaluate(speech_folder, spkatt.quote_pipeline(tagger=""))
    assert result["speeches"] == 1
    assert result["cue"]["correct"] >= 1  # "sagte" with its source "Er"
    assert result["source"]["correct"] >= 1


@pytest.mark.slow
def test_quotes_spkatt_dev_bar(shared_data):
    result = spkatt.evaluate(shared_data / spkatt.SPKATT / "dev")
    assert result["cue"]["f1"] >= 0.80
    assert result["source"]["f1"] >= 0.70
