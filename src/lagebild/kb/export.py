"""``lagebild export``: the stored analyses as JSON lines, or their mentions as a table."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator

from ..errors import UsageError
from .queries import export_analyses
from .store import Store

MENTION_COLUMNS = ("document", "published", "start", "end", "text", "type", "kind",
                   "kb_id", "entity_name")  # fmt: skip


def mention_rows(store: Store) -> Iterator[dict]:
    """One row per mention, with the stored entity it belongs to."""
    for analysis in export_analyses(store):
        d = analysis["document"]
        by_local = {e["id"]: e for e in analysis["entities"]}
        for m in analysis["mentions"]:
            entity = by_local.get(m.get("entity")) or {}
            yield {
                "document": d["id"], "published": d["published"], "start": m["start"],
                "end": m["end"], "text": m["text"], "type": m["type"], "kind": m.get("kind"),
                "kb_id": entity.get("kb_id"), "entity_name": entity.get("name"),
            }  # fmt: skip


def write_export(store: Store, fmt: str, out: str | None) -> None:
    if fmt == "parquet":
        _parquet(store, out)
        return
    handle = open(out, "w", encoding="utf-8", newline="") if out else sys.stdout
    try:
        if fmt == "jsonl":
            for analysis in export_analyses(store):
                handle.write(json.dumps(analysis, ensure_ascii=False) + "\n")
        else:
            writer = csv.DictWriter(handle, fieldnames=MENTION_COLUMNS)
            writer.writeheader()
            writer.writerows(mention_rows(store))
    finally:
        if out:
            handle.close()


def _parquet(store: Store, out: str | None) -> None:
    if not out:
        raise UsageError("--format parquet needs --out FILE")
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError("parquet export needs pyarrow: pip install 'lagebild[parquet]'") from None
    rows = list(mention_rows(store))
    table = pa.Table.from_pylist(rows) if rows else pa.table({c: [] for c in MENTION_COLUMNS})
    pq.write_table(table, out)
