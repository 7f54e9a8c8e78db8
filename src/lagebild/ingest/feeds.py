"""RSS and Atom feeds (feedparser): each entry's text or summary, title, link and date;
with ``follow`` the linked page is fetched and its main text read instead."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from ..errors import InputError
from ..limits import MAX_BYTES
from .html import web_article
from .readers import Article

TAG = re.compile(r"<[^>]+>")


def read_feed_file(path: str, published=None, follow=False) -> Iterator[Article | InputError]:
    file = Path(path)
    if not file.is_file():
        yield InputError(path, "no such file")
        return
    if file.stat().st_size > MAX_BYTES:
        yield InputError(path, f"is too big for a feed ({file.stat().st_size / 1e6:.1f} MB)")
        return
    yield from feed_articles(path, file.read_bytes(), published, follow)


def is_feed(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)


def feed_articles(
    location: str, data: bytes, published: dt.date | None, follow: bool
) -> Iterator[Article | InputError]:
    import feedparser

    # The entity check first: expat expands internal entities, and a "billion laughs"
    # feed must never be expanded at all.
    if b"<!ENTITY" in data[:65536]:
        yield InputError(location, "the feed declares XML entities; refused (entity bomb?)")
        return
    feed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if feed.bozo and not feed.entries:
        reason = type(feed.get("bozo_exception", ValueError())).__name__
        yield InputError(location, f"is not an RSS/Atom feed ({reason})")
        return
    site = feed.feed.get("title") or urlparse(feed.feed.get("link", "")).netloc or None
    for number, entry in enumerate(feed.entries, start=1):
        where = f"{location}#{number}"
        link = entry.get("link")
        date = _entry_date(entry) or published
        if follow and link:
            from .fetch import read_url

            yield from read_url(link, date, follow=False)
            continue
        text = _entry_text(entry)
        yield web_article(where, text, date, entry.get("title"), link, site)


def _entry_text(entry) -> str:
    if entry.get("content"):
        raw = entry.content[0].get("value", "")
    else:
        raw = entry.get("summary", "")
    return html.unescape(TAG.sub(" ", raw)).strip()


def _entry_date(entry) -> dt.date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return dt.date(*parsed[:3]) if parsed else None
