"""``lagebild eval names``: precision and recall of the name-variant matcher on a pair set
written before the matcher (``data/names-pairs.tsv``: people, places, organisations; true
variants and look-alike negatives). The pair set ships with the package: it holds no news text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from ..errors import UsageError

PAIRS = Path(__file__).parent / "data" / "names-pairs.tsv"
ARTICLE_SETS = {
    "main": Path(__file__).parent / "data" / "names-articles.jsonl",
    "heldout": Path(__file__).parent / "data" / "names-articles-heldout.jsonl",
}


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    type: str
    same: bool
    note: str


def read_pairs(path: Path = PAIRS) -> list[Pair]:
    pairs = []
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x and x[0] != "#"]
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) < 4 or fields[3] not in {"0", "1"}:
            raise UsageError(f"{path}: pair line {number} needs a, b, type, gold 0/1")
        pairs.append(
            Pair(
                fields[0],
                fields[1],
                fields[2],
                fields[3] == "1",
                fields[4:5][0] if len(fields) > 4 else "",
            )
        )
    return pairs


def score(pairs: list[Pair]) -> dict:
    """Pairwise precision/recall of compare(); errors listed for inspection."""
    from ..kb.names import compare

    tp = fp = fn = 0
    errors = []
    for pair in pairs:
        match = compare(pair.a, pair.b, pair.type)
        tp += bool(match) and pair.same
        fp += bool(match) and not pair.same
        fn += not match and pair.same
        if bool(match) != pair.same:
            errors.append((pair, match))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {
        "pairs": len(pairs),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": precision,
        "recall": recall,
        "errors": errors,
    }


@click.command("names")
@click.option(
    "--pairs",
    "path",
    type=click.Path(path_type=Path),
    default=PAIRS,
    show_default=True,
    help="TSV of name pairs: a, b, type, gold (1 same, 0 different), note.",
)
@click.option("--errors/--no-errors", default=False, help="List the pairs the matcher gets wrong.")
@click.option(
    "--store",
    "store",
    is_flag=True,
    help="Also ingest the short articles of data/names-articles.jsonl into a fresh store "
    "(with and without variant matching) and score the stored entities pairwise.",
)
@click.option(
    "--articles",
    type=click.Choice(sorted(ARTICLE_SETS)),
    default="main",
    show_default=True,
    help="The articles of --store: main (23, written after the matcher) or heldout (35, "
    "written later and never tuned on).",
)
def command(path: Path, errors: bool, store: bool, articles: str) -> None:
    """Name-variant matcher: precision/recall on a pair set of variants and look-alikes."""
    if not path.is_file():
        raise UsageError(f"{path}: no such pair file")
    result = score(read_pairs(path))
    click.echo(
        f"pairs {result['pairs']}  tp {result['tp']}  fp {result['fp']}  fn {result['fn']}  "
        f"precision {result['precision']:.3f}  recall {result['recall']:.3f}"
    )
    for pair, match in result["errors"] if errors else []:
        kind = "FP" if match else "FN"
        why = f" ({match.rule} {match.score})" if match else ""
        click.echo(f"{kind} {pair.type} {pair.a} | {pair.b}{why}  # {pair.note}")
    if store:
        _store_check(ARTICLE_SETS[articles])


def _store_check(path: Path) -> None:
    from .names_store import run

    for variants in (False, True):
        r = run(path, variants=variants)
        label = "variant matching" if variants else "exact names only"
        click.echo(
            f"store ({label}): {r['articles']} articles, {r['entities']} gold-named entities, "
            f"{r['gold_pairs']} gold cross-article pairs  precision {r['precision']:.3f}  "
            f"recall {r['recall']:.3f}  ingest {r['ingest_s']:.2f} s"
        )
