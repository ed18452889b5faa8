"""Bullets that stand alone: the rule set measured against the hand labels of evals/labels/standalone.jsonl
(tuned on them: the guard keeps it from getting worse), and the cases the issue named."""

import json
from pathlib import Path

import pytest
from conftest import REPO

from briefer.text.furniture import claims_nothing, embed_only, outlet_voice, photo_caption
from briefer.text.standalone import is_statement, only_a_pronoun, reasons, standalone

LABELS = REPO / "evals" / "labels" / "standalone.jsonl"
CORPUS = REPO.parent / "shared" / "evaldata" / "multihop-rag" / "corpus.json"


@pytest.mark.parametrize("sentence", [
    # Business World, 2023-11-12: the second of a list of points, judged by hand not to stand alone
    "Secondly, the DoH has spun off its health financing into the Philippine Health Insurance Corp. (PhilHealth) "
    "while the DepEd has not.",
    "It also happens to be incredibly easy to use and clean up.",
    "Photo by Cherlynn Low / Engadget Google Pixel Tablet $409 $499 Save $90",
    "He said the talks would resume.",
    "From there, the Wolverines handled business for a third straight year in The Game in a 30-24 victory.",
    "But the company declined to comment on the report.",
    "The move follows months of negotiations with the union.",
    "SBF trial: Everything to know from the FTX courtroom ahead of his testimony Sam Bankman-Fried is in court.",
    "Who will win the election next month?",
    "Sign up to our newsletter to get the latest news every morning.",
    "In actuality, Jubelirer's immediate ascension to running CMG was not forthcoming.",
    "The day started off promisingly for the defense as it cross-examined Gary Wang.",
    # the second held-out days' bullets judged by hand (evals/results/briefing-bullets-judged-holdout2.jsonl)
    "Football email {{ #verifyErrors }} {{ message }} {{ /verifyErrors }} Something went wrong.",
    "A keen techno DJ, he was also gigging as recently as 2018 according to the Daily Mail.",
    # Fortune, 2023-12-23, told as a bullet: a month is not a name, and "she’s" is "she"
    "Since the COVID-era payment pause ended in October, she’s been paying back $300 a month while she waits.",
    "Not in a gesture of dissent, but as a reminder of a time when Manchester United were Europe’s best.",
    "What followed was a roughly 30-minute story that repeatedly emphasized how the money was spent.",
    # bullets of the 24 labelled days' briefings read by hand (session of 2026-12-03)
    "“Everywhere I go, I’m craving Thai food,” he says.",
    "My colleague Dominic-Madori writes that the inside of the notebooks were printed with a phrase.",
    "The 31-year-old co-founded FTX in 2019; within a few years the exchange was valued at $32 billion.",
    "Despite incredible progress, however, HIV remains a global public health threat, with 1.3 million new infections.",
    "If the Commission moves ahead on that, it will be the first investigation opened under the DSA this year.",
    "On October 30, the night before Halloween, the company is hosting another event for its new computers.",
    "Ten Hag cannot call upon his personal history in such a way; the final he almost reached was with Ajax.",
    # held-out 6-8 bullets judged by hand (evals/results/briefing-bullets-judged-holdout678.jsonl)
    "A worker sorts out parcels in the outbound dock at the Amazon fulfillment center in Eastvale, on Aug. 31, 2021.",
    "Nearly three years later, the seller's experience hits at the core of a sweeping antitrust lawsuit.",
    "Imagine what Manchester United could do if Erik ten Hag hadn't already lost the dressing room.",
    "If you missed any of the action from Game 3, The Sporting News had you covered with live updates below.",
    "Further, job posts related to digital twins have increased by 11% compared to October 2021.",
    "The backdrop stems from Big Tech companies such as OpenAI calling for regulation of the technology.",
    # held-out 9 bullets judged by hand (evals/results/briefing-bullets-judged-holdout9.jsonl)
    "The laggards Real estate investment trusts (REITS, down 2 per cent) dropped further following the inflation data.",
    "The lowdown The Australian sharemarket shook off a positive lead from Wall Street on Wednesday after the data.",
    "The laggards Meanwhile, Harvey Norman (down 4.4 per cent) dropped as it reported weaker sales for the quarter.",
    "In part, the sizable competition coming from other Twitter rivals was to blame, says co-founder Gabor Cselle.",
    "On a weekday afternoon at Red Rock Coffee, the café known for spotting venture capitalists, one hears Mandarin.",
    # the 40 labelled days' bullets judged by hand (session of 2026-12-03, third; evals/results/briefing-bullets-judged-40days.jsonl)
    "Within two years, more than 80 investors provided about $2 billion in capital to FTX, helping it grow.",
    "In the meantime, the order instructs several AI-focused groups to study the risks of the technology.",
    "By the end United had five academy players on the pitch, ages ranged between 17 and 35, in outline.",
    "Stay tuned to the Guardian for further coverage of the 2023 World Series as it develops through the night.",
    "“Yes, openly available models come with risks and vulnerabilities,” the letter acknowledged in its second line.",
    "Presumably Daley Thompson, Michael Portillo and Howard from Take That were busy that evening in London.",
    # held-out 10 bullets judged by hand (evals/results/briefing-bullets-judged-holdout10.jsonl)
    "The stock gets a Hold rating from Seeking Alpha's Quant Rating system, a more cautious view than analysts.",
    "The push to bring iMessage to Android users today adds a new contender to the market.",
    "The short answer: while Epic's antitrust claims against Apple got their day in court, this one never did.",
    "Read this, this, and this to get the whole picture of the trial and the appeals that followed.",
    # Sporting News's pages, quoted by an offline answer about Tottenham v Chelsea (session of 2026-12-04)
    "MORE: Recap the Premier League match with commentary, highlights, & more from Tottenham vs Chelsea",
    "45 mins until kickoff: Raheem Sterling has failed to score in any of his 24 matches against Man United.",
    # the Guardian's live page of the West Indies' T20 decider, 2023-12-21, told as a bullet: "they" after an aside
    "While there are a few slots to fill, most notably at No3, they are in reasonable shape ahead of next year’s World Cup.",
    # wire photos' captions, met as a bullet and an answer by a user trying briefer on real news (2026-12-04)
    "Combination showing Former FTX CEO, Sam Bankman-Fried (L) and Zhao Changpeng (R), founder and chief executive.",
    "Reece Topley (right) celebrates the dismissal of Rovman Powell at the Brian Lara Stadium in Tarouba.",
    # the only bullet of Michigan's sign-stealing story on 2023-11-06, judged blind as not standing alone
    "Off the field, the focus has rarely been on the team's success in the Big Ten this season.",
    # bullets of every MultiHop day's briefing judged blind not to stand alone (session of 2026-12-05, eighteenth)
    "Like all OLED screens, it has pure blacks and near-instantaneous response times.",
    "All in all, it amounts to nearly $4 billion.",
    "As before, anti-glare etched glass is available, but only on the premium model.",
    "Similar data is sent to Google and Meta, but only after “I consent”, for example, has been ticked.",
    "Because while Google spent most of its first day attempting to explain complicated ins and outs of business, "
    "Epic was able to paint a black-and-white picture.",
    # a comparison or a name only an earlier sentence holds (session of 2026-12-05, nineteenth)
    "The Consumer Financial Protection Bureau is facing legal challenges of its own.",
    "The Commission suggests the figure was picked with the intention of capturing current gen frontier models.",
    "Onana’s last game for the Italian club was the 1-0 defeat by Manchester City in Istanbul.",
    # the same, judged blind on every MultiHop day's briefing (session of 2026-12-05, twentieth)
    "Trump’s legal team engaged an expert witness who argued that a future buyer could do the same thing.",
    "England assembled exactly the same players in exactly the same place – losing the toss, put in to bat.",
    "On the agenda: “the transformational innovation that pushes the boundaries of medicine,” according to a release.",
    "The short answer: while Epic’s antitrust claims against Apple got their day in court, a similar lawsuit "
    "against Google never did.",
    "The Senegal forward then struck twice in injury time to claim his first hat-trick as a Chelsea player.",
    "Per National Security AI Commission estimates, paying for that could cost around $32 billion a year.",
    "Under the terms of the deal, Google will provide $73.5 million every year to news organizations.",
])
def test_rejects_what_cannot_be_read_alone(sentence):
    assert not standalone(sentence) and reasons(sentence)


@pytest.mark.parametrize("sentence", [
    "More than 20,000 civilians left eastern Aleppo on Saturday, the Russian defence ministry said.",
    "The European Commission has raised concerns about the spread of disinformation on X.",
    "It is difficult to know how many civilians remain trapped in eastern Aleppo, but 100,000 are estimated to "
    "still be living in the enclave.",
    # the lead of 2023-12-19, refused before: a time of its own is not "earlier" than something said
    "Earlier this year, the US International Trade Commission (ITC) ruled that Apple had infringed two patents.",
    "Later on Tuesday, the European Commission opened a formal investigation into X.",
    "As a child, Britney escaped her home life into the outdoors, which “gave me a sense of aliveness”, she writes.",
    "The US Senate met on Tuesday to discuss rules for artificial intelligence with the industry's chiefs.",
    # corpus sentences near the rules for run-in headings and scene-setting openings, which stand alone
    "The undermanned Taipans responded with a 15-0 burst either side of three-quarter time in Cairns.",
    "In a floor vote Friday morning, Jim Jordan lost 25 Republican colleagues in his third reach for the gavel.",
    "On a night when Ten Hag seemed to revise his opinion of Harry Maguire, the defender may need a rethink.",
    # an "it" after an opening phrase that stands for nothing
    "After turning back the clocks last week, it now gets darker earlier for the foreseeable future.",
    "In a rare move for the central bank, it is likely that rates will be cut twice next year.",
    # near the rule for what only an earlier sentence holds: an idiom, an apposition, a figure given
    "The phrase “Take the trash out” took a life of its own.",
    "Nice, the French club owned by Jim Ratcliffe, signed Aaron Ramsey and Ross Barkley in the summer.",
    "The Commission suggests the figure of 10^25 FLOPs was picked to capture today's frontier models.",
    "Snap spent more than $200 million to acquire Zenly and kept the same team to iterate on it, as a separate app.",
    "Uber Freight lost $13 million in the third quarter compared to a $1 million profit in the same quarter last year.",
    "Anthony Joshua and Deontay Wilder fight on the same card in Riyadh at the same time as the final.",
    "A spokesperson for Consumer Reports says the same thing: “We’re going to wait for more data.”",
    "Under the terms of the deal with Canada, Google will provide $73.5 million every year to news organizations.",
    "Muriel struck in the 95th minute after the Milan defender Davide Calabria had been sent off.",
])
def test_keeps_complete_statements(sentence):
    assert standalone(sentence), reasons(sentence)


def test_a_sentence_cut_after_an_abbreviation_is_a_fragment():
    sentence = "Google, the landmark antitrust trial over Google’s search business, entered its third week."
    assert standalone(sentence) and not standalone(sentence, "Cue was on the stand as a witness in US v.")


def test_a_surname_introduced_earlier_leans_on_it():
    context = "Rami Abdel Rahman, head of the Syrian Observatory, spoke on Thursday."
    sentence = "Rahman said the fighting continued through the night in the east of the city."
    assert standalone(sentence) and not standalone(sentence, context)


def test_a_team_led_by_someone_is_no_surname():
    """"Rohit Sharma-led India" had made "India" the surname of a Mr Sharma-led: the news of 2023-11-11's
    cricket piece ("India have already booked a place in semi-finals ...") was turned down."""
    context = "ICC World Cup 2023: Rohit Sharma-led India are playing Netherlands in Bengaluru."
    sentence = "India have already booked a place in semi-finals, thrashing Sri Lanka by 302 runs in Mumbai."
    assert standalone(sentence, context)
    assert not standalone("Picard said the plan failed and it will be withdrawn.", "Jean-Luc Picard spoke.")


def test_a_reporter_named_in_full_further_down_a_live_page_leans_on_it():
    """A live page's entries run newest first: its reporter is named in full in an older entry below."""
    sentence = "Dinich reported earlier on Friday that punishment to Michigan could come around the time of the game."
    below = "Big Ten officials met on Thursday. ESPN's Heather Dinich reported the meeting lasted four hours."
    assert standalone(sentence) and not standalone(sentence, "", below)


def test_a_name_after_another_sentences_last_word_is_no_full_name():
    """"... according to LSEG.\n\nNike reported ..." named no one called "LSEG. Nike"."""
    sentence = "Nike reported revenue on Thursday that fell short of Wall Street's sales expectations."
    assert standalone(sentence, "Analysts polled by LSEG.\n\nNike shares rose about 8% on Thursday.")
    assert standalone(sentence, "", "Here is how it did, according to LSEG.\n\nNike reported a profit.")
    assert not standalone("Rahman said the fighting continued through the night in the east.", "Mr. Rahman")


@pytest.mark.parametrize("sentence", [
    "The South African laughs at the notion of what pressure is compared to the inequality at home.",
    "The Dutchman is still building his team and may be wary of the uneven form of the new keeper.",
    "The Dutch retreated further and further into Wembley’s wide open spaces in the second half.",
])
def test_a_nationality_standing_for_someone_named_earlier_leans_on_it(sentence):
    assert not standalone(sentence)


@pytest.mark.parametrize("sentence", [
    "The Israeli military said it struck 450 targets in Gaza overnight, including command centres.",
    "The Palestinian enclaves of West Bank and Gaza both have small economies that run large deficits.",
    "The Australian sharemarket closed higher on Thursday as iron ore miners rallied for a third day.",
])
def test_a_nationality_before_what_it_describes_stands(sentence):
    assert standalone(sentence), reasons(sentence)


def test_a_double_barrelled_name_and_a_name_opening_the_sentence_are_named():
    """Both kept out every sentence of a day's trial report: "Fried" of "Sam Bankman-Fried" was taken for
    the lone surname of "Barbara Fried", and Ellison for no one before "her"."""
    sbf = "Sam Bankman-Fried, the founder of failed cryptocurrency exchange FTX, is on trial for seven counts of fraud."
    assert standalone(sbf, "Barbara Fried engaged defense lawyer Christian Everdell in an animated conversation.")
    assert standalone("Ellison had given, in her direct testimony, damning evidence tying Sam Bankman-Fried to fraud.")
    assert not standalone("Officials said she had been held at the border crossing for several hours on Friday.")


def test_a_capitalised_word_opening_a_sentence_is_no_first_name():
    context = "The judge replied, “If Apple would like to help, fine.” Laughter followed."
    sentence = "Apple is in court because of the Information Services Agreement with Google."
    assert standalone(sentence, context)  # "If Apple" did not introduce a person called Apple
    assert not standalone(sentence, "Analyst Jane Apple spoke first.")


@pytest.mark.skipif(not CORPUS.is_file(), reason="MultiHop-RAG corpus not beside the checkout")
def test_agreement_with_the_hand_labels():
    corpus = {a["url"]: a["body"] for a in json.loads(Path(CORPUS).read_text())}
    tp = fp = fn = 0
    for row in map(json.loads, LABELS.read_text().splitlines()):
        body = corpus[row["url"]]
        said = standalone(row["sentence"], body[: body.find(row["sentence"])])
        tp += said and row["standalone"]
        fp += said and not row["standalone"]
        fn += not said and row["standalone"]
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"standalone rules vs 400 hand labels: precision {precision:.3f} recall {recall:.3f}")
    # measured 0.884 / 0.838 (tuned on these labels); precision is what a bullet needs (a refused
    # sentence only gives way to another), so recall was let go from 0.848 for it
    assert precision >= 0.88 and recall >= 0.83


@pytest.mark.parametrize(
    "line, stated",
    [
        ("Sam Altman has been fired from OpenAI.", True),
        ("“Wait, this is amazing,” Swift wrote.", True),
        ("Timeline of Sam Altman’s firing from OpenAI", False),  # a subhead
        ("Is Five Nights at Freddy’s safe for kids?", False),  # a question the piece asks
        ("BLUE HALLOWEEN BUCKETS RAISE AUTISM AWARENESS, MOM'S VIRAL POST SAYS.", False),  # a shouted caption
    ],
)
def test_a_line_is_a_statement_or_not(line, stated):
    assert is_statement(line) is stated


@pytest.mark.parametrize(
    "line, only",
    [
        ("pic.twitter.com/T0Mrch9Tf9 — The Sporting News (@sportingnews) November 20, 2023", True),
        ("— Sam Altman (@sama) November 30, 2023", True),
        ("📺: #NYJvsLV on NBC", True),
        # the post's own words are evidence: only its link and credit are not
        ("Raiders’ kicker Daniel Carlson will be Las Vegas’ kicker tonight, per league source. "
         "— Adam Schefter (@AdamSchefter) October 30, 2023", False),
        ("Sam Altman has been fired from OpenAI, the company said on Friday.", False),
    ],
)
def test_an_embedded_posts_link_and_credit_alone_are_no_evidence(line, only):
    """A user asked "What happened on November 20, 2023?" and was answered with an embedded post's
    credit line; the extractive answerer never quotes such a line."""
    assert embed_only(line) is only


def test_a_caption_is_told_by_where_its_people_stand_not_by_a_word_in_brackets():
    assert photo_caption("Chloe Scheer (left) and Julia Crockett-Grills of the Cats celebrate.")
    assert photo_caption("Photograph: Jose Breton/AP")
    # a statistic's note in brackets is no position in a picture
    assert not photo_caption("They rank in the bottom five for rushing touchdowns allowed (right), per the data.")


@pytest.mark.parametrize(
    ("sentence", "pronoun_only"),
    [
        ("He introduced a way to put cranberries in a can in 1912.", True),
        ("In his 300th game for Melbourne, Goulding delivered his trademark late three.", False),
        ("Since it was uploaded, the video has garnered over 2.7 million views on TikTok.", False),
        ("It’s possible that Altman wanted to make a bold move before the board met.", False),
        ("It was exactly a week after he'd forced out his hand-picked successor as CEO.", True),
        ("Offensively, he capitalizes on mismatches from the paint to the 3-point line.", True),
        ("“We make Google be the default search engine,” he said, “because it was the best.”", True),
        ("They won just one game this year, an eight-point victory over West Coast.", True),
        ("Brockman says he got a text from Sutskever shortly after noon on Friday.", False),
        ("Jones clearly believes he is the right man to carry Australia on.", False),
        ("Sam Altman said he would return to OpenAI as its chief executive.", False),
        ("It is likely that the vote will be held on Tuesday in Brussels.", False),
        ("The board met on Friday without warning anyone at the company.", False),
    ],
)
def test_a_sentence_that_names_whom_it_means_only_with_a_pronoun(sentence, pronoun_only):
    """What an answer quotes with the sentence before it (``briefer.llm.neighbours.with_context``)."""
    assert only_a_pronoun(sentence) is pronoun_only


@pytest.mark.parametrize(("sentence", "outlet", "own_voice"), [
    ("The Sporting News has laid out all the options should Man United move on from Ten Hag.", "Sporting News", True),
    ("Since at least 2008, TechCrunch been covering technology companies out of Palestine.", "TechCrunch", True),
    ("Engadget has been testing and reviewing consumer tech since 2004.", "Engadget", True),
    # its reporting, or another outlet's name, is no talk of its own coverage
    ("TechCrunch has confirmed with multiple sources that Palo Alto is in advanced talks.", "TechCrunch", False),
    ("As former federal prosecutor Josh Naftalis told TechCrunch, SBF taking the stand is a Hail Mary.", "TechCrunch", False),
    ("The Sporting News has laid out all the options should Man United move on.", "The Guardian", False),
    ("The Sporting News has laid out all the options should Man United move on.", None, False),
])
def test_an_outlet_telling_of_its_own_coverage(sentence, outlet, own_voice):
    assert outlet_voice(sentence, outlet) is own_voice


@pytest.mark.parametrize(("sentence", "says_nothing"), [
    ("USA starting lineup (4-3-3, right to left): 1.", True),  # a list's heading and its first number
    ("The Playoff field is as follows: 1.", True),
    ("(This piece was later edited to include relevant information about the attacks by Hamas).", True),
    ("(This story has been updated with a comment from Meta.)", True),
    ("But still, Ajagba got to 6-0 with an official KO1, 0:01.", False),  # a time
    ("His running capacity was confirmed when he finished second in the time trial with a time of 5:52.", False),
    ("(Reuters reported 50 deaths in the city on Tuesday.)", False),
])
def test_a_line_that_claims_nothing_is_no_evidence(sentence, says_nothing):
    assert claims_nothing(sentence) is says_nothing
