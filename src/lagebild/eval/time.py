"""Temporal tagging evaluation on WikiWarsDE: ``lagebild eval time``.

WikiWarsDE (22 German Wikipedia articles on wars, TIMEX2) comes in three forms: ``in/`` the
raw SGML, ``keyinline/`` the same with inline ``<TIMEX2 val=...>`` tags, ``key/`` standoff
APF whose ``START``/``END`` are UTF-8 *byte* offsets (END inclusive) into the tag-stripped
SGML. The reader takes spans and values from ``keyinline/`` and checks every span against
the byte offsets of ``key/``.

The first TIMEX2 of a document is its creation date (in ``<DATETIME>``): it becomes the
reference date and is not scored. Only the ``<TEXT>`` body is tagged.

Scores (system spans against gold spans, each matched at most once, in text order):

- strict span: same start and end;
- relaxed span: overlapping;
- value: a relaxed match whose values agree (TIMEX2 ``BC0490`` and ``BC490`` are the same
  year, and are compared as such);

each as precision (over system expressions), recall (over gold expressions) and F1, plus
milliseconds per document for the time tagger alone, the tokenizer and the sentence splitter
(best of several runs, wall-clock and CPU time), with the tagger's time as a ratio to the
tokenizer's (machines here are noisy; ratios hold).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import click

from ..components.times import ANCHORINGS
from . import data_dir

_TAG = re.compile(r"<[^>]+>")
_TIMEX = re.compile(r"<TIMEX2\b([^>]*)>|</TIMEX2>|<[^>]+>")
_VAL = re.compile(r'\bval="([^"]*)"')
_CHARSEQ = re.compile(r'<charseq START="(\d+)" END="(\d+)"')


@dataclass
class GoldTimex:
    start: int
    end: int
    value: str | None


@dataclass
class Document:
    id: str
    text: str  # the <TEXT> body
    created: dt.date
    gold: list[GoldTimex] = field(default_factory=list)


def wikiwarsde_dir() -> Path:
    return data_dir() / "time" / "wikiwarsde"


def read_keyinline(path: Path) -> tuple[str, list[GoldTimex]]:
    """The tag-stripped text and the TIMEX2 spans (character offsets into it), in order."""
    raw = path.read_text(encoding="utf-8")
    out: list[str] = []
    length = 0
    stack: list[tuple[int, str | None]] = []
    timexes: list[GoldTimex] = []
    position = 0
    for m in _TIMEX.finditer(raw):
        chunk = raw[position : m.start()]
        out.append(chunk)
        length += len(chunk)
        position = m.end()
        tag = m.group(0)
        if tag.startswith("<TIMEX2"):
            val = _VAL.search(m.group(1) or "")
            stack.append((length, val.group(1) if val else None))
        elif tag == "</TIMEX2>":
            start, value = stack.pop()
            timexes.append(GoldTimex(start, length, value))
    out.append(raw[position:])
    timexes.sort(key=lambda t: (t.start, t.end))
    return "".join(out), timexes


def check_against_key(text: str, timexes: list[GoldTimex], key: Path) -> None:
    """Each span must sit at the key's UTF-8 byte offsets (END inclusive)."""
    spans = sorted((int(s), int(e) + 1) for s, e in _CHARSEQ.findall(key.read_text("utf-8")))
    ours = sorted(
        (len(text[: t.start].encode("utf-8")), len(text[: t.end].encode("utf-8"))) for t in timexes
    )
    if spans != ours:
        raise ValueError(f"{key.name}: inline and standoff annotations disagree")


def read_wikiwarsde(folder: Path | None = None, check: bool = True) -> list[Document]:
    folder = folder or wikiwarsde_dir()
    documents = []
    for path in sorted((folder / "keyinline").glob("*.key.xml")):
        doc_id = path.name.split(".")[0]
        text, timexes = read_keyinline(path)
        if check:
            check_against_key(text, timexes, folder / "key" / f"{doc_id}.key.apf.xml")
        creation, *rest = timexes
        created = dt.date.fromisoformat(creation.value[:10])
        raw = path.read_text(encoding="utf-8")
        # the <TEXT> body, in tag-stripped offsets
        body_start = len(_TAG.sub("", raw[: raw.index("<TEXT>")]))
        body_end = len(_TAG.sub("", raw[: raw.index("</TEXT>")]))
        gold = [
            GoldTimex(t.start - body_start, t.end - body_start, t.value)
            for t in rest
            if body_start <= t.start and t.end <= body_end
        ]
        documents.append(Document(doc_id, text[body_start:body_end], created, gold))
    return documents


_BC_YEAR = re.compile(r"^BC0(\d{3})(?=-|$)")


def normalise_value(value: str | None) -> str | None:
    if value is None:
        return None
    return _BC_YEAR.sub(r"BC\1", value.strip())


def _prf(correct: int, n_system: int, n_gold: int) -> dict:
    p = correct / n_system if n_system else 0.0
    r = correct / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def match(system: list, gold: list[GoldTimex]) -> list[tuple[int, int]]:
    """One-to-one overlapping pairs (system index, gold index), greedily in text order;
    an exact match is preferred over a mere overlap."""
    pairs, used = [], set()
    for i, s in enumerate(system):
        overlapping = [
            j for j, g in enumerate(gold) if j not in used and s.start < g.end and g.start < s.end
        ]
        if not overlapping:
            continue
        exact = [j for j in overlapping if (gold[j].start, gold[j].end) == (s.start, s.end)]
        j = (exact or overlapping)[0]
        used.add(j)
        pairs.append((i, j))
    return pairs


def score(documents: list[Document], predictions: list[list]) -> dict:
    """Strict span, relaxed span and value P/R/F1 over all documents.

    ``predictions[i]`` is a list of objects with ``start``, ``end`` and ``value``.
    """
    n_system = n_gold = strict = relaxed = values = 0
    for doc, system in zip(documents, predictions, strict=True):
        system = sorted(system, key=lambda s: (s.start, s.end))
        n_system += len(system)
        n_gold += len(doc.gold)
        for i, j in match(system, doc.gold):
            relaxed += 1
            s, g = system[i], doc.gold[j]
            strict += (s.start, s.end) == (g.start, g.end)
            values += normalise_value(s.value) == normalise_value(g.value) and g.value is not None
    return {
        "documents": len(documents),
        "gold": n_gold,
        "system": n_system,
        "strict": _prf(strict, n_system, n_gold),
        "relaxed": _prf(relaxed, n_system, n_gold),
        "value": _prf(values, n_system, n_gold),
    }


def tag(documents: list[Document], anchoring: str = "auto", repeat: int = 1):
    """System expressions per document, and seconds per document for the tokenizer, the
    sentence splitter and the time tagger, as wall-clock time and as the process's CPU
    time (each the best of ``repeat`` runs; CPU time is what a busy, shared machine
    disturbs least)."""
    from ..components.times import TIMES
    from ..pipeline import blank_pipeline

    nlp = blank_pipeline("de")
    sentences = nlp.add_pipe("lagebild_sentences")
    tagger = nlp.add_pipe(TIMES, config={"anchoring": anchoring})
    stages = ("tokenizer", "sentences", "times")
    clocks = {"wall": time.perf_counter, "cpu": time.process_time}
    best = {clock: dict.fromkeys(stages, float("inf")) for clock in clocks}
    predictions = []
    for _ in range(repeat):
        predictions = []
        spent = {clock: dict.fromkeys(stages, 0.0) for clock in clocks}
        for document in documents:
            marks = [{c: f() for c, f in clocks.items()}]
            doc = nlp.make_doc(document.text)
            doc._.lagebild_published = document.created
            marks.append({c: f() for c, f in clocks.items()})
            doc = sentences(doc)
            marks.append({c: f() for c, f in clocks.items()})
            doc = tagger(doc)
            marks.append({c: f() for c, f in clocks.items()})
            for clock in clocks:
                for k, stage in enumerate(stages):
                    spent[clock][stage] += marks[k + 1][clock] - marks[k][clock]
            predictions.append(
                [
                    _Predicted(s.start_char, s.end_char, s._.lagebild_timex["value"], s.text)
                    for s in doc.spans[tagger.spans_key]
                ]
            )
        for clock in clocks:
            for stage in stages:
                best[clock][stage] = min(best[clock][stage], spent[clock][stage] / len(documents))
    return predictions, best


@dataclass
class _Predicted:
    start: int
    end: int
    value: str | None
    text: str = ""


def evaluate(folder: Path | None = None, anchoring: str = "auto", repeat: int = 3) -> dict:
    """The figures of ``lagebild eval time`` as a dict."""
    documents = read_wikiwarsde(folder)
    predictions, seconds = tag(documents, anchoring, repeat)
    figures = score(documents, predictions)
    for clock, key in (("wall", "ms_per_document"), ("cpu", "cpu_ms_per_document")):
        figures[key] = {k: round(v * 1000, 2) for k, v in seconds[clock].items()}
        figures[key]["total"] = round(sum(seconds[clock].values()) * 1000, 2)
    total = sum(seconds["wall"].values())
    figures["documents_per_second"] = round(1 / total, 1) if total else None
    figures["times_to_tokenizer"] = round(seconds["cpu"]["times"] / seconds["cpu"]["tokenizer"], 3)
    return figures


def errors(folder: Path | None = None, anchoring: str = "auto") -> list[dict]:
    """Every disagreement, for reading: missed, spurious and wrong-value expressions."""
    documents = read_wikiwarsde(folder)
    predictions, _ = tag(documents, anchoring)
    out = []
    for doc, system in zip(documents, predictions, strict=True):
        pairs = match(system, doc.gold)
        matched_s = {i for i, _ in pairs}
        matched_g = {j for _, j in pairs}
        for i, j in pairs:
            s, g = system[i], doc.gold[j]
            if normalise_value(s.value) != normalise_value(g.value):
                out.append(
                    {
                        "doc": doc.id,
                        "error": "value",
                        "text": s.text,
                        "gold_text": doc.text[g.start : g.end],
                        "value": s.value,
                        "gold": g.value,
                        "context": _context(doc.text, g.start, g.end),
                    }
                )
        for i, s in enumerate(system):
            if i not in matched_s:
                out.append(
                    {
                        "doc": doc.id,
                        "error": "spurious",
                        "text": s.text,
                        "value": s.value,
                        "context": _context(doc.text, s.start, s.end),
                    }
                )
        for j, g in enumerate(doc.gold):
            if j not in matched_g:
                out.append(
                    {
                        "doc": doc.id,
                        "error": "missed",
                        "gold_text": doc.text[g.start : g.end],
                        "gold": g.value,
                        "context": _context(doc.text, g.start, g.end),
                    }
                )
    return out


def _context(text: str, start: int, end: int, width: int = 60) -> str:
    return (
        text[max(0, start - width) : start] + "[" + text[start:end] + "]" + text[end : end + width]
    ).replace("\n", " ")


@click.command("time")
@click.option(
    "--anchoring",
    default="auto",
    show_default=True,
    type=click.Choice(ANCHORINGS),
)
@click.option("--repeat", default=3, show_default=True, help="Timing runs (best is kept).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--errors", "show_errors", is_flag=True, help="Print every disagreement (JSONL).")
def command(anchoring: str, repeat: int, as_json: bool, show_errors: bool) -> None:
    """Temporal expressions on WikiWarsDE: strict/relaxed span and value P/R/F1, speed."""
    if show_errors:
        for item in errors(anchoring=anchoring):
            click.echo(json.dumps(item, ensure_ascii=False))
        return
    figures = evaluate(anchoring=anchoring, repeat=repeat)
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    click.echo(
        f"WikiWarsDE: {figures['documents']} documents, {figures['gold']} gold, "
        f"{figures['system']} system expressions"
    )
    click.echo(f"{'':10} {'P':>7} {'R':>7} {'F1':>7}")
    for name in ("strict", "relaxed", "value"):
        row = figures[name]
        click.echo(f"{name:10} {row['precision']:7.3f} {row['recall']:7.3f} {row['f1']:7.3f}")
    ms, cpu = figures["ms_per_document"], figures["cpu_ms_per_document"]
    click.echo(
        f"time tagger: {cpu['times']:.1f} ms CPU per document "
        f"({figures['times_to_tokenizer']:.2f}× spaCy's tokenizer, {cpu['tokenizer']:.1f} ms); "
        f"with tokenizer and sentences {cpu['total']:.1f} ms CPU, {ms['total']:.1f} ms wall "
        f"({figures['documents_per_second']} documents/s)"
    )
