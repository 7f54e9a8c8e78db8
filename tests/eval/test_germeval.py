"""The GermEval 2014 reader and the exact-span scorer."""

from __future__ import annotations

import pytest

from lagebild.bio import bio_spans, spans_to_bio
from lagebild.eval import germeval

SAMPLE = """#\thttp://example.org/a\t[2010-01-01]
1\tAngela\tB-PER\tO
2\tMerkel\tI-PER\tO
3\tbesucht\tO\tO
4\tdie\tO\tO
5\tdeutsche\tB-LOCderiv\tO
6\tBotschaft\tO\tO
7\tin\tO\tO
8\tParis\tB-LOC\tO
9\tund\tO\tO
10\tden\tO\tO
11\tTatort\tB-OTH\tO
12\t.\tO\tO

#\thttp://example.org/b\t[2010-01-02]
1\tEU-weit\tB-ORGpart\tO
2\tSiemens\tB-ORG\tO
"""


@pytest.fixture
def sample_file(tmp_path):
    path = tmp_path / "sample.tsv"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("O", "O"),
        ("B-PER", "B-PER"),
        ("I-LOC", "I-LOC"),
        ("B-OTH", "B-MISC"),
        ("I-OTH", "I-MISC"),
        ("B-LOCderiv", "O"),
        ("I-ORGpart", "O"),
        ("B-PERpart", "O"),
    ],
)
def test_germeval_map_tag(tag, expected):
    assert germeval.map_tag(tag) == expected


def test_germeval_reads_sentences(sample_file):
    sentences = germeval.read_germeval(sample_file)
    assert len(sentences) == 2
    first, second = sentences
    assert first.words[:2] == ["Angela", "Merkel"]
    assert first.source.startswith("http://example.org/a")
    assert bio_spans(first.labels) == [(0, 2, "PER"), (7, 8, "LOC"), (10, 11, "MISC")]
    assert second.labels == ["O", "B-ORG"]
    assert len(germeval.read_germeval(sample_file, limit=1)) == 1


@pytest.mark.parametrize(
    ("labels", "spans"),
    [
        (["B-PER", "I-PER", "O"], [(0, 2, "PER")]),
        (["B-PER", "B-PER"], [(0, 1, "PER"), (1, 2, "PER")]),
        (["I-LOC", "I-LOC"], [(0, 2, "LOC")]),
        (["B-LOC", "I-ORG"], [(0, 1, "LOC"), (1, 2, "ORG")]),
        (["O", "O"], []),
    ],
)
def test_germeval_bio_spans(labels, spans):
    assert bio_spans(labels) == spans
    assert bio_spans(spans_to_bio(len(labels), spans)) == spans


def test_germeval_score_exact_spans():
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O"]]
    pred = [["B-PER", "O", "O", "B-LOC"], ["B-ORG", "B-MISC"]]
    scores = germeval.score(gold, pred)
    # PER span boundary wrong: no credit; LOC and ORG right; MISC spurious
    assert scores["micro"]["tp"] == 2
    assert scores["micro"]["pred"] == 4
    assert scores["micro"]["gold"] == 3
    assert scores["micro"]["p"] == pytest.approx(0.5)
    assert scores["micro"]["r"] == pytest.approx(2 / 3)
    assert scores["types"]["PER"]["f1"] == 0.0
    assert scores["types"]["LOC"]["f1"] == 1.0


def test_germeval_score_rejects_misaligned():
    with pytest.raises(ValueError):
        germeval.score([["O", "O"]], [["O"]])


def test_germeval_dev_split_counts():
    try:
        sentences = germeval.load("dev")
    except Exception as error:  # no shared data on this machine
        pytest.skip(f"GermEval data not available: {error}")
    assert len(sentences) == 2200
    assert sum(len(s.words) for s in sentences) == 41653
