"""Checks every answer sentence against the sentences it cites.

A cited sentence is SUPPORTED only when (1) every strict fact of the sentence -- number, date,
weekday, proper name -- is also in the cited text, and (2) the support score reaches the threshold
(default 0.5). A sentence with no citation is UNCITED, unless it is the abstention phrase or has no
content word at all ("In short:"), which are SUPPORTED.

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

Support score (:func:`support_score`): ``recall`` is the share of the sentence's content words
(lower-cased, stop words removed, crude suffix stripping, same prefix rule as names) found in the
cited text (1.0 when it has none). Without an embedder the score is ``recall``; with one it is
``0.6 * recall + 0.4 * max(0, cosine(sentence, cited))``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from briefer.citations import ABSTAIN_PHRASE

SUPPORTED, UNSUPPORTED, UNCITED = "supported", "unsupported", "uncited"
RECALL_WEIGHT, COSINE_WEIGHT = 0.6, 0.4


@dataclass
class Verdict:
    verdict: str
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0


STOPWORDS = frozenset("""
a about above after again against all almost along also although am among an and another any are
around as at be because been before being below between both but by can could did do does doing
done down during each either else even ever every few for from further had has have having he her
here hers herself him himself his how however i if in into is it its itself just least less like
many may me meanwhile might more most much must my myself nearly now of off on once only onto or
other others otherwise our ours ourselves out over own per same say said says she should since so
some such than that the their theirs them themselves then there these they this those though thus
to too under until up upon us very was we were what when where whether which while who whom whose
why will with within without would yet you your yours according instead indeed still overall
despite earlier later several short also amid via
""".split())
_CAP_EXTRA = frozenset("""
today yesterday tomorrow first second last next one finally moreover furthermore separately
additionally elsewhere here yes well please note""".split())
TITLES = frozenset("""
mr mrs ms dr sir lord lady president prime minister secretary general gen sen senator rep governor
gov king queen prince princess pope chancellor chairman chairwoman chief spokesman spokeswoman
spokesperson envoy ambassador commander colonel col lieutenant lt major capt captain sheikh foreign
defence defense interior deputy vice state former acting st""".split())
_COMMON_STARTERS = frozenset("""
people police government army military aid violence children women men evacuation ceasefire media
staff security water food power fire death damage news opposition trade inflation unemployment
fighting shelling rescue health hospital war peace talks""".split())
_CONNECTORS = frozenset("of for the and de al el bin ibn van von la le du da del der di".split())
_NOUNISH = re.compile(r"(?:[^s']s|ing|ed|ly|ment|tion|sion|ness|ity|ies)$")

MONTHS = {m: i for i, name in enumerate(
    "january february march april may june july august september october november december".split(), 1)
    for m in (name, name[:3])}
MONTHS["sept"] = 9
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                     "thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_ORDINALS = {w: i for i, w in enumerate("third fourth fifth sixth seventh eighth ninth tenth".split(), 3)}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "mn": 10**6, "billion": 10**9,
           "bn": 10**9, "trillion": 10**12, "lakh": 10**5, "lakhs": 10**5, "crore": 10**7, "crores": 10**7}

MARKER = re.compile(r"\[\d+(?:\s*[,;\u2013-]\s*\d+)*\]")
_MONTH_RE = (r"(?P<m{k}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
             r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAY_RE = r"(?P<d{k}>[0-3]?\d)(?:st|nd|rd|th)?"
_DATE = re.compile(
    r"\b(?:" + _MONTH_RE.format(k=1) + r"\s+" + _DAY_RE.format(k=1) + r"(?!\d|,\d{3}|\.\d)"
    + r"|" + _DAY_RE.format(k=2) + r"\s+(?:of\s+)?" + _MONTH_RE.format(k=2)
    + r"|" + _MONTH_RE.format(k=3) + r")\b")
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
_WEEKDAY = re.compile(r"\b([A-Z][a-z]+day)s?\b")
NUMBER_RE = _NUMBER = re.compile(
    r"(?<![\w.])(?<![A-Za-z]-)(?P<n>\d{1,3}(?:,\d{2})*,\d{3}(?!\d)|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)"
    r"|\d+)(?P<f>\.\d+)?(?:st|nd|rd|th)?(?!\w|,\d)(?:\s*(?P<s>" + "|".join(_SCALES) + r")\b)?")
_WORDNUM = re.compile(r"\b(?:(?:a|an)\b|(?P<n>[a-z]+)(?:-(?P<u>[a-z]+))?)(?:\s+(?P<s>" + "|".join(_SCALES) + r")\b)?",
                      re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
_ACRONYM_DOTS = re.compile(r"\b((?:[A-Z]\.){2,})")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    text = MARKER.sub(" ", text)
    return _ACRONYM_DOTS.sub(lambda m: m.group(1).replace(".", ""), text)


def _fold(word: str) -> str:
    word = unicodedata.normalize("NFKD", word)
    word = "".join(c for c in word if not unicodedata.combining(c)).lower()
    return word[:-2] if word.endswith("'s") else word.rstrip("'")


def _fmt(value: Decimal) -> str:
    s = format(value.normalize(), "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _facts(text: str, *, bare_one: bool = True) -> dict[str, dict[str, str]]:
    """Normalised fact -> surface form, for numbers, dates and names."""
    text = _clean(text)
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
            value = Decimal(digits) * _SCALES.get((m["s"] or "").lower(), 1)
        except InvalidOperation:
            continue
        out["numbers"][_fmt(value)] = m.group().strip()
    for m in _WORDNUM.finditer(text):
        word, unit, scale = ((m[g] or "").lower() for g in "nus")
        if not word:  # "a hundred", "a million": like a bare "one", only on the cited side
            value = 1 if scale and bare_one else None
        elif unit:
            value = _TENS[word] + _UNITS[unit] if word in _TENS and 0 < _UNITS.get(unit, 0) < 10 else None
        else:
            value = _UNITS.get(word, _TENS.get(word, None if scale else _ORDINALS.get(word)))
        if not value or (word == "one" and not scale and not bare_one):
            continue
        value *= _SCALES.get(scale, 1)
        out["numbers"].setdefault(str(value), m.group().strip())
    out["names"] = _names(text)
    return out


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip().rstrip("\"'(*-\u2022\u201c[")
    return not before or before[-1] in ".!?:\n" or "\n" in text[len(before):start]


def _proper_looking(word: str) -> bool:
    low = _fold(word)
    return not (low in STOPWORDS or low in _CAP_EXTRA or low in _COMMON_STARTERS or _NOUNISH.search(low))


def _is_cap(word: str) -> bool:
    return any(part[:1].isupper() for part in word.split("-"))


def _names(text: str) -> dict[str, str]:
    words = list(_WORD.finditer(text))
    mid_caps = {_fold(w.group()) for w in words if w.group()[0].isupper() and not _sentence_initial(text, w.start())}
    runs: list[list[re.Match]] = []
    for i, w in enumerate(words):
        tok = w.group()
        gap = text[words[i - 1].end(): w.start()] if i else ""
        joinable = (runs and runs[-1][-1] is words[i - 1] and gap.strip() == "" and "\n" not in gap
                    and not words[i - 1].group().endswith("'s"))  # a possessive ends a name
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
            if not (named_run or _fold(first.group()) in mid_caps or _proper_looking(first.group())):
                run.pop(0)
        while run and (_soft(run[0].group()) or not _is_cap(run[0].group())):
            run.pop(0)
        if not run:
            continue
        surface = text[run[0].start(): run[-1].end()]
        surface = surface[:-2] if surface.endswith("'s") else surface
        out[surface.lower()] = surface
    return out


def _soft(word: str) -> bool:
    if len(word) < 2:
        return True
    if word.isupper():
        return word in ("I", "A")
    low = _fold(word)
    return (low in STOPWORDS or low in _CAP_EXTRA or low in TITLES or low in MONTHS
            or low in WEEKDAYS or low in _CONNECTORS)


def key_facts(text: str) -> dict[str, set[str]]:
    """Normalised numbers, dates and proper names in text: keys 'numbers', 'dates', 'names'.

    Numbers are plain decimal strings ("150000", "93.5"); dates are "MM-DD", "MM" or weekday names
    ("saturday"); names are lower-cased capitalised runs, possessive dropped ("syrian observatory for
    human rights"). See the module docstring for the rules.
    """
    return {kind: set(found) for kind, found in _facts(text).items()}


def _stem(word: str) -> str:
    for suffix, repl, min_len in (("ies", "y", 5), ("ied", "y", 5), ("sses", "ss", 5), ("ing", "", 6),
                                  ("ed", "", 5), ("s", "", 4)):
        if word.endswith(suffix) and len(word) >= min_len and not word.endswith(("ss", "us", "is")):
            return word[: len(word) - len(suffix)] + repl
    return word


def _content_words(text: str) -> list[str]:
    words = (_fold(w) for w in _WORD.findall(_clean(text)))
    return [_stem(w) for w in words if w not in STOPWORDS and len(w) > 1]


def _prefix_match(word: str, pool: set[str], by_prefix: dict[str, list[str]]) -> bool:
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


def _pool(words) -> tuple[set[str], dict[str, list[str]]]:
    pool = set(words)
    by_prefix: dict[str, list[str]] = {}
    for w in pool:
        if len(w) >= 5:
            by_prefix.setdefault(w[:5], []).append(w)
    return pool, by_prefix


def support_score(sentence: str, cited: str, embedder=None) -> float:
    """How well ``cited`` supports ``sentence``, in [0, 1].

    ``recall`` = share of the sentence's content words (stop words removed, crude suffix strip, prefix
    rule for variants) present in ``cited``; 1.0 if the sentence has none. Without an embedder the
    score is ``recall``; with one it is ``0.6 * recall + 0.4 * max(0, cos(embed(sentence), embed(cited)))``.
    """
    words = _content_words(sentence)
    pool = _pool(_content_words(cited))
    recall = sum(_prefix_match(w, *pool) for w in words) / len(words) if words else 1.0
    if embedder is None:
        return float(min(1.0, recall))
    vecs = embedder.embed([_clean(sentence).strip(), _clean(cited).strip()])
    cosine = float(max(0.0, min(1.0, float(vecs[0] @ vecs[1]))))
    return float(min(1.0, RECALL_WEIGHT * recall + COSINE_WEIGHT * cosine))


def _is_abstention(sentence: str) -> bool:
    norm = lambda s: re.sub(r"[\s.!]+$", "", " ".join(_clean(s).split())).lower()  # noqa: E731
    return norm(sentence) == norm(ABSTAIN_PHRASE)


def missing_facts(sentence: str, cited_texts: list[str]) -> list[str]:
    facts = _facts(sentence, bare_one=False)
    numbers: set[str] = set()
    dates: set[str] = set()
    for text in cited_texts:
        found = _facts(text)
        numbers |= set(found["numbers"])
        dates |= set(found["dates"])
    reasons = [f"number {s} not in cited text" for n, s in facts["numbers"].items() if n not in numbers]
    for d, s in facts["dates"].items():
        if d not in dates and not (len(d) == 2 and any(c.startswith(d + "-") for c in dates)):
            reasons.append(f"date {s} not in cited text")
    joined = _clean("\n".join(cited_texts))
    pool = _pool(_fold(p) for w in _WORD.findall(joined) for p in [w, *w.split("-")])
    # "AI-crafted" holds the acronym "AI": hyphenated words are split before looking for acronyms
    acronyms = {p for w in _WORD.findall(joined) for p in w.split("-") if len(p) > 1 and p.isupper()}
    for words in _names_of(joined):
        acronyms.add("".join(w[0] for w in words if w[:1].isupper()))
    for surface in facts["names"].values():
        tokens = [p for w in _WORD.findall(surface) if not _soft(w) for p in w.split("-") if p[:1].isupper()]
        if "".join(t[0] for t in _WORD.findall(surface) if t[:1].isupper()) in acronyms and len(tokens) > 1:
            continue
        missing = [t for t in tokens if not _token_found(t, pool, acronyms)]
        if missing == tokens:
            reasons.append(f"name {surface} not in cited text")
        elif missing:
            reasons.append(f"name {surface} not in cited text (missing {', '.join(missing)})")
    return reasons


def _names_of(text: str) -> list[list[str]]:
    return [_WORD.findall(s) for s in _names(text).values()]


def _token_found(token: str, pool, acronyms: set[str]) -> bool:
    """Acronyms match in capitals (or, from 3 letters, in any case: "Nato"); other words by the prefix rule."""
    if token.isupper() and len(token) > 1 and (token in acronyms or len(token) < 3):
        return token in acronyms
    return _prefix_match(_fold(token), *pool)


def verify_sentence(sentence: str, cited_texts: list[str], *, embedder=None, threshold: float = 0.5) -> Verdict:
    """Verdict for one answer sentence given the texts of the sentences it cites.

    No cited text: SUPPORTED (score 1) for the abstention phrase or a sentence with no content word
    and no fact, else UNCITED (score 0). Otherwise the cited texts are combined; UNSUPPORTED if any
    strict fact of the sentence is missing from them or the support score is below ``threshold``.
    """
    cited_texts = [t for t in cited_texts if t and t.strip()]
    if _is_abstention(sentence):
        return Verdict(SUPPORTED, [], 1.0)
    if not cited_texts:
        facts = _facts(sentence, bare_one=False)
        if not _content_words(sentence) and not any(facts.values()):
            return Verdict(SUPPORTED, [], 1.0)
        return Verdict(UNCITED, ["no citation"], 0.0)
    reasons = missing_facts(sentence, cited_texts)
    score = support_score(sentence, "\n".join(cited_texts), embedder)
    if score < threshold:
        reasons.append(f"low support {score:.2f} < {threshold:.2f}")
    return Verdict(UNSUPPORTED if reasons else SUPPORTED, reasons, round(score, 4))


def split_answer_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of an answer, citation markers kept with the sentence they follow.

    Markers are blanked (same length) before splitting, so the splitter
    (:func:`briefer.chunking.split_sentences`, line by line) never sees them; each sentence then
    takes back the marker run that follows it ("X rose.[1][3] Y fell [2]." -> "X rose.[1][3]", "Y fell [2].").
    """
    from briefer.chunking import split_sentences

    masked = MARKER.sub(lambda m: " " * len(m.group()), text)
    spans = [[s.start, s.end] for s in split_sentences(masked)]
    trailing = re.compile(r"(?:\s*" + MARKER.pattern + r")+\.?")
    for i, span in enumerate(spans):
        m = trailing.match(text, span[1])
        limit = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        if m and m.end() <= limit:
            span[1] = m.end()
    return [(s, e) for s, e in spans]
