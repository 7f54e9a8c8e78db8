"""The `lagebild` command: the contract of DESIGN.md, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from lagebild import limits
from lagebild.cli import cli

ARTICLE_A = "Putin reist am Mittwoch nach Kasachstan. Er trifft Tokajew."
ARTICLE_B = "Der Kanzler sprach in Berlin. Die Opposition widersprach."


def run(*args, input=None):
    result = CliRunner().invoke(cli, ["analyze", *args], input=input)
    return result


def one_line_error(result, *needles):
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output + result.stderr
    for needle in needles:
        assert needle in lines[0]


@pytest.fixture
def batch(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a", "text": ARTICLE_A, "published": "2024-11-26"}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "b", "text": ARTICLE_B}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cli_reference_article_json(reference_text):
    result = run(
        "examples/kasachstan-2024-11-26.de.txt", "--date", "2024-11-26", "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["document"]["text"] == reference_text
    assert data["document"]["published"] == "2024-11-26"
    assert len(data["sentences"]) == 27


def test_cli_text_format_summarises():
    result = run("examples/kasachstan-2024-11-26.de.txt", "--date", "2024-11-26")
    assert result.exit_code == 0
    assert "27 sentences" in result.stdout
    assert "published 2024-11-26" in result.stdout


def test_cli_batch_with_malformed_line_keeps_the_good_ones(batch):
    result = run(str(batch), "--format", "jsonl")
    assert result.exit_code == 1
    analyses = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["document"]["id"] for a in analyses] == ["a", "b"]
    assert analyses[0]["document"]["published"] == "2024-11-26"
    one_line_error(result, f"{batch}:2", "malformed JSON")


def test_cli_json_format_gives_an_array_for_several(batch):
    result = run(str(batch), "--format", "json")
    assert [a["document"]["id"] for a in json.loads(result.stdout)] == ["a", "b"]


def test_cli_workers_keep_input_order_and_dates(tmp_path):
    path = tmp_path / "many.jsonl"
    records = [
        {
            "id": str(i),
            "text": f"Meldung {i}: Der Minister sprach am Montag.",
            "published": f"2024-11-{i + 10}",
        }
        for i in range(12)
    ]
    path.write_text("\n".join(json.dumps(record) for record in records))
    result = run(str(path), "--format", "jsonl", "--workers", "2", "--model", "fast")
    assert result.exit_code == 0, result.stderr
    analyses = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["document"]["id"] for a in analyses] == [str(i) for i in range(12)]
    assert [a["document"]["published"] for a in analyses] == [r["published"] for r in records]
    assert all(a["times"] and not a["times"][0]["value"].startswith("X") for a in analyses)


def test_cli_stdin():
    result = run("-", "--format", "json", "--date", "2024-11-26", input=ARTICLE_A)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["document"]["text"] == ARTICLE_A


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("latin1.txt", "Grüße aus Köln".encode("latin-1"), "UTF-8"),
    ],
)
def test_cli_bad_file_gets_one_line(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = run(str(path))
    assert result.exit_code == 1
    one_line_error(result, str(path), message)


def test_cli_missing_file_and_directory(tmp_path):
    good = tmp_path / "good.txt"  # a short article: the test is about the two bad paths
    good.write_text(ARTICLE_A, encoding="utf-8")
    result = run(str(tmp_path / "nope.txt"), str(tmp_path), str(good))
    assert result.exit_code == 1
    assert "2 sentences" in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert "nope.txt: no such file" in lines[0]
    assert "is a directory" in lines[1]


def test_cli_too_long_input_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CHARS", 1000)
    monkeypatch.setattr(limits, "MAX_BYTES", 4000)
    big = tmp_path / "big.txt"
    big.write_text("Ein Satz. " * 1000, encoding="utf-8")
    result = run(str(big))
    assert result.exit_code == 1
    one_line_error(result, "big.txt", "too long")


@pytest.mark.parametrize(
    "args,message",
    [
        (["--lang", "xx"], "'xx' is not one of"),
        (["--date", "2024-13-01"], "month must be in 1..12"),
        (["--date", "26.11.2024"], "invalid date"),
        (["--model", "huge"], "'huge' is not one of"),
    ],
)
def test_cli_usage_errors_exit_2(args, message):
    result = run("examples/kasachstan-2024-11-26.de.txt", *args)
    assert result.exit_code == 2
    one_line_error(result, message)


@pytest.mark.parametrize(
    "line,message",
    [
        ("[1, 2]", "expected a JSON object"),
        ('{"title": "x"}', 'missing "text"'),
        ('{"text": "Hallo Welt.", "published": "gestern"}', 'invalid "published"'),
        ('{"text": "  "}', "empty"),
    ],
)
def test_cli_bad_jsonl_lines(tmp_path, line, message):
    path = tmp_path / "in.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 1
    one_line_error(result, f"{path}:1", message)


def test_cli_subprocess_contract(tmp_path):
    """The installed command itself: exit codes and a clean stderr."""
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x01")
    command = [sys.executable, "-m", "lagebild", "analyze", str(bad), "--format", "jsonl"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
