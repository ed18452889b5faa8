"""Facts a sentence states: numbers, dates and proper names, normalised so that two texts can be
compared ("1,50,000" = "150,000", "Dec. 8" = "December 8", "UN" ~ "United Nations").

The verifier (``briefer.answer.verify``) requires every fact of an answer sentence to be in the text
it cites; the extractive backend, chat and briefings use the same readings.

Strict-fact rules (tuned to avoid false alarms; the cited side is always matched generously):

* numbers: digit grouping is folded (``1,50,000`` = ``150,000`` = ``150 000`` = ``150000``);
  decimals keep their point (``93.50`` -> ``93.5``); ``93%`` = ``93 per cent`` = ``93 percent`` -> 93;
  ``1.5 million`` / ``1.5 lakh`` / ``two hundred`` are multiplied out; number words two..twenty,
  thirty..ninety and hyphenated compounds count, and so do ordinals (``8th``, ``third``); a bare
  "one" counts in the cited text but is not required of the sentence (it is mostly a pronoun);
  plurals ("thousands", "dozens") are vague, not numbers; a range ``3,000-3,500`` gives both ends;
  years are numbers; citation markers ``[1]``, ``[1, 2]`` are not facts; codes like ``F-16`` are skipped.
* dates: ``December 8, 2016`` / ``8 December`` / ``Dec. 8`` / ``2016-12-08`` -> ``12-08`` (the
  year stays a number); a month alone -> ``12`` and matches any cited date in that month; weekdays
  are facts (``saturday``).
* names: runs of capitalised words (joined by of/for/al/de...), minus capitalised function words,
  titles (President, Minister, Mr...), months and weekdays. A sentence-initial word counts only if it
  starts a multi-word run, recurs capitalised mid-sentence, or looks proper (not a stop word, not a
  common news noun, no plural/-ing/-ed/-ment/-tion... ending). Each capitalised token of a run must be
  in the cited text as a whole word, case-insensitively (accents folded, possessives dropped); an
  acronym must appear in capitals or as the initials of a cited capitalised run ("UN" ~ "United
  Nations", and the reverse). Morphological variants: a word matches a cited word sharing a prefix of at
  least max(5, len(shorter) - 1) letters ("Russia's" ~ "Russian", "Syria" ~ "Syrian", not "Johnson" ~
  "Johnston"). Demonym pairs with different stems ("France"/"French") are future work.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from briefer.text.dates import MONTH_NAMES, MONTHS, WEEKDAYS
from briefer.text.words import STOPWORDS

_CAP_EXTRA = frozenset(
    """
today yesterday tomorrow first second last next one finally moreover furthermore separately
additionally elsewhere here yes well please note""".split()
)
TITLES = frozenset(
    """
mr mrs ms dr sir lord lady president prime minister secretary general gen sen senator rep governor
gov king queen prince princess pope chancellor chairman chairwoman chief spokesman spokeswoman
spokesperson envoy ambassador commander colonel col lieutenant lt major capt captain sheikh foreign
defence defense interior deputy vice state former acting st""".split()
)
_COMMON_STARTERS = frozenset(
    """
people police government army military aid violence children women men evacuation ceasefire media
staff security water food power fire death damage news opposition trade inflation unemployment
fighting shelling rescue health hospital war peace talks""".split()
)
_CONNECTORS = frozenset("of for the and de al el bin ibn van von la le du da del der di".split())
_NOUNISH = re.compile(r"(?:[^s']s|ing|ed|ly|ment|tion|sion|ness|ity|ies)$")

_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve "
        "thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
NUMBER_WORDS = _UNITS  # "eight" -> 8
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_ORDINALS = {w: i for i, w in enumerate("third fourth fifth sixth seventh eighth ninth tenth".split(), 3)}
SCALES = {
    "hundred": 100,
    "thousand": 1000,
    "million": 10**6,
    "mn": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
    "lakh": 10**5,
    "lakhs": 10**5,
    "crore": 10**7,
    "crores": 10**7,
}

MARKER = re.compile(r"\[\d+(?:\s*[,;\u2013-]\s*\d+)*\]")
_MONTH_RE = r"(?P<m{k}>" + MONTH_NAMES + r")\.?"
_DAY_RE = r"(?P<d{k}>[0-3]?\d)(?:st|nd|rd|th)?"
_DATE = re.compile(
    r"\b(?:"
    + _MONTH_RE.format(k=1)
    + r"\s+"
    + _DAY_RE.format(k=1)
    + r"(?!\d|,\d{3}|\.\d)"
    + r"|"
    + _DAY_RE.format(k=2)
    + r"\s+(?:of\s+)?"
    + _MONTH_RE.format(k=2)
    + r"|"
    + _MONTH_RE.format(k=3)
    + r")\b"
)
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
_WEEKDAY = re.compile(r"\b([A-Z][a-z]+day)s?\b")
NUMBER_RE = _NUMBER = re.compile(
    r"(?<![\w.])(?<![A-Za-z]-)(?P<n>\d{1,3}(?:,\d{3})+(?![\d,])|\d{1,3}(?:,\d{2})*,\d{3}(?!\d)|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)"
    r"|\d+)(?P<f>\.\d+)?(?:st|nd|rd|th)?(?!\w|,\d)(?:\s*(?P<s>" + "|".join(SCALES) + r")\b)?"
)
REMEASURES = re.compile(r"\b(the|that|this|its|their) (figure|estimate|toll|tally|number)\b", re.I)
"""A sentence that measures again what the one before it measured ("Later Monday, that number climbed
to over 650"): its figure is an update of that one, shared by the briefing's claims and the answers."""
_WORDNUM = re.compile(
    r"\b(?:(?:a|an)\b|(?P<n>[a-z]+)(?:-(?P<u>[a-z]+))?)(?:\s+(?P<s>" + "|".join(SCALES) + r")\b)?", re.IGNORECASE
)
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['\u2019]s$")
_ACRONYM_DOTS = re.compile(r"\b((?:[A-Z]\.){2,})")


def clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    text = MARKER.sub(" ", text)
    return _ACRONYM_DOTS.sub(lambda m: m.group(1).replace(".", ""), text)


def fold(word: str) -> str:
    word = unicodedata.normalize("NFKD", word)
    word = "".join(c for c in word if not unicodedata.combining(c)).lower()
    return word[:-2] if word.endswith("'s") else word.rstrip("'")


def _fmt(value: Decimal) -> str:
    s = format(value.normalize(), "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def facts_of(text: str, *, bare_one: bool = True) -> dict[str, dict[str, str]]:
    """Normalised fact -> surface form, for numbers, dates and names."""
    text = clean(text)
    out: dict[str, dict[str, str]] = {"numbers": {}, "dates": {}, "names": {}}
    for m in _ISO.finditer(text):
        out["dates"][f"{m['m']}-{m['d']}"] = m.group()
        out["numbers"][str(int(m["y"]))] = m["y"]
        text = _blank(text, m.start(), m.end())
    for m in _DATE.finditer(text):
        k = next(i for i in "123" if m[f"m{i}"])
        month_word = m[f"m{k}"]
        month = MONTHS.get(month_word.lower())
        if month is None or not month_word[0].isupper():
            continue
        day = m[f"d{k}"] if k != "3" else None
        if day and 1 <= int(day) <= 31:
            out["dates"][f"{month:02d}-{int(day):02d}"] = m.group().strip()
            text = _blank(text, m.start(), m.end())
        elif not day:
            out["dates"].setdefault(f"{month:02d}", m.group().strip())
            text = _blank(text, m.start(), m.end())
    for m in _WEEKDAY.finditer(text):
        if m.group(1).lower() in WEEKDAYS:
            out["dates"][m.group(1).lower()] = m.group(1)
    for m in _NUMBER.finditer(text):
        digits = re.sub(r"[,\s]", "", m["n"]) + (m["f"] or "")
        try:
            value = Decimal(digits) * SCALES.get((m["s"] or "").lower(), 1)
        except InvalidOperation:
            continue
        out["numbers"][_fmt(value)] = m.group().strip()
    for m in _WORDNUM.finditer(text):
        word, unit, scale = ((m[g] or "").lower() for g in "nus")
        count: int | None
        if not word:  # "a hundred", "a million": like a bare "one", only on the cited side
            count = 1 if scale and bare_one else None
        elif unit:
            count = _TENS[word] + _UNITS[unit] if word in _TENS and 0 < _UNITS.get(unit, 0) < 10 else None
        else:
            count = _UNITS.get(word, _TENS.get(word, None if scale else _ORDINALS.get(word)))
        if not count or (word == "one" and not scale and not bare_one):
            continue
        out["numbers"].setdefault(str(count * SCALES.get(scale, 1)), m.group().strip())
    out["names"] = _names(text)
    return out


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip().rstrip("\"'(*-\u2022\u201c[")
    return not before or before[-1] in ".!?:\n" or "\n" in text[len(before) : start]


def _proper_looking(word: str) -> bool:
    low = fold(word)
    return not (low in STOPWORDS or low in _CAP_EXTRA or low in _COMMON_STARTERS or _NOUNISH.search(low))


def _is_cap(word: str) -> bool:
    return any(part[:1].isupper() for part in word.split("-"))


def _names(text: str) -> dict[str, str]:
    words = list(_WORD.finditer(text))
    mid_caps = {fold(w.group()) for w in words if w.group()[0].isupper() and not _sentence_initial(text, w.start())}
    runs: list[list[re.Match]] = []
    for i, w in enumerate(words):
        tok = w.group()
        gap = text[words[i - 1].end() : w.start()] if i else ""
        joinable = (
            runs
            and runs[-1][-1] is words[i - 1]
            and gap.strip() == ""
            and "\n" not in gap
            and not words[i - 1].group().endswith("'s")
        )  # a possessive ends a name
        if _is_cap(tok):
            if joinable:
                runs[-1].append(w)
            else:
                runs.append([w])
        elif joinable and tok.lower() in _CONNECTORS and _is_cap(runs[-1][-1].group()):
            runs[-1].append(w)
    out: dict[str, str] = {}
    for run in runs:
        while run and not _is_cap(run[-1].group()):
            run.pop()
        first = run[0] if run else None
        if first and not _soft(first.group()) and _sentence_initial(text, first.start()):
            named_run = len(run) > 1 and _is_cap(run[1].group()) and not _soft(run[1].group())
            if not (named_run or fold(first.group()) in mid_caps or _proper_looking(first.group())):
                run.pop(0)
        while run and (_soft(run[0].group()) or not _is_cap(run[0].group())):
            run.pop(0)
        if not run:
            continue
        surface = text[run[0].start() : run[-1].end()]
        surface = surface[:-2] if surface.endswith("'s") else surface
        out[surface.lower()] = surface
    return out


def _soft(word: str) -> bool:
    if len(word) < 2:
        return True
    if word.isupper():
        return word in ("I", "A")
    low = fold(word)
    return (
        low in STOPWORDS or low in _CAP_EXTRA or low in TITLES or low in MONTHS or low in WEEKDAYS or low in _CONNECTORS
    )


def key_facts(text: str) -> dict[str, set[str]]:
    """Normalised numbers, dates and proper names in text: keys 'numbers', 'dates', 'names'.

    Numbers are plain decimal strings ("150000", "93.5"); dates are "MM-DD", "MM" or weekday names
    ("saturday"); names are lower-cased capitalised runs, possessive dropped ("syrian observatory for
    human rights"). See the module docstring for the rules.
    """
    return {kind: set(found) for kind, found in facts_of(text).items()}


def _stem(word: str) -> str:
    for suffix, repl, min_len in (
        ("ies", "y", 5),
        ("ied", "y", 5),
        ("sses", "ss", 5),
        ("ing", "", 6),
        ("ed", "", 5),
        ("s", "", 4),
    ):
        if word.endswith(suffix) and len(word) >= min_len and not word.endswith(("ss", "us", "is")):
            return word[: len(word) - len(suffix)] + repl
    return word


def content_words(text: str) -> list[str]:
    words = (fold(w) for w in _WORD.findall(clean(text)))
    return [_stem(w) for w in words if w not in STOPWORDS and len(w) > 1]


def prefix_match(word: str, pool: set[str], by_prefix: dict[str, list[str]]) -> bool:
    if word in pool:
        return True
    if len(word) < 5:
        return False
    for other in by_prefix.get(word[:5], ()):
        shared = len(_common_prefix(word, other))
        if shared >= max(5, min(len(word), len(other)) - 1):
            return True
    return False


def _common_prefix(a: str, b: str) -> str:
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[:i]


def word_pool(words) -> tuple[set[str], dict[str, list[str]]]:
    pool = set(words)
    by_prefix: dict[str, list[str]] = {}
    for w in pool:
        if len(w) >= 5:
            by_prefix.setdefault(w[:5], []).append(w)
    return pool, by_prefix


def missing_facts(sentence: str, cited_texts: list[str]) -> list[str]:
    facts = facts_of(sentence, bare_one=False)
    numbers: set[str] = set()
    dates: set[str] = set()
    for text in cited_texts:
        found = facts_of(text)
        numbers |= set(found["numbers"])
        dates |= set(found["dates"])
    reasons = [f"number {s} not in cited text" for n, s in facts["numbers"].items() if n not in numbers]
    for d, s in facts["dates"].items():
        if d not in dates and not (len(d) == 2 and any(c.startswith(d + "-") for c in dates)):
            reasons.append(f"date {s} not in cited text")
    joined = clean("\n".join(cited_texts))
    # a possessive is taken off, straight or curly ("X’s content moderation" holds "X")
    words = [_POSSESSIVE.sub("", w) for w in _WORD.findall(joined)]
    pool = word_pool(fold(p) for w in words for p in [w, *w.split("-")])
    # "AI-crafted" holds the acronym "AI": hyphenated words are split before looking for acronyms
    # ... and a possessive is taken off ("the EU's code" holds "EU")
    acronyms = {p for w in words for p in w.split("-") if len(p) > 1 and p.isupper()}
    for words in _names_of(joined):
        acronyms.add("".join(w[0] for w in words if w[:1].isupper()))
    for surface in facts["names"].values():
        tokens = [
            p for w in _WORD.findall(surface) if not _soft(w) or _letter(w) for p in w.split("-") if p[:1].isupper()
        ]
        if "".join(t[0] for t in _WORD.findall(surface) if t[:1].isupper()) in acronyms and len(tokens) > 1:
            continue
        missing = [t for t in tokens if not _token_found(t, pool, acronyms)]
        if missing == tokens:
            reasons.append(f"name {surface} not in cited text")
        elif missing:
            reasons.append(f"name {surface} not in cited text (missing {', '.join(missing)})")
    return reasons


def _letter(word: str) -> bool:
    """A name of one capital letter ("X", the platform), which must be in the cited text as it is."""
    return len(word) == 1 and word.isupper() and word not in "IA"


def _names_of(text: str) -> list[list[str]]:
    return [_WORD.findall(s) for s in _names(text).values()]


def _token_found(token: str, pool, acronyms: set[str]) -> bool:
    """Acronyms match in capitals (or, from 3 letters, in any case: "Nato"); other words by the prefix rule."""
    if token.isupper() and len(token) > 1 and (token in acronyms or len(token) < 3):
        return token in acronyms
    return prefix_match(fold(token), *pool)
