"""The event coder: PLOVER type, actor, recipient, modality, time and place of German news."""

from __future__ import annotations

import pytest
import spacy

from lagebild.analysis import Event
from lagebild.components.events import lexicon
from lagebild.pipeline import blank_pipeline


@pytest.fixture(scope="module")
def bare():
    """Sentences and events only: participants stay unnamed phrases."""
    nlp = blank_pipeline("de")
    nlp.add_pipe("lagebild_sentences")
    nlp.add_pipe("lagebild_events")
    return nlp


def coded(doc) -> list[tuple]:
    out = []
    for span in doc.spans["lagebild_events"]:
        e = span._.lagebild_event
        names = [(a.get("name") or a["text"]) if a else None for a in (e["actor"], e["recipient"])]
        out.append((e["type"], *names, e["modality"]))
    return out


@pytest.fixture(scope="module")
def reference(reference_text):
    from lagebild import analyze

    return analyze(reference_text, published="2024-11-26", language="de")


def _names(analysis, entity_id, text):
    for entity in analysis.entities:
        if entity.id == entity_id:
            return {entity.name, *entity.aliases}
    return {text} if text else set()


def _has(analysis, type_, actor, recipient, time=None, modality=None, trigger=None) -> bool:
    for e in analysis.events:
        if e.type != type_ or (trigger and e.trigger.text != trigger):
            continue
        actors = _names(analysis, e.actor, e.actor_text)
        recipients = _names(analysis, e.recipient, e.recipient_text)
        if actor is not None and not any(actor in a for a in actors):
            continue
        if recipient is not None and not any(recipient in r for r in recipients):
            continue
        if time is not None and e.time != time:
            continue
        if modality is not None and e.modality != modality:
            continue
        return True
    return False


@pytest.mark.parametrize(
    "type_,actor,recipient,time,modality,trigger",
    [
        ("ASSAULT", "Ukraine", "Russland", None, None, "Angriffe"),
        ("ASSAULT", "Russland", "Ukraine", "2024-W47", None, "abgeschossen"),
        ("THREATEN", "Russland", "Ukraine", None, None, "Gegenmaßnahmen"),
        ("CONSULT", "Putin", "Kasachstan", "2024-11-27", "future", "reist"),
        ("AGREE", "Putin", "Tokajew", "2024-11-27", None, "Abkommen"),
        ("CONSULT", None, "OVKS", "2024-11-28", "future", "teilnehmen"),
        ("AGREE", "Russland", "Kasachstan", None, None, "Protokoll"),
        ("MOBILIZE", "Tokajew", None, "2024-W47", None, "Maßnahmen"),
        ("REJECT", "Tokajew", "Russland", None, None, "geweigert"),
    ],
)
def test_events_reference_article(reference, type_, actor, recipient, time, modality, trigger):
    assert _has(reference, type_, actor, recipient, time, modality, trigger)


def test_events_reference_article_plain_statements_are_no_events(reference, reference_text):
    for phrase in ("teilten die beiden Länder mit", "gilt es seit dem Sieg"):
        start = reference_text.index(phrase)
        words = range(start, start + len(phrase))
        assert not any(e.trigger.start in words for e in reference.events)
    for event in reference.events:
        Event.model_validate(event.model_dump())
        assert reference_text[event.trigger.start : event.trigger.end] == event.trigger.text


def test_events_reference_article_known_errors(reference):
    """A name inside a weapon compound ("durch US-Raketen") is no actor, a heading the
    splitter ran on ("der häufigste Besuch") no participant, and SUPPORT goes to entities."""
    names = {e.id: e.name for e in reference.entities}
    for e in reference.events:
        actor = names.get(e.actor, e.actor_text)
        assert actor not in ("US", "USA"), e
        assert "häufigste" not in f"{actor} {names.get(e.recipient, e.recipient_text)}", e
        assert e.type != "SUPPORT" or e.recipient_text is None, e
    atacms = next(e for e in reference.events if e.type == "ASSAULT")
    assert names[atacms.actor] == "Ukraine"


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Die Polizei nahm den Bürgermeister fest.",
            ("COERCE", "Die Polizei", "den Bürgermeister", None),
        ),
        (
            "Die Stadt wurde von den Rebellen beschossen.",
            ("ASSAULT", "den Rebellen", "Die Stadt", None),
        ),
        (
            "Die Regierung lehnte den Vorschlag nicht ab.",
            ("REJECT", "Die Regierung", "den Vorschlag", "negated"),
        ),
        (
            "Die Regierung könnte die Opposition kritisieren.",
            ("ACCUSE", "Die Regierung", "die Opposition", "hypothetical"),
        ),
        (
            "Die Minister werden den Vertrag unterzeichnen.",
            ("AGREE", "Die Minister", None, "future"),
        ),
        (
            "Die Bauern demonstrierten damals gegen die Regierung.",
            ("PROTEST", "Die Bauern", "die Regierung", "historical"),
        ),
        ("Russische Raketen griffen die Stadt an.", ("ASSAULT", "Russland", "die Stadt", None)),
        # a dateline is no subject; a count of times no object; a run-on heading ends
        (
            "Diyarbakir – Die Polizei nahm den Bürgermeister fest.",
            ("COERCE", "Die Polizei", "den Bürgermeister", None),
        ),
        ("Putin hat 32 Mal das Land besucht.", ("CONSULT", "Putin", "das Land", None)),
        (
            "Kasachstan, der häufigste Besuch Seit Jahren hat Putin das Land besucht.",
            ("CONSULT", "Putin", "das Land", None),
        ),
        ("Die Slowakei befürwortet Verhandlungen.", ("SUPPORT", "Die Slowakei", None, None)),
        # found on the development news set: an agent a phrase took in, the actor of a
        # same-type noun for an agentless passive, a non-state head, an alleged past act,
        # an announced meeting, a possessive, a content object, an unresolved pronoun
        (
            "Zwei Männer wurden im Norden der Stadt von der Polizei festgenommen.",
            ("COERCE", "der Polizei", "Zwei Männer", None),
        ),
        (
            "Bei Angriffen russischer Truppen wurden zehn Soldaten getötet.",
            ("ASSAULT", "Russland", "Soldaten", None),
        ),
        (
            "Die syrische Opposition kritisierte die Regierung.",
            ("ACCUSE", "Die syrische Opposition", "die Regierung", None),
        ),
        (
            "Der Mann soll zwei Polizisten erschossen haben.",
            ("ASSAULT", "Der Mann", "zwei Polizisten", None),
        ),
        (
            "Die Minister kündigten ein Krisentreffen an.",
            ("CONSULT", "Die Minister", None, "future"),
        ),
        (
            "Der Präsident kehrte von seinem Besuch in Kairo zurück.",
            ("CONSULT", "Der Präsident", "Kairo", None),
        ),
        ("Die Regierung wies den Vorwurf zurück.", ("REJECT", "Die Regierung", None, None)),
        ("Er soll die Geiseln getötet haben.", ("ASSAULT", "Er", "die Geiseln", None)),
        # what is demanded or conceded is content: only its genitive receives
        (
            "Die Opposition verlangt den Rücktritt der Regierung.",
            ("REQUEST", "Die Opposition", "der Regierung", None),
        ),
        ("Die Regierung räumte Fehler ein.", ("CONCEDE", "Die Regierung", None, None)),
        # a coordinated remainder of a passive main clause keeps its agent and subject
        (
            "Der Mann wurde von der Polizei wegen Betrugs, den er gestanden hat, sowie"
            " wegen Erpressung festgenommen.",
            ("COERCE", "der Polizei", "Der Mann", None),
        ),
        (
            "Nach Angaben der Armee lieferte die Regierung Waffen an die Milizen.",
            ("AID", "die Regierung", "die Milizen", None),
        ),
    ],
)
def test_events_constructions(bare, text, expected):
    assert coded(bare(text)) == [expected]


# entries grown from the PLOVER manual: one verb, light-verb phrase or bound verb per type
@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Der Präsident begnadigte zwei Journalisten.",
            ("CONCEDE", "Der Präsident", "zwei Journalisten", None),
        ),
        (
            "Die Polizei durchsuchte die Redaktion.",
            ("COERCE", "Die Polizei", "die Redaktion", None),
        ),
        (
            "Die Regierung setzte die Gespräche mit den Rebellen aus.",
            ("SANCTION", "Die Regierung", "den Rebellen", None),
        ),
        (
            "Die Staatsanwaltschaft leitete Ermittlungen gegen den Minister ein.",
            ("ACCUSE", "Die Staatsanwaltschaft", "den Minister", None),
        ),
        ("Die Miliz folterte die Gefangenen.", ("ASSAULT", "Die Miliz", "die Gefangenen", None)),
        (
            "Das Gericht sprach den Politiker schuldig.",
            ("SANCTION", "Das Gericht", "den Politiker", None),
        ),
        (
            "Die Rebellen haben einen Waffenstillstand ausgerufen.",
            ("CONCEDE", "Die Rebellen", None, None),
        ),
        (
            "Er hat die Regierung für den Anschlag verantwortlich gemacht.",
            ("ACCUSE", "Er", "die Regierung", None),
        ),
    ],
)
def test_events_manual_lexicon(bare, text, expected):
    assert coded(bare(text)) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Die Regierung teilte mit, die Lage sei ruhig.",
        "Der Handel stieg im vergangenen Jahr auf 26 Milliarden Dollar.",
        "Die Sitzung dauerte drei Stunden.",
        "Russland hat eine solche Entscheidung getroffen.",
        "Die Kritik an der Regierung wächst.",  # a noun trigger without its own actor
        "Die Soldaten verließen das besetzte Dorf.",  # an attributive participle
    ],
)
def test_events_none_without_trigger_or_actor(bare, text):
    assert coded(bare(text)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zwei Männer wurden festgenommen.", ("COERCE", None, "Zwei Männer", None)),
        ("Es wurden 20 Menschen getötet.", ("ASSAULT", None, "20 Menschen", None)),
    ],
)
def test_events_agentless_passive_has_unidentified_actor(bare, text, expected):
    """PLOVER's sector UNK: "two civilians were killed by a bomb" has an unidentified actor."""
    assert coded(bare(text)) == [expected]


def test_events_agentless_passive_ablation(bare):
    coder = bare.get_pipe("lagebild_events")
    coder.unidentified_actors = False
    try:
        assert coded(bare("Zwei Männer wurden festgenommen.")) == []
    finally:
        coder.unidentified_actors = True


def test_events_lexicon_is_plover():
    types = set(Event.model_fields["type"].annotation.__args__)
    for triggers in lexicon("de").triggers.values():
        for trigger in triggers:
            assert trigger.type in types | {"-"}


def test_events_round_trip_and_multiprocess(bare, tmp_path):
    texts = ["Die Polizei nahm den Bürgermeister fest.", "Die Armee zog sich aus der Stadt zurück."]
    bare.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    expected = [coded(bare(t)) for t in texts]
    assert [coded(loaded(t)) for t in texts] == expected
    assert [coded(d) for d in bare.pipe(texts, n_process=2)] == expected


@pytest.mark.parametrize("text", ["Putin besuchte Kasachstan.", "", " \u200b "])
def test_events_without_sentence_boundaries(text):
    # a hostile text can leave the sentence splitter nothing to segment (found by hypothesis)
    nlp = blank_pipeline("de")
    nlp.add_pipe("lagebild_events")
    doc = nlp(text)
    assert all(span.end_char <= len(text) for span in doc.spans["lagebild_events"])


def test_events_place_genitive_joins_its_noun():
    """ "Chinas Präsident Xi Jinping" is one subject, not a subject and an object."""
    from lagebild import analyze

    a = analyze("Am Dienstag traf Chinas Präsident Xi Jinping den Kanzler.", language="de")
    names = {e.id: e.name for e in a.entities}
    [event] = a.events
    assert names.get(event.actor) == "Xi Jinping"
    assert event.recipient_text == "den Kanzler" or names.get(event.recipient) != "China"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a headline's bare participle is passive: the count is no actor
        ("Sechs Oppositionelle freigelassen.", [("RETREAT", None, "Oppositionelle", None)]),
        # an extended attribute keeps its preposition: "von Islamisten" is no subject
        (
            "Die von Islamisten geführte Rebellengruppe hat einen Militärstützpunkt angegriffen.",
            [("ASSAULT", "geführte Rebellengruppe", "einen Militärstützpunkt", None)],
        ),
        # ... and its participle is no event ("unterstützten": no SUPPORT)
        (
            "Die Regierung der von Russland unterstützten Separatisten griff das Dorf an.",
            [("ASSAULT", "Die Regierung", "Separatisten", None)],
        ),
        # an adverb after the sentence's start opens no phrase
        (
            "Erneut hat ein Angreifer eine Frau angegriffen.",
            [("ASSAULT", "ein Angreifer", "eine Frau", None)],
        ),
        # a doubled space joins the genitive to its noun
        (
            "Die  Regierung  der Region warf der Regierung in Kiew Sabotage vor.",
            [("ACCUSE", "Die  Regierung  der Region", "der Regierung", None)],
        ),
        # a compound the tokenizer split at its hyphen stays one word of the phrase
        (
            "Die US-Streitkräfte hatten das Lager mit F15E-Kampfflugzeugen angegriffen.",
            [("ASSAULT", "Die US-Streitkräfte", "das Lager", None)],
        ),
        (
            "Mehr als 30 PKK-Kämpfer wurden getötet.",
            [("ASSAULT", None, "30 PKK-Kämpfer", None)],
        ),
        # a subject naming an event receives through its genitive
        (
            "Proteste der Opposition wurden gewaltsam niedergeschlagen.",
            [("ASSAULT", None, "der Opposition", None)],
        ),
    ],
)
def test_events_phrase_structure(bare, text, expected):
    assert coded(bare(text)) == expected


def test_events_apposition_and_town_agent():
    """A name set off by commas names the phrase before it; "von Paris" after a noun is
    where the attackers come from, not who arrested the man."""
    from lagebild import analyze

    analysis = analyze(
        "Der Menschenrechtskommissar des Europarats, Nils Muiznieks, hatte die türkischen "
        "Behörden aufgerufen, Beobachter zuzulassen. In Marokko ist ein Belgier mit "
        "Verbindungen zu den Attentätern von Paris festgenommen worden.",
        language="de",
    )
    assert _has(analysis, "REQUEST", "Nils Muiznieks", "Türkei")
    arrest = [e for e in analysis.events if e.type == "COERCE"]
    assert [(e.actor, e.actor_text, e.recipient_text) for e in arrest] == [
        (None, None, "ein Belgier")
    ]


def test_learned_triggers_code_a_verb_off_the_lexicon():
    """The trained trigger model (off by default) reads the accurate entity model's states:
    "ignorierte" is no lexicon word, and only the model codes it; the states are let go."""
    from lagebild.components.trigger_model import trigger_model
    from lagebild.eval.events import PARTS, event_pipeline

    if trigger_model("de") is None:
        pytest.skip("no trigger model shipped")
    assert "ignorieren" not in lexicon("de").triggers
    text = "Die Regierung ignorierte den Bericht der Zeitung am Mittwoch."
    found = {}
    for learned in (False, True):
        nlp = event_pipeline("de", "accurate", PARTS, True, learned=learned)
        doc = nlp(text)
        found[learned] = [
            (s.text, s._.lagebild_event["type"]) for s in doc.spans["lagebild_events"]
        ]
        assert doc.tensor.shape == (0,)
    assert found == {False: [], True: [("ignorierte", "REJECT")]}


@pytest.mark.parametrize(
    "text, expected",
    [
        # deaths in a fight or an attack named by a noun: the dead receive, nobody named acts
        (
            "Bei den Kämpfen starben am Wochenende sieben Soldaten.",
            [("ASSAULT", None, "sieben Soldaten", None)],
        ),
        (
            "Bei einem Bombenanschlag sind Dutzende Menschen ums Leben gekommen.",
            [("ASSAULT", None, "Dutzende Menschen", None)],
        ),
        ("Bei dem Unfall starben drei Menschen.", []),  # no attack, no event
        ("Die Kämpfe dauerten am Wochenende an.", []),  # no deaths, no actor: no event
    ],
)
def test_events_deaths_in_a_named_fight(bare, text, expected):
    assert coded(bare(text)) == expected


@pytest.mark.parametrize(
    "text, types",
    [
        ("Die Waffenruhe droht zu scheitern.", []),  # what lies ahead, not a threat
        ("Das Bündnis droht auseinanderzubrechen.", []),
        ("Die Regierung droht völlig zu zerbrechen.", []),
        ("Der Präsident drohte zurückzutreten.", ["THREATEN"]),  # a threat of his own
        ("Nordkorea drohte, die Gespräche abzubrechen.", ["THREATEN"]),
    ],
)
def test_events_drohen_with_an_outcome_is_no_threat(bare, text, types):
    assert [event[0] for event in coded(bare(text))][:1] == types


@pytest.mark.parametrize(
    "text, types",
    [
        ("Die Lage ist ernst, warnte der UN-Gesandte am Montag.", []),  # reports, no party
        ("Der Minister warnte vor einer Eskalation.", []),
        ("Der Iran warnte Israel vor einem Angriff.", ["THREATEN"]),
    ],
)
def test_events_a_warning_needs_a_warned_party(bare, text, types):
    assert [event[0] for event in coded(bare(text))] == types


def test_events_a_light_verb_phrase_in_a_threats_content_is_no_event_of_its_own(bare):
    # the threat is the act; breaking off the talks is only its content
    assert coded(bare("Nordkorea drohte, die Verhandlungen abzubrechen.")) == [
        ("THREATEN", "Nordkorea", None, None)
    ]


@pytest.fixture(scope="module")
def full():
    from lagebild.pipeline import build_pipeline

    return build_pipeline("de", "accurate")


@pytest.mark.parametrize(
    "text, types",
    [
        ("Hasan E. drohen bei einer Verurteilung bis zu 30 Jahre Haft.", []),
        ("Ihm droht die Abschiebung nach Afghanistan.", []),
        ("Die Regierung drohte den Demonstranten mit Haft.", ["THREATEN"]),
    ],
)
def test_events_what_looms_over_someone_is_no_threat(full, text, types):
    doc = full(text)
    assert [s._.lagebild_event["type"] for s in doc.spans["lagebild_events"]] == types


def test_a_participant_the_entity_model_missed_joins_the_entity_of_that_name(reference_text):
    """The fast entity model misses "Putin" in "Putins Besuch …"-like sentences of the
    reference article; the event still belongs to the entity that goes by "Putin"."""
    from lagebild import analyze

    analysis = analyze(reference_text, published="2024-11-26", language="de", model="fast")
    putin = next(e.id for e in analysis.entities if e.name == "Wladimir Putin")
    visit = next(e for e in analysis.events if e.trigger.text == "Besuch")
    assert (visit.actor, visit.actor_text) == (putin, None)


def test_events_leave_another_components_tensor_alone(bare):
    """Only the trigger model's own states are let go after reading; with the model off, a
    tensor another component set stays."""
    import numpy as np

    doc = bare.make_doc("Russland griff die Ukraine an.")
    doc.tensor = np.ones((len(doc), 4), dtype=np.float32)
    for _, component in bare.pipeline:
        doc = component(doc)
    assert doc.tensor.shape == (len(doc), 4)


@pytest.mark.parametrize(
    "text, expected",
    [
        # the name a noun trigger's compound opens with acts ("IS-Anschlag")
        (
            "Bei einem IS-Anschlag auf das Museum wurden 21 Touristen getötet.",
            [("ASSAULT", "IS", "21 Touristen", None)],
        ),
        (
            "Der US-Luftangriff auf das Lager begann am Morgen.",
            [("ASSAULT", "US", "das Lager", None)],
        ),
        # ... not inside a longer compound, where it is the target
        ("Der Anti-IS-Angriff begann am Morgen.", []),
        # a noun trigger after "seit", "nach", "vor" only dates the clause
        ("Seit dem IS-Angriff auf die Fabrik können wir niemanden erreichen.", []),
    ],
)
def test_events_compound_prefix_and_temporal_references(full, text, expected):
    # the entity component splits "IS-Anschlag" into "IS", "-", "Anschlag"
    assert coded(full(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a person's country adjective is a nationality: neither actor nor recipient state
        (
            "Ein kanadischer Priester wurde zu lebenslanger Haft verurteilt.",
            [("COERCE", None, "Ein kanadischer Priester", None)],
        ),
        # ... an organ's stands for its state
        (
            "Die russische Armee hat ukrainische Stellungen angegriffen.",
            [("ASSAULT", "Russland", "Ukraine", None)],
        ),
    ],
)
def test_events_country_adjective_stands_for_the_state_only_for_its_organs(bare, text, expected):
    assert coded(bare(text)) == expected


def test_events_an_unnamed_participant_is_its_words_before_an_attached_von_phrase(bare):
    assert coded(bare("Im Jahr 2000 sprach ihn ein Gericht vom Vorwurf der Spionage frei.")) == [
        ("CONCEDE", "ein Gericht", None, None)
    ]
