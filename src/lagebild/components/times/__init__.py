"""Temporal expressions: found, typed (DATE, TIME, DURATION, SET) and placed on the calendar.

Rules over the text, not a trained model. The language's knowledge is data:
``lang/<code>/times.json`` holds the words (months, weekdays, seasons, units, relative and
tense cues...) and ``lang/<code>/times_patterns.tsv`` the patterns, regular expressions
whose ``{PLACEHOLDER}``s are filled from that vocabulary. The code knows only what a pattern's
named groups mean:

``year`` ``yearshort`` ``era`` ``month`` ``monthnum`` ``day`` ``weekday`` ``season``
``century`` ``decade`` ``decadeword`` ``partnum``/``ord`` + ``partunit`` (quarters, halves)
``hour`` ``minute`` ``part`` (part of day) ``mod`` (Anfang/Mitte/Ende: kept out of the value,
as in TIMEX3) ``rel`` (letzte, kommende, folgende, diese...) ``unit`` ``num`` ``later``
(später, zuvor) ``ago`` (vor) ``in`` ``indef`` (einige) ``setword`` ``every`` ``vague`` ...

and each pattern's ``kind`` says which of the value builders below reads them.

Values are TIMEX3 strings. A relative expression is resolved against an anchor:

- the *reference date* (``doc._.lagebild_published``) for deictic words ("heute",
  "letzte Woche", "vor 25 Jahren", "am Mittwoch");
- the *last date the text mentioned* for anaphoric ones ("am folgenden Tag", "zwei Tage
  später", "im gleichen Jahr", a month without a year in a history text).

``anchoring`` chooses how: ``"news"`` (deictic words use the reference date),
``"narrative"`` (history texts: everything but "heute" follows the text's own dates) or
``"auto"`` (news when the text's written years are near the reference date, or it speaks of
weekdays or "gestern"). Without an anchor nothing is guessed: the unknown digits stay ``X``
(``XXXX-11-27``, ``XXXX-WXX-3``, ``XXXX`` for "vor 25 Jahren").

The last date mentioned is the story's current time, so not every date becomes it: a
heading with a year ("1862") dates its section until the next one; a year mentioned in
passing ("bis 1915", "(1912)", "der Krieg 1870/71") and a look back ("im Vorjahr",
"vor genau einem Jahr", "zwei Jahre zuvor") leave it where it was.

A weekday or a month without a year is placed by tense: the nearest tense cue in the
sentence (future auxiliaries and present-tense verbs of scheduled events point forward;
past forms backward; see ``tense`` in times.json), the same weekday as the reference date
meaning that day.

Spans follow the TIMEX2 extents of WikiWarsDE: prepositions and articles stay outside
("am [Mittwoch]", "in der [vergangenen Woche]") unless they carry the meaning ("[vor 25
Jahren]", "[seit Jahren]"). A token that holds two expressions ("1939–1945", "3.–5.") is
split so that each is a span of its own (``split_tokens``).

The package, by concern: ``vocabulary`` compiles the language's data, ``matching`` finds the
candidate expressions, ``fields`` reads what each says, ``anchoring`` and ``resolution`` turn
them into values, ``timex`` and ``arithmetic`` are the TIMEX3 values and calendar arithmetic,
``component`` is the spaCy component (factory ``lagebild_times``).
"""

from __future__ import annotations

from .component import ANCHORINGS, TIMES, TimeTagger, split_at
from .matching import Candidate, match_candidates, seed_positions
from .resolution import Resolver
from .timex import Found, When
from .vocabulary import (
    PATTERNS_FILE,
    VOCABULARY_FILE,
    Pattern,
    Vocabulary,
    build_vocabulary,
    vocabulary,
)

__all__ = [
    "ANCHORINGS",
    "PATTERNS_FILE",
    "TIMES",
    "VOCABULARY_FILE",
    "Candidate",
    "Found",
    "Pattern",
    "Resolver",
    "TimeTagger",
    "Vocabulary",
    "When",
    "build_vocabulary",
    "match_candidates",
    "seed_positions",
    "split_at",
    "vocabulary",
]
