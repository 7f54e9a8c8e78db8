"""The defaults every entry point shares (the API, the CLI, the components), defined once."""

from __future__ import annotations

MODELS = ("accurate", "fast")  # the pipelines of lang/<code>/pipeline.json
DEFAULT_MODEL = "accurate"
DEFAULT_LANGUAGE = "de"
