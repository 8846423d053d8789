"""prepare_article: publication date sources in order, datelines, titles, language, and the seeds."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from dateline.ingest import RawItem, prepare_article, read_items
from dateline.ingest.dates import find_full_date, parse_metadata_date
from dateline.ingest.language import guess_language
from dateline.ingest.opening import find_date_header, parse_dateline, read_opening
from dateline.model import Article, Outcome, article_id

SHARED = Path(__file__).parents[2] / ".." / "shared"
SEEDS = SHARED / "seeds"

BODY = (
    "Iraqi federal forces shelled Kurdish positions north of the town on Friday, a day after a general "
    "warned that he would enter it. Kurdish forces responded with rocket fire, and a convoy of armoured "
    "vehicles was seen arriving at the front."
)


def _prepare(text: str, **metadata: object) -> Article:
    result = prepare_article(RawItem(text=text, origin="test.txt", **metadata))  # type: ignore[arg-type]
    assert isinstance(result, Article), result
    return result


# --- publication date: each source, and the order between them -------------------------------


def test_metadata_date_wins_over_header_and_dateline() -> None:
    article = _prepare(
        " date 2017-10-20 BAGHDAD, Oct. 19, 2017 (Reuters) - " + BODY,
        published="Sat, 21 Oct 2017 07:00:00 +0300",
    )
    assert (article.published, article.published_found_in) == (date(2017, 10, 21), "metadata")


@pytest.mark.parametrize(
    "value",
    [
        date(2019, 3, 14),
        datetime(2019, 3, 14, 23, 50),
        "2019-03-14T23:50:00-05:00",
        "14 March 2019",
        "1552564800",
    ],
)
def test_metadata_date_forms(value: object) -> None:
    article = _prepare(BODY, published=value)
    assert article.published == date(2019, 3, 14)


def test_unusable_metadata_date_falls_through_and_is_noted() -> None:
    article = _prepare(BODY, published="yesterday")
    assert (article.published, article.published_found_in) == (None, "unknown")
    assert "metadata date 'yesterday' is not a complete date" in (article.published_note or "")


def test_header_date_on_the_dateline_line() -> None:
    text = " date 2019-03-14 MOSUL, Iraq - " + BODY
    article = _prepare(text)
    assert (article.published, article.published_found_in) == (date(2019, 3, 14), "header")
    assert article.dateline is not None
    assert article.dateline.place_text == "MOSUL, Iraq"
    assert text[article.dateline.start : article.dateline.end] == "MOSUL, Iraq -"


@pytest.mark.parametrize(
    "header",
    [
        "Date: 14 March 2019\n\n",
        "Published: March 14, 2019 10:42 AM\n",
        "2019-03-14\n",
        "Posted on Thursday, 14th March 2019\n",
    ],
)
def test_header_line_styles(header: str) -> None:
    article = _prepare(header + "MOSUL, Iraq (AP) — " + BODY)
    assert (article.published, article.published_found_in) == (date(2019, 3, 14), "header")
    assert article.dateline is not None and article.dateline.agency == "AP"


def test_a_date_starting_a_sentence_is_not_a_header() -> None:
    assert find_date_header("14 March 2019 was the day the offensive began, officials said.") is None


def test_dateline_with_full_date() -> None:
    article = _prepare("Washington, Oct. 3, 2017 — " + BODY)
    assert (article.published, article.published_found_in) == (date(2017, 10, 3), "dateline")
    assert article.dateline is not None and article.dateline.date_text == "Oct. 3, 2017"


def test_dateline_date_without_year_gives_no_date_but_keeps_the_text() -> None:
    article = _prepare("Washington, Oct 3 — " + BODY)
    assert (article.published, article.published_found_in) == (None, "unknown")
    assert article.dateline is not None
    assert (article.dateline.place_text, article.dateline.date_text) == ("Washington", "Oct 3")
    assert "dateline date 'Oct 3' has no year" in (article.published_note or "")


def test_full_date_in_the_lead() -> None:
    article = _prepare(
        "Gunmen attacked a checkpoint near Kirkuk on Saturday, October 12, 2019, police said. " + BODY
    )
    assert (article.published, article.published_found_in) == (date(2019, 10, 12), "lead")
    assert "lead" in (article.published_note or "")


def test_date_beyond_the_lead_or_partial_is_not_used() -> None:
    far = _prepare(BODY + " " + BODY + " The town was first taken on 21 June 2014.")
    assert (far.published, far.published_found_in) == (None, "unknown")
    partial = _prepare(
        "Iran has been bombing the group since June 21st, and in 2015 it sent advisers. " + BODY
    )
    assert partial.published is None


def test_unknown_date_says_why_and_never_uses_today() -> None:
    article = _prepare("Last night reports of troops moving into the town began to come in. " + BODY)
    assert article.published is None
    assert article.published_found_in == "unknown"
    assert article.published_note == "no date metadata, header, dateline or lead date found"


def test_future_dates_are_not_publication_dates() -> None:
    assert parse_metadata_date("2999-01-01") is None
    assert find_full_date("On 3 March 2999 the mission ends.") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on Oct. 3, 2017 near", date(2017, 10, 3)),
        ("Tuesday, 14th of March 2019", date(2019, 3, 14)),
        ("2017-10-20T10:00:00Z", date(2017, 10, 20)),
        ("14/03/2019", date(2019, 3, 14)),
        ("03/04/2019", None),  # ambiguous day/month order
        ("May 32, 2019", None),
        ("31 June 2019", None),
        ("in 2015", None),
        ("on Monday", None),
    ],
)
def test_find_full_date(text: str, expected: date | None) -> None:
    found = find_full_date(text)
    assert (found.value if found else None) == expected


# --- datelines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "place", "agency", "date_text"),
    [
        ("ALTUN KUPRI, Iraq - ", "ALTUN KUPRI, Iraq", None, None),
        ("BAGHDAD (Reuters) - ", "BAGHDAD", "Reuters", None),
        ("Washington, Oct 3 — ", "Washington", None, "Oct 3"),
        ("KABUL, Afghanistan (AP) — ", "KABUL, Afghanistan", "AP", None),
        ("LONDON, March 3 (Reuters) - ", "LONDON", "Reuters", "March 3"),
        ("MAARAT AL-NUMAN, Syria — ", "MAARAT AL-NUMAN, Syria", None, None),
        ("Maarat al-Numan, Syria — ", "Maarat al-Numan, Syria", None, None),
        ("DİYARBAKIR, Turkey — ", "DİYARBAKIR, Turkey", None, None),
        ("NEW DELHI: ", "NEW DELHI", None, None),
        ("Kabul (AP) — ", "Kabul", "AP", None),
        ("DAR ES SALAAM, Tanzania (AP) _\n\n", "DAR ES SALAAM, Tanzania", "AP", None),
        ("MOSCOW (AP)_ ", "MOSCOW", "AP", None),
        ("NICOSIA, August 8 (Xinhua) --\n", "NICOSIA", "Xinhua", "August 8"),
        ("PLEASANTON, Calif.--", "PLEASANTON, Calif.", None, None),
    ],
)
def test_dateline_forms(opening: str, place: str, agency: str | None, date_text: str | None) -> None:
    text = opening + BODY
    found = parse_dateline(text, 0)
    assert found is not None
    dateline, body_start = found
    assert (dateline.place_text, dateline.agency, dateline.date_text) == (place, agency, date_text)
    assert text[dateline.start : dateline.end] == opening.rstrip()
    assert text[dateline.start :].startswith(place)
    assert text[body_start:] == BODY


@pytest.mark.parametrize(
    "opening",
    [
        "Meanwhile — ",
        "BREAKING: ",
        "Kurdish forces, known as the peshmerga, responded - ",
        "Iraq's anti-terrorism forces - ",
        "Troops clash near Monguno: ",
        "JEWELL: ",
        "ALTUN-KUPRI ",
    ],
)
def test_not_datelines(opening: str) -> None:
    assert parse_dateline(opening + BODY, 0) is None


def test_headline_line_then_dateline() -> None:
    text = "Troops repel attack on Monguno base\n\nMAIDUGURI, Nigeria (AP) — " + BODY
    opening = read_opening(text)
    assert opening.title == "Troops repel attack on Monguno base"
    assert opening.dateline is not None and opening.dateline.place_text == "MAIDUGURI, Nigeria"
    assert _prepare(text).title == "Troops repel attack on Monguno base"
    assert _prepare(text, title="From metadata").title == "From metadata"


def test_headline_before_date_header_and_byline_are_skipped() -> None:
    text = (
        "Troops repel attack\nDate: 8 June 2021\n\nBy Amina Yusuf, Sahel Standard\n\nMAIDUGURI, Nigeria — "
        + BODY
    )
    opening = read_opening(text)
    assert opening.title == "Troops repel attack"
    assert opening.header is not None and opening.header.date.value == date(2021, 6, 8)
    assert opening.dateline is not None and opening.dateline.place_text == "MAIDUGURI, Nigeria"
    assert text[opening.body_start :] == BODY


def test_text_and_id_are_never_altered() -> None:
    text = "  date 2017-10-20 ALTUN KUPRI, Iraq -\u00a0" + BODY + "\r\n"
    article = _prepare(text)
    assert article.text == text
    assert article.id == article_id(text)
    assert _prepare(text).id == article.id


# --- language and empty input ---------------------------------------------------------------


def test_empty_and_whitespace_articles_are_skipped() -> None:
    for text in ("", "   \n\t "):
        result = prepare_article(RawItem(text=text, origin="e.txt"))
        assert isinstance(result, Outcome)
        assert (result.status, result.reason, result.origin) == ("skipped", "empty article", "e.txt")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Les forces irakiennes ont bombardé les positions kurdes au nord de la ville, et les combattants "
            "kurdes ont répondu par des tirs de roquettes, selon des témoins sur place.",
            "French",
        ),
        (
            "Las fuerzas iraquíes bombardearon las posiciones kurdas al norte de la ciudad y los combatientes "
            "respondieron con cohetes, según los testigos.",
            "Spanish",
        ),
        ("قصفت القوات العراقية مواقع كردية شمال البلدة ورد المقاتلون الأكراد بإطلاق الصواريخ", "Arabic"),
        (  # a language without a function-word list of its own: few English ones, and no other's either
            "Urzędnicy powiedzieli, że żołnierze zaatakowali obóz rebeliantów w pobliżu miasta, a wielu "
            "cywilów uciekło ze swoich domów w poniedziałek w nocy.",
            "English function words",
        ),
    ],
)
def test_non_english_is_skipped_with_a_reason(text: str, language: str) -> None:
    result = prepare_article(RawItem(text=text, origin="x.txt"))
    assert isinstance(result, Outcome)
    assert result.status == "skipped"
    assert result.reason is not None and result.reason.startswith("not English (")
    assert language in result.reason


def test_english_passes_and_short_text_is_given_the_benefit_of_the_doubt() -> None:
    assert guess_language(BODY).is_english
    # Headline-style wire summaries have few function words (2 of 20 words here) and no other language's.
    headline = ("Troops shell rebel positions near the border town, civilians flee, aid groups warn of "
                "food shortages, officials say talks stalled")
    assert guess_language(headline).is_english, guess_language(headline).reason
    assert guess_language("Kirkuk: 3 dead").is_english
    declared = prepare_article(RawItem(text="Kirkuk: 3 dead", origin="x", language="ar"))
    assert isinstance(declared, Outcome) and "metadata language 'ar'" in (declared.reason or "")
    assert isinstance(prepare_article(RawItem(text=BODY, origin="x", language="fr")), Article)


# --- the seed corpus ------------------------------------------------------------------------


def _seed(prefix: str) -> Article:
    if not SEEDS.is_dir():
        pytest.skip(f"seed corpus not found at {SEEDS} (../shared/seeds next to the repository)")
    (path,) = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    (item,) = list(read_items([str(path)]))
    assert isinstance(item, RawItem)
    result = prepare_article(item)
    assert isinstance(result, Article)
    return result


def test_seed_ap_wire_report() -> None:
    article = _seed("002")
    assert (article.published, article.published_found_in) == (date(2017, 10, 20), "header")
    assert article.dateline is not None
    assert article.dateline.place_text == "ALTUN KUPRI, Iraq"
    assert article.text[article.dateline.start : article.dateline.end] == "ALTUN KUPRI, Iraq -"


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_undated_seeds(prefix: str) -> None:
    article = _seed(prefix)
    assert (article.published, article.published_found_in) == (None, "unknown")
    assert article.published_note
    assert article.dateline is None
