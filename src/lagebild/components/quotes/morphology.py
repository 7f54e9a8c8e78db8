"""Is a word a Konjunktiv form that marks reported speech? simplemma gives the infinitive,
ablaut conjugates it; a form counts when it is Konjunktiv I of the third person and differs
from the indicative ("liege", "seien"; not "haben", which both moods share)."""

from __future__ import annotations

from functools import lru_cache

import ablaut
import simplemma


@lru_cache(maxsize=4096)
def _reported_forms(infinitive: str) -> frozenset[str]:
    try:
        table = ablaut.conjugate(infinitive)
    except Exception:  # ablaut rejects what is not a German infinitive
        return frozenset()
    konj1 = [f.split()[0] for f in table.konjunktiv1 if f]
    present = [f.split()[0] for f in table.present if f]
    # rows are [ich, du, er/sie/es, wir, ihr, sie]: compare the third persons ("habe" is
    # also "ich habe", but a news sentence reports third persons)
    third = {present[2], present[5]}
    return frozenset(f for f in (konj1[2], konj1[5]) if f not in third)


@lru_cache(maxsize=16384)
def is_konjunktiv1(word: str, lang: str, infinitive_endings: tuple[str, ...]) -> bool:
    """``word`` (lower case) is a distinctive Konjunktiv I form of a verb simplemma knows
    (its lemma ends as an infinitive does: ``infinitive_endings``, from quotes.json)."""
    if not word.isalpha() or not word.islower():
        return False
    lemma = simplemma.lemmatize(word, lang=lang)
    if not lemma.endswith(infinitive_endings) or lemma == word:
        return False
    return word in _reported_forms(lemma)
