"""What a store holds, as plain data, so two stores can be compared for "the same result".

Only the times a run was made at (``ingested_at``) are left out: everything
else — article ids and fields, every extraction record, events with their story
ids, stories, text reuse — must match exactly.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from dateline.store import Store

RUN_TIMES = ("ingested_at",)


def _without_run_times(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in RUN_TIMES}


def snapshot(url: str) -> dict[str, Any]:
    """Articles, extractions, events, stories and reuse of the store at ``url``, keyed by id."""
    with Store(url) as store:
        articles = {a.id: _without_run_times(a.model_dump(mode="json")) for a in store.articles(limit=None)}
        extractions = {}
        for article_id in articles:
            extraction = store.get_extraction(article_id)
            extractions[article_id] = None if extraction is None else extraction.model_dump(mode="json")
        events = {e.id: e.model_dump(mode="json") for e in store.events(limit=None)}
        stories = {s.id: s.model_dump(mode="json") for s in store.stories(limit=None)}
        reuse = sorted(
            (r.source_article_id, r.target_article_id, r.model_dump_json())
            for aid in articles for r in store.reuse_for(aid)
        )
    return {"articles": articles, "extractions": extractions, "events": events, "stories": stories,
            "reuse": sorted(set(reuse))}


def differences(expected: dict[str, Any], actual: dict[str, Any], limit: int = 8) -> list[str]:
    """Human-readable differences between two snapshots (empty when identical)."""
    found: list[str] = []
    for part, want in expected.items():
        got = actual[part]
        if want == got:
            continue
        if isinstance(want, dict):
            missing, extra = sorted(set(want) - set(got)), sorted(set(got) - set(want))
            changed = sorted(k for k in set(want) & set(got) if want[k] != got[k])
            found.append(f"{part}: {len(missing)} missing {missing[:3]}, {len(extra)} extra {extra[:3]}, "
                         f"{len(changed)} changed {changed[:3]}")
            for key in changed[:2]:
                fields = sorted(f for f in set(want[key] or {}) | set(got[key] or {})
                                if (want[key] or {}).get(f) != (got[key] or {}).get(f))
                found.append(f"  {part}[{key}] differs in {fields[:6]}")
        else:
            found.append(f"{part}: {len(want)} expected, {len(got)} found")
    return found[:limit]


def unextracted_articles(db_file: Path) -> list[str]:
    """Ids of stored articles without an extraction (the pipeline always stores the two together)."""
    with sqlite3.connect(db_file) as conn:
        return [row[0] for row in conn.execute("SELECT id FROM articles WHERE extracted_at IS NULL")]
