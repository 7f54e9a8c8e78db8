import datetime as dt

import pytest
import spacy

from lagebild.components.times import TIMES, TimeTagger
from lagebild.pipeline import blank_pipeline

PUBLISHED = dt.date(2024, 11, 26)  # a Tuesday


def make_nlp(**config):
    nlp = blank_pipeline("de")
    nlp.add_pipe("lagebild_sentences")
    nlp.add_pipe(TIMES, config=config)
    return nlp


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


@pytest.fixture(scope="module")
def news():
    return make_nlp(anchoring="news")


def run(nlp, text, published=PUBLISHED):
    doc = nlp.make_doc(text)
    doc._.lagebild_published = published
    return nlp(doc)


def times(nlp, text, published=PUBLISHED):
    doc = run(nlp, text, published)
    return [
        (s.text, s._.lagebild_timex["type"], s._.lagebild_timex["value"]) for s in doc.spans[TIMES]
    ]


def value_of(nlp, text, phrase, published=PUBLISHED):
    """The value of the expression that overlaps ``phrase`` (its first occurrence)."""
    start = text.index(phrase)
    end = start + len(phrase)
    doc = run(nlp, text, published)
    hits = [s for s in doc.spans[TIMES] if s.start_char < end and start < s.end_char]
    assert hits, f"no time expression at {phrase!r}: {times(nlp, text, published)}"
    return hits[0]._.lagebild_timex["value"]


@pytest.mark.parametrize(
    "text,phrase,value",
    [
        ("Das Treffen fand am 26.11.2024 statt.", "26.11.2024", "2024-11-26"),
        ("Das Treffen fand am 26. November 2024 statt.", "26. November 2024", "2024-11-26"),
        ("Der Angriff begann am 1.9.39 im Morgengrauen.", "1.9.39", "1939-09-01"),
        ("Die Wahl fand am 3. März statt.", "3. März", "2024-03-03"),
        ("Die Pipeline soll im März 2025 fertig sein.", "März 2025", "2025-03"),
        ("Das Abkommen von 2010 läuft aus.", "2010", "2010"),
        ("Mitte der 90er Jahre wuchs die Wirtschaft.", "90er Jahre", "199"),
        ("Die Firma wurde in den 1920er Jahren gegründet.", "1920er Jahren", "192"),
        ("Im Herbst 2023 kam es zu Protesten.", "Herbst 2023", "2023-FA"),
        ("Die Truppen zogen Ende März ab.", "Ende März", "2024-03"),
        ("Anfang April hatte die Offensive begonnen.", "Anfang April", "2024-04"),
        ("Im 1. Quartal 2024 stieg der Umsatz.", "1. Quartal 2024", "2024-Q1"),
        ("Im zweiten Halbjahr 2023 sank er.", "zweiten Halbjahr 2023", "2023-H2"),
        ("Die Sitzung begann um 14:30 Uhr.", "14:30 Uhr", "2024-11-26T14:30"),
        ("Er sagte am Montagabend, es gebe keine Einigung.", "Montagabend", "2024-11-25TEV"),
        ("Der Krieg prägte das 20. Jahrhundert.", "20. Jahrhundert", "19"),
        ("Die Schlacht fand 490 v. Chr. statt.", "490 v. Chr.", "BC0490"),
        ("Zu Silvester 2023 gab es Feuerwerk.", "Silvester 2023", "2023-12-31"),
    ],
)
def test_times_absolute(nlp, text, phrase, value):
    assert value_of(nlp, text, phrase) == value


@pytest.mark.parametrize(
    "text,phrase,value",
    [
        ("Putin reist am Mittwoch nach Kasachstan.", "Mittwoch", "2024-11-27"),
        (
            "Der Minister sagte am Montag auf einer Pressekonferenz, er sei bereit.",
            "Montag",
            "2024-11-25",
        ),
        ("Russland hat am Dienstag zwei Angriffe bestätigt.", "Dienstag", "2024-11-26"),
        ("Die Regierung wird am Freitag entscheiden.", "Freitag", "2024-11-29"),
        ("Die Regierung hatte am Freitag entschieden.", "Freitag", "2024-11-22"),
        ("Der Gipfel beginnt am kommenden Montag.", "kommenden Montag", "2024-12-02"),
        (
            "Am vergangenen Donnerstag kam es zu Explosionen.",
            "vergangenen Donnerstag",
            "2024-11-21",
        ),
        (
            "Die Abstimmung ist für Dienstag kommender Woche geplant.",
            "Dienstag kommender Woche",
            "2024-12-03",
        ),
        ("Montag, 25. November 2024: Die Lage bleibt ruhig.", "Montag", "2024-11-25"),
        ("Seit Montag ist die Grenze geschlossen.", "Montag", "2024-11-25"),
        ("In der Nacht zum Dienstag griffen Drohnen an.", "Nacht zum Dienstag", "2024-11-25TNI"),
        ("Am Wochenende demonstrierten Tausende.", "Wochenende", "2024-W47-WE"),
        ("Am Wochenende wird gewählt.", "Wochenende", "2024-W48-WE"),
        ("Am Donnerstag trat der Landtag zusammen.", "Donnerstag", "2024-11-21"),
        (
            "Sieben Dörfer konnten bei den Kämpfen am Samstag zurückerobert werden.",
            "Samstag",
            "2024-11-23",
        ),
    ],
)
def test_times_weekdays_follow_tense(nlp, text, phrase, value):
    assert value_of(nlp, text, phrase) == value


@pytest.mark.parametrize(
    "text,phrase,value",
    [
        ("Heute beginnt der Gipfel.", "Heute", "2024-11-26"),
        ("Gestern wurde der Vertrag unterzeichnet.", "Gestern", "2024-11-25"),
        ("Vorgestern trafen sich die Minister.", "Vorgestern", "2024-11-24"),
        ("Die Delegation reist morgen ab.", "morgen", "2024-11-27"),
        ("Letzte Woche ordnete Tokajew Maßnahmen an.", "Letzte Woche", "2024-W47"),
        (
            "Die Rakete wurde in der vergangenen Woche abgeschossen.",
            "vergangenen Woche",
            "2024-W47",
        ),
        ("Die Gespräche gehen kommende Woche weiter.", "kommende Woche", "2024-W49"),
        ("Nächste Woche wird entschieden.", "Nächste Woche", "2024-W49"),
        ("Er war vor genau einem Jahr zu Besuch.", "vor genau einem Jahr", "2023-11-26"),
        ("Seit seinem Amtsantritt vor 25 Jahren regiert er.", "vor 25 Jahren", "1999"),
        ("Vor drei Tagen begann die Offensive.", "Vor drei Tagen", "2024-11-23"),
        ("Die Entscheidung wird in zwei Wochen fallen.", "in zwei Wochen", "2024-W50"),
        ("In den ersten neun Monaten dieses Jahres wuchs der Handel.", "dieses Jahres", "2024"),
        (
            "Der Handel belief sich im vergangenen Jahr auf 26 Milliarden Dollar.",
            "vergangenen Jahr",
            "2023",
        ),
        ("In diesem Jahr ist Putin fünfmal gereist.", "diesem Jahr", "2024"),
        ("Im nächsten Monat beginnt der Bau.", "nächsten Monat", "2024-12"),
        ("Im Vorjahr waren es weniger.", "Vorjahr", "2023"),
        ("Das Abkommen von 2010 läuft Ende des Jahres aus.", "Ende des Jahres", "2024"),
    ],
)
def test_times_relative_to_the_reference_date(nlp, text, phrase, value):
    assert value_of(nlp, text, phrase) == value


@pytest.mark.parametrize(
    "text,phrase,value",
    [
        (
            "Putin reist am Mittwoch nach Astana. Am folgenden Tag trifft er Tokajew.",
            "folgenden Tag",
            "2024-11-28",
        ),
        (
            "Die Offensive begann am 3. März 2020. Zwei Tage später fiel die Stadt.",
            "Zwei Tage später",
            "2020-03-05",
        ),
        (
            "Die Offensive begann am 3. März 2020. Eine Woche später fiel die Stadt.",
            "Eine Woche später",
            "2020-03-10",
        ),
        (
            "Die Offensive begann am 3. März 2020. Nach zwei Tagen fiel die Stadt.",
            "Nach zwei Tagen",
            "2020-03-05",
        ),
        (
            "Der Vertrag wurde 1990 unterzeichnet. Im gleichen Jahr trat er in Kraft.",
            "gleichen Jahr",
            "1990",
        ),
        (
            "Der Vertrag wurde 1990 unterzeichnet. Ein Jahr später trat er in Kraft.",
            "Ein Jahr später",
            "1991",
        ),
        (
            "Am 5. Mai 1945 endete der Krieg. Am selben Abend feierten die Menschen.",
            "selben Abend",
            "1945-05-05TEV",
        ),
        (
            "Die Stadt fiel am 12. Juli 1943. Am Tag darauf kam der Gegenangriff.",
            "Tag darauf",
            "1943-07-13",
        ),
    ],
)
def test_times_anaphoric_follow_the_last_date(nlp, text, phrase, value):
    assert value_of(nlp, text, phrase) == value


def test_times_month_without_year_follows_the_narrative():
    narrative = make_nlp(anchoring="narrative")
    text = "Der Krieg begann im Juni 1941. Im Dezember erreichten die Truppen Moskau."
    assert value_of(narrative, text, "Dezember", published=dt.date(2011, 2, 16)) == "1941-12"


def test_times_news_naming_old_years_still_reads_from_the_reference_date(nlp):
    text = "Die 1964 geborene Ministerin sprach im Jänner über 1989. Am Wochenende reist sie ab."
    assert value_of(nlp, text, "Jänner") == "2024-01"


def test_times_heute_in_a_history_text_is_the_present(nlp):
    text = "Die Schlacht bei Mukden (heute Shenyang) fand im März 1905 statt."
    assert value_of(nlp, text, "heute", published=dt.date(2011, 2, 16)) == "PRESENT_REF"


def test_times_heading_dates_its_section():
    narrative = make_nlp(anchoring="narrative")
    text = (
        "1862\n\nIm Februar griff Grant an. Das Lager bestand bis 1881.\n\n"
        "Seekrieg\n\nIm März fiel Fort Henry."
    )
    assert value_of(narrative, text, "März", published=dt.date(2011, 2, 16)) == "1862-03"


@pytest.mark.parametrize(
    "text,phrase,value",
    [
        ("Die Kämpfe dauerten drei Tage.", "drei Tage", "P3D"),
        ("In den letzten drei Tagen gab es zwei Angriffe.", "letzten drei Tagen", "P3D"),
        ("Das System soll die nächsten 50 Jahre halten.", "nächsten 50 Jahre", "P50Y"),
        ("Der Konflikt schwelt seit Jahren.", "seit Jahren", "PXY"),
        ("Die Belagerung dauerte fünfundzwanzig Jahre.", "fünfundzwanzig Jahre", "P25Y"),
        ("Die Verhandlungen dauerten anderthalb Jahre.", "anderthalb Jahre", "P18M"),
        ("Das Treffen dauerte zwei Stunden.", "zwei Stunden", "PT2H"),
        ("Sie verhandelten jahrelang.", "jahrelang", "PXY"),
        ("Nach einer dreitägigen Belagerung ergab sich die Stadt.", "dreitägigen", "P3D"),
        ("In den ersten neun Monaten wuchs der Handel.", "ersten neun Monaten", "P9M"),
        ("Das dauerte mehrere Wochen.", "mehrere Wochen", "PXW"),
        ("Der Code ist in einer Stunde geknackt.", "einer Stunde", "PT1H"),
        ("In den kommenden Wochen wird verhandelt.", "kommenden Wochen", "PXW"),
    ],
)
def test_times_durations(nlp, text, phrase, value):
    assert value_of(nlp, text, phrase) == value


@pytest.mark.parametrize(
    "text,phrase,value",
    [
        ("Das Festival findet jährlich statt.", "jährlich", "P1Y"),
        ("Der Rat tagt jeden Montag.", "jeden Montag", "XXXX-WXX-1"),
        ("Der Markt ist montags geschlossen.", "montags", "XXXX-WXX-1"),
        ("Es werden täglich Tausende Granaten verschossen.", "täglich", "P1D"),
        ("Die Zahlungen erfolgen alle zwei Wochen.", "alle zwei Wochen", "P2W"),
    ],
)
def test_times_sets(nlp, text, phrase, value):
    assert value_of(nlp, text, phrase) == value
    assert dict((t, ty) for t, ty, _ in times(nlp, text))[phrase] == "SET"


def test_times_ranges_are_split_and_completed(nlp):
    found = times(nlp, "Die Messe fand vom 3. bis 5. Mai 2024 statt.")
    assert [(t, v) for t, _, v in found] == [("3.", "2024-05-03"), ("5. Mai 2024", "2024-05-05")]
    found = times(nlp, "Im Zweiten Weltkrieg (1939–1945) starben Millionen.")
    assert [(t, v) for t, _, v in found] == [("1939", "1939"), ("1945", "1945")]
    found = times(nlp, "Die Kämpfe im Mai/Juni 1940 waren heftig.")
    assert [(t, v) for t, _, v in found] == [("Mai", "1940-05"), ("Juni 1940", "1940-06")]


@pytest.mark.parametrize(
    "text,phrase,value",
    [
        ("Derzeit gibt es keine Gespräche.", "Derzeit", "PRESENT_REF"),
        ("Bisher hat niemand reagiert.", "Bisher", "PAST_REF"),
        ("Künftig sollen die Zölle sinken.", "Künftig", "FUTURE_REF"),
    ],
)
def test_times_vague(nlp, text, phrase, value):
    assert value_of(nlp, text, phrase) == value


@pytest.mark.parametrize(
    "text,phrase,value",
    [
        ("Putin reist am Mittwoch nach Kasachstan.", "Mittwoch", "XXXX-WXX-3"),
        ("Das Treffen ist am 27. November.", "27. November", "XXXX-11-27"),
        ("Gestern wurde verhandelt.", "Gestern", "XXXX-XX-XX"),
        ("Er kam vor 25 Jahren an die Macht.", "vor 25 Jahren", "XXXX"),
        ("Letzte Woche gab es Proteste.", "Letzte Woche", "XXXX-WXX"),
        ("Die Sitzung begann um 14:30 Uhr.", "14:30 Uhr", "XXXX-XX-XXT14:30"),
    ],
)
def test_times_without_reference_date_stay_unresolved(nlp, text, phrase, value):
    assert value_of(nlp, text, phrase, published=None) == value


@pytest.mark.parametrize(
    "text",
    [
        "Insgesamt waren 1370 Landungsboote beteiligt.",
        "Der Generalkonsul August Ritter von Kral übernahm.",
        "Er war eines Tages verschwunden.",
        "Die Armee des Generals Wladimir Mai-Majewski griff an.",
        "Latvala (FIN) VW Polo +0:23,0 Min.",
    ],
)
def test_times_no_false_alarms(nlp, text):
    assert times(nlp, text) == []


def test_times_numbers_written_as_words(nlp):
    assert value_of(nlp, "Vor fünfundzwanzig Jahren fiel die Mauer.", "fünfundzwanzig") == "1999"
    assert value_of(nlp, "Die Wahl ist in drei Wochen.", "drei Wochen") == "2024-W51"


ISSUE_VALUES = [
    ("Dienstag", "2024-11-26"),
    ("26.11.2024", "2024-11-26"),
    ("in der vergangenen Woche", "2024-W47"),
    ("in den letzten drei Tagen", "P3D"),
    ("am Mittwoch", "2024-11-27"),
    ("vor genau einem Jahr", "2023-11-26"),
    ("Am folgenden Tag", "2024-11-28"),
    ("vor 25 Jahren", "1999"),
    ("In diesem Jahr", "2024"),
    ("im vergangenen Jahr", "2023"),
    ("den ersten neun Monaten", "P9M"),
    ("dieses Jahres", "2024"),
    ("am Montag", "2024-11-25"),
    ("von 2010", "2010"),
    ("im Oktober", "2024-10"),
    ("für die nächsten 50 Jahre", "P50Y"),
    ("Letzte Woche", "2024-W47"),
]


@pytest.mark.issue(4)
@pytest.mark.parametrize("phrase,value", ISSUE_VALUES)
def test_times_reference_article(nlp, reference_text, phrase, value):
    assert value_of(nlp, reference_text, phrase) == value


@pytest.mark.issue(4)
def test_times_reference_article_has_no_other_values(nlp, reference_text):
    """Every expression of the reference article, and nothing else."""
    found = times(nlp, reference_text)
    assert len(found) == 19, found
    assert {v for _, _, v in found} == {v for _, v in ISSUE_VALUES}


def test_times_find_gives_character_offsets(nlp):
    text = "Putin reist am Mittwoch nach Kasachstan."
    doc = nlp.make_doc(text)
    doc._.lagebild_published = PUBLISHED
    tagger = nlp.get_pipe(TIMES)
    assert isinstance(tagger, TimeTagger)
    [item] = tagger.find(doc)
    assert text[item.start : item.end] == "Mittwoch"
    assert (item.type, item.value) == ("DATE", "2024-11-27")


def test_times_anchoring_is_checked():
    with pytest.raises(ValueError):
        make_nlp(anchoring="sometimes")


def test_times_analyze_pipes_has_no_problems():
    nlp = make_nlp()
    assert not any(nlp.analyze_pipes()["problems"].values())


def test_times_round_trip(tmp_path, nlp):
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    text = "Putin reist am Mittwoch nach Kasachstan, vor 25 Jahren kam er an die Macht."
    assert times(loaded, text) == times(nlp, text)


def test_times_n_process(nlp):
    texts = ["Putin reist am Mittwoch nach Kasachstan.", "Letzte Woche gab es Proteste."]
    docs = []
    for text in texts:
        doc = nlp.make_doc(text)
        # a datetime.date cannot travel to another process (msgpack); the ISO string can
        doc._.lagebild_published = PUBLISHED.isoformat()
        docs.append(doc)
    results = list(nlp.pipe(docs, n_process=2))
    values = [[s._.lagebild_timex["value"] for s in doc.spans[TIMES]] for doc in results]
    assert values == [["2024-11-27"], ["2024-W47"]]


def test_times_saved_pipeline_carries_its_vocabulary(tmp_path, nlp):
    import json

    nlp.to_disk(tmp_path / "pipeline")
    saved = tmp_path / "pipeline" / TIMES / "times.json"
    vocabulary = json.loads(saved.read_text(encoding="utf-8"))
    vocabulary["months"]["brumaire"] = 11  # the loaded pipeline reads its own copy
    saved.write_text(json.dumps(vocabulary, ensure_ascii=False), encoding="utf-8")
    loaded = spacy.load(tmp_path / "pipeline")
    assert times(loaded, "Am 18. Brumaire 1799 putschte er.") == [
        ("18. Brumaire 1799", "DATE", "1799-11-18")
    ]


@pytest.mark.parametrize(
    "text", ["", " ", "\n\n", "am 31. Februar 2024", "vor 100000000000000000000 Jahren"]
)
def test_times_odd_input_does_not_fail(text):
    alone = blank_pipeline("de")  # without the sentence splitter, which needs a token
    alone.add_pipe(TIMES)
    found = times(alone, text)
    assert all(value != "2024-02-31" for _, _, value in found)


@pytest.mark.parametrize(
    "text,phrase,mod",
    [
        ("Ende März griffen sie an.", "Ende März", "END"),
        ("Mitte der 90er Jahre wuchs die Wirtschaft.", "Mitte der 90er Jahre", "MID"),
        ("Anfang 1940 war es ruhig.", "Anfang 1940", "START"),
        ("Die Kämpfe dauerten mehr als drei Wochen.", "mehr als drei Wochen", "MORE_THAN"),
        ("Etwa zwei Tage später fiel die Stadt.", "Etwa zwei Tage später", "APPROX"),
        ("Putin reist am Mittwoch nach Kasachstan.", "Mittwoch", None),
    ],
)
def test_times_mod(nlp, text, phrase, mod):
    doc = run(nlp, text)
    [span] = [s for s in doc.spans[TIMES] if s.text == phrase]
    assert span._.lagebild_timex["mod"] == mod
