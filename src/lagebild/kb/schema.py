"""The knowledge-base tables (SQLAlchemy 2 Core). Alembic migrations create them.

A document row keeps its whole stored Analysis (``analysis`` JSON) so that ``export``
round-trips; the layer tables are denormalised copies of it, indexed for the listings.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),  # ingest order
    Column("id", String(200), nullable=False, unique=True),  # JSONL id, else URL, else hash
    Column("url", Text),
    Column("title", Text),
    Column("published", String(10), index=True),
    Column("site", String(200)),
    Column("language", String(8)),
    Column("text_hash", String(64), nullable=False, index=True),
    Column("pipeline_name", String(100)),
    Column("pipeline_version", String(40)),
    Column("ingested", DateTime(timezone=True), nullable=False),
    Column("text", Text, nullable=False),
    Column("analysis", JSON, nullable=False),
)

kb_entities = Table(
    "entities",
    metadata,
    Column("id", String(20), primary_key=True),  # "K1", ...: stable across re-ingests
    Column("name", Text, nullable=False),
    Column("type", String(8), nullable=False),
    Column("key", Text, nullable=False),  # normalised name, for exact lookups
    Column("mentions", Integer, nullable=False, default=0),
    Column("documents", Integer, nullable=False, default=0),
    Column("first_seen", String(10)),
    Column("last_seen", String(10)),
    Index("ix_entities_type_mentions", "type", "mentions"),
    Index("ix_entities_key_type", "key", "type"),
)

# Blocking keys of each stored entity: the linker's candidate index.
entity_keys = Table(
    "entity_keys",
    metadata,
    Column("entity", String(20), ForeignKey("entities.id"), primary_key=True),
    Column("key", String(300), primary_key=True),
    Index("ix_entity_keys_key", "key"),
)

aliases = Table(
    "aliases",
    metadata,
    Column("entity", String(20), ForeignKey("entities.id"), primary_key=True),
    Column("alias", String(300), primary_key=True),
    Column("count", Integer, nullable=False, default=0),
)

# One row per article entity: which stored entity it joined, and why.
links = Table(
    "links",
    metadata,
    Column("document", Integer, ForeignKey("documents.seq", ondelete="CASCADE"), primary_key=True),
    Column("local_id", String(20), primary_key=True),  # "E1" in the article's Analysis
    Column("entity", String(20), ForeignKey("entities.id"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("rule", String(40), nullable=False),  # "new", "same-name", or the matcher's rule
    Column("score", Float, nullable=False),
    Column("mentions", Integer, nullable=False),
)


def _layer(name: str, *columns: Column, indexes: tuple[Index, ...] = ()) -> Table:
    """A layer table: rows belong to a document and vanish with it."""
    return Table(
        name,
        metadata,
        Column("document", Integer, ForeignKey("documents.seq", ondelete="CASCADE"), index=True),
        Column("n", Integer, nullable=False),  # position in the Analysis list
        Column("start", Integer),
        Column("end", Integer),
        Column("text", Text),
        *columns,
        *indexes,
    )


mentions = _layer(
    "mentions",
    Column("type", String(8)),
    Column("kind", String(10)),
    Column("entity", String(20), index=True),  # kb id
)
times = _layer("times", Column("type", String(10)), Column("value", String(40), index=True))
quantities = _layer(
    "quantities",
    Column("kind", String(10)),
    Column("value", Float),
    Column("unit", String(40)),
)
quotes = _layer(
    "quotes",
    Column("kind", String(10)),
    Column("speaker", String(20), index=True),  # kb id
    Column("speaker_text", Text),
    Column("cue", Text),
)
events = _layer(
    "events",
    Column("type", String(12), index=True),
    Column("mode", String(20)),
    Column("modality", String(20)),
    Column("actor", String(20), index=True),  # kb ids
    Column("recipient", String(20), index=True),
    # the phrase of an unnamed participant ("Analysten"); both null: an unidentified actor
    Column("actor_text", Text),
    Column("recipient_text", Text),
    Column("location", String(20)),
    Column("time", String(40), index=True),
    Column("sentence", Integer),
    Column("sentence_text", Text),
    Column("confidence", Float),
)

LAYER_TABLES = (mentions, times, quantities, quotes, events)
