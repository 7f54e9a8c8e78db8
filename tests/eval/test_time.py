import datetime as dt

import pytest
from click.testing import CliRunner

from lagebild.eval.time import (
    Document,
    GoldTimex,
    _Predicted,
    command,
    evaluate,
    normalise_value,
    read_keyinline,
    read_wikiwarsde,
    score,
)


def test_time_score_strict_relaxed_value():
    text = "Am 3. März 1915 und am 4. März fiel Schnee."
    gold = [GoldTimex(3, 15, "1915-03-03"), GoldTimex(23, 30, "1915-03-04")]
    documents = [Document("d", text, dt.date(2011, 2, 16), gold)]
    system = [
        _Predicted(3, 15, "1915-03-03"),  # exact, right value
        _Predicted(20, 30, "1916-03-04"),  # overlapping, wrong value
        _Predicted(36, 42, "PRESENT_REF"),  # spurious
    ]
    figures = score(documents, [system])
    assert figures["strict"] == {"precision": 0.3333, "recall": 0.5, "f1": 0.4}
    assert figures["relaxed"] == {"precision": 0.6667, "recall": 1.0, "f1": 0.8}
    assert figures["value"] == {"precision": 0.3333, "recall": 0.5, "f1": 0.4}


def test_time_one_system_expression_matches_one_gold():
    gold = [GoldTimex(0, 4, "1939"), GoldTimex(5, 9, "1945")]
    documents = [Document("d", "1939–1945", dt.date(2011, 2, 16), gold)]
    figures = score(documents, [[_Predicted(0, 9, "1939")]])
    assert figures["relaxed"]["recall"] == 0.5


@pytest.mark.parametrize(
    "a,b,same",
    [("BC0490", "BC490", True), ("BC0490-05", "BC490-05", True), ("BC049", "BC0490", False)],
)
def test_time_normalise_value(a, b, same):
    assert (normalise_value(a) == normalise_value(b)) is same


def test_time_read_keyinline(tmp_path):
    path = tmp_path / "x.key.xml"
    path.write_text(
        '<DOC><TEXT>Am <TIMEX2 val="1939-09-01">1. September</TIMEX2> um '
        '<TIMEX2 val="1939-09-01T04:45">4:45 Uhr</TIMEX2>.</TEXT></DOC>',
        encoding="utf-8",
    )
    text, timexes = read_keyinline(path)
    assert text == "Am 1. September um 4:45 Uhr."
    assert [(text[t.start : t.end], t.value) for t in timexes] == [
        ("1. September", "1939-09-01"),
        ("4:45 Uhr", "1939-09-01T04:45"),
    ]


def test_time_wikiwarsde_reader(shared_data):
    documents = read_wikiwarsde(shared_data / "time" / "wikiwarsde")
    assert len(documents) == 22
    # 2,239 TIMEX2 in all, less the 22 creation dates
    assert sum(len(d.gold) for d in documents) == 2217
    assert documents[0].created == dt.date(2011, 2, 16)
    first = documents[0].gold[0]
    assert documents[0].text[first.start : first.end] == "20. Jahrhunderts"


@pytest.mark.slow
def test_time_wikiwarsde_figures(shared_data):
    figures = evaluate(shared_data / "time" / "wikiwarsde", repeat=1)
    # README: value F1 0.900, relaxed 0.968, strict 0.912 (a margin for changes)
    assert figures["value"]["f1"] >= 0.88
    assert figures["relaxed"]["f1"] >= 0.96
    assert figures["strict"]["f1"] >= 0.90
    assert figures["cpu_ms_per_document"]["times"] < 100  # generous: shared, noisy machines


@pytest.mark.slow
def test_time_command_prints_figures(shared_data):
    result = CliRunner().invoke(command, ["--repeat", "1"])
    assert result.exit_code == 0, result.output
    assert "value" in result.output and "ms CPU per document" in result.output
