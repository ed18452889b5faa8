"""Lines of the page rather than of the article: sign-up and subscription lines, credits, photo captions,
embedded posts, links to other pages, an outlet telling of its own coverage, a list's heading run onto its
first number, an editor's note. Briefings never take them as bullets (``text.standalone``); answers never
quote the ones that carry no claim at all (``links_out``, ``embed_only``, ``claims_nothing``).
"""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W\d_][\w’'-]*")  # a word as a reader counts it ("Bankman-Fried", "don’t")
_FURNITURE = re.compile(
    r"sign up|newsletter|subscribe|read more|click here|tap here|share this|follow us|advertisement|"
    r"all rights reserved|©|getty images|photo by|photograph:|photo:|image:|images\)|credit:|\(photo|"
    r"pic\.twitter\.com|https?://|www\.|@\w|\bloading\b|table of contents|save \$|\$\d[\d,.]*\s+\$\d|"
    r"\bbuy (?:it )?(?:now|at|from)\b|\bshop now\b|\bpromo code\b|\bbonus code\b|terms and conditions|"
    r"\bt&cs? apply\b|\bthis is (?:hot pod|the station)\b|has been testing and reviewing|earn (?:a )?commission|"
    r"\{\{|\}\}|\{%|affiliate|\b(?:see|listed|shown|updates|highlights|results|links?) below\b|"
    r"\b(?:sorts|walks|stands|holds|poses|gestures|looks on|sits|waits) [^.]{0,120}\bon \w+\.? \d{1,2}, (?:19|20)\d\d\.$|"
    r"what to watch|\bstay tuned\b|\bread this\b|\bwelcome to\b|\bhiya\b|traducción|\bsubscribers?\b|\byou can (?:get|buy|save|shop)\b|"
    r"(?-i:\b(?:MORE|READ|WATCH|RELATED|LISTEN):)|"  # a link to another page ("MORE: Recap the Premier League match ...")
    r"\b\d+ (?:mins?|minutes|hours?|hrs?)(?: \d+ mins?)? (?:until|to|before) (?:kick-?off|tip-?off|puck drop|first pitch)\b",
    re.I,
)
_LINK_OUT = re.compile(r"^\W*(?:MORE|READ MORE|READ|WATCH|RELATED|LISTEN|SEE ALSO)\s*:")
# An embedded post's credit: "— The Sporting News (@sportingnews) November 20, 2023" at the end of the line
_EMBED_CREDIT = re.compile(r"[—–-]\s*[^—–()]{1,80}\(@\w+\)\s+[A-Z][a-z]+\.? \d{1,2}, \d{4}\W*$")
_LINK = re.compile(r"pic\.twitter\.com/\S*|https?://\S*|www\.\S*|[#@]\w+")
# A wire photo's caption: who stands where ("Sam Bankman-Fried (L) and Zhao Changpeng (R)"), a combination
# of pictures, or the photographer's credit after it ("... Photograph: Jose Breton/AP")
_PHOTO_CAPTION = re.compile(
    r"[A-Z][\w'’.-]*\s+\((?:L|R|left|right|centre|center)\)|^(?:A\s+)?(?:Combination|Composite|File)\s+(?:photo|picture|image)?\s*"
    r"(?:showing|shows|of)\b|\bPhotograph:\s+\S",
)


def links_out(sentence: str) -> bool:
    """A line that only points to another page ("MORE: Recap the Premier League match with commentary,
    highlights, & more from Tottenham vs Chelsea"): never evidence of anything. (Captions, countdowns
    and promotions often carry a fact after their furniture, so answers may still quote them.)"""
    return bool(_LINK_OUT.match(sentence))


def embed_only(sentence: str) -> bool:
    """A line that is only an embedded post's link and credit ("pic.twitter.com/T0Mrch9Tf9 — The
    Sporting News (@sportingnews) November 20, 2023"): no evidence of anything. The post's own words,
    when the line has them, are ("Raiders' kicker Daniel Carlson ... will be Las Vegas' kicker tonight").
    """
    credit = _EMBED_CREDIT.search(sentence)
    if not credit and not _LINK.search(sentence):
        return False
    words = WORD.findall(_LINK.sub(" ", sentence[: credit.start()] if credit else sentence))
    return len(words) < 3


# The outlet telling of its own coverage, not of the news: "The Sporting News has laid out all the options
# ...", "Engadget has been testing and reviewing consumer tech since 2004.", "Since at least 2008,
# TechCrunch been covering ..."; not its reporting ("TechCrunch has confirmed with multiple sources that ...").
_OWN_COVERAGE = (
    r"(?:is |will be |has been |have been |been |has |had )?"
    r"(?:track\w*|cover(?:s|ed|ing)|celebrat\w*|testing|reviewing|compiled|laid out|put together|collected|"
    r"rounded up|had you covered|has you covered|got you covered)\b"
)


def outlet_voice(sentence: str, outlet: str | None) -> bool:
    """Whether ``outlet``, the article's own, tells of its coverage in the sentence (``_OWN_COVERAGE``)."""
    if not outlet:
        return False
    name = re.escape(re.sub(r"^The\s+", "", outlet.strip()))
    return bool(re.search(rf"\b(?:The\s+)?{name}\s+{_OWN_COVERAGE}", " ".join(sentence.split())))


# A list's first item number run onto its heading ("USA starting lineup (4-3-3, right to left): 1."), and an
# editor's note on the page ("(This piece was later edited to include relevant information about ...)")
_LIST_NUMBER = re.compile(r":\s+\d{1,2}\.$")
_EDITORS_NOTE = re.compile(
    r"^\((?:this|the) (?:piece|story|article|post|report)\b[^)]*\b(?:edited|updated|corrected|amended)\b[^)]*\)\.?$",
    re.I,
)


def claims_nothing(sentence: str) -> bool:
    """A line that states no claim: a list's heading with its first item's number, an editor's note about
    the page. Never evidence of anything."""
    text = " ".join(sentence.split())
    return bool(_LIST_NUMBER.search(text) or _EDITORS_NOTE.match(text))


def page_furniture(sentence: str) -> bool:
    """A line of the page rather than of the article: a sign-up or subscription line, a credit, an
    embedded post's credit, a photo's caption, a link to another page."""
    text = " ".join(sentence.split())
    return bool(_FURNITURE.search(text)) or photo_caption(text) or embed_only(text) or links_out(text)


def photo_caption(sentence: str) -> bool:
    """A wire photo's caption ("Combination showing Former FTX CEO, Sam Bankman-Fried (L) and Zhao
    Changpeng (R), founder ... of Binance."): no bullet, as it points at a picture the reader does not
    see. (Answers may quote one: "Chemist Moungi Bawendi (left), ... have split the 2023 Nobel prize in
    chemistry" is the answer to who won it.)"""
    return bool(_PHOTO_CAPTION.search(sentence))
