from briefer.core.records import Filters
from briefer.search.query import OutletMatcher, aliases, analyse, clauses

OUTLETS = ["The Age", "TechCrunch", "The Verge", "Cnbc | World Business News Leader", "BBC News - Technology",
           "BBC News - Entertainment & Arts", "CBSSports.com", "Fortune"]


def test_aliases_of_long_outlet_names():
    assert "Cnbc" in aliases("Cnbc | World Business News Leader")
    assert "Verge" in aliases("The Verge") and "CBSSports" in aliases("CBSSports.com")


def test_outlets_are_matched_only_when_capitalised_as_names():
    m = OutletMatcher(OUTLETS)
    found = [x.outlets for x in m.find("As The Age and CNBC reported, in the age of AI, fortune favours TechCrunch")]
    assert found == [("The Age",), ("Cnbc | World Business News Leader",), ("TechCrunch",)]
    assert m.find("per CBSSports.com and BBC News")[1].outlets == ("BBC News - Entertainment & Arts", "BBC News - Technology")


def test_sub_queries_pair_outlets_with_the_date_that_follows():
    m = OutletMatcher(OUTLETS)
    q = ("Between the TechCrunch report on October 30, 2023, about Meta's ad-free tier and The Verge's article "
         "on November 12, 2023, discussing Tumblr, which source reports a change?")
    subs = analyse(q, m)
    assert [(s.sources, s.since, s.until) for s in subs] == [
        (("TechCrunch",), "2023-10-29", "2023-10-31"), (("The Verge",), "2023-11-11", "2023-11-13")]
    assert analyse(q, m, use_dates=False)[0].since is None
    assert analyse("What happened to the economy?", m) == []
    dated = analyse("What was reported on 2023-10-05 about rates?", m)
    assert [(s.sources, s.since) for s in dated] == [((), "2023-10-04")]


def test_filters_narrow_to_the_later_start_and_earlier_end():
    f = Filters(since="2023-10-01", until="2023-12-31", source="x")
    assert f.narrowed("2023-09-01", "2023-11-01", ("TechCrunch",)) == Filters("2023-10-01", "2023-11-01", "x", ("TechCrunch",))


def test_clauses_split_a_multi_hop_question_at_its_joins():
    q = ("Which company, according to TechCrunch, has both invested $26.3 billion to secure its position as "
         "the default search engine and has been accused of harming news publishers' revenue?")
    parts = clauses(q)
    assert parts == ["Which company according to TechCrunch has",
                     "invested $26.3 billion to secure its position as the default search engine",
                     "has been accused of harming news publishers' revenue"]


def test_short_clauses_join_the_one_before():
    assert clauses("Who spoke, and when?") == ["Who spoke when"]
    assert clauses("") == []
    # a term counter decides what "short" is
    assert clauses("alpha beta, gamma", terms=lambda t: len(t.split())) == ["alpha beta gamma"]
