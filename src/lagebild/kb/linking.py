"""Store-side linking: an article's entities join stored entities, each link with its reason.

Two steps, so that the cost does not grow with the store: *blocking* finds the candidates
through an index of keys (``entity_keys``), then the matcher's *decision* compares the
article name with each candidate's name and aliases. The default matcher knows exact
names only (normalised: case and spacing folded), rule ``same-name``; the name-variant
matcher (``lagebild.kb.names``) plugs in through the same two functions.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Connection, func, insert, select

from ..analysis import Entity
from .schema import entity_keys, kb_entities, links


@dataclass(frozen=True)
class Match:
    """Why two names are taken for one entity: the rule that decided, and its score 0–1."""

    rule: str
    score: float


class NameMatcher(Protocol):
    def blocking_keys(self, name: str, type: str) -> set[str]: ...

    def compare(self, a: str, b: str) -> Match | None: ...


def normalise(name: str) -> str:
    """Case-folded, NFC, single-spaced: the exact-name key."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


class ExactMatcher:
    """The default: the same normalised name (and, through the key, the same type)."""

    def blocking_keys(self, name: str, type: str) -> set[str]:
        return {f"{type}:{normalise(name)}"}

    def compare(self, a: str, b: str) -> Match | None:
        return Match("same-name", 1.0) if normalise(a) == normalise(b) else None


@dataclass(frozen=True)
class Link:
    kb_id: str
    rule: str  # "new" when the entity was created for this article
    score: float


class Linker:
    """Links article entities inside the caller's transaction (the store holds its write lock,
    so the next id and the candidates cannot change underneath)."""

    def __init__(self, matcher: NameMatcher | None = None):
        self.matcher = matcher or ExactMatcher()

    def link(self, conn: Connection, entity: Entity) -> Link:
        best: tuple[str, Match] | None = None
        candidates = self._candidates(conn, entity)
        for kb_id, name in candidates:
            for known in [name, *self._linked_names(conn, kb_id)]:
                match = self._compare(entity, known, unambiguous=len(candidates) == 1)
                if match and (best is None or match.score > best[1].score):
                    best = (kb_id, match)
        if best:
            self._add_keys(conn, best[0], entity)
            return Link(best[0], best[1].rule, best[1].score)
        return Link(self._create(conn, entity), "new", 1.0)

    def _compare(self, entity: Entity, known: str, unambiguous: bool) -> Match | None:
        # A matcher that knows types and the store's context (lagebild.kb.names) gets them:
        # a bare surname joins a full name only when it has one candidate in the store.
        typed = getattr(self.matcher, "compare_typed", None)
        if typed:
            return typed(entity.name, known, entity.type, unambiguous)
        return self.matcher.compare(entity.name, known)

    def _candidates(self, conn: Connection, entity: Entity) -> list[tuple[str, str]]:
        keys = self.matcher.blocking_keys(entity.name, entity.type)
        query = (
            select(kb_entities.c.id, kb_entities.c.name)
            .join(entity_keys, entity_keys.c.entity == kb_entities.c.id)
            .where(entity_keys.c.key.in_(keys), kb_entities.c.type == entity.type)
            .distinct()
            .order_by(kb_entities.c.id)
        )
        return [(row.id, row.name) for row in conn.execute(query)]

    def _linked_names(self, conn: Connection, kb_id: str) -> list[str]:
        # The names under which articles have joined this entity (not every surface form:
        # a bare "Müller" alias must not pull in every other Müller).
        query = select(links.c.name).where(links.c.entity == kb_id).distinct()
        return sorted(set(conn.scalars(query)))

    def _create(self, conn: Connection, entity: Entity) -> str:
        # The next number, not a sequence: a rolled-back document consumes no id, so a
        # re-run after a crash hands out the same ids as a clean run.
        number = conn.scalar(select(func.count()).select_from(kb_entities)) + 1
        kb_id = f"K{number}"
        conn.execute(
            insert(kb_entities).values(
                id=kb_id,
                name=entity.name,
                type=entity.type,
                key=normalise(entity.name),
                mentions=0,
                documents=0,
            )
        )
        self._add_keys(conn, kb_id, entity)
        return kb_id

    def _add_keys(self, conn: Connection, kb_id: str, entity: Entity) -> None:
        keys = self.matcher.blocking_keys(entity.name, entity.type)
        known = set(conn.scalars(select(entity_keys.c.key).where(entity_keys.c.entity == kb_id)))
        new = sorted(keys - known)
        if new:
            conn.execute(insert(entity_keys), [{"entity": kb_id, "key": k} for k in new])
