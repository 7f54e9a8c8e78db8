"""Sentence-boundary evaluation: ``lagebild eval sentences``.

Gold sentences are joined into running text (UD German GSD test: its shuffled sentences
concatenated with a space; SpkAtt-2023 dev: each speech's sentences detokenised and
joined with a space — no line breaks, so only punctuation rules are tested). A boundary
is the character offset where a sentence ends, the end of the text excepted; predicted
and gold boundaries are compared exactly.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import click

from ..pipeline import blank_pipeline
from . import data_dir

NO_SPACE_BEFORE = set(".,!?;:)]}…“%") | {"...", "''"}
NO_SPACE_AFTER = set("([{„")


def detokenize(tokens: list[str]) -> str:
    """Plain text from tokens, spaced as in print (straight quotes alternate open/close)."""
    out: list[str] = []
    open_quote = False
    glue_next = False
    for token in tokens:
        glue = glue_next or token in NO_SPACE_BEFORE or (token == '"' and open_quote)
        if token == '"':
            open_quote = not open_quote
        glue_next = token in NO_SPACE_AFTER or (token == '"' and open_quote)
        out.append(token if glue or not out else " " + token)
    return "".join(out)


def join_sentences(sentences: list[str]) -> tuple[str, set[int]]:
    """The running text and its gold boundaries."""
    text, boundaries = "", set()
    for sentence in sentences:
        if text:
            boundaries.add(len(text))
            text += " "
        text += sentence
    return text, boundaries


def ud_documents(path: Path) -> Iterator[list[str]]:
    sentences = [
        line[len("# text = ") :].strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("# text = ")
    ]
    yield sentences


def spkatt_documents(folder: Path) -> Iterator[list[str]]:
    for file in sorted(folder.glob("*.json")):
        data = json.loads(file.read_text(encoding="utf-8"))
        yield [detokenize(s["Tokens"]) for s in data["Sentences"]]


def score(documents, lang: str = "de") -> dict:
    nlp = blank_pipeline(lang)
    nlp.add_pipe("lagebild_sentences")
    true_positive = predicted = gold = words = 0
    started = time.perf_counter()
    for sentences in documents:
        text, boundaries = join_sentences(sentences)
        doc = nlp(text)
        found = {s.end_char for s in doc.sents if s.end_char < len(text.rstrip())}
        found = {_trim(text, end) for end in found}
        true_positive += len(found & boundaries)
        predicted += len(found)
        gold += len(boundaries)
        words += len(doc)
    elapsed = time.perf_counter() - started
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "gold": gold,
        "predicted": predicted,
        "tokens_per_second": words / elapsed if elapsed else 0.0,
    }


def _trim(text: str, end: int) -> int:
    """A sentence ends before the whitespace that follows it."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


@click.command("sentences")
def command() -> None:
    """Sentence-boundary P/R/F1 on UD German GSD test and SpkAtt-2023 dev."""
    root = data_dir()
    corpora = {
        "UD German GSD test": ud_documents(root / "ud/german-gsd/de_gsd-ud-test.conllu"),
        "SpkAtt-2023 dev": spkatt_documents(root / "quotes/spkatt2023/dev"),
    }
    click.echo(f"{'corpus':<20} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'found':>6}")
    for name, documents in corpora.items():
        r = score(documents)
        click.echo(
            f"{name:<20} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} "
            f"{r['gold']:6d} {r['predicted']:6d}"
        )
