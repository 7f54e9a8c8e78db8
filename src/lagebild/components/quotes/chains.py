"""Reported-speech chains: after "X sagte, …" or "laut X …", the following sentences in
Konjunktiv I without a cue of their own continue X's speech ("Die Lage sei ernst, sagte die
Ministerin. Man werde alle Optionen prüfen."). After direct speech whose marks were lost, a
following sentence in the first person continues it too ("…, sagte X. Wir werden …").

One pass over the sentences, so linear in the Doc."""

from __future__ import annotations

from dataclasses import replace

from .lexicon import SpeechEvent


def extend_chains(finder) -> list[SpeechEvent]:
    """New events for the cue-less sentences that continue the speech before them."""
    doc, sentences = finder.doc, finder.sentences
    # Konjunktiv II of the auxiliaries and "demnach" also carry on a report
    subjunctive2 = set(finder.lex.rules["chain_subjunctive"]) | set(
        finder.lex.rules["chain_adverbs"]
    )
    last_event: dict[int, SpeechEvent] = {}  # sentence -> the last speech ending in it
    covered = [False] * len(sentences)
    for event in sorted(finder.events, key=lambda e: e.content or (0, 0)):
        span = doc.char_span(*event.content, alignment_mode="expand") if event.content else None
        if span is None:
            continue
        first, last = finder.sent_of.get(span.start, 0), finder.sent_of.get(span.end - 1, 0)
        for n in range(first, last + 1):
            covered[n] = True
        if event.source is not None:
            last_event[last] = event
    added, current = [], None
    for n, (start, end) in enumerate(sentences):
        if covered[n]:
            current = last_event.get(n)
            continue
        kind = _continues(finder, start, end, current, subjunctive2) if current else None
        content = finder._content(start, end - 1) if kind else None
        if content is None:
            current = None
            continue
        event = replace(current, kind=kind, cue=(), content=content, origin="chain")
        added.append(event)
        current = event
    return added


def _continues(finder, start: int, end: int, current: SpeechEvent, subjunctive2: set[str]):
    """The kind of speech sentence ``start:end`` continues, or None when it does not."""
    words = [t for t in finder.doc[start:end]]
    if any(t.lower_ in subjunctive2 or finder.lex.is_konjunktiv1(t.text) for t in words):
        return "indirect"
    if current.kind == "direct" and any(t.lower_ in finder.first_person for t in words):
        return "direct"
    return None
