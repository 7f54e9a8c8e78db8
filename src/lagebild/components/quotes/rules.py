"""The rules over one Doc: quotation marks, reporting verbs, attribution phrases, speakers."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from spacy.tokens import Doc, Span

from .chains import extend_chains
from .lexicon import Lexicon, SpeechEvent
from .media import media_events

ANTECEDENT_WINDOW = 20  # named speakers looked back at; a pronoun means a recent one
MAX_QUOTE_TOKENS = 2000  # a closing mark further on is not this quote's: keeps search linear


class Finder:
    """The rules, applied to one Doc."""

    def __init__(self, lex: Lexicon, doc: Doc):
        self.lex = lex
        self.doc = doc
        r = lex.rules
        self.determiners = set(r["determiners"])
        self.inner_preps = set(r["np_inner_prepositions"])
        self.np_stop = set(r["np_stop_words"])
        self.first_person = set(r["first_person"])
        self.subordinators = set(r["subordinators"])
        self.adverbial = set(r["adverbial_starts"])
        self.time_nouns = lex.time_nouns()
        self.coordinators = set(r["coordinators"])
        self.clause_punct = set(r["clause_punct"])
        self.end_punct = set(r["end_punct"])
        self.speaker_pronouns = set(r["speaker_pronouns"])
        self.source_heads = set(r["source_nouns_head"])
        self.non_content = set(r["adverbial_subordinators"])
        self.auxiliaries = set(r["auxiliaries"])
        self.oblique = set(r["oblique_determiners"])
        self.subjunctive = set(r["subjunctive"])
        self.partial_verbs = set(r["partial_quote_verbs"])
        self.genitive_determiners = set(r["genitive_determiners"])
        # the first-person forms written with a capital (the polite "Sie") count as written
        self.polite = {w for w in self.first_person if not w.islower()}
        self.adjective_endings = lex.language.adjective_endings
        self.marks_noun = lex.language.marks_noun  # a capital letter: a noun or a name
        # each token's text, read once: doc[i] builds a new Token object on every access
        self.texts = [t.text for t in doc]
        self.lowers = [t.lower_ for t in doc]
        # the words that can start a phrase cue ("zufolge", "laut", "nach", "so", "wie")
        self.phrase_cue_words = {
            *r["postposition_cues"],
            *r["preposition_cues"],
            *r["according_to"]["prepositions"],
            *r["so_cue"],
            *r["as_cue"],
        }
        self.heard_verbs = set(r["heard_cue"]["verbs"])
        self.sentences = self._sentences()
        self.sent_of = {}
        for n, (s, e) in enumerate(self.sentences):
            for i in range(s, e):
                self.sent_of[i] = n
        self.used: set[int] = set()  # cue tokens already explained
        self.covered: list[tuple[int, int]] = []  # token spans of content found
        self.covered_tokens: set[int] = set()  # the same, per token, for O(1) lookups
        self.events: list[SpeechEvent] = []

    # -- driver ----------------------------------------------------------------------

    def run(self) -> list[SpeechEvent]:
        quotes = self._quoted()
        full = [(o, c) for o, c in quotes if self._is_full(o, c)]
        partial = [(o, c) for o, c in quotes if (o, c) not in full]
        self._direct(full)
        for event in media_events(self):  # before "heißt es", which would take no source
            self._add(event)
        self._phrase_cues()
        self._verb_cues()
        self._partial(partial)
        self._resolve()
        self.events.extend(extend_chains(self))
        self.events.sort(key=lambda e: (e.content or (0, 0))[0] if e.content else min(e.cue))
        return self.events

    def _sentences(self) -> list[tuple[int, int]]:
        doc = self.doc
        if doc.has_annotation("SENT_START"):
            return [(s.start, s.end) for s in doc.sents]
        return [(0, len(doc))]

    def _sentence(self, i: int) -> tuple[int, int]:
        return self.sentences[self.sent_of.get(i, 0)]

    # -- quotation marks --------------------------------------------------------------

    def _quoted(self) -> list[tuple[int, int]]:
        """(opening, closing) mark token pairs, outermost, within a paragraph."""
        doc = self.doc
        pairs = [tuple(p) for p in self.lex.rules["quote_marks"]]
        openers = {o for o, _ in pairs}
        found = []
        i = 0
        while i < len(doc):
            text = doc[i].text
            match = None
            if text in openers and self._may_open(i):
                for opener, closer in pairs:
                    if opener != text:
                        continue
                    j = self._closing(i, closer)
                    if j is not None and j > i + 1:
                        match = (i, j)
                        break
            if match:
                found.append(match)
                i = match[1] + 1
            else:
                i += 1
        return found

    def _may_open(self, i: int) -> bool:
        doc = self.doc
        if i + 1 >= len(doc) or doc[i].whitespace_:
            return False
        return i == 0 or bool(doc[i - 1].whitespace_) or doc[i - 1].text in ("(", "–", "-", ":")

    def _closing(self, i: int, closer: str) -> int | None:
        """The closing mark; a quote over paragraphs reopens each one without closing it."""
        doc = self.doc
        j = i + 1
        stop = min(len(doc), i + MAX_QUOTE_TOKENS)
        while j < stop:
            if doc[j].is_space or "\n" in doc[j - 1].whitespace_:
                if "\n" in doc[j].text or "\n" in doc[j - 1].whitespace_:
                    k = j + 1 if doc[j].is_space else j
                    if k < len(doc) and doc[k].text == doc[i].text and doc[k].text != closer:
                        j = k + 1  # the next paragraph goes on with the same quote
                        continue
                    return None
            if doc[j].text == closer and not doc[j - 1].whitespace_:
                return j
            if doc[j].text == doc[i].text and doc[j].text != closer and self._may_open(j):
                return None
            j += 1
        return None

    def _is_full(self, o: int, c: int) -> bool:
        words = [t for t in self.doc[o + 1 : c] if not t.is_punct]
        ends = self.doc[c - 1].text in self.end_punct or self.doc[c - 1].text == ","
        return len(words) >= self.lex.rules["min_clause_words"] or (ends and len(words) >= 2)

    # -- direct speech --------------------------------------------------------------------

    def _direct(self, quotes: list[tuple[int, int]]) -> None:
        doc = self.doc
        previous: SpeechEvent | None = None
        previous_end = -10
        for o, c in quotes:
            content = (doc[o + 1].idx, doc[c - 1].idx + len(doc[c - 1]))
            attribution = self._after_quote(c) or self._before_quote(o)
            if attribution is None and previous is not None and self._continues(previous_end, o):
                attribution = (previous.cue, previous.source)
            if attribution is None and self._title_like(o, c):
                continue  # a quoted name or title: „The Independent on Sunday“
            cue, source = attribution if attribution else ((), None)
            event = SpeechEvent("direct", tuple(cue), source, content)
            self.events.append(event)
            self.covered.append((o, c + 1))
            self.covered_tokens.update(range(o, c + 1))
            self.used.update(cue)
            previous = event
            previous_end = max([c, *cue, *(range(*source) if source else [])])

    def _title_like(self, o: int, c: int) -> bool:
        """Short, without final punctuation: a name or title rather than speech."""
        words = [t for t in self.doc[o + 1 : c] if not t.is_punct]
        ends = self.doc[c - 1].text in self.end_punct
        return not ends and len(words) < self.lex.rules["min_unattributed_words"]

    def _continues(self, previous_end: int, o: int) -> bool:
        """Only the end of the attribution sentence lies between the two quotes."""
        between = [t for t in self.doc[previous_end + 1 : o] if not t.is_space]
        return len(between) <= 2 and all(t.is_punct for t in between)

    def _after_quote(self, c: int) -> tuple[tuple[int, ...], tuple[int, int]] | None:
        """„…“, sagte X / „…“, so X / „…“, teilte X mit / „…“, hieß es …"""
        doc = self.doc
        i = c + 1
        if i < len(doc) and doc[i].text == ",":
            i += 1
        if i >= len(doc):
            return None
        if doc[i].lower_ in self.lex.words("so_cue"):
            source = self._noun_phrase(i + 1, apposition=True)
            if source:
                return (i,), source
            return None
        heard = self._heard(i)
        if heard:
            return heard
        cue = self._verb_at(i, require_particle=True)
        if cue is None:
            return None
        source = self._noun_phrase(i + 1, apposition=True)
        return cue, source

    def _before_quote(self, o: int) -> tuple[tuple[int, ...], tuple[int, int]] | None:
        """X sagte: „…“ — a cue in the same sentence, with ':' or ',' before the mark."""
        doc = self.doc
        if o == 0 or doc[o - 1].text not in (":", ","):
            return None
        start, _ = self._sentence(o - 1)
        for v in range(o - 2, start - 1, -1):
            if v in self.used:
                continue
            cue = self._verb_at(v, require_particle=True)
            if cue is not None:
                return cue, self._subject(v, cue)
        return None

    # -- reporting verbs -------------------------------------------------------------

    def _verb_at(self, i: int, require_particle: bool) -> tuple[int, ...] | None:
        """The cue tokens when token ``i`` is a reporting verb form (with its particle)."""
        token = self.doc[i]
        low = token.lower_
        if self.marks_noun(token.text):
            return None  # a noun ("die Antworten") or a fronted verb, rarely a report
        if low in self.lex.joined:
            return (i,)
        for _lemma, particle in self.lex.finite.get(low, []):
            if not particle:
                return (i,)
            p = self._particle(i, particle)
            if p is not None:
                return (i, p)
            if not require_particle:
                return None
        return None

    def _particle(self, i: int, particle: str) -> int | None:
        """The separated particle of the verb at ``i``, at its clause end."""
        doc = self.doc
        _, end = self._sentence(i)
        for j in range(i + 1, end):
            t = doc[j]
            if t.lower_ == particle:
                nxt = doc[j + 1] if j + 1 < len(doc) else None
                if nxt is None or nxt.is_punct or nxt.lower_ in self.coordinators:
                    return j
            if t.text in (";", ":"):
                return None
        return None

    def _lemma(self, i: int) -> str | None:
        low = self.doc[i].lower_
        if low in self.lex.joined:
            return self.lex.joined[low]
        forms = self.lex.finite.get(low)
        return forms[0][0] if forms else None

    def _verb_cues(self) -> None:
        """Indirect speech (and speech without marks) around reporting verbs."""
        for start, end in self.sentences:
            for v in range(start, end):
                if self.lowers[v] not in self.lex.verb_forms:
                    continue  # no reporting verb: _verb_at would say so, at more cost
                if v in self.used or self._in_covered(v):
                    continue
                cue = self._verb_at(v, require_particle=True)
                if cue is None:
                    continue
                event = self._inverted(v, cue, start) or self._complement(v, cue, start, end)
                if event is None:
                    event = self._object(v, cue, start, end)
                if event is not None:
                    self._add(event)

    def _add(self, event: SpeechEvent) -> None:
        self.events.append(event)
        self.used.update(event.cue)
        if event.content:
            span = self.doc.char_span(*event.content, alignment_mode="expand")
            if span is not None:
                self.covered.append((span.start, span.end))
                self.covered_tokens.update(range(span.start, span.end))

    def _in_covered(self, i: int) -> bool:
        return i in self.covered_tokens

    def _content(self, first: int, last: int) -> tuple[int, int] | None:
        """Character span of tokens first..last (inclusive) without edge punctuation."""
        doc = self.doc
        while first <= last and (doc[first].is_punct or doc[first].is_space):
            first += 1
        while last >= first and (doc[last].is_punct or doc[last].is_space):
            last -= 1
        if last < first:
            return None
        return doc[first].idx, doc[last].idx + len(doc[last])

    def _kind(self, first: int, last: int) -> str:
        """Speech without marks: direct when it speaks in the first or second person and
        has no unambiguous subjunctive ("wir seien" is reported, "wir sind" is said)."""
        tokens = self.doc[first : last + 1]
        words = {t.text if t.text in self.polite else t.lower_ for t in tokens}
        if self.doc[first].lower_ in self.subordinators or words & self.subjunctive:
            return "indirect"
        return "direct" if words & self.first_person else "indirect"

    def _inverted(self, v: int, cue: tuple[int, ...], start: int) -> SpeechEvent | None:
        """Content, then the cue: "…, teilten die beiden Länder mit." """
        doc = self.doc
        if v - 1 <= start or doc[v - 1].text != ",":
            return None
        if self._in_covered(v - 2):
            return None
        source = self._noun_phrase(v + 1, apposition=True)
        if source is None:
            return None
        first = start
        if len([t for t in doc[first : v - 1] if not t.is_punct]) < 3:
            return None
        content = self._content(first, v - 2)
        if content is None:
            return None
        return SpeechEvent(self._kind(first, v - 2), cue, source, content)

    def _complement(self, v: int, cue: tuple[int, ...], start: int, end: int) -> SpeechEvent | None:
        """The cue, then the content: "X sagte, …", "kündigte an, dass …", "X sagte: …"."""
        doc = self.doc
        k = max(cue) + 1
        # "sagte der Minister, ..." : the subject may come after the verb
        after = self._noun_phrase(k) if max(cue) == v else None
        if after and after[1] < end and doc[after[1]].text in (",", ":"):
            k = after[1]
        if k >= end or doc[k].text not in (",", ":"):
            return None
        first = k + 1
        last = end - 1
        if first >= end or self._in_covered(first):
            return None
        if len([t for t in doc[first:end] if not t.is_punct]) < 3:
            return None
        if doc[first].lower_ in self.non_content:
            return None  # an adverbial clause ("…, nachdem …"), not what was said
        content = self._content(first, last)
        if content is None:
            return None
        source = self._subject(v, cue)
        return SpeechEvent(self._kind(first, last), cue, source, content)

    def _object(self, v: int, cue: tuple[int, ...], start: int, end: int) -> SpeechEvent | None:
        """The object of "bestätigen" & co.: "Russland hat … Angriffe bestätigt"."""
        doc = self.doc
        lemma = self._lemma(v)
        if lemma not in self.lex.object_verbs:
            return None
        clause_end = self._clause_end(v, end)
        if max(cue) == v and v + 1 < clause_end and doc[v].lower_ not in self.lex.joined:
            # finite verb in second position: the object follows it
            subject = self._subject(v, cue)
            first = v + 1
            if subject and subject[0] > v:
                clause = self._clause_start(v, start)
                if clause < v and not self._adverbial(clause):
                    return None  # the object stands before the verb: "Das bestätigte X"
                first = subject[1]
            last = (min(c for c in cue if c > v) - 1) if len(cue) > 1 else clause_end - 1
            content = self._content(first, last)
            if content is None or len([t for t in doc[first : last + 1] if not t.is_punct]) < 2:
                return None
            return SpeechEvent("indirect", cue, subject, content)
        # participle at the clause end: subject, auxiliary, content, participle
        subject = self._noun_phrase(start)
        if subject is None or subject[1] >= v:
            return None
        first = subject[1] + 1
        content = self._content(first, v - 1)
        if content is None or v - first < 2:
            return None
        return SpeechEvent("indirect", cue, subject, content)

    def _clause_end(self, v: int, end: int) -> int:
        for j in range(v + 1, end):
            if self.doc[j].text in (",", ";", ":") or self.doc[j].text in self.end_punct:
                return j
        return end

    def _subject(self, v: int, cue: tuple[int, ...]) -> tuple[int, int] | None:
        """The speaker of the cue verb at ``v``: the Vorfeld, or the phrase after the verb."""
        doc = self.doc
        start, _ = self._sentence(v)
        clause = self._clause_start(v, start)
        if clause == v or doc[v - 1].lower_ in self.coordinators:
            # "… mit und erklärte, …": the subject of the verb before
            for event in reversed(self.events):
                if (
                    event.source
                    and event.cue
                    and self.sent_of.get(min(event.cue)) == self.sent_of.get(v)
                ):
                    return event.source
            if clause == v and doc[v - 1].lower_ in self.coordinators:
                earlier = self._noun_phrase(start, apposition=True)
                if earlier:
                    return earlier
        if clause < v and not self._adverbial(clause) and doc[clause].lower_ not in self.oblique:
            np = self._noun_phrase(clause, apposition=True)
            # "X sagte", or "X hat … gesagt" / "X will … sagen"
            if np and (
                np[1] == v
                or (np[1] + 1 == v and doc[np[1]].text == ",")
                or doc[np[1]].lower_ in self.auxiliaries
            ):
                return np
        after = self._noun_phrase(v + 1, apposition=True)
        if after:
            return after
        if clause < v and self._adverbial(clause):
            # "Am Montag hat der Minister gesagt, …": the subject after the auxiliary
            for j in range(clause + 1, v):
                if doc[j].lower_ in self.auxiliaries:
                    return self._noun_phrase(j + 1, apposition=True)
        return None

    def _clause_start(self, v: int, start: int) -> int:
        """Start of the main clause that contains ``v`` (after a closing quote or colon)."""
        doc = self.doc
        for j in range(v - 1, start - 1, -1):
            if doc[j].text in self.end_punct or doc[j].text in (":", "–", "—", "-"):
                return j + 1
            if doc[j].lower_ in self.coordinators and j == v - 1:
                return v
        return start

    def _adverbial(self, i: int) -> bool:
        t = self.doc[i]
        return t.lower_ in self.adverbial or t.text in self.time_nouns

    # -- phrase cues ------------------------------------------------------------------

    def _phrase_cues(self) -> None:
        doc = self.doc
        rules = self.lex.rules
        for start, end in self.sentences:
            for i in range(start, end):
                low = self.lowers[i]
                if low not in self.phrase_cue_words and self.texts[i] not in self.heard_verbs:
                    continue  # none of the branches below can apply
                if i in self.used or self._in_covered(i):
                    continue
                event = None
                if low in rules["postposition_cues"]:
                    event = self._zufolge(i, start, end)
                elif low in rules["preposition_cues"]:
                    event = self._laut(i, start, end)
                elif low in rules["according_to"]["prepositions"]:
                    event = self._according(i, start, end)
                elif low in rules["so_cue"] and i > start and doc[i - 1].text == ",":
                    event = self._so(i, start, end)
                elif doc[i].text in rules["heard_cue"]["verbs"]:
                    event = self._heard_event(i, start, end)
                elif low in rules["as_cue"] and (i == start or doc[i - 1].text == ","):
                    event = self._as_said(i, start, end)
                if event is not None:
                    self._add(event)

    def _as_said(self, i: int, start: int, end: int) -> SpeechEvent | None:
        """ "Wie der Sprecher sagte, …" / "…, wie X mitteilte." """
        doc = self.doc
        source = self._noun_phrase(i + 1)
        if source is None or source[1] >= end:
            return None
        cue = None  # "wie X (am Abend) mitteilte", the verb at the end of the clause
        for j in range(source[1], end):
            if doc[j].text in (",", ".", "!", "?", ";", ":"):
                break
            cue = self._verb_at(j, require_particle=False)
            if cue is not None:
                break
        if cue is None:
            return None
        k = max(cue) + 1
        while k < end and doc[k].lower_ in self.auxiliaries:
            k += 1
        if k < end and doc[k].text not in (",", ".", "!", "?"):
            return None
        if i == start:
            content = self._content(k + 1, end - 1)
            first, last = k + 1, end - 1
        elif k >= end - 1 or doc[k].text != ",":
            content = self._content(start, i - 2)
            first, last = start, i - 2
        else:
            content = self._content(start, end - 1)
            first, last = start, end - 1
        if content is None or last - first < 2:
            return None
        return SpeechEvent(self._kind(first, last), (i, *cue), source, content)

    def _rest(self, phrase: tuple[int, int], start: int, end: int) -> tuple[int, int] | None:
        """The content around an attribution phrase: the sentence, less a leading phrase."""
        doc = self.doc
        first = start
        if phrase[0] == start:
            first = phrase[1]
            if first < end and doc[first].text == ",":
                first += 1
        return self._content(first, end - 1)

    def _zufolge(self, i: int, start: int, end: int) -> SpeechEvent | None:
        doc = self.doc
        first = i
        while first > start and self._np_word(doc[first - 1]):
            first -= 1
        if first == i:
            return None
        source = (first, i)
        for j in range(first, i):
            if doc[j].text in self.source_heads and j + 1 < i:
                source = (j + 1, i)
                break
        else:
            if any(doc[j].text in self.source_heads for j in range(first, i)):
                source = None
        if source is None:
            return None
        content = self._rest((first, i + 1), start, end)
        if content is None:
            return None
        return SpeechEvent("indirect", (i,), source, content)

    def _laut(self, i: int, start: int, end: int) -> SpeechEvent | None:
        source = self._noun_phrase(i + 1)
        if source is None:
            return None
        source = self._genitive_source(source)
        content = self._rest((i, source[1]), start, end)
        if content is None:
            return None
        return SpeechEvent("indirect", (i,), source, content)

    def _genitive_source(self, phrase: tuple[int, int]) -> tuple[int, int]:
        """ "Angaben des Ministeriums" -> "des Ministeriums"."""
        doc = self.doc
        for j in range(phrase[0], phrase[1] - 1):
            if doc[j].text in self.source_heads:
                return (j + 1, phrase[1])
        return phrase

    def _according(self, i: int, start: int, end: int) -> SpeechEvent | None:
        doc = self.doc
        spec = self.lex.rules["according_to"]
        j = i + 1
        possessive = None
        if j < end and doc[j].lower_ in spec["possessives"]:
            possessive = j
            j += 1
        if j >= end or doc[j].text not in spec["nouns"]:
            return None
        noun = j
        if possessive is not None:
            return SpeechEvent(
                "indirect",
                (i, noun),
                (possessive, possessive + 1),
                self._rest((i, noun + 1), start, end),
            )
        if noun + 1 >= end or doc[noun + 1].lower_ not in spec["links"]:
            return None
        link = noun + 1
        first = link + 1 if doc[link].lower_ in spec["prepositional_links"] else link
        source = self._noun_phrase(first)
        if source is None:
            return None
        content = self._rest((i, source[1]), start, end)
        if content is None:
            return None
        return SpeechEvent("indirect", (i, noun), source, content)

    def _so(self, i: int, start: int, end: int) -> SpeechEvent | None:
        doc = self.doc
        if i + 1 >= end or doc[i + 1].lower_ in self.lex.words("so_exclude_next"):
            return None
        source = self._noun_phrase(i + 1, apposition=True)
        if source is None or not self._to_end(source[1], end):
            return None
        content = self._content(start, i - 2)
        if content is None:
            return None
        return SpeechEvent(self._kind(start, i - 2), (i,), source, content)

    def _to_end(self, k: int, end: int) -> bool:
        return all(t.is_punct or t.is_space for t in self.doc[k:end])

    def _heard(self, i: int) -> tuple[tuple[int, ...], tuple[int, int] | None] | None:
        """ "hieß es (in einer Erklärung des Ministeriums)": cue and medium's author."""
        doc = self.doc
        spec = self.lex.rules["heard_cue"]
        if (
            doc[i].text not in spec["verbs"]
            or i + 1 >= len(doc)
            or doc[i + 1].lower_ not in spec["subject"]
        ):
            return None
        _, end = self._sentence(i)
        source = None
        for j in range(i + 2, end):
            if doc[j].text in spec["media"]:
                author = self._noun_phrase(j + 1)
                if author:
                    source = author
                break
        return (i, i + 1), source

    def _heard_event(self, i: int, start: int, end: int) -> SpeechEvent | None:
        heard = self._heard(i)
        if heard is None or i - 1 <= start:
            return None
        cue, source = heard
        if self.doc[i - 1].text == ",":
            first, last = start, i - 2
        else:
            k = self._clause_end(i, end)
            if k >= end or self.doc[k].text not in (",", ":"):
                return None
            first, last = k + 1, end - 1  # nothing after a closing colon: no content
        content = self._content(first, last)
        if content is None:
            return None
        return SpeechEvent(self._kind(first, last), cue, source, content)

    # -- partial quotes ----------------------------------------------------------------------

    def _partial(self, quotes: list[tuple[int, int]]) -> None:
        """A quoted phrase in a clause with a reporting verb: ordnete „dringende Maßnahmen“ an."""
        doc = self.doc
        for o, c in quotes:
            if self._in_covered(o):
                continue
            start, end = self._sentence(o)
            lo, hi = o, c
            while lo > start and doc[lo - 1].text not in self.clause_punct:
                lo -= 1
            while hi < end - 1 and doc[hi + 1].text not in self.clause_punct:
                hi += 1
            for v in range(lo, hi + 1):
                if o <= v <= c or v in self.used:
                    continue
                cue = self._verb_at(v, require_particle=True)
                if cue is None and doc[v].lower_ in self.partial_verbs:
                    cue = (v,)  # "bezeichnete den Plan als „Irrweg“": words the speaker used
                if cue is None:
                    continue
                source = self._subject(v, cue)
                content = (doc[o + 1].idx, doc[c - 1].idx + len(doc[c - 1]))
                self._add(SpeechEvent("direct", cue, source, content))
                break

    # -- noun phrases --------------------------------------------------------------------

    def _np_word(self, t) -> bool:
        if t.is_punct or t.is_space or t.like_num and not t.text.isdigit():
            return False
        low = t.lower_
        if low in self.auxiliaries and not self.marks_noun(t.text):
            return False
        if low in self.np_stop or low in self.lex.joined or low in self.lex.finite:
            return (
                self.marks_noun(t.text) and low not in self.np_stop and low not in self.lex.finite
            )
        if low in self.determiners:
            return True
        if self.marks_noun(t.text):
            return True
        return t.is_alpha and len(low) > 3 and low.endswith(self.adjective_endings)

    def _noun_phrase(self, i: int, apposition: bool = False) -> tuple[int, int] | None:
        """The noun phrase starting at token ``i`` (determiner, adjectives, nouns, names,
        genitives, "von"/"für" attachments), with an apposition after a comma."""
        doc = self.doc
        _, end = self._sentence(i) if i < len(doc) else (0, 0)
        if i >= end:
            return None
        first = doc[i]
        if first.lower_ in self.speaker_pronouns:
            return (i, i + 1)
        if not (first.lower_ in self.determiners or self.marks_noun(first.text)):
            return None
        if self._function_word(first) and first.lower_ not in self.determiners:
            return None
        if first.lower_ in self.adverbial and first.lower_ not in self.determiners:
            return None
        if first.text in self.time_nouns:
            return None
        j = i
        has_noun = False
        while j < end:
            t = doc[j]
            if j == i and t.lower_ in self.determiners:
                j += 1  # "Das", "Die" at the sentence start: a determiner, not a noun
                continue
            if self.marks_noun(t.text) and not t.is_punct and not self._function_word(t):
                if t.text in self.time_nouns and has_noun:
                    break
                has_noun = True
                j += 1
                continue
            if (
                t.lower_ in self.inner_preps
                and has_noun
                and j + 1 < end
                and self._np_word(doc[j + 1])
            ):
                j += 1
                continue
            if self._np_word(t) and not self.marks_noun(t.text):
                if (
                    t.lower_ in self.determiners
                    or not has_noun
                    or (j + 1 < end and self._np_word(doc[j + 1]))
                ):
                    if (
                        t.lower_ in self.determiners
                        and has_noun
                        and t.lower_ not in self.genitive_determiners
                    ):
                        break
                    j += 1
                    continue
            break
        if not has_noun:
            return None
        # trailing lowercase words are not part of the phrase
        while j > i and not self.marks_noun(doc[j - 1].text):
            j -= 1
        if j <= i:
            return None
        if apposition and j + 1 < end and doc[j].text == ",":
            nxt = doc[j + 1]
            if nxt.lower_ in self.determiners or (
                self.marks_noun(nxt.text) and nxt.lower_ not in self.adverbial
            ):
                app = self._noun_phrase(j + 1)
                if app and (app[1] >= end or doc[app[1]].text in (",", ".", "!", "?", "–", ")")):
                    after = doc[app[1]] if app[1] < end else None
                    if (
                        after is None
                        or after.text != ","
                        or not self._starts_content(app[1] + 1, end)
                    ):
                        return (i, app[1])
        return (i, j)

    def _function_word(self, t) -> bool:
        """Capitalised at the sentence start, yet no noun: "Und", "Haben", "Heute"."""
        low = t.lower_
        return (
            low in self.np_stop
            or low in self.auxiliaries
            or low in self.lex.finite
            or low in self.lex.joined
            or low in self.subordinators
            or low in self.non_content
        )

    def _starts_content(self, k: int, end: int) -> bool:
        return k < end and (k + 1 >= end or self.doc[k].lower_ in self.subordinators)

    # -- pronoun and role-noun speakers ---------------------------------------------------

    def _resolve(self) -> None:
        doc = self.doc
        persons = [e for e in doc.ents if e.label_ == "PER"]
        self._person_ends = [p.end_char for p in persons]
        self._named = self._named_speakers()
        self._named_starts = [sp.start for sp in self._named]
        resolved = []
        for n, event in enumerate(self.events):
            if event.source is None:
                resolved.append(event)
                continue
            phrase = doc[event.source[0] : event.source[1]]
            if not self._needs_resolution(phrase):
                resolved.append(event)
                continue
            target = self._antecedent(phrase, persons, n)
            resolved.append(replace(event, resolved=target) if target else event)
        self.events = resolved

    def _named_speakers(self) -> list[Span]:
        """The speaker phrases that name someone, in text order (computed once: linear)."""
        doc, named = self.doc, []
        for event in self.events:
            if event.source is None:
                continue
            span = doc[event.source[0] : event.source[1]]
            if self._needs_resolution(span):
                continue
            if any(
                self.marks_noun(t.text)
                and not self.lex.is_role_noun(t.text)
                and t.lower_ not in self.determiners
                for t in span
            ):
                named.append(span)
        named.sort(key=lambda sp: sp.start)
        return named

    def _needs_resolution(self, phrase: Span) -> bool:
        words = [t for t in phrase if not t.is_punct]
        if len(words) == 1 and words[0].lower_ in self.speaker_pronouns:
            return True
        names = [
            t
            for t in words
            if self.marks_noun(t.text)
            and not self.lex.is_role_noun(t.text)
            and t.lower_ not in self.determiners
        ]
        roles = [t for t in words if self.lex.is_role_noun(t.text)]
        return bool(roles) and not names and words[0].lower_ in self.determiners

    def _antecedent(self, phrase: Span, persons: list[Span], n: int) -> tuple[int, int] | None:
        """The nearest named person before ``phrase`` (an entity, else a named speaker).

        Both lookups bisect sorted lists and look back a bounded window, so resolving
        every speaker of a Doc stays linear in its length."""
        roles = [t.lower_ for t in phrase if self.lex.is_role_noun(t.text)]
        if persons:
            k = bisect_right(self._person_ends, phrase.start_char)
            if k:
                p = persons[k - 1]
                return p.start_char, p.end_char
            return None
        k = bisect_right(self._named_starts, phrase.start)
        window = [
            sp for sp in self._named[max(0, k - ANTECEDENT_WINDOW) : k] if sp.end <= phrase.start
        ]
        if not window:
            return None
        compatible = [
            sp
            for sp in window
            if not roles or any(r in t.lower_ or t.lower_.endswith(r) for r in roles for t in sp)
        ] or window
        span = compatible[-1]
        return span.start_char, span.end_char
