"""Read articles from .txt files, .jsonl files and standard input.

Each reader yields, in input order, either an ``Article`` or the ``InputError`` that
explains why an input (or one JSONL line) cannot be analysed, so a batch can report the
bad inputs and still process the good ones.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import limits
from ..errors import InputError, TextTooLong
from ..pipeline import Source


@dataclass(frozen=True)
class Article:
    location: str  # where it came from, for messages: "path" or "path:line"
    text: str
    source: Source


def read_inputs(
    paths: Iterable[str], published: dt.date | None = None
) -> Iterator[Article | InputError]:
    """Articles (or errors) from every path; ``-`` is standard input (plain text)."""
    for path in paths:
        if path == "-":
            data = sys.stdin.buffer.read(limits.MAX_BYTES + 1)
            too_long = len(data) > limits.MAX_BYTES
            yield (
                _too_long("<stdin>", "over 4 MB")
                if too_long
                else _from_bytes("<stdin>", data, published)
            )
        elif path.endswith(".jsonl"):
            yield from _read_jsonl(path, published)
        else:
            yield _read_text(path, published)


def _check_file(path: str) -> Path | InputError:
    file = Path(path)
    if not file.exists():
        return InputError(path, "no such file")
    if file.is_dir():
        return InputError(path, "is a directory; give the files inside it")
    if not file.is_file():
        return InputError(path, "is not a regular file")
    return file


def _read_text(path: str, published: dt.date | None) -> Article | InputError:
    file = _check_file(path)
    if isinstance(file, InputError):
        return file
    size = file.stat().st_size
    if size > limits.MAX_BYTES:
        return _too_long(path, f"{size / 1e6:.1f} MB")
    try:
        data = file.read_bytes()
    except OSError as e:
        return InputError(path, f"cannot be read ({e.strerror})")
    return _from_bytes(path, data, published)


def _from_bytes(source: str, data: bytes, published: dt.date | None) -> Article | InputError:
    if b"\x00" in data[:8192]:
        return InputError(source, "is a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return InputError(source, f"is not valid UTF-8 (byte {e.start}); convert it to UTF-8")
    return _article(source, text, published)


def _article(source: str, text: str, published: dt.date | None, **meta) -> Article | InputError:
    if not text.strip():
        return InputError(source, "the text is empty")
    if len(text) > limits.MAX_CHARS:
        return _too_long(source, f"{len(text):,} characters")
    surrogate = _lone_surrogate(text)
    if surrogate is not None:
        return InputError(
            source, f"holds a lone surrogate {text[surrogate]!r} at character {surrogate}"
        )
    return Article(location=source, text=text, source=Source(published=published, **meta))


def _too_long(source: str, size: str) -> InputError:
    return TextTooLong(
        source,
        f"is too long for one article ({size}, limit {limits.MAX_CHARS:,} characters); "
        "split it, or give one article per line in a .jsonl file",
    )


def _read_jsonl(path: str, published: dt.date | None) -> Iterator[Article | InputError]:
    file = _check_file(path)
    if isinstance(file, InputError):
        yield file
        return
    try:
        with file.open("rb") as lines:
            for number, raw in enumerate(lines, start=1):
                if raw.strip():
                    yield _jsonl_article(path, number, raw, published)
    except OSError as e:
        yield InputError(path, f"cannot be read ({e.strerror})")


def _jsonl_article(
    path: str, number: int, raw: bytes, published: dt.date | None
) -> Article | InputError:
    def error(message: str) -> InputError:
        return InputError(path, message, line=number)

    if len(raw) > limits.MAX_BYTES:
        return error(f"line is too long for one article (limit {limits.MAX_CHARS:,} characters)")
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return error("is not valid UTF-8")
    except json.JSONDecodeError as e:
        return error(f"malformed JSON ({e.msg} at column {e.colno})")
    except (ValueError, RecursionError) as e:  # an over-long integer, nesting too deep
        return error(f"malformed JSON ({type(e).__name__}: {str(e)[:80]})")
    if not isinstance(record, dict):
        return error('expected a JSON object with a "text" field')
    text = record.get("text")
    if not isinstance(text, str):
        return error('missing "text" (a string)')
    meta = {key: record.get(key) for key in ("title", "url", "id")}
    if any(value is not None and not isinstance(value, str | int) for value in meta.values()):
        return error('"title", "url" and "id" must be strings')
    meta = {key: None if value is None else str(value) for key, value in meta.items()}
    for key, value in meta.items():
        if value is not None and _lone_surrogate(value) is not None:
            return error(f'"{key}" holds a lone surrogate (an invalid \\u escape)')
    if record.get("published") is not None:
        try:
            published = dt.date.fromisoformat(str(record["published"])[:10])
        except ValueError:
            return error(f'invalid "published" {record["published"]!r}: expected YYYY-MM-DD')
    return _article(f"{path}:{number}", text, published, **meta)


def _lone_surrogate(text: str) -> int | None:
    """Where ``text`` holds a lone surrogate (JSON's ``"\\ud800"`` decodes to one), if it does."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        return e.start
    return None
