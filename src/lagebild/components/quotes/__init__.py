"""Quotes: who said what. Direct and indirect speech with its cue and speaker.

Rules over tokens find the constructions of wire reports:

- direct speech in any quotation-mark style („…“, "…", »…«, «…», ‚…‘), over several
  sentences, broken by its attribution („…“, sagte X. „…“ — the second part inherits
  the speaker), partial quotes of a phrase (ordnete „dringende Maßnahmen“ an), and
  speech whose marks were lost ("Ich bleibe, erklärte X." — direct when the content
  speaks in the first or second person, otherwise indirect);
- indirect speech after a reporting verb ("X sagte, …", "kündigte an, dass …"), before
  an inverted one ("…, teilten die beiden Länder mit"), "…, so X", "X zufolge",
  "laut X", "nach Angaben von X", "…, hieß es in einer Erklärung des Y", and the object
  of verbs like "bestätigen" ("Russland hat … Angriffe bestätigt").

The cue lexicon (with separable particles: "teilte … mit") is ``reporting_verbs.tsv``;
the other word lists are ``quotes.json`` and ``role_nouns.txt`` in ``lang/<code>/``.

The speaker is a noun phrase (with apposition: "Dosim Satpaev, ein bekannter
Politikwissenschaftler"). ``speaker_start``/``speaker_end`` are its character offsets,
so ``pipeline.doc_to_analysis`` links it to the entity mentioned inside it. A pronoun or
bare role noun ("er", "der Minister") keeps its own words in ``speaker_text`` while
``speaker_start``/``speaker_end`` point at the nearest compatible named person before it
(a PER entity in ``doc.ents`` when there are entities, else the nearest earlier named
speaker), so the quote is linked to that person.

Trained taggers are optional (``model``: a folder under ``models/``, e.g. ``quotes-de``,
with ``cues*`` and ``roles*`` pipelines trained on SpkAtt-2023 train by
``training/quotes/train.py``; several of a kind are averaged). A cue tagger marks the
cue words of every speech event (thought, writing, proposals, "Antrag" included); a role
tagger, given one marked cue, marks its source. In the quotes layer (``find``) they only
supply a speaker where the rules found none (SRC probability >= ``threshold``);
``find_events``, which ``lagebild eval quotes`` scores, adds the tagged cues (cue
probability >= ``cue_threshold``) and takes every source from the role tagger. The two
thresholds were chosen on a holdout of the train split.

The package, one module per concern: ``lexicon`` (the word lists and the event record),
``component`` (the spaCy factory and the optional taggers), ``rules`` (quotation marks,
reporting verbs, attribution phrases and speakers), ``morphology`` (Konjunktiv I from
simplemma lemmas and ablaut conjugations) and ``chains`` (reported-speech chains).
"""

from .component import MODELS, QUOTES, QuoteFinder
from .lexicon import Lexicon, SpeechEvent

__all__ = ["MODELS", "QUOTES", "Lexicon", "QuoteFinder", "SpeechEvent"]
