"""Named entities (PER, LOC, ORG, MISC) into ``doc.ents``.

Two trained models sit behind one component:

- ``"accurate"``: the fine-tuned multilingual encoder (``lagebild.transformer.TokenClassifier``,
  files in ``models/de-accurate-ner/``), fed one sentence's words at a time, batched over docs.
- ``"fast"``: a spaCy CNN (no torch) shipped in ``models/de-fast-ner/``.

Both see the words of our own tokenizer (whitespace tokens left out) and return one BIO
label per word. An optional rule layer then corrects the entity types the model is least
sure of with the language's gazetteer (``lang/<code>/gazetteer.tsv``): see ``GazetteerRules``.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, minibatch

from ..bio import bio_spans
from ..defaults import DEFAULT_MODEL, MODELS
from ..errors import UsageError
from ..extensions import register_extensions
from ..language import language_vocabulary
from ..resources import load_json, load_lines, load_tsv
from ..spacy_models import load_spacy_model
from .persist import Persistent

ENTITIES = "lagebild_entities"
LABELS = ("PER", "LOC", "ORG", "MISC")
MODELS_ROOT = Path(__file__).resolve().parents[1] / "models"
DEFAULT_PATHS = {"accurate": "de-accurate-ner", "fast": "de-fast-ner"}

Found = list[tuple[int, int, str]]  # token start, token end (exclusive), label


def _acronym_compound(capitals: str) -> re.Pattern:
    """An acronym of two to eight capitals (``capitals``: the language's, as a regex class)
    and digits joined by a hyphen to a word: "BRICS-Gruppe", "G20-Gipfel"."""
    return re.compile(rf"^([{capitals}][{capitals}0-9]{{1,7}})-(\w[\w-]*)$")


class ModelMissingError(UsageError):
    """A model's files are not installed."""


@Language.factory(
    ENTITIES,
    assigns=["doc.ents"],
    default_config={
        "model": DEFAULT_MODEL,
        "path": None,
        "fallback": None,
        "rules": True,
        "rules_retype": True,
        "rules_add": True,
        "rules_persons": True,
        "rules_acronyms": True,
        "rules_parallel": True,
        "batch_size": 64,
        "max_words": 200,
        "split_acronyms": True,
        "lang": None,
    },
)
class EntityRecognizer(Persistent):
    """Finds names with a trained model, then applies the gazetteer rules.

    ``model`` is ``"accurate"`` or ``"fast"``; ``path`` overrides where its files are
    (default ``models/de-accurate-ner`` / ``models/de-fast-ner`` in the package). When the
    accurate model's files are missing, ``fallback`` (``None`` or ``"fast"``) decides
    between an error (the default: an analysis labelled "de-accurate" must not come from
    the fast model) and a warning plus the fast model. ``max_words`` cuts longer sentences
    into pieces for the accurate model. ``split_acronyms`` splits a compound led by an
    acronym into three tokens ("BRICS-Gruppe" → "BRICS", "-", "Gruppe"), so that the acronym
    can be an entity of its own.
    """

    # the model's files stay where ``path`` points; the gazetteer travels with the pipeline
    resource_files = ("gazetteer.tsv", "entity_cues.json", "role_nouns.txt", "vocabulary.json")
    eager = ("gazetteer_rules",)

    def __init__(
        self,
        nlp: Language,
        name: str = ENTITIES,
        *,
        model: str = DEFAULT_MODEL,
        path: str | None = None,
        fallback: str | None = None,
        rules: bool = True,
        rules_retype: bool = True,
        rules_add: bool = True,
        rules_persons: bool = True,
        rules_acronyms: bool = True,
        rules_parallel: bool = True,
        batch_size: int = 64,
        max_words: int = 200,
        split_acronyms: bool = True,
        states: bool = False,
        lang: str | None = None,
    ):
        register_extensions()
        if model not in DEFAULT_PATHS:
            raise UsageError(f"unknown entity model {model!r}; choose one of: {', '.join(MODELS)}")
        self.name = name
        self.model = model
        self.path = path
        self.fallback = fallback
        self.rules = rules
        self.rule_settings = {
            "retype": rules_retype,
            "add": rules_add,
            "persons": rules_persons,
            "acronyms": rules_acronyms,
            "parallel": rules_parallel,
        }
        self.batch_size = batch_size
        self.max_words = max_words
        self.split_acronyms = split_acronyms
        self.states = states
        self.lang = lang or nlp.lang
        self._acronym_compound = _acronym_compound(language_vocabulary(self.lang).capitals)
        self._tagger: WordTagger | None = None
        self._rules: GazetteerRules | None = None

    # -- the spaCy component protocol -------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        self.prepare(doc)
        self.set_annotations(doc, self.find(doc))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size or self.batch_size):
            for doc in batch:
                self.prepare(doc)
            for doc, found in zip(batch, self.find_batch(batch), strict=True):
                self.set_annotations(doc, found)
                yield doc

    def prepare(self, doc: Doc) -> None:
        """Split acronym-led compounds ("BRICS-Gruppe") when ``split_acronyms`` is on."""
        if not self.split_acronyms:
            return
        targets = [t for t in doc if "-" in t.text and self._acronym_compound.match(t.text)]
        if not targets:
            return
        with doc.retokenize() as retokenizer:
            for token in targets:
                acronym, rest = self._acronym_compound.match(token.text).groups()
                heads = [(token, 2), (token, 2), token.head if token.head != token else (token, 2)]
                retokenizer.split(token, [acronym, "-", rest], heads=heads)

    def find(self, doc: Doc) -> Found:
        """The entities of one doc, as ``(start, end, label)`` token spans."""
        return self.find_batch([doc])[0]

    def find_batch(self, docs: Sequence[Doc]) -> list[Found]:
        tagger = self.tagger
        units: list[list[int]] = []  # token indices of each unit the model labels
        owners: list[int] = []
        for d, doc in enumerate(docs):
            for unit in _units(doc, self.max_words if tagger.per_sentence else None):
                units.append(unit)
                owners.append(d)
        words = [[docs[d][i].text for i in u] for d, u in zip(owners, units, strict=True)]
        if self.states:
            labels, states = tagger.predict_with_states(words)
            if states is not None:
                _keep_states(docs, owners, units, states)
        else:
            labels = tagger.predict(words)
        found: list[Found] = [[] for _ in docs]
        for d, unit, unit_labels in zip(owners, units, labels, strict=True):
            for start, end, label in _bio_spans(unit_labels):
                found[d].append((unit[start], unit[end - 1] + 1, label))
        if self.rules:
            rules = self.gazetteer_rules
            found = [rules.apply(doc, f) for doc, f in zip(docs, found, strict=True)]
        return found

    def set_annotations(self, doc: Doc, found: Found) -> None:
        spans = [Span(doc, start, end, label=label) for start, end, label in found]
        doc.ents = filter_spans(spans)

    # -- models -----------------------------------------------------------------------

    @property
    def tagger(self) -> WordTagger:
        if self._tagger is None:
            self._tagger = self._load_tagger()
        return self._tagger

    @property
    def gazetteer_rules(self) -> GazetteerRules:
        if self._rules is None:
            self._rules = GazetteerRules.from_resources(self.lang, **self.rule_settings)
        return self._rules

    def _load_tagger(self) -> WordTagger:
        path = Path(self.path) if self.path else MODELS_ROOT / DEFAULT_PATHS[self.model]
        try:
            if self.model == "accurate":
                return AccurateTagger(path)
            return FastTagger(path)
        except ModelMissingError as error:
            if self.model == "accurate" and self.fallback == "fast" and not self.path:
                warnings.warn(f"{error}; using the fast entity model instead", stacklevel=2)
                return FastTagger(MODELS_ROOT / DEFAULT_PATHS["fast"])
            raise


class WordTagger:
    """Words in, one BIO label per word out."""

    per_sentence = True

    def predict(self, batch: list[list[str]]) -> list[list[str]]:
        raise NotImplementedError

    def predict_with_states(self, batch: list[list[str]]) -> tuple[list[list[str]], list | None]:
        """Labels and, where the model has them, the words' encoder states."""
        return self.predict(batch), None


class FastTagger(WordTagger):
    """The spaCy CNN NER trained by ``training/ner_fast``; labels whole docs at once."""

    per_sentence = False

    def __init__(self, path: Path):
        if not (path / "config.cfg").exists():
            raise ModelMissingError(
                f"fast entity model not found in {path}: rebuild it with `make train-de-fast` "
                "(training/ner_fast)"
            )
        self.nlp = load_spacy_model(path, exclude=["tokenizer"])

    def predict(self, batch: list[list[str]]) -> list[list[str]]:
        docs = (Doc(self.nlp.vocab, words=words) for words in batch if words)
        out = []
        parsed = iter(self.nlp.pipe(docs, batch_size=64))
        for words in batch:
            if not words:
                out.append([])
                continue
            doc = next(parsed)
            out.append([f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O" for t in doc])
        return out


class AccurateTagger(WordTagger):
    """The fine-tuned encoder (``lagebild.transformer.TokenClassifier``)."""

    def __init__(self, path: Path):
        if not path.exists() or not any(path.iterdir()):
            raise ModelMissingError(
                f"accurate entity model not found in {path}: rebuild it with `make train-de` "
                "(training/ner_accurate) or choose --model fast"
            )
        try:
            from ..transformer import TokenClassifier
        except ImportError as error:
            raise ModelMissingError(f"accurate entity model cannot be loaded: {error}") from error
        loader = getattr(TokenClassifier, "load", None)
        self.classifier = loader(path) if callable(loader) else TokenClassifier(path)

    def predict(self, batch: list[list[str]]) -> list[list[str]]:
        return self.classifier.predict(batch)

    def predict_with_states(self, batch: list[list[str]]) -> tuple[list[list[str]], list | None]:
        return self.classifier.predict_with_states(batch)


def _keep_states(docs: Sequence[Doc], owners: list[int], units: list[list[int]], states) -> None:
    """The encoder's per-word states as ``doc.tensor`` (zeros for whitespace tokens), for the
    events component, which reads them and lets them go."""
    width = next((s.shape[1] for s in states if s.shape[1]), 0)
    if not width:
        return
    tensors = [np.zeros((len(doc), width), dtype=np.float32) for doc in docs]
    for d, unit, unit_states in zip(owners, units, states, strict=True):
        if unit_states.shape[1]:
            tensors[d][unit] = unit_states
    for doc, tensor in zip(docs, tensors, strict=True):
        doc.tensor = tensor


def _units(doc: Doc, max_words: int | None) -> list[list[int]]:
    """Token indices of the pieces a model labels: sentences (cut at ``max_words``) or the
    whole doc; whitespace tokens are left out."""
    if max_words is None or not doc.has_annotation("SENT_START"):
        groups = [range(len(doc))]
    else:
        groups = [range(sent.start, sent.end) for sent in doc.sents]
    units = []
    for group in groups:
        unit = [i for i in group if not doc[i].is_space]
        step = max_words or len(unit) or 1
        units.extend(unit[k : k + step] for k in range(0, len(unit), step))
    return [u for u in units if u]


def _bio_spans(labels: Sequence[str]) -> Found:
    """``(start, end, label)`` of a BIO sequence, for the entity types we keep."""
    return [span for span in bio_spans(labels) if span[2] in LABELS]


class GazetteerRules:
    """Corrections from the language's name lists, after the model.

    - ``retype``: an entity whose whole text is a listed place takes the listed type
      (a country the model called ORG or PER; a person named like a city stays a person:
      "Darwin"); an entity holding
      an organisation cue (a legal form such as "AG", a head noun such as "Ministerium" or
      "Partei") becomes ORG.
    - ``add``: a listed place name that no entity covers becomes a LOC entity.
    - ``persons``: a two-word name after a role noun is PER, and so is a one-word entity that
      is the surname of a person named in full in the same document.
    - ``acronyms``: an acronym in brackets after an organisation cue is ORG.
    - ``parallel``: entities that fill the same slot of an enumeration share a type (see
      ``_parallel_brackets``).

    Lists: ``gazetteer.tsv`` (name, type, ...; built by training/gazetteer/build.py) and
    ``entity_cues.json`` (``org_words``: whole words; ``org_suffixes``: endings of a word).
    """

    def __init__(
        self,
        names: dict[str, str],
        org_words: Iterable[str] = (),
        org_suffixes: Iterable[str] = (),
        *,
        retype: bool = True,
        add: bool = True,
        max_len: int = 4,
        kinds: dict[str, str] | None = None,
        person_cues: Iterable[str] = (),
        persons: bool = True,
        acronyms: bool = True,
        parallel: bool = True,
    ):
        self.names = names
        self.first_words = {name.split()[0] for name in names if name[:1].isupper()}
        self.kinds = dict(kinds or {})
        self.person_cues = tuple(c.lower() for c in person_cues)
        self.persons = persons
        self.acronyms = acronyms
        self.parallel = parallel
        self.org_words = set(org_words)
        self.org_suffixes = tuple(s.lower() for s in org_suffixes)
        self.retype = retype
        self.add = add
        self.max_len = max_len

    @classmethod
    def from_resources(cls, lang: str, **settings) -> GazetteerRules:
        rows = [row for row in load_tsv(lang, "gazetteer.tsv") if len(row) >= 3]
        names = {row[0]: row[1] for row in rows}
        settings.setdefault("kinds", {row[0]: row[2] for row in rows})
        settings.setdefault("person_cues", load_lines(lang, "role_nouns.txt"))
        try:
            cues = load_json(lang, "entity_cues.json")
        except FileNotFoundError:
            cues = {}
        return cls(names, cues.get("org_words", ()), cues.get("org_suffixes", ()), **settings)

    def is_org_cue(self, word: str) -> bool:
        lower = word.lower()
        return word in self.org_words or (
            len(word) > 1 and word[0].isupper() and lower.endswith(self.org_suffixes)
        )

    def apply(self, doc: Doc, found: Found) -> Found:
        out = []
        for start, end, label in found:
            if self.retype:
                text = doc[start:end].text
                listed = self.names.get(text)
                # a person named like a city ("Darwin") stays a person; not so a country
                if listed and (label != "PER" or self.kinds.get(text) == "country"):
                    label = listed
                elif label != "ORG" and any(self.is_org_cue(t.text) for t in doc[start:end]):
                    label = "ORG"
            if self.persons and label != "PER" and self._after_role(doc, start, end):
                label = "PER"
            out.append((start, end, label))
        if self.add:
            out.extend(self._listed(doc, out))
        if self.acronyms:
            out.extend(self._defined_acronyms(doc, out))
        if self.persons:
            out = self._consistent_surnames(doc, out)
        if self.parallel:
            out = self._parallel_brackets(doc, out)
        return sorted(out)

    @staticmethod
    def _parallel_brackets(doc: Doc, found: Found) -> Found:
        """Entities alone in brackets right after another entity fill the same slot of an
        enumeration ("Russland (Rosatom), China (CNNC), Frankreich (EDF)"): with three or
        more such entities in a sentence, those of a minority type take the type that at least
        two thirds of them share."""
        ends = {end for _, end, _ in found}
        slots: dict[int, list[int]] = {}  # sentence start -> indices into found
        for k, (start, end, _) in enumerate(found):
            if start > 1 and end < len(doc) and start - 1 in ends:
                if doc[start - 1].text == "(" and doc[end].text == ")":
                    sentence = doc[start].sent.start if doc.has_annotation("SENT_START") else 0
                    slots.setdefault(sentence, []).append(k)
        out = list(found)
        for members in slots.values():
            counts = Counter(found[k][2] for k in members)
            label, n = counts.most_common(1)[0]
            if len(members) >= 3 and 3 * n >= 2 * len(members):
                for k in members:
                    out[k] = (found[k][0], found[k][1], label)
        return out

    @staticmethod
    def _consistent_surnames(doc: Doc, found: Found) -> Found:
        """A one-word entity that is the surname of a person named in full elsewhere in the
        document ("Tokajew" after "Kasim-Jomart Tokajew") is that person."""
        surnames = {
            doc[end - 1].text for start, end, label in found if label == "PER" and end - start > 1
        }
        return [
            (start, end, "PER" if end - start == 1 and doc[start].text in surnames else label)
            for start, end, label in found
        ]

    def _after_role(self, doc: Doc, start: int, end: int) -> bool:
        """A name of two or more capitalised words right after a role noun ("Präsidenten-
        sprecher Berik Uali") that is not a listed place: a person."""
        if not self.person_cues or start == 0 or end - start < 2:
            return False
        if doc[start:end].text in self.names:
            return False
        if not all(t.is_title or t.text[:1].isupper() for t in doc[start:end]):
            return False
        return doc[start - 1].text.lower().endswith(self.person_cues)

    def _defined_acronyms(self, doc: Doc, found: Found) -> Found:
        """An acronym in brackets after a phrase with an organisation cue ("Organisation des
        Vertrags über kollektive Sicherheit (OVKS)") that no entity covers: ORG."""
        covered = {i for start, end, _ in found for i in range(start, end)}
        added: Found = []
        for token in doc:
            i = token.i
            if i in covered or not (0 < i < len(doc) - 1):
                continue
            text = token.text
            if not (2 <= len(text) <= 6 and text.isalpha() and text.isupper()):
                continue
            if doc[i - 1].text != "(" or doc[i + 1].text != ")":
                continue
            window = doc[
                max(doc[i].sent.start if doc.has_annotation("SENT_START") else 0, i - 11) : i - 1
            ]
            if any(self.is_org_cue(t.text) for t in window):
                added.append((i, i + 1, "ORG"))
        return added

    @staticmethod
    def _inside_name(doc: Doc, start: int, end: int) -> bool:
        """Whether a capitalised word runs into the span ("Werder Bremen", "Charles Darwin"):
        then the place name is part of a longer name the model did not find."""
        before = doc[start - 1] if start > 0 else None
        after = doc[end] if end < len(doc) else None
        if before is not None and before.is_title and not before.is_sent_start:
            return True
        return after is not None and after.is_title

    def _listed(self, doc: Doc, found: Found) -> Found:
        covered = set()
        for start, end, _ in found:
            covered.update(range(start, end))
        added: Found = []
        i = 0
        while i < len(doc):
            match = None
            if i not in covered and doc[i].text in self.first_words:
                for n in range(min(self.max_len, len(doc) - i), 0, -1):
                    if any(j in covered for j in range(i, i + n)):
                        continue
                    listed = self.names.get(doc[i : i + n].text)
                    if listed and not self._inside_name(doc, i, i + n):
                        match = (i, i + n, listed)
                        break
            if match:
                added.append(match)
                i = match[1]
            else:
                i += 1
        return added
