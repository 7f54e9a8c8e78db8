"""Silver training data for the fast model: unlabelled German text labelled by the
accurate model (self-training / distillation).

    python training/ner_fast/silver.py ACCURATE_MODEL_DIR OUT.spacy [--limit N]

Text (all under ``../shared/data``, licences allow training): SpkAtt-2023 train
(parliamentary speeches, CC BY-SA 4.0), UD German GSD dev (CC BY-SA 4.0) and WikiWarsDE
(CC BY-SA 3.0); optionally the text of HIPE-2022 and Europeana (``historic``).
Not 10kGNAD: it is non-commercial and kept for benchmarks only.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import click
import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))

from prepare import to_docbin  # noqa: E402

from lagebild.eval import data_dir  # noqa: E402


def spkatt() -> list[list[str]]:
    out = []
    for path in sorted((data_dir() / "quotes" / "spkatt2023" / "train").glob("*.json")):
        for sentence in json.loads(path.read_text(encoding="utf-8"))["Sentences"]:
            out.append(sentence["Tokens"])
    return out


def gsd() -> list[list[str]]:
    out, words = [], []
    path = data_dir() / "ud" / "german-gsd" / "de_gsd-ud-dev.conllu"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if words:
                out.append(words)
            words = []
        elif not line.startswith("#"):
            cells = line.split("\t")
            if cells[0].isdigit():
                words.append(cells[1])
    return out


def wikiwars() -> list[list[str]]:
    import lagebild.components  # noqa: F401  (registers lagebild_sentences)

    nlp = spacy.blank("de")
    nlp.add_pipe("lagebild_sentences")
    out = []
    for path in sorted((data_dir() / "time" / "wikiwarsde" / "in").glob("*.sgm")):
        text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8", errors="replace"))
        text = re.sub(r"[ \t]+", " ", text)
        for sent in nlp(text).sents:
            words = [t.text for t in sent if not t.is_space]
            if 3 <= len(words) <= 120:
                out.append(words)
    return out


def historic() -> list[list[str]]:
    """The text of HIPE-2022 and Europeana (their own labels follow other guidelines)."""
    import corpora

    return [words for words, _ in corpora.hipe() + corpora.europeana()]


SOURCES = {"spkatt": spkatt, "gsd": gsd, "wikiwars": wikiwars, "historic": historic}


@click.command()
@click.argument("model_dir", type=click.Path(exists=True, path_type=Path))
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--sources", default="spkatt,gsd,wikiwars", show_default=True)
@click.option("--limit", type=int, default=None)
def main(model_dir: Path, out: Path, sources: str, limit: int | None) -> None:
    from lagebild.transformer import TokenClassifier

    sentences = [s for name in sources.split(",") for s in SOURCES[name]()]
    sentences = [s for s in sentences if 0 < len(s) <= 150][:limit]
    classifier = TokenClassifier(model_dir)
    started = time.perf_counter()
    labels = []
    for k in range(0, len(sentences), 256):
        labels.extend(classifier.predict(sentences[k : k + 256]))
        click.echo(f"{k + 256}/{len(sentences)} {time.perf_counter() - started:.0f}s", err=True)
    to_docbin(spacy.blank("de"), list(zip(sentences, labels, strict=True))).to_disk(out)
    n_ents = sum(lab.startswith("B-") for ls in labels for lab in ls)
    click.echo(f"{len(sentences)} sentences, {n_ents} entities -> {out}")


if __name__ == "__main__":
    main()
