"""The name-variant matcher on the issue's examples, and the pair-set bar."""

import pytest

from lagebild.eval.names import read_pairs, score
from lagebild.kb.names import blocking_keys, compare

SAME = [
    ("Tokajew", "Tokayev", "PER"),
    ("Tokajew", "Tokaev", "PER"),
    ("Токаев", "Tokajew", "PER"),
    ("Chruschtschow", "Khrushchev", "PER"),
    ("Хрущёв", "Chruschtschow", "PER"),
    ("Schoigu", "Shoigu", "PER"),
    ("Medwedew", "Medvedev", "PER"),
    ("Saporischschja", "Zaporizhzhia", "LOC"),
    ("Odessa", "Odesa", "LOC"),
    ("Škoda", "Skoda", "ORG"),
    ("Pedro Pérez", "Pedro Perez", "PER"),
    ("Mailand", "Milan", "LOC"),
    ("Wien", "Vienna", "LOC"),
    ("Moskau", "Moscow", "LOC"),
    ("Ho-Chi-Minh-Stadt", "Ho Chi Minh City", "LOC"),
    ("Jean-Luc Mélenchon", "Jean Luc Melenchon", "PER"),
]

DIFFERENT = [
    ("George W. Bush", "George H. W. Bush"),
    ("Hillary Clinton", "Bill Clinton"),
    ("Marine Le Pen", "Jean-Marie Le Pen"),
    ("Justin Trudeau", "Pierre Trudeau"),
    ("Wladimir Putin", "Wladimir Klitschko"),
]


@pytest.mark.parametrize(("a", "b", "type"), SAME)
def test_variants_share_a_key_and_match(a, b, type):
    assert blocking_keys(a, type) & blocking_keys(b, type)
    match = compare(a, b, type)
    assert match is not None and 0 < match.score <= 1 and match.rule


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_look_alike_people_do_not_match(a, b):
    assert compare(a, b, "PER") is None


def test_bare_surname_needs_the_callers_context():
    assert compare("Tokajew", "Kassym-Schomart Tokajew", "PER") is None
    match = compare("Tokajew", "Kassym-Schomart Tokajew", "PER", surname_unambiguous=True)
    assert match is not None and match.rule == "surname-unambiguous"


def test_pair_set_meets_the_bar():
    result = score(read_pairs())
    assert result["pairs"] >= 150
    assert result["precision"] >= 0.97 and result["recall"] >= 0.90


def test_store_links_spellings_across_articles_but_not_look_alikes():
    """The matcher plugged into the store's linker: short articles analysed and ingested."""
    from lagebild.eval.names_store import run

    result = run(variants=True)
    assert result["gold_pairs"] >= 20
    assert result["precision"] >= 0.95 and result["recall"] >= 0.85


def test_held_out_articles_meet_the_bar_and_exact_names_do_not():
    """The 35 held-out articles (never tuned on): the bar of the name-variant issue, and
    proof that the set needs the matcher (exact names alone miss most pairs)."""
    from lagebild.eval.names import ARTICLE_SETS
    from lagebild.eval.names_store import run

    variants = run(ARTICLE_SETS["heldout"], variants=True)
    exact = run(ARTICLE_SETS["heldout"], variants=False)
    assert variants["articles"] == 35 and variants["gold_pairs"] >= 30
    assert variants["precision"] >= 0.95 and variants["recall"] >= 0.85
    assert exact["recall"] < 0.5


def test_alias_file_judgements_come_first(tmp_path):
    from lagebild.errors import UsageError
    from lagebild.kb.names import Judgements, VariantMatcher

    path = tmp_path / "aliases.tsv"
    path.write_text(
        "# verdict\tname\tname\ttype\n"
        "same\tKassym-Schomart Tokajew\tKemelewitsch Tokajew\tPER\n"
        "different\tOdessa\tOdesa\tLOC\n",
        encoding="utf-8",
    )
    matcher = VariantMatcher(Judgements.read(path))
    assert matcher.compare_typed("Odessa", "Odesa", "LOC") is None
    same = matcher.compare_typed("Kemelewitsch Tokajew", "Kassym-Schomart Tokajew", "PER")
    assert same is not None and same.rule == "alias-file"
    path.write_text("same\tonly two\n", encoding="utf-8")
    with pytest.raises(UsageError):
        Judgements.read(path)
