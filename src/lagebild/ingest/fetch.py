"""http(s) URLs of pages and feeds, fetched with httpx: timeouts, a size limit, bounded
redirects, http(s) only and a User-Agent that names Lagebild."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import httpx

from .. import __version__
from ..errors import InputError
from ..limits import MAX_BYTES
from .readers import Article

USER_AGENT = f"Lagebild/{__version__} (news analysis; +https://github.com/lagebild)"
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
MAX_REDIRECTS = 5


def read_url(
    url: str, published: dt.date | None = None, follow: bool = False
) -> Iterator[Article | InputError]:
    data = fetch(url)
    if isinstance(data, InputError):
        yield data
        return
    body, final_url, content_type = data
    from .feeds import feed_articles, is_feed

    if "rss" in content_type or "atom" in content_type or is_feed(body):
        yield from feed_articles(url, body, published, follow)
    else:
        from .html import html_article

        yield html_article(url, body, published, url=final_url)


def fetch(url: str) -> tuple[bytes, str, str] | InputError:
    """The body (at most MAX_BYTES), the final URL and the content type, or why not."""
    try:
        with (
            httpx.Client(
                timeout=TIMEOUT,
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                headers={"User-Agent": USER_AGENT},
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                return InputError(url, f"HTTP {response.status_code} {response.reason_phrase}")
            if int(response.headers.get("content-length") or 0) > MAX_BYTES:
                return InputError(url, f"is too big (over {MAX_BYTES // 1_000_000} MB)")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_BYTES:
                    return InputError(url, f"is too big (over {MAX_BYTES // 1_000_000} MB)")
            content_type = response.headers.get("content-type", "").lower()
            return bytes(body), str(response.url), content_type
    except httpx.TooManyRedirects:
        return InputError(url, f"more than {MAX_REDIRECTS} redirects")
    except httpx.UnsupportedProtocol:
        return InputError(url, "redirected to a URL that is not http(s)")
    except httpx.TimeoutException:
        return InputError(url, "timed out")
    except httpx.HTTPError as e:
        return InputError(url, f"cannot be fetched ({type(e).__name__}: {e})")
