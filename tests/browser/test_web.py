"""The web app in a real browser: map, timeline brush, evidence highlighting, and hostile article text.

Screenshots of the main views go to docs/screenshots/ (the README shows them).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlparse

import pytest

from tests.browser.support import XSS_ARTICLE, screenshot

WAIT = 30_000  # ms: generous for a loaded CI machine


def open_main(page, server, query: str = "") -> None:
    page.goto(server.url + "/" + query)
    page.wait_for_selector("table.events tbody tr, .pager .count", timeout=WAIT)
    page.wait_for_selector(".leaflet-overlay-pane svg path", state="attached", timeout=WAIT)  # outlines drawn


def marker_total(page) -> int:
    """Events on the map: one per single marker plus each cluster's count."""
    singles = page.locator(".leaflet-marker-pane .pin").count()
    clusters = page.eval_on_selector_all(".leaflet-marker-pane .cluster", "els => els.map(e => +e.dataset.count)")
    return singles + sum(clusters)


def zoom_out_fully(page) -> None:
    """Zoom out to the whole world, where no event can be outside the view."""
    while "leaflet-disabled" not in (page.get_attribute(".leaflet-control-zoom-out", "class") or ""):
        page.click(".leaflet-control-zoom-out")
        page.wait_for_timeout(400)
    page.wait_for_timeout(400)


def list_count(page) -> int:
    text = page.locator(".pager .count").inner_text()
    match = re.search(r"of (\d+)", text)
    return int(match.group(1)) if match else 0


def wait_for_count(page, n: int) -> None:
    # A function, not an expression: the page's policy forbids eval, which expressions would need.
    page.wait_for_function("(n) => document.querySelector('.pager .count').textContent.includes('of ' + n)",
                           arg=n, timeout=WAIT)


def test_map_shows_the_example_events(page, example_server):
    tab, watch = page
    open_main(tab, example_server)
    located = example_server.api("/map")["total"]
    assert located > 10
    tab.wait_for_selector(".leaflet-marker-pane .leaflet-marker-icon", timeout=WAIT)
    assert tab.locator(".leaflet-overlay-pane svg path").count() > 100, "country outlines come from the vendored data"
    assert list_count(tab) == example_server.api("/events?limit=1")["total"]
    assert tab.locator("table.events tbody tr").count() == min(50, list_count(tab))
    screenshot(tab, "map")
    zoom_out_fully(tab)
    assert marker_total(tab) == located, "every located event is on the map, alone or in a cluster"
    assert not watch.errors and not watch.dialogs


def test_timeline_brush_filters_the_list_and_the_map(page, example_server):
    tab, watch = page
    open_main(tab, example_server)
    before = list_count(tab)
    bars = tab.locator(".timeline-svg .bar")
    assert bars.count() > 3
    # Drag from the second bar with events to the fourth: a range that leaves events out on both sides.
    first, last = bars.nth(1).bounding_box(), bars.nth(3).bounding_box()
    tab.mouse.move(first["x"] + first["width"] / 2, first["y"] + first["height"] - 2)
    tab.mouse.down()
    tab.mouse.move(last["x"] + last["width"] / 2, last["y"] + last["height"] - 2, steps=5)
    tab.mouse.up()
    tab.wait_for_url(re.compile(r"date_from=.*date_to="), timeout=WAIT)
    query = parse_qs(urlparse(tab.url).query)
    date_from, date_to = query["date_from"][0], query["date_to"][0]
    expected = example_server.api(f"/events?limit=1&date_from={date_from}&date_to={date_to}")["total"]
    wait_for_count(tab, expected)
    assert 0 < expected < before
    for row_date in tab.eval_on_selector_all("table.events tbody tr", "rows => rows.map(r => r.dataset.date)"):
        assert row_date and row_date <= date_to, row_date
    located = example_server.api(f"/map?date_from={date_from}&date_to={date_to}")["total"]
    tab.wait_for_function("(n) => document.getElementById('map-note').textContent.includes(n + ' located')",
                          arg=located, timeout=WAIT)
    assert tab.locator("#timeline .brush").get_attribute("visibility") == "visible"
    tab.go_back()
    wait_for_count(tab, before)
    assert not watch.errors and not watch.dialogs


def test_timeline_works_from_the_keyboard(page, example_server):
    tab, _ = page
    open_main(tab, example_server)
    tab.focus(".timeline-svg")
    tab.keyboard.press("ArrowLeft")
    tab.keyboard.press("Shift+ArrowRight")
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r"date_from="), timeout=WAIT)
    assert "Selected" in tab.locator(".timeline-status").inner_text()


def earliest_report_event(server, story: dict) -> dict:
    """The story's event as told by its earliest report (else its first event), with its detail."""
    events = server.api(f"/events?story_id={story['id']}&limit=100")["events"]
    first = [e for e in events if e["article_id"] == story["earliest_article_id"]] or events
    return server.api(f"/events/{first[0]['id']}")


def multi_source_event(server) -> dict:
    stories = server.api("/stories?limit=1000")["stories"]
    story = max(stories, key=lambda s: (len(s["article_ids"]), s["id"]))
    assert len(story["article_ids"]) > 1
    return earliest_report_event(server, story)


def test_event_page_highlights_its_evidence_and_shows_every_source(page, example_server):
    tab, watch = page
    detail = multi_source_event(example_server)
    event = detail["event"]
    tab.goto(f"{example_server.url}/event/{event['id']}")
    tab.wait_for_selector("#evidence mark.k-trigger", timeout=WAIT)
    assert tab.locator("#evidence").inner_text().strip() == event["evidence"]["text"].strip()
    assert tab.locator("#evidence mark.k-trigger").first.inner_text() == event["trigger"]["text"]
    in_sentence = [m["mention"]["text"] for m in event["sources"] + event["targets"]
                   if event["evidence"]["start"] <= m["mention"]["start"] < event["evidence"]["end"]]
    marked = tab.eval_on_selector_all("#evidence mark.k-actor", "els => els.map(e => e.textContent)")
    for text in in_sentence:
        assert text in " ".join(marked), text
    tab.wait_for_selector(".source-col", timeout=WAIT)
    assert tab.locator(".source-col").count() == len(detail["story"]["article_ids"])
    assert tab.locator(".source-col mark.k-copied").count() > 0, "copied passages are marked"
    assert tab.locator(".source-col .member.focus").count() == 1
    screenshot(tab, "event")
    tab.evaluate("() => document.getElementById('src-h').scrollIntoView()")
    screenshot(tab, "event-sources")
    assert not watch.errors and not watch.dialogs


def test_article_page_highlights_every_kind_of_span(page, example_server):
    tab, watch = page
    detail = multi_source_event(example_server)
    tab.goto(f"{example_server.url}/article/{detail['event']['article_id']}")
    tab.wait_for_selector("#article-text mark", timeout=WAIT)
    for kind in ("evidence", "trigger", "actor", "place", "time", "copied"):
        assert tab.locator(f"#article-text mark.k-{kind}").count() > 0, kind
    assert tab.locator("#article-text").inner_text().replace("\n", "") == \
        example_server.api(f"/articles/{detail['event']['article_id']}")["article"]["text"].replace("\n", "")
    tab.uncheck(".legend input >> nth=0")
    assert tab.locator("#article-text.hide-evidence").count() == 1
    tab.check(".legend input >> nth=0")
    screenshot(tab, "article")
    assert not watch.errors and not watch.dialogs


def hostile_article_id(server) -> str:
    found = server.api("/articles?q=Jalalabad&limit=5")["articles"]
    (article,) = [a for a in found if a["title"] == XSS_ARTICLE["title"]]
    return article["id"]


def assert_inert(tab, watch) -> None:
    """Nothing from the article ran or became live markup."""
    assert not watch.dialogs, watch.dialogs
    assert tab.evaluate("window.__pwned === undefined")
    scripts = tab.eval_on_selector_all("script", "els => els.map(e => e.getAttribute('src') || 'INLINE')")
    assert all(src.startswith("/static/") for src in scripts), scripts
    handlers = tab.evaluate("""() => [...document.querySelectorAll('*')].flatMap(el =>
        [...el.attributes].filter(a => /^on/i.test(a.name)).map(a => el.tagName + ' ' + a.name))""")
    assert handlers == []
    assert tab.locator("img[src='x'], iframe, svg[onload], b[onmouseover]").count() == 0
    assert tab.locator("a[href^='javascript' i]").count() == 0


def test_hostile_article_text_is_inert_everywhere(page, example_server):
    tab, watch = page
    article_id = hostile_article_id(example_server)
    response = tab.goto(f"{example_server.url}/article/{article_id}")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    tab.wait_for_selector("#article-text", timeout=WAIT)
    assert tab.locator("h1").inner_text() == XSS_ARTICLE["title"], "the title shows as text"
    assert "<script>alert('body')</script>" in tab.locator("#article-text").inner_text()
    assert_inert(tab, watch)

    events = example_server.api(f"/events?article_id={article_id}")["events"]
    assert events, "the hostile article still yields its events"
    tab.goto(f"{example_server.url}/event/{events[0]['id']}")
    tab.wait_for_selector(".source-col", timeout=WAIT)
    assert_inert(tab, watch)

    open_main(tab, example_server, f"?article_id={article_id}")
    tab.wait_for_selector("table.events tbody tr", timeout=WAIT)
    assert_inert(tab, watch)
    tab.goto(f"{example_server.url}/actor/{quote(XSS_ARTICLE['source'], safe='')}")
    tab.wait_for_selector("#status", timeout=WAIT)
    assert_inert(tab, watch)

    # Defence in depth: even a script element put into the page cannot run under the policy.
    tab.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__pwned = 1'; document.body.append(s); }""")
    assert tab.evaluate("window.__pwned === undefined")


def test_seed_corpus_shows_the_altun_kupri_shelling(page, seeds_server):
    """The three seed articles: events in northern Iraq, October 2017, one story told by two sources."""
    tab, watch = page
    points = seeds_server.api("/map")["points"]
    near = [p for p in points if abs(p["lat"] - 35.75) < 0.5 and abs(p["lon"] - 44.14) < 0.5]
    assert near, "events placed at Altun Kupri, between Kirkuk and Erbil"
    days = seeds_server.api("/stats")["by_day"]
    assert any("2017-10-16" <= day <= "2017-10-20" for day in days)
    open_main(tab, seeds_server)
    tab.wait_for_selector(".leaflet-marker-pane .leaflet-marker-icon", timeout=WAIT)
    screenshot(tab, "seeds-map")
    zoom_out_fully(tab)
    assert marker_total(tab) == len(points)

    stories = seeds_server.api("/stories?limit=1000")["stories"]
    shared = [s for s in stories if len(s["article_ids"]) == 2 and s["type"] == "ASSAULT"]
    assert shared, "the blog re-reports the AP shelling: one story, two sources"
    event = earliest_report_event(seeds_server, shared[0])["event"]
    tab.goto(f"{seeds_server.url}/event/{event['id']}")
    tab.wait_for_selector(".source-col mark.k-copied", timeout=WAIT)
    assert tab.locator(".source-col").count() == 2
    screenshot(tab, "seeds-event")
    tab.evaluate("() => document.getElementById('src-h').scrollIntoView()")
    screenshot(tab, "seeds-event-sources")
    assert not watch.errors and not watch.dialogs


@pytest.mark.parametrize("path", ["/docs"])
def test_api_docs_render_offline_under_the_policy(page, example_server, path):
    tab, watch = page
    tab.goto(example_server.url + path)
    tab.wait_for_selector(".opblock-summary-path", timeout=WAIT)
    assert tab.locator(".opblock-summary-path").count() >= 10
    assert not watch.errors
