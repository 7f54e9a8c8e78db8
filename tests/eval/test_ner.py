"""``lagebild eval ner``: the shipped models against floors on a fixed GermEval dev sample,
and the accurate model on the reference article's names."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from lagebild.components.entities import DEFAULT_PATHS, MODELS_ROOT
from lagebild.eval import germeval
from lagebild.eval.ner import command, evaluate_ner

SAMPLE = 500  # the first 500 GermEval 2014 dev sentences (9,250 words)
# Micro F1 on the sample a little under the measured figure (see training/ner_fast/README.md
# and training/ner_accurate/README.md); a regression below it fails.
FLOORS = {"fast": 0.69, "accurate": 0.81}

REFERENCE_NAMES = {
    "PER": [
        "Wladimir Putin", "Kasim-Jomart Tokajew", "Juri Uschakow", "Almasadam Stakalev",
        "Alibek Tazhibajew", "Dosim Satpaev", "Berik Uali",
    ],
    "LOC": [
        "Russland", "Ukraine", "Kursk", "Kasachstan", "Astana", "Moskau", "Usbekistan",
        "Westsibirien", "China", "Frankreich", "Südkorea", "Kasan",
    ],
    "ORG": [
        "Gazprom", "Lukoil", "Yandex", "Rosatom", "CNNC", "EDF", "KHNP", "OVKS", "BRICS",
    ],
}  # fmt: skip


def installed(model: str) -> bool:
    folder = MODELS_ROOT / DEFAULT_PATHS[model]
    return folder.is_dir() and any(folder.iterdir())


def germeval_or_skip():
    try:
        germeval.germeval_path("dev")
    except Exception as error:
        pytest.skip(f"GermEval data not available: {error}")


@pytest.mark.slow
@pytest.mark.parametrize("model", ["fast", "accurate"])
def test_ner_model_scores_above_floor(model):
    germeval_or_skip()
    if not installed(model):
        pytest.skip(f"{model} entity model not installed")
    result = evaluate_ner(model=model, limit=SAMPLE)
    assert result["sentences"] == SAMPLE
    assert result["micro"]["f1"] >= FLOORS[model], germeval.format_scores(result)


@pytest.mark.slow
def test_ner_accurate_reference_article_names(reference_text):
    if not installed("accurate"):
        pytest.skip("accurate entity model not installed")
    from lagebild.pipeline import build_pipeline

    nlp = build_pipeline("de", "accurate")
    doc = nlp(reference_text)
    found: dict[str, set[str]] = {}
    for ent in doc.ents:
        found.setdefault(ent.text, set()).add(ent.label_)
    wrong = []
    for label, names in REFERENCE_NAMES.items():
        for name in names:
            if found.get(name) != {label}:
                wrong.append(f"{name}: expected {label}, found {sorted(found.get(name, []))}")
    assert not wrong, "\n".join(wrong)


def test_ner_command_reports_figures(monkeypatch):
    def fake(model, limit):
        gold = [[(0, 2, "PER"), (3, 4, "LOC")]]
        scores = germeval.score_spans(gold, [[(0, 2, "PER")]])
        return {
            "model": model, "split": "dev", "sentences": 1, "words": 5, **scores,
            "seconds": 0.5, "words_per_second": 10.0, "peak_rss_mb": 100.0,
        }  # fmt: skip

    monkeypatch.setattr("lagebild.eval.ner.evaluate_ner", fake)
    result = CliRunner().invoke(command, ["--model", "fast", "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert "micro" in result.output and "words/s" in result.output
    assert "0.667" in result.output  # F1 of P 1.0, R 0.5


def test_ner_command_missing_model_is_one_line(monkeypatch):
    def broken(model, limit):
        raise FileNotFoundError("accurate entity model not found in /nowhere")

    monkeypatch.setattr("lagebild.eval.ner.evaluate_ner", broken)
    result = CliRunner().invoke(command, ["--model", "accurate"])
    assert result.exit_code != 0
    assert "not found" in result.output and "Traceback" not in result.output


def test_word_offsets_point_into_the_joined_text():
    from lagebild.eval.ner import word_offsets

    words = ["Putin", "reist", "nach", "Astana", "."]
    text = " ".join(words)
    assert [text[a:b] for a, b in word_offsets(words)] == words


def test_raw_text_scores_the_product_close_to_the_recognizer():
    """``--raw``: the same sentences as plain text through the whole pipeline. Misaligned
    character spans would score near zero; the product loses a few points (7 on these 60
    sentences with the fast model)."""
    germeval_or_skip()
    if not installed("fast"):
        pytest.skip("fast entity model not installed")
    from lagebild.eval.ner import evaluate_raw

    raw = evaluate_raw(model="fast", limit=60)
    tokens = evaluate_ner(model="fast", limit=60)
    assert raw["sentences"] == 60 and raw["micro"]["gold"] == tokens["micro"]["gold"]
    assert raw["micro"]["f1"] >= tokens["micro"]["f1"] - 0.15, germeval.format_scores(raw)
