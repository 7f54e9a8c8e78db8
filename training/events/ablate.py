"""The trigger model's ablation on the annotated news sets: the lexicon alone, then the
lexicon with the learned triggers at several thresholds (the README's table).

    python training/events/ablate.py [--sets news heldout heldout2 heldout3]
        [--thresholds 0.7 0.8 0.9 0.97] [--head src/lagebild/models/events-de]

Each row gives type F1 / type+actor+recipient F1 per set, and P/R/F1 of
type+actor+recipient over all the sets together.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from lagebild.components.trigger_model import TriggerModel  # noqa: E402
from lagebild.eval import events_news  # noqa: E402
from lagebild.eval.events import DATA, NEWS_SETS, PARTS, event_pipeline  # noqa: E402
from lagebild.eval.news_set import news_file  # noqa: E402

STAGE = "type+actor+recipient"


def row(nlp, sets: dict) -> str:
    cells, total = [], {"tp": 0, "fp": 0, "fn": 0}
    for name, articles in sets.items():
        stages = events_news.score(articles, nlp)["stages"]
        cells.append(f"{name} {stages['type']['f1']:.3f}/{stages[STAGE]['f1']:.3f}")
        for key in total:
            total[key] += stages[STAGE][key]
    p = total["tp"] / max(total["tp"] + total["fp"], 1)
    r = total["tp"] / max(total["tp"] + total["fn"], 1)
    f1 = 2 * p * r / max(p + r, 1e-9)
    return " | ".join(cells) + f" | all P {p:.3f} R {r:.3f} F1 {f1:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", nargs="+", default=["news", "heldout", "heldout2", "heldout3"])
    parser.add_argument("--thresholds", nargs="+", type=float, default=[0.7, 0.8, 0.9, 0.97])
    parser.add_argument("--head", type=Path, default=ROOT / "src/lagebild/models/events-de")
    args = parser.parse_args()
    path = news_file()
    if path is None or not path.exists():
        raise SystemExit("the 10kGNAD file is not in ../shared/data")
    sets = {name: events_news.read_set(path, DATA / NEWS_SETS[name]) for name in args.sets}
    nlp = event_pipeline("de", "accurate", PARTS, True, True, learned=True)
    coder = nlp.get_pipe("lagebild_events")
    coder.model = TriggerModel(args.head)
    coder.learned = False
    print(f"{'lexicon alone':<22}", row(nlp, sets), flush=True)
    coder.learned = True
    for threshold in args.thresholds:
        coder.model.threshold = threshold
        print(f"{'+ learned at ' + str(threshold):<22}", row(nlp, sets), flush=True)


if __name__ == "__main__":
    main()
