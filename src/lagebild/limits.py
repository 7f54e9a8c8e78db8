"""Limits on one input, in one place: the readers and the library check the same ones."""

from __future__ import annotations

# spaCy's default limit (nlp.max_length); a longer text is not one news article.
MAX_CHARS = 1_000_000
# UTF-8 needs at most 4 bytes a character: a bigger file is refused without reading it.
MAX_BYTES = 4 * MAX_CHARS
