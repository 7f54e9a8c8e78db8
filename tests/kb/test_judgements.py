"""Analysts' corrections (merge, split) and external ids, on real analysed articles and on
both backends; later ingests must respect the corrections."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lagebild.analysis import Entity
from lagebild.errors import UsageError
from lagebild.ingest.batch import analyze_articles
from lagebild.kb import judgements, queries
from lagebild.kb.linking import Linker
from lagebild.kb.names import VariantMatcher
from lagebild.kb.schema import links, mentions
from lagebild.kb.store import Store

from .conftest import make_article

TEXTS = {
    "t1": "Der kasachische Präsident Kassym-Schomart Tokajew empfing am Montag in Astana "
    "Gäste aus Berlin. Tokajew sprach von guten Beziehungen.",
    "t3": "Präsident Kassym-Schomart Tokayev reiste nach Moskau. Dort traf Tokayev Wladimir Putin.",
    "t4": "In Astana hat Präsident Kassym-Schomart Tokajew am Freitag neue Minister ernannt.",
    "t5": "Tokajew kündigte am Samstag in Astana Reformen an. Tokajew sprach vor dem Parlament.",
    "t6": "Präsident Kemelewitsch Tokajew eröffnete am Montag in Astana eine Messe.",
    "t7": "In Astana sprach Kemelewitsch Tokajew am Mittwoch über die Wirtschaft.",
}


@pytest.fixture(scope="module")
def texts():
    articles = [make_article(k, "2026-12-01", k, t) for k, t in TEXTS.items()]
    return {a.location: analysis for a, analysis in analyze_articles(articles, "de", "fast", 1)}


@pytest.fixture
def kb(db_url):
    s = Store(db_url, linker=Linker(VariantMatcher()))
    yield s
    s.close()


def _add(kb, texts, key):
    analysis = texts[key].model_copy(deep=True)
    kb.add(analysis, key=key)
    return analysis


def _kb_id(analysis, name_part: str) -> str:
    return next(e.kb_id for e in analysis.entities if name_part in e.name)


def test_article_context_links_a_bare_surname_through_the_full_name(kb, texts):
    first = _add(kb, texts, "t1")
    # The resolver made one entity of "Kassym-Schomart Tokajew" and "Tokajew": linked by
    # its fullest name.
    assert [e.name for e in first.entities if "Tokajew" in e.name] == ["Kassym-Schomart Tokajew"]
    later = _add(kb, texts, "t4")
    alone = _add(kb, texts, "t5")  # only "Tokajew": one bearer in the store
    assert _kb_id(first, "Tokajew") == _kb_id(later, "Tokajew") == _kb_id(alone, "Tokajew")


def test_split_lasts_over_later_ingests(kb, texts):
    t1, t5 = _add(kb, texts, "t1"), _add(kb, texts, "t5")
    old = _kb_id(t1, "Tokajew")
    assert _kb_id(t5, "Tokajew") == old  # a bare surname with one bearer in the store
    # The analyst: that bare "Tokajew" is someone else.
    new = judgements.split(kb, old, ["Tokajew"])
    assert new != old
    with kb.engine.connect() as conn:
        moved = set(conn.scalars(select(links.c.entity).where(links.c.name == "Tokajew")))
        tagged = set(conn.scalars(select(mentions.c.entity).where(mentions.c.text == "Tokajew")))
    assert moved == {new} and new in tagged
    exported = {a["document"]["id"]: a for a in queries.export_analyses(kb)}
    assert [e["kb_id"] for e in exported["t5"]["entities"] if e["name"] == "Tokajew"] == [new]
    # Later ingests: the bare surname never joins the old entity again, the full name does.
    again = texts["t5"].model_copy(deep=True)
    kb.add(again, key="t5-again")
    assert _kb_id(again, "Tokajew") == new
    assert _kb_id(_add(kb, texts, "t4"), "Tokajew") == old
    kinds = {(j["verdict"], j["entity"]) for j in judgements.history(kb, old)}
    assert ("different", old) in kinds and ("different", new) in kinds


def test_merge_lasts_over_later_ingests(kb, texts):
    t1, t6 = _add(kb, texts, "t1"), _add(kb, texts, "t6")
    full, patronymic = _kb_id(t1, "Tokajew"), _kb_id(t6, "Tokajew")
    assert full != patronymic  # other given names: the matcher keeps them apart
    kept = judgements.merge(kb, "Kassym-Schomart Tokajew", patronymic)
    assert kept == full and judgements.redirect(kb, patronymic) == full
    profile = queries.get_entity(kb, full)
    assert "Kemelewitsch Tokajew" in {a["alias"] for a in profile["aliases"]}
    # A later article naming him so joins the merged entity.
    assert _kb_id(_add(kb, texts, "t7"), "Tokajew") == full
    with pytest.raises(UsageError, match="already one entity"):
        judgements.merge(kb, full, patronymic)


def test_external_ids_join_exonyms_and_keep_namesakes_apart(kb):
    linker = kb.linker
    with kb._write() as conn:
        wien = Entity(id="E1", name="Wien", type="LOC")
        first = linker.link(conn, wien)
        vienna = Entity(id="E2", name="Vienna", type="LOC")
        second = linker.link(conn, vienna)
        texas = Entity(id="E3", name="Paris", type="LOC", external={"geonames": "4717560"})
        france = Entity(id="E4", name="Paris", type="LOC")
        a, b = linker.link(conn, france), linker.link(conn, texas)
    assert wien.external == {"geonames": "2761369"} == vienna.external
    assert second.kb_id == first.kb_id and second.rule == "external-id"
    assert france.external == {"geonames": "2988507"}
    assert a.kb_id != b.kb_id  # the same name, another GeoNames id: another place


def test_country_gets_its_iso_code(kb, texts):
    analysis = _add(kb, texts, "t3")
    assert next(e.external for e in analysis.entities if e.name == "Moskau") == {
        "geonames": "524901"
    }


def test_customary_country_names_share_the_iso_code():
    """USA and Großbritannien are the news' names, not ISO's or CLDR's: the short-name table."""
    from lagebild.kb.external import external_ids

    usa = external_ids(["USA"], "LOC")
    assert (
        usa
        == external_ids(["Vereinigte Staaten"], "LOC")
        == {"iso3166": "US", "geonames": "6252001"}
    )
    assert external_ids(["Großbritannien"], "LOC") == external_ids(
        ["Vereinigtes Königreich"], "LOC"
    )
