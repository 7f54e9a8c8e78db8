"""``to_disk`` / ``from_disk`` for the components: each owns its settings and data files.

spaCy's SpanRuler is the model: ``nlp.to_disk(dir)`` gives each component a folder
``dir/<name>/`` with ``settings.json`` (the settings it was made with) and copies of the
language files it reads (``resource_files``); ``from_disk`` rebuilds the component from
that folder, reading its copies instead of the package's (``resources.reading_from``), so
a saved pipeline can be edited and shipped on its own. A missing folder or settings file
is a ``ComponentError``.

A component class inherits ``Persistent`` and names its files; nothing else changes:
``__new__`` keeps the arguments the component was made with, so that ``from_disk`` can
make it again.
"""

from __future__ import annotations

import json
import shutil
from contextlib import nullcontext
from pathlib import Path
from types import SimpleNamespace

from spacy.language import Language

from ..errors import ComponentError
from ..resources import reading_from, resource_path

SETTINGS_FILE = "settings.json"


class Persistent:
    """Mixin: the component's settings and language files travel with a saved pipeline."""

    resource_files: tuple[str, ...] = ()  # the files under lang/<code>/ the component reads
    # attributes read right after loading, so that lazily loaded data comes from the folder
    eager: tuple[str, ...] = ()

    def __new__(cls, *args, **kwargs):
        self = super().__new__(cls)
        # the Language itself is not kept (it holds the component): only what __init__ reads
        self._made_with = (
            tuple(_stand_in(a) for a in args),
            {k: _stand_in(v) for k, v in kwargs.items()},
        )
        return self

    def to_disk(self, path, *, exclude=()) -> None:
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        args, kwargs = self._made_with
        settings = {k: v for k, v in kwargs.items() if not isinstance(v, SimpleNamespace)}
        settings["lang"] = self._lang()
        (folder / SETTINGS_FILE).write_text(
            json.dumps(settings, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
        )
        if "resources" not in exclude:
            copy_resources(self._lang(), self.resource_files, folder)

    def from_disk(self, path, *, exclude=()):
        name = getattr(self, "name", None) or Path(path).name
        folder = saved_folder(path, name)
        settings_path = folder / SETTINGS_FILE
        if not settings_path.is_file():
            raise ComponentError(f"{settings_path}: component {name!r} has no saved settings")
        try:
            settings = json.loads(settings_path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise ComponentError(f"{settings_path}: unreadable settings: {e}") from None
        lang = settings.pop("lang", None) or self._lang()
        args, kwargs = self._made_with
        if args and isinstance(args[0], str):  # made as Component(lang)
            args = (lang, *args[1:])
        else:  # made by spaCy as Component(nlp=..., name=..., **config)
            kwargs = {**kwargs, **{k: v for k, v in settings.items() if k in kwargs}, "lang": lang}
        own_files = reading_from(folder) if "resources" not in exclude else nullcontext()
        with own_files:
            type(self).__init__(self, *args, **kwargs)
            for attribute in self.eager:
                getattr(self, attribute)
        self._made_with = (args, kwargs)
        return self

    def _lang(self) -> str:
        args, _ = self._made_with
        return getattr(self, "lang", None) or args[0]


def copy_resources(lang: str, names: tuple[str, ...], folder: Path) -> None:
    """Copies into ``folder`` of the language files ``names`` as they are read now (a saved
    folder's own copy when one is being read)."""
    for name in names:
        source = resource_path(lang, name)
        if source.exists():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, folder / name)


def saved_folder(path, name: str) -> Path:
    """``path`` if it is a folder; a component cannot load from what is not there."""
    folder = Path(path)
    if not folder.is_dir():
        raise ComponentError(f"{folder}: the saved folder of component {name!r} is missing")
    return folder


def _stand_in(value):
    """What of a Language a component's ``__init__`` reads: its language and tokenizer."""
    if isinstance(value, Language):
        return SimpleNamespace(lang=value.lang, tokenizer=value.tokenizer, vocab=value.vocab)
    return value
