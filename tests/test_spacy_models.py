"""The project's spaCy models are loaded with numpy's matrix products, not blis."""

from __future__ import annotations

import pytest

from lagebild.components.entities import DEFAULT_PATHS, MODELS_ROOT
from lagebild.spacy_models import load_spacy_model


def test_spacy_models_load_without_blis():
    path = MODELS_ROOT / DEFAULT_PATHS["fast"]
    if not (path / "config.cfg").exists():
        pytest.skip("fast entity model not installed")
    nlp = load_spacy_model(path, exclude=["tokenizer"])
    for _, component in nlp.pipeline:
        ops = component.model.ops
        assert type(ops).__name__ == "NumpyOps"
        assert ops.use_blis is False
