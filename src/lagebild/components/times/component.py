"""The spaCy component: finds the expressions of a Doc and writes them as spans."""

from __future__ import annotations

import datetime as dt
import json
from bisect import bisect_right
from pathlib import Path

from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from ... import layers
from ...extensions import register_extensions
from ...resources import reading_from
from ..persist import copy_resources, saved_folder
from .resolution import Resolver
from .timex import Found
from .vocabulary import PATTERNS_FILE, VOCABULARY_FILE, build_vocabulary, vocabulary

TIMES = "lagebild_times"

ANCHORINGS = ("auto", "news", "narrative")
SHARED_FILES = ("numbers.json", "vocabulary.json")  # read by build_vocabulary


@Language.factory(
    TIMES,
    assigns=["doc.spans"],
    default_config={
        "spans_key": TIMES,
        "anchoring": "auto",
        "overwrite": True,
        "split_tokens": True,
        "lang": None,
    },
)
class TimeTagger:
    """Finds temporal expressions and writes them to ``doc.spans[spans_key]``, each with
    ``span._.lagebild_timex = {"type": ..., "value": ..., "mod": ...}``."""

    def __init__(
        self,
        nlp: Language,
        name: str = TIMES,
        *,
        spans_key: str = TIMES,
        anchoring: str = "auto",
        overwrite: bool = True,
        split_tokens: bool = True,
        lang: str | None = None,
    ):
        if anchoring not in ANCHORINGS:
            raise ValueError(f"anchoring must be one of {ANCHORINGS}, not {anchoring!r}")
        register_extensions()
        self.name = name
        self.spans_key = spans_key
        self.anchoring = anchoring
        self.overwrite = overwrite
        self.split_tokens = split_tokens
        self.lang = lang or nlp.lang
        self.vocab = vocabulary(self.lang)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def to_disk(self, path, *, exclude=()) -> None:
        """Save the vocabulary and patterns, and copies of the shared number and language
        files they were built with, so that a saved pipeline needs no package data."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / VOCABULARY_FILE).write_text(
            json.dumps(self.vocab.raw, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        (path / PATTERNS_FILE).write_text(
            "".join("\t".join(row) + "\n" for row in self.vocab.rows), encoding="utf-8"
        )
        copy_resources(self.lang, SHARED_FILES, path)

    def from_disk(self, path, *, exclude=()) -> TimeTagger:
        path = saved_folder(path, self.name)
        if (path / VOCABULARY_FILE).exists() and (path / PATTERNS_FILE).exists():
            raw = json.loads((path / VOCABULARY_FILE).read_text(encoding="utf-8"))
            rows = [
                line.split("\t")
                for line in (path / PATTERNS_FILE).read_text(encoding="utf-8").splitlines()
                if line.strip()
            ]
            with reading_from(path):  # its numbers.json and vocabulary.json, when saved
                self.vocab = build_vocabulary(self.lang, raw, rows)
        return self

    def find(self, doc: Doc) -> list[Found]:
        """The temporal expressions of ``doc`` with their values (character offsets)."""
        reference = doc._.lagebild_published
        if isinstance(reference, dt.datetime):
            reference = reference.date()
        elif isinstance(reference, str):  # an ISO date survives msgpack (nlp.pipe(n_process=2))
            reference = dt.date.fromisoformat(reference[:10])
        return Resolver(self.vocab, doc, reference, self.anchoring).run()

    def set_annotations(self, doc: Doc, found: list[Found]) -> None:
        if self.split_tokens:
            split_at(doc, [offset for item in found for offset in (item.start, item.end)])
        keep = self.spans_key in doc.spans and not self.overwrite
        spans = list(doc.spans[self.spans_key]) if keep else []
        taken = {(s.start, s.end) for s in spans}
        for item in found:
            span = doc.char_span(item.start, item.end, alignment_mode="expand")
            if span is None or (span.start, span.end) in taken:
                continue
            taken.add((span.start, span.end))
            span._.lagebild_timex = {"type": item.type, "value": item.value, "mod": item.mod}
            spans.append(span)
        doc.spans[self.spans_key] = spans
        layers.record(doc, "times", self.spans_key)


def split_at(doc: Doc, offsets) -> None:
    """Split the tokens that a character offset falls inside ("1939–1945", "3.–5."), so
    that every expression is a whole number of tokens."""
    starts = doc.to_array(IDX).tolist()
    cuts: dict[int, set[int]] = {}
    for offset in offsets:
        i = bisect_right(starts, offset) - 1
        if i >= 0 and starts[i] < offset < starts[i] + len(doc[i]):
            cuts.setdefault(i, set()).add(offset - starts[i])
    if not cuts:
        return
    with doc.retokenize() as retokenizer:
        for i, points in cuts.items():
            token = doc[i]
            bounds = [0, *sorted(points), len(token.text)]
            orths = [token.text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
            retokenizer.split(token, orths, heads=[(token, k) for k in range(len(orths))])
