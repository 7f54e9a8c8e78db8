"""Every kind of ingest input, in order: files by extension, folders (recursively), ``-``,
and http(s) URLs of pages and feeds. Yields ``Article`` or ``InputError`` like the readers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from .readers import Article, read_inputs

TEXT_EXTENSIONS = {".txt", ".jsonl"}
HTML_EXTENSIONS = {".html", ".htm"}
FEED_EXTENSIONS = {".xml", ".rss", ".atom"}
KNOWN_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | FEED_EXTENSIONS


def read_sources(
    paths: Iterable[str], published: dt.date | None = None, follow: bool = False
) -> Iterator[Article | InputError]:
    for path in paths:
        if path.startswith(("http://", "https://")):
            from .fetch import read_url

            yield from read_url(path, published, follow)
        elif "://" in path:
            yield InputError(path, "only http:// and https:// URLs can be fetched")
        elif path != "-" and Path(path).is_dir():
            yield from _read_folder(Path(path), published, follow)
        else:
            yield from _read_file(path, published, follow)


def _read_folder(folder: Path, published, follow) -> Iterator[Article | InputError]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    for file in files:
        if file.suffix.lower() in KNOWN_EXTENSIONS:
            yield from _read_file(str(file), published, follow)
        elif _looks_binary(file):
            yield InputError(str(file), "is a binary file, not an article; skipped")


def _read_file(path: str, published, follow) -> Iterator[Article | InputError]:
    suffix = Path(path).suffix.lower()
    if suffix in HTML_EXTENSIONS:
        from .html import read_html_file

        yield read_html_file(path, published)
    elif suffix in FEED_EXTENSIONS:
        from .feeds import read_feed_file

        yield from read_feed_file(path, published, follow)
    else:
        yield from read_inputs([path], published)


def _looks_binary(file: Path) -> bool:
    try:
        with file.open("rb") as f:
            return b"\x00" in f.read(8192)
    except OSError:
        return True
