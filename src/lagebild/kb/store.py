"""The store: one database (SQLite file by default, PostgreSQL by URL), migrated on open.

Every document is written in one transaction, under one write lock per store (SQLite
``BEGIN IMMEDIATE``, a PostgreSQL advisory lock): a document is stored whole or not at
all, and two ingests at once neither duplicate nor lose anything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    Connection,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from ..analysis import Analysis
from ..errors import UsageError
from .linking import Linker
from .schema import LAYER_TABLES, aliases, documents, kb_entities, links, mentions
from .schema import events as events_table
from .schema import quantities as quantities_table
from .schema import quotes as quotes_table
from .schema import times as times_table

DEFAULT_URL = "sqlite:///lagebild.db"
# Any fixed number: the key of the advisory lock that serialises writers on PostgreSQL.
PG_LOCK_KEY = 0x1A6EB11D
# How long a writer waits for another one (SQLite busy timeout), seconds.
LOCK_WAIT_S = 300


def text_id(text: str) -> str:
    """The sha256 of a text, as ``pipeline.text_id`` (not imported: it would load spaCy
    into every reader of the store)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def default_url() -> str:
    return os.environ.get("LAGEBILD_DB") or DEFAULT_URL


@dataclass(frozen=True)
class StoredStatus:
    ADDED = "added"
    UNCHANGED = "unchanged"
    REPLACED = "replaced"


def document_key(doc_id: str | None, url: str | None, text: str) -> str:
    """A document's identity: its id, else its URL, else the sha256 of its text."""
    return doc_id or url or text_id(text)


class Store:
    """A knowledge base at a SQLAlchemy URL: ``Store("sqlite:///lagebild.db")``."""

    def __init__(self, url: str | None = None, linker: Linker | None = None):
        self.url = url or default_url()
        self.engine = _engine(self.url)
        self.linker = linker or Linker()
        self.dialect = self.engine.dialect.name
        self._migrate()

    # -- writing ---------------------------------------------------------------------------

    def known(self, key: str, text_hash: str) -> bool:
        """Whether the document ``key`` is stored with this very text (nothing to do)."""
        return key in self.known_many({key: text_hash})

    def known_many(self, hashes: dict[str, str]) -> set[str]:
        """Of ``{key: text hash}``, the keys stored with that very text: one query."""
        if not hashes:
            return set()
        query = select(documents.c.id, documents.c.text_hash).where(
            documents.c.id.in_(sorted(hashes))
        )
        with self.engine.connect() as conn:
            return {row.id for row in conn.execute(query) if hashes[row.id] == row.text_hash}

    def add(self, analysis: Analysis, key: str | None = None, site: str | None = None) -> str:
        """Store one analysed document (kb ids filled in); returns added/unchanged/replaced."""
        d = analysis.document
        key = key or document_key(_given_id(analysis), d.url, d.text)
        text_hash = text_id(d.text)
        with self._write() as conn:
            old = conn.execute(
                select(documents.c.seq, documents.c.text_hash).where(documents.c.id == key)
            ).first()
            if old and old.text_hash == text_hash:
                return StoredStatus.UNCHANGED
            affected = self._remove(conn, old.seq) if old else set()
            affected |= self._insert(conn, analysis, key, text_hash, site)
            self._refresh(conn, affected)
        return StoredStatus.REPLACED if old else StoredStatus.ADDED

    def _insert(self, conn: Connection, analysis: Analysis, key, text_hash, site) -> set[str]:
        d = analysis.document
        local_to_kb, counts = {}, _mention_counts(analysis)
        links_rows = []
        entity_links = self.linker.link_all(conn, analysis.entities)
        for entity, link in zip(analysis.entities, entity_links, strict=True):
            local_to_kb[entity.id] = link.kb_id
            entity.kb_id = link.kb_id
            links_rows.append(
                {
                    "local_id": entity.id,
                    "entity": link.kb_id,
                    "name": entity.name,
                    "rule": link.rule,
                    "score": link.score,
                    "mentions": counts.get(entity.id, 0),
                }
            )
        seq = conn.execute(
            insert(documents)
            .values(
                id=key,
                url=d.url,
                title=d.title,
                published=d.published,
                site=site,
                language=d.language,
                text_hash=text_hash,
                pipeline_name=analysis.pipeline.name,
                pipeline_version=analysis.pipeline.version,
                ingested=dt.datetime.now(dt.UTC),
                text=d.text,
                analysis=analysis.to_dict(),
            )
            .returning(documents.c.seq)
        ).scalar_one()
        if links_rows:
            conn.execute(insert(links), [{"document": seq, **row} for row in links_rows])
        for table, rows in _layer_rows(analysis, local_to_kb).items():
            if rows:
                conn.execute(insert(table), [{"document": seq, **row} for row in rows])
        if self.dialect == "sqlite":
            conn.execute(
                text("INSERT INTO documents_fts(rowid, title, text) VALUES (:s, :t, :x)"),
                {"s": seq, "t": d.title or "", "x": d.text},
            )
        return set(local_to_kb.values())

    def _remove(self, conn: Connection, seq: int) -> set[str]:
        """Delete an old version; returns the entities whose counts change."""
        affected = set(conn.scalars(select(links.c.entity).where(links.c.document == seq)))
        if self.dialect == "sqlite":
            row = conn.execute(
                select(documents.c.title, documents.c.text).where(documents.c.seq == seq)
            ).one()
            conn.execute(
                text(
                    "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
                    "VALUES ('delete', :s, :t, :x)"
                ),
                {"s": seq, "t": row.title or "", "x": row.text},
            )
        for table in (*LAYER_TABLES, links):
            conn.execute(delete(table).where(table.c.document == seq))
        conn.execute(delete(documents).where(documents.c.seq == seq))
        return affected

    def _refresh(self, conn: Connection, affected: set[str]) -> None:
        """Recompute counts, first/last seen and alias counts of the affected entities: three
        statements for all of them (five per entity were half the store's time), each
        subquery an index lookup by entity."""
        ids = sorted(affected)
        if not ids:
            return
        own = links.c.entity == kb_entities.c.id
        dated = links.join(documents, documents.c.seq == links.c.document)
        conn.execute(
            update(kb_entities)
            .where(kb_entities.c.id.in_(ids))
            .values(
                mentions=select(func.coalesce(func.sum(links.c.mentions), 0))
                .where(own)
                .scalar_subquery(),
                documents=select(func.count(func.distinct(links.c.document)))
                .where(own)
                .scalar_subquery(),
                first_seen=select(func.min(documents.c.published))
                .select_from(dated)
                .where(own)
                .scalar_subquery(),
                last_seen=select(func.max(documents.c.published))
                .select_from(dated)
                .where(own)
                .scalar_subquery(),
            )
        )
        conn.execute(delete(aliases).where(aliases.c.entity.in_(ids)))
        forms = (
            select(mentions.c.entity, mentions.c.text, func.count())
            .where(mentions.c.entity.in_(ids), _counted_kind())
            .group_by(mentions.c.entity, mentions.c.text)
        )
        conn.execute(insert(aliases).from_select(["entity", "alias", "count"], forms))

    def _write(self):
        """A transaction holding the store's write lock."""
        return _WriteTransaction(self)

    # -- schema ----------------------------------------------------------------------------

    def _migrate(self) -> None:
        config = Config()
        config.set_main_option("script_location", str(files("lagebild.kb") / "migrations"))
        try:
            with self._write() as conn:
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
        except OperationalError as e:
            raise UsageError(f"cannot open the store {self._shown()}: {e.orig}") from None

    def _shown(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _WriteTransaction:
    def __init__(self, store: Store):
        self.store = store

    def __enter__(self) -> Connection:
        self.conn = self.store.engine.connect().execution_options(write=True)
        self.cm = self.conn.begin()
        self.cm.__enter__()
        conn = self.conn
        if self.store.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
        return conn

    def __exit__(self, *exc):
        try:
            return self.cm.__exit__(*exc)
        finally:
            self.conn.close()


def _given_id(analysis: Analysis) -> str | None:
    """The caller's id, when the document has one (else ``document.id`` is the text hash)."""
    d = analysis.document
    return d.id if d.id != text_id(d.text) else None


def _counted_kind():
    # Pronouns and name parts point to an entity but are not names of it.
    return func.coalesce(mentions.c.kind, "name").in_(("name", "role"))


def _mention_counts(analysis: Analysis) -> dict[str, int]:
    counts: dict[str, int] = {}
    for m in analysis.mentions:
        if m.entity and (m.kind or "name") in ("name", "role"):
            counts[m.entity] = counts.get(m.entity, 0) + 1
    return counts


def _layer_rows(analysis: Analysis, kb: dict[str, str]) -> dict:
    text_ = analysis.document.text
    sentences = analysis.sentences
    return {
        mentions: [
            {"n": n, "start": m.start, "end": m.end, "text": m.text, "type": m.type,
             "kind": m.kind, "entity": kb.get(m.entity)}
            for n, m in enumerate(analysis.mentions)
        ],
        times_table: [
            {"n": n, "start": t.start, "end": t.end, "text": t.text, "type": t.type,
             "value": t.value}
            for n, t in enumerate(analysis.times)
        ],
        quantities_table: [
            {"n": n, "start": q.start, "end": q.end, "text": q.text, "kind": q.kind,
             "value": float(q.value), "unit": q.unit}
            for n, q in enumerate(analysis.quantities)
        ],
        quotes_table: [
            {"n": n, "start": q.start, "end": q.end, "text": q.text, "kind": q.kind,
             "speaker": kb.get(q.speaker), "speaker_text": q.speaker_text,
             "cue": q.cue.text if q.cue else None}
            for n, q in enumerate(analysis.quotes)
        ],
        events_table: [
            {"n": n, "start": e.trigger.start, "end": e.trigger.end, "text": e.trigger.text,
             "type": e.type, "mode": e.mode, "modality": e.modality,
             "actor": kb.get(e.actor), "recipient": kb.get(e.recipient),
             "actor_text": e.actor_text, "recipient_text": e.recipient_text,
             "location": kb.get(e.location), "time": e.time, "sentence": e.sentence,
             "sentence_text": _sentence(text_, sentences, e.sentence), "confidence": e.confidence}
            for n, e in enumerate(analysis.events)
        ],
    }  # fmt: skip


def _sentence(text_: str, sentences, index: int) -> str | None:
    if 0 <= index < len(sentences):
        return text_[sentences[index].start : sentences[index].end]
    return None


def _engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UsageError(
            f"--db {url!r} is not a database URL (e.g. sqlite:///lagebild.db)"
        ) from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            parent = Path(parsed.database).resolve().parent
            if not parent.is_dir():
                raise UsageError(f"--db {url}: the folder {parent} does not exist")
        engine = create_engine(url, connect_args={"timeout": LOCK_WAIT_S})
        _sqlite_pragmas(engine)
        return engine
    if parsed.get_backend_name() == "postgresql":
        try:
            engine = create_engine(url, pool_pre_ping=True)
        except ModuleNotFoundError:
            raise UsageError(
                f"--db {url}: PostgreSQL needs psycopg: pip install 'lagebild[postgres]'"
            ) from None
        # A document's rows in one multi-row INSERT each, as SQLAlchemy does for psycopg2,
        # instead of psycopg 3's one statement a row (a third of the store's time).
        engine.dialect.use_insertmanyvalues_wo_returning = True
        return engine
    raise UsageError(f"--db {url}: only sqlite:// and postgresql+psycopg:// are supported")


def _sqlite_pragmas(engine: Engine) -> None:
    # pysqlite's own transaction handling is switched off so that every transaction starts
    # with BEGIN IMMEDIATE: the writer takes the lock up front and waits (busy timeout)
    # instead of failing halfway with "database is locked".
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={LOCK_WAIT_S * 1000}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        immediate = conn.get_execution_options().get("write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
