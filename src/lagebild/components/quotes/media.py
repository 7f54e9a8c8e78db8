"""Sources named as a medium or a document: "In der kasachischen Presse gilt es als
selbstverständlich, dass …", "In einem offenen Brief heißt es, dass …". The word lists
(prepositions, media nouns, verbs, complementizers) are ``media_source`` in ``quotes.json``."""

from __future__ import annotations

from .lexicon import SpeechEvent


def media_events(finder) -> list[SpeechEvent]:
    """One event per sentence "in <medium> … <verb> …, dass <content>"; linear in the Doc."""
    rules = finder.lex.rules["media_source"]
    preps, nouns, verbs = set(rules["prepositions"]), set(rules["nouns"]), set(rules["verbs"])
    complementizers = set(rules["complementizers"])
    doc, events = finder.doc, []
    for start, end in finder.sentences:
        source = verb = None
        for i in range(start, end):
            t = doc[i]
            if source is None and t.lower_ in preps:
                phrase = finder._noun_phrase(i + 1)
                if phrase and phrase[1] <= end and doc[phrase[1] - 1].text in nouns:
                    source = phrase
            elif source is not None and verb is None and t.lower_ in verbs:
                verb = i
            elif verb is not None and t.lower_ in complementizers and doc[i - 1].text == ",":
                content = finder._content(i, end - 1)
                if content and not finder._in_covered(i + 1):
                    events.append(SpeechEvent("indirect", (verb,), source, content))
                break
    return events
