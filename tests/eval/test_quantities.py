"""Quantity evaluation: its scorer and the floor on the project's test sets."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from lagebild.eval import quantities as evaluation
from lagebild.eval.quantities import KINDS, TEST_SETS, command, load_examples, score


class FakeSpan:
    def __init__(self, text, start, values):
        self.text, self.start_char, self.end_char = text, start, start + len(text)
        self._ = type("Underscore", (), {"lagebild_quantity": values})()


class FakeNlp:
    """Returns fixed quantities, so the scorer can be checked without the component."""

    def __init__(self, found):
        self.found = found

    def __call__(self, text):
        spans = [FakeSpan(t, text.index(t), v) for t, v in self.found]
        return type("Doc", (), {"spans": {"lagebild_quantities": spans}})()


GOLD = [
    {
        "text": "Es kostet 5 Euro und 3 km.",
        "quantities": [
            {
                "text": "5 Euro",
                "kind": "money",
                "value": 5,
                "unit": "EUR",
                "approx": False,
                "bound": None,
                "value_max": None,
            },
            {
                "text": "3 km",
                "kind": "measure",
                "value": 3,
                "unit": "km",
                "approx": False,
                "bound": None,
                "value_max": None,
            },
        ],
    }
]


def values(kind, value, unit, approx=False, bound=None):
    return {
        "kind": kind,
        "value": value,
        "unit": unit,
        "approx": approx,
        "bound": bound,
        "qualifier": None,
        "value_max": None,
    }


def test_quantities_score_all_right():
    nlp = FakeNlp([("5 Euro", values("money", 5, "EUR")), ("3 km", values("measure", 3, "km"))])
    r = score(GOLD, nlp)
    assert r["overall"]["f1"] == 1.0 and r["exact_span_rate"] == 1.0


def test_quantities_score_wrong_value_is_a_false_positive_and_a_miss():
    nlp = FakeNlp([("5 Euro", values("money", 50, "EUR")), ("3 km", values("measure", 3, "km"))])
    r = score(GOLD, nlp)
    assert r["kinds"]["money"] == {
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "tp": 0,
        "fp": 1,
        "fn": 1,
    }
    assert r["kinds"]["measure"]["f1"] == 1.0


def test_quantities_score_wrong_kind_counts_against_both_kinds():
    nlp = FakeNlp([("5 Euro", values("count", 5, "Euro"))])
    r = score(GOLD, nlp)
    assert r["kinds"]["count"]["fp"] == 1
    assert r["kinds"]["money"]["fn"] == 1 and r["kinds"]["measure"]["fn"] == 1


def test_quantities_test_sets_cover_every_kind_and_negatives():
    examples = load_examples(evaluation.test_set_path("de", "main"))
    assert len(examples) >= 150
    kinds = {q["kind"] for e in examples for q in e["quantities"]}
    assert kinds == set(KINDS)
    assert sum(not e["quantities"] for e in examples) >= 30
    for example in examples:
        for q in example["quantities"]:
            assert q["text"] in example["text"]


@pytest.mark.parametrize("name", list(TEST_SETS))
def test_quantities_floor(name):
    """Regression floor: the issue asks F1 >= 0.95; measured 1.000 on both sets."""
    examples = load_examples(evaluation.test_set_path("de", name))
    r = score(examples, evaluation.quantity_pipeline("de", alone=True))
    assert r["overall"]["f1"] >= 0.97
    for kind in KINDS:
        assert r["kinds"][kind]["f1"] >= 0.95, kind


def test_quantities_command_prints_table():
    result = CliRunner().invoke(command, ["--alone", "--set", "heldout"])
    assert result.exit_code == 0, result.output
    assert "overall" in result.output and "money" in result.output
