"""Write the fast NER model's training and validation sets as spaCy DocBins.

    python training/ner_fast/prepare.py OUT_DIR [--extra hipe,europeana] [--augment N]

Validation (10 % of the GermEval test split, fixed seed) is carved from the training
material before anything else; augmentation and extra corpora touch the training part only.
GermEval dev is never used.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import spacy
from spacy.tokens import Doc, DocBin, Span

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpora  # noqa: E402

from lagebild.bio import bio_spans  # noqa: E402


def to_docbin(nlp, examples) -> DocBin:
    docbin = DocBin(store_user_data=False)
    for words, labels in examples:
        doc = Doc(nlp.vocab, words=words)
        doc.ents = [Span(doc, s, e, label=k) for s, e, k in bio_spans(labels)]
        docbin.add(doc)
    return docbin


@click.command()
@click.argument("out_dir", type=click.Path(path_type=Path))
@click.option("--extra", default="", help="comma-separated extra corpora: hipe, europeana")
@click.option("--augment", default=0, type=int, help="entity-substitution copies per sentence")
@click.option("--val-fraction", default=0.1, type=float)
@click.option("--seed", default=13, type=int)
def main(out_dir: Path, extra: str, augment: int, val_fraction: float, seed: int) -> None:
    nlp = spacy.blank("de")
    train, val = corpora.split(corpora.germeval_test(), val_fraction, seed)
    pool = corpora.entity_pool(train)
    if augment:
        train = train + corpora.substitute(train, pool, augment, seed)
    for name in filter(None, extra.split(",")):
        train = train + getattr(corpora, name)()
    out_dir.mkdir(parents=True, exist_ok=True)
    to_docbin(nlp, train).to_disk(out_dir / "train.spacy")
    to_docbin(nlp, val).to_disk(out_dir / "val.spacy")
    n_words = sum(len(w) for w, _ in train)
    click.echo(f"train: {len(train)} sentences, {n_words} words; validation: {len(val)} sentences")


if __name__ == "__main__":
    main()
