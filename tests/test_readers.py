import html
import json
import os
from pathlib import Path

import pytest

from briefer.ingest.readers import SUPPORTED_SUFFIXES, PartlyRead, ReadError, discover, read_file

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
MULTIHOP = Path(__file__).resolve().parents[2] / "shared" / "evaldata" / "multihop-rag"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def read_error(path: Path, **kw) -> str:
    with pytest.raises(ReadError) as info:
        read_file(path, **kw)
    reason = str(info.value)
    assert "\n" not in reason and str(path) not in reason
    return reason


# ----------------------------------------------------------------- plain text


def test_seeds():
    files, problems = discover([SEEDS])
    assert problems == [] and [f.name[:3] for f in files] == ["000", "001", "002"]
    got = {f.name[:3]: read_file(f) for f in files}
    assert all(len(v) == 1 for v in got.values())
    a0, a1, a2 = got["000"][0], got["001"][0], got["002"][0]
    assert (a0.title, a0.source, a0.published) == ("bashar al assad aleppo", None, "2016-12-08")
    assert (a1.title, a1.source, a1.published) == ("Aleppo exodus grows as thousands more leave", None, None)
    assert (a2.title, a2.source, a2.published) == (
        "Southeastern Aleppo neighborhood now in government hands: reports", "CNN", "2016-12-12")
    assert a0.origin == str(files[0]) and a0.url is None
    assert "(CNN)Syria's state-run news agency SANA" in a2.text
    assert "The Syrian state-run news agency SANA put the figure at around 20,000." in a2.text


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-16", "utf-8-sig", "utf-16-le-bom"])
def test_text_encodings_are_decoded(tmp_path, encoding):
    text = "Café crème in São Paulo\n\nThe président’s “résumé” cost €5 — naïve, façade."
    if encoding == "latin-1":
        text = text.replace("’", "'").replace("“", '"').replace("”", '"').replace("€", "EUR").replace("—", "-")
    data = b"\xff\xfe" + text.encode("utf-16-le") if encoding == "utf-16-le-bom" else text.encode(encoding)
    (article,) = read_file(write(tmp_path / "a.txt", data))
    assert article.title == "Café crème in São Paulo"
    assert article.text == text.split("\n\n", 1)[1]


def test_newlines_normalised(tmp_path):
    (article,) = read_file(write(tmp_path / "a.txt", b"Title line\r\n\r\nOne.\r\nTwo.\rThree."))
    assert article.title == "Title line"
    assert article.text == "One.\nTwo.\nThree."


# ----------------------------------------------------------------- markdown


def test_markdown_front_matter(tmp_path):
    md = write(tmp_path / "story.md", "---\ntitle: Front title\noutlet: The Paper\ndate: 2016-12-08\n"
               "url: https://example.org/x\n---\n\nFirst paragraph.\n\nSecond paragraph.\n")
    (a,) = read_file(md)
    assert (a.title, a.source, a.published, a.url) == ("Front title", "The Paper", "2016-12-08",
                                                       "https://example.org/x")
    assert a.text == "First paragraph.\n\nSecond paragraph."
    assert a.origin == str(md)


def test_markdown_partial_front_matter_and_heading(tmp_path):
    md = write(tmp_path / "s.markdown", "---\npublished_at: '2023-11-27T08:45:59+00:00'\n---\n"
               "# Heading title\n\nWASHINGTON (Reuters) - Body text.\n")
    (a,) = read_file(md)
    assert (a.title, a.source, a.published) == ("Heading title", "Reuters", "2023-11-27")
    assert a.text == "WASHINGTON (Reuters) - Body text."


def test_markdown_without_front_matter(tmp_path):
    (a,) = read_file(write(tmp_path / "s.md", "Plain title\n\nBody here.\n"))
    assert (a.title, a.text) == ("Plain title", "Body here.")


def test_markdown_broken_front_matter(tmp_path):
    reason = read_error(write(tmp_path / "s.md", "---\ntitle: [unclosed\n---\nBody\n"))
    assert "front matter" in reason


# ----------------------------------------------------------------- HTML

HTML = """<!doctype html><html><head><title>Aleppo residents flee | The Daily</title>
<meta property="og:site_name" content="The Daily">
<meta property="og:url" content="https://daily.example/aleppo">
<meta property="article:published_time" content="2016-12-08T10:00:00+00:00">
<script>var tracking = "SCRIPT_SECRET_TEXT";</script><style>.x{color:red}</style></head>
<body><nav><a href="/">Home</a> <a href="/world">NAV_WORLD_LINK</a></nav>
<article><h1>Aleppo residents flee</h1>
<p>Thousands of residents fled eastern Aleppo on Thursday as government forces advanced.</p>
<p>Aid groups said they could not reach the people trapped in the old city districts.</p>
<script>document.write("INLINE_SCRIPT_TEXT")</script></article>
<footer>Copyright 2016 The Daily. All rights reserved.</footer></body></html>"""


def test_html_main_text_and_metadata(tmp_path):
    (a,) = read_file(write(tmp_path / "page.html", HTML))
    assert "Thousands of residents fled eastern Aleppo" in a.text
    assert "Aid groups said" in a.text
    for junk in ("SCRIPT_SECRET_TEXT", "INLINE_SCRIPT_TEXT", "color:red", "NAV_WORLD_LINK"):
        assert junk not in a.text
    assert a.title == "Aleppo residents flee"
    assert not a.text.startswith("Aleppo residents flee")
    assert (a.source, a.published, a.url) == ("The Daily", "2016-12-08", "https://daily.example/aleppo")


def test_html_with_only_script(tmp_path):
    path = write(tmp_path / "s.htm", "<html><head><script>var x = 'nothing to read here';</script></head></html>")
    assert read_error(path) == "no article text found in HTML"


# ----------------------------------------------------------------- JSON / JSONL


def test_json_single_object(tmp_path):
    path = write(tmp_path / "one.json", json.dumps({"headline": "H", "content": "Some text.", "outlet": "O",
                                                    "date": "8 December 2016", "link": "https://x.example"}))
    (a,) = read_file(path)
    assert (a.text, a.title, a.source, a.published, a.url, a.origin) == (
        "Some text.", "H", "O", "2016-12-08", "https://x.example", str(path))


def test_json_list_and_wrappers(tmp_path):
    items = [{"title": "A", "body": "Text A."}, {"title": "Empty", "body": "   "}, {"title": "C", "text": "Text C."}]
    for wrapper in (items, {"articles": items}, {"items": items}, {"data": items}):
        path = write(tmp_path / "many.json", json.dumps(wrapper))
        got = read_file(path)
        assert [(a.title, a.text, a.origin) for a in got] == [("A", "Text A.", f"{path}#0"),
                                                              ("C", "Text C.", f"{path}#2")]


def test_json_newsapi_style_source(tmp_path):
    path = write(tmp_path / "n.json", json.dumps({"articles": [
        {"source": {"id": None, "name": "BBC News"}, "title": "T", "publishedAt": "2024-01-02T03:04:05Z",
         "url": "https://bbc.example/1", "content": "Body."}]}))
    (a,) = read_file(path)
    assert (a.source, a.published) == ("BBC News", "2024-01-02")


def test_json_without_text_field(tmp_path):
    reason = read_error(write(tmp_path / "t.json", json.dumps({"title": "only a title", "url": "u"})))
    assert "text field" in reason and "body" in reason


def test_json_wrong_shape(tmp_path):
    assert "article object" in read_error(write(tmp_path / "t.json", "42"))


def test_broken_json_names_line_and_column(tmp_path):
    reason = read_error(write(tmp_path / "b.json", '[\n  {"title": "x",\n   "body": "y"\n  \n'))
    assert reason.startswith("broken JSON at line") and "column" in reason


def test_jsonl(tmp_path):
    path = write(tmp_path / "a.jsonl", '{"title": "A", "body": "One."}\n\n{"title": "B", "text": "Two."}\n')
    got = read_file(path)
    assert [(a.title, a.text, a.origin) for a in got] == [("A", "One.", f"{path}#0"), ("B", "Two.", f"{path}#1")]


def test_jsonl_broken_line_keeps_the_good_lines(tmp_path):
    path = write(tmp_path / "a.jsonl", '{"body": "One."}\n{"body": "Two."}\n{"body": oops}\n')
    with pytest.raises(PartlyRead) as caught:
        read_file(path)
    assert str(caught.value).startswith("broken JSON on line 3") and "other 2 lines" in str(caught.value)
    assert [a.text for a in caught.value.articles] == ["One.", "Two."]
    only_bad = write(tmp_path / "b.jsonl", "{oops\n[1]\n")
    assert read_error(only_bad).startswith("broken JSON on line 1")


BODY = "A sentence long enough to be the body of an article. And a second one."


@pytest.mark.parametrize("name, content, said", [
    ("deep.json", "[" * 5000 + "]" * 5000, "nested too deeply"),
    ("bigint.json", '[{"title": "x", "body": "' + BODY + '", "n": ' + "9" * 5000 + "}]", "4300 digits"),
    ("deep.md", "---\ntitle: " + "[" * 3000 + "]" * 3000 + "\n---\n" + BODY, "nested too deeply"),
    ("deep.jsonl", "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
])
def test_hostile_structures_are_one_clear_reason(tmp_path, name, content, said):
    reason = read_error(write(tmp_path / name, content))
    assert said in reason and "\n" not in reason


def test_values_no_file_can_hold_are_repaired_not_fatal(tmp_path):
    surrogate = write(tmp_path / "s.json", '[{"title": "T\\udfff", "body": "Bad \\udfff here. ' + BODY + '"}]')
    (art,) = read_file(surrogate)
    assert "\udfff" not in art.text + (art.title or "") and art.text.encode("utf-8")
    bad_date = write(tmp_path / "d.md", "---\ntitle: T\ndate: 2016-13-45\n---\n" + BODY)
    (art,) = read_file(bad_date)
    assert (art.title, art.published) == ("T", None)  # the date cannot be read: undated, named at ingest
    for year in ("2099", "9999", "1066"):
        (art,) = read_file(write(tmp_path / f"{year}.md", f"---\ntitle: T\ndate: {year}-01-02\n---\n" + BODY))
        assert art.published is None, year


def test_utf8_with_a_few_bad_bytes_stays_utf8(tmp_path):
    text = "Title – dash\n\nA sentence with an en dash – here, and more. Second sentence follows."
    path = write(tmp_path / "m.txt", text.encode() + b"\xff\xfe a few bad bytes. End of the text here.\n")
    (art,) = read_file(path)
    assert "en dash – here" in art.text and "â€" not in art.text and art.title == "Title – dash"


def test_html_escaped_titles_are_read_as_text(tmp_path):
    arts = [{"title": "&#039;Massive intel failure by Mossad&#039;: Hamas &amp; Israel", "body": BODY},
            {"title": "AT&T shares rise 5% & more", "source": "Dow &amp; Jones", "body": BODY}]
    first, second = read_file(write(tmp_path / "t.json", json.dumps(arts)))
    assert first.title == "'Massive intel failure by Mossad': Hamas & Israel"
    assert (second.title, second.source) == ("AT&T shares rise 5% & more", "Dow & Jones")


def test_multihop_corpus():
    corpus = MULTIHOP / "corpus.json"
    if not corpus.exists():
        pytest.skip("MultiHop-RAG corpus not present")
    raw = json.loads(corpus.read_text(encoding="utf-8"))
    got = read_file(corpus)
    assert len(got) == len(raw) == 609
    for art, src in zip(got, raw):
        assert art.text == src["body"].replace("\r\n", "\n").strip()
        title, source, url = (" ".join(src[k].split()) for k in ("title", "source", "url"))
        assert (art.title, art.source, art.url) == (html.unescape(title), html.unescape(source), url)
        assert art.published == src["published_at"][:10]
    assert got[0].origin == f"{corpus}#0" and got[-1].origin == f"{corpus}#608"


# ----------------------------------------------------------------- feeds

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wire Service</title><link>https://wire.example</link>
<item><title>First story</title><link>https://wire.example/1</link>
<pubDate>Thu, 08 Dec 2016 23:30:00 -0500</pubDate>
<description>&lt;p&gt;Residents fled &lt;b&gt;Aleppo&lt;/b&gt; on Thursday.&lt;/p&gt;&lt;script&gt;EVIL_SCRIPT()&lt;/script&gt;&lt;p&gt;More followed.&lt;/p&gt;</description></item>
<item><title>No body</title><description></description></item>
<item><title>Second story</title><link>https://wire.example/2</link><description>Plain summary &amp; more.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Outlet</title><id>urn:x</id>
<entry><title>Atom one</title><link href="https://atom.example/1"/><id>urn:1</id>
<updated>2016-12-12T10:00:00Z</updated>
<content type="html">&lt;p&gt;Atom body paragraph.&lt;/p&gt;</content></entry></feed>"""


def test_rss(tmp_path):
    path = write(tmp_path / "f.rss", RSS)
    got = read_file(path)
    assert [a.origin for a in got] == [f"{path}#0", f"{path}#2"]
    first, second = got
    assert first.text == "Residents fled Aleppo on Thursday.\nMore followed."
    assert "EVIL_SCRIPT" not in first.text
    assert (first.title, first.source, first.published, first.url) == (
        "First story", "Wire Service", "2016-12-08", "https://wire.example/1")
    assert (second.text, second.published) == ("Plain summary & more.", None)


@pytest.mark.parametrize("name", ["f.atom", "f.xml"])
def test_atom(tmp_path, name):
    (a,) = read_file(write(tmp_path / name, ATOM))
    assert (a.text, a.title, a.source, a.published, a.url) == (
        "Atom body paragraph.", "Atom one", "Atom Outlet", "2016-12-12", "https://atom.example/1")


def test_a_feeds_section_or_tagline_is_not_its_outlet(tmp_path):
    """Feed titles carry sections and taglines ("BBC News - World", "Cnbc | World Business News
    Leader"): the outlet is the masthead, so two sections of one outlet are one outlet, not two that
    corroborate each other. A generic first part ("Home - CBS News") is passed over."""
    from briefer.core.records import masthead

    world = write(tmp_path / "w.rss", RSS.replace("<title>Wire Service</title>", "<title>BBC News - World</title>"))
    uk = write(tmp_path / "u.rss", RSS.replace("<title>Wire Service</title>", "<title>BBC News - UK</title>"))
    assert {a.source for a in read_file(world) + read_file(uk)} == {"BBC News"}
    assert masthead("Cnbc | World Business News Leader") == "Cnbc"
    assert masthead("Live Science: The Most Interesting Articles") == "Live Science"
    assert masthead("Home - CBS News") == "CBS News"
    assert masthead("Spider-Man News") == "Spider-Man News"  # nothing to cut


def test_feed_errors(tmp_path):
    assert "feed" in read_error(write(tmp_path / "bad.xml", "<rss><channel><item>"))
    assert read_error(write(tmp_path / "plain.xml", "<?xml version='1.0'?><root><a>1</a></root>")) == \
        "feed has no entries"


# ----------------------------------------------------------------- malformed files


def test_empty_and_blank_files(tmp_path):
    for suffix in (".txt", ".json", ".html", ".rss"):
        assert read_error(write(tmp_path / f"e{suffix}", b"")) == "empty file"
    assert read_error(write(tmp_path / "blank.txt", "  \n\n\t")) == "empty file"


@pytest.mark.parametrize("suffix", [".txt", ".json", ".md", ".xml"])
def test_binary_file(tmp_path, suffix):
    data = bytes(range(256)) * 8 + b"\x00\x00\x01\x02PNG\x89"
    assert "binary" in read_error(write(tmp_path / f"b{suffix}", data))


def test_oversize_file(tmp_path):
    path = write(tmp_path / "big.txt", "Title\n\n" + "word " * 100)
    reason = read_error(path, max_bytes=100)
    assert "too large" in reason and "100 bytes" in reason
    assert read_file(path, max_bytes=10_000)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    path = write(tmp_path / "secret.txt", "Title\n\nBody.")
    path.chmod(0)
    try:
        assert "permission denied" in read_error(path)
    finally:
        path.chmod(0o644)


def test_folder_named_like_a_file(tmp_path):
    folder = tmp_path / "x.txt"
    folder.mkdir()
    assert "folder" in read_error(folder)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert read_error(fifo) == "not a regular file"


def test_missing_and_unsupported(tmp_path):
    assert read_error(tmp_path / "gone.txt") == "no such file"
    assert read_error(write(tmp_path / "x.pdf", b"%PDF-1.4")).startswith("unsupported file type .pdf")


# ----------------------------------------------------------------- discover


def test_discover_recursive_sorted_and_filtered(tmp_path):
    for name in ("b.txt", "a.md", "sub/c.json", "sub/deeper/d.rss", "skip.pdf", ".hidden.txt",
                 ".git/e.txt", "sub/Z.HTML"):
        write(tmp_path / name, "x")
    files, problems = discover([tmp_path])
    assert problems == []
    assert [f.relative_to(tmp_path).as_posix() for f in files] == [
        "a.md", "b.txt", "sub/Z.HTML", "sub/c.json", "sub/deeper/d.rss"]
    assert discover([tmp_path]) == (files, problems)


def test_discover_explicit_files_problems_and_duplicates(tmp_path):
    good = write(tmp_path / "good.txt", "x")
    bad = write(tmp_path / "doc.xyz", "x")
    hidden = write(tmp_path / ".explicit.md", "x")
    files, problems = discover([good, tmp_path / "missing", bad, good, hidden])
    assert files == [good, hidden]
    assert problems[0] == (tmp_path / "missing", "no such file or folder")
    assert problems[1][0] == bad
    assert problems[1][1].startswith("unsupported file type .xyz; supported: ")
    assert all(s in problems[1][1] for s in SUPPORTED_SUFFIXES)


def test_discover_symlink_loops_terminate(tmp_path):
    root = tmp_path / "root"
    write(root / "a" / "one.txt", "x")
    (root / "a" / "back").symlink_to(root, target_is_directory=True)  # a/back -> root: a loop
    (root / "alias").symlink_to(root / "a", target_is_directory=True)  # second way into a/
    (root / "self.txt").symlink_to(root / "self.txt")  # a link to itself
    files, problems = discover([root, root / "a"])
    assert files == [root / "a" / "one.txt"]
    reasons = {p.relative_to(root).as_posix(): r for p, r in problems}
    assert set(reasons) == {"a/back", "self.txt"}
    assert all("loop" in r for r in reasons.values())


def test_discover_broken_symlink_given_explicitly(tmp_path):
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    files, problems = discover([link])
    assert files == [] and "broken symbolic link" in problems[0][1]
