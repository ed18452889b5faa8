from pathlib import Path

import pytest

from briefer.ingest.metadata import extract
from briefer.text.dates import parse_date, years_named

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_seed_000_caption_date_and_plain_title():
    body, meta = extract(seed("000"))
    assert meta == {"title": "bashar al assad aleppo", "source": None, "published": "2016-12-08"}
    assert body.startswith("A picture of Syria's President Bashar al-Assad")
    assert "bashar al assad aleppo" not in body
    assert body.endswith("no help in the offing anytime soon.")


def test_seed_001_title_only():
    body, meta = extract(seed("001"))
    assert meta == {"title": "Aleppo exodus grows as thousands more leave", "source": None, "published": None}
    assert body.startswith("More than 20,000 civilians left eastern Aleppo today")
    assert "(George Ourfalian/AFP/Getty Images)" in body


def test_seed_002_date_token_highlights_and_dateline():
    body, meta = extract(seed("002"))
    assert meta == {
        "title": "Southeastern Aleppo neighborhood now in government hands: reports",
        "source": "CNN",
        "published": "2016-12-12",
    }
    assert body.startswith("- Southeastern Aleppo neighborhood now in government hands: reports\n")
    assert "- Civilians continue to flee fighting in beleaguered city" in body
    assert "(CNN)Syria's state-run news agency SANA" in body
    assert "The Syrian state-run news agency SANA put the figure at around 20,000." in body
    assert "date 2016-12-12" not in body and "Story highlights" not in body


def test_body_keeps_every_sentence_after_the_title():
    for prefix in ("000", "001", "002"):
        text = seed(prefix)
        body, _ = extract(text)
        last_line = [line for line in text.splitlines() if line.strip()][-1].strip()
        assert body.endswith(last_line)


@pytest.mark.parametrize(
    "line, source",
    [
        ("WASHINGTON (Reuters) - The Senate voted on Tuesday.", "Reuters"),
        ("LONDON, England (CNN) -- A storm hit.", "CNN"),
        ("NEW YORK (AP) — Stocks rose.", "AP"),
        ("(CNN)Syria's agency said so.", "CNN"),
        ("Rebels left the city (George Ourfalian/AFP/Getty Images)", None),
        ("(Photo) A man walks by.", None),
    ],
)
def test_dateline_source(line, source):
    _, meta = extract(f"A headline here\n\n{line}\n\nMore text follows.")
    assert meta["source"] == source


def test_dateline_only_in_first_paragraphs():
    text = "Headline\n\nOne.\n\nTwo.\n\nThree.\n\nPARIS (AFP) - Late dateline."
    assert extract(text)[1]["source"] is None


def test_explicit_date_beats_text_date():
    _, meta = extract("date 2020-01-02 My headline\nIt happened on December 8, 2016 in Aleppo.")
    assert meta["published"] == "2020-01-02"
    assert meta["title"] == "My headline"


def test_text_date_only_in_first_paragraph():
    text = "Headline\n\nNo date here.\n\nBut here: December 8, 2016."
    assert extract(text)[1]["published"] is None
    assert extract("Headline\n\nSeen on 8 December 2016 in the city.")[1]["published"] == "2016-12-08"
    assert extract("Headline\n\nSeen on Dec. 8, 2016 in the city.")[1]["published"] == "2016-12-08"


def test_no_title_line_uses_first_sentence():
    text = ("The government said on Monday that it would raise taxes on fuel next year to pay for the "
            "new rail lines, officials said. A second sentence follows.\n\nAnother paragraph.")
    body, meta = extract(text)
    assert body == text
    assert meta["title"].startswith("The government said on Monday")
    assert len(meta["title"]) <= 81 and meta["title"].endswith("…")


def test_single_line_text_is_not_split():
    body, meta = extract("Just one short line.")
    assert body == "Just one short line."
    assert meta["title"] == "Just one short line."


def test_overlong_first_line_is_not_a_title():
    long_line = "word " * 60
    body, meta = extract(f"{long_line}\nmore")
    assert body.startswith("word word")
    assert len(meta["title"]) <= 81


def test_empty_text():
    assert extract("") == ("", {"title": None, "source": None, "published": None})
    assert extract("  \n\n ")[1]["title"] is None


def test_markdown_heading_and_crlf():
    body, meta = extract("# A Heading\r\n\r\nBody text.\r\nMore.")
    assert meta["title"] == "A Heading"
    assert body == "Body text.\nMore."


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2023-11-27T08:45:59+00:00", "2023-11-27"),
        ("2023-11-27T23:45:59-05:00", "2023-11-27"),  # the date as written, not shifted to UTC
        ("2023-11-27T08:45:59Z", "2023-11-27"),
        ("2023-11-27", "2023-11-27"),
        ("2023-11-27 08:45", "2023-11-27"),
        ("2016-12-08T08:45:59.123456789Z", "2016-12-08"),
        ("Thu, 08 Dec 2016 10:00:00 GMT", "2016-12-08"),
        ("Thu, 08 Dec 2016 23:30:00 -0500", "2016-12-08"),
        ("December 8, 2016", "2016-12-08"),
        ("8 December 2016", "2016-12-08"),
        ("Dec. 8, 2016", "2016-12-08"),
        ("Sept. 3rd, 2020", "2020-09-03"),
        ("Thursday, December 8, 2016", "2016-12-08"),
        ("2016/12/08", "2016-12-08"),
        ("  2016-12-08  ", "2016-12-08"),
        ("2016-13-45", None),
        ("February 30, 2016", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_parse_date_objects():
    from datetime import date, datetime

    assert parse_date(date(2016, 12, 8)) == "2016-12-08"
    assert parse_date(datetime(2016, 12, 8, 23, 0)) == "2016-12-08"


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("The 2019 Rugby World Cup final", {"2019"}),
        ("the 2023-24 season and the 2023/24 budget", {"2023", "2024"}),
        ("on Oct. 3, 2023, and in 1996", {"2023", "1996"}),
        ("a $2,023 bonus for 1,500 staff", set()),
    ],
)
def test_the_years_a_text_names(text, years):
    assert years_named(text) == years
