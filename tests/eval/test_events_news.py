"""The annotated news sets for events: no article text stored, the held-back set shares no
article with another annotated set, and every expected event lies in its article."""

from __future__ import annotations

import json

import pytest

from lagebild.eval import events_news
from lagebild.eval.events import DATA, NEWS_SETS, SECOND_ANNOTATIONS
from lagebild.eval.news_set import news_file

OTHER_SETS = ("events-news.jsonl", "quotes-news.jsonl", "resolution-news.jsonl")


NEWS_FILE = news_file()


def _items(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.parametrize("name", NEWS_SETS.values())
def test_news_sets_store_no_article_text(name):
    for item in _items(name):
        assert set(item) == {"row", "category", "sha1", "events"}
        for event in item["events"]:
            assert set(event) == {"sentence", "type", "actor", "recipient", "modality"}


# Each held-back set against every set written before it.
EARLIER = {
    "heldout": OTHER_SETS,
    "heldout2": (*OTHER_SETS, "events-news-heldout.jsonl"),
    "heldout3": (*OTHER_SETS, "events-news-heldout.jsonl", "events-news-heldout2.jsonl"),
    "heldout4": (
        *OTHER_SETS,
        "events-news-heldout.jsonl",
        "events-news-heldout2.jsonl",
        "events-news-heldout3.jsonl",
    ),
    "heldout5": (
        *OTHER_SETS,
        "events-news-heldout.jsonl",
        "events-news-heldout2.jsonl",
        "events-news-heldout3.jsonl",
        "events-news-heldout4.jsonl",
    ),
    "heldout6": (
        *OTHER_SETS,
        "events-news-heldout.jsonl",
        "events-news-heldout2.jsonl",
        "events-news-heldout3.jsonl",
        "events-news-heldout4.jsonl",
        "events-news-heldout5.jsonl",
    ),
}


@pytest.mark.parametrize("name", EARLIER)
def test_heldout_set_shares_no_article_with_another_set(name):
    heldout = [item["row"] for item in _items(NEWS_SETS[name])]
    used = {item["row"] for other in EARLIER[name] for item in _items(other)}
    assert len(heldout) == len(set(heldout)) >= 15
    assert not used & set(heldout)
    assert sum(len(item["events"]) for item in _items(NEWS_SETS[name])) >= 45


@pytest.mark.skipif(NEWS_FILE is None or not NEWS_FILE.is_file(), reason="no 10kGNAD news file")
@pytest.mark.parametrize("name", EARLIER)
def test_heldout_sentence_spans_lie_in_their_articles(name):
    for article in events_news.read_set(NEWS_FILE, DATA / NEWS_SETS[name]):
        for event in article.events:
            span = event["sentence"]
            sentence = article.text[span["start"] : span["end"]]
            assert 0 <= span["start"] < span["end"] <= len(article.text)
            assert sentence[0].isupper() or sentence[0].isdigit() or sentence[0] in '"„', sentence
            assert sentence.rstrip()[-1] in '.!?"“', sentence


@pytest.mark.parametrize("name, second", SECOND_ANNOTATIONS.items())
def test_second_annotation_covers_the_same_articles(name, second):
    first = [(item["row"], item["sha1"]) for item in _items(NEWS_SETS[name])]
    assert [(item["row"], item["sha1"]) for item in _items(second)] == first
    for item in _items(second):
        for event in item["events"]:
            assert set(event) == {"sentence", "type", "actor", "recipient", "modality"}


@pytest.mark.skipif(NEWS_FILE is None or not NEWS_FILE.is_file(), reason="no 10kGNAD news file")
def test_agreement_of_a_set_with_itself_is_complete_and_of_two_annotators_is_not():
    first = events_news.read_set(NEWS_FILE, DATA / NEWS_SETS["heldout4"])
    second = events_news.read_set(NEWS_FILE, DATA / SECOND_ANNOTATIONS["heldout4"])
    itself = events_news.agreement(first, first)["stages"]["type+actor+recipient"]
    assert itself["f1"] == 1.0
    both = events_news.agreement(first, second)["stages"]["type+actor+recipient"]
    assert 0.5 < both["f1"] < 1.0
    with pytest.raises(ValueError):
        events_news.agreement(first, second[:-1])
