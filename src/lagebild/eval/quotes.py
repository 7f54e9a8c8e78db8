"""``lagebild eval quotes``: speech-event cues and sources on SpkAtt-2023 (Task 1).

SpkAtt-2023 annotates speech events (speech, thought, writing) in German parliamentary
speeches: per event the cue word(s) and the roles Source, Message, Addr, Topic, ... as
``"sentence:token"`` ids over given tokens. We rebuild each speech as one Doc from those
tokens and sentences, run the quote finder over it, and compare its speech events
(cue and source) with the gold ones.

Matching rule (the shared task's: token overlap, one-to-one alignment):

- **cues**: within a speech, a predicted cue and a gold cue match when they share at
  least one token; each gold cue is matched to at most one predicted cue and vice versa
  (pairs taken greedily by decreasing overlap). P = matched / predicted cues,
  R = matched / gold cues.
- **sources**: a predicted source is correct when its cue is matched to a gold cue
  whose Source shares at least one token with it. P = correct / predicted events with
  a source, R = correct / gold events with a Source.
- ``proportional`` figures credit partial overlap: for matched pairs the shared token
  count, over the predicted (P) or gold (R) token count.

Only the ``train`` split is used to develop and train; ``dev`` is for this report.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import click
from spacy.language import Language
from spacy.tokens import Doc

from ..defaults import DEFAULT_MODEL
from ..options import model_option
from .news_set import NEWS

SPKATT = Path("quotes") / "spkatt2023"
MATCHING_RULE = (
    "cue: share >= 1 token, one-to-one alignment (greedy by overlap); "
    "source: cue matched and sources share >= 1 token; "
    "proportional: shared tokens / predicted (P) or gold (R) tokens of matched pairs"
)


@dataclass
class Speech:
    """One SpkAtt file: its tokens, sentence starts and gold speech events."""

    name: str
    words: list[str]
    sent_starts: list[int]
    events: list[dict[str, frozenset[int]]] = field(default_factory=list)


def read_spkatt(folder: Path) -> Iterator[Speech]:
    """The speeches in a SpkAtt-2023 Task 1 folder, events as doc-level token indices."""
    for path in sorted(Path(folder).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        words: list[str] = []
        starts: list[int] = []
        offset: dict[int, int] = {}
        for sentence in sorted(data["Sentences"], key=lambda s: int(s["SentenceId"])):
            offset[int(sentence["SentenceId"])] = len(words)
            starts.append(len(words))
            words.extend(sentence["Tokens"])

        def index(ref: str, offset: dict[int, int] = offset) -> int:
            sent, tok = ref.split(":")
            return offset[int(sent)] + int(tok)

        events = [
            {role: frozenset(index(ref) for ref in refs) for role, refs in ann.items() if refs}
            for ann in data["Annotations"]
        ]
        yield Speech(path.stem, words, starts, [e for e in events if "Cue" in e])


def speech_doc(nlp: Language, speech: Speech) -> Doc:
    """A Doc over the speech's own tokens and sentences (no re-tokenisation)."""
    doc = Doc(nlp.vocab, words=speech.words, spaces=[True] * len(speech.words))
    starts = set(speech.sent_starts)
    for i, token in enumerate(doc):
        token.is_sent_start = i in starts
    return doc


def _align(pred: list[frozenset[int]], gold: list[frozenset[int]]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index) of overlapping sets, largest overlap first."""
    candidates = sorted(
        ((len(p & g), i, j) for i, p in enumerate(pred) for j, g in enumerate(gold) if p & g),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


class Counts:
    """Counts for P/R/F1, binary and proportional."""

    def __init__(self) -> None:
        self.pred = self.gold = self.correct = 0
        self.pred_tokens = self.gold_tokens = 0
        self.shared_p = self.shared_g = 0

    def figures(self) -> dict[str, float | int]:
        p = self.correct / self.pred if self.pred else 0.0
        r = self.correct / self.gold if self.gold else 0.0
        pp = self.shared_p / self.pred_tokens if self.pred_tokens else 0.0
        pr = self.shared_g / self.gold_tokens if self.gold_tokens else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(_f1(p, r), 4),
            "proportional_f1": round(_f1(pp, pr), 4),
            "predicted": self.pred,
            "gold": self.gold,
            "correct": self.correct,
        }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_events(
    predicted: list[tuple[frozenset[int], frozenset[int] | None]],
    gold: list[dict[str, frozenset[int]]],
    cues: Counts,
    sources: Counts,
    errors: list | None = None,
) -> None:
    """Add one speech's counts: ``predicted`` are (cue tokens, source tokens or None).
    With ``errors``, append (kind, predicted cue, predicted source, gold event) per miss."""
    pred_cues = [c for c, _ in predicted]
    gold_cues = [g["Cue"] for g in gold]
    pairs = _align(pred_cues, gold_cues)
    cues.pred += len(pred_cues)
    cues.gold += len(gold_cues)
    cues.correct += len(pairs)
    cues.pred_tokens += sum(len(c) for c in pred_cues)
    cues.gold_tokens += sum(len(c) for c in gold_cues)
    for i, j in pairs:
        shared = len(pred_cues[i] & gold_cues[j])
        cues.shared_p += shared
        cues.shared_g += shared
    sources.pred += sum(1 for _, s in predicted if s)
    sources.gold += sum(1 for g in gold if "Source" in g)
    sources.pred_tokens += sum(len(s) for _, s in predicted if s)
    sources.gold_tokens += sum(len(g["Source"]) for g in gold if "Source" in g)
    for i, j in pairs:
        pred_source, gold_source = predicted[i][1], gold[j].get("Source")
        if pred_source and gold_source and pred_source & gold_source:
            sources.correct += 1
            shared = len(pred_source & gold_source)
            sources.shared_p += shared
            sources.shared_g += shared
        elif errors is not None and (pred_source or gold_source):
            errors.append(("source", predicted[i][0], pred_source, gold[j]))
    if errors is not None:
        matched_p = {i for i, _ in pairs}
        matched_g = {j for _, j in pairs}
        errors.extend(
            ("missed cue", None, None, g) for j, g in enumerate(gold) if j not in matched_g
        )
        errors.extend(
            ("spurious cue", c, s, None) for i, (c, s) in enumerate(predicted) if i not in matched_p
        )


def predicted_events(nlp: Language, doc: Doc) -> list[tuple[frozenset[int], frozenset[int] | None]]:
    """The quote finder's speech events on ``doc`` as token-index sets."""
    finder = nlp.get_pipe("lagebild_quotes")
    events = []
    for event in finder.find_events(doc):
        source = frozenset(range(*event.source)) if event.source else None
        events.append((frozenset(event.cue_tokens), source))
    return events


def quote_pipeline(model: str = DEFAULT_MODEL, tagger: str | None = None) -> Language:
    """A pipeline holding only the quote finder, configured as in ``model``."""
    import spacy

    from ..components import quotes as _quotes  # noqa: F401  (registers the factory)
    from ..resources import load_json

    spec = load_json("de", "pipeline.json")
    config = dict(spec.get("models", {}).get(model, {}).get("lagebild_quotes", {}))
    if tagger is not None:
        config["model"] = tagger or None
    nlp = spacy.blank(spec["spacy_lang"])
    nlp.add_pipe("lagebild_quotes", config=config)
    return nlp


def evaluate(folder: Path, nlp: Language | None = None, errors: list | None = None) -> dict:
    """Cue and source P/R/F1 of the quote finder on a SpkAtt-2023 folder. With ``errors``,
    append one readable line per disagreement."""
    if nlp is None:
        nlp = quote_pipeline()
    cues, sources = Counts(), Counts()
    speeches = 0
    for speech in read_spkatt(folder):
        doc = speech_doc(nlp, speech)
        found = [] if errors is not None else None
        score_events(predicted_events(nlp, doc), speech.events, cues, sources, found)
        if errors is not None:
            errors.extend(_describe(doc, speech.name, e) for e in found)
        speeches += 1
    return {
        "data": str(folder),
        "speeches": speeches,
        "rule": MATCHING_RULE,
        "cue": cues.figures(),
        "source": sources.figures(),
    }


def _describe(doc: Doc, name: str, error: tuple) -> str:
    """One line: what went wrong, the words involved and the sentence."""
    kind, cue, source, gold = error

    def words(tokens) -> str:
        return " ".join(doc[i].text for i in sorted(tokens)) if tokens else "-"

    anchor = min(cue) if cue else min(gold["Cue"])
    got = f"cue {words(cue)!r} source {words(source)!r}" if cue is not None else "nothing"
    want = f"cue {words(gold['Cue'])!r} source {words(gold.get('Source'))!r}" if gold else "nothing"
    return f"{name}\t{kind}\tgot {got}\twant {want}\t{doc[anchor].sent.text}"


def _rows(result: dict) -> Iterable[str]:
    yield f"SpkAtt-2023 {result['data']} ({result['speeches']} speeches)"
    yield f"matching rule: {result['rule']}"
    yield f"{'':8}{'P':>8}{'R':>8}{'F1':>8}{'propF1':>8}{'pred':>7}{'gold':>7}"
    for name in ("cue", "source"):
        f = result[name]
        yield (
            f"{name:8}{f['precision']:8.3f}{f['recall']:8.3f}{f['f1']:8.3f}"
            f"{f['proportional_f1']:8.3f}{f['predicted']:7d}{f['gold']:7d}"
        )


@click.command("quotes")
@click.option(
    "--set",
    "which",
    type=click.Choice(["spkatt", "news"]),
    default="spkatt",
    show_default=True,
    help="SpkAtt-2023 (parliament) or the annotated news articles.",
)
@click.option("--split", default="dev", show_default=True, help="SpkAtt-2023 split folder.")
@click.option("--data", "folder", type=click.Path(path_type=Path), help="Explicit folder.")
@model_option("Pipeline model.")
@click.option("--tagger", help="Speech-event tagger to use instead ('' for rules only).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--errors", is_flag=True, help="Also list every disagreement (tab-separated).")
def command(
    which: str,
    split: str,
    folder: Path | None,
    model: str,
    tagger: str | None,
    as_json: bool,
    errors: bool,
) -> None:
    """Speech-event cues and sources on SpkAtt-2023, or quotes and speakers on news."""
    if which == "news":
        _news(model, as_json, errors)
        return
    if folder is None:
        from . import data_dir

        folder = data_dir() / SPKATT / split
    if not folder.is_dir():
        raise click.ClickException(f"no SpkAtt-2023 folder at {folder}")
    found: list[str] | None = [] if errors else None
    result = evaluate(folder, quote_pipeline(model, tagger), found)
    result["model"] = model
    if as_json:
        if found is not None:
            result["errors"] = found
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    for row in _rows(result):
        click.echo(row)
    for line in found or []:
        click.echo(line)


def _news(model: str, as_json: bool, errors: bool) -> None:
    """The news set through the whole pipeline (sentences and entities feed the finder)."""
    from ..pipeline import build_pipeline
    from . import data_dir, quotes_news

    news_file = data_dir() / NEWS
    if not news_file.is_file():
        raise click.ClickException(f"no 10kGNAD news file at {news_file}")
    try:
        articles = quotes_news.read_set(news_file)
    except (ValueError, IndexError) as exc:
        raise click.ClickException(str(exc)) from exc
    found: list[str] | None = [] if errors else None
    result = quotes_news.evaluate(build_pipeline("de", model), articles, found)
    result["model"] = model
    if as_json:
        if found is not None:
            result["errors"] = found
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    for row in quotes_news.rows(result):
        click.echo(row)
    for line in found or []:
        click.echo(line)
