"""Pipeline components, one module per capability.

Importing this package imports every component module, which registers its spaCy
factory; the pipeline then adds components by factory name (see ``lang/<code>/pipeline.json``).
"""

from __future__ import annotations

import importlib
import pkgutil


def load_all() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


load_all()
