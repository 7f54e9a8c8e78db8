"""Score a trained NER model with and without the gazetteer rule layer.

    python training/ner_fast/ablate.py MODEL_PATH [--model fast|accurate] [--split val,dev]

``val`` is the validation part carved from the training material (the only split used to
choose settings); ``dev`` is GermEval 2014 dev, held out and only reported.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpora  # noqa: E402

from lagebild.eval import germeval  # noqa: E402
from lagebild.eval.ner import build_recognizer, score_sentences  # noqa: E402

_OFF = {"rules_persons": False, "rules_acronyms": False, "rules_parallel": False}
VARIANTS = {
    "model": {"rules": False},
    "+retype": {"rules": True, "rules_retype": True, "rules_add": False, **_OFF},
    "+add": {"rules": True, "rules_retype": False, "rules_add": True, **_OFF},
    "+retype+add": {"rules": True, "rules_retype": True, "rules_add": True, **_OFF},
    "+retype+add+persons": {"rules": True, **_OFF, "rules_persons": True},
    "+retype+add+acronyms": {"rules": True, **_OFF, "rules_acronyms": True},
    "+retype+add+parallel": {"rules": True, **_OFF, "rules_parallel": True},
    "all rules": {"rules": True},
    "all rules but parallel": {"rules": True, "rules_parallel": False},
}


def sentences(split: str, seed: int = 13) -> list[germeval.Sentence]:
    if split == "val":
        _, val = corpora.split(corpora.germeval_test(), 0.1, seed)
        return [germeval.Sentence(w, lab) for w, lab in val]
    return germeval.load(split)


@click.command()
@click.argument("path", required=False)
@click.option("--model", default="fast")
@click.option("--split", "splits", default="val,dev")
@click.option("--variants", default=",".join(VARIANTS))
@click.option(
    "--seed", default=13, help="validation split seed: 13 (fast model), 0 (accurate model)"
)
def main(path: str | None, model: str, splits: str, variants: str, seed: int) -> None:
    for split in splits.split(","):
        data = sentences(split, seed)
        for name in variants.split(","):
            settings = dict(VARIANTS[name])
            if path:
                settings["path"] = path
            nlp, recognizer = build_recognizer(model, **settings)
            r = score_sentences(recognizer, nlp, data)
            t = r["types"]
            row = {
                "split": split,
                "variant": name,
                "micro": round(r["micro"]["f1"], 4),
                **{k: round(t[k]["f1"], 4) for k in t},
                "wps": round(r["words_per_second"]),
            }
            click.echo(json.dumps(row))


if __name__ == "__main__":
    main()
