"""Language resources: small data files under ``lagebild/lang/<code>/``.

Components read their vocabularies here instead of hard-coding language knowledge,
so a new language is a new folder of files.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, wraps
from importlib import resources
from pathlib import Path

LANG_ROOT = Path(str(resources.files("lagebild") / "lang"))


def available_languages() -> list[str]:
    return sorted(p.name for p in LANG_ROOT.iterdir() if (p / "pipeline.json").exists())


# A saved component's folder (components/persist.py): while set, its copies of the files
# are read instead of the package's.
_SAVED: ContextVar[Path | None] = ContextVar("lagebild_saved_resources", default=None)


@contextmanager
def reading_from(folder: Path) -> Iterator[None]:
    """Read the files present in ``folder`` instead of the package's, within the block."""
    token = _SAVED.set(Path(folder))
    try:
        yield
    finally:
        _SAVED.reset(token)


def resource_path(lang: str, name: str) -> Path:
    saved = _SAVED.get()
    if saved is not None and (saved / name).exists():
        return saved / name
    return LANG_ROOT / lang / name


def cached_per_source(load):
    """``functools.cache`` for a loader of language files (``load(lang, ...)``), keyed also
    by the saved folder being read from (``reading_from``). That folder decides every path
    the loader resolves, those of the loaders it calls included, so that a saved pipeline's
    edited copy is read as itself, not as the package's file loaded before for the same
    language."""
    cached = cache(lambda folder, args, kwargs: load(*args, **dict(kwargs)))

    @wraps(load)
    def loader(*args, **kwargs):
        return cached(_SAVED.get(), args, tuple(sorted(kwargs.items())))

    loader.cache_clear = cached.cache_clear
    return loader


# the loaders are cached by file, so a saved component's copy is read as itself
def load_json(lang: str, name: str):
    return _json(resource_path(lang, name))


def load_lines(lang: str, name: str) -> tuple[str, ...]:
    return _lines(resource_path(lang, name))


def load_tsv(lang: str, name: str) -> tuple[tuple[str, ...], ...]:
    return _tsv(resource_path(lang, name))


@cache
def _json(path: Path):
    with path.open(encoding="utf-8") as f:
        return json.load(f)


@cache
def _lines(path: Path) -> tuple[str, ...]:
    """Non-empty lines of a text file; lines starting with ``#`` are comments."""
    if not path.exists():
        return ()
    lines = (raw.strip() for raw in path.read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def _tsv(path: Path) -> tuple[tuple[str, ...], ...]:
    """Rows of a TSV file (no header handling: lines starting with ``#`` are comments)."""
    if not path.exists():
        return ()
    rows = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        rows.append(tuple(cell.strip() for cell in raw.split("\t")))
    return tuple(rows)
