"""Interface text in German and English, from the locale files in ``web/locales/``.

The language of a page comes from ``?lang=`` (so a shared URL keeps it), else the
browser's Accept-Language, else German.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

LANGUAGES = ("de", "en")
DEFAULT = "de"


@cache
def messages(lang: str) -> dict[str, str]:
    return json.loads((files("lagebild.web") / "locales" / f"{lang}.json").read_text("utf-8"))


class Translator:
    def __init__(self, lang: str):
        self.lang = lang
        self.table = messages(lang)

    def __call__(self, key: str, **values) -> str:
        # a missing key shows itself rather than breaking the page; a test checks none is
        text = self.table.get(key, key)
        return text.format(**values) if values else text


def choose(query_lang: str | None, accept_language: str | None) -> str:
    if query_lang in LANGUAGES:
        return query_lang
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT
