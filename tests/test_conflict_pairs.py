"""Which two figures of a story make a conflict or an update: the rules on real-news shaped sentences."""

from __future__ import annotations

from briefer.brief.claims import extract_claims
from briefer.brief.conflicts import pairs
from briefer.core.records import Span


def claims_of(*reports: tuple[str, str, str]):
    """(article id, published, sentence) -> every claim, as the briefing extracts them."""
    out = []
    for aid, published, sentence in reports:
        out += extract_claims(aid, sentence, [Span(0, len(sentence))], source=aid, published=published)
    return out


def kinds(*reports: tuple[str, str, str]) -> list[tuple[str, str, str]]:
    return [(p.kind, p.a.surface, p.b.surface) for p in pairs(claims_of(*reports))]


def test_two_outlets_giving_one_figure_differently_on_one_day_conflict():
    assert kinds(
        ("a", "2023-10-10", "Police said 4,000 people were evacuated from the flooded town."),
        ("b", "2023-10-10", "The mayor said 6,000 people were evacuated from the flooded town."),
    ) == [("conflict", "4,000", "6,000")]


def test_a_toll_reported_higher_later_is_an_update():
    assert kinds(
        ("a", "2023-10-08", "The attack killed 1,200 people, officials said."),
        ("b", "2023-10-10", "The attack killed 1,300 people, officials said."),
    ) == [("update", "1,200", "1,300")]


def test_market_moves_reported_on_different_days_are_two_moves_not_a_conflict():
    assert not kinds(
        ("a", "2023-10-01", "The S&P 500 slipped 0.3 per cent and the majority of stocks within the index sank."),
        ("b", "2023-10-04", "Iron ore giants Rio Tinto (down 1.5 per cent) and BHP (down 0.7 per cent) slipped after "
                            "the iron ore price fell 1.1 per cent."),
    )


def test_the_same_move_reported_differently_on_one_day_still_conflicts():
    assert kinds(
        ("a", "2023-10-04", "Shares in the miner slipped 3 per cent on Wednesday."),
        ("b", "2023-10-04", "Shares in the miner slipped 5 per cent on Wednesday."),
    ) == [("conflict", "3", "5")]


def test_a_death_toll_and_an_attendance_figure_are_not_one_quantity():
    assert not kinds(
        ("a", "2023-10-14", "Hamas kidnapped at least 150 people during brutal attacks on Israel last weekend that "
                            "killed 1,300 people."),
        ("b", "2023-10-16", "The spokesperson said that last year’s event attracted about 71,000 people and this "
                            "year it’s on track to “max out” at 70,000."),
    )


def test_a_sentence_never_conflicts_with_its_copy():
    same = "More than 10,000 people fled rebel-held areas, said the Syrian Observatory for Human Rights."
    assert not kinds(("a", "2016-12-08", same), ("b", "2016-12-09", same))
