"""The quote finder on German news constructions: direct and indirect speech, cue, speaker."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from lagebild.pipeline import blank_pipeline


@pytest.fixture(scope="module")
def nlp():
    nlp = blank_pipeline("de")
    nlp.add_pipe("lagebild_sentences")
    nlp.add_pipe("lagebild_quotes")
    return nlp


def quotes(doc) -> list[dict]:
    found = []
    for span in sorted(doc.spans["lagebild_quotes"], key=lambda s: s.start_char):
        q = span._.lagebild_quote
        start, end = q["speaker_start"], q["speaker_end"]
        found.append(
            {
                "text": span.text,
                "kind": q["kind"],
                "speaker": q["speaker_text"],
                "means": doc.text[start:end] if start is not None else None,
                "cue": q["cue"]["text"] if q["cue"] else None,
            }
        )
    return found


def only_quote(nlp, text: str) -> dict:
    found = quotes(nlp(text))
    assert len(found) == 1, found
    return found[0]


# (text, content, kind, speaker, cue)
CASES = [
    # direct speech in every quotation-mark style
    (
        "„Wir werden nicht nachgeben“, sagte Innenministerin Nancy Faeser.",
        "Wir werden nicht nachgeben",
        "direct",
        "Innenministerin Nancy Faeser",
        "sagte",
    ),
    (
        '"Die Lage ist sehr ernst", erklärte der Sprecher des Ministeriums am Montag.',
        "Die Lage ist sehr ernst",
        "direct",
        "der Sprecher des Ministeriums",
        "erklärte",
    ),
    (
        "»Wir sind auf alles vorbereitet«, betonte Generalsekretär Mark Rutte.",
        "Wir sind auf alles vorbereitet",
        "direct",
        "Generalsekretär Mark Rutte",
        "betonte",
    ),
    (
        "«Das ist ein schwerer Fehler», kritisierte Friedrich Merz.",
        "Das ist ein schwerer Fehler",
        "direct",
        "Friedrich Merz",
        "kritisierte",
    ),
    (
        "‚Wir bleiben bis zum Ende hier‘, versicherte die Bürgermeisterin.",
        "Wir bleiben bis zum Ende hier",
        "direct",
        "die Bürgermeisterin",
        "versicherte",
    ),
    # several sentences in one quote
    (
        "„Wir haben alles versucht. Nun liegt es an Moskau“, sagte Annalena Baerbock.",
        "Wir haben alles versucht. Nun liegt es an Moskau",
        "direct",
        "Annalena Baerbock",
        "sagte",
    ),
    # attribution before the quote
    (
        "Die Ministerin sagte am Abend: „Wir helfen den Menschen sofort.“",
        "Wir helfen den Menschen sofort.",
        "direct",
        "Die Ministerin",
        "sagte",
    ),
    # separated particle after the speaker
    (
        "„Die Produktion läuft wieder normal“, teilte der Autobauer am Freitag mit.",
        "Die Produktion läuft wieder normal",
        "direct",
        "der Autobauer",
        "teilte ... mit",
    ),
    # a partial quote of a phrase
    (
        "Der Kanzler ordnete „sofortige Hilfen“ für die Region an.",
        "sofortige Hilfen",
        "direct",
        "Der Kanzler",
        "ordnete ... an",
    ),
    # direct speech whose marks were lost
    (
        "Ich bleibe bis 2018 im Amt, erklärte das Stadtoberhaupt.",
        "Ich bleibe bis 2018 im Amt",
        "direct",
        "das Stadtoberhaupt",
        "erklärte",
    ),
    (
        "Wir seien auf alles vorbereitet, sagte die Ministerin.",
        "Wir seien auf alles vorbereitet",
        "indirect",
        "die Ministerin",
        "sagte",
    ),
    # indirect speech: subjunctive clause
    (
        "Scholz sagte, die Regierung werde die Hilfen verlängern.",
        "die Regierung werde die Hilfen verlängern",
        "indirect",
        "Scholz",
        "sagte",
    ),
    # the subject after the verb
    (
        "Am Montag erklärte der Sprecher, die Gespräche seien gescheitert.",
        "die Gespräche seien gescheitert",
        "indirect",
        "der Sprecher",
        "erklärte",
    ),
    # a dative before the verb is not the speaker
    (
        "Dem Sender sagte er, die Gespräche seien gescheitert.",
        "die Gespräche seien gescheitert",
        "indirect",
        "er",
        "sagte",
    ),
    # dass-clause with a separable verb
    (
        "Die Ministerin kündigte an, dass die Steuern im Januar sinken sollen.",
        "dass die Steuern im Januar sinken sollen",
        "indirect",
        "Die Ministerin",
        "kündigte an",
    ),
    # "so X"
    (
        "Die Lage sei inzwischen unter Kontrolle, so ein Sprecher der Polizei.",
        "Die Lage sei inzwischen unter Kontrolle",
        "indirect",
        "ein Sprecher der Polizei",
        "so",
    ),
    # "X zufolge"
    (
        "Dem Innenministerium zufolge wurden 20 Menschen festgenommen.",
        "wurden 20 Menschen festgenommen",
        "indirect",
        "Dem Innenministerium",
        "zufolge",
    ),
    (
        "Angaben der Polizei zufolge wurden drei Menschen verletzt.",
        "wurden drei Menschen verletzt",
        "indirect",
        "der Polizei",
        "zufolge",
    ),
    # "laut X"
    (
        "Laut Polizei wurden bei dem Unfall drei Menschen verletzt.",
        "wurden bei dem Unfall drei Menschen verletzt",
        "indirect",
        "Polizei",
        "Laut",
    ),
    (
        "Laut einem Bericht des Gesundheitsministeriums stieg die Zahl der Fälle.",
        "stieg die Zahl der Fälle",
        "indirect",
        "des Gesundheitsministeriums",
        "Laut",
    ),
    # "nach Angaben von X" / "nach Angaben des X"
    (
        "Bei dem Unglück starben nach Angaben von Rettungskräften zwei Menschen.",
        "Bei dem Unglück starben nach Angaben von Rettungskräften zwei Menschen",
        "indirect",
        "Rettungskräften",
        "nach Angaben",
    ),
    (
        "Nach Angaben des Gesundheitsministeriums gibt es 40 neue Fälle.",
        "gibt es 40 neue Fälle",
        "indirect",
        "des Gesundheitsministeriums",
        "Nach Angaben",
    ),
    # "…, teilte X mit" after indirect content
    (
        "Das Unternehmen werde 200 Stellen streichen, teilte der Konzern am Montag mit.",
        "Das Unternehmen werde 200 Stellen streichen",
        "indirect",
        "der Konzern",
        "teilte ... mit",
    ),
    # "hieß es in einer Erklärung"
    (
        "Die Verhandlungen seien gescheitert, hieß es in einer Erklärung des Außenministeriums.",
        "Die Verhandlungen seien gescheitert",
        "indirect",
        "des Außenministeriums",
        "hieß es",
    ),
    # "wie X sagte"
    (
        "Wie ein Sprecher der Bahn sagte, fallen am Montag alle Züge aus.",
        "fallen am Montag alle Züge aus",
        "indirect",
        "ein Sprecher der Bahn",
        "Wie ... sagte",
    ),
    (
        "Die Grenze bleibt vorerst geschlossen, wie das Innenministerium mitteilte.",
        "Die Grenze bleibt vorerst geschlossen",
        "indirect",
        "das Innenministerium",
        "wie ... mitteilte",
    ),
    # "bestätigte": a clause and an object
    (
        "Das Ministerium bestätigte, dass die Grenze geschlossen bleibt.",
        "dass die Grenze geschlossen bleibt",
        "indirect",
        "Das Ministerium",
        "bestätigte",
    ),
    (
        "Am Montag bestätigte die Polizei den Tod eines Mannes.",
        "den Tod eines Mannes",
        "indirect",
        "die Polizei",
        "bestätigte",
    ),
    (
        "Die Polizei bestätigte den Tod eines 40-jährigen Mannes.",
        "den Tod eines 40-jährigen Mannes",
        "indirect",
        "Die Polizei",
        "bestätigte",
    ),
    # apposition speakers
    (
        "„Das ist ein wichtiger Schritt“, sagte Anna Schmidt, eine Sprecherin der Vereinten "
        "Nationen.",
        "Das ist ein wichtiger Schritt",
        "direct",
        "Anna Schmidt, eine Sprecherin der Vereinten Nationen",
        "sagte",
    ),
    (
        "Der Chef der Notenbank, Joachim Nagel, sagte, die Inflation sinke.",
        "die Inflation sinke",
        "indirect",
        "Der Chef der Notenbank, Joachim Nagel",
        "sagte",
    ),
]


@pytest.mark.parametrize("text,content,kind,speaker,cue", CASES)
def test_quotes_constructions(nlp, text, content, kind, speaker, cue):
    found = only_quote(nlp, text)
    assert found["text"] == content
    assert found["kind"] == kind
    assert found["speaker"] == speaker
    assert found["cue"] == cue


def test_quotes_broken_by_attribution(nlp):
    text = "„Die Gespräche waren gut“, sagte Olaf Scholz. „Aber es bleibt noch viel zu tun.“"
    found = quotes(nlp(text))
    assert [q["text"] for q in found] == [
        "Die Gespräche waren gut",
        "Aber es bleibt noch viel zu tun.",
    ]
    assert {q["speaker"] for q in found} == {"Olaf Scholz"}
    assert {q["kind"] for q in found} == {"direct"}


def test_quotes_over_paragraphs(nlp):
    text = (
        "„Wir werden die Hilfe fortsetzen, solange es nötig ist.\n"
        "„Das sind wir den Menschen schuldig“, sagte die Ministerin."
    )
    [found] = quotes(nlp(text))
    assert found["text"].startswith("Wir werden die Hilfe")
    assert found["text"].endswith("Menschen schuldig")
    assert found["speaker"] == "die Ministerin"


def test_quotes_coordinated_verb_keeps_the_speaker(nlp):
    text = "„Die Truppen ziehen ab“, teilte das Ministerium mit und erklärte, es plane Gespräche."
    found = quotes(nlp(text))
    assert [(q["text"], q["speaker"], q["cue"]) for q in found] == [
        ("Die Truppen ziehen ab", "das Ministerium", "teilte ... mit"),
        ("es plane Gespräche", "das Ministerium", "erklärte"),
    ]


@pytest.mark.parametrize(
    "text,speaker,means",
    [
        (
            "„Wir sind bereit“, sagte Olaf Scholz. Später erklärte er, die Gespräche seien gut.",
            "er",
            "Olaf Scholz",
        ),
        (
            "„Die Grenze bleibt offen“, sagte Innenminister Hans Meier. "
            "Der Minister kündigte an, dass die Kontrollen enden.",
            "Der Minister",
            "Innenminister Hans Meier",
        ),
    ],
)
def test_quotes_pronoun_and_role_noun_speakers(nlp, text, speaker, means):
    last = quotes(nlp(text))[-1]
    assert last["speaker"] == speaker
    assert last["means"] == means


def test_quotes_pronoun_resolves_to_person_entity(nlp):
    text = "Olaf Scholz traf den Präsidenten in Paris. Er sagte, die Gespräche seien gut verlaufen."
    doc = nlp.make_doc(text)
    doc = nlp.get_pipe("lagebild_sentences")(doc)
    doc.ents = [Span(doc, 0, 2, label="PER"), Span(doc, 6, 7, label="LOC")]
    doc = nlp.get_pipe("lagebild_quotes")(doc)
    [found] = quotes(doc)
    assert found["speaker"] == "Er"
    assert found["means"] == "Olaf Scholz"


def test_quotes_speaker_offsets_point_at_the_person_in_the_phrase(nlp):
    text = "Der Chef der Notenbank, Joachim Nagel, sagte, die Inflation sinke bald."
    doc = nlp.get_pipe("lagebild_sentences")(nlp.make_doc(text))
    doc.ents = [Span(doc, 3, 4, label="ORG"), Span(doc, 5, 7, label="PER")]
    [found] = quotes(nlp.get_pipe("lagebild_quotes")(doc))
    assert found["speaker"] == "Der Chef der Notenbank, Joachim Nagel"
    assert found["means"] == "Joachim Nagel"


@pytest.mark.parametrize(
    "text",
    [
        "Der Name bedeutet wörtlich übersetzt „Haselnuss“ und klingt harmlos.",
        "Er teilte das Brot mit seinem Bruder.",
        "Der Zug fuhr ab, nachdem alle eingestiegen waren.",
        "Die Regierung will so schnell wie möglich handeln.",
        "Moskau will ein Kraftwerk bauen, so dass beide Anlagen verbunden werden.",
        "Er las am Morgen „The Independent on Sunday“ im Zug.",
        "Das berichtet die Finanzseite Fool.com unter Berufung auf eine Meldung.",
    ],
)
def test_quotes_none_where_nobody_speaks(nlp, text):
    assert quotes(nlp(text)) == []


def test_quotes_separated_cue_offsets(nlp):
    text = "„Es ist vorbei“, teilte die Firma mit."
    doc = nlp(text)
    [span] = doc.spans["lagebild_quotes"]
    cue = span._.lagebild_quote["cue"]
    assert cue["text"] == "teilte ... mit"
    assert text[cue["start"] : cue["end"]] == "teilte die Firma mit"


# The reference article: (start of the content, speaker phrase, kind)
REFERENCE = [
    ("Bestätigten Angaben zufolge", "das russische Verteidigungsministerium", "direct"),
    ("es bereite ‚Gegenmaßnahmen‘ vor", "das russische Verteidigungsministerium", "indirect"),
    ("Putin, der Kasachstan", "die beiden Länder", "indirect"),
    ("20 Prozent der kasachischen Wirtschaft", "Analysten", "indirect"),
    ("Wenn Russland", "der kasachische Energieminister Almasadam Stakalev", "direct"),
    ("dass in Astana ein Protokoll", "Juri Uschakow", "indirect"),
    ("die beiden Staatsoberhäupter würden", "Uschakow", "indirect"),
    ("Niemand zweifelt", "Alibek Tazhibajew", "direct"),
    ("Nachdem bekannt wurde", "Dosim Satpaev, ein bekannter kasachischer", "direct"),
    ("dringende Maßnahmen", "Tokajew", "direct"),
    ("Das wichtigste strategische Ziel", "Berik Uali", "direct"),
    ("dass Moskau die Oberhand hat", "der kasachischen Presse", "indirect"),
]


def test_quotes_reference_article(nlp, reference_text):
    found = quotes(nlp(reference_text))
    for start, speaker, kind in REFERENCE:
        matching = [q for q in found if q["text"].startswith(start)]
        assert len(matching) == 1, (start, found)
        assert speaker in matching[0]["speaker"], (start, matching[0])
        assert matching[0]["kind"] == kind, (start, matching[0])
    satpaev = next(q for q in found if q["text"].startswith("Nachdem bekannt wurde"))
    assert satpaev["text"].endswith("Das Gleiche gilt für das französische Unternehmen")
    # quoted words inside a quote are part of it, not quotes of their own
    assert not any(q["text"] in ("Gegenmaßnahmen", "neuen Weltordnung", "Haselnuss") for q in found)


def test_quotes_in_the_analysis(reference_text):
    from lagebild import analyze

    analysis = analyze(reference_text, published="2024-11-26", language="de")
    texts = {q.text[:20]: q for q in analysis.quotes}
    assert texts["Wenn Russland eine s"].speaker_text.endswith("Almasadam Stakalev")
    for quote in analysis.quotes:
        assert reference_text[quote.start : quote.end] == quote.text
        if quote.cue:
            assert (
                quote.cue.text.split(" ... ")[0] in reference_text[quote.cue.start : quote.cue.end]
            )


def test_quotes_round_trip(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    text = "„Wir kommen morgen wieder“, sagte die Sprecherin."
    assert quotes(loaded(text)) == quotes(nlp(text))


def test_quotes_multiprocess(nlp):
    texts = ["„Wir kommen morgen wieder“, sagte die Sprecherin.", "Laut Polizei ist alles ruhig."]
    assert [quotes(d) for d in nlp.pipe(texts, n_process=2)] == [quotes(nlp(t)) for t in texts]


@pytest.fixture(scope="module")
def tagged_nlp():
    from lagebild.components.quotes import MODELS

    if not (MODELS / "quotes-de").exists():
        pytest.skip("the quotes-de taggers are not built (training/quotes/train.py)")
    nlp = blank_pipeline("de")
    nlp.add_pipe("lagebild_sentences")
    nlp.add_pipe("lagebild_quotes", config={"model": "quotes-de"})
    return nlp


@pytest.mark.parametrize(
    "text,cue,source",
    [
        ("Ich glaube, dass wir das schaffen.", "glaube", "Ich"),
        ("Die Kollegin hat einen Antrag vorgelegt, den wir ablehnen.", "Antrag", "Die Kollegin"),
    ],
)
def test_quotes_taggers_find_other_speech_events(tagged_nlp, text, cue, source):
    doc = tagged_nlp.get_pipe("lagebild_sentences")(tagged_nlp.make_doc(text))
    events = tagged_nlp.get_pipe("lagebild_quotes").find_events(doc)
    found = {
        (doc[min(e.cue)].text, doc[e.source[0] : e.source[1]].text if e.source else None)
        for e in events
    }
    assert (cue, source) in found


def test_quotes_taggers_keep_the_rules_quotes(nlp, tagged_nlp, reference_text):
    # every quote of the reference article has a speaker from the rules: nothing changes
    assert quotes(tagged_nlp(reference_text)) == quotes(nlp(reference_text))


def test_quotes_cue_closing_the_text_with_a_colon(nlp):
    # "heißt es dazu:" at the very end: no content follows the colon (was an IndexError
    # that failed the whole article)
    doc = nlp("In einem Bericht des Deutschlandfunks vom September 2008 heißt es dazu :")
    assert quotes(doc) == []
