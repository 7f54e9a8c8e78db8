"""Where each layer of the Analysis lives on a Doc, found by registration, not fixed keys.

A component that writes a layer records its ``spans_key`` on the Doc (``record``); the
Doc → Analysis conversion and the components that read another's layer (events read the
times and quotes, resolution the quotes) look it up there (``spans``). So a component
configured with another ``spans_key`` moves its layer, and the layer is still found; the
record is plain data in ``doc.user_data``, so it crosses processes with the Doc.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc


@dataclass(frozen=True)
class Layer:
    name: str  # the Analysis field
    spans_key: str  # the default key in doc.spans
    extension: str  # the span extension holding each span's values


LAYERS = {
    layer.name: layer
    for layer in (
        Layer("times", "lagebild_times", "lagebild_timex"),
        Layer("quantities", "lagebild_quantities", "lagebild_quantity"),
        Layer("quotes", "lagebild_quotes", "lagebild_quote"),
        Layer("events", "lagebild_events", "lagebild_event"),
    )
}


def record(doc: Doc, layer: str, spans_key: str) -> None:
    """Note that ``layer`` was written to ``doc.spans[spans_key]``."""
    written = dict(doc._.lagebild_layers or {})
    written[LAYERS[layer].name] = spans_key
    doc._.lagebild_layers = written


def spans_key(doc: Doc, layer: str) -> str:
    """The key ``layer`` was written to (its default when no component recorded one)."""
    return (doc._.lagebild_layers or {}).get(layer, LAYERS[layer].spans_key)


def spans(doc: Doc, layer: str) -> list:
    """The spans of ``layer`` on ``doc`` ([] when nothing wrote it)."""
    return list(doc.spans.get(spans_key(doc, layer), []))
