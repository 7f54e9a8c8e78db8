"""Jinja2 page rendering: autoescaping on for every template, helpers for links.

Everything from the store (titles, names, article text, URLs) reaches a template as data
and is escaped there; the only markup made in Python is the highlighter's, which escapes
every piece itself.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from starlette.requests import Request

from . import charts, i18n
from .highlight import entity_href, highlight, quantity_label, time_label

SAFE_SCHEMES = ("http", "https")


def safe_url(url: str | None) -> str | None:
    """A source URL fit for an ``href``: only http(s), so ``javascript:`` never becomes a link."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in SAFE_SCHEMES else None


def snippet(excerpt: str | None, hits: list | None = None) -> Markup:
    """A search snippet with its hits marked: ``<mark>`` built here from the hit offsets,
    every piece of the article's text escaped (the text itself is never taken as markup)."""
    text, out, last = excerpt or "", [], 0
    for start, end in hits or []:
        if not last <= start < end <= len(text):
            continue  # offsets are data: out-of-order or out-of-range ones are dropped
        out.append(f'{escape(text[last:start])}<mark class="hit">{escape(text[start:end])}</mark>')
        last = end
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


class Renderer:
    def __init__(self) -> None:
        self.env = Environment(
            loader=PackageLoader("lagebild.web", "templates"),
            autoescape=select_autoescape(["html", "svg"], default_for_string=True),
            undefined=StrictUndefined,  # a misspelt variable fails the test, not the user
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(
            entity_href=entity_href,
            highlight=highlight,
            quantity_label=quantity_label,
            time_label=time_label,
            safe_url=safe_url,
            charts=charts,
            snippet=snippet,
        )

    def page(self, request: Request, lang: str, template: str, context: dict) -> str:
        t = i18n.Translator(lang)
        params = dict(request.query_params)

        def link(path: str, **changes) -> str:
            """``path`` with the language kept; for its own path, the current filters too."""
            query = dict(params) if path == request.url.path else {}
            if "lang" in params:
                query["lang"] = params["lang"]
            query.update(changes)
            query = {k: v for k, v in query.items() if v not in (None, "")}
            return path + ("?" + urlencode(query) if query else "")

        def lang_link(code: str) -> str:
            return request.url.path + "?" + urlencode({**params, "lang": code})

        return self.env.get_template(template).render(
            request=request,
            path=request.url.path,
            params=params,
            lang=lang,
            languages=i18n.LANGUAGES,
            t=t,
            link=link,
            lang_link=lang_link,
            **context,
        )
