"""The extension attributes through which components share their results on the Doc.

Values live in ``doc.user_data`` (they have defaults), so they survive pickling for
``nlp.pipe(n_process=...)``. Span values are keyed by character offsets: each layer has
its own attribute so that two layers' spans with the same offsets never collide.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

DOC_EXTENSIONS = (
    # "YYYY-MM-DD" | None: the reference date for relative times; an ISO string rather than
    # a date object, because user_data crosses processes as msgpack in nlp.pipe(n_process=N)
    "lagebild_published",
    # dict | None, set by components/resolve.py: {"entities": [{"id", "name", "type",
    # "aliases"}], "mentions": [{"start", "end", "text", "type", "entity", "kind"}],
    # "checks": [{"kind", "message", "spans": [{"start", "end", "text"}]}]}
    "lagebild_resolution",
    # {layer: spans_key} | None, set by each component that writes a layer (layers.record):
    # where in doc.spans the Analysis and later components find it
    "lagebild_layers",
)
SPAN_EXTENSIONS = (
    "lagebild_timex",  # dict: {"type": "DATE", "value": "2024-11-27"}
    "lagebild_quantity",  # dict: {"kind", "value", "unit", "approx", ...}
    "lagebild_quote",  # dict: {"kind", "speaker_start", "speaker_end", "speaker_text", "cue"}
    # dict on a trigger span of doc.spans["lagebild_events"]: {"type", "mode", "cameo",
    # "modality", "time", "time_reason", "confidence", "sentence", "actor", "recipient",
    # "location"}; each participant None or {"start", "end", "text", "named", "name"?}:
    # character offsets of its mention ("name": a country named by an adjective)
    "lagebild_event",
)


def register_extensions() -> None:
    """Register every extension once; safe to call repeatedly."""
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in SPAN_EXTENSIONS:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
