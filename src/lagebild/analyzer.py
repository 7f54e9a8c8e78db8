"""The public batch API: an ``Analyzer`` holds the built pipelines and analyses one text
or a stream of articles (datasette's ``Datasette`` object is the model).

A batch isolates faults: a component that raises on one article turns that article into
an ``AnalysisFailed`` error (its input named, the exception's type and message, the
traceback kept for ``--debug``); the other articles are analysed and come back in input
order, in one process or several.
"""

from __future__ import annotations

import datetime as dt
import functools
import multiprocessing
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language

from .analysis import Analysis
from .errors import AnalysisFailed, InputError, InvalidDate, InvalidText, TextTooLong
from .ingest.readers import Article
from .limits import MAX_CHARS
from .pipeline import (
    DEFAULT_MODEL,
    Source,
    build_pipeline,
    detect_language,
    doc_to_analysis,
    make_doc,
)

BATCH_SIZE = 16
# fork: workers inherit the built pipeline and components registered by the caller (a
# forkserver or spawn worker lacks a factory registered at run time, e.g. by a test, and the
# pool then waited forever on the whole test suite)
START_METHOD = "fork"
Outcome = tuple[Article | None, Analysis | InputError]


def check_text(text: object, source: str = "<text>") -> str:
    """``text`` if it can be analysed: a non-empty ``str`` of valid Unicode within the limit."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if not text.strip():
        raise InvalidText(source, "the text is empty")
    if len(text) > MAX_CHARS:
        raise TextTooLong(
            source,
            f"is too long for one article ({len(text):,} characters, limit {MAX_CHARS:,})",
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise InvalidText(
            source, f"holds a lone surrogate {text[e.start]!r} at character {e.start}"
        ) from None
    return text


def parse_date(value: str) -> dt.date:
    """A YYYY-MM-DD string as a date; the message says whether the shape or the value is wrong."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as e:
        shape_ok = isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-"
        reason = str(e) if shape_ok else "expected YYYY-MM-DD"
        raise InvalidDate(f"invalid date {value!r}: {reason}") from None


def check_published(value: object) -> dt.date | None:
    """``published`` as a date: a date, a datetime (its date) or an ISO date string."""
    if value is None or (type(value) is dt.date):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return parse_date(value)
    raise TypeError(f"published must be a date, datetime or str, not {type(value).__name__}")


class Analyzer:
    """Analyses texts with the pipeline of ``model`` (built once per language).

    ``language`` fixes the language; without it each text's is detected. ``workers`` > 1
    analyses a batch in that many processes. ``pipeline`` builds the Language for a
    language code (default: ``build_pipeline`` with ``model``); it must be picklable for
    several workers."""

    def __init__(
        self,
        language: str | None = None,
        model: str = DEFAULT_MODEL,
        workers: int = 1,
        pipeline: Callable[[str], Language] | None = None,
        batch_size: int = BATCH_SIZE,
    ):
        self.language = language
        self.model = model
        self.workers = workers
        self.batch_size = batch_size
        self._build = pipeline or functools.partial(build_pipeline, model=model)

    def nlp(self, language: str) -> Language:
        return _pipeline(self._build, language)

    def analyze(
        self,
        text: str,
        published: dt.date | dt.datetime | str | None = None,
        title: str | None = None,
        url: str | None = None,
        id: str | None = None,  # noqa: A002  (the contract's field name)
    ) -> Analysis:
        """Analyse one text; bad input raises (TypeError, or a Lagebild ``InputError``)."""
        check_text(text)
        source = Source(published=check_published(published), title=title, url=url, id=id)
        nlp = self.nlp(self.language or detect_language(text))
        return doc_to_analysis(nlp(make_doc(nlp, text, source)), nlp, source)

    def analyze_many(self, items: Iterable[Article | InputError | str]) -> Iterator[Outcome]:
        """``(article, analysis)`` or ``(article, error)`` per item, in input order.

        An ``InputError`` among the items (a reader's bad line) comes back in its place
        as ``(None, error)``; plain strings are named ``<text N>``."""
        tasks = self._tasks(items)
        if self.workers <= 1:
            for task in tasks:
                yield from _finish(task, _run_task(self._build, task))
            return
        yield from self._pooled(tasks)

    def _pooled(self, tasks: Iterator[tuple]) -> Iterator[Outcome]:
        # a bounded window of chunks in flight keeps memory flat on long streams; workers
        # are forks (START_METHOD): a caller with threads holding locks (a web server) should
        # analyse batches in one process
        with multiprocessing.get_context(START_METHOD).Pool(self.workers) as pool:
            pending: deque = deque()
            for task in tasks:
                pending.append((task, pool.apply_async(_run_task, (self._build, task))))
                if len(pending) >= 2 * self.workers:
                    task, result = pending.popleft()
                    yield from _finish(task, result.get())
            while pending:
                task, result = pending.popleft()
                yield from _finish(task, result.get())

    def _tasks(self, items: Iterable[Article | InputError | str]) -> Iterator[tuple]:
        """Chunks of up to ``batch_size`` articles of one language, and errors in between."""
        chunk: list[Article] = []
        chunk_lang = None
        for number, item in enumerate(items, start=1):
            if isinstance(item, str):
                item = Article(location=f"<text {number}>", text=item, source=Source())
            if isinstance(item, InputError):
                if chunk:
                    yield ("chunk", chunk_lang, chunk)
                    chunk = []
                yield ("error", item)
                continue
            lang = self.language or detect_language(item.text)
            if chunk and (lang != chunk_lang or len(chunk) >= self.batch_size):
                yield ("chunk", chunk_lang, chunk)
                chunk = []
            chunk_lang = lang
            chunk.append(item)
        if chunk:
            yield ("chunk", chunk_lang, chunk)


@functools.lru_cache(maxsize=16)
def _pipeline(build: Callable[[str], Language], language: str) -> Language:
    return build(language)


def _run_task(build: Callable[[str], Language], task: tuple) -> list:
    """Runs in the worker: a chunk's analyses, or picklable error records."""
    if task[0] == "error":
        return []
    _, lang, chunk = task
    nlp = _pipeline(build, lang)
    try:
        docs = [make_doc(nlp, a.text, a.source) for a in chunk]
        done = nlp.pipe(docs, batch_size=len(docs))
        return [doc_to_analysis(doc, nlp, a.source) for doc, a in zip(done, chunk, strict=True)]
    except Exception:  # noqa: BLE001  (some article failed: redo them one by one)
        return [_run_one(nlp, article) for article in chunk]


def _run_one(nlp: Language, article: Article) -> Analysis | tuple:
    try:
        doc = nlp(make_doc(nlp, article.text, article.source))
        return doc_to_analysis(doc, nlp, article.source)
    except Exception as e:  # noqa: BLE001  (fault isolation is the point)
        # a record, not the exception: any exception type must cross the process boundary
        return ("failed", type(e).__name__, str(e), traceback.format_exc())


def _finish(task: tuple, results: list) -> Iterator[Outcome]:
    if task[0] == "error":
        yield None, task[1]
        return
    for article, result in zip(task[2], results, strict=True):
        if isinstance(result, tuple):
            _, kind, message, detail = result
            yield article, AnalysisFailed(article.location, kind, message, detail)
        else:
            yield article, result
