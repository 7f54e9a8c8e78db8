"""Hostile input: an adversarial corpus and property tests through ``analyze`` and the
batch (no crash, valid spans), and time linear in the input's length."""

from __future__ import annotations

import json
from functools import cache

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lagebild
from lagebild.cli import cli
from lagebild.pipeline import blank_pipeline, make_doc


def adversarial(scale: float = 1.0) -> dict[str, str]:
    """The corpus; ``scale`` shrinks the repetitions (the default run uses 3 %)."""

    def n(count: int) -> int:
        return max(1, int(count * scale))

    return {
        "control": "Putin\x01\x02\x1b[31m reist\x7f nach\x0b Kasachstan.\x0c",
        "nul": "Putin\x00reist am Mittwoch\x00 nach Kasachstan.",
        "zero_width": "Pu\u200btin reist\u200d am\ufeff Mittwoch\u2060 nach Kasachstan.",
        "bidi": "\u202ePutin reist\u202c am \u2067Mittwoch\u2069 nach \u200fKasachstan.",
        "no_space": "x" * n(300_000),
        "no_space_punct": "a.b," * n(20_000),
        "quotes": "„" * n(20_000),
        "closing_quotes": "“" * n(20_000),
        "quote_pairs": "„Ja“, sagte er. " * n(2_000),
        "brackets": "(" * n(20_000) + ")" * n(20_000),
        "nested_words": "(Berlin " * n(5_000) + ")" * n(5_000),
        "mixed_scripts": "Путин reist 北京 nach كازاخستان am Mittwoch, 3 млн Euro. " * n(50),
        "emoji": "Putin 👍🏽 reist 🇩🇪 am Mittwoch 👨‍👩‍👧 nach Kasachstan. " * n(50),
        "combining": "Pu\u0301\u0301\u0301tin reist a\u0308m Mittwoch." * n(100),
        "digits": "1" * n(50_000) + " Euro am 1.1." * n(100),
        "dates": "am 1. Januar 2024, " * n(3_000),
    }


ADVERSARIAL = adversarial(0.03)


def _check_spans(analysis) -> None:
    text = analysis.document.text
    spans = [*analysis.sentences, *analysis.mentions, *analysis.times, *analysis.quantities]
    spans += analysis.quotes
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        if hasattr(span, "text"):
            assert text[span.start : span.end] == span.text


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_text_analyses_with_valid_spans(name):
    analysis = lagebild.analyze(ADVERSARIAL[name], published="2024-11-26", model="fast")
    assert analysis.document.text == ADVERSARIAL[name]
    _check_spans(analysis)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_full_size_adversarial_text_analyses_with_valid_spans(name):
    text = adversarial()[name]
    _check_spans(lagebild.analyze(text, published="2024-11-26", model="fast"))


def test_adversarial_batch_one_line_per_bad_input(tmp_path):
    good = [json.dumps({"id": name, "text": text}) for name, text in ADVERSARIAL.items()]
    bad = ['{"text": "\\ud800"}', '{"text": "\\q"}', '{"text": ' + "[" * 50_000, '"x"', "{}"]
    lines = [line for pair in zip(good, bad * 4, strict=False) for line in pair]
    lines += good[len(bad) * 4 :]
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(path), "--format", "jsonl", "--model", "fast"])
    assert result.exit_code == 1
    ids = [json.loads(line)["document"]["id"] for line in result.stdout.splitlines()]
    assert ids == list(ADVERSARIAL)
    errors = result.stderr.strip().splitlines()
    assert len(errors) == min(len(good), len(bad) * 4)
    assert all(e.startswith(f"lagebild: error: {path}:") for e in errors)
    assert "Traceback" not in result.output


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(codec="utf-8"), min_size=1, max_size=300))
def test_any_text_analyses_with_valid_spans(text):
    if not text.strip():
        return
    _check_spans(lagebild.analyze(text, published="2024-11-26", model="fast", language="de"))


@settings(max_examples=60, deadline=None)
@given(st.text(st.sampled_from("(„“»«\"')[]. aB1-"), min_size=1, max_size=3000))
def test_tokenizing_in_pieces_keeps_the_text(text):
    nlp = _blank()  # one tokenizer for all examples: building one cost more than the test
    doc = make_doc(nlp, text)
    assert doc.text == text


@cache
def _blank():
    return blank_pipeline("de")


@cache
def _rules_pipeline():
    """Every rule-based component (the entity model's cost is linear and measured apart)."""
    nlp = blank_pipeline("de")
    for name in ("lagebild_sentences", "lagebild_times", "lagebild_quantities", "lagebild_quotes"):
        nlp.add_pipe(name)
    return nlp


@pytest.mark.parametrize(
    "unit,n",
    [
        ("„", 10_000),
        ("“", 10_000),
        ("(", 10_000),
        ("(Berlin ", 3_000),
        ("Er kam am Montag. ", 3_000),
    ],
)
def test_time_is_linear_in_hostile_repetition(unit, n, scaling):
    nlp = _rules_pipeline()
    nlp(make_doc(nlp, "Warm-up am Montag."))
    small, large = scaling(lambda text: nlp(make_doc(nlp, text)), unit * n, unit * (2 * n))
    assert large <= 2.5 * small + 0.02, (unit, small, large)
