"""The project's annotated 10kGNAD sets: each line names an article by its row in
``../shared/data/news/10kgnad-test-public.csv`` and the SHA-1 of its text (the text itself,
non-commercial, is never copied into the repository)."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from ..errors import LagebildError
from . import data_dir

NEWS = Path("news") / "10kgnad-test-public.csv"


def news_file() -> Path | None:
    """The 10kGNAD file in the shared data folder; None where that folder is absent."""
    try:
        return data_dir() / NEWS
    except LagebildError:
        return None


def annotated_articles(news_file: Path, path: Path) -> Iterator[tuple[dict, str]]:
    """Each annotation line of ``path`` with its article's text from ``news_file``; a text
    that differs from the annotated one is an error."""
    csv.field_size_limit(10**7)
    with news_file.open(encoding="utf-8", newline="") as handle:
        texts = [r[1] for r in csv.reader(handle, delimiter=";", quotechar="'")]
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        text = texts[item["row"]]
        if hashlib.sha1(text.encode("utf-8")).hexdigest() != item["sha1"]:
            raise ValueError(f"{news_file}: row {item['row']} differs from the annotated text")
        yield item, text
