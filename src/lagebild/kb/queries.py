"""Read the store: every listing and profile the commands, the API and the pages show.

Each function takes a ``Store`` and returns plain dicts (JSON-ready: strings, numbers,
lists), so the CLI prints them and the web layer serves them as they are. Listings take
``limit``/``offset``; dated ones ``date_from``/``date_to`` (``YYYY-MM-DD``, inclusive,
on the document's publication date). The names of these functions and of their keys are
the contract (the README lists the columns).
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.orm import aliased

from .linking import normalise
from .schema import aliases, documents, kb_entities, links, mentions, quotes, times
from .schema import events as events_table
from .store import Store

DOCUMENT_COLUMNS = ("id", "published", "title", "url", "site", "language", "entities", "ingested")
ENTITY_COLUMNS = ("id", "name", "type", "mentions", "documents", "first_seen", "last_seen")
QUOTE_COLUMNS = ("document", "published", "speaker", "speaker_name", "speaker_text", "kind",
                 "text", "cue")  # fmt: skip
EVENT_COLUMNS = ("document", "published", "type", "mode", "modality", "actor", "actor_name",
                 "recipient", "recipient_name", "location", "time", "trigger", "sentence",
                 "confidence")  # fmt: skip
EVENT_GROUP_COLUMNS = ("date", "type", "modality", "actor_name", "recipient_name", "location",
                       "sources", "documents", "trigger", "sentence")  # fmt: skip
TIMELINE_COLUMNS = ("date", "kind", "type", "text", "document", "sentence")
SEARCH_COLUMNS = ("id", "published", "title", "rank", "snippet")


def _dated(query, date_from: str | None, date_to: str | None):
    if date_from:
        query = query.where(documents.c.published >= date_from)
    if date_to:
        query = query.where(documents.c.published <= date_to)
    return query


def _rows(store: Store, query) -> list[dict]:
    with store.engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


def overview(store: Store) -> dict:
    """Counts of everything stored, and the date range of the documents."""
    with store.engine.connect() as conn:
        counts = {
            name: conn.scalar(select(func.count()).select_from(table))
            for name, table in (
                ("documents", documents),
                ("entities", kb_entities),
                ("mentions", mentions),
                ("quotes", quotes),
                ("events", events_table),
                ("times", times),
            )
        }
        first, last = conn.execute(
            select(func.min(documents.c.published), func.max(documents.c.published))
        ).one()
    return {**counts, "first_published": first, "last_published": last}


def list_documents(
    store: Store,
    q: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict]:
    """Documents in ingest order; ``q`` filters on a title substring."""
    n_entities = select(func.count()).where(links.c.document == documents.c.seq).scalar_subquery()
    query = select(
        documents.c.id,
        documents.c.published,
        documents.c.title,
        documents.c.url,
        documents.c.site,
        documents.c.language,
        n_entities.label("entities"),
        documents.c.ingested,
    )
    if q:
        query = query.where(documents.c.title.ilike(f"%{q}%"))
    query = _dated(query, date_from, date_to).order_by(documents.c.seq)
    rows = _rows(store, query.limit(limit).offset(offset))
    for row in rows:
        row["ingested"] = row["ingested"].isoformat() if row["ingested"] else None
    return rows


def get_document(store: Store, doc_id: str) -> dict | None:
    """One document: its columns, the pipeline that analysed it and its stored Analysis."""
    with store.engine.connect() as conn:
        row = conn.execute(select(documents).where(documents.c.id == doc_id)).first()
    if row is None:
        return None
    out = {c: row._mapping[c] for c in ("id", "url", "title", "published", "site", "language")}
    out.update(
        text_hash=row.text_hash,
        pipeline={"name": row.pipeline_name, "version": row.pipeline_version},
        ingested=row.ingested.isoformat(),
        analysis=row.analysis,
    )
    return out


def list_entities(
    store: Store,
    type: str | None = None,
    prefix: str | None = None,
    min_count: int = 1,
    limit: int = 50,
    offset: int = 0,
) -> list[dict]:
    """Stored entities, most mentioned first; ``prefix`` matches the start of the name."""
    query = select(*(kb_entities.c[c] for c in ENTITY_COLUMNS)).where(
        kb_entities.c.mentions >= min_count
    )
    if type:
        query = query.where(kb_entities.c.type == type.upper())
    if prefix:
        query = query.where(kb_entities.c.key.startswith(normalise(prefix), autoescape=True))
    query = query.order_by(kb_entities.c.mentions.desc(), kb_entities.c.name, kb_entities.c.id)
    return _rows(store, query.limit(limit).offset(offset))


def find_entity(store: Store, name_or_id: str) -> str | None:
    """The kb id of an entity given by id (``K12``), name or alias; the most mentioned wins."""
    with store.engine.connect() as conn:
        if conn.scalar(select(kb_entities.c.id).where(kb_entities.c.id == name_or_id)):
            return name_or_id
        key = normalise(name_or_id)
        by_name = conn.scalar(
            select(kb_entities.c.id)
            .where(kb_entities.c.key == key)
            .order_by(kb_entities.c.mentions.desc())
        )
        if by_name:
            return by_name
        return conn.scalar(
            select(aliases.c.entity)
            .join(kb_entities, kb_entities.c.id == aliases.c.entity)
            .where(func.lower(aliases.c.alias) == name_or_id.lower())
            .order_by(aliases.c.count.desc(), kb_entities.c.mentions.desc())
        )


def get_entity(store: Store, name_or_id: str, limit: int = 20) -> dict | None:
    """An entity's profile: names, type, counts, first/last seen, aliases with counts,
    link reasons, quotes by it, events as actor or recipient, co-occurring entities and
    its articles (each list at most ``limit`` long)."""
    kb_id = find_entity(store, name_or_id)
    if kb_id is None:
        return None
    with store.engine.connect() as conn:
        row = conn.execute(select(kb_entities).where(kb_entities.c.id == kb_id)).one()
        alias_rows = conn.execute(
            select(aliases.c.alias, aliases.c.count)
            .where(aliases.c.entity == kb_id)
            .order_by(aliases.c.count.desc(), aliases.c.alias)
        ).all()
        reasons = conn.execute(
            select(links.c.rule, func.count().label("links"), func.min(links.c.score))
            .where(links.c.entity == kb_id)
            .group_by(links.c.rule)
            .order_by(links.c.rule)
        ).all()
    profile = {c: row._mapping[c] for c in ENTITY_COLUMNS}
    profile["aliases"] = [{"alias": a.alias, "count": a.count} for a in alias_rows]
    profile["links"] = [{"rule": r[0], "count": r[1], "min_score": r[2]} for r in reasons]
    profile["quotes"] = list_quotes(store, speaker=kb_id, limit=limit)
    profile["events"] = list_events(store, entity=kb_id, limit=limit)
    profile["cooccurring"] = cooccurring(store, kb_id, limit=limit)
    profile["documents"] = entity_documents(store, kb_id, limit=limit)
    profile["documents_count"] = row.documents
    return profile


def cooccurring(store: Store, kb_id: str, limit: int = 20, offset: int = 0) -> list[dict]:
    """Entities named in the same articles, by number of shared articles."""
    mine, other = links.alias("mine"), links.alias("other")
    shared = func.count(func.distinct(other.c.document)).label("shared")
    query = (
        select(kb_entities.c.id, kb_entities.c.name, kb_entities.c.type, shared)
        .select_from(mine)
        .join(other, and_(other.c.document == mine.c.document, other.c.entity != kb_id))
        .join(kb_entities, kb_entities.c.id == other.c.entity)
        .where(mine.c.entity == kb_id)
        .group_by(kb_entities.c.id, kb_entities.c.name, kb_entities.c.type)
        .order_by(shared.desc(), kb_entities.c.name)
    )
    return _rows(store, query.limit(limit).offset(offset))


def entity_documents(store: Store, kb_id: str, limit: int = 20, offset: int = 0) -> list[dict]:
    """The articles naming the entity, newest first, with its mentions in each."""
    query = (
        select(
            documents.c.id,
            documents.c.published,
            documents.c.title,
            func.sum(links.c.mentions).label("mentions"),
        )
        .join(links, links.c.document == documents.c.seq)
        .where(links.c.entity == kb_id)
        .group_by(documents.c.seq, documents.c.id, documents.c.published, documents.c.title)
        .order_by(documents.c.published.desc(), documents.c.seq.desc())
    )
    return _rows(store, query.limit(limit).offset(offset))


def list_quotes(
    store: Store,
    speaker: str | None = None,
    q: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict]:
    """Quotes; ``speaker`` is a kb id, name or alias; ``q`` a substring of the text."""
    speaker_entity = aliased(kb_entities)
    query = (
        select(
            documents.c.id.label("document"),
            documents.c.published,
            quotes.c.speaker,
            speaker_entity.c.name.label("speaker_name"),
            quotes.c.speaker_text,
            quotes.c.kind,
            quotes.c.text,
            quotes.c.cue,
        )
        .join(documents, documents.c.seq == quotes.c.document)
        .outerjoin(speaker_entity, speaker_entity.c.id == quotes.c.speaker)
    )
    if speaker:
        query = query.where(quotes.c.speaker == (find_entity(store, speaker) or ""))
    if q:
        query = query.where(quotes.c.text.ilike(f"%{q}%"))
    query = _dated(query, date_from, date_to).order_by(documents.c.seq, quotes.c.n)
    return _rows(store, query.limit(limit).offset(offset))


def list_events(
    store: Store,
    type: str | None = None,
    entity: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> list[dict]:
    """Events, one row per stored event (``limit=None``: all); ``entity`` (kb id, name or
    alias) as actor or recipient."""
    actor, recipient = aliased(kb_entities), aliased(kb_entities)
    e = events_table
    query = (
        select(
            documents.c.id.label("document"),
            documents.c.published,
            e.c.type,
            e.c.mode,
            e.c.modality,
            e.c.actor,
            actor.c.name.label("actor_name"),
            e.c.recipient,
            recipient.c.name.label("recipient_name"),
            e.c.location,
            e.c.time,
            e.c.text.label("trigger"),
            e.c.sentence_text.label("sentence"),
            e.c.confidence,
        )
        .join(documents, documents.c.seq == e.c.document)
        .outerjoin(actor, actor.c.id == e.c.actor)
        .outerjoin(recipient, recipient.c.id == e.c.recipient)
    )
    if type:
        query = query.where(e.c.type == type.upper())
    if entity:
        kb_id = find_entity(store, entity) or ""
        query = query.where(or_(e.c.actor == kb_id, e.c.recipient == kb_id))
    query = _dated(query, date_from, date_to).order_by(documents.c.seq, e.c.n)
    return _rows(store, query.limit(limit).offset(offset))


def list_event_groups(
    store: Store,
    type: str | None = None,
    entity: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict]:
    """Events with every article that reports them: one row per event, its ``documents``
    in ingest order. Rows join when type, modality, actor, recipient and date (the
    event's own, else its article's publication date) agree and their locations do not
    differ (one may lack it); an event without a stored actor stays alone, as nothing says
    two of them are the same. The first row keeps its trigger and sentence."""
    rows = list_events(store, type, entity, date_from, date_to, limit=None, offset=0)
    groups: list[dict] = []
    open_by_key: dict[tuple, list[dict]] = {}
    for row in rows:
        key = _event_key(row)
        group = next((g for g in open_by_key.get(key, []) if _same_place(g, row)), None)
        if group is None:
            group = {**row, "date": key[4], "documents": [], "sources": 0}
            groups.append(group)
            if key[2] is not None:
                open_by_key.setdefault(key, []).append(group)
        group["location"] = group["location"] or row["location"]
        if row["document"] not in group["documents"]:
            group["documents"].append(row["document"])
            group["sources"] += 1
    return groups[offset : offset + limit]


def _event_key(row: dict) -> tuple:
    date = row["time"] or (str(row["published"])[:10] if row["published"] else None)
    return (row["type"], row["modality"], row["actor"], row["recipient"], date)


def _same_place(group: dict, row: dict) -> bool:
    return not group["location"] or not row["location"] or group["location"] == row["location"]


def timeline(
    store: Store,
    entity: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict]:
    """Dated facts (resolved DATE expressions) and events, by date, with their sentences.
    ``date_from``/``date_to`` here filter on the fact's own date; ``entity`` keeps the
    facts of the articles naming it and the events it takes part in."""
    kb_id = find_entity(store, entity) if entity else None
    if entity and kb_id is None:
        return []
    items = _timeline_events(store, kb_id) + _timeline_times(store, kb_id)
    items = [i for i in items if (not date_from or i["date"][:10] >= date_from)]
    items = [i for i in items if (not date_to or i["date"][:10] <= date_to)]
    items.sort(key=lambda i: (i["date"], i["document"], i["kind"], i["text"]))
    return items[offset : offset + limit]


def _timeline_events(store: Store, kb_id: str | None) -> list[dict]:
    e = events_table
    query = (
        select(e.c.time, e.c.type, e.c.text, e.c.sentence_text, documents.c.id)
        .join(documents, documents.c.seq == e.c.document)
        .where(e.c.time.is_not(None))
    )
    if kb_id:
        query = query.where(or_(e.c.actor == kb_id, e.c.recipient == kb_id))
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        {"date": r.time, "kind": "event", "type": r.type, "text": r.text, "document": r.id,
         "sentence": r.sentence_text}
        for r in rows
        if _is_date(r.time)
    ]  # fmt: skip


def _timeline_times(store: Store, kb_id: str | None) -> list[dict]:
    query = (
        select(times.c.value, times.c.text, times.c.start, documents.c.id, documents.c.analysis)
        .join(documents, documents.c.seq == times.c.document)
        .where(times.c.type == "DATE", times.c.value.is_not(None))
    )
    if kb_id:
        named = select(links.c.document).where(links.c.entity == kb_id)
        query = query.where(times.c.document.in_(named))
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        {"date": r.value, "kind": "time", "type": "DATE", "text": r.text, "document": r.id,
         "sentence": _sentence_at(r.analysis, r.start)}
        for r in rows
        if _is_date(r.value)
    ]  # fmt: skip


def _is_date(value: str | None) -> bool:
    return bool(value) and value[:4].isdigit()


def _sentence_at(analysis: dict, offset: int) -> str | None:
    text_ = analysis["document"]["text"]
    for s in analysis["sentences"]:
        if s["start"] <= offset < s["end"]:
            return text_[s["start"] : s["end"]]
    return None


def search(store: Store, query: str, limit: int = 20, offset: int = 0) -> list[dict]:
    """Ranked full-text search over titles and texts, with a snippet around the hits
    (SQLite FTS5 with bm25; PostgreSQL ``websearch_to_tsquery`` with ts_rank)."""
    if not query.strip():
        return []
    if store.dialect == "sqlite":
        sql = text(
            "SELECT d.id, d.published, d.title, -bm25(documents_fts) AS rank, "
            "snippet(documents_fts, 1, '[', ']', ' … ', 12) AS snippet "
            "FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid "
            "WHERE documents_fts MATCH :q ORDER BY bm25(documents_fts), d.seq "
            "LIMIT :limit OFFSET :offset"
        )
        params = {"q": _fts5_query(query)}
    else:
        sql = text(
            "SELECT d.id, d.published, d.title, "
            "ts_rank(to_tsvector('simple', coalesce(d.title, '') || ' ' || d.text), q) AS rank, "
            "ts_headline('simple', d.text, q, 'StartSel=[, StopSel=], MaxWords=20, "
            "MinWords=8') AS snippet "
            "FROM documents d, websearch_to_tsquery('simple', :q) q "
            "WHERE to_tsvector('simple', coalesce(d.title, '') || ' ' || d.text) @@ q "
            "ORDER BY rank DESC, d.seq LIMIT :limit OFFSET :offset"
        )
        params = {"q": query}
    with store.engine.connect() as conn:
        rows = conn.execute(sql, {**params, "limit": limit, "offset": offset}).all()
    return [dict(r._mapping) | {"rank": round(float(r.rank), 4)} for r in rows]


def _fts5_query(query: str) -> str:
    # Every word as a quoted FTS5 string: user text never reaches FTS5's query syntax.
    words = [w.replace('"', '""') for w in query.split()]
    return " ".join(f'"{w}"' for w in words)


def export_analyses(store: Store, batch: int = 200) -> Iterator[dict]:
    """Every stored Analysis (with ``kb_id``), in ingest order."""
    last = None
    while True:
        query = select(documents.c.seq, documents.c.analysis).order_by(documents.c.seq)
        if last is not None:
            query = query.where(documents.c.seq > last)
        with store.engine.connect() as conn:
            rows = conn.execute(query.limit(batch)).all()
        if not rows:
            return
        for row in rows:
            yield row.analysis
        last = rows[-1].seq
