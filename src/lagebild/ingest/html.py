"""HTML pages: the main text, title, date, URL and site through trafilatura."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..limits import MAX_BYTES
from ..pipeline import Source
from .readers import Article, _article

# trafilatura falls back to whatever text a page has ("Start" of a bare menu); fewer words
# than this are not an article.
MIN_WORDS = 5


@dataclass(frozen=True)
class WebArticle(Article):
    """An article read from a page or feed: it also knows its site."""

    site: str | None = None


def read_html_file(path: str, published: dt.date | None = None) -> Article | InputError:
    file = Path(path)
    if not file.is_file():
        return InputError(path, "no such file")
    if file.stat().st_size > MAX_BYTES:
        return InputError(path, f"is too big for one page ({file.stat().st_size / 1e6:.1f} MB)")
    data = file.read_bytes()
    return html_article(path, data, published)


def html_article(
    location: str, data: bytes | str, published: dt.date | None = None, url: str | None = None
) -> Article | InputError:
    """The main text of a page; an error when there is none (a menu, a login page)."""
    import trafilatura

    if isinstance(data, bytes) and b"\x00" in data[:8192]:
        return InputError(location, "is a binary file, not an HTML page")
    result = trafilatura.bare_extraction(
        data, url=url, with_metadata=True, include_comments=False, favor_precision=True
    )
    text = result.text if result is not None else None
    if not text or len(text.split()) < MIN_WORDS:
        return InputError(location, "no main text found in the HTML page")
    date = _date(result.date) or published
    base = _article(location, text, date, title=result.title, url=result.url or url)
    if isinstance(base, InputError):
        return base
    return WebArticle(base.location, base.text, base.source, site=result.sitename)


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def web_article(location, text, published, title, url, site) -> Article | InputError:
    base = _article(location, text, published, title=title, url=url)
    if isinstance(base, InputError):
        return base
    return WebArticle(base.location, base.text, base.source, site=site)


__all__ = ["Source", "WebArticle", "html_article", "read_html_file", "web_article"]
