"""Components own their data: a saved pipeline carries each component's settings and
files (components/persist.py), reloads with identical output, and a missing folder raises."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
import spacy

from lagebild.errors import ComponentError
from lagebild.pipeline import Source, blank_pipeline, build_pipeline, doc_to_analysis, make_doc
from lagebild.resources import load_json

PUBLISHED = Source(published=dt.date(2024, 11, 26))
COMPONENTS = load_json("de", "pipeline.json")["components"]


def analysis(nlp, text):
    return doc_to_analysis(nlp(make_doc(nlp, text, PUBLISHED)), nlp, PUBLISHED)


def test_persist_saved_pipeline_gives_identical_analysis(tmp_path, reference_text):
    nlp = build_pipeline("de", "fast")
    nlp.to_disk(tmp_path / "saved")
    for name in COMPONENTS:
        assert (tmp_path / "saved" / name).is_dir(), name
    loaded = spacy.load(tmp_path / "saved")
    assert loaded.pipe_names == nlp.pipe_names
    assert analysis(loaded, reference_text) == analysis(nlp, reference_text)


def one_component(name, config=None):
    nlp = blank_pipeline("de")
    nlp.add_pipe(name, config=config or {})
    return nlp


@pytest.mark.parametrize("name", COMPONENTS)
def test_persist_missing_folder_raises(tmp_path, name):
    one_component(name).to_disk(tmp_path / "saved")
    shutil.rmtree(tmp_path / "saved" / name)
    with pytest.raises(ComponentError, match=f"saved folder of component '{name}' is missing"):
        spacy.load(tmp_path / "saved")


def test_persist_missing_settings_raise(tmp_path):
    one_component("lagebild_sentences").to_disk(tmp_path / "saved")
    (tmp_path / "saved" / "lagebild_sentences" / "settings.json").unlink()
    with pytest.raises(ComponentError, match="no saved settings"):
        spacy.load(tmp_path / "saved")


def test_persist_loaded_component_reads_its_own_copy(tmp_path):
    text = "Der Zug fährt ab; die Halle ist leer."
    nlp = one_component("lagebild_sentences")
    assert len(list(nlp(text).sents)) == 2  # the semicolon ends a clause
    nlp.to_disk(tmp_path / "saved")
    saved = tmp_path / "saved" / "lagebild_sentences" / "sentences.json"
    rules = json.loads(saved.read_text(encoding="utf-8"))
    rules["clause_terminal"] = []
    saved.write_text(json.dumps(rules, ensure_ascii=False), encoding="utf-8")
    assert len(list(spacy.load(tmp_path / "saved")(text).sents)) == 1
    assert len(list(nlp(text).sents)) == 2  # the package's data is untouched


def test_persist_settings_travel(tmp_path):
    nlp = one_component("lagebild_quantities", {"spans_key": "mengen"})
    nlp.to_disk(tmp_path / "saved")
    settings = json.loads(
        (tmp_path / "saved" / "lagebild_quantities" / "settings.json").read_text("utf-8")
    )
    assert settings["spans_key"] == "mengen" and settings["lang"] == "de"
    doc = spacy.load(tmp_path / "saved")("Es kamen 20 Menschen.")
    assert [s.text for s in doc.spans["mengen"]] == ["20 Menschen"]


def _edit_saved(path, edit) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _values(doc) -> list[float]:
    return [s._.lagebild_quantity["value"] for s in doc.spans["lagebild_quantities"]]


def test_persist_edited_numbers_copy_takes_effect(tmp_path):
    """numbers.json is shared by quantities and times and cached: a saved copy must be read
    as itself, not answered from the package's file loaded before for "de"."""
    text = "Es kamen zwanzig Menschen."
    nlp = one_component("lagebild_quantities")
    assert _values(nlp(text)) == [20]
    nlp.to_disk(tmp_path / "saved")
    saved = tmp_path / "saved" / "lagebild_quantities" / "numbers.json"
    _edit_saved(saved, lambda numbers: numbers["words"].update(zwanzig=21))
    assert _values(spacy.load(tmp_path / "saved")(text)) == [21]
    assert _values(nlp(text)) == [20]  # the package's data is untouched


def test_persist_edited_shared_vocabulary_copy_takes_effect(tmp_path):
    """vocabulary.json (lagebild.language) is cached too: without "märz" among the months in
    the saved copy, "3. März" after a verb is no date, and the full stop ends a sentence."""
    text = "Die Frist endet 3. März zur Mittagszeit."
    nlp = one_component("lagebild_sentences")
    assert len(list(nlp(text).sents)) == 1
    nlp.to_disk(tmp_path / "saved")
    saved = tmp_path / "saved" / "lagebild_sentences" / "vocabulary.json"
    _edit_saved(saved, lambda vocabulary: vocabulary["months"].pop("märz"))
    assert len(list(spacy.load(tmp_path / "saved")(text).sents)) == 2
    assert len(list(nlp(text).sents)) == 1


def test_persist_edited_event_lexicon_copy_takes_effect(tmp_path):
    """The trigger lexicon is cached, and lemmas are looked up in it while coding: a saved
    pipeline whose events.tsv says "angreifen" is COERCE codes COERCE, the package ASSAULT."""
    text = "Russland griff am Montag die Ukraine an."
    nlp = build_pipeline("de", "fast")
    assert [e.type for e in analysis(nlp, text).events] == ["ASSAULT"]
    nlp.to_disk(tmp_path / "saved")
    saved = tmp_path / "saved" / "lagebild_events" / "events.tsv"
    lines = saved.read_text(encoding="utf-8").splitlines()
    edited = [line.replace("\tASSAULT\t", "\tCOERCE\t", 1) if line.startswith("angreifen\t")
              else line for line in lines]  # fmt: skip
    saved.write_text("\n".join(edited) + "\n", encoding="utf-8")
    assert [e.type for e in analysis(spacy.load(tmp_path / "saved"), text).events] == ["COERCE"]
    assert [e.type for e in analysis(nlp, text).events] == ["ASSAULT"]


def test_persist_times_read_their_saved_numbers(tmp_path):
    """times reads numbers.json (shared with quantities) when it builds its patterns and
    values: the saved copy travels with it and is read as itself."""
    text = "Er blieb zwei Wochen in Astana."
    nlp = one_component("lagebild_times")

    def values(pipeline):
        doc = pipeline(text)
        return [s._.lagebild_timex["value"] for s in doc.spans["lagebild_times"]]

    assert values(nlp) == ["P2W"]
    nlp.to_disk(tmp_path / "saved")
    saved = tmp_path / "saved" / "lagebild_times" / "numbers.json"
    _edit_saved(saved, lambda numbers: numbers["words"].update(zwei=3))
    assert values(spacy.load(tmp_path / "saved")) == ["P3W"]
    assert values(nlp) == ["P2W"]
