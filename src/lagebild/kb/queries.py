"""Read the store: every listing and profile the commands, the API and the pages show.

Each function takes a ``Store`` and returns plain dicts (JSON-ready: strings, numbers,
lists), so the CLI prints them and the web layer serves them as they are. Listings take
``limit``/``offset``; dated ones ``date_from``/``date_to`` (``YYYY-MM-DD``, inclusive,
on the document's publication date). The names of these functions and of their keys are
the contract (the README lists the columns).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from itertools import combinations

from sqlalchemy import (
    Connection,
    Integer,
    Text,
    and_,
    cast,
    func,
    literal_column,
    null,
    or_,
    select,
    text,
    union_all,
)

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
                 "confidence", "actor_text", "recipient_text")  # fmt: skip
EVENT_GROUP_COLUMNS = ("date", "type", "modality", "actor_name", "recipient_name", "location",
                       "sources", "documents", "trigger", "sentence", "actor_text",
                       "recipient_text")  # fmt: skip
TIMELINE_COLUMNS = ("date", "kind", "type", "text", "document", "sentence")
SEARCH_COLUMNS = ("id", "published", "title", "rank", "snippet")  # + excerpt, hits

# The aliases the queries join, made once: an alias built per call copies every column of its
# table, which cost an entity profile more than its SQL did.
SPEAKER = kb_entities.alias("speaker")
ACTOR, RECIPIENT = kb_entities.alias("actor"), kb_entities.alias("recipient")
MINE, OTHER = links.alias("mine"), links.alias("other")


def _dated(query, date_from: str | None, date_to: str | None):
    if date_from:
        query = query.where(documents.c.published >= date_from)
    if date_to:
        query = query.where(documents.c.published <= date_to)
    return query


# The connection of a ``reading`` block, used by every query inside it.
_READING: ContextVar[Connection | None] = ContextVar("lagebild_reading", default=None)


@contextmanager
def reading(store: Store) -> Iterator[None]:
    """Every query of the block on one connection, in one read transaction: a page of many
    queries (an entity's profile: a dozen) sees one state of the store, and pays for one
    connection instead of one per query. Nested blocks share the outer one."""
    if _READING.get() is not None:
        yield
        return
    with store.engine.connect() as conn:
        token = _READING.set(conn)
        try:
            yield
        finally:
            _READING.reset(token)


def _connect(store: Store):
    conn = _READING.get()
    if conn is not None and conn.engine is store.engine:
        return nullcontext(conn)
    return store.engine.connect()


def _order(column, descending: bool):
    return column.desc() if descending else column


def _rows(store: Store, query) -> list[dict]:
    with _connect(store) as conn:
        result = conn.execute(query)
        keys = list(result.keys())  # once, not per row (row._mapping was a third of a page)
        return [dict(zip(keys, row, strict=True)) for row in result]


def overview(store: Store) -> dict:
    """Counts of everything stored, and the date range of the documents."""
    tables = {"documents": documents, "entities": kb_entities, "mentions": mentions,
              "quotes": quotes, "events": events_table, "times": times}  # fmt: skip
    # one statement, not seven: the overview is the most requested page
    query = select(
        *(
            select(func.count()).select_from(t).scalar_subquery().label(n)
            for n, t in tables.items()
        ),
        select(func.min(documents.c.published)).scalar_subquery().label("first_published"),
        select(func.max(documents.c.published)).scalar_subquery().label("last_published"),
    )
    return _rows(store, query)[0]


def list_documents(
    store: Store,
    q: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 50,
    offset: int = 0,
    newest: bool = False,
) -> list[dict]:
    """Documents in ingest order (``newest``: the last ingested first); ``q`` filters on a
    title substring."""
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
    query = _dated(query, date_from, date_to).order_by(_order(documents.c.seq, newest))
    rows = _rows(store, query.limit(limit).offset(offset))
    for row in rows:
        row["ingested"] = row["ingested"].isoformat() if row["ingested"] else None
    return rows


def get_document(store: Store, doc_id: str) -> dict | None:
    """One document: its columns, the pipeline that analysed it and its stored Analysis."""
    with _connect(store) as conn:
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
    with _connect(store) as conn:
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
    with _connect(store) as conn:
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
    mine, other = MINE, OTHER
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


def mentions_by_month(store: Store, kb_id: str) -> list[dict]:
    """An entity's mentions per month of publication (``YYYY-MM``), in order of months;
    articles without a date are left out."""
    month = func.substr(documents.c.published, 1, 7).label("month")
    query = (
        select(month, func.sum(links.c.mentions).label("mentions"))
        .select_from(links)
        .join(documents, documents.c.seq == links.c.document)
        .where(links.c.entity == kb_id, documents.c.published.is_not(None))
        .group_by(month)
        .order_by(month)
    )
    return [{"month": r["month"], "mentions": r["mentions"] or 0} for r in _rows(store, query)]


def list_quotes(
    store: Store,
    speaker: str | None = None,
    q: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 50,
    offset: int = 0,
    newest: bool = False,
) -> list[dict]:
    """Quotes in ingest order (``newest``: the last ingested first); ``speaker`` is a kb id,
    name or alias; ``q`` a substring of the text."""
    speaker_entity = SPEAKER
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
    query = _dated(query, date_from, date_to).order_by(
        _order(quotes.c.document, newest), _order(quotes.c.n, newest)
    )
    return _rows(store, query.limit(limit).offset(offset))


def list_events(
    store: Store,
    type: str | None = None,
    entity: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
    newest: bool = False,
) -> list[dict]:
    """Events, one row per stored event in ingest order (``newest``: the last ingested
    first; ``limit=None``: all); ``entity`` (kb id, name or alias) as actor or recipient."""
    actor, recipient = ACTOR, RECIPIENT
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
            e.c.actor_text,
            e.c.recipient_text,
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
    query = _dated(query, date_from, date_to).order_by(
        _order(e.c.document, newest), _order(e.c.n, newest)
    )
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
    type: str | None = None,
) -> list[dict]:
    """Dated facts (resolved DATE expressions) and events, by date (then ingest order),
    with their sentences
    (``sentence_index``: its number in the article, for a link to it). ``date_from``/
    ``date_to`` here filter on the fact's own date; ``entity`` keeps the facts of the
    articles naming it and the events it takes part in; ``type`` keeps one kind (DATE or
    an event type)."""
    kb_id = find_entity(store, entity) if entity else None
    if entity and kb_id is None:
        return []
    kind = type.upper() if type else None
    parts = []
    if kind in (None, "DATE"):
        parts.append(_timeline_times(store, kb_id, date_from, date_to))
    if kind != "DATE":
        parts.append(_timeline_events(store, kb_id, date_from, date_to, kind))
    # sorted and paged in the database, without the wide documents table: only the page's
    # rows reach Python, and only their articles are read. The ORDER BY is the compound
    # select's own (not of a subquery around it): SQLite then merges the two parts, each
    # read in order from its date index, instead of sorting every dated row.
    both = parts[0] if len(parts) == 1 else union_all(*parts)
    by = both.selected_columns
    query = both.order_by(by.date, by.seq, by.kind, by.text).limit(limit).offset(offset)
    items = _rows(store, query)
    _fill_documents(store, items)
    return [{c: i[c] for c in (*TIMELINE_COLUMNS, "sentence_index")} for i in items]


def _dated_value(query, column, store: Store, date_from, date_to):
    """Values that start with a year (``2024-11-26``, ``2024-W48``; not ``PRESENT_REF`` or
    ``XXXX-11-26``), within the dates on their first ten characters."""
    if store.dialect == "sqlite":
        query = query.where(func.substr(column, 1, 4).op("GLOB")("[0-9][0-9][0-9][0-9]"))
    else:
        query = query.where(column.op("~")("^[0-9]{4}"))
    if date_from:
        query = query.where(func.substr(column, 1, 10) >= date_from)
    if date_to:
        query = query.where(func.substr(column, 1, 10) <= date_to)
    return query


def _timeline_events(store: Store, kb_id, date_from, date_to, kind):
    e = events_table
    query = select(
        e.c.time.label("date"),
        literal_column("'event'").label("kind"),
        e.c.type.label("type"),
        e.c.text.label("text"),
        e.c.sentence_text.label("sentence"),
        e.c.sentence.label("sentence_index"),
        e.c.document.label("seq"),
        e.c.start.label("start"),
    )
    if kind:
        query = query.where(e.c.type == kind)
    if kb_id:
        query = query.where(or_(e.c.actor == kb_id, e.c.recipient == kb_id))
    return _dated_value(query, e.c.time, store, date_from, date_to)


def _timeline_times(store: Store, kb_id, date_from, date_to):
    query = select(
        times.c.value.label("date"),
        literal_column("'time'").label("kind"),
        literal_column("'DATE'").label("type"),
        times.c.text.label("text"),
        cast(null(), Text).label("sentence"),
        cast(null(), Integer).label("sentence_index"),
        times.c.document.label("seq"),
        times.c.start.label("start"),
    ).where(times.c.type == "DATE")
    if kb_id:
        named = select(links.c.document).where(links.c.entity == kb_id)
        query = query.where(times.c.document.in_(named))
    return _dated_value(query, times.c.value, store, date_from, date_to)


def _fill_documents(store: Store, items: list[dict]) -> None:
    """The document id of each item on the page, and the sentence (text and number) of each
    dated fact, from the sentences of only these articles."""
    seqs = {i["seq"] for i in items}
    if not seqs:
        return
    query = select(documents.c.seq, documents.c.id, documents.c.text_hash)
    with _connect(store) as conn:
        docs = {r.seq: r for r in conn.execute(query.where(documents.c.seq.in_(seqs)))}
    for item in items:
        item["document"] = docs[item["seq"]].id
    dated = [i for i in items if i["kind"] == "time"]
    sentences = _sentences(store, {docs[i["seq"]].text_hash: i["seq"] for i in dated})
    for item in dated:
        item["sentence_index"], item["sentence"] = _sentence_at(
            sentences[docs[item["seq"]].text_hash], item["start"]
        )


# (store url, text sha256) -> the article's sentences as (start, end, text). A stored text
# keeps its Analysis (the same text is never re-analysed), so an entry never goes stale;
# it spares reading (and SQLite parsing) the whole Analysis JSON for a few sentence bounds.
_SENTENCE_CACHE: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
_SENTENCE_CACHE_SIZE = 5000


def _sentences(store: Store, seq_of_hash: dict[str, int]) -> dict[str, list]:
    found = {h: _SENTENCE_CACHE.get((store.url, h)) for h in seq_of_hash}
    missing = [seq_of_hash[h] for h, got in found.items() if got is None]
    if missing:
        query = select(
            documents.c.text_hash,
            documents.c.text,
            documents.c.analysis["sentences"].label("sentences"),
        ).where(documents.c.seq.in_(missing))
        with _connect(store) as conn:
            for r in conn.execute(query):
                bounds = [(s["start"], s["end"]) for s in r.sentences or []]
                found[r.text_hash] = [(a, b, r.text[a:b]) for a, b in bounds]
                if len(_SENTENCE_CACHE) >= _SENTENCE_CACHE_SIZE:
                    _SENTENCE_CACHE.clear()
                _SENTENCE_CACHE[(store.url, r.text_hash)] = found[r.text_hash]
    return found


def _sentence_at(sentences: list[tuple[int, int, str]], offset: int):
    for n, (start, end, text_) in enumerate(sentences):
        if start <= offset < end:
            return n, text_
    return None, None


# Hit markers of the snippets: control characters, which news text does not hold (an
# article that does gets its snippet without marks rather than marks in the wrong place).
HIT_OPEN, HIT_CLOSE = "\x02", "\x03"


def search(store: Store, query: str, limit: int = 20, offset: int = 0) -> list[dict]:
    """Ranked full-text search over titles and texts, with a snippet around the hits
    (SQLite FTS5 with bm25; PostgreSQL ``websearch_to_tsquery`` with ts_rank): ``snippet``
    with the hits in brackets, ``excerpt`` the same text unmarked and ``hits`` the
    ``[start, end]`` offsets of the hits in it (for markup made by its reader)."""
    if not query.strip():
        return []
    if store.dialect == "sqlite":
        # The page is ranked first, and only its rows get a snippet: with the snippet in
        # the ranked query, SQLite made one for every match (a common word: ~all articles).
        sql = text(
            "WITH page AS MATERIALIZED (SELECT rowid AS seq, bm25(documents_fts) AS score "
            "FROM documents_fts WHERE documents_fts MATCH :q ORDER BY score, rowid "
            "LIMIT :limit OFFSET :offset) "
            "SELECT d.id, d.published, d.title, -page.score AS rank, "
            "snippet(documents_fts, 1, :open, :close, ' … ', 12) AS marked, "
            "instr(d.text, :open) + instr(d.text, :close) > 0 AS ambiguous "
            "FROM page CROSS JOIN documents_fts CROSS JOIN documents d "
            "WHERE documents_fts.rowid = page.seq AND documents_fts MATCH :q "
            "AND d.seq = page.seq ORDER BY page.score, page.seq"
        )
        params = {"q": _fts5_query(query)}
    else:
        sql = text(
            "SELECT d.id, d.published, d.title, "
            "ts_rank(to_tsvector('simple', coalesce(d.title, '') || ' ' || d.text), q) AS rank, "
            "ts_headline('simple', d.text, q, :options) AS marked, "
            "strpos(d.text, :open) + strpos(d.text, :close) > 0 AS ambiguous "
            "FROM documents d, websearch_to_tsquery('simple', :q) q "
            "WHERE to_tsvector('simple', coalesce(d.title, '') || ' ' || d.text) @@ q "
            "ORDER BY rank DESC, d.seq LIMIT :limit OFFSET :offset"
        )
        options = f"StartSel={HIT_OPEN}, StopSel={HIT_CLOSE}, MaxWords=20, MinWords=8"
        params = {"q": query, "options": options}
    params |= {"open": HIT_OPEN, "close": HIT_CLOSE, "limit": limit, "offset": offset}
    with _connect(store) as conn:
        rows = conn.execute(sql, params).all()
    return [_search_hit(r) for r in rows]


def _search_hit(row) -> dict:
    excerpt, hits = _unmarked(row.marked or "", bool(row.ambiguous))
    marked, last = [], 0
    for start, end in hits:
        marked += [excerpt[last:start], "[", excerpt[start:end], "]"]
        last = end
    marked.append(excerpt[last:])
    return {
        "id": row.id,
        "published": row.published,
        "title": row.title,
        "rank": round(float(row.rank), 4),
        "snippet": "".join(marked),
        "excerpt": excerpt,
        "hits": hits,
    }


def _unmarked(marked: str, ambiguous: bool) -> tuple[str, list[list[int]]]:
    """The snippet without its markers, and the offsets of the marked hits in it."""
    if ambiguous:
        return marked.replace(HIT_OPEN, "").replace(HIT_CLOSE, ""), []
    out, hits, start = [], [], None
    length = 0
    for char in marked:
        if char == HIT_OPEN:
            start = length
        elif char == HIT_CLOSE:
            if start is not None and length > start:
                hits.append([start, length])
            start = None
        else:
            out.append(char)
            length += 1
    return "".join(out), hits


def _fts5_query(query: str) -> str:
    # Every word as a quoted FTS5 string: user text never reaches FTS5's query syntax.
    words = [w.replace('"', '""') for w in query.split()]
    return " ".join(f'"{w}"' for w in words)


def graph_nodes(
    store: Store,
    type: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 40,
) -> list[dict]:
    """The actor graph's nodes: the entities most mentioned in the articles of the dates
    (all articles without dates), with ``mentions`` counted in those articles only."""
    if not date_from and not date_to:
        return list_entities(store, type=type, limit=limit)
    counted = func.sum(links.c.mentions).label("mentions")
    query = (
        select(kb_entities.c.id, kb_entities.c.name, kb_entities.c.type, counted)
        .select_from(links)
        .join(documents, documents.c.seq == links.c.document)
        .join(kb_entities, kb_entities.c.id == links.c.entity)
        .group_by(kb_entities.c.id, kb_entities.c.name, kb_entities.c.type)
        .having(counted > 0)
        .order_by(counted.desc(), kb_entities.c.name, kb_entities.c.id)
    )
    if type:
        query = query.where(kb_entities.c.type == type.upper())
    return _rows(store, _dated(query, date_from, date_to).limit(limit))


def graph_edges(
    store: Store, ids: list[str], date_from: str | None = None, date_to: str | None = None
) -> tuple[list[dict], list[dict]]:
    """The actor graph's edges among ``ids`` in the articles of the dates: events counted
    by (actor, recipient, type), and co-mentions by shared articles."""
    e = events_table
    n_events = func.count().label("weight")
    events_query = (
        select(e.c.actor, e.c.recipient, e.c.type, n_events)
        .join(documents, documents.c.seq == e.c.document)
        .where(e.c.actor.in_(ids), e.c.recipient.in_(ids), e.c.actor != e.c.recipient)
        .group_by(e.c.actor, e.c.recipient, e.c.type)
    )
    named = select(links.c.entity, links.c.document).where(links.c.entity.in_(ids))
    if date_from or date_to:
        named = _dated(
            named.join(documents, documents.c.seq == links.c.document), date_from, date_to
        )
    return _rows(store, _dated(events_query, date_from, date_to)), _pairs(_rows(store, named))


def _pairs(named: list[dict]) -> list[dict]:
    # counted here, not by a self-join of links: the most named entities are in hundreds of
    # articles each, and the join's rows grow with the square of that
    by_document: dict[int, set[str]] = {}
    for row in named:
        by_document.setdefault(row["document"], set()).add(row["entity"])
    shared: Counter = Counter()
    for entities in by_document.values():
        shared.update(combinations(sorted(entities), 2))
    return [{"source": a, "target": b, "shared": n} for (a, b), n in sorted(shared.items())]


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
