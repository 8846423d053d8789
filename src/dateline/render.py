"""What `dateline show` and the table commands print: views gathered from the store, rendered for humans.

A view bundles a record with what a reader needs beside it (an article with
everything extracted from it; an event with its article and story; a story
with its members side by side). Views are records too, so ``--json`` prints
the same content a terminal shows.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from dateline.model import (
    ActorMention,
    Article,
    Event,
    Extraction,
    PlaceMention,
    Record,
    Reuse,
    Story,
    TimeMention,
)


class ArticleView(Record):
    article: Article
    extraction: Extraction | None = None
    reuse: list[Reuse] = Field(default_factory=list)


class EventView(Record):
    event: Event
    article: Article
    story: Story | None = None


class StoryView(Record):
    story: Story
    events: list[Event]
    articles: list[Article]
    reuse: list[Reuse] = Field(default_factory=list)


def gather(store: Any, item_id: str) -> ArticleView | EventView | StoryView | None:
    """Find ``item_id`` among articles, events and stories (in that order) and bundle its context."""
    article = store.get_article(item_id)
    if article is not None:
        return ArticleView(article=article, extraction=store.get_extraction(item_id), reuse=store.reuse_for(item_id))
    event = store.get_event(item_id)
    if event is not None:
        story = store.get_story(event.story_id) if event.story_id else None
        return EventView(event=event, article=store.get_article(event.article_id), story=story)
    story = store.get_story(item_id)
    if story is not None:
        members = [store.get_event(eid) for eid in story.event_ids]
        arts = [store.get_article(aid) for aid in story.article_ids]
        reuse = [r for aid in story.article_ids for r in store.reuse_for(aid)]
        unique = {(r.source_article_id, r.target_article_id): r for r in reuse}
        return StoryView(story=story, events=[e for e in members if e], articles=[a for a in arts if a],
                         reuse=list(unique.values()))
    return None


# ---------------------------------------------------------------------------
# Table rows
# ---------------------------------------------------------------------------


def _clip(text: str | None, n: int) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _actor_label(mentions: list[ActorMention]) -> str:
    return ", ".join(m.actor.code or m.mention.text for m in mentions) or "?"


def event_date_label(event: Event) -> str:
    d = event.date
    if d.start is None:
        return "unknown"
    label = d.start.isoformat() if d.end in (None, d.start) else f"{d.start}..{d.end}"
    if d.rule.startswith("inferred"):
        return label + " (inferred)"
    return label + (" (pub. date)" if d.inferred else "")


def event_row(event: Event) -> dict[str, Any]:
    place = event.place
    where = place.place.mention.text if place.place else (place.country or "")
    if place.precision not in ("exact", "unresolved"):
        where = f"{where} ({place.precision})"
    return {
        "date": event_date_label(event),
        "type": event.type + (f"/{event.mode}" if event.mode else ""),
        "acled": event.acled_subtype or event.acled_type or "",
        "source → target": f"{_actor_label(event.sources)} → {_actor_label(event.targets) if event.targets else '—'}",
        "place": where,
        "modality": event.modality,
        "conf": f"{event.confidence:.2f}",
        "article": event.article_id[:8],
    }


def article_row(article: Article, *, as_json: bool) -> dict[str, Any]:
    if as_json:
        data = article.model_dump(mode="json", exclude={"text"})
        data["chars"] = len(article.text)
        return data
    return {
        "id": article.id,
        "published": article.published.isoformat() if article.published else "unknown",
        "found_in": article.published_found_in,
        "source": article.source or "",
        "kind": article.kind,
        "title": _clip(article.title or article.text, 60),
    }


def story_row(story: Story) -> dict[str, Any]:
    dates = "unknown" if story.start is None else (
        story.start.isoformat() if story.end in (None, story.start) else f"{story.start}..{story.end}")
    return {
        "id": story.id,
        "dates": dates,
        "type": story.type,
        "summary": _clip(story.summary, 70),
        "sources": len(story.article_ids),
        "independent": story.independent_sources,
        "events": len(story.event_ids),
        "disagreements": "; ".join(d.field for d in story.disagreements),
    }


# ---------------------------------------------------------------------------
# Full records
# ---------------------------------------------------------------------------


def _span(text: str, start: int, end: int) -> str:
    return f"[{start}:{end}] {text!r}"


def _render_place(p: PlaceMention) -> list[str]:
    head = f"  {p.mention.text!r} [{p.mention.start}:{p.mention.end}] {p.role}"
    if p.place is None:
        return [f"{head} → unresolved ({p.reason or 'no credible candidate'}) rule={p.rule}"]
    where = f"{p.place.name}, {p.place.admin1 or '?'}, {p.place.country or '?'} ({p.lat:.3f}, {p.lon:.3f})"
    lines = [f"{head} → {where} precision={p.precision} conf={p.confidence:.2f} rule={p.rule}"]
    if p.anchor is not None:
        lines.append(f"      anchor: {p.anchor.name} ({p.anchor.lat:.3f}, {p.anchor.lon:.3f}) radius≈{p.radius_km} km")
    if p.candidates:
        cands = "; ".join(f"{c.place.name} {c.place.country} {c.score:.2f}" for c in p.candidates[:5])
        lines.append(f"      candidates: {cands}")
    return lines


def _render_actor(a: ActorMention) -> str:
    act = a.actor
    aff = f" affiliations={'>'.join(act.affiliations)}" if act.affiliations else ""
    role = f" role={a.role}" if a.role else ""
    sponsor = f" sponsor={act.sponsor}" if act.sponsor else ""
    coded = act.code if a.coded and act.code else "uncoded"
    return (f"  {a.mention.text!r} [{a.mention.start}:{a.mention.end}] → {act.name} {coded} kind={act.kind} "
            f"country={act.country or '?'}{role}{aff}{sponsor} rule={a.rule}")


def _render_time(t: TimeMention) -> str:
    value = t.value or f"unresolved ({t.reason})"
    return (f"  {t.mention.text!r} [{t.mention.start}:{t.mention.end}] → {value} "
            f"granularity={t.granularity} anchor={t.anchor or '-'} rule={t.rule}")


def _render_event(e: Event, text: str | None = None) -> list[str]:
    row = event_row(e)
    lines = [f"  {e.id}  {row['date']}  {row['type']}  {row['acled']}  [{e.modality}, conf {e.confidence:.2f}]",
             f"    {row['source → target']}  at {row['place'] or 'unknown'} (rule: {e.place.rule}; date rule: {e.date.rule})"]
    if e.quantities:
        lines.append("    quantities: " + ", ".join(f"{q.kind}={q.value if q.value is not None else q.text}"
                                                     for q in e.quantities))
    lines.append(f"    evidence: {mark_evidence(e)}")
    if e.attributed_to:
        lines.append(f"    attributed to: {e.attributed_to} (copied passage)")
    return lines


def mark_evidence(event: Event) -> str:
    """The evidence sentence with the trigger in ⟦ ⟧ and actors in ⟨ ⟩, for terminals."""
    ev = event.evidence
    marks: list[tuple[int, int, str, str]] = [(event.trigger.start, event.trigger.end, "⟦", "⟧")]
    for m in event.sources + event.targets + event.coactors:
        marks.append((m.mention.start, m.mention.end, "⟨", "⟩"))
    text = ev.text
    for start, end, left, right in sorted(marks, key=lambda x: -x[0]):
        s, t = start - ev.start, end - ev.start
        if 0 <= s <= t <= len(text):
            text = text[:s] + left + text[s:t] + right + text[t:]
    return " ".join(text.split())


def render_record(view: Any) -> str:
    """A readable multi-line rendering of an article, event or story view."""
    if isinstance(view, ArticleView):
        return _render_article(view)
    if isinstance(view, EventView):
        return _render_event_view(view)
    if isinstance(view, StoryView):
        return _render_story(view)
    return view.to_json()


def _render_article(view: ArticleView) -> str:
    a = view.article
    pub = a.published.isoformat() if a.published else "unknown"
    lines = [f"article {a.id}", f"  title:     {a.title or '—'}", f"  source:    {a.source or '—'}  url: {a.url or '—'}",
             f"  published: {pub} (found in: {a.published_found_in}{'; ' + a.published_note if a.published_note else ''})"]
    if a.published_window:
        lines.append(f"  window:    {a.published_window[0]}..{a.published_window[1]} (inferred, not observed)")
    if a.dateline:
        agency = f" agency={a.dateline.agency}" if a.dateline.agency else ""
        lines.append(f"  dateline:  {a.dateline.place_text!r} [{a.dateline.start}:{a.dateline.end}]{agency}")
    lines.append(f"  kind:      {a.kind}" + (f" (cues: {', '.join(a.kind_cues)})" if a.kind_cues else ""))
    if a.near_duplicate_of:
        lines.append(f"  near-duplicate of {a.near_duplicate_of} (Jaccard ≈ {a.near_duplicate_score})")
    lines.append(f"  origin:    {a.origin or '—'}  language: {a.language}  chars: {len(a.text)}")
    x = view.extraction
    if x is not None:
        lines.append(f"places ({len(x.places)}):")
        for p in x.places:
            lines.extend(_render_place(p))
        lines.append(f"actors ({len(x.actors)}):")
        lines.extend(_render_actor(m) for m in x.actors)
        lines.append(f"times ({len(x.times)}):")
        lines.extend(_render_time(t) for t in x.times)
        lines.append(f"events ({len(x.events)}):")
        for e in x.events:
            lines.extend(_render_event(e))
    if view.reuse:
        lines.append("text reuse:")
        for r in view.reuse:
            lines.append(f"  {r.source_article_id} → {r.target_article_id} ({r.direction}): {len(r.spans)} passages, "
                         f"{r.source_share:.0%} of source, {r.target_share:.0%} of target")
    return "\n".join(lines)


def _render_event_view(view: EventView) -> str:
    e, a = view.event, view.article
    lines = [f"event {e.id} in article {a.id} ({a.source or a.origin or '—'})"]
    lines.extend(_render_event(e))
    lines.append(f"  PLOVER {e.type}/{e.mode or '-'} quad={e.quad or '-'} context={','.join(e.context) or '-'}; "
                 f"ACLED {e.acled_type or '-'} / {e.acled_subtype or '-'}; CAMEO {e.cameo_root or '-'}")
    if e.claimant:
        lines.append(f"  claimed by: {e.claimant.mention.text}")
    if view.story:
        lines.append(f"  story {view.story.id}: {len(view.story.article_ids)} sources, "
                     f"{view.story.independent_sources} independent")
    return "\n".join(lines)


def _render_story(view: StoryView) -> str:
    s = view.story
    row = story_row(s)
    lines = [f"story {s.id}  {row['dates']}  {s.type}  {s.summary}",
             f"  sources: {len(s.article_ids)} articles, {s.independent_sources} independent; earliest report: "
             f"{s.earliest_article_id or 'unknown'}"]
    by_article = {a.id: a for a in view.articles}
    for e in view.events:
        art = by_article.get(e.article_id)
        label = (art.source or art.origin or art.id) if art else e.article_id
        lines.append(f"  — {label} [{e.article_id[:8]}] {event_date_label(e)}: {mark_evidence(e)}")
    for d in s.disagreements:
        vals = "; ".join(f"{k[:8]}={v}" for k, v in d.values.items())
        lines.append(f"  disagreement on {d.field}: {vals}")
    for r in view.reuse:
        lines.append(f"  reuse {r.source_article_id[:8]} → {r.target_article_id[:8]} ({r.direction}): "
                     f"{len(r.spans)} passages, {r.target_share:.0%} of the copy")
    return "\n".join(lines)


def render_stats(data: dict[str, Any]) -> str:
    """Counts as aligned text: totals first, then each breakdown."""
    lines = []
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines.extend(f"  {k:<24} {v}" for k, v in value.items())
        else:
            lines.append(f"{key:<26} {value}")
    return "\n".join(lines)
