"""The event evaluation: its scoring rules, its test set, and (slow) the figures."""

from __future__ import annotations

import pytest

from lagebild.eval import events as ev
from lagebild.eval.events import STAGES, _matches, load_examples, score

GOLD = {
    "type": "ASSAULT",
    "actor": "Russland",
    "recipient": "Ukraine",
    "modality": None,
    "date": None,
    "location": None,
}


def found(**changes):
    event = {
        "type": "ASSAULT",
        "actor": {"Russland", "Russlands"},
        "recipient": {"Ukraine"},
        "modality": None,
        "date": None,
        "location": set(),
    }
    event.update(changes)
    return event


def test_events_scoring_matches_names_and_stages():
    assert _matches("type+actor+recipient", [GOLD], [found()]) == 1
    assert _matches("actor", [GOLD], [found(actor={"die russische Armee"})]) == 0
    assert _matches("type", [GOLD], [found(actor=set())]) == 1
    assert _matches("recipient", [GOLD], [found(recipient=set())]) == 0
    assert _matches("type", [GOLD], [found(type="THREATEN")]) == 0
    assert _matches("modality", [GOLD], [found(modality="future")]) == 0
    # one found event answers one expected event only
    assert _matches("type", [GOLD, GOLD], [found()]) == 1


def test_events_test_set_covers_all_types_and_modalities():
    examples = load_examples(ev.test_set_path("de"))
    assert len(examples) >= 200
    events = [e for x in examples for e in x["events"]]
    assert len({e["type"] for e in events}) == 16
    assert {e["modality"] for e in events} >= {"future", "hypothetical", "negated", "historical"}
    assert sum(not x["events"] for x in examples) >= 20


@pytest.mark.slow
def test_events_figures_on_the_test_set():
    from lagebild.pipeline import build_pipeline

    r = score(load_examples(ev.test_set_path("de")), build_pipeline("de", "accurate"))
    assert set(r["stages"]) == set(STAGES)
    assert r["stages"]["type"]["f1"] >= 0.80
    assert r["stages"]["type+actor+recipient"]["f1"] >= 0.65


def test_agreement_names_a_set_without_a_second_annotation():
    from click.testing import CliRunner

    from lagebild.cli import cli

    result = CliRunner().invoke(cli, ["eval", "events", "--agreement", "--set", "news"])
    assert result.exit_code == 2
    assert "no second annotation of the set 'news'" in result.output
    assert "Traceback" not in result.output
