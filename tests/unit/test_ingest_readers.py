"""Readers: every format, stdin, directories, and every kind of bad input ending in one Outcome."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.ingest import ColumnMap, RawItem, prepare_article, read_items
from dateline.ingest.formats import sniff_format
from dateline.ingest.html_text import html_fragment_to_text
from dateline.model import Article, Outcome

REPORT = (
    "KABUL, Afghanistan (AP) — Police arrested four men after dozens of protesters blocked a main road "
    "in the west of the city on Monday, officials said. The protesters demanded the release of relatives "
    "who were detained in a security sweep."
)
OTHER_REPORT = (
    "Yemen's government and the Houthi rebels agreed to a truce in the Hays district south of Hodeidah, "
    "the United Nations mission said. Both sides will halt shelling and let aid convoys through."
)


def _read(*paths: object, **options: object) -> list[RawItem | Outcome]:
    return list(read_items([str(path) for path in paths], **options))  # type: ignore[arg-type]


def _items(results: list[RawItem | Outcome]) -> list[RawItem]:
    return [result for result in results if isinstance(result, RawItem)]


def _outcomes(results: list[RawItem | Outcome]) -> list[Outcome]:
    return [result for result in results if isinstance(result, Outcome)]


def test_plain_text_file_is_one_item_with_its_text_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(("\ufeff" + REPORT + "\r\n").encode("utf-8"))
    (item,) = _read(path)
    assert isinstance(item, RawItem)
    assert item.origin == str(path)
    assert item.text == REPORT + "\r\n"  # BOM dropped, line ending kept


def test_json_object_list_and_wrapper(tmp_path: Path) -> None:
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"body": REPORT, "headline": "Kabul protest", "outlet": "Kabul Post"}))
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([{"text": REPORT}, {"text": OTHER_REPORT, "date": "2020-03-10"}, 7]))
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text(json.dumps({"status": "ok", "articles": [{"content": OTHER_REPORT, "id": 3}]}))

    (one,) = _read(single)
    assert isinstance(one, RawItem)
    assert (one.text, one.title, one.source, one.origin) == (
        REPORT,
        "Kabul protest",
        "Kabul Post",
        str(single),
    )

    first, second, bad = _read(listed)
    assert isinstance(first, RawItem) and first.origin == f"{listed}:item 1"
    assert isinstance(second, RawItem) and second.published == "2020-03-10"
    assert isinstance(bad, Outcome) and bad.origin == f"{listed}:item 3" and "int" in (bad.reason or "")

    (inner,) = _read(wrapped)
    assert isinstance(inner, RawItem)
    assert inner.text == OTHER_REPORT
    assert inner.extra == {"id": 3}


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"text": "a",\n "title": }')
    (outcome,) = _read(path)
    assert isinstance(outcome, Outcome)
    assert outcome.status == "error"
    assert "line 2" in (outcome.reason or "")


def test_jsonl_broken_row_does_not_stop_the_others(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": REPORT, "url": "https://example.org/a"}),
        "",
        '{"text": "unterminated',
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": OTHER_REPORT}),
    ]
    path.write_text("\n".join(lines) + "\n")
    results = _read(path)
    assert [result.origin for result in results] == [f"{path}:row {n}" for n in (1, 3, 4, 5)]
    assert [type(result).__name__ for result in results] == ["RawItem", "Outcome", "Outcome", "RawItem"]
    broken = results[1]
    assert isinstance(broken, Outcome) and "invalid JSON" in (broken.reason or "")


def test_jsonl_row_with_invalid_utf8_names_the_file_offset(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = (json.dumps({"text": REPORT}) + "\n").encode()
    bad = b'{"text": "caf\xe9 in Kabul"}\n'
    path.write_bytes(good + bad + good)
    results = _read(path)
    assert [type(result).__name__ for result in results] == ["RawItem", "Outcome", "RawItem"]
    error = results[1]
    assert isinstance(error, Outcome)
    assert error.origin == f"{path}:row 2"
    assert f"byte {len(good) + 13}" in (error.reason or "")


def test_csv_rows_with_multiline_fields_and_column_names(tmp_path: Path) -> None:
    path = tmp_path / "digest.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Headline", "Publisher", "PubDate", "Body", "Section"])
        writer.writerow(
            ["Truce agreed", "Gulf Desk", "2020-03-10", OTHER_REPORT.replace(". ", ".\n\n"), "Yemen"]
        )
        writer.writerow(["Protest", "Kabul Post", "", REPORT, "Afghanistan"])
    first, second = _read(path)
    assert isinstance(first, RawItem) and isinstance(second, RawItem)
    assert first.origin == f"{path}:row 2"
    assert second.origin == f"{path}:row 5"  # the first row's body spans lines 2-4
    assert (first.title, first.source, first.published) == ("Truce agreed", "Gulf Desk", "2020-03-10")
    assert first.extra == {"Section": "Yemen"}
    assert second.published is None


def test_csv_without_text_column_names_columns_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "no_text.csv"
    path.write_text("headline,story\nTruce agreed,The two sides agreed.\n")
    (outcome,) = _read(path)
    assert isinstance(outcome, Outcome)
    assert outcome.status == "error" and outcome.origin == str(path)
    assert "'headline', 'story'" in (outcome.reason or "")
    assert "--text-column" in (outcome.reason or "")
    (item,) = _read(path, columns=ColumnMap.with_overrides(text="story"))
    assert isinstance(item, RawItem) and item.text == "The two sides agreed."


def test_tsv_and_large_field(tmp_path: Path) -> None:
    path = tmp_path / "big.tsv"
    body = "word " * 60_000  # beyond the csv module's default 128 KiB field limit
    path.write_text(f"title\ttext\nBig\t{body}\n")
    (item,) = _read(path)
    assert isinstance(item, RawItem) and item.text == body


def test_html_page_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Protest in Kabul | Kabul Post</title>"
        '<meta property="og:site_name" content="Kabul Post">'
        '<meta property="article:published_time" content="2019-05-14T08:00:00+04:30">'
        '<link rel="canonical" href="https://kabulpost.example/protest"></head>'
        "<body><nav>Home | World | Sport</nav><article><h1>Protest in Kabul</h1>"
        f"<p>{REPORT}</p><p>{OTHER_REPORT}</p></article><footer>Copyright 2026</footer></body></html>",
        encoding="utf-8",
    )
    (item,) = _read(path)
    assert isinstance(item, RawItem)
    assert item.text.startswith("KABUL, Afghanistan (AP)")
    assert "Home | World" not in item.text
    assert (item.title, item.source, item.url, item.published) == (
        "Protest in Kabul",
        "Kabul Post",
        "https://kabulpost.example/protest",
        "2019-05-14",
    )


def test_html_page_without_date_markup_gets_no_guessed_date(tmp_path: Path) -> None:
    path = tmp_path / "undated.htm"
    path.write_text(
        f"<html><body><article><p>{REPORT}</p><p>{OTHER_REPORT}</p></article>"
        "<footer>© 2026 Kabul Post</footer></body></html>"
    )
    (item,) = _read(path)
    assert isinstance(item, RawItem) and item.published is None


def test_html_declared_charset_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "latin.html"
    page = f'<html><head><meta charset="windows-1252"></head><body><article><p>Café owners in Kabul said. {REPORT}</p></article></body></html>'
    path.write_bytes(page.encode("cp1252"))
    (item,) = _read(path)
    assert isinstance(item, RawItem) and "Café owners" in item.text


def test_rss_and_atom_entries(tmp_path: Path) -> None:
    rss = tmp_path / "feed.xml"
    rss.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Sahel Watch</title>'
        "<item><title>Truce</title><link>https://sahelwatch.example/1</link>"
        "<pubDate>Tue, 10 Mar 2020 09:15:00 +0300</pubDate>"
        f"<description><![CDATA[<p>{OTHER_REPORT}</p><p>Second <b>paragraph</b> &amp; more.</p>]]></description></item>"
        "<item><title>Empty</title></item></channel></rss>"
    )
    atom = tmp_path / "feed.atom"
    atom.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Kabul Post</title>'
        '<entry><title>Protest</title><link href="https://kabulpost.example/p"/><updated>2019-05-14T08:00:00Z</updated>'
        f'<content type="html">&lt;p&gt;{REPORT}&lt;/p&gt;</content></entry></feed>'
    )
    first, empty = _read(rss)
    assert isinstance(first, RawItem) and isinstance(empty, RawItem)
    assert first.origin == f"{rss}:item 1"
    assert first.text == OTHER_REPORT + "\n\nSecond paragraph & more."
    assert (first.title, first.url, first.source) == ("Truce", "https://sahelwatch.example/1", "Sahel Watch")
    skipped = prepare_article(empty)
    assert isinstance(skipped, Outcome) and skipped.reason == "empty article"
    (entry,) = _read(atom)
    assert isinstance(entry, RawItem)
    assert entry.text == REPORT and entry.published == "2019-05-14T08:00:00Z"


def test_xml_that_is_not_a_feed_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "config.xml"
    path.write_text("<config><a>1</a></config>")
    (outcome,) = _read(path)
    assert isinstance(outcome, Outcome) and "RSS/Atom" in (outcome.reason or "")


def test_stdin_sniffs_jsonl_csv_html_and_text() -> None:
    jsonl = (json.dumps({"text": REPORT}) + "\n" + json.dumps({"text": OTHER_REPORT}) + "\n").encode()
    results = _read("-", stdin=io.BytesIO(jsonl))
    assert [result.origin for result in results] == ["<stdin>:row 1", "<stdin>:row 2"]
    csv_bytes = f'title,text\nT,"{REPORT}"\n'.encode()
    (row,) = _read("-", stdin=io.BytesIO(csv_bytes))
    assert isinstance(row, RawItem) and row.title == "T" and row.origin == "<stdin>:row 2"
    (text,) = _read("-", stdin=io.BytesIO(REPORT.encode()))
    assert isinstance(text, RawItem) and text.text == REPORT and text.origin == "<stdin>"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('{"text": "a"}\n{"text": "b"}', "jsonl"),
        ('{\n  "text": "a"\n}', "json"),
        ('[{"text": "a"}]', "json"),
        ("<?xml version='1.0'?><rss><channel>", "feed"),
        ('<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        ("<!DOCTYPE html><html><body>", "html"),
        ("title,body,date\nx,y,z", "csv"),
        ("title\tcontent\nx\ty", "tsv"),
        ("Troops, police and militia clashed, officials said.", "text"),
    ],
)
def test_sniff_format(head: str, expected: str) -> None:
    assert sniff_format(head, ColumnMap()) == expected


def test_folder_with_good_and_bad_files(tmp_path: Path) -> None:
    """The acceptance case: every good item read, every bad one an Outcome with origin and reason."""
    (tmp_path / "a_report.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "c_latin1.txt").write_bytes(
        "Les combats à Mossoul ont repris. Café et thé.".encode("latin-1")
    )
    (tmp_path / "d_empty.txt").write_text("")
    (tmp_path / "e_rows.jsonl").write_text(
        json.dumps({"text": OTHER_REPORT}) + "\n{broken\n" + json.dumps({"text": REPORT + " More."}) + "\n"
    )
    (tmp_path / "f_no_text.csv").write_text("headline,author\nA,B\n")
    nested = tmp_path / "g_nested"
    nested.mkdir()
    (nested / "h_inner.txt").write_text(OTHER_REPORT + " Later.")
    (tmp_path / ".hidden.txt").write_text(REPORT)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main")

    results = _read(tmp_path)
    by_origin = {result.origin: result for result in results}
    assert len(by_origin) == len(results), "one result per item"
    assert list(by_origin) == [
        str(tmp_path / "a_report.txt"),
        str(tmp_path / "b_binary.txt"),
        str(tmp_path / "c_latin1.txt"),
        str(tmp_path / "d_empty.txt"),
        f"{tmp_path / 'e_rows.jsonl'}:row 1",
        f"{tmp_path / 'e_rows.jsonl'}:row 2",
        f"{tmp_path / 'e_rows.jsonl'}:row 3",
        str(tmp_path / "f_no_text.csv"),
        str(nested / "h_inner.txt"),
    ]
    reasons = {
        Path(origin).name: result.reason
        for origin, result in by_origin.items()
        if isinstance(result, Outcome)
    }
    assert reasons["b_binary.txt"] and reasons["b_binary.txt"].startswith("binary file, not text")
    assert f"invalid UTF-8 at byte {len('Les combats ')}" in (reasons["c_latin1.txt"] or "")
    assert "iconv" in (reasons["c_latin1.txt"] or "")
    assert "invalid JSON" in (reasons["e_rows.jsonl:row 2"] or "")
    assert "--text-column" in (reasons["f_no_text.csv"] or "")
    assert all(result.status == "error" for result in by_origin.values() if isinstance(result, Outcome))

    prepared = [prepare_article(item) for item in _items(results)]
    articles = [result for result in prepared if isinstance(result, Article)]
    assert len(articles) == 4
    (empty,) = [result for result in prepared if isinstance(result, Outcome)]
    assert (empty.origin, empty.status, empty.reason) == (
        str(tmp_path / "d_empty.txt"),
        "skipped",
        "empty article",
    )


def test_explicit_encoding_reads_legacy_text(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Café owners in Mosul reopened.".encode("latin-1"))
    (item,) = _read(path, encoding="latin-1")
    assert isinstance(item, RawItem) and item.text == "Café owners in Mosul reopened."
    (unknown,) = _read(path, encoding="no-such-codec")
    assert isinstance(unknown, Outcome) and "unknown encoding" in (unknown.reason or "")


def test_missing_path_and_unreadable_file(tmp_path: Path) -> None:
    (missing,) = _read(tmp_path / "nope.txt")
    assert isinstance(missing, Outcome) and "no such file" in (missing.reason or "")
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "gone.txt")
    (broken_link,) = _read(tmp_path)
    assert isinstance(broken_link, Outcome) and broken_link.origin == str(dangling)
    if os.geteuid() == 0:
        pytest.skip("running as root: file permissions cannot make a file unreadable")
    locked = tmp_path / "locked.txt"
    locked.write_text(REPORT)
    locked.chmod(0)
    try:
        (denied,) = _read(locked)
    finally:
        locked.chmod(0o644)
    assert isinstance(denied, Outcome) and "permission denied" in (denied.reason or "")


def test_too_long_items_are_skipped_not_truncated(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps({"text": "x " * 100}) + "\n" + json.dumps({"text": "short text"}) + "\n")
    long_row, short_row = _read(path, max_chars=50)
    assert (
        isinstance(long_row, Outcome)
        and long_row.status == "skipped"
        and "too long" in (long_row.reason or "")
    )
    assert isinstance(short_row, RawItem)
    big = tmp_path / "big.txt"
    big.write_text("y" * 1000)
    (outcome,) = _read(big, max_chars=100)
    assert isinstance(outcome, Outcome) and outcome.status == "skipped"


def test_html_fragment_to_text_keeps_paragraphs_and_drops_scripts() -> None:
    fragment = "<div><p>First &amp; <i>second</i></p><script>var x = 1;</script><br>Third<ul><li>Four</li></ul></div>"
    assert html_fragment_to_text(fragment) == "First & second\n\nThird\n\nFour"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.binary(max_size=2048),
    suffix=st.sampled_from([".txt", ".json", ".jsonl", ".csv", ".html", ".rss", ""]),
)
def test_random_bytes_never_raise(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    for result in read_items([str(path)]):
        assert isinstance(result, (RawItem, Outcome))
        assert result.origin.startswith(str(path))
        if isinstance(result, RawItem):
            assert isinstance(prepare_article(result), (Article, Outcome))


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=600))
def test_random_text_prepares_without_raising_and_keeps_text(text: str) -> None:
    result = prepare_article(RawItem(text=text, origin="t"))
    if isinstance(result, Article):
        assert result.text == text
        if result.dateline is not None:
            dateline = result.dateline
            assert text[dateline.start : dateline.start + len(dateline.place_text)] == dateline.place_text
            assert dateline.start + len(dateline.place_text) <= dateline.end


def test_column_map_overrides() -> None:
    columns = ColumnMap.with_overrides(text="story", title=None, published="when")
    assert (columns.text, columns.title, columns.published) == (("story",), ColumnMap().title, ("when",))
    with pytest.raises(ValueError, match="unknown column field"):
        ColumnMap.with_overrides(body="x")
