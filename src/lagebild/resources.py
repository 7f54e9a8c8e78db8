"""Language resources: small data files under ``lagebild/lang/<code>/``.

Components read their vocabularies here instead of hard-coding language knowledge,
so a new language is a new folder of files.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

LANG_ROOT = Path(str(resources.files("lagebild") / "lang"))


def available_languages() -> list[str]:
    return sorted(p.name for p in LANG_ROOT.iterdir() if (p / "pipeline.json").exists())


def resource_path(lang: str, name: str) -> Path:
    return LANG_ROOT / lang / name


@cache
def load_json(lang: str, name: str):
    with resource_path(lang, name).open(encoding="utf-8") as f:
        return json.load(f)


@cache
def load_lines(lang: str, name: str) -> tuple[str, ...]:
    """Non-empty lines of a text file; lines starting with ``#`` are comments."""
    path = resource_path(lang, name)
    if not path.exists():
        return ()
    lines = (raw.strip() for raw in path.read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def load_tsv(lang: str, name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a TSV file (no header handling: lines starting with ``#`` are comments)."""
    path = resource_path(lang, name)
    if not path.exists():
        return ()
    rows = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        rows.append(tuple(cell.strip() for cell in raw.split("\t")))
    return tuple(rows)
