"""The news resolution set: its reader checks the article text, and the resolver keeps the
bar on it (runs only where /work/shared/data holds the 10kGNAD file)."""

from __future__ import annotations

import json

import pytest

from lagebild.eval import resolution_news as news
from lagebild.eval.news_set import news_file

NEWS_FILE = news_file()
needs_news = pytest.mark.skipif(
    NEWS_FILE is None or not NEWS_FILE.is_file(), reason="no 10kGNAD news file"
)


def _write(tmp_path, text: str, item: dict):
    csv_file = tmp_path / "news.csv"
    csv_file.write_text(f"International;'{text}'\n", encoding="utf-8")
    set_file = tmp_path / "set.jsonl"
    set_file.write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    return csv_file, set_file


def test_reader_rejects_a_changed_article(tmp_path):
    item = {"row": 0, "category": "International", "sha1": "0" * 40, "mentions": []}
    csv_file, set_file = _write(tmp_path, "Putin sprach.", item)
    with pytest.raises(ValueError, match="row 0 differs"):
        news.read_set(csv_file, set_file)


def test_reader_rejects_an_offset_that_misses_its_text(tmp_path):
    import hashlib

    text = "Putin sprach."
    mention = {"start": 1, "end": 6, "text": "Putin", "type": "PER", "kind": "name"}
    item = {"row": 0, "sha1": hashlib.sha1(text.encode()).hexdigest(), "mentions": [mention]}
    csv_file, set_file = _write(tmp_path, text, {**item, "category": "x"})
    with pytest.raises(ValueError, match="no 'Putin' at 1"):
        news.read_set(csv_file, set_file)


def test_set_stores_no_article_text():
    for line in news.SET.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        assert set(item) == {"row", "category", "sha1", "mentions"}
        assert all(len(m["text"]) < 60 for m in item["mentions"])


@needs_news
def test_resolver_keeps_the_bar_on_the_news_set():
    from lagebild.pipeline import build_pipeline

    result = news.evaluate(build_pipeline("de", "accurate"), news.read_set(NEWS_FILE))
    assert result["documents"] >= 15
    assert result["b3"]["precision"] >= 0.99 and result["b3"]["f1"] >= 0.97
