"""Entity resolution: one entity per real thing in an article."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Span

from lagebild.components.resolve import Resolver, read_resolution
from lagebild.extensions import register_extensions
from lagebild.pipeline import Source, blank_pipeline, build_pipeline, doc_to_analysis, make_doc


def _resolve(text: str, names: list[tuple[str, str]]):
    """Run the resolver over ``text`` with the given (surface, label) names as the
    recogniser's output: each occurrence of a surface form in order."""
    register_extensions()
    nlp = blank_pipeline("de")
    doc = nlp.make_doc(text)
    spans, pos = [], 0
    for surface, label in names:
        start = text.index(surface, pos)
        pos = start + len(surface)
        spans.append(doc.char_span(start, pos, label=label))
    doc.ents = [s for s in spans if isinstance(s, Span)]
    Resolver("de")(doc)
    return read_resolution(doc)


def _groups(entities):
    return {e.name: set(e.aliases) for e in entities}


@pytest.mark.parametrize(
    "first,second",
    [
        ("George W. Bush", "George H. W. Bush"),
        ("Marine Le Pen", "Jean-Marie Le Pen"),
        ("Hafis al-Assad", "Baschar al-Assad"),
    ],
)
def test_two_people_sharing_a_surname_stay_apart(first, second):
    surname = first.split()[-1]
    text = f"{first} traf {second}. {surname} sagte nichts."
    entities, mentions, checks = _resolve(text, [(first, "PER"), (second, "PER"), (surname, "PER")])
    names = {e.name for e in entities}
    assert first in names and second in names
    assert not checks
    assert len({m.entity for m in mentions if m.text in (first, second)}) == 2


def test_inflection_and_partial_names_merge_without_a_check():
    text = "Wladimir Putin reiste ab. Putins Plan: Putin bleibt. Russland und Russlands Nachbarn."
    names = [("Wladimir Putin", "PER"), ("Putins", "PER"), ("Putin", "PER")]
    names += [("Russland", "LOC"), ("Russlands", "LOC")]
    entities, _, checks = _resolve(text, names)
    assert _groups(entities) == {
        "Wladimir Putin": {"Wladimir Putin", "Putins", "Putin"},
        "Russland": {"Russland", "Russlands"},
    }
    assert not checks


@pytest.mark.parametrize("a,b", [("Tokajew", "Tokayev"), ("Schoigu", "Shoigu")])
def test_name_spelled_two_ways_is_one_entity_and_a_check(a, b):
    text = f"{a} sprach in Astana. Später sagte {b}, alles sei gut."
    entities, _, checks = _resolve(text, [(a, "PER"), (b, "PER")])
    assert len(entities) == 1 and set(entities[0].aliases) == {a, b}
    assert [c.kind for c in checks] == ["name-variant"]
    assert {s.text for s in checks[0].spans} == {a, b}


def test_different_names_are_no_variant():
    text = "Kasachstan und Usbekistan. Meier traf Müller."
    names = [("Kasachstan", "LOC"), ("Usbekistan", "LOC"), ("Meier", "PER"), ("Müller", "PER")]
    entities, _, checks = _resolve(text, names)
    assert len(entities) == 4 and not checks


def test_acronym_and_long_form_in_either_order():
    text = "Die OVKS tagt. Die Organisation des Vertrags über kollektive Sicherheit ist alt."
    entities, mentions, _ = _resolve(text, [("OVKS", "ORG")])
    assert _groups(entities) == {
        "Organisation des Vertrags über kollektive Sicherheit": {
            "OVKS",
            "Organisation des Vertrags über kollektive Sicherheit",
        }
    }


def test_cluster_type_corrects_a_mislabelled_mention():
    text = "Kasim-Jomart Tokajew empfing ihn. Tokajew lobte Tokajew."
    names = [("Kasim-Jomart Tokajew", "PER"), ("Tokajew", "LOC"), ("Tokajew", "PER")]
    entities, mentions, _ = _resolve(text, names)
    assert [e.type for e in entities] == ["PER"]
    assert {m.type for m in mentions} == {"PER"}


def test_role_noun_without_a_named_holder_has_no_entity():
    text = "Der Bürgermeister sagte, die Straße bleibe zu."
    entities, mentions, _ = _resolve(text, [])
    assert entities == []
    assert [(m.text, m.kind, m.entity) for m in mentions] == [("Bürgermeister", "role", None)]


@pytest.fixture(scope="module")
def reference(reference_text):
    nlp = build_pipeline("de", "accurate")
    source = Source(published=dt.date(2024, 11, 26))
    return doc_to_analysis(nlp(make_doc(nlp, reference_text, source)), nlp, source)


def test_reference_article_entities(reference):
    groups = _groups(reference.entities)
    expected = {
        "Wladimir Putin": {"Wladimir Putin", "Putin", "Putins", "Kremlchef"},
        "Kasim-Jomart Tokajew": {"Kasim-Jomart Tokajew", "Tokajew"},
        "Russland": {"Russland", "Russlands"},
        "Juri Uschakow": {"Juri Uschakow", "Uschakow"},
        "Organisation des Vertrags über kollektive Sicherheit": {
            "Organisation des Vertrags über kollektive Sicherheit",
            "OVKS",
        },
        "Oréshnik": {"Oréshnik", "Oressnik"},
    }
    for name, aliases in expected.items():
        assert groups[name] == aliases, name
    apart = {e.id for e in reference.entities if e.name in expected or e.name == "Kasachstan"}
    assert len(apart) == len(expected) + 1
    assert len(reference.entities) <= 34
    variants = [c for c in reference.checks if c.kind == "name-variant"]
    assert [{s.text for s in c.spans} for c in variants] == [{"Oréshnik", "Oressnik"}]
    roles = [m for m in reference.mentions if m.kind == "role" and m.entity]
    assert all(m.type == "PER" for m in roles) and roles


QUOTES = [
    # (text, speaker phrase, named person)
    (
        "Die Kanzlerin Angela Merkel reiste nach Paris. „Wir helfen der Ukraine“, sagte sie.",
        "Angela Merkel",
    ),
    (
        "Bürgermeister Dieter Reiter eröffnete die Wiesn. „Die Wiesn ist eröffnet, alle sind "
        "willkommen“, sagte der Bürgermeister.",
        "Dieter Reiter",
    ),
    (
        "Olaf Scholz kam nach Kiew. „Wir stehen an Ihrer Seite“, sagte er am Montag.",
        "Olaf Scholz",
    ),
    (
        "Angela Merkel empfing Olaf Scholz. „Wir helfen der Ukraine“, sagte sie am Montag.",
        "Angela Merkel",
    ),
    (
        "Der russische Präsident Wladimir Putin drohte erneut. „Wir werden antworten“, "
        "sagte der Präsident.",
        "Wladimir Putin",
    ),
]


@pytest.mark.parametrize("text,person", QUOTES)
def test_role_and_pronoun_speakers_get_the_named_person(text, person):
    nlp = build_pipeline("de", "accurate")
    analysis = doc_to_analysis(nlp(make_doc(nlp, text)), nlp)
    entity = next(e.id for e in analysis.entities if e.name == person)
    assert [q.speaker for q in analysis.quotes] == [entity]


def test_resolution_scores_b3_and_pairwise():
    from lagebild.eval.resolution import score

    perfect = score([[("Q1", "E1"), ("Q1", "E1"), ("Q2", "E2")]])
    assert perfect["b3"]["f1"] == 1.0 and perfect["pairwise"]["f1"] == 1.0
    split = score([[("Q1", "E1"), ("Q1", "E2")]])
    assert split["b3"]["precision"] == 1.0 and split["b3"]["recall"] == 0.5
    assert split["pairwise"]["recall"] == 0.0


def test_age_noun_is_a_role_mention_of_the_person_just_named():
    text = "Ludwig Adamovich leitete das Gericht. Ausschließen möchte der 83-Jährige nichts."
    entities, mentions, _ = _resolve(text, [("Ludwig Adamovich", "PER")])
    role = next(m for m in mentions if m.text == "83-Jährige")
    assert role.kind == "role" and role.entity == entities[0].id


def test_feminine_role_noun_skips_a_man():
    text = "Angela Merkel traf Olaf Scholz. Olaf Scholz sprach. Die Kanzlerin schwieg."
    names = [("Angela Merkel", "PER"), ("Olaf Scholz", "PER"), ("Olaf Scholz", "PER")]
    entities, mentions, _ = _resolve(text, names)
    role = next(m for m in mentions if m.text == "Kanzlerin")
    assert role.entity == next(e.id for e in entities if e.name == "Angela Merkel")


def test_bracketed_acronym_joins_its_name_but_not_a_persons_party():
    text = "Die Volkspartei (PP) siegte. Verkehrsminister Alexander Dobrindt (CSU) sprach."
    names = [("Volkspartei", "ORG"), ("PP", "ORG"), ("Alexander Dobrindt", "PER"), ("CSU", "ORG")]
    entities, _, _ = _resolve(text, names)
    assert _groups(entities)["Volkspartei"] == {"Volkspartei", "PP"}
    assert len(entities) == 3


def test_long_forms_of_several_acronyms_are_found():
    text = (
        "Die OVKS tagte. Die Organisation des Vertrags über kollektive Sicherheit und die "
        "Gemeinschaft Unabhängiger Staaten berieten; die GUS schwieg."
    )
    entities, _, _ = _resolve(text, [("OVKS", "ORG"), ("GUS", "ORG")])
    aliases = sorted(sorted(e.aliases) for e in entities)
    assert aliases == [
        ["GUS", "Gemeinschaft Unabhängiger Staaten"],
        ["OVKS", "Organisation des Vertrags über kollektive Sicherheit"],
    ]


def test_resolve_source_holds_no_german_words():
    """Words live in lang/de: no string constant of the component (docstrings aside) is
    German."""
    import ast
    import re
    from pathlib import Path

    from lagebild.components import resolve

    tree = ast.parse(Path(resolve.__file__).read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    strings = [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    ]
    assert not [s for s in strings if re.search(r"[äöüß]|\b(und|der|die|sind)\b", s)]


def test_possessive_role_noun_is_not_its_possessor():
    text = "Wladimir Putin reiste an. Putin sprach lange. Sein Sprecher schwieg."
    _, mentions, _ = _resolve(text, [("Wladimir Putin", "PER"), ("Putin", "PER")])
    role = next(m for m in mentions if m.text == "Sprecher")
    assert role.entity is None
