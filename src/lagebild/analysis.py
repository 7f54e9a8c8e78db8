"""The Analysis data model (`lagebild/analysis@1`), defined once.

The CLI prints it, the store persists it, the API serves it. Offsets are character
offsets into ``document.text`` (end exclusive). Every list is always present.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_ID = "lagebild/analysis@1"

EntityType = Literal["PER", "ORG", "LOC", "MISC"]
TimeType = Literal["DATE", "TIME", "DURATION", "SET"]
QuantityKind = Literal["money", "percent", "measure", "count"]
QuoteKind = Literal["direct", "indirect"]
MentionKind = Literal["name", "role", "pronoun", "part"]
Modality = Literal["future", "hypothetical", "negated", "historical"]
EventType = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class TextSpan(_Model):
    """A stretch of the document: ``text == document.text[start:end]``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class PipelineInfo(_Model):
    name: str
    version: str


class Document(_Model):
    id: str = Field(description="sha256 of the text, hex")
    language: str
    published: str | None = Field(None, description="publication date, YYYY-MM-DD")
    title: str | None = None
    url: str | None = None
    text: str


class Sentence(_Model):
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Entity(_Model):
    id: str
    name: str
    type: EntityType
    aliases: list[str] = Field(default_factory=list)
    kb_id: str | None = Field(None, description="id of the linked knowledge-base entity")
    external: dict[str, str] | None = Field(
        None, description="external identifiers: wikidata, iso3166, geonames"
    )


class Mention(TextSpan):
    type: EntityType
    entity: str | None = Field(None, description="id of the entity in `entities`")
    kind: MentionKind | None = Field(
        None,
        description="name (the default when absent), role ('der Kremlchef'), pronoun, or part "
        "(a name inside a compound: 'US' in 'US-Raketen'; not counted as a name mention)",
    )


class Time(TextSpan):
    type: TimeType
    value: str | None = Field(None, description="TIMEX3 value; unresolved parts as X")
    mod: str | None = Field(
        None,
        description="TIMEX3 mod: START, MID, END (Anfang/Mitte/Ende März), APPROX, "
        "MORE_THAN, LESS_THAN, EQUAL_OR_MORE, EQUAL_OR_LESS (etwa/mehr als... drei Tage)",
    )


class Quantity(TextSpan):
    kind: QuantityKind
    value: float | int = Field(description="the amount; for a range, its lower end")
    unit: str | None = Field(
        None,
        description="ISO 4217 code (money), 'percent' or 'pp' (percentage points), a unit "
        "symbol (measure: 'km', 'm3', 't', 'MW'), the counted noun's lemma (count)",
    )
    approx: bool = False
    bound: Literal["lower", "upper"] | None = Field(
        None, description="the value is a lower ('mehr als') or upper ('bis zu') bound"
    )
    qualifier: str | None = Field(None, description="the qualifying words: 'etwa', 'bis zu'")
    value_max: float | int | None = Field(None, description="upper end of a range ('10 bis 20')")


class Cue(TextSpan):
    """The reporting cue. A separated cue ("teilte ... mit") keeps start/end around the
    whole stretch and joins its parts with " ... " in ``text``."""


class Quote(TextSpan):
    kind: QuoteKind
    speaker: str | None = Field(None, description="id of the speaking entity, if named")
    speaker_text: str | None = None
    cue: Cue | None = None


class Event(_Model):
    type: EventType
    mode: str | None = Field(None, description="PLOVER mode of the type (CONSULT: visit, ...)")
    actor: str | None = Field(None, description="id of the acting entity, if named")
    recipient: str | None = Field(None, description="id of the receiving entity, if named")
    location: str | None = Field(None, description="id of the place entity")
    time: str | None = Field(None, description="TIMEX3 value from the times layer")
    trigger: TextSpan
    sentence: int = Field(ge=0)
    confidence: float = Field(ge=0.0, le=1.0)
    id: str | None = Field(None, description="'V1', ...: stable within one Analysis")
    modality: Modality | None = Field(None, description="null: asserted, happened")
    actor_text: str | None = Field(None, description="the actor phrase when not an entity")
    recipient_text: str | None = Field(None, description="the recipient phrase when not an entity")
    time_reason: str | None = Field(None, description="why `time` is null, when it is")
    cameo: str | None = Field(None, description="CAMEO code, for export")


class Check(_Model):
    """An editorial finding about the article itself."""

    kind: str = Field(description="'name-variant', ...")
    message: str
    spans: list[TextSpan] = Field(default_factory=list)


class Analysis(_Model):
    schema_: Literal["lagebild/analysis@1"] = Field(SCHEMA_ID, alias="schema")
    pipeline: PipelineInfo
    document: Document
    sentences: list[Sentence] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    times: list[Time] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)

    def to_dict(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict) -> Analysis:
        return cls.model_validate(data)


def json_schema() -> dict:
    """The JSON Schema of the contract, generated from the model."""
    schema = Analysis.model_json_schema(by_alias=True)
    schema["$id"] = SCHEMA_ID
    schema["title"] = "Lagebild Analysis"
    return schema
