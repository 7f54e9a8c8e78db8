"""``lagebild eval quotes --set news``: quotes and their speakers on annotated news articles.

The set (``data/quotes-news.jsonl``, guidelines in ``data/quotes-news-guidelines.md``) holds
row numbers into the 10kGNAD test file, a SHA-1 of each article and character offsets, not the
article text (CC BY-NC-SA: evaluation only); the text is read from ``/work/shared/data``.

Matching rule:

- **detection**: a predicted and a gold quote match when they overlap by at least half of the
  shorter one; one-to-one, pairs taken greedily by decreasing overlap.
- **attribution**: a matched pair whose predicted speaker names the gold speaker: the speaker
  text (or the text of the entity it was linked to, or one of that entity's aliases) shares
  its last word with the gold speaker or one of its alternatives. Attributed P = correct /
  predicted quotes, R = correct / gold quotes with a speaker.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from .news_set import annotated_articles

SET = Path(__file__).parent / "data" / "quotes-news.jsonl"
RULE = (
    "quote: overlap >= half of the shorter, one-to-one (greedy by overlap); "
    "speaker: matched quote whose speaker (or linked entity / alias) shares its last word "
    "with the gold speaker or an alternative"
)


@dataclass
class Article:
    row: int
    text: str
    quotes: list[dict]


def read_set(news_file: Path, path: Path = SET) -> list[Article]:
    """The annotated articles, text read from ``news_file``; a changed text is an error."""
    articles = []
    for item, text in annotated_articles(news_file, path):
        articles.append(Article(item["row"], text, item["quotes"]))
    return articles


def predicted(nlp: Language, text: str) -> list[dict]:
    """The quotes the pipeline finds: character offsets, kind and speaker names."""
    doc = nlp(text)
    quotes = []
    for span in doc.spans.get("lagebild_quotes", []):
        value = span._.lagebild_quote or {}
        names = [value.get("speaker_text")] if value.get("speaker_text") else []
        for key in ("entity_text", "entity_aliases"):  # set by a later resolve step, if any
            extra = value.get(key)
            names.extend(extra if isinstance(extra, list) else [extra] if extra else [])
        quotes.append(
            {
                "start": span.start_char,
                "end": span.end_char,
                "kind": value.get("kind"),
                "names": names,
            }
        )
    return quotes


def _overlap(a: dict, b: dict) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def align(pred: list[dict], gold: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs overlapping by at least half of the shorter quote."""
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            shared = _overlap(p, g)
            shorter = min(p["end"] - p["start"], g["end"] - g["start"])
            if shared and 2 * shared >= shorter:
                pairs.append((shared, i, j))
    used_p, used_g, out = set(), set(), []
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def _head(name: str) -> str:
    words = name.replace("(", " ").replace(")", " ").split()
    return words[-1].lower().strip(".,:;") if words else ""


def speaker_matches(names: list[str], gold: dict) -> bool:
    """Does one predicted name share its last word with the gold speaker or an alternative?"""
    wanted = [gold["speaker"], *gold.get("speaker_alternatives", [])]
    for name in names:
        words = {w.lower().strip(".,:;()") for w in name.split()}
        for want in wanted:
            gold_words = {w.lower().strip(".,:;()") for w in want.split()}
            if _head(want) in words or _head(name) in gold_words:
                return True
    return False


def _prf(hit_p: int, pred: int, hit_r: int, gold: int) -> dict:
    p = hit_p / pred if pred else 0.0
    r = hit_r / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "predicted": pred, "gold": gold}


def evaluate(nlp: Language, articles: list[Article], errors: list | None = None) -> dict:
    """Detection and attribution P/R/F1 over the articles."""
    n_pred = n_gold = n_gold_spk = matched = attributed = 0
    for article in articles:
        pred, gold = predicted(nlp, article.text), article.quotes
        pairs = align(pred, gold)
        n_pred += len(pred)
        n_gold += len(gold)
        n_gold_spk += sum(1 for g in gold if g["speaker"])
        matched += len(pairs)
        good = {
            (i, j)
            for i, j in pairs
            if gold[j]["speaker"] and speaker_matches(pred[i]["names"], gold[j])
        }
        attributed += len(good)
        if errors is not None:
            errors.extend(_errors(article, pred, gold, pairs, good))
    return {
        "articles": len(articles),
        "rule": RULE,
        "detection": _prf(matched, n_pred, matched, n_gold),
        "attribution": _prf(attributed, n_pred, attributed, n_gold_spk),
    }


def _errors(article, pred, gold, pairs, good) -> list[str]:
    """One tab-separated line per miss, false alarm or wrong speaker."""
    text, lines = article.text, []
    seen_p, seen_g = {i for i, _ in pairs}, {j for _, j in pairs}
    for i, j in pairs:
        if (i, j) not in good and gold[j]["speaker"]:
            lines.append(
                f"{article.row}\tspeaker\tgot {pred[i]['names']}\twant {gold[j]['speaker']}"
                f"\t{text[gold[j]['start'] : gold[j]['end']]}"
            )
    for j, g in enumerate(gold):
        if j not in seen_g:
            lines.append(f"{article.row}\tmissed\t{g['speaker']}\t{text[g['start'] : g['end']]}")
    for i, p in enumerate(pred):
        if i not in seen_p:
            lines.append(f"{article.row}\tspurious\t{p['names']}\t{text[p['start'] : p['end']]}")
    return lines


def rows(result: dict) -> list[str]:
    out = [
        f"Quotes news set ({result['articles']} articles)",
        f"matching rule: {result['rule']}",
        f"{'':12}{'P':>8}{'R':>8}{'F1':>8}{'pred':>7}{'gold':>7}",
    ]
    for name in ("detection", "attribution"):
        f = result[name]
        out.append(
            f"{name:12}{f['precision']:8.3f}{f['recall']:8.3f}{f['f1']:8.3f}"
            f"{f['predicted']:7d}{f['gold']:7d}"
        )
    return out
