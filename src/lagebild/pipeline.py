"""Builds the spaCy pipeline for a language, and turns its Doc into an Analysis.

``doc_to_analysis`` is the one place where a Doc becomes the contract's data model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

from . import __version__, layers
from . import components as _components  # noqa: F401  (registers the factories)
from .analysis import (
    Analysis,
    Cue,
    Document,
    Mention,
    PipelineInfo,
    Quantity,
    Quote,
    Sentence,
    Time,
)
from .components.events import analysis_events
from .components.resolve import read_resolution
from .defaults import DEFAULT_LANGUAGE, DEFAULT_MODEL, MODELS  # re-exported: defined once there
from .errors import UsageError
from .extensions import register_extensions
from .resources import available_languages, load_json, load_lines


@dataclass(frozen=True)
class Source:
    """What the caller knows about a document besides its text."""

    published: dt.date | None = None
    title: str | None = None
    url: str | None = None
    id: str | None = None


def check_language(lang: str) -> str:
    if lang not in available_languages():
        known = ", ".join(available_languages())
        raise UsageError(f"unknown language {lang!r}; available: {known}")
    return lang


def check_model(model: str) -> str:
    if model not in MODELS:
        raise UsageError(f"unknown model {model!r}; choose one of: {', '.join(MODELS)}")
    return model


@cache
def build_pipeline(lang: str = DEFAULT_LANGUAGE, model: str = DEFAULT_MODEL) -> Language:
    """The Language for ``lang``: a blank spaCy pipeline plus our registered components."""
    check_language(lang)
    check_model(model)
    register_extensions()
    spec = load_json(lang, "pipeline.json")
    nlp = blank_pipeline(lang)
    overrides = spec.get("models", {}).get(model, {})
    for name in spec["components"]:
        nlp.add_pipe(name, config=overrides.get(name, {}))
    nlp.meta["name"] = f"{lang}-{model}"
    nlp.meta["version"] = __version__
    return nlp


def blank_pipeline(lang: str) -> Language:
    """spaCy's tokenizer for ``lang`` that also keeps the language's abbreviations whole
    (so their full stop ends no sentence); no components."""
    check_language(lang)
    nlp = spacy.blank(load_json(lang, "pipeline.json")["spacy_lang"])
    for abbreviation in load_lines(lang, "abbreviations.txt"):
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    return nlp


_WORD = re.compile(r"\w+")


def detect_language(text: str) -> str:
    """The available language whose function words are most frequent in ``text``."""
    words = [w.lower() for w in _WORD.findall(text[:5000])]
    best, best_hits = DEFAULT_LANGUAGE, 0
    for lang in available_languages():
        vocabulary = set(load_lines(lang, "function_words.txt"))
        hits = sum(w in vocabulary for w in words)
        if hits > best_hits:
            best, best_hits = lang, hits
    return best


# spaCy's tokenizer strips prefixes and suffixes off a whitespace-free chunk one at a time,
# copying the rest each time: quadratic in the chunk's length ("((((...", "“““..."). No word
# of a news text is this long, so longer runs are tokenised in pieces of this size.
LONG_RUN = 1000
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN},}}")


def tokenize(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)``, in time linear in the length of any whitespace-free run."""
    if not _LONG_RUN.search(text):
        return nlp.make_doc(text)
    pieces, at = [], 0
    for run in _LONG_RUN.finditer(text):
        if run.start() > at:
            pieces.append(text[at : run.start()])
        pieces += [
            text[i : min(i + LONG_RUN, run.end())] for i in range(run.start(), run.end(), LONG_RUN)
        ]
        at = run.end()
    if at < len(text):
        pieces.append(text[at:])
    return Doc.from_docs([nlp.make_doc(piece) for piece in pieces], ensure_whitespace=False)


def make_doc(nlp: Language, text: str, source: Source | None = None) -> Doc:
    """Tokenise ``text`` and attach what components need to know (the reference date)."""
    doc = tokenize(nlp, text)
    published = source.published if source else None
    doc._.lagebild_published = published.isoformat() if published else None
    return doc


def text_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def doc_to_analysis(doc: Doc, nlp: Language, source: Source | None = None) -> Analysis:
    """Read every layer off the Doc into the contract's data model."""
    source = source or Source()
    published = doc._.lagebild_published or (
        source.published.isoformat() if source.published else None
    )
    entities, mentions, checks = read_resolution(doc)
    text = doc.text  # spaCy joins it from the tokens on every access: read it once
    return Analysis(
        pipeline=PipelineInfo(name=nlp.meta["name"], version=nlp.meta["version"]),
        document=Document(
            id=source.id or text_id(text),
            language=nlp.lang,
            published=published,
            title=source.title,
            url=source.url,
            text=text,
        ),
        sentences=_sentences(doc),
        entities=entities,
        mentions=mentions,
        times=_layer(doc, "times", Time),
        quantities=_layer(doc, "quantities", Quantity),
        quotes=_quotes(doc, mentions),
        events=analysis_events(doc, entities, mentions),
        checks=checks,
    )


def _sentences(doc: Doc) -> list[Sentence]:
    """Sentence extents without the whitespace (line breaks) around them."""
    if not doc.has_annotation("SENT_START"):
        return []
    sentences = []
    for sent in doc.sents:
        text = sent.text
        start = sent.start_char + len(text) - len(text.lstrip())
        end = sent.start_char + len(text.rstrip())
        if start < end:
            sentences.append(Sentence(start=start, end=end))
    return sentences


def _span_fields(span) -> dict:
    return {"start": span.start_char, "end": span.end_char, "text": span.text}


def _layer(doc: Doc, layer: str, model) -> list:
    """The spans of ``layer`` (wherever its component wrote it) with their values."""
    attr = layers.LAYERS[layer].extension
    items = []
    for span in sorted(layers.spans(doc, layer), key=lambda s: (s.start_char, s.end_char)):
        values = getattr(span._, attr)
        if values is not None:
            items.append(model(**_span_fields(span), **values))
    return items


def _quotes(doc: Doc, mentions: list[Mention]) -> list[Quote]:
    quotes = []
    for span in sorted(layers.spans(doc, "quotes"), key=lambda s: s.start_char):
        info = dict(span._.lagebild_quote or {})
        start, end = info.pop("speaker_start", None), info.pop("speaker_end", None)
        cue = info.pop("cue", None)
        if "speaker" not in info:
            info["speaker"] = _entity_at(mentions, start, end)
        quotes.append(Quote(**_span_fields(span), cue=Cue(**cue) if cue else None, **info))
    return quotes


def _entity_at(mentions: list[Mention], start: int | None, end: int | None) -> str | None:
    """The entity of the person or organisation mention inside the speaker phrase."""
    if start is None or end is None:
        return None
    inside = [m for m in mentions if m.start >= start and m.end <= end and m.entity]
    inside.sort(key=lambda m: m.kind is not None)  # a name before a role or pronoun
    preferred = [m for m in inside if m.type in ("PER", "ORG")] or inside
    return preferred[0].entity if preferred else None
