from pathlib import Path

import pytest
import spacy
from spacy.tokens import Span

from lagebild.components.quantities import QUANTITIES, QuantityFinder
from lagebild.pipeline import blank_pipeline

ARTICLE = Path(__file__).parents[2] / "examples" / "kasachstan-2024-11-26.de.txt"


@pytest.fixture(scope="module")
def nlp():
    nlp = blank_pipeline("de")
    nlp.add_pipe(QUANTITIES)
    return nlp


def quantities(nlp, text):
    doc = nlp(text)
    return [(span.text, span._.lagebild_quantity) for span in doc.spans[QUANTITIES]]


def only(nlp, text):
    found = quantities(nlp, text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text,span,value,unit",
    [
        ("Der Handel belief sich auf 26 Milliarden Dollar.", "26 Milliarden Dollar", 26e9, "USD"),
        ("Die EU gibt 2,5 Mrd. Euro.", "2,5 Mrd. Euro", 2.5e9, "EUR"),
        ("Es geht um 1,2 Mio. €.", "1,2 Mio. €", 1.2e6, "EUR"),
        ("Das kostet $ 26 Mrd.", "$ 26 Mrd.", 26e9, "USD"),
        ("Er zahlte USD 5 Mio. dafür.", "USD 5 Mio.", 5e6, "USD"),
        ("Das sind 300.000 Rubel.", "300.000 Rubel", 300000, "RUB"),
        ("Ein Brot kostet 900 Tenge.", "900 Tenge", 900, "KZT"),
        ("China gibt 2,3 Billionen Yuan aus.", "2,3 Billionen Yuan", 2.3e12, "CNY"),
        ("Strafe: 15 Millionen Schweizer Franken.", "15 Millionen Schweizer Franken", 15e6, "CHF"),
        ("London zahlt 35 Millionen Pfund.", "35 Millionen Pfund", 3.5e7, "GBP"),
        ("Kiew erhielt sechs Milliarden Dollar.", "sechs Milliarden Dollar", 6e9, "USD"),
        ("Das Kopfgeld beträgt eine Million Dollar.", "eine Million Dollar", 1e6, "USD"),
        ("Sie spendete 100 Millionen Dollars.", "100 Millionen Dollars", 1e8, "USD"),
        ("Damals kostete es 1,50 Mark.", "1,50 Mark", 1.5, "DEM"),
        ("Die Aktie schloss bei 12,40 Euro.", "12,40 Euro", 12.4, "EUR"),
        ("Es kostet 40 Milliarden türkische Lira.", "40 Milliarden türkische Lira", 4e10, "TRY"),
        ("Der 26-Milliarden-Dollar-Deal platzte.", "26-Milliarden-Dollar-Deal", 26e9, "USD"),
        (
            "Die Polizei fand sechsundzwanzig Milliarden Rubel.",
            "sechsundzwanzig Milliarden Rubel",
            26e9,
            "RUB",
        ),
    ],
)
def test_quantities_money(nlp, text, span, value, unit):
    found_span, q = only(nlp, text)
    assert (found_span, q["kind"], q["unit"]) == (span, "money", unit)
    assert q["value"] == pytest.approx(value)


@pytest.mark.parametrize(
    "text,span,value,unit",
    [
        ("20 Prozent der Wirtschaft hängen davon ab.", "20 Prozent", 20, "percent"),
        ("Die Inflation lag bei 2,4 Prozent.", "2,4 Prozent", 2.4, "percent"),
        ("Die Beteiligung lag bei 61 %.", "61 %", 61, "percent"),
        ("Die Quote stieg auf 6,1%.", "6,1%", 6.1, "percent"),
        ("Sie scheiterte an der 20-Prozent-Hürde.", "20-Prozent-Hürde", 20, "percent"),
        ("Sie scheiterte an der Fünf-Prozent-Hürde.", "Fünf-Prozent-Hürde", 5, "percent"),
        ("Die Zustimmung sank um 3,5 Prozentpunkte.", "3,5 Prozentpunkte", 3.5, "pp"),
        ("Sie fordern eine 7,5-prozentige Erhöhung.", "7,5-prozentige", 7.5, "percent"),
        ("Das BIP wuchs um drei Prozent.", "drei Prozent", 3, "percent"),
    ],
)
def test_quantities_percent(nlp, text, span, value, unit):
    found_span, q = only(nlp, text)
    assert (found_span, q["kind"], q["unit"]) == (span, "percent", unit)
    assert q["value"] == pytest.approx(value)


@pytest.mark.parametrize(
    "text,span,value,unit",
    [
        ("Die Grenze ist 7.500 Kilometer lang.", "7.500 Kilometer", 7500, "km"),
        ("Das Dorf liegt 15 km entfernt.", "15 km", 15, "km"),
        ("Die Mauer ist drei Meter hoch.", "drei Meter", 3, "m"),
        ("Er flog in 500 Metern Höhe.", "500 Metern", 500, "m"),
        ("Das Feuer vernichtete 12.000 Hektar Wald.", "12.000 Hektar", 12000, "ha"),
        ("Die Zone umfasst 2.600 Quadratkilometer.", "2.600 Quadratkilometer", 2600, "km2"),
        ("Die Wohnung hat 85 Quadratmeter.", "85 Quadratmeter", 85, "m2"),
        ("Es fließen 10 Milliarden Kubikmeter Gas.", "10 Milliarden Kubikmeter", 1e10, "m3"),
        ("Aus dem Tank liefen 40.000 Liter aus.", "40.000 Liter", 40000, "l"),
        ("Die OPEC kürzt um 500.000 Barrel.", "500.000 Barrel", 500000, "bbl"),
        (
            "Russland exportiert 2,1 Millionen Barrel pro Tag.",
            "2,1 Millionen Barrel pro Tag",
            2.1e6,
            "bbl/d",
        ),
        ("Sie exportierte 4,5 Millionen Tonnen Getreide.", "4,5 Millionen Tonnen", 4.5e6, "t"),
        ("Die Polizei fand 300 Kilogramm Kokain.", "300 Kilogramm", 300, "kg"),
        ("Das Paket wiegt 2,5 kg.", "2,5 kg", 2.5, "kg"),
        ("Das Kraftwerk leistet 1.200 Megawatt.", "1.200 Megawatt", 1200, "MW"),
        ("Der Reaktor liefert 2,4 GW.", "2,4 GW", 2.4, "GW"),
        ("Es wurden 510 Terawattstunden erzeugt.", "510 Terawattstunden", 510, "TWh"),
        ("Es wurden 120 Gigawattstunden erzeugt.", "120 Gigawattstunden", 120, "GWh"),
        ("Der Wind erreichte 150 km/h.", "150 km/h.", 150, "km/h"),
        ("Der Zug fährt 300 Kilometern pro Stunde.", "300 Kilometern pro Stunde", 300, "km/h"),
        ("Das Schiff fuhr mit 12 Knoten.", "12 Knoten", 12, "kn"),
        ("Es wurden 42 Grad Celsius gemessen.", "42 Grad Celsius", 42, "°C"),
        ("Nachts fiel das Thermometer auf -15 °C.", "-15 °C", -15, "°C"),
        ("Nachts sank die Temperatur auf minus 20 Grad.", "minus 20 Grad", -20, "°C"),
    ],
)
def test_quantities_measure(nlp, text, span, value, unit):
    found_span, q = only(nlp, text)
    assert (found_span, q["kind"], q["unit"]) == (span, "measure", unit)
    assert q["value"] == pytest.approx(value)


@pytest.mark.parametrize(
    "text,span,value,unit",
    [
        ("Putin wird etwa 20 Abkommen unterzeichnen.", "etwa 20 Abkommen", 20, "Abkommen"),
        ("Russland baut drei Wärmekraftwerke.", "drei Wärmekraftwerke", 3, "Wärmekraftwerk"),
        ("Vier Länder sind im Rennen.", "Vier Länder", 4, "Land"),
        ("Er besuchte das Land 32 Mal.", "32 Mal", 32, "Mal"),
        ("Sie trafen sich fünfmal.", "fünfmal", 5, "Mal"),
        ("Das Team siegte 15-mal.", "15-mal", 15, "Mal"),
        ("Dutzende Soldaten wurden verletzt.", "Dutzende Soldaten", 24, "Soldat"),
        ("Tausende von Menschen flohen.", "Tausende von Menschen", 2000, "Mensch"),
        ("Es wurden zwei Dutzend Geiseln frei.", "zwei Dutzend Geiseln", 24, "Geisel"),
        ("Die Armee setzte 300.000 Soldaten ein.", "300.000 Soldaten", 300000, "Soldat"),
        ("Die Luftabwehr fing 38 Drohnen ab.", "38 Drohnen", 38, "Drohne"),
        ("Die Regierung meldete 22 Verletzte.", "22 Verletzte", 22, "Verletzte"),
        ("Die Polizei nahm 14 Verdächtige fest.", "14 Verdächtige", 14, "Verdächtige"),
        ("Dem Parlament gehören 630 Abgeordnete an.", "630 Abgeordnete", 630, "Abgeordnete"),
        ("Die Stadt hat 1,2 Millionen Einwohner.", "1,2 Millionen Einwohner", 1.2e6, "Einwohner"),
        ("Die Grenze wurde an elf Übergängen geschlossen.", "elf Übergängen", 11, "Übergang"),
        ("In der Provinz gibt es 120 Dörfer.", "120 Dörfer", 120, "Dorf"),
        ("Die Regierung verabschiedete zwölf neue Gesetze.", "zwölf neue Gesetze", 12, "Gesetz"),
        (
            "Es kamen 27 Staats- und Regierungschefs.",
            "27 Staats- und Regierungschefs",
            27,
            "Staats- und Regierungschef",
        ),
        ("Sanktionen gegen 28 Organisationen.", "28 Organisationen", 28, "Organisation"),
        ("Sie beschlossen 20 Maßnahmen.", "20 Maßnahmen", 20, "Maßnahme"),
        ("Die Kommission leitete neun Verfahren ein.", "neun Verfahren", 9, "Verfahren"),
        ("Ukraine erhielt 31 ATACMS-Raketen.", "31 ATACMS-Raketen", 31, "ATACMS-Rakete"),
    ],
)
def test_quantities_count(nlp, text, span, value, unit):
    found_span, q = only(nlp, text)
    assert (found_span, q["kind"], q["unit"]) == (span, "count", unit)
    assert q["value"] == pytest.approx(value)


@pytest.mark.parametrize(
    "text,qualifier,approx,bound",
    [
        ("etwa 20 Abkommen", "etwa", True, None),
        ("rund 70 Prozent", "rund", True, None),
        ("ca. 15 km", "ca.", True, None),
        ("fast 20 Milliarden Dollar", "fast", True, "upper"),
        ("knapp 40 Prozent", "knapp", True, "upper"),
        ("mehr als 7.500 Kilometern", "mehr als", False, "lower"),
        ("über 100 Menschen", "über", False, "lower"),
        ("mindestens zwölf Menschen", "mindestens", False, "lower"),
        ("bis zu 10 Milliarden Kubikmeter", "bis zu", False, "upper"),
        ("höchstens 30 Personen", "höchstens", False, "upper"),
        ("weniger als 5 Prozent", "weniger als", False, "upper"),
        ("Dutzende Soldaten", "dutzende", True, "lower"),
        ("bis 60 Kilometer", "bis", False, "upper"),
        ("zumindest 262 Käufer", "zumindest", False, "lower"),
        ("gut 17 Milliarden Kubikmeter", "gut", True, "lower"),
        ("20 Abkommen", None, False, None),
    ],
)
def test_quantities_qualifiers_keep_the_value(nlp, qualifier, text, approx, bound):
    found_span, q = only(nlp, f"Es gab {text} im Land.")
    assert found_span == text
    assert (q["qualifier"], q["approx"], q["bound"]) == (qualifier, approx, bound)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Er gab Kredite über 750 Mio. USD", None),  # "über" after a noun: in the amount of
        ("Sie berieten über 15 Vorschläge", None),  # "über" after a verb: about
        ("Es starben über 15 Menschen", "lower"),
    ],
)
def test_quantities_ueber_after_noun_or_verb_is_no_bound(nlp, text, expected):
    _, q = only(nlp, text)
    assert q["bound"] == expected


@pytest.mark.parametrize(
    "text,span,value,value_max,unit",
    [
        (
            "Es kostet zwischen 10 und 20 Millionen Euro.",
            "zwischen 10 und 20 Millionen Euro",
            1e7,
            2e7,
            "EUR",
        ),
        ("Die Preise steigen um 10 bis 15 Prozent.", "10 bis 15 Prozent", 10, 15, "percent"),
        ("Die Preise steigen um 10–20 Prozent.", "10–20 Prozent", 10, 20, "percent"),
        ("Das Dorf liegt 10 - 20 km entfernt.", "10 - 20 km", 10, 20, "km"),
        ("Es kamen 30 bis 40 Kämpfer.", "30 bis 40 Kämpfer", 30, 40, "Kämpfer"),
        ("Es fehlen 3 bis 4 Milliarden Euro.", "3 bis 4 Milliarden Euro", 3e9, 4e9, "EUR"),
    ],
)
def test_quantities_ranges(nlp, text, span, value, value_max, unit):
    found_span, q = only(nlp, text)
    assert (found_span, q["unit"]) == (span, unit)
    assert (q["value"], q["value_max"]) == (pytest.approx(value), pytest.approx(value_max))


@pytest.mark.parametrize(
    "text",
    [
        # dates and times
        "Das Treffen findet am 26.11.2024 in Astana statt.",
        "Das Gesetz tritt am 1. Januar 2025 in Kraft.",
        "Die Sitzung beginnt um 9:30 Uhr.",
        "Die Sitzung beginnt um 14.30 Uhr.",
        "Die Nachricht kam um 18 Uhr.",
        "Im Jahr 2022 begann die Invasion.",
        "Die Bundesregierung plant für 2025 Ausgaben.",
        "Die 1990 gegründete Firma wächst.",
        "Der Präsident regiert seit 2019.",
        "In den 90er Jahren zerfiel die Sowjetunion.",
        # durations
        "Der Waffenstillstand hält seit drei Tagen.",
        "Vor 25 Jahren übernahm er das Amt.",
        "Die Ermittlungen dauerten vier Monate.",
        "In den ersten neun Monaten wuchs der Handel.",
        "Er verbüßt eine Haftstrafe von neun Jahren.",
        "Binnen 24 Stunden passierte nichts.",
        "Die Anlagen verbinden das Land für die nächsten 50 Jahre.",
        "Putin war vor genau einem Jahr dort.",
        # ages
        "Der 72-Jährige wurde festgenommen.",
        "Sie ist 34 Jahre alt.",
        "Die 20-jährige Studentin protestierte.",
        # ordinals
        "Er belegte den 3. Platz.",
        "Er wurde zum dritten Mal gewählt.",
        "Es ist das erste Mal seit Jahren.",
        # phone numbers, versions, IDs, pages, paragraphs
        "Die Hotline ist unter Tel. 030 123456 erreichbar.",
        "Rufen Sie 0800 1110111 an.",
        "Das Update auf Version 2.1.3 behebt den Fehler.",
        "Die Details stehen auf Seite 12 des Berichts.",
        "Details auf S. 45 des Berichts.",
        "Nach § 5 Abs. 2 ist der Antrag unzulässig.",
        "Nach Artikel 5 des Nato-Vertrags gilt das.",
        "Die Resolution 2231 regelt das Atomabkommen.",
        "Der Flug MH17 wurde abgeschossen.",
        "Die F-16 sollen im Sommer eintreffen.",
        "Die Maschine vom Typ Boeing 737 musste notlanden.",
        "Das Betriebssystem iOS 18 erscheint.",
        # articles and words that are not amounts
        "Ein Sprecher bestätigte den Vorfall.",
        "Die beiden Länder teilten das mit.",
        "Der Kreml hat einmal mehr widersprochen.",
        "Die Zahl der Opfer ist unklar.",
    ],
)
def test_quantities_not_quantities(nlp, text):
    assert quantities(nlp, text) == []


@pytest.mark.parametrize(
    "text,span,kind,value,unit",
    [
        ("Strom kostet 3,17 Cent je Kilowattstunde.", "3,17 Cent", "money", 0.0317, "EUR"),
        ("Die Aktie verlor fast ein Prozent.", "fast ein Prozent", "percent", 1, "percent"),
        ("Der Test ergab rund zwei Promille.", "rund zwei Promille", "percent", 2, "permille"),
        ("Die Schulden stiegen auf 18,1 Millionen.", "18,1 Millionen", "count", 18.1e6, None),
        ("Es drohen Strafen bis zu 60.000  Euro.", "bis zu 60.000  Euro", "money", 60000, "EUR"),
        (
            "Die Grenze hat eine Länge von 1300 Kilometern.",
            "1300 Kilometern",
            "measure",
            1300,
            "km",
        ),
        (
            "Es fehlt eine halbe Milliarde Dollar.",
            "eine halbe Milliarde Dollar",
            "money",
            5e8,
            "USD",
        ),
        ("Mehr als halbe Million Euro Bußgeld", "Mehr als halbe Million Euro", "money", 5e5, "EUR"),
        (
            "Es kostet Dutzende Milliarden Dollar.",
            "Dutzende Milliarden Dollar",
            "money",
            24e9,
            "USD",
        ),
    ],
)
def test_quantities_edge_forms(nlp, text, span, kind, value, unit):
    found_span, q = only(nlp, text)
    assert (found_span, q["kind"], q["unit"]) == (span, kind, unit)
    assert q["value"] == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    [
        "Ein Dollar kostet derzeit viel.",  # an article is a number only before percent
        "Er fuhr einen Kilometer weiter.",
        "Die Hälfte der Stimmen ging an ihn.",  # a share, not a count
        "Ein Drittel der Abgeordneten fehlte.",
        "Zwischen 1722 und 1787 kamen Zigtausende.",  # a period of years
        "Die Kosten stiegen von 2014 bis 2020 stark.",
        "Millionen haben zugesehen.",  # indefinite, nothing counted
        "In den Jahren 2015 und 2016 kamen viele Flüchtlinge.",  # a year before a verb
    ],
)
def test_quantities_not_quantities_either(nlp, text):
    assert quantities(nlp, text) == []


def test_quantities_reference_article(nlp):
    doc = nlp(ARTICLE.read_text(encoding="utf-8"))
    found = {
        span.text: (
            span._.lagebild_quantity["kind"],
            span._.lagebild_quantity["value"],
            span._.lagebild_quantity["unit"],
            span._.lagebild_quantity["approx"],
            span._.lagebild_quantity["bound"],
        )
        for span in doc.spans[QUANTITIES]
    }
    expected = {
        "zwei weitere Angriffe": ("count", 2, "Angriff", False, None),
        "etwa 20 Abkommen": ("count", 20, "Abkommen", True, None),
        "32 Mal": ("count", 32, "Mal", False, None),
        "mehr als 7.500 Kilometern": ("measure", 7500, "km", False, "lower"),
        "fünfmal": ("count", 5, "Mal", False, None),
        "20 Prozent": ("percent", 20, "percent", False, None),
        "26 Milliarden Dollar": ("money", 26000000000, "USD", False, None),
        "fast 20 Milliarden Dollar": ("money", 20000000000, "USD", True, "upper"),
        "bis zu 10 Milliarden Kubikmeter": ("measure", 10000000000, "m3", False, "upper"),
        "Vier Länder": ("count", 4, "Land", False, None),
        "drei Wärmekraftwerken": ("count", 3, "Wärmekraftwerk", False, None),
        "vier ukrainischen Regionen": ("count", 4, "Region", False, None),
    }
    for text, values in expected.items():
        assert found.get(text) == values, text
    # the second "zwei Angriffe" (in the quotation) is a count too; nothing else is found:
    # no date (26.11.2024, von 2010), no duration (drei Tagen, 25 Jahren, neun Monaten, 50 Jahre)
    assert set(found) - set(expected) == {"zwei Angriffe"}


def test_quantities_values_are_plain_numbers(nlp):
    _, q = only(nlp, "Es geht um 26 Milliarden Dollar.")
    assert q["value"] == 26000000000 and isinstance(q["value"], int)
    _, q = only(nlp, "Es geht um 26,5 Prozent.")
    assert q["value"] == 26.5


def test_quantities_leave_time_spans_alone(nlp):
    """Tokens the time layer has claimed are not quantities ("drei Wochen" here)."""
    doc = nlp.make_doc("Die Pause dauerte drei Wochen und kostete 20 Millionen Euro.")
    doc.spans["lagebild_times"] = [Span(doc, 3, 5, label="DURATION")]
    finder = nlp.get_pipe(QUANTITIES)
    doc.spans["lagebild_times"] = [Span(doc, 7, 9, label="DATE")]  # pretend "20 Millionen"
    assert [doc[f.start : f.end].text for f in finder.find(doc)] == []
    doc.spans["lagebild_times"] = []
    assert [doc[f.start : f.end].text for f in finder.find(doc)] == ["20 Millionen Euro"]


def test_quantities_may_share_their_unit_with_a_time_span(nlp):
    """ "pro Tag" may be a SET in the time layer and still belong to the unit bbl/d."""
    doc = nlp.make_doc("Sie fördern 2 Millionen Barrel pro Tag.")
    doc.spans["lagebild_times"] = [Span(doc, 5, 7, label="SET")]
    found = nlp.get_pipe(QUANTITIES).find(doc)
    assert [(doc[f.start : f.end].text, f.unit) for f in found] == [
        ("2 Millionen Barrel pro Tag", "bbl/d")
    ]


def split_compounds(doc):
    """Split "US-Dollar" into "US" "-" "Dollar", as the entity component does."""
    with doc.retokenize() as retokenizer:
        for token in [t for t in doc if "-" in t.text and t.text[:2].isupper()]:
            first, rest = token.text.split("-", 1)
            retokenizer.split(token, [first, "-", rest], heads=[(token, 0)] * 3)
    return doc


@pytest.mark.parametrize(
    "text,span,unit",
    [
        ("Es geht um 425 Millionen US-Dollar.", "425 Millionen US-Dollar", "USD"),
        ("Die Ukraine erhielt 31 ATACMS-Raketen.", "31 ATACMS-Raketen", "ATACMS-Rakete"),
        ("Es kamen 20 EU-Staaten zusammen.", "20 EU-Staaten", "EU-Staat"),
    ],
)
def test_quantities_after_compounds_were_split(nlp, text, span, unit):
    doc = split_compounds(nlp.make_doc(text))
    found = nlp.get_pipe(QUANTITIES).find(doc)
    assert [(doc[f.start : f.end].text, f.unit) for f in found] == [(span, unit)]


def test_quantities_split_type_names_are_not_amounts(nlp):
    doc = split_compounds(nlp.make_doc("Es starben 19 Menschen an COVID-19 Mutationen."))
    found = nlp.get_pipe(QUANTITIES).find(doc)
    assert [doc[f.start : f.end].text for f in found] == ["19 Menschen"]


@pytest.mark.parametrize(
    "noun,lemma",
    [
        ("Angriffe", "Angriff"),
        ("Wärmekraftwerken", "Wärmekraftwerk"),
        ("Regionen", "Region"),
        ("Länder", "Land"),
        ("Bundesländern", "Bundesland"),
        ("Abkommen", "Abkommen"),
        ("Soldaten", "Soldat"),
        ("Drohnen", "Drohne"),
        ("Raketen", "Rakete"),
        ("Provinzen", "Provinz"),
        ("Schulen", "Schule"),
        ("Festnahmen", "Festnahme"),
        ("Verbindungen", "Verbindung"),
        ("Journalisten", "Journalist"),
        ("Anträge", "Antrag"),
        ("Reaktoren", "Reaktor"),
        ("Autos", "Auto"),
        ("Tote", "Tote"),
        ("Toten", "Tote"),
        ("Einwohner", "Einwohner"),
        ("Mitgliedstaaten", "Mitgliedstaat"),
        ("Windräder", "Windrad"),
        ("Gemälde", "Gemälde"),
        ("Mädchen", "Mädchen"),
        ("Ergebnisse", "Ergebnis"),
        ("Armeen", "Armee"),
        ("Instituten", "Institut"),
        ("Journalisten", "Journalist"),
        ("Ausländer", "Ausländer"),
        ("Landsleute", "Landsmann"),
        ("Erwerbstätige", "Erwerbstätige"),
        ("Gremien", "Gremium"),
    ],
)
def test_quantities_lemma(nlp, noun, lemma):
    assert nlp.get_pipe(QUANTITIES).lemma(noun) == lemma


def test_quantities_config_and_analyze_pipes():
    nlp = spacy.blank("de")
    finder = nlp.add_pipe(QUANTITIES, config={"spans_key": "mengen"})
    assert isinstance(finder, QuantityFinder)
    doc = nlp("Es kamen 20 Menschen.")
    assert [s.text for s in doc.spans["mengen"]] == ["20 Menschen"]
    assert not nlp.analyze_pipes()["problems"][QUANTITIES]


def test_quantities_round_trip(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    doc = loaded("Es kamen 20 Menschen.")
    assert doc.spans[QUANTITIES][0]._.lagebild_quantity["unit"] == "Mensch"


def test_quantities_multiprocess(nlp):
    texts = ["Es kamen 20 Menschen.", "Das kostet 5 Euro."] * 2
    docs = list(nlp.pipe(texts, n_process=2))
    assert [d.spans[QUANTITIES][0]._.lagebild_quantity["kind"] for d in docs] == [
        "count",
        "money",
    ] * 2
