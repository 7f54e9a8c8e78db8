"""The ``lagebild_quotes`` spaCy component: rules first, optional trained taggers after."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from functools import cached_property
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ... import layers
from ...extensions import register_extensions
from ...spacy_models import load_spacy_model
from ..persist import Persistent
from .lexicon import Lexicon, SpeechEvent
from .rules import Finder

QUOTES = "lagebild_quotes"
CUE_OPEN, CUE_CLOSE = "⟦", "⟧"  # mark the cue for the role tagger
MODELS = Path(__file__).resolve().parents[2] / "models"


@Language.factory(
    QUOTES,
    assigns=["doc.spans"],
    requires=["token.is_sent_start"],
    default_config={
        "lang": None,
        "spans_key": QUOTES,
        "model": None,
        "threshold": 0.1,
        "cue_threshold": 0.4,
        "overwrite": True,
    },
)
class QuoteFinder(Persistent):
    """Finds quotes (direct and indirect speech) with their cue and speaker."""

    resource_files = (
        "quotes.json",
        "role_nouns.txt",
        "reporting_verbs.tsv",
        "vocabulary.json",
        "function_words.txt",
    )

    def __init__(
        self,
        nlp: Language,
        name: str = QUOTES,
        *,
        lang: str | None = None,
        spans_key: str = QUOTES,
        model: str | None = None,
        threshold: float = 0.1,
        cue_threshold: float = 0.4,
        overwrite: bool = True,
    ):
        register_extensions()
        self.name = name
        self.lang = lang or nlp.lang
        self.spans_key = spans_key
        self.model = model
        self.threshold = threshold
        self.cue_threshold = cue_threshold
        self.overwrite = overwrite
        self.lex = Lexicon(self.lang)

    # -- the component ------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def find(self, doc: Doc) -> list[SpeechEvent]:
        """The quotes of ``doc``: speech events with reported content."""
        events = [e for e in Finder(self.lex, doc).run() if e.content is not None]
        if self.model and any(e.source is None for e in events):
            events = self._add_model_sources(doc, events)  # loads the taggers when needed
        return events

    def find_events(self, doc: Doc) -> list[SpeechEvent]:
        """Every speech event: the rules' quotes plus, with a model, its other cues.

        This is the speech-event view that ``lagebild eval quotes`` scores: with a model,
        every source is the role tagger's (the quotes layer keeps the rules' phrases).
        """
        # chained sentences have no cue of their own: not speech events in this view
        events = [e for e in Finder(self.lex, doc).run() if e.origin != "chain"]
        if self.tagger is None:
            return events
        events = self._roles(doc, events, replace_sources=True)
        taken = {i for e in events for i in e.cue}
        for event in self._model_events(doc):
            if not taken.intersection(event.cue):
                events.append(event)
        return events

    def set_annotations(self, doc: Doc, events: list[SpeechEvent]) -> None:
        spans = [] if self.overwrite else list(doc.spans.get(self.spans_key, []))
        # PER entities once, by start token: Span.ents walks all of doc.ents (quadratic)
        persons = [e for e in doc.ents if e.label_ == "PER"]
        starts = [e.start for e in persons]
        for event in events:
            span = doc.char_span(*event.content, alignment_mode="expand")
            if span is None:
                continue
            span._.lagebild_quote = self._values(doc, event, persons, starts)
            spans.append(span)
        doc.spans[self.spans_key] = spans
        layers.record(doc, "quotes", self.spans_key)

    def _values(self, doc: Doc, event: SpeechEvent, persons: list, starts: list[int]) -> dict:
        speaker_text = speaker_start = speaker_end = None
        if event.source is not None:
            phrase = doc[event.source[0] : event.source[1]]
            speaker_text = phrase.text
            speaker_start, speaker_end = phrase.start_char, phrase.end_char
            # the named person of the phrase ("Der Berater des Kremls, Juri Uschakow")
            k = bisect_left(starts, phrase.start)
            if k < len(persons) and persons[k].end <= phrase.end:
                speaker_start, speaker_end = persons[k].start_char, persons[k].end_char
        if event.resolved is not None:
            speaker_start, speaker_end = event.resolved
        return {
            "kind": event.kind,
            "speaker_text": speaker_text,
            "speaker_start": speaker_start,
            "speaker_end": speaker_end,
            "cue": _cue(doc, event.cue),
        }

    # -- the optional trained taggers --------------------------------------------------

    def _load(self, part: str) -> list[Language]:
        """The trained taggers ``<model>/<part>*`` (several are averaged: an ensemble)."""
        if not self.model:
            return []
        path = Path(self.model)
        if not path.is_absolute():
            path = MODELS / self.model
        return [
            load_spacy_model(p)
            for p in sorted(path.glob(f"{part}*"))
            if (p / "config.cfg").exists()
        ]

    @cached_property
    def cue_taggers(self) -> list[Language]:
        """Tag cue words (and sources) over a whole Doc."""
        return self._load("cues")

    @cached_property
    def role_taggers(self) -> list[Language]:
        """Tag the source of one marked cue in its sentence."""
        return self._load("roles")

    @property
    def tagger(self) -> Language | None:
        return self.cue_taggers[0] if self.cue_taggers else None

    @property
    def role_tagger(self) -> Language | None:
        return self.role_taggers[0] if self.role_taggers else None

    @staticmethod
    def _probabilities(nlp: Language, docs: list[Doc]) -> list[list[dict[str, float]]]:
        """Per doc, per token: label -> probability from one tagger pipeline."""
        tok2vec, tagger = nlp.get_pipe("tok2vec"), nlp.get_pipe("tagger")
        docs = [tok2vec(Doc(nlp.vocab, words=[t.text for t in d])) for d in docs]
        if not docs:
            return []
        labels = list(tagger.labels)
        return [
            [
                dict(zip(labels, map(float, row), strict=True))
                for row in tagger.model.ops.to_numpy(s)
            ]
            for s in tagger.model.predict(docs)
        ]

    def _averaged(self, taggers: list[Language], docs: list[Doc]) -> list[list[dict[str, float]]]:
        runs = [self._probabilities(nlp, docs) for nlp in taggers]
        averaged = []
        for per_doc in zip(*runs, strict=True):
            rows = []
            for per_token in zip(*per_doc, strict=True):
                labels = set().union(*per_token)
                rows.append(
                    {
                        lab: sum(p.get(lab, 0.0) for p in per_token) / len(per_token)
                        for lab in labels
                    }
                )
            averaged.append(rows)
        return averaged

    def _doc_tags(self, doc: Doc) -> list[str]:
        key = "_lagebild_quote_tags"
        if key not in doc.user_data:
            [rows] = self._averaged(self.cue_taggers, [doc])
            tags = []
            for probs in rows:
                cue = probs.get("B-CUE", 0.0) + probs.get("I-CUE", 0.0)
                if cue >= self.cue_threshold:
                    tags.append(
                        "B-CUE" if probs.get("B-CUE", 0) >= probs.get("I-CUE", 0) else "I-CUE"
                    )
                else:
                    tags.append(
                        max((p, lab) for lab, p in probs.items() if not lab.endswith("CUE"))[1]
                    )
            doc.user_data[key] = tags
        return doc.user_data[key]

    def _model_events(self, doc: Doc) -> list[SpeechEvent]:
        tags = self._doc_tags(doc)
        sentence_of = _sentence_index(doc)
        sources = _runs(tags, "SRC")
        events = []
        for start, end in _runs(tags, "CUE"):
            source = _nearest(sources, start, end, sentence_of)
            events.append(SpeechEvent("indirect", tuple(range(start, end)), source, origin="model"))
        return self._roles(doc, events, replace_sources=True)

    def _source_probs(self, docs: list[Doc]) -> list[list[float]]:
        """Per token of each marked sentence, the role taggers' probability of SRC."""
        return [
            [p.get("SRC", 0.0) for p in rows] for rows in self._averaged(self.role_taggers, docs)
        ]

    def _add_model_sources(self, doc: Doc, events: list[SpeechEvent]) -> list[SpeechEvent]:
        """Sources from the taggers for the rules' events that have none."""
        if all(e.source is not None for e in events):
            return events
        if self.role_tagger is not None:
            return self._roles(doc, events, replace_sources=False)
        if self.tagger is None:
            return events  # no model folder (or an empty one): the rules alone
        tags = self._doc_tags(doc)
        sources = _runs(tags, "SRC")
        sentence_of = _sentence_index(doc)
        out = []
        for event in events:
            if event.source is None and event.cue:
                source = _nearest(sources, min(event.cue), max(event.cue) + 1, sentence_of)
                if source is not None:
                    event = replace(event, source=source)
            out.append(event)
        return out

    def _roles(
        self, doc: Doc, events: list[SpeechEvent], replace_sources: bool
    ) -> list[SpeechEvent]:
        """Ask the role tagger for each event's source (and message) in its sentence."""
        if self.role_tagger is None:
            return events
        todo = [n for n, e in enumerate(events) if e.cue and (replace_sources or e.source is None)]
        inputs, index = [], []
        for n in todo:
            cue = set(events[n].cue)
            sent = doc[min(cue)].sent if doc.has_annotation("SENT_START") else doc[:]
            words, positions = [], []
            for token in sent:
                if token.i in cue and token.i - 1 not in cue:
                    words.append(CUE_OPEN)
                    positions.append(None)
                words.append(token.text)
                positions.append(token.i)
                if token.i in cue and token.i + 1 not in cue:
                    words.append(CUE_CLOSE)
                    positions.append(None)
            inputs.append(Doc(self.role_tagger.vocab, words=words))  # words only
            index.append(positions)
        out = list(events)
        for n, probs, positions in zip(todo, self._source_probs(inputs), index, strict=True):
            event = out[n]
            source_tokens = sorted(
                i
                for i, p in zip(positions, probs, strict=True)
                if i is not None and p >= self.threshold
            )
            source = _closest_run(source_tokens, min(event.cue), max(event.cue) + 1)
            out[n] = replace(event, source=source)
        return out


def _runs(tags: list[str], stem: str) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i, tag in enumerate(tags):
        if tag == f"I-{stem}" and runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        elif tag in (f"B-{stem}", f"I-{stem}"):
            runs.append((i, i + 1))
    return runs


def _closest_run(tokens: list[int], start: int, end: int) -> tuple[int, int] | None:
    """The contiguous run of ``tokens`` closest to the cue start..end."""
    runs: list[tuple[int, int]] = []
    for i in tokens:
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    if not runs:
        return None
    return min(runs, key=lambda r: start - r[1] if r[1] <= start else r[0] - end)


def _sentence_index(doc: Doc) -> list[int]:
    index = []
    if doc.has_annotation("SENT_START"):
        for n, sent in enumerate(doc.sents):
            index.extend([n] * len(sent))
    else:
        index = [0] * len(doc)
    return index


def _nearest(
    runs: list[tuple[int, int]], start: int, end: int, sentence_of: list[int]
) -> tuple[int, int] | None:
    """The run in the cue's sentence closest to the cue."""
    best, best_distance = None, None
    for run in runs:
        if sentence_of[run[0]] != sentence_of[start]:
            continue
        distance = start - run[1] if run[1] <= start else run[0] - end
        if best_distance is None or distance < best_distance:
            best, best_distance = run, distance
    return best


def _cue(doc: Doc, tokens: tuple[int, ...]) -> dict | None:
    if not tokens:
        return None
    ordered = sorted(tokens)
    parts: list[list[int]] = []
    for i in ordered:
        if parts and parts[-1][-1] == i - 1:
            parts[-1].append(i)
        else:
            parts.append([i])
    text = " ... ".join(doc[p[0] : p[-1] + 1].text for p in parts)
    return {
        "start": doc[ordered[0]].idx,
        "end": doc[ordered[-1]].idx + len(doc[ordered[-1]]),
        "text": text,
    }
