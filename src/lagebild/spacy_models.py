"""Loading the project's trained spaCy pipelines (the fast entity model, the quote taggers)."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language
from thinc.api import use_ops


def load_spacy_model(path: str | Path, **kwargs) -> Language:
    """``spacy.load`` with thinc's CPU ops doing matrix products through numpy instead of blis.
    blis chose a slow kernel on a 2-core AMD EPYC (a 8000x384 by 384x384 product: 69 ms against
    12 ms with numpy), and the layers keep the ops they were built with."""
    with use_ops("numpy", use_blis=False):
        return spacy.load(path, **kwargs)
