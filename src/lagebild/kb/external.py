"""External identifiers of places (``entities[].external``): ISO 3166-1 codes and GeoNames ids
from ``lang/external-ids.tsv`` (built offline from pycountry, CLDR and GeoNames by
training/external/build.py), reached by a name's own spelling or, through ``lang/exonyms.tsv``,
by its German or English exonym (Wien -> Vienna -> geonames 2761369).

The linker uses them as a strong key: the same id joins, different ids of one kind keep apart.
"""

from __future__ import annotations

from functools import cache, lru_cache

from ..resources import LANG_ROOT
from .names import NAMES_CACHED, _plain

SCHEMES = ("iso3166", "geonames")


@cache
def _table() -> dict[tuple[str, str], dict[str, str]]:
    table: dict[tuple[str, str], dict[str, str]] = {}
    for line in (LANG_ROOT / "external-ids.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, type, iso, geonames = line.split("\t")[:4]
            ids = {k: v for k, v in zip(SCHEMES, (iso, geonames), strict=True) if v}
            table[(type, _plain(name))] = ids
    # Exonyms: the German name gets the ids of its English one, and the other way round.
    for line in (LANG_ROOT / "exonyms.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            german, english, type = line.split("\t")[:3]
            de, en = (type, _plain(german)), (type, _plain(english))
            if en in table:
                table.setdefault(de, table[en])
            elif de in table:
                table.setdefault(en, table[de])
    return table


@lru_cache(maxsize=NAMES_CACHED)
def lookup(name: str, type: str) -> tuple[tuple[str, str], ...]:
    """The (scheme, id) pairs of a name, sorted; empty when unknown."""
    return tuple(sorted(_table().get((type, _plain(name)), {}).items()))


def external_ids(names: list[str], type: str) -> dict[str, str] | None:
    """The identifiers of an entity from its names (fullest first): the first name known."""
    for name in names:
        found = lookup(name, type)
        if found:
            return dict(found)
    return None


def keys(external: dict[str, str] | None) -> set[str]:
    """Blocking keys of external ids: ``ext:geonames:2761369``."""
    return {f"ext:{scheme}:{value}" for scheme, value in (external or {}).items()}


def clear_caches() -> None:
    _table.cache_clear()
    lookup.cache_clear()
