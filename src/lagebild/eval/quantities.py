"""Quantity evaluation: ``lagebild eval quantities``.

The test sets (``eval/data/quantities*.<lang>.jsonl``, written for this project) hold German
sentences, each with its expected quantities: span text, kind, value, unit, approx, bound and,
for ranges, value_max; sentences of dates, times, durations, ages, ordinals, phone, version,
ID and page numbers expect none. A found quantity is right when it overlaps an expected one of
the same kind, unit and value (and upper end, for ranges). Unmatched found quantities count as
false positives of their kind, unmatched expected ones as false negatives of theirs.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import click

from ..defaults import DEFAULT_LANGUAGE, DEFAULT_MODEL
from ..options import lang_option, model_option
from ..pipeline import blank_pipeline, build_pipeline

KINDS = ("money", "percent", "measure", "count")


DATA = Path(str(resources.files("lagebild.eval") / "data"))
TEST_SETS = {
    "main": "quantities.{lang}.jsonl",  # 194 sentences: every family and the negatives
    "heldout": "quantities-heldout.{lang}.jsonl",  # 88 more, written after the first rules
    "blind": "quantities-blind.{lang}.jsonl",  # 68 more, written after the second round
    "blind2": "quantities-blind2.{lang}.jsonl",  # 45 more, written after the third round
}


def test_set_path(lang: str = "de", name: str = "main") -> Path:
    return DATA / TEST_SETS[name].format(lang=lang)


def load_examples(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@dataclass
class Result:
    counts: dict[str, Counter] = field(default_factory=lambda: {k: Counter() for k in KINDS})
    exact_spans: int = 0
    same_qualification: int = 0
    errors: list[str] = field(default_factory=list)

    def figures(self, kind: str | None = None) -> dict:
        c = Counter()
        for k in [kind] if kind else KINDS:
            c.update(self.counts[k])
        tp, fp, fn = c["tp"], c["fp"], c["fn"]
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def _same(found: dict, gold: dict) -> bool:
    return (
        found["kind"] == gold["kind"]
        and found["unit"] == gold["unit"]
        and math.isclose(found["value"], gold["value"], rel_tol=1e-6)
        and _same_number(found.get("value_max"), gold.get("value_max"))
    )


def _same_number(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6)


def score(examples: list[dict], nlp) -> dict:
    """P/R/F1 per kind and overall, plus span and qualifier agreement on the matches."""
    result = Result()
    for example in examples:
        text = example["text"]
        doc = nlp(text)
        found = []
        for span in doc.spans.get("lagebild_quantities", []):
            values = dict(span._.lagebild_quantity)
            values.update(start=span.start_char, end=span.end_char, text=span.text)
            found.append(values)
        gold = []
        for g in example["quantities"]:
            start = text.index(g["text"])
            gold.append({**g, "start": start, "end": start + len(g["text"])})
        unmatched = list(found)
        for g in gold:
            match = next(
                (
                    f
                    for f in unmatched
                    if f["start"] < g["end"] and g["start"] < f["end"] and _same(f, g)
                ),
                None,
            )
            if match is None:
                result.counts[g["kind"]]["fn"] += 1
                result.errors.append(f"missed  {_describe(g)}  in: {text}")
                continue
            unmatched.remove(match)
            result.counts[g["kind"]]["tp"] += 1
            result.exact_spans += match["text"] == g["text"]
            same = match["approx"] == g["approx"] and match.get("bound") == g.get("bound")
            result.same_qualification += same
            if not same:
                result.errors.append(f"qualif. {_describe(match)} expected {_describe(g)}")
        for f in unmatched:
            result.counts[f["kind"]]["fp"] += 1
            result.errors.append(f"wrong   {_describe(f)}  in: {text}")
    matched = result.figures()["tp"]
    return {
        "kinds": {k: result.figures(k) for k in KINDS},
        "overall": result.figures(),
        "sentences": len(examples),
        "expected": sum(len(e["quantities"]) for e in examples),
        "exact_span_rate": result.exact_spans / matched if matched else 0.0,
        "qualification_rate": result.same_qualification / matched if matched else 0.0,
        "errors": result.errors,
    }


def _describe(q: dict) -> str:
    extra = "".join(
        [
            " ~" if q.get("approx") else "",
            f" {q['bound']}" if q.get("bound") else "",
            f"..{q['value_max']}" if q.get("value_max") is not None else "",
        ]
    )
    return f"[{q['text']}] {q['kind']} {q['value']}{extra} {q['unit']}"


def quantity_pipeline(lang: str = "de", model: str = DEFAULT_MODEL, alone: bool = False):
    """The shipped pipeline, or (``alone``) a blank one with only the quantity finder."""
    if not alone:
        return build_pipeline(lang, model)
    nlp = blank_pipeline(lang)
    nlp.add_pipe("lagebild_quantities")
    return nlp


@click.command("quantities")
@lang_option("language of the test sets", default=DEFAULT_LANGUAGE)
@model_option("pipeline model")
@click.option("--alone", is_flag=True, help="run the quantity finder without other components")
@click.option(
    "--set",
    "sets",
    multiple=True,
    type=click.Choice(list(TEST_SETS)),
    help="test set(s); all by default",
)
@click.option("--errors", "show_errors", is_flag=True, help="list every mismatch")
def command(lang: str, model: str, alone: bool, sets: tuple[str, ...], show_errors: bool) -> None:
    """Quantity P/R/F1 by kind on the project's German test sets."""
    nlp = quantity_pipeline(lang, model, alone)
    for name in sets or TEST_SETS:
        path = test_set_path(lang, name)
        r = score(load_examples(path), nlp)
        click.echo(f"{path.name}: {r['sentences']} sentences, {r['expected']} expected quantities")
        click.echo(f"{'kind':<9} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
        for kind, f in [*r["kinds"].items(), ("overall", r["overall"])]:
            click.echo(
                f"{kind:<9} {f['precision']:6.3f} {f['recall']:6.3f} {f['f1']:6.3f} "
                f"{f['tp']:5d} {f['fp']:5d} {f['fn']:5d}"
            )
        click.echo(f"exact spans among matches: {r['exact_span_rate']:.3f}")
        click.echo(f"same approx and bound among matches: {r['qualification_rate']:.3f}")
        if show_errors:
            for line in r["errors"]:
                click.echo(line)
        click.echo()
