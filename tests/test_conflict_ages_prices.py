"""Reports beyond counts and sums: a person's age given two ways and a fighter's record a bout on (facts
about the person, compared across a window's stories when both articles name the person in full), and
a product's list price (the same configuration, or a starting price against the lowest configuration
another article lists)."""

from __future__ import annotations

import pytest
from conftest import offline_briefing

from briefer.brief.claims import extract_claims
from briefer.brief.people import about_people, record_claims, record_grew
from briefer.brief.prices import price_claims, price_conflicts
from briefer.brief.render import markdown
from briefer.core.records import Span


def ages(sentence: str, published: str = "2023-12-23") -> list[tuple[str, int]]:
    claims = extract_claims("a", sentence, [Span(0, len(sentence))], source="a", published=published)
    return [(c.named, int(c.value)) for c in claims if c.kind == "age"]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The 33-year-old Parker, a New Zealand native, is younger than Wallin.", [("Parker", 33)]),
        ("Wallin, a 33-year-old native of Sweden, is considered a live dog.", [("Wallin", 33)]),
        ("The 20-year-old Manchester United striker Rasmus Hojlund scored twice.", [("Rasmus Hojlund", 20)]),
        (
            "His daughter Kori Madison, now 20, and son Kaleb Michael, 18, live in Las Vegas.",
            [("Kori Madison", 20), ("Kaleb Michael", 18)],
        ),
        (
            "At the time, he was a father to Kori Madison, now 20, and Kaleb Michael, 18, with Shar Jackson.",
            [("Kori Madison", 20), ("Kaleb Michael", 18)],
        ),  # "now" makes the list's ages today's
        ("At the time, Kaleb Michael, 18, lived with his father.", []),  # an age of another time
        ("They now share two daughters, Jordan, 10, and Peyton, eight.", [("Jordan", 10), ("Peyton", 8)]),
    ("The final score was Lakers, 110.", []),
    ("In 2007, the 25-year-old Spears shaved her head.", []),
        ("The then-25-year-old Spears shaved her head.", []),
        ("A 25-year-old man was arrested on Friday.", []),
        ("The 23-year-old native of Ohio won again.", []),
    ],
)
def test_the_age_a_sentence_gives_a_named_person(sentence, expected):
    assert ages(sentence) == expected


def _pairs(*reports: tuple[str, str, str]) -> list[tuple[str, str]]:
    """(article id, published, sentence) reports of one story -> the ages set against each other."""
    claims = []
    for aid, published, sentence in reports:
        claims += [
            c
            for c in extract_claims(aid, sentence, [Span(0, len(sentence))], source=aid, published=published)
            if c.kind == "age"
        ]
    texts = {aid: sentence for aid, _, sentence in reports}
    found = about_people([("one story", claims)], texts.__getitem__)  # type: ignore[list-item]
    return [(a.surface, b.surface) for a, b, kind, _ in found if kind == "conflict"]


def test_two_ages_of_one_person_conflict_unless_a_birthday_explains_them():
    parker = "The {}-year-old Parker looked the better fighter."
    assert _pairs(("a", "2023-12-23", parker.format(33)), ("b", "2023-12-23", parker.format(31))) == [("33", "31")]
    assert _pairs(
        ("a", "2023-10-18", "Kori Madison, now 20, lives in Las Vegas."),
        ("b", "2023-10-20", "Kori Madison, now 21, lives in Las Vegas."),
    ) == [("20", "21")]
    # a year older months later: a birthday, not a conflict
    assert _pairs(("a", "2023-01-10", parker.format(31)), ("b", "2023-10-20", parker.format(32))) == []
    assert _pairs(("a", "2023-12-23", parker.format(31)), ("b", "2023-12-23", parker.format(31))) == []


def test_within_a_story_a_first_name_alone_is_the_person_it_begins():
    texts = {"a": "They now share two daughters, Jordan, 10, and Peyton, eight.",
             "b": "The two share daughters Jordan Kay, 12, and Peyton Marie, nine."}
    claims = [c for aid, published in (("a", "2023-10-18"), ("b", "2023-10-20"))
              for c in extract_claims(aid, texts[aid], [Span(0, len(texts[aid]))], source=aid, published=published)
              if c.kind == "age"]
    story, other = "one story", "another story"  # stories are told apart by identity alone
    found = about_people([(story, claims)], texts.__getitem__)  # type: ignore[list-item]
    assert [(a.named, a.surface, b.surface, kind) for a, b, kind, _ in found] == [
        ("Jordan Kay", "10", "12", "conflict"), ("Peyton Marie", "8", "9", "conflict")]
    apart = about_people([(story, claims[:2]), (other, claims[2:])], texts.__getitem__)  # type: ignore[list-item]
    assert apart == []  # across stories the full names must agree, and "Jordan" alone is no full name


def test_across_stories_a_surname_two_people_share_in_one_article_is_no_one_s():
    texts = {"a": "Will Smith and Jada Pinkett Smith spoke. The 55-year-old Smith said little.",
             "b": "Jada Pinkett Smith has a memoir out. Will Smith, 52, was not there."}
    claims = [c for aid in texts
              for c in extract_claims(aid, texts[aid], [Span(0, len(texts[aid]))], source=aid, published="2023-10-20")
              if c.kind == "age"]
    assert [(c.named, c.surface) for c in claims] == [("Smith", "55"), ("Will Smith", "52")]
    apart = about_people([("story a", claims[:1]), ("story b", claims[1:])], texts.__getitem__)  # type: ignore[list-item]
    assert apart == []  # "the 55-year-old Smith" could be either; within one story the surname would do
    texts["a"] = "Will Smith spoke. The 55-year-old Smith said little."
    claims[0] = next(c for c in extract_claims("a", texts["a"], [Span(0, len(texts["a"]))], source="a",
                                               published="2023-10-20") if c.kind == "age")
    found = about_people([("story a", claims[:1]), ("story b", claims[1:])], texts.__getitem__)  # type: ignore[list-item]
    assert [(a.named, a.surface, b.surface) for a, b, _, _ in found] == [("Will Smith", "55", "52")]


def records(sentence: str) -> list[tuple[str, str]]:
    return [
        (c.named, c.surface)
        for c in record_claims("a", sentence, [Span(0, len(sentence))], source="a", published="2023-12-23")
    ]


def test_a_record_is_read_after_a_name_and_grows_by_a_bout():
    assert records("Joshua (26-3, 23 KOs) welcomes former title challenger Otto Wallin (26-1, 14 KOs) in Riyadh.") == [
        ("Joshua", "26-3"),
        ("Otto Wallin", "26-1"),
    ]
    assert records("Parker (34-3-0) dominated from the start.") == [("Parker", "34-3-0")]
    assert records("Arsenal (2-1) and No. 8 Alabama (11-1) won; the vote was 212 (55-40%).") == [("Alabama", "11-1")]
    before, after, other = (
        record_claims("a", s, [Span(0, len(s))], source="a", published="2023-12-23")[0]
        for s in ("Parker (33-3, 23 KOs) boxes.", "Parker (34-3-0) won.", "Parker (40-3) won.")
    )
    assert record_grew(before, after) and not record_grew(after, before)
    assert not record_grew(before, other)  # seven bouts on in one night: another Parker's record


def prices(*articles: tuple[str, list[str]]) -> list[tuple[str, str]]:
    claims = []
    for aid, lines in articles:
        text = "\n".join(lines)
        spans, at = [], 0
        for line in lines:
            spans.append(Span(at, at + len(line)))
            at += len(line) + 1
        claims += price_claims(aid, text, spans, source=aid, published="2023-11-09")
    return [(a.surface, b.surface) for a, b in price_conflicts(claims)]


LAUNCH = [
    "The Steam Deck OLED starts at $549, and will replace all but the entry-level model.",
    "512GB Steam Deck OLED ($549)",
    "1TB Steam Deck OLED ($649)",
    "The new step-up model costs $20 more at $549.",
]
REVIEW = [
    "$649 - 1 TB OLED (up from 512 GB)",
    "$529 - 512 GB OLED (up from 256 GB)",
    "$399 - 256 GB non-OLED Steam Deck (up from 64 GB)",
]


def test_a_starting_price_is_set_against_the_lowest_configuration_another_article_lists():
    assert prices(("launch", LAUNCH), ("review", REVIEW)) == [("$549", "$529")]


def test_prices_that_agree_or_price_other_things_do_not_conflict():
    rounded = ["It'll continue selling the 256GB LCD model at $400, while the 512GB OLED model will cost $550."]
    assert prices(("launch", LAUNCH), ("review", rounded)) == []  # $549 and $550: one price rounded
    deals = ["The Steam Deck OLED is on sale for $499 at Best Buy.", "Pixel 8 Pro 128GB ($799)"]
    assert prices(("launch", LAUNCH), ("deals", deals)) == []  # a sale price is not a list price
    assert prices(("launch", LAUNCH), ("other", ["512GB Galaxy Tab ($529)"])) == []  # another product


FIGHT_NIGHT = [
    {
        "title": "Day of Reckoning: Joshua and Wilder headline in Riyadh",
        "source": "CBS Sports",
        "published_at": "2023-12-23",
        "body": "Anthony Joshua and Deontay Wilder headline the Day of Reckoning card in Riyadh on Saturday. "
        "Joseph Parker (33-3, 23 KOs) faces Wilder in the co-main event. The 33-year-old Parker, a New Zealand native who "
        "lost his WBO title to Joshua in 2018, is not considered a big threat to Wilder.",
    },
    {
        "title": "Unbeaten Aussie moves to 24-0 with first-round knockout",
        "source": "The Roar",
        "published_at": "2023-12-23",
        "body": "The unbeaten Australian moved to 24-0 with a first-round knockout of an English veteran in Riyadh. "
        "On the same card Joseph Parker beat Deontay Wilder on points. Parker (34-3-0) dominated from the "
        "start. The 31-year-old Parker looked the "
        "better fighter throughout, while the 38-year-old Wilder looked his age.",
    },
    {
        "title": "Chargers edge Bills in Los Angeles",
        "source": "Daily Wire",
        "published_at": "2023-12-23",
        "body": "The Chargers beat the Bills on Saturday night in Los Angeles. The 27-year-old Parker caught two "
        "touchdown passes for the Chargers. Josh Palmer added a third late in the game.",
    },
]


def test_a_boxer_on_fight_night_given_two_ages_and_a_record_a_bout_on_across_stories(tmp_path, minilm):
    brief = offline_briefing(tmp_path, minilm, FIGHT_NIGHT, "2023-12-23")
    reports = [(c.kind, c.about, [s.figure for s in c.sides], [s.who for s in c.sides]) for c in brief.conflicts]
    assert sorted(reports) == [  # the receiver Parker is another man
        ("conflict", "Joseph Parker's age", ["33", "31"], ["CBS Sports, 2023-12-23", "The Roar, 2023-12-23"]),
        ("update", "Joseph Parker's record", ["33-3", "34-3-0"], ["CBS Sports, 2023-12-23", "The Roar, 2023-12-23"]),
    ]
    assert "went from 33-3 (CBS Sports, 2023-12-23)" in markdown(brief)
