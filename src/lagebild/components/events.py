"""Events: who did what to whom, coded in PLOVER categories.

Rules over a trigger lexicon (chosen by measurement, see ``lagebild eval events``: a
trigger model trained on 8,873 annotated German sentences, ``components/trigger_model.py``,
scored lower on the news sets as an addition to the lexicon and is off unless ``learned``
is set). The language's knowledge is data in ``lang/<code>/``:

- ``events.tsv``: triggers matched on simplemma lemmas — verbs (separable ones whole:
  "anordnen" matches "ordnete … an"), nouns ("Angriffe", "Festnahme") and light-verb phrases
  ("Sanktionen verhängen", "Kritik üben") — with PLOVER type and mode, argument pattern and
  CAMEO code;
- ``events.json``: the closed word classes the clause analysis needs (articles,
  prepositions, particles, subordinators) and the modality cues;
- ``demonyms.tsv``: country adjectives ("ukrainische Raketen" → Ukraine), institutions
  ("des Kremls" → Russland) and places with their state.

There is no parser. A sentence is cut into clauses at punctuation; a clause's noun phrases
are runs of articles, adjectives, capitalised nouns and entities with their genitives
("die Streitkräfte der Ukraine"). The subject is the first noun phrase outside a
prepositional phrase and outside the times layer whose article can be nominative — in the
Vorfeld or right after the finite verb ("Letzte Woche ordnete Tokajew …"); in a passive
clause the agent of "von"/"durch" acts and the subject receives. Recipients follow the
trigger's pattern (prepositions, dative or other objects, genitives). Precision first: an
event needs a trigger and an actor; a noun trigger needs its own actor (a genitive, a
country adjective, "durch X"), except inside a light-verb phrase.

Participants are stored as character offsets (plain dicts in ``span._.lagebild_event``, so
they survive ``nlp.pipe(n_process=N)``); ``analysis_events`` maps them to the Analysis
mentions at those offsets, so role nouns resolved by the resolve component ("der
Kremlchef" → Putin) are picked up when it runs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache

import numpy as np
import simplemma
from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import layers
from ..extensions import register_extensions
from ..language import language_vocabulary
from ..resources import cached_per_source, load_json, load_tsv
from .persist import Persistent
from .trigger_model import trigger_model

EVENTS = "lagebild_events"
TIMES = "lagebild_times"
QUOTES = "lagebild_quotes"


@dataclass(frozen=True)
class Trigger:
    lemma: str
    requires: tuple[str, ...]
    type: str
    mode: str | None
    recipient: tuple[str, ...]
    actor: tuple[str, ...]
    cameo: str
    learned: float | None = None  # the trigger model's probability, for a word off the lexicon

    @property
    def is_noun(self) -> bool:
        return self.lemma[:1].isupper()


@dataclass(frozen=True, eq=False)  # hashed by identity: a cache key of _lemma
class Lexicon:
    triggers: dict[str, tuple[Trigger, ...]]
    words: dict
    demonyms: dict[str, tuple[str, str]]  # word -> (kind, country)
    known: frozenset[str]  # every lemma the lexicon names, particle verbs without particle
    lang: str
    # per (type, noun?) the commonest argument pattern of the type's entries: the pattern
    # of a trigger the learned model finds outside the lexicon
    patterns: dict[tuple[str, bool], Trigger]


@cached_per_source  # a saved pipeline's edited copy is read as itself
def lexicon(lang: str) -> Lexicon:
    triggers: dict[str, list[Trigger]] = {}
    for lemma, requires, type_, mode, recipient, actor, cameo in load_tsv(lang, "events.tsv"):
        trigger = Trigger(
            lemma=lemma,
            requires=() if requires == "-" else tuple(requires.split("|")),
            type=type_,
            mode=None if mode == "-" else mode,
            recipient=() if recipient == "-" else tuple(recipient.split(",")),
            actor=tuple(actor.split(",")),
            cameo=cameo,
        )
        triggers.setdefault(lemma, []).append(trigger)
    demonyms = {word: (kind, country) for word, kind, country in load_tsv(lang, "demonyms.tsv")}
    words = {
        **load_json(lang, "events.json"),
        "adjective_endings": language_vocabulary(lang).adjective_endings,
    }
    known = set(triggers) | {r for ts in triggers.values() for t in ts for r in t.requires}
    known |= {k[len(p) :] for k in set(known) for p in words["particles"] if k.startswith(p)}
    triggers = {k: tuple(v) for k, v in triggers.items()}
    return Lexicon(triggers, words, demonyms, frozenset(known), lang, _patterns(triggers))


def _patterns(triggers: dict[str, tuple[Trigger, ...]]) -> dict[tuple[str, bool], Trigger]:
    counts: dict[tuple[str, bool], Counter] = {}
    for entries in triggers.values():
        for t in entries:
            if t.type != "-" and not t.requires:
                pattern = (t.mode, t.recipient, t.actor, t.cameo)
                counts.setdefault((t.type, t.is_noun), Counter())[pattern] += 1
    return {
        key: Trigger("", (), key[0], *counter.most_common(1)[0][0])
        for key, counter in counts.items()
    }


@cache
def _lemma(text: str, lex: Lexicon) -> str:
    if text in lex.words["verb_lemmas"]:  # a verb form simplemma reads as another word
        return lex.words["verb_lemmas"][text]
    lemma = simplemma.lemmatize(text, lang=lex.lang)
    if lemma == text and text.islower():  # a verb form simplemma does not know
        for ending, infinitive in lex.words["participle_lemmas"]:
            guess = text[: -len(ending)] + infinitive
            if text.endswith(ending) and guess in lex.known:
                return guess
    return lemma


@Language.factory(EVENTS, default_config={})
def make_events(nlp: Language, name: str) -> EventCoder:
    return EventCoder(nlp.lang)


class EventCoder(Persistent):
    resource_files = ("events.tsv", "events.json", "demonyms.tsv", "vocabulary.json")

    def __init__(self, lang: str) -> None:
        register_extensions()
        self.lang = lang
        self.lex = lexicon(lang)
        self.parts = frozenset(("verb", "light", "noun"))  # trigger kinds (ablations)
        self.arguments = True  # False: the clause's first two entities (ablation baseline)
        self.unidentified_actors = True  # False: no event without an actor (ablation)
        # the learned trigger model beside the lexicon: off, as it measured lower on the
        # news sets (README); on for its ablation, with the accurate model's states
        self.learned = False
        self.model = trigger_model(lang)
        self.countries = frozenset(country for _, country in self.lex.demonyms.values())
        self.doc_ents: tuple = ()  # the entities of the document being coded
        self.doc_text = ""  # and its text, times and quotes
        self.doc_times: tuple = ()
        self.doc_quotes: tuple = ()
        self.doc_learned: dict[int, tuple[str, float]] = {}  # token -> (type, probability)
        _lemma("Angriffe", self.lex)  # load the lemma dictionary now, not on the first article

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        previous: list[dict] = []
        # doc.ents, doc.text and span groups build new objects on every access (the text
        # is joined from the tokens): read them once per document, not once per clause
        self.doc_ents = tuple(doc.ents)
        self.doc_text = doc.text
        self.doc_times = tuple(layers.spans(doc, "times"))
        self.doc_quotes = tuple(layers.spans(doc, "quotes"))
        self.doc_learned = self._learned_triggers(doc)
        # a text the sentence splitter left unsegmented (no words at all) is one stretch
        sents = doc.sents if doc.has_annotation("SENT_START") else [doc[:]] if len(doc) else []
        for sent_index, sent in enumerate(sents):
            found: list[tuple[Span, dict]] = []
            for stretch in stretches(sent, self.lex.words):
                context = Context()
                for clause in clauses(stretch, self.lex.words, lambda t: is_verb(t, self)):
                    coder = ClauseCoder(doc, clause, stretch, self, context)
                    found += coder.events()
                    coder.update(context)
            for span, info in found:
                _inherit_time(info, previous)
                info["sentence"] = sent_index
                _respond(info, previous + [i for _, i in found])
                span._.lagebild_event = info
                spans.append(span)
            previous = [i for _, i in found] or previous
        doc.spans[EVENTS] = spans
        layers.record(doc, "events", EVENTS)
        self.doc_ents, self.doc_text, self.doc_times, self.doc_quotes = (), "", (), ()
        self.doc_learned = {}
        return doc

    def lemma(self, token) -> str:
        return _lemma(token.text, self.lex)

    def _learned_triggers(self, doc: Doc) -> dict[int, tuple[str, float]]:
        """The words the trigger model reads as an event at its threshold, from the entity
        model's states in ``doc.tensor``, which are let go here (a doc stays small)."""
        model, states = self.model, doc.tensor
        if model is None or not self.learned or states.shape != (len(doc), model.width):
            return {}
        doc.tensor = np.zeros((0,), dtype=np.float32)
        index, probability = model.best(model.probabilities(states))
        chosen = np.flatnonzero(probability >= model.threshold)
        return {int(i): (model.labels[index[i]], float(probability[i])) for i in chosen}


def stretches(sent: Span, words: dict) -> list[Span]:
    """The sentence without a leading dateline ("Diyarbakir – Bei Einsätzen …"), cut where
    a heading the splitter ran on ends: a closed-class word capitalised inside the sentence
    ("Kasachstan, der häufigste Besuch Seit seinem Amtsantritt …") opens a new stretch."""
    doc, start = sent.doc, sent.start
    dashes, openers = set(words["dateline_dashes"]), set(words["heading_openers"])
    for t in sent[: words["dateline_max_tokens"] + 1]:
        if t.text in dashes and t.i > sent.start:
            start = t.i + 1
            break
    cuts = [start]
    transparent = set(words["transparent"]) | set(words["clause_breaks"])
    for t in doc[start + 1 : sent.end]:
        before = doc[t.i - 1]
        if t.is_title and t.lower_ in openers and before.is_alpha:
            cuts.append(t.i)
        elif t.is_title and t.lower_ in openers and before.text not in transparent:
            cuts.append(t.i)
    bounds = [*cuts, sent.end]
    return [doc[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


@dataclass
class Clause:
    """A stretch of a sentence between commas, with what its first word says about it."""

    span: Span
    subordinate: bool  # starts with "dass", "nachdem", ...
    relative: bool  # starts with a relative pronoun ("Putin, der Kasachstan … besuchte")


def clauses(sent: Span, words: dict, is_verb) -> list[Clause]:
    """The sentence cut at commas. An apposition (", des Militärbündnisses,", ", Juri
    Uschakow,") joins the clause around it, an infinitive clause ("…, die Annexion …
    anzuerkennen") the clause that governs it."""
    doc = sent.doc
    breaks = set(words["clause_breaks"])
    parts, start = [], sent.start
    for token in sent:
        if token.text in breaks:
            if token.i > start:
                parts.append([start, token.i])
            start = token.i + 1
    if start < sent.end:
        parts.append([start, sent.end])
    merged: list[list[int]] = []
    glue_next = False
    for part in parts:
        tokens = [t for t in doc[part[0] : part[1]] if t.is_alpha]
        if not tokens:
            continue
        first = tokens[0].lower_
        if merged and (glue_next and first not in words["subordinators"]):
            merged[-1][1] = part[1]
            glue_next = False
        elif merged and not any(is_verb(t) for t in tokens):
            merged[-1][1] = part[1]
            glue_next = True
        elif merged and _is_zu_infinitive(tokens, words):
            merged[-1][1] = part[1]
        else:
            merged.append(part)
            glue_next = False
    out = []
    for s, e in merged:
        span = doc[s:e]
        alpha = [t for t in span if t.is_alpha]
        first = alpha[0].lower_
        following = alpha[1] if len(alpha) > 1 else None
        relative = (
            s != sent.start
            and first in words["relative_pronouns"]
            and following is not None
            and (
                following.ent_type_ != ""
                or following.lower_ in words["determiners"]
                or alpha[-1].lower_ in words["clause_final_finites"]  # "…, die X getötet hat"
            )
        )
        out.append(Clause(span, first in words["subordinators"], relative))
    return out


def _is_zu_infinitive(tokens, words) -> bool:
    verb = tokens[-1].text
    if len(tokens) > 1 and tokens[-2].lower_ == words["zu_infinitive_marker"]:
        return True
    marker, endings = words["zu_infinitive_marker"], tuple(words["infinitive_endings"])
    return any(verb.startswith(p + marker) and verb.endswith(endings) for p in words["particles"])


@dataclass
class Context:
    """What a clause may borrow from the clauses before it in its sentence."""

    subject: dict | None = None  # of the last main clause
    last_phrase: dict | None = None  # antecedent of a relative pronoun
    passive: bool = False  # the last main clause is passive
    agent: dict | None = None  # and its agent


class ClauseCoder:
    """Events of one clause: its triggers, their arguments, modality, time and place."""

    def __init__(
        self, doc: Doc, clause: Clause, sent: Span, coder: EventCoder, context: Context
    ) -> None:
        self.doc, self.info, self.clause, self.sent = doc, clause, clause.span, sent
        self._previous_verb: int | None = None
        self.coder, self.context = coder, context
        self.words = coder.lex.words
        span = self.clause
        self.lemmas = [coder.lemma(t) for t in span]
        self.doc_ents = coder.doc_ents
        self.ents = [e for e in self.doc_ents if e.start >= span.start and e.end <= span.end]
        self.times = [s for s in coder.doc_times if s.start >= span.start and s.end <= span.end]
        self.phrases = noun_phrases(span, self.ents, self.times, coder, sent.start)
        self.continuation = self._is_continuation()
        self.passive = self._is_passive() or (self.continuation and context.passive)

    def _is_continuation(self) -> bool:
        """A coordinated remainder of the main clause without a finite verb of its own
        ("2014 wurde Al-Asir von einem Militärgericht …, sowie wegen … verurteilt"): its
        subject, voice and agent are the main clause's."""
        alpha = [t for t in self.clause if t.is_alpha]
        if not alpha or alpha[0].lower_ not in self.words["continuation_openers"]:
            return False
        finite = set(self.words["auxiliaries"]) | set(self.words["passive_auxiliaries"])
        return self.context.subject is not None and not any(t.lower_ in finite for t in alpha)

    def update(self, context: Context) -> None:
        if self.continuation:
            return
        own = self._own_subject(None)
        if own is not None and not self.info.subordinate and not self.info.relative:
            context.subject = own
            aux = set(self.words["passive_auxiliaries"])
            context.passive = self.passive or any(t.lower_ in aux for t in self.clause)
            context.agent = self._agent() if context.passive else None
        if self.phrases:
            context.last_phrase = self.phrases[-1].as_arg(self)

    # triggers ---------------------------------------------------------------------------

    def _candidates(self):
        """(token, lexicon key, trigger) for every lexicon entry the clause fulfils."""
        particle = self._separated_particle()
        present = set(self.lemmas) | {h for lem in self.lemmas for h in self._compound_head(lem)}
        if particle is not None:
            present |= {particle.lower_ + lem for lem in self.lemmas}
        self._present = present
        for i, token in enumerate(self.clause):
            lemma = self.lemmas[i]
            if token.is_lower and self._attributive(token):
                continue  # "die international anerkannte Regierung": no act of recognition
            keys = [lemma, *self._compound_head(lemma)]
            if particle is not None and token.is_lower and token.i < particle.i:
                keys.insert(0, particle.lower_ + lemma)
            for key in keys:
                if key not in self.coder.lex.triggers:
                    continue
                for trig in self.coder.lex.triggers[key]:
                    if _kind(trig) not in self.coder.parts:
                        continue
                    if not trig.requires or set(trig.requires) & present:
                        yield token, key, trig
                break

    def _compound_head(self, lemma: str) -> list[str]:
        """The noun trigger a compound ends in ("Krisentreffen" -> "Treffen")."""
        if not lemma[:1].isupper() or lemma in self.coder.lex.triggers:
            return []
        for head in self.words["compound_heads"]:
            if len(lemma) > len(head) + 2 and lemma.lower().endswith(head.lower()):
                return [head]
        return []

    def _attributive(self, token) -> bool:
        """An inflected participle between an article and its noun ("des besetzten
        Westjordanlandes", "die international anerkannte Regierung")."""
        nxt = token.nbor(1) if token.i + 1 < self.clause.end else None
        if nxt is None or not nxt.is_alpha or not nxt.text[:1].isupper():
            return False
        if not token.lower_.endswith(self.words["adjective_endings"]):
            return False
        i = token.i - 1
        while i >= self.clause.start and i >= token.i - 3:
            before = self.doc[i]
            if (
                before.lower_ in self.words["determiners"]
                or before.lower_ in self.words["prepositions"]
            ):
                return True
            if not before.is_lower:
                return self._embedded_attribute(i)
            if before.lower_ in self.words["auxiliaries"]:
                return False
            i -= 1
        return False

    def _embedded_attribute(self, i: int) -> bool:
        """Does a phrase "von X" between an article and the participle end at ``i`` ("die
        von Islamisten geführte Gruppe", "der vom Iran unterstützten Rebellen")?"""
        words = self.words
        for k in range(i - 1, max(self.clause.start, i - 5) - 1, -1):
            low = self.doc[k].lower_
            if low in words["prepositions"]:
                det = self.doc[k - 1].lower_ if k > self.clause.start else ""
                return det in words["determiners"]
        return False

    def _infinitive(self, token) -> bool:
        """A zu-infinitive ("anzuerkennen", "zu unterstützen")."""
        before = self.doc[token.i - 1] if token.i > self.clause.start else None
        if before is not None and before.lower_ == self.words["zu_infinitive_marker"]:
            return True
        return _is_zu_infinitive([token], self.words) and token.is_lower

    def _separated_particle(self):
        """The particle closing the clause, or closing it before a joined infinitive
        clause ("wirft Pakistan … vor, … Unterschlupf zu gewähren")."""
        alpha = [t for t in self.clause if t.is_alpha]
        if len(alpha) > 1 and alpha[-1].lower_ in self.words["particles"]:
            return alpha[-1]
        breaks = set(self.words["clause_breaks"])
        for t in alpha[1:-1]:
            nxt = self.doc[t.i + 1] if t.i + 1 < len(self.doc) else None
            if t.lower_ in self.words["particles"] and nxt is not None and nxt.text in breaks:
                return t
        return None

    def events(self) -> list[tuple[Span, dict]]:
        """One event per trigger word; a light-verb phrase is coded once, by its noun, and a
        bare noun trigger only when no verb of the clause is one ("verurteilte den Angriff")."""
        chosen: dict[int, tuple[str, Trigger]] = {}
        for token, key, trig in self._candidates():
            if token.i in chosen and chosen[token.i][1].requires and not trig.requires:
                continue  # a light-verb reading beats the plain one
            chosen[token.i] = (key, trig)
        self._add_learned(chosen)
        light_verbs = {r for _, t in chosen.values() if t.is_noun for r in t.requires}
        verbal = any(not t.is_noun or t.requires for _, t in chosen.values())
        governing = any(
            not t.is_noun and not self._infinitive(self.doc[i]) for i, (_, t) in chosen.items()
        )
        bound: set[str] = set()
        out = []
        self._previous_verb = None  # "Ziele angegriffen und Menschen getötet": objects between
        for i, (key, trig) in sorted(chosen.items()):
            if not trig.is_noun and key in light_verbs:
                continue
            if trig.is_noun and not trig.requires and verbal:
                continue
            if not trig.is_noun and governing and self._infinitive(self.doc[i]):
                continue  # "weigerte sich, … anzuerkennen": the governing verb codes it
            if trig.requires and trig.is_noun:
                verbs = set(trig.requires) & self._present
                if verbs & bound:
                    continue  # one light verb, one noun: "ein Protokoll … des Abkommens"
                if governing and self._infinitive_phrase(verbs):
                    continue  # "drohte, die Verhandlungen abzubrechen": the threat's content
                bound |= verbs
            if trig.type == "-" or self._aspectual(self.doc[i], key):
                continue
            event = self._event(self.doc[i], trig)
            if event is not None:
                out.append((self.doc[i : i + 1], event))
            if not trig.is_noun:
                self._previous_verb = i
        return out

    def _infinitive_phrase(self, verbs: set[str]) -> bool:
        """Is the light verb of a phrase a zu-infinitive ("die Verhandlungen abzubrechen")?"""
        return any(self._infinitive(t) for t in self.clause if self.coder.lemma(t) in verbs)

    def _add_learned(self, chosen: dict[int, tuple[str, Trigger]]) -> None:
        """Words the trigger model reads as an event where the lexicon has none: a verb or
        a noun outside any name, coded with the commonest argument pattern of its type."""
        learned = self.coder.doc_learned
        for i in range(self.clause.start, self.clause.end):
            if i in chosen or i not in learned:
                continue
            token = self.doc[i]
            noun = token.text[:1].isupper()
            if token.ent_type_ or not (noun or is_verb(token, self.coder)):
                continue
            if not noun and self._attributive(token):
                continue
            pattern = self.coder.lex.patterns.get((learned[i][0], noun))
            if pattern is not None:
                lemma = self.lemmas[i - self.clause.start]
                chosen[i] = (lemma, replace(pattern, lemma=lemma, learned=learned[i][1]))

    def _aspectual(self, token, key: str) -> bool:
        """A verb that only says what lies ahead, by the zu-infinitive that follows it
        without a comma ("Die Waffenruhe droht zu scheitern", "droht zu eskalieren"): no act.
        Other infinitives keep the threat ("drohte zurückzutreten")."""
        outcomes = self.words["aspectual_verbs"].get(key)
        if not outcomes:
            return False
        if self._impending(key):
            return True
        marker, breaks = self.words["zu_infinitive_marker"], set(self.words["clause_breaks"])
        after = self.doc[token.i + 1 : self.clause.end]
        for k, t in enumerate(after):
            if t.text in breaks:
                return False
            if t.lower_ == marker and k + 1 < len(after):
                return after[k + 1].lower_ in outcomes
            if any(_with_marker(t.lower_, o, marker) for o in outcomes):  # "zusammenzubrechen"
                return True
        return False

    def _impending(self, key: str) -> bool:
        """What looms over someone as the verb's subject ("Ihm drohen 30 Jahre Haft", "Ihm
        droht die Abschiebung"): a phrase outside a preposition headed by such a noun."""
        nouns = set(self.words["impending_nouns"].get(key, ()))
        for phrase in self._free_phrases():
            heads = [t for t in self.doc[phrase.start : phrase.end] if t.text[:1].isupper()]
            if heads and {heads[-1].text, self.coder.lemma(heads[-1])} & nouns:
                return True
        return False

    def _event(self, token, trig: Trigger) -> dict | None:
        own_noun = trig.is_noun and not trig.requires
        inferred, victims = False, None
        if not self.coder.arguments:
            named = [_phrase_arg(self, e.start, e.end) for e in self.ents]
            actor, recipient = (named + [None, None])[:2]
        elif own_noun:
            if self._temporal_reference(token):
                return None
            actor = self._noun_actor(token, trig)
            victims = self._victims(trig)
            recipient = self._recipient(token, trig, actor, after=token.i) or victims
        else:
            actor, recipient, inferred = self._verb_arguments(token, trig)
        if actor is None:
            if victims is None and not self._unidentified_actor(token, own_noun, recipient):
                return None
            inferred = True
        else:
            actor = self._resolve_pronoun(actor)
            if actor is None:
                return None
        if recipient is not None and actor is not None and _same(actor, recipient):
            recipient = None
        if recipient is None and trig.lemma in self.words["recipient_required"]:
            return None  # "…, warnte der UN-Gesandte": a warning without a warned party
        if trig.type in self.words["entity_recipient_types"] and recipient is not None:
            recipient = recipient if recipient.get("named") else None
        symmetric = trig.type in self.words["symmetric_types"] and actor is not None
        if symmetric and not (recipient or {}).get("named"):
            recipient = self._conjunct(actor) or recipient
        location = self._location(exclude=recipient)
        if trig.type in self.words["place_to_state_types"]:
            recipient = self._place_state(recipient, location)
        time, reason = self._time()
        modality = self._modality(time)
        if modality is None and self._scheduled(trig):
            modality = "future"
        return {
            "type": trig.type,
            "mode": trig.mode,
            "cameo": trig.cameo,
            "modality": modality,
            "actor": actor,
            "recipient": recipient,
            "location": location,
            "time": time,
            "time_reason": reason,
            "confidence": self._confidence(trig, own_noun, actor, recipient, inferred),
            "respond": "respond" in trig.recipient,
        }

    def _temporal_reference(self, token) -> bool:
        """A noun trigger that only dates the clause ("Seit dem IS-Angriff auf die Fabrik
        können wir … nicht erreichen", "nach seinen Gesprächen") names no act of its own."""
        phrase = next((p for p in self.phrases if p.start <= token.i < p.end), None)
        return phrase is not None and phrase.prep in self.words["reference_prepositions"]

    def _unidentified_actor(self, token, own_noun: bool, recipient) -> bool:
        """An agentless passive of a verb with its subject ("198 Zivilisten wurden getötet")
        is an event of an unidentified actor: PLOVER's UNK sector ("two civilians were
        killed by a bomb"); actor and actor_text stay null. A subject naming an event
        ("die Ausgangssperre wurde aufgehoben") receives through its genitive, or nobody."""
        if not (self.coder.unidentified_actors and self.passive and not own_noun):
            return False
        if recipient is None:
            return self._event_subject_phrase(token) is not None
        return recipient.get("text", "").lower() not in self.words["expletive_pronouns"]

    def _victims(self, trig: Trigger):
        """The clause's subject, when it reports deaths in an attack or a fight that a noun
        names ("Bei den Kämpfen starben sieben Soldaten", "… sind bei einem Anschlag ums
        Leben gekommen"): they are the act's recipients, its actor may stay unidentified."""
        if trig.type not in self.words["victim_types"]:
            return None
        deaths = set(self.words["death_verbs"]) & self._present or any(
            set(phrase) <= self._present for phrase in self.words["death_phrases"]
        )
        return self._own_subject(None) if deaths else None

    def _scheduled(self, trig: Trigger) -> bool:
        """An announced or planned meeting ("kündigte ein Krisentreffen an") lies ahead."""
        if not trig.requires or trig.type not in self.words["scheduled_types"]:
            return False
        return bool(set(trig.requires) & self._present & set(self.words["scheduling_verbs"]))

    def _verb_arguments(self, token, trig: Trigger):
        """(actor, recipient, actor inferred?) of a verb or light-verb trigger. In the
        passive the agent ("von", "durch") acts and the subject receives; without an agent
        a country adjective of the subject ("die russische Rakete … wurde abgeschossen") or
        the speaker's state acts."""
        subject = self._subject(token)
        if not self.passive:
            subject = subject or self._event_subject_actor(token)
            recipient = None
            if self._previous_verb is not None:  # a coordinated verb's own object first
                recipient = self._recipient(token, trig, subject, after=self._previous_verb)
            recipient = recipient or self._recipient(token, trig, subject, after=None)
            return subject, recipient, False
        agent = self._agent() or self._noun_actor_of(trig.type)
        if agent is not None:
            return agent, subject, False
        country = self._subject_country(token)
        if country is not None:
            return country, self._recipient(token, trig, country, after=None), True
        actor = self._speaker_state(token)
        if actor is None:  # an unidentified actor: the clause's own subject alone receives
            borrowed = not (self.info.relative or self.continuation)
            own = self._own_subject(token) if borrowed else subject
            event = self._event_subject_phrase(token) if own is None else None
            if event is not None and event.genitive is not None:
                own = event.genitive.as_arg(self)  # "Proteste der Opposition wurden …"
            return None, own, True
        return actor, subject or self._recipient(token, trig, actor, after=None), True

    def _agent(self):
        """The passive's agent ("von X", "durch X"); a thing named after its maker or
        origin ("durch US-Raketen") is an instrument, not an actor. A "von" phrase the
        phrase before took in ("im Norden des Westjordanlandes von der Armee erschossen")
        is the agent when only the verbs follow it."""
        for p in self.phrases:
            if p.prep not in self.words["agent_prepositions"] or p.is_time:
                continue
            arg = p.as_arg(self)
            if p.prep in self.words["instrument_prepositions"] and self._compound_part(p):
                return None
            return arg
        for p in self.phrases:
            for a in p.attached:
                agent = a.prep in self.words["agent_prepositions"] and not a.is_time
                if agent and self._verbs_after(a.end) and not self._of_phrase(a):
                    return a.as_arg(self)
        return self.context.agent if self.continuation else None

    def _of_phrase(self, attached: Phrase) -> bool:
        """An attached "von" phrase that belongs to its noun, not to the verb: after an
        event noun ("die Ankündigung von Sanktionen"), in a coordination or naming a town
        ("den Attentätern von Paris", "in der Nähe von Casablanca"); a country may act."""
        before = self.doc[attached.start - 2] if attached.start >= 2 else None
        if before is not None and before.is_alpha and before.text[:1].isupper():
            if any(t.is_noun for t in self._noun_triggers(before)):
                return True
        after = self.doc[attached.end] if attached.end < len(self.doc) else None
        joined = self.doc[attached.start - 1].lower_ in self.words["coordinators"]
        if joined or (after is not None and after.lower_ in self.words["coordinators"]):
            return True  # "über die Lieferung von Erdöl und Erdölprodukten an …"
        countries = self.coder.countries
        places = [
            e for e in self.ents if attached.start <= e.start < attached.end and e.label_ == "LOC"
        ]
        return bool(places) and all(e.text not in countries for e in places)

    def _verbs_after(self, end: int) -> bool:
        """Only verbs and prepositional phrases follow (the agent's place before the
        verbs: "… von der Armee erschossen worden", "… von einem Gericht wegen … verurteilt")."""
        inside = {i for p in self.phrases if p.prep is not None for i in range(p.start, p.end)}
        inside |= {p.lead for p in self.phrases if p.prep is not None and p.lead is not None}
        rest = [t for t in self.doc[end : self.clause.end] if t.is_alpha and t.i not in inside]
        return all(t.is_lower for t in rest) and (bool(rest) or self.continuation is False)

    def _noun_actor_of(self, type_: str):
        """The own actor of a noun trigger of this type in the clause ("bei Angriffen der
        Gruppe wurden … getötet"): the actor of an agentless passive."""
        for token, _, trig in self._candidates():
            if trig.is_noun and not trig.requires and trig.type == type_:
                actor = self._noun_actor(token, trig)
                if actor is not None:
                    return actor
        return None

    def _compound_part(self, phrase: Phrase) -> bool:
        """Does the phrase's only name stand inside a hyphenated compound ("US-Raketen")?"""
        for e in self.ents:
            if phrase.start <= e.start < phrase.end and e.end < len(self.doc):
                after = self.doc[e.end]
                if after.text == "-" and after.idx == e.end_char:
                    return True
        return False

    def _conjunct(self, actor: dict):
        """The second of a coordinated subject ("Russland und China hielten … ab")."""
        for k, p in enumerate(self.phrases[:-1]):
            if p.prep is None and self._covers(p, actor):
                nxt = self.phrases[k + 1]
                between = [t.lower_ for t in self.doc[p.end : nxt.start]]
                joined = len(between) == 1 and between[0] in self.words["conjunct_coordinators"]
                if joined and nxt.prep is None:
                    arg = nxt.as_arg(self)
                    return arg if arg.get("named") else None
        return None

    def _subject_country(self, token):
        """A country adjective in a subject phrase naming a weapon ("die russische
        Hyperschallrakete"); of a person it names a nationality ("ein kanadischer Priester
        wurde verurteilt"), no actor."""
        subject = self._subject(token)
        for p in self._free_phrases():
            if subject is not None and self._covers(p, subject):
                if not self._weapon_head(p):
                    return None
                found = self._country_in(range(p.start, p.end))
                if found:
                    return found
        return None

    def _weapon_head(self, phrase: Phrase) -> bool:
        words = self.doc[phrase.start : phrase.core_end or phrase.end]
        nouns = [t for t in words if t.text[:1].isupper() and not t.ent_type_]  # no "Oréshnik"
        head = self.coder.lemma(nouns[-1]).lower() if nouns else ""
        return head.endswith(tuple(self.words["weapon_heads"]))

    def _confidence(self, trig, own_noun, actor, recipient, inferred) -> float:
        conf = self.words["confidence"]
        value = conf["noun" if own_noun else "light" if trig.requires else "verb"]
        if trig.learned is not None:  # off the lexicon: as sure as the model
            value *= trig.learned
        value += conf["named_actor"] if actor and actor.get("named") else 0
        value += conf["named_recipient"] if recipient and recipient.get("named") else 0
        value += conf["inferred_actor"] if inferred else 0
        return round(min(max(value, 0.05), 0.99), 2)

    # arguments --------------------------------------------------------------------------

    def _free_phrases(self):
        """Phrases outside a preposition, no time and no count of times ("32 Mal")."""
        frequency = set(self.words["frequency_nouns"])
        return [
            p
            for p in self.phrases
            if p.prep is None and not p.is_time and self.doc[p.end - 1].text not in frequency
        ]

    def _own_subject(self, trigger):
        """The first nominative phrase before the trigger or right after it ("ordnete
        Tokajew … an"); a clause opening with its finite verb ("…, wird mit … zusammentreffen")
        has none of its own."""
        nominative = [
            p
            for p in self._free_phrases()
            if p.article not in self.words["not_nominative"]
            and (trigger is None or not p.start <= trigger.i < p.end)
        ]
        if trigger is not None:
            nominative = [p for p in nominative if p.start < trigger.i or p.start <= trigger.i + 2]
        if self.passive and len(nominative) > 1 and self._expletive(nominative[0]):
            nominative = nominative[1:]  # "Es wurden 7.112 Tatverdächtige ermittelt"
        if not nominative or self._names_event(nominative[0]):
            return None  # "die Waffenruhe droht zu scheitern": an event is no actor
        return nominative[0].as_arg(self)

    def _subject(self, trigger):
        """The clause's own subject; for a relative clause its antecedent; for a clause
        without one ("…, wird mit … zusammentreffen") the last main clause's."""
        if self.info.relative:
            return self.context.last_phrase
        if self.continuation:
            return self.context.subject
        own = self._own_subject(trigger)
        if own is None and not self.info.subordinate and not self._event_subject(trigger):
            return self.context.subject
        return own

    def _expletive(self, phrase: Phrase) -> bool:
        return self.doc[phrase.start : phrase.end].text.lower() in self.words["expletive_pronouns"]

    def _event_subject(self, trigger) -> bool:
        return self._event_subject_phrase(trigger) is not None

    def _event_subject_phrase(self, trigger) -> Phrase | None:
        free = [p for p in self._free_phrases() if not p.start <= trigger.i < p.end]
        nominative = [p for p in free if p.article not in self.words["not_nominative"]]
        return nominative[0] if nominative and self._names_event(nominative[0]) else None

    def _event_subject_actor(self, trigger):
        """The actor of an event noun that is the subject ("Der Angriff der Hamas tötete
        1200 Menschen" → Hamas)."""
        phrase = self._event_subject_phrase(trigger)
        if phrase is None:
            return None
        core = self.doc[phrase.start : phrase.core_end or phrase.end]
        head = [t for t in core if t.is_alpha and t.text[:1].isupper()][-1]
        trig = next(t for t in self._noun_triggers(head) if t.is_noun and not t.requires)
        return self._noun_actor(head, trig)

    def _prep_phrase(self, preps, after: int | None = None):
        for p in self.phrases:
            if p.prep in preps and (after is None or p.start > after) and not p.is_time:
                return p.as_arg(self)
        return None

    def _recipient(self, token, trig: Trigger, actor, after: int | None):
        named, unnamed = [], []
        content = trig.lemma in self.words["content_object_verbs"]
        for slot in trig.recipient:
            for arg in self._slot(slot, token, after, content):
                if arg is None or (actor is not None and _same(arg, actor)):
                    continue
                whole = arg.get("named") and not self._in_compound(arg)
                (named if whole else unnamed).append(arg)
        return (named or unnamed or [None])[0]

    def _in_compound(self, arg: dict) -> bool:
        """A name inside a hyphenated compound ("als KP-Chef") names no recipient of its own."""
        return self.coder.doc_text[arg["end"] : arg["end"] + 1] == "-"

    def _slot(self, slot: str, token, after: int | None, content: bool = False):
        if slot == "gen":
            return [self._genitive_after(token)]
        if slot == "respond":
            return []
        free = [p for p in self._free_phrases() if not p.start <= token.i < p.end]
        subject = self._subject(token)
        objects = [p for p in free if not (subject and self._covers(p, subject))]
        if after is not None:
            objects = [p for p in objects if p.start > after]
        if slot == "obj":
            return [self._object_arg(p, content) for p in objects]
        if slot == "dat":
            return [
                p.as_arg(self)
                for p in objects
                if p.article in self.words["dative"]
                or (p.article is None and self.doc[p.start].ent_type_ != "")
            ]
        return [
            self._event_genitive(p) if self._names_event(p) else p.as_arg(self)
            for p in self.phrases
            if p.prep == slot
            and not p.is_time
            and (after is None or p.start > after)
            and not self._source_phrase(p)
        ]

    def _names_event(self, phrase: Phrase) -> bool:
        """Is the phrase's head an event noun of the lexicon ("die Attacke", "die
        Waffenruhe")? An event neither acts nor receives: its genitive may ("die Bildung
        einer Regierung")."""
        core = self.doc[phrase.start : phrase.core_end or phrase.end]
        if any(t.ent_type_ for t in core):
            return False
        nouns = [t for t in core if t.is_alpha and t.text[:1].isupper()]
        if not nouns:
            return False
        return any(t.is_noun and not t.requires for t in self._noun_triggers(nouns[-1]))

    def _noun_triggers(self, token) -> list[Trigger]:
        """The lexicon entries of a noun or of the trigger its compound ends in."""
        lemma = self.coder.lemma(token)
        keys = [lemma, *self._compound_head(lemma)]
        return [t for k in keys for t in self.coder.lex.triggers.get(k, ())]

    def _event_genitive(self, phrase: Phrase):
        genitive = phrase.genitive.as_arg(self) if phrase.genitive is not None else None
        return genitive if genitive and genitive.get("named") else None

    def _source_phrase(self, phrase: Phrase) -> bool:
        """ "Nach Angaben von Analysten": who reports, not who takes part."""
        nouns = [t for t in self.doc[phrase.start : phrase.end] if t.text[:1].isupper()]
        return bool(nouns) and self.coder.lemma(nouns[0]) in self.words["source_nouns"]

    def _object_arg(self, phrase: Phrase, content: bool):
        """The object as an argument; the object of a content verb ("verlangt den Rücktritt
        der Regierung", "weist den Vorwurf zurück") only by a name or through its genitive."""
        arg = phrase.as_arg(self)
        if arg.get("named") or not content:
            return arg
        return phrase.genitive.as_arg(self) if phrase.genitive is not None else None

    def _covers(self, phrase: Phrase, arg: dict) -> bool:
        span = self.doc[phrase.start : phrase.end]
        return span.start_char <= arg["start"] < span.end_char

    def _genitive_after(self, token):
        for p in self.phrases:
            if p.start <= token.i < p.end and p.genitive is not None:
                return p.genitive.as_arg(self)
        return None

    def _noun_actor(self, token, trig: Trigger):
        prefix = self._compound_prefix(token)
        if prefix is not None and "adj" in trig.actor:
            return prefix  # "IS-Anschlag", "US-Luftangriff": the name the act is named after
        for slot in trig.actor:
            if slot == "adj":
                arg = self._adjective_country(token)
            elif slot == "gen":
                arg = self._genitive_after(token)
                arg = arg if arg and arg.get("named") else None
            elif slot == "poss":
                arg = self._possessor(token)
            elif slot in self.words["instrument_prepositions"]:
                arg = self._agent_after(slot, token.i)
            else:
                arg = self._prep_phrase((slot,), after=token.i)
            if arg is not None:
                return arg
        return None

    def _compound_prefix(self, token):
        """A name or acronym opening the trigger's hyphenated compound ("IS" of
        "IS-Anschlag"); not one inside a longer compound ("Anti-IS-Einsatz")."""
        i = token.i
        if i < 2 or not _hyphen_joined(self.doc, i - 2, i + 1):
            return None
        if i >= 4 and _hyphen_joined(self.doc, i - 4, i - 1):
            return None
        word = self.doc[i - 2]
        ent = next((e for e in self.ents if e.start <= word.i < e.end), None)
        if ent is not None and ent.end == word.i + 1:
            return {"start": ent.start_char, "end": ent.end_char, "text": ent.text, "named": True}
        if ent is None and word.is_upper and len(word) > 1 and word.is_alpha:
            end = word.idx + len(word)
            return {"start": word.idx, "end": end, "text": word.text, "named": False}
        return None

    def _possessor(self, token):
        """The clause subject owns a noun trigger with a possessive ("Hollande bringt von
        seinem Besuch … heim")."""
        phrase = next((p for p in self.phrases if p.start <= token.i < p.end), None)
        if phrase is None or phrase.article not in self.words["possessives"]:
            return None
        subject = self._subject(token)
        if subject is None or self._covers(phrase, subject):
            return None
        return subject

    def _agent_after(self, prep: str, after: int):
        """The first ``prep`` phrase after the trigger, unless it names an instrument."""
        for p in self.phrases:
            if p.prep == prep and p.start > after and not p.is_time:
                return None if self._compound_part(p) else p.as_arg(self)
        return None

    def _adjective_country(self, token):
        """A country adjective before the noun or in its genitive ("Angriffe ukrainischer
        Raketen")."""
        k = next((k for k, p in enumerate(self.phrases) if p.start <= token.i < p.end), None)
        if k is None:
            return self._country_in(range(token.i, token.i + 1))
        phrase, end = self.phrases[k], self.phrases[k].end
        nxt = self.phrases[k + 1] if k + 1 < len(self.phrases) else None
        if nxt is not None and nxt.prep is None and nxt.article is None and nxt.start == end:
            end = nxt.end  # a genitive without article ("Angriffe ukrainischer Raketen")
        return self._country_in(range(phrase.start, end))

    def _country_in(self, window: range) -> dict | None:
        """The first word of ``window`` that names a country ("ukrainische"), as an argument."""
        for i in window:
            country = self.demonym(self.doc[i])
            if country:
                t = self.doc[i]
                return {
                    "start": t.idx,
                    "end": t.idx + len(t),
                    "text": t.text,
                    "name": country,
                    "named": True,
                }
        return None

    def demonym(self, token) -> str | None:
        if token.text[:1].isupper() and token.i != self.sent.start:
            return None
        entry = self.coder.lex.demonyms.get(self.coder.lemma(token).lower())
        if entry is None:
            entry = self.coder.lex.demonyms.get(token.lower_.rstrip("ensmr"))
        return entry[1] if entry and entry[0] == "adjective" else None

    def _speaker_state(self, token):
        """The actor of an agentless passive in reported speech: the speaker's state
        ("der Berater des Kremls … kündigte an, dass … unterzeichnet werden soll")."""
        for quote in self.coder.doc_quotes:
            info = quote._.lagebild_quote or {}
            if not (quote.start <= token.i < quote.end) or info.get("speaker_start") is None:
                continue
            phrase = self._speaker_phrase(info)
            for t in phrase or []:
                entry = self.coder.lex.demonyms.get(self.coder.lemma(t))
                if entry and entry[0] in ("institution", "adjective"):
                    return {
                        "start": t.idx,
                        "end": t.idx + len(t),
                        "text": t.text,
                        "name": entry[1],
                        "named": True,
                    }
        return None

    def _speaker_phrase(self, info: dict):
        """The speaker's whole phrase ("Der Berater des Kremls …, Juri Uschakow"), which
        the quotes layer gives as text beside the offsets of the person it names."""
        start, end = info["speaker_start"], info["speaker_end"]
        text = info.get("speaker_text") or ""
        found = self.coder.doc_text.rfind(text, 0, end + len(text)) if text else -1
        if found >= 0 and found <= start:
            start, end = found, max(end, found + len(text))
        return self.doc.char_span(start, end, alignment_mode="expand")

    def _resolve_pronoun(self, arg):
        """A pronoun actor is the speaker of the quote it stands in, or the subject of the
        clause before it ("teilte das Ministerium mit und erklärte, es bereite …")."""
        pronoun = arg.get("text", "").lower()
        if pronoun not in self.words["pronouns"]:
            return arg
        for quote in self.coder.doc_quotes:
            info = quote._.lagebild_quote or {}
            if quote.start_char <= arg["start"] < quote.end_char and info.get("speaker_start"):
                span = self.doc.char_span(
                    info["speaker_start"], info["speaker_end"], alignment_mode="expand"
                )
                if span is not None:
                    return _phrase_arg(self, span.start, span.end)
        antecedent = self.context.subject or self.context.last_phrase
        if antecedent is not None or pronoun in self.words["expletive_pronouns"]:
            return antecedent
        return arg  # the pronoun itself: the resolver may link it, and it names the actor

    def _location(self, exclude):
        for p in self.phrases:
            if p.prep in self.words["location_prepositions"] and not p.is_time:
                for ent in self.ents:
                    if p.start <= ent.start < p.end and ent.label_ == "LOC":
                        if exclude and exclude.get("start") == ent.start_char:
                            continue
                        return {
                            "start": ent.start_char,
                            "end": ent.end_char,
                            "text": ent.text,
                            "named": True,
                        }
        return None

    def _place_state(self, recipient, location):
        """An attack on a place of a state the text names is an attack on that state
        ("Angriffe auf die Region Kursk" → Russland); "auf Ziele in der Region Kursk" too."""
        place = recipient if recipient and recipient.get("named") else location
        if place is None:
            return recipient
        entry = self.coder.lex.demonyms.get(place.get("name") or place["text"])
        if entry is None or entry[0] != "place":
            return recipient
        for ent in self.doc_ents:
            if ent.text == entry[1]:
                return {
                    "start": ent.start_char,
                    "end": ent.end_char,
                    "text": ent.text,
                    "named": True,
                }
        return recipient

    # modality, time -----------------------------------------------------------------------

    def _is_passive(self) -> bool:
        aux = set(self.words["passive_auxiliaries"])
        for t in self.clause:
            if t.lower_ in aux:
                rest = [x for x in self.clause if x.i != t.i and x.is_alpha and x.is_lower]
                if any(_participle(x, self.coder) for x in rest):
                    return True
        return self._headline_participle()

    def _headline_participle(self) -> bool:
        """A headline's bare participle is passive ("Sechs Oppositionelle freigelassen",
        "198 Zivilisten getötet – Premier will …"): no finite verb before it, and the
        sentence or a dash follows."""
        finite = set(self.words["auxiliaries"]) | set(self.words["clause_final_finites"])
        for t in self.clause:
            if t.is_alpha and t.is_lower and t.lower_ in finite:
                return False
            if t.is_lower and _participle(t, self.coder) and not self._infinitive(t):
                nxt = self.doc[t.i + 1] if t.i + 1 < len(self.doc) else None
                return nxt is None or nxt.text in (".", *self.words["dateline_dashes"])
        return False

    def _modality(self, time) -> str | None:
        cues = self.words["modality"]
        words = {t.lower_ for t in self.clause}
        if words & set(cues["negated"]):
            return "negated"
        if words & set(cues["hypothetical"]):
            return "hypothetical"
        if words & set(cues["historical"]):
            return "historical"
        published = self.doc._.lagebild_published
        if time and published and time[:4].isdigit():
            if int(time[:4]) <= int(published[:4]) - self.words["historical_years_back"]:
                return "historical"
        future = set(cues["future"])
        if self.passive:
            future -= set(self.words["passive_auxiliaries"])
        if words & set(self.words["perfect_auxiliaries"]):
            future -= set(self.words["reportative_modals"])  # "soll … getötet haben"
        if words & future:
            return "future"
        if time and published and _after(time, published):
            return "future"
        return None

    def _time(self) -> tuple[str | None, str | None]:
        inner = {i for p in self.phrases if p.core_end for i in range(p.core_end, p.end)}
        for span in self.times:
            if span.start in inner:
                continue
            info = span._.lagebild_timex or {}
            if info.get("type") in ("DATE", "TIME") and info.get("value"):
                return info["value"], None
        return None, "no date in the clause"


def _kind(trig: Trigger) -> str:
    return "light" if trig.requires else "noun" if trig.is_noun else "verb"


def _after(value: str, published: str) -> bool:
    """A full or partial ISO date after the reference date (weeks compare by their year)."""
    if "W" in value or "X" in value:
        return False
    return value[: len(published)] > published[: len(value)]


def _with_marker(word: str, infinitive: str, marker: str) -> bool:
    """Is ``word`` the infinitive with the marker after its prefix ("auseinanderzubrechen")?"""
    return any(word == infinitive[:k] + marker + infinitive[k:] for k in range(1, len(infinitive)))


def _participle(token, coder: EventCoder) -> bool:
    """A past participle: not its own lemma and the trigger lexicon knows the lemma."""
    lemma = coder.lemma(token)
    if token.lower_ == lemma.lower():
        return False
    keys = [lemma] + [p + lemma for p in coder.lex.words["particles"]]
    return (
        any(k in coder.lex.triggers for k in keys)
        and token.lower_.endswith(tuple(coder.lex.words["participle_endings"]))
        and not token.lower_.endswith(tuple(coder.lex.words["preterite_endings"]))
    )


def _same(a: dict, b: dict) -> bool:
    return (a.get("name") or a.get("text")) == (b.get("name") or b.get("text"))


def _inherit_time(info: dict, previous: list[dict]) -> None:
    """A future event without a date of its own belongs to the scheduled occasion of the
    sentence before ("reist am Mittwoch nach Kasachstan. … wird … Abkommen unterzeichnen")."""
    if info["time"] is not None or info["modality"] != "future":
        return
    for earlier in reversed(previous):
        if earlier.get("time") and earlier.get("modality") == "future":
            info["time"] = earlier["time"]
            info["time_reason"] = None
            info["time_from"] = "previous sentence"
            return


def _respond(info: dict, previous: list[dict]) -> None:
    """Counter-measures answer the last event aimed at their actor: its actor receives."""
    if not info.pop("respond", False) or info["recipient"] is not None:
        return
    actor = info["actor"]
    for earlier in reversed(previous):
        if earlier is info or earlier.get("recipient") is None or earlier["actor"] is None:
            continue
        if _same(earlier["recipient"], actor) or _same_country(earlier["recipient"], actor):
            info["recipient"] = dict(earlier["actor"])
            return


def _same_country(a: dict, b: dict) -> bool:
    return bool(a.get("name") or b.get("name")) and _name(a) == _name(b)


def _name(arg: dict) -> str:
    return arg.get("name") or arg.get("text", "")


@dataclass
class Phrase:
    """A noun phrase of a clause: token range, governing preposition, article."""

    start: int
    end: int
    prep: str | None
    article: str | None
    is_time: bool
    genitive: Phrase | None = None
    core_end: int | None = None  # where the attached phrases begin
    lead: int | None = None  # first token, its preposition included
    attached: list[Phrase] = field(default_factory=list)  # with their own prepositions

    def as_arg(self, coder: ClauseCoder) -> dict:
        # unnamed, the phrase is its words before an attached "von"/"über" phrase: "ein
        # Gericht", not "ein Gericht vom Vorwurf der Spitzeltätigkeit"
        ends = [a.lead for a in self.attached if a.prep in coder.words["attaching_prepositions"]]
        return _phrase_arg(coder, self.start, self.end, words_end=min(ends, default=self.end))


def _phrase_arg(coder: ClauseCoder, start: int, end: int, words_end: int | None = None) -> dict:
    """The phrase's entity (PER/ORG first) or country adjective, else its words (up to
    ``words_end``)."""
    doc = coder.doc
    ents = [e for e in coder.doc_ents if e.start >= start and e.end <= end]
    rank = {"PER": 0, "ORG": 1, "LOC": 2}
    ents.sort(key=lambda e: (rank.get(e.label_, 3), e.start))
    if ents:
        e = ents[0]
        return {"start": e.start_char, "end": e.end_char, "text": e.text, "named": True}
    for i in range(start, end if _state_head(coder, start, end) else start):
        country = coder.demonym(doc[i])
        if country:
            t = doc[i]
            return {
                "start": t.idx,
                "end": t.idx + len(t),
                "text": t.text,
                "name": country,
                "named": True,
            }
    span = doc[start : words_end or end]
    return {"start": span.start_char, "end": span.end_char, "text": span.text, "named": False}


def _state_head(coder: ClauseCoder, start: int, end: int) -> bool:
    """May a country adjective of this phrase stand for its state? When the phrase names
    the state's organs or arms ("die russische Armee", "ukrainische Raketen"), not people
    or groups apart from it ("die syrische Opposition", "ein kanadischer Priester")."""
    nouns = [t for t in coder.doc[start:end] if t.is_alpha and t.text[:1].isupper()]
    if not nouns:
        return True
    head = coder.coder.lemma(nouns[-1]).lower()
    return head.endswith(tuple(coder.words["state_heads"]) + tuple(coder.words["weapon_heads"]))


def noun_phrases(
    clause: Span, ents, times, coder: EventCoder, opening: int | None = None
) -> list[Phrase]:
    """Noun phrases with their preposition; a genitive phrase or a name in apposition
    attaches to the phrase before it ("die Streitkräfte der Ukraine", "der russische
    Präsident Wladimir Putin"). ``opening``: where the sentence's words begin (after a
    dateline)."""
    words = coder.lex.words
    doc = clause.doc
    ent_at = {t: e for e in ents for t in range(e.start, e.end)}
    time_at = {t for s in times for t in range(s.start, s.end)}
    time_span_at = {s.start: s for s in times}
    preps, contractions = set(words["prepositions"]), words["preposition_contractions"]
    determiners, transparent = set(words["determiners"]), set(words["transparent"])
    phrases: list[Phrase] = []
    i, prep, article, start, lead = clause.start, None, None, None, None
    held = None  # the article of "die von Islamisten geführte Gruppe" while "von …" runs

    def close(end: int) -> None:
        nonlocal start, prep, article, lead, held
        if prep is None and held is not None:
            article, held = article or held, None
        is_time = any(t in time_at for t in range(start, end))
        phrase = Phrase(start, end, prep, article, is_time, lead=lead if prep else start)
        _close(phrases, phrase, doc, words)
        start, prep, article, lead = None, None, None, None

    while i < clause.end:
        t = doc[i]
        low = t.lower_
        if t.text in transparent or t.is_space:  # a doubled space is a token of its own
            i += 1
            continue
        if i in time_span_at and start is None:
            start = i
            i = time_span_at[i].end
            close(i)  # a time expression is a phrase of its own
            continue
        if i in ent_at:
            start = i if start is None else start
            i = ent_at[i].end
            ent = ent_at[i - 1]
            if not (_saxon_genitive(ent, doc, coder) or _compound_opener(ent, doc)):
                close(i)
            continue
        if low in words["postpositions"] and phrases and phrases[-1].end == i:
            head = next(p for p in reversed(phrases) if p.prep != "_attached")
            (head if head.end == i else phrases[-1]).prep = low  # "der Organisation X zufolge"
        elif low in preps and start is not None and _only(doc[start:i], determiners):
            held, start, article = article, None, None  # an attribute: "die von X geführte"
            prep, lead = contractions.get(low, low), i
        elif low in preps and (start is None or all(x.like_num for x in doc[start:i])):
            if start is not None:
                close(i)  # a bare number ("von 2010")
            prep, lead = contractions.get(low, low), i
        elif low in words["coordinators"] and start is None and (governing := _governing(phrases)):
            if _adjacent(doc, phrases[-1].end, i, words):
                prep, lead = governing, i  # "von Armee und UN-Soldaten": both "von"
        elif _hyphen_joined(doc, i, clause.end):
            start = i if start is None else start  # "US-Streitkräfte": one word
            i += 2
            continue
        elif low in words["pronouns"] and start is None:
            start = i
            close(i + 1)
        elif low in determiners or (start is None and (t.like_num or low in words["count_nouns"])):
            # a count noun opens a phrase like a numeral: "Dutzende Menschen", "20 Menschen"
            start = i if start is None else start
            article = low if article is None else article
        elif (
            _wordlike(t) and t.text[:1].isupper() and not _starts_sentence(t, transparent, opening)
        ):
            start = i if start is None else start
            close(i + 1)
        elif t.is_alpha and _adjective_before_noun(t, coder, after_article=article is not None):
            start = i if start is None else start  # an attributive adjective
        elif (
            t.is_alpha
            and t.text[:1].isupper()
            and low not in words["subordinators"]
            and low not in words["opening_adverbs"]
            and coder.lemma(t)[:1].isupper()  # no adverb or numeral ("Erneut", "Sechs")
        ):
            start = i if start is None else start  # a noun opening the sentence
            close(i + 1)
        elif prep is not None and start is None and t.is_lower and _adverb_before(t, coder):
            pass  # "bei politisch motivierten Gewalttaten": the preposition still governs
        else:
            start, prep, article = None, None, None
        i += 1
    phrases = [p for p in phrases if p.prep != "_attached"]
    _join_appositions(phrases, doc, clause.end)
    return phrases


def _saxon_genitive(ent, doc: Doc, coder: EventCoder) -> bool:
    """A place's genitive before its noun ("Syriens Führung", "Indiens Regierungschef
    Narendra Modi"): one phrase with the noun, not a subject of its own."""
    ending = coder.lex.words["saxon_genitive_ending"]
    if ent.label_ not in ("LOC", "ORG") or not ent.text.endswith(ending) or ent.end >= len(doc):
        return False
    last = doc[ent.end - 1].text
    countries = coder.countries
    if coder.lemma(doc[ent.end - 1]) == last and last[: -len(ending)] not in countries:
        return False  # no inflected form ("Paris", "Damaskus")
    nxt = doc[ent.end]
    if nxt.ent_type_ or not nxt.is_alpha:
        return False
    return nxt.text[:1].isupper() or _adjective_before_noun(nxt, coder, after_article=True)


def _wordlike(token) -> bool:
    """Letters, or letters joined by hyphens ("Nato-Staaten")."""
    return token.is_alpha or (
        "-" in token.text and token.text.replace("-", "").isalpha() and token.text[-1] != "-"
    )


def _hyphen_joined(doc: Doc, i: int, end: int) -> bool:
    """A word the tokenizer split off its compound ("US" of "US-Streitkräfte", "30" of
    "30-jährige"): a hyphen and a word follow with no space between."""
    if i + 2 >= end or not doc[i].text.isalnum():
        return False
    hyphen, word = doc[i + 1], doc[i + 2]
    return (
        hyphen.text == "-"
        and hyphen.idx == doc[i].idx + len(doc[i])
        and word.idx == hyphen.idx + 1
        and word.text[:1].isalnum()
    )


def _compound_opener(ent, doc: Doc) -> bool:
    """A name opening a hyphenated compound ("der UN-Generalsekretär António Guterres")
    belongs to the compound's phrase."""
    if ent.end + 1 >= len(doc):
        return False
    hyphen, word = doc[ent.end], doc[ent.end + 1]
    return hyphen.text == "-" and hyphen.idx == ent.end_char and word.idx == hyphen.idx + 1


def _starts_sentence(token, transparent, opening: int | None = None) -> bool:
    first = token.sent.start if token.doc.has_annotation("SENT_START") else 0
    first = max(first, opening or 0)
    i = token.i - 1
    while i >= first and token.doc[i].text in transparent:
        i -= 1
    return i < first


def _adjective_before_noun(token, coder: EventCoder, after_article: bool = False) -> bool:
    """An inflected adjective followed by a noun or another adjective ("ukrainischer
    Raketen", "dringende Maßnahmen"); capitalised when it opens the sentence."""
    low = token.lower_
    words = coder.lex.words
    if not low.endswith(words["adjective_endings"]) or low in words["determiners"]:
        return False
    if low in words["prepositions"] or low in words["pronouns"] or low in words["subordinators"]:
        return False
    if low in words["auxiliaries"]:
        return False
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    while (
        nxt is not None
        and nxt.text in coder.lex.words["transparent"]
        and nxt.i + 1 < len(token.doc)
    ):
        nxt = nxt.nbor(1)
    if nxt is None or not nxt.is_alpha:
        return False
    lemma = coder.lemma(token).lower()
    if after_article and nxt.text[:1].isupper():
        return True  # "die verbotene Arbeiterpartei": a participle used as an adjective
    if lemma in coder.lex.triggers or (
        lemma.endswith(tuple(words["infinitive_lemma_endings"]))
        and (not low.startswith(lemma) or (low == lemma and nxt.ent_type_ != ""))
    ):
        return False  # a finite verb ("ordnete Tokajew", "griffen Kiew", "werfen China")
    return nxt.text[:1].isupper() or (nxt.is_lower and _adjective_before_noun(nxt, coder))


def _close(phrases: list[Phrase], phrase: Phrase, doc: Doc, words: dict) -> None:
    """Attach a genitive ("der Ukraine"), a name in apposition ("Präsident Wladimir
    Putin") or an "über"/"von" phrase to the phrase right before it."""
    head = next((p for p in reversed(phrases) if p.prep != "_attached"), None)
    lead = phrase.lead if phrase.lead is not None else phrase.start
    if head is not None and not head.is_time and _adjacent(doc, head.end, lead, words):
        genitive = phrase.prep is None and (
            phrase.article in words["genitive"] or _bare_genitive(doc[phrase.start], words)
        )
        apposition = (
            phrase.prep is None
            and phrase.article is None
            and not phrase.is_time
            and doc[phrase.start].ent_type_ != ""
        )
        attaching = phrase.prep in words["attaching_prepositions"]
        if genitive or apposition or attaching:
            if genitive and head.genitive is None:
                head.genitive = phrase
            head.core_end = head.core_end or head.end
            head.end = phrase.end
            head.attached.append(
                Phrase(
                    phrase.start,
                    phrase.end,
                    phrase.prep,
                    phrase.article,
                    phrase.is_time,
                    lead=lead,
                )
            )
            phrase.prep = "_attached"
    phrases.append(phrase)


def _only(tokens, words: set[str]) -> bool:
    return all(t.lower_ in words for t in tokens)


def _governing(phrases: list[Phrase]) -> str | None:
    """The preposition that governs the last phrase: its own, or for a phrase attached to
    the one before ("bei Kämpfen von Armee", "in den Provinzen Diyarbakir") the
    attachment's or the head's."""
    if not phrases:
        return None
    last = phrases[-1]
    if last.prep != "_attached":
        return last.prep
    head = next((p for p in reversed(phrases) if p.prep != "_attached"), None)
    if head is None or head.end != last.end or not head.attached:
        return None
    return head.attached[-1].prep or head.prep


def _adverb_before(token, coder: EventCoder) -> bool:
    """A lower-case word before an inflected adjective and its noun ("politisch
    motivierten Gewalttaten")."""
    nxt = token.i + 1
    return nxt < len(token.doc) and _adjective_before_noun(token.doc[nxt], coder)


def _bare_genitive(token, words: dict) -> bool:
    """A genitive plural without article opens with a strong adjective ("bewaffneter
    Männer", "ukrainischer Raketen")."""
    return token.is_lower and token.lower_.endswith(tuple(words["bare_genitive_endings"]))


def _adjacent(doc: Doc, end: int, start: int, words: dict) -> bool:
    return all(doc[i].text in words["transparent"] or doc[i].is_space for i in range(end, start))


def _join_appositions(phrases: list[Phrase], doc: Doc, end: int) -> None:
    """A person's name set off by commas names the phrase before it ("Der
    Menschenrechtskommissar des Europarats, Nils Muiznieks, hatte …", "mit dem
    Alterspräsidenten, dem Abgeordneten Deniz Baykal, zusammen")."""
    k = 1
    while k < len(phrases):
        head, nxt = phrases[k - 1], phrases[k]
        lead = nxt.lead if nxt.lead is not None else nxt.start
        closed = nxt.end >= end or doc[nxt.end].text == ","
        person = any(t.ent_type_ == "PER" for t in doc[nxt.start : nxt.end])
        if (
            nxt.prep is None
            and not head.is_time
            and head.end < len(doc)
            and doc[head.end].text == ","
            and lead == head.end + 1
            and closed
            and person
            and not any(t.ent_type_ == "PER" for t in doc[head.start : head.end])
        ):
            head.core_end = head.core_end or head.end
            head.end = nxt.end
            head.attached.append(Phrase(nxt.start, nxt.end, None, nxt.article, False))
            del phrases[k]
            continue
        k += 1


def is_verb(token, coder: EventCoder) -> bool:
    """A word that can only be a verb here: lower case and no closed-class word."""
    words = coder.lex.words
    low = token.lower_
    if not token.is_alpha or not token.is_lower:
        return False
    closed = (
        words["determiners"],
        words["prepositions"],
        words["pronouns"],
        words["coordinators"],
        words["particles"],
        words["postpositions"],
    )
    if any(low in c for c in closed):
        return False
    return not _adjective_before_noun(token, coder)


# reading the layer into the Analysis --------------------------------------------------------


def analysis_events(doc: Doc, entities, mentions) -> list:
    """``doc.spans["lagebild_events"]`` as Analysis events: each participant becomes the
    entity of the mention at its offsets (or, for a country named by an adjective, the
    entity of that name); an unnamed one keeps its words in ``actor_text``/``recipient_text``."""
    from ..analysis import Event, TextSpan

    by_name = {}
    for entity in entities:
        for name in [entity.name, *entity.aliases]:
            by_name.setdefault(name, entity.id)
    events = []
    for span in sorted(layers.spans(doc, "events"), key=lambda s: s.start_char):
        info = span._.lagebild_event
        if not info:
            continue
        actor, actor_text = _participant(info["actor"], mentions, by_name)
        recipient, recipient_text = _participant(info["recipient"], mentions, by_name)
        location, _ = _participant(info["location"], mentions, by_name)
        events.append(
            Event(
                id=f"V{len(events) + 1}",
                type=info["type"],
                mode=info["mode"],
                modality=info["modality"],
                actor=actor,
                actor_text=actor_text,
                recipient=recipient,
                recipient_text=recipient_text,
                location=location,
                time=info["time"],
                time_reason=info["time_reason"],
                trigger=TextSpan(start=span.start_char, end=span.end_char, text=span.text),
                sentence=info["sentence"],
                confidence=info["confidence"],
                cameo=info["cameo"],
            )
        )
    return events


def _participant(arg: dict | None, mentions, by_name) -> tuple[str | None, str | None]:
    if not arg:
        return None, None
    if arg.get("name"):
        entity = by_name.get(arg["name"])
        return (entity, None) if entity else (None, arg["name"])
    inside = [m for m in mentions if m.start >= arg["start"] and m.end <= arg["end"] and m.entity]
    inside.sort(key=lambda m: (m.type not in ("PER", "ORG", "LOC"), m.start))
    if inside:
        return inside[0].entity, None
    # a name the entity model missed here but the document's entity goes by ("Putin")
    entity = by_name.get(arg["text"])
    return (entity, None) if entity else (None, arg["text"])
