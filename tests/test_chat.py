"""`briefer chat`: piped sessions through the real CLI, follow-ups, slash commands, faults, resume."""

import json

import pytest
from conftest import indexed, run_cli

from briefer.chat.session import ChatSession, expand_offline, is_follow_up, parse_filter, with_story_names
from briefer.core.records import Filters
from briefer.llm.drafts import ABSTAIN_PHRASE, Draft, Segment
from briefer.testing import ScriptedLLM
from briefer.testing.fake_anthropic import Error, FakeAnthropic, Reply, cit, text

Q1 = "How many civilians left eastern Aleppo on Saturday?"
NVIDIA = {"title": "Nvidia revenue triples", "source": "Markets Daily", "published_at": "2023-11-21",
          "body": "Nvidia said on Tuesday that its revenue tripled to $18.1 billion in the third quarter as demand "
                  "for its artificial intelligence chips soared."}
Q2 = "And how many rebels laid down their arms that day?"


def test_follow_up_detection_and_offline_expansion():
    assert is_follow_up(Q2) and is_follow_up("What about Idlib?") and not is_follow_up(Q1)
    assert is_follow_up("Where was he when he said it?") and is_follow_up("Did Kerry say it in Paris?")
    assert is_follow_up("Where was he when Kerry spoke?")  # "he" before any name: someone named before
    assert not is_follow_up("Where was Kerry when he spoke?")  # "he" is Kerry: nothing to carry over
    assert is_follow_up("What did the judge say about him?")
    assert is_follow_up("Why Geneva?") and is_follow_up("Who won?")  # a bare name, or no subject at all
    # a short question that names its own subject is asked afresh, not padded with the last one's words
    assert not is_follow_up("Who is Mira Murati?") and not is_follow_up("What is the capital of Peru?")
    # naming no one but pointing at something ("the judge", "next"): of the story in discussion
    assert is_follow_up("Who is the judge?") and is_follow_up("What happened next in the trial?")
    assert not is_follow_up("How do I bake sourdough bread?") and not is_follow_up("What was the best film of 2023?")
    # after a briefing's story, its first names alone: its every word had drowned the question
    lede = ("In a dramatic turn of events late Friday, Sam Altman was fired as CEO of OpenAI, the company behind "
            "ChatGPT and DALL-E 3, by the board of directors.")
    carried = with_story_names("How many employees signed the letter?", lede)
    assert "Sam Altman" in carried and "OpenAI" in carried and not {"board", "dramatic"} & set(carried.split())
    names = expand_offline("How much will he pay personally?", "Who is Changpeng Zhao?")
    assert "Changpeng Zhao" in names  # a name as written, which the answerer still reads as a name
    expanded = expand_offline(Q2, Q1)
    assert expanded.startswith(Q2) and "aleppo" in expanded.lower() and "saturday" in expanded.lower()


def test_filter_parsing():
    f = parse_filter("since=2016-12-01 source=CNN", Filters())
    assert f == Filters("2016-12-01", None, "CNN")
    assert parse_filter("until=2016-12-31", f) == Filters("2016-12-01", "2016-12-31", "CNN")
    assert parse_filter("off", f) == Filters()
    for bad in ("since=yesterday", "colour=red", "nonsense"):
        with pytest.raises(ValueError):
            parse_filter(bad, f)
    with pytest.raises(ValueError, match="since=12/10/2016 is not a date; write it as YYYY-MM-DD"):
        parse_filter("since=12/10/2016", f)
    # a value of several words runs to the next key (a user's "/filter source=The Guardian" gave "The")
    assert parse_filter("source=The Guardian since=2023-11-01", Filters()) == Filters("2023-11-01", None, "The Guardian")


@pytest.mark.integration
def test_history_is_bounded_by_turns_and_tokens(seeds_index):
    llm = ScriptedLLM(Draft([Segment(ABSTAIN_PHRASE)]), uses_history=True)  # a backend that receives history
    session = ChatSession(seeds_index, llm, path=seeds_index.folder / "t.json")
    for i in range(10):
        session.ask(f"Question number {i} about Aleppo civilians?")
    assert len(llm.histories[-1]) == seeds_index.settings.chat.chat_turns
    assert llm.histories[-1][-1][0] == "Question number 8 about Aleppo civilians?"
    session.settings = session.settings.updated(chat_history_tokens=40)
    session.ask("Another question about Aleppo?")
    assert 0 < len(llm.histories[-1]) < seeds_index.settings.chat.chat_turns


@pytest.mark.integration
def test_piped_session_done_when(seeded):
    env, _ = seeded
    script = f"{Q1}\n/sources\n{Q2}\n/quit\n"
    res = run_cli("chat", "--llm", "extractive", env=env, input=script)
    assert res.returncode == 0, res.stderr
    out = res.stdout
    first, sources, third = out.index("20,000"), out.index("Aleppo exodus grows"), out.rindex("1,200")
    assert first < sources < third
    assert "briefer›" not in out  # no prompt decorations when piped


@pytest.mark.integration
def test_each_slash_command(seeded, tmp_path):
    env, _ = seeded
    transcript = tmp_path / "t.md"
    script = "\n".join([
        "/help", "/sources", "/open 1", Q1, "/open 1", "/open 9", "/filter since=2016-12-11",
        "/filter since=bad", "How many civilians left eastern Aleppo?", "/filter off", "/brief 2016-12-12",
        "/brief 1999-01-01",
        f"/save {transcript}", "/reset", "/sources", "/nope", "/quit", "never asked",
    ]) + "\n"
    res = run_cli("chat", "--llm", "extractive", env=env, input=script)
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "/filter since=" in out and out.count("No sources yet") == 3
    assert "Usage: /open N, with N from 1 to" in out
    assert "Syrian forces now control nearly all" in out  # /open shows the whole article
    assert "filters: since=2016-12-11" in out and "filters: none" in out
    assert "Conflicting reports" in out and "Conversation cleared." in out
    assert "no articles published 1999-01-01" in res.stderr
    assert "Unknown command /nope; type /help" in out and "never asked" not in out
    assert "since=bad" in res.stderr or "isoformat" in res.stderr
    md = transcript.read_text()
    assert md.startswith("# briefer chat transcript") and "## " + Q1 in md and "> More than 20,000" in md


@pytest.mark.integration
def test_resume_continues_last_session(seeded, tmp_path):
    env, _ = seeded
    env = {**env, "BRIEFER_INDEX": env["BRIEFER_INDEX"]}
    assert run_cli("chat", "--llm", "extractive", env=env, input=f"{Q1}\n").returncode == 0
    res = run_cli("chat", "--llm", "extractive", "--resume", env=env, input=f"{Q2}\n/sources\n")
    assert res.returncode == 0 and "1,200" in res.stdout
    from pathlib import Path

    latest = ChatSession.latest(Path(env["BRIEFER_INDEX"]))
    turns = json.loads(latest.read_text())["turns"]
    assert [t["question"] for t in turns[-2:]] == [Q1, Q2]


@pytest.mark.integration
def test_llm_failure_in_one_turn_and_the_chat_goes_on(seeded):
    env, _ = seeded
    with FakeAnthropic() as fake:
        fake.enqueue(
            Error(529), Error(529), Error(529),  # the first turn fails after the SDK's two retries
            Reply([text("Over 1,200 rebels laid down their arms on Saturday.", [cit(0, 0)])]),
        )
        res = run_cli("chat", env={**env, "ANTHROPIC_BASE_URL": fake.url, "ANTHROPIC_API_KEY": "sk-test-chat"},
                      input=f"{Q1}\nHow many rebels laid down their arms on Saturday?\n/quit\n")
    assert res.returncode == 0
    assert res.stderr.count("briefer: error:") == 1 and "529" in res.stderr
    assert "1,200" in res.stdout and "Traceback" not in res.stderr


@pytest.mark.integration
def test_claude_follow_up_is_rewritten_into_a_standalone_query(seeded):
    env, _ = seeded
    with FakeAnthropic() as fake:
        fake.enqueue(
            Reply([text("More than 20,000 civilians left eastern Aleppo on Saturday.", [cit(0, 0)])]),
            Reply(["rebels who laid down their arms in eastern Aleppo on Saturday"]),  # the rewrite
            Reply([text("Over 1,200 rebels laid down their arms.", [cit(0, 0)])]),
        )
        res = run_cli("chat", env={**env, "ANTHROPIC_BASE_URL": fake.url, "ANTHROPIC_API_KEY": "sk-test-chat"},
                      input=f"{Q1}\n{Q2}\n")
        rewrite, answer = fake.requests[1].body, fake.requests[2].body
    assert res.returncode == 0, res.stderr
    assert Q2 in json.dumps(rewrite["messages"]) and Q1 in json.dumps(rewrite["messages"])
    assert [m["role"] for m in answer["messages"]] == ["user"]
    (earlier,) = [b for b in answer["messages"][0]["content"] if b.get("source") == "briefer:conversation"]
    assert earlier["type"] == "search_result" and f"Question: {Q1}" in json.dumps(earlier)  # the history, as data
    assert "More than 20,000 civilians left" in json.dumps(earlier)


@pytest.mark.integration
def test_chat_knows_the_briefing(seeded):
    env, _ = seeded
    script = ("What's the news?\nWhat do the sources disagree on?\n/brief 2016-12-12 --days 7\n/brief --days zero\n"
              "Tell me more about the Aleppo neighborhood\n")
    res = run_cli("chat", "--llm", "extractive", env={**env, "COLUMNS": "60"}, input=script)
    assert res.returncode == 0, res.stderr
    out = res.stdout
    news, rest = out.split("Conflicting reports", 1)
    assert "Southeastern Aleppo neighborhood now in government hands" in news and "do not answer" not in news
    assert "150,000" in rest and "100,000" in rest and "20,000" in rest and "SANA" in rest
    assert "Briefing: 2016-12-06 to 2016-12-12" in out and "usage: /brief" in out
    briefings = out.split("usage: /brief")[0].split("argument --days")[0]
    assert "# Briefing: 2016-12-06 to 2016-12-12" in briefings  # piped, the Markdown itself, as `brief` writes it
    assert not [ln for ln in briefings.splitlines() if ln.endswith(" ")]  # no line padded to the width
    assert "(answered from the briefing)" not in out
    more = out.split("usage: /brief")[1]  # the week's Aleppo story at more length than the briefing told it
    assert more.count("\n- ") > 3 and "## Sources" in more and "## Also reported" not in more, more


@pytest.mark.integration
def test_what_the_sources_disagree_on_after_a_briefing_is_of_that_briefing(seeded):
    """A user asked "What do the sources disagree on?" after a topic's briefing and got the latest day's:
    a request naming nothing asks of the briefing just read; /sources then lists its sources."""
    env, _ = seeded
    script = "What was the news on December 8, 2016?\nWhat do the sources disagree on?\n/sources\n"
    out = run_cli("chat", "--llm", "extractive", env={**env, "COLUMNS": "200"}, input=script).stdout
    assert [line[2:] for line in out.splitlines() if line.startswith("# Briefing")] == ["Briefing: 2016-12-08"] * 2
    listed = out.split("## Sources")[-1]
    assert "No sources yet" not in out and "[1] " in listed and "    “" in listed, listed


@pytest.mark.integration
def test_offline_follow_up_resolves_who_and_answers_where(seeded):
    env, _ = seeded
    script = "What did John Kerry say about the fighters?\nWhere was he when he said it?\n"
    res = run_cli("chat", "--llm", "extractive", env=env, input=script)
    assert res.returncode == 0, res.stderr
    answers = [block for block in res.stdout.split("\n\n") if block and not block.startswith(("Sources", "["))]
    assert len(answers) == 2 and "Geneva" in answers[0]
    lead, cited = answers[-1].split(" [1] ", 1)
    assert lead == "In Paris."  # the follow-up answer leads with the place, cited to where Kerry said it
    assert "[1]" in cited.split("told reporters in Paris")[1].split("\n")[0]


def test_a_broken_sessions_folder_or_file_never_costs_an_answer(seeded):
    env, _ = seeded
    from pathlib import Path

    sessions = Path(env["BRIEFER_INDEX"]) / "sessions"
    if sessions.is_dir():
        for f in sessions.iterdir():
            f.unlink()
        sessions.rmdir()
    sessions.write_text("not a folder")
    res = run_cli("chat", "--llm", "extractive", env=env, input=f"{Q1}\n{Q2}\n")
    assert res.returncode == 0 and "Traceback" not in res.stderr
    assert "20,000" in res.stdout and res.stderr.count("this chat is not being saved") == 1  # said once
    sessions.unlink()
    sessions.mkdir()
    (sessions / "session-20990101-000000.json").write_text('{"turns": [{"question": "x", "qu')  # cut by a crash
    resumed = run_cli("chat", "--resume", "--llm", "extractive", env=env, input=f"{Q1}\n")
    assert resumed.returncode == 2 and "cannot resume" in resumed.stderr and "without --resume" in resumed.stderr
    assert resumed.stderr.count("\n") == 1


def test_saved_transcript_is_escaped_and_keeps_the_incomplete_mark(seeds_index, tmp_path):
    hostile = "<script>alert(1)</script> [click](javascript:alert(1)) More than 20,000 civilians left."
    llm = ScriptedLLM(Draft([Segment(hostile)], incomplete=True))
    session = ChatSession(seeds_index, llm, path=tmp_path / "s.json")
    session.ask(Q1)
    md = session.transcript_markdown()
    assert "<script>" not in md and "\\<script\\>" in md
    assert "[click](javascript:" not in md and "\\[click\\](javascript:" in md  # not a link
    assert "incomplete" in md


def test_a_filter_that_excludes_everything_says_so(seeded):
    env, _ = seeded
    res = run_cli("ask", Q1, "--since", "2030-01-01", "--llm", "extractive", env=env)
    assert res.returncode == 1 and "matches the filter (since 2030-01-01)" in res.stderr and res.stdout == ""
    chat = run_cli("chat", "--llm", "extractive", env=env, input=f"/filter since=2030-01-01\n{Q1}\n/filter off\n{Q1}\n")
    assert chat.returncode == 0 and "matches the filter" in chat.stdout + chat.stderr and "20,000" in chat.stdout


def test_a_saved_transcript_keeps_a_briefing_answer_as_markdown(seeds_index, tmp_path):
    from briefer.brief.render import summary_markdown
    from briefer.chat.intents import options_of
    from briefer.llm.extractive import ExtractiveLLM

    session = ChatSession(seeds_index, ExtractiveLLM(seeds_index.embedder), path=tmp_path / "s.json")
    brief = session.briefing(options_of("What's the news?"))
    session.note("What's the news?", summary_markdown(brief))
    md = session.transcript_markdown()
    assert "### Briefing: 2016-12-12" in md and "\\# Briefing" not in md
    story = brief.sections[0]
    assert f"#### {story.heading}" in md.splitlines()
    assert any(line.startswith("- ") and line.endswith("[1]") for line in md.splitlines())  # its bullets, a list


@pytest.mark.integration
def test_open_after_a_briefing_opens_the_briefings_source(seeded):
    env, _ = seeded
    script = "/brief 2016-12-12 --days 7\n/open 1\n/open 99\n"
    out = run_cli("chat", "--llm", "extractive", env={**env, "COLUMNS": "200"}, input=script).stdout
    sources, opened = out.split("## Sources", 1)[1].split("\n- [2]", 1)
    title = sources.strip().removeprefix("- [1] ").split(" — ")[0]  # "- [1] Title — outlet, date"
    opened = opened.split("\n", 1)[1]  # after the briefing's last source: what /open printed
    assert "No sources yet" not in opened and opened.startswith(title + " — ")
    assert len(opened) > 1000  # the whole article
    assert "Usage: /open N, with N a source of the briefing (1 to" in opened


def test_a_follow_up_after_a_briefing_refers_to_what_it_told(tmp_path, minilm):
    """After `/brief`, "What did he plead guilty to?" had been searched as it stood and answered with
    another man's plea: "he" is the one of the briefing's bullets that tells of pleading guilty."""
    from briefer.chat.intents import BriefOptions
    from briefer.llm.extractive import ExtractiveLLM

    articles = [
        {"title": "Binance chief pleads guilty", "source": "Crypto Wire", "published_at": "2023-11-21",
         "body": "Binance founder Changpeng Zhao pleaded guilty on Tuesday to violating US anti-money laundering "
                 "laws and stepped down as chief executive of the exchange."},
        NVIDIA,
    ]
    index = indexed(tmp_path, minilm, articles, brief_min_value=0.0)
    session = ChatSession(index, ExtractiveLLM(minilm), path=tmp_path / "s.json")
    brief = session.briefing(BriefOptions("2023-11-21"), shown=True)
    assert len(brief.sections) == 2  # both stories told: the question has to pick its referent
    query, _ = session.resolve("What did he plead guilty to?")
    assert "Changpeng Zhao" in query and "Nvidia" not in query, query
    query, _ = session.resolve("How much revenue did it report?")
    assert "Nvidia" in query and "Zhao" not in query, query


def test_tell_me_more_after_a_briefing_tells_its_story_and_follow_ups_stay_on_it(tmp_path, minilm):
    """After `/brief 2023-11-21`, "Tell me more about the Binance story" had been searched as it stood and
    opened with a spokesperson's old remark, and "Why did CZ step down?", asked afresh, with another
    company's chief stepping down: the story is told from the briefing, and a question naming only what
    it showed ("CZ") follows up on it."""
    from briefer.chat.intents import BriefOptions
    from briefer.llm.extractive import ExtractiveLLM

    binance = ("Changpeng Zhao, also known as CZ, the founder of Binance, pleaded guilty on Tuesday to violating US "
               "anti-money laundering laws and stepped down as chief executive. Binance agreed to pay about $4.3 "
               "billion to resolve the Justice Department's investigations, the agency said on Tuesday. Richard "
               "Teng, Binance's former global head of regional markets, will be the exchange's new chief executive. "
               "Zhao faces up to 18 months in prison under the federal sentencing guidelines, prosecutors said. "
               "Treasury Secretary Janet Yellen said Binance had let users in Iran, Cuba and Syria trade on the "
               "exchange in breach of American sanctions.")
    articles = [
        {"title": "Binance chief pleads guilty", "source": "Crypto Wire", "published_at": "2023-11-21", "body": binance},
        NVIDIA,
        {"title": "Dexus chief to retire", "source": "Property Post", "published_at": "2023-10-24",
         "body": "Dexus chief executive Darren Steinberg announced on Wednesday he would step down next year after "
                 "eleven years at the helm of the property group."},
    ]
    index = indexed(tmp_path, minilm, articles, brief_min_value=0.0)
    session = ChatSession(index, ExtractiveLLM(minilm), path=tmp_path / "s.json")
    assert session.more_on("the Binance story") is None  # no briefing shown yet: the question is searched
    assert session.resolve("Why did CZ step down?")[0] == "Why did CZ step down?"
    brief = session.briefing(BriefOptions("2023-11-21"), shown=True)
    told = session.more_on("the Binance story")
    assert told is not None and [sec.heading for sec in told.sections] == ["Binance chief pleads guilty"]
    shown = [b.text for sec in brief.sections for b in sec.bullets if "Binance" in sec.heading]
    bullets = [b.text for b in told.sections[0].bullets]
    assert len(bullets) > len(shown) and any("Richard Teng" in b for b in bullets), bullets
    assert [s.title for s in told.sources] == ["Binance chief pleads guilty"]  # numbered anew: [1] is its own
    assert session.more_on("the weather in Lisbon") is None  # names no story of the briefing
    second = brief.sections[1].heading  # "tell me more about the second story": by its place
    assert [sec.heading for sec in session.more_on("the second story").sections] == [second]
    assert [sec.heading for sec in session.more_on("the first story").sections] == [brief.sections[0].heading]
    query, _ = session.resolve("Why did CZ step down?")
    assert "Binance" in query, query  # CZ is the one the story told of
    assert session.resolve("Why did Darren Steinberg step down?")[0] == "Why did Darren Steinberg step down?"
