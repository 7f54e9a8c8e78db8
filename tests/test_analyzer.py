"""The public batch API: fault isolation, input checks, and the library's own errors."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from spacy.language import Language

import lagebild
from lagebild.analyzer import Analyzer
from lagebild.cli import cli
from lagebild.errors import AnalysisFailed, InputError, InvalidDate, LagebildError, TextTooLong
from lagebild.ingest.readers import Article
from lagebild.pipeline import Source, blank_pipeline

TEXTS = [
    "Putin reist am Mittwoch nach Kasachstan.",
    "Hier steht KAPUTT, und das Bauteil bricht.",
    "Der Kanzler sprach am Montag in Berlin.",
]


@Language.component("test_fails_on_kaputt")
def _fails_on_kaputt(doc):
    if "KAPUTT" in doc.text:
        raise RuntimeError("component broke on purpose")
    return doc


def failing_pipeline(lang: str) -> Language:
    """The sentence and time components, with one that raises on the second text."""
    nlp = blank_pipeline(lang)
    nlp.add_pipe("lagebild_sentences")
    nlp.add_pipe("test_fails_on_kaputt")
    nlp.add_pipe("lagebild_times")
    nlp.meta.update(name=f"{lang}-test", version=lagebild.__version__)
    return nlp


def _articles():
    return [
        Article(location=f"in.jsonl:{i}", text=t, source=Source(published=dt.date(2024, 11, 26)))
        for i, t in enumerate(TEXTS, start=1)
    ]


@pytest.mark.parametrize("workers", [1, 2])
def test_one_failing_document_of_three_leaves_the_rest(workers):
    analyzer = Analyzer("de", workers=workers, pipeline=failing_pipeline)
    results = list(analyzer.analyze_many(_articles()))
    assert [a.location for a, _ in results] == ["in.jsonl:1", "in.jsonl:2", "in.jsonl:3"]
    first, failed, third = (r for _, r in results)
    assert first.document.text == TEXTS[0] and third.document.text == TEXTS[2]
    assert [t.value for t in first.times] == ["2024-11-27"]
    assert isinstance(failed, AnalysisFailed)
    assert str(failed) == "in.jsonl:2: analysis failed: RuntimeError: component broke on purpose"
    assert "Traceback" in failed.detail and "_fails_on_kaputt" in failed.detail


def test_analyze_many_keeps_reader_errors_in_place_and_names_plain_strings():
    bad = InputError("in.jsonl", "malformed JSON", line=2)
    results = list(Analyzer("de", pipeline=failing_pipeline).analyze_many([TEXTS[0], bad]))
    assert results[0][0].location == "<text 1>"
    assert results[1] == (None, bad)


def test_cli_failing_component_one_line_and_traceback_only_with_debug(tmp_path, monkeypatch):
    monkeypatch.setattr(
        "lagebild.cli.Analyzer",
        lambda lang, model, workers: Analyzer("de", workers=workers, pipeline=failing_pipeline),
    )
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps({"text": t}) for t in TEXTS) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(path), "--format", "jsonl"])
    assert result.exit_code == 1
    assert [json.loads(line)["document"]["text"] for line in result.stdout.splitlines()] == [
        TEXTS[0],
        TEXTS[2],
    ]
    assert result.stderr.strip() == (
        f"lagebild: error: {path}:2: analysis failed: RuntimeError: component broke on purpose"
    )
    debug = CliRunner().invoke(cli, ["analyze", str(path), "--format", "jsonl", "--debug"])
    assert "Traceback" in debug.stderr and "component broke on purpose" in debug.stderr


@pytest.mark.parametrize(
    "line,message",
    [
        ('{"text": "Hallo \\ud800 Welt."}', "lone surrogate"),
        ('{"text": "Hallo Welt.", "title": "\\udfff"}', "lone surrogate"),
        ('{"text": "Hallo \\x41 Welt."}', "Invalid \\escape"),
        ('{"text": "Hallo", "n": ' + "[" * 100_000 + "]" * 100_000 + "}", "malformed JSON"),
        ('{"text": "Hallo", "n": ' + "9" * 5000 + "}", "malformed JSON"),
    ],
)
def test_jsonl_bad_decoding_is_that_lines_error(tmp_path, line, message):
    path = tmp_path / "in.jsonl"
    good = json.dumps({"text": TEXTS[0]})
    path.write_text(f"{good}\n{line}\n{good}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(path), "--format", "jsonl", "--model", "fast"])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and f"{path}:2" in errors[0] and message in errors[0], result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("text", [b"Putin reist.", 123, None, ["Putin"]])
def test_analyze_rejects_non_str_text(text):
    with pytest.raises(TypeError, match="text must be a str"):
        lagebild.analyze(text)


def test_analyze_rejects_oversize_text_and_lone_surrogates(monkeypatch):
    monkeypatch.setattr("lagebild.analyzer.MAX_CHARS", 100)
    with pytest.raises(TextTooLong) as raised:
        lagebild.analyze("Ein Satz. " * 20)
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, LagebildError)
    with pytest.raises(InputError, match="lone surrogate"):
        lagebild.analyze("Hallo \ud800 Welt.")


@pytest.mark.parametrize(
    "published",
    [dt.date(2024, 11, 26), dt.datetime(2024, 11, 26, 10, 30), "2024-11-26"],
)
def test_published_takes_date_datetime_and_iso_string(published):
    analysis = lagebild.analyze("Putin reist am Mittwoch nach Kasachstan.", published=published)
    assert analysis.document.published == "2024-11-26"
    assert analysis.times[0].value == "2024-11-27"


@pytest.mark.parametrize("published", ["2024-13-01", "26.11.2024", "gestern"])
def test_bad_dates_are_lagebild_value_errors(published):
    with pytest.raises(InvalidDate) as raised:
        lagebild.analyze("Putin reist.", published=published)
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, LagebildError)


def test_published_of_another_type_is_a_type_error():
    with pytest.raises(TypeError, match="published"):
        lagebild.analyze("Putin reist.", published=20241126)


def test_library_and_batch_wrapper_still_work():
    from lagebild.ingest.batch import analyze_articles

    results = list(analyze_articles(_articles()[:1], "de", "fast"))
    assert results[0][1].document.language == "de"
