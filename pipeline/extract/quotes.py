"""Direct quotations and who said them.

A quotation is found two ways:

* **marked** — text between double quotation marks, curly (“…”) or straight ("…"). A
  quotation left open at the end of a paragraph continues into the next paragraph when that
  one opens with a quotation mark (the typographic convention for long quotes); each
  paragraph becomes its own row, the later ones pointing back with ``continued_from``.
* **unmarked** — press releases whose curly quotes were lost (the DOJ scrape deleted every
  non-ASCII character) still carry the attribution: ``…, said Attorney General Jeff
  Sessions. …`` or ``U.S. Attorney Joon H. Kim said: …``. Only used in documents without a
  single curly quotation mark, only for paragraphs without straight ones, and only when the
  speaker is a person.

Then the attribution next to the quotation names the speaker: ``“…,” said Commissioner
General Min Gab-Ryong``, ``“…,” Stock said``, ``X said: “…”``, ``According to X, “…”``,
``“…” — Name, Title``. A title standing for a person already named (``added the INTERPOL
Chief``) and a pronoun (``he added``) resolve to the latest person who spoke or was named
as speaking, preferring one whose organisation the title names. A quotation with no
attribution of its own takes the speaker of the quotation before it in the same paragraph,
of the quotation it continues, or of the paragraph just before.

The speaker is split into name, title and organisation from the attribution itself, and
linked to the ``officials`` row with the same person (``official_id``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc

from pipeline.extract.view import doc_text
from pipeline.textsearch import ascii_lower, case_blind_text, whole_word
from pipeline.extract.people import NAME_SUFFIXES
from pipeline.extract.org_gazetteer import title_abbreviations
from pipeline.normalize.dates import MONTH_NAMES, WEEKDAY_NAMES
from pipeline.records import CleanDocument, Official, Quote
from pipeline.resources import model_path, read_tsv

__all__ = ["extract_quotes", "speech_verbs", "speaker_words"]

#: Quotations shorter than this (in words) count only when an attribution names a speaker:
#: shorter quoted text without one is a name, a title or a scare quote ("low detection risk").
MIN_UNATTRIBUTED_WORDS = 6
#: A quotation that only inherits its speaker (same paragraph, previous paragraph) needs this many words.
MIN_INHERITED_WORDS = 4
#: Unmarked quotations (lost quotation marks) need at least this many words before the attribution.
MIN_UNMARKED_WORDS = 6

_OPENING = "“„‟«"
_CLOSING = "”»"
_MARK = re.compile(r"[“”„‟«»\"]")
#: Paragraphs are lines: cleaned texts separate them by one or two newlines.
_PARAGRAPH_BREAK = re.compile(r"\n\s*")
_END_PUNCT = re.compile(r"[.!?]")
_LAST_WORD = re.compile(r"[\w.'’-]+$")
#: Abbreviations whose full stop does not end a sentence ("U.S. Attorney", "Howard S. Marshall").
_ABBREVIATIONS = frozenset(
    "u.s mr mrs ms dr st inc co corp ltd no gen lt col sgt gov sen rep hon ft mt d.c capt cmdr adm "
    "maj prof rev esq supt det insp dept div sec ave univ assn bros vs v jan feb mar apr aug sept sep oct nov dec".split()
)
_PRONOUNS = frozenset({"he", "she", "they", "i", "we"})
#: Words that start an adverbial, not a speaker ("In a statement, …", "On Tuesday, …").
_ADVERBIAL_START = frozenset(
    "in on at during after before when while as since following speaking addressing today yesterday "
    "earlier later also however meanwhile but and so yet still according".split()
)
#: Where a speaker phrase after the verb ends: "said X in a statement", "said X, who …".
#: Weekday names as written in running text ("Monday"), from the one list in models/time_words.tsv.
_WEEKDAYS = "|".join(name.capitalize() for name in WEEKDAY_NAMES)
_PHRASE_CUT = re.compile(
    r",\s*(?:who|which|that|adding|noting|as|when|while|after|before|in|at|during|speaking|referring)\b"
    r"|\s+(?:in|at|on|during|after|before|while|when|as|to|today|yesterday|this|last|upon|about|from|with)\s+(?=[a-z0-9])"
    rf"|\s+(?:today|yesterday|{_WEEKDAYS})\b"
    r"|\s*[;(]"
)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_DASHES = "—–"
#: Capitalised at a sentence start, never a name.
_NOT_NAMES = frozenset("the a an this that these those it its his her their our my your we they he she i".split())
_CODE_NAME = re.compile(r"[A-Z]{1,3}-\d{1,2}")
#: Words that open a new clause after a quotation, so what follows is not its attribution.
_CLAUSE_OPENERS = frozenset("and but or while as when because which who whom whose that so if although though".split())
#: A quotation cannot open with reported speech ("Smith said the company …").
_REPORTED_SPEECH = re.compile(r"\b(?:said|says|stated|told|added)\b")
_GLUED_US = re.compile(r"\bU\.\s?S\.\s?(?=[A-Z])")
_CONNECTORS = frozenset({"of", "for", "the", "in", "and", "at", "&", "on"})
_MONTHS_DAYS = frozenset(MONTH_NAMES) | frozenset(WEEKDAY_NAMES)


# --------------------------------------------------------------------------- data


@lru_cache(maxsize=1)
def _verb_table() -> dict[str, bool]:
    path = model_path("speech_verbs.tsv")
    verbs: dict[str, bool] = {}
    for number, row in enumerate(read_tsv(path), 2):
        verb = (row.get("verb") or "").strip()
        unmarked = (row.get("unmarked") or "").strip()
        if not verb.isalpha() or verb != verb.lower() or unmarked not in {"yes", "no"}:
            raise ValueError(f"{path}: row {number}: need a lower-case verb and unmarked yes|no, got {row}")
        verbs[verb] = unmarked == "yes"
    if not verbs:
        raise ValueError(f"{path}: no verbs")
    return verbs


def speech_verbs(*, unmarked: bool = False) -> frozenset[str]:
    """The attribution verbs of ``models/speech_verbs.tsv`` (lower case).

    Args:
        unmarked: only the verbs that mark a quotation even when its quotation marks were lost.
    """
    return frozenset(v for v, strong in _verb_table().items() if strong or not unmarked)


@lru_cache(maxsize=1)
def speaker_words() -> dict[str, str]:
    """Word → kind (title | honorific | org | group) from ``models/speaker_title_words.tsv``."""
    path = model_path("speaker_title_words.tsv")
    words: dict[str, str] = {}
    for number, row in enumerate(read_tsv(path), 2):
        word, kind = (row.get("word") or "").strip(), (row.get("kind") or "").strip()
        if not word or word != word.lower() or kind not in {"title", "honorific", "org", "group"}:
            raise ValueError(f"{path}: row {number}: need a lower-case word and kind title|honorific|org|group, got {row}")
        words[word] = kind
    return words


@dataclass(frozen=True, slots=True)
class _Patterns:
    verb_first: re.Pattern[str]
    speaker_first: re.Pattern[str]
    before: re.Pattern[str]
    verb_anywhere: re.Pattern[str]
    unmarked_after: re.Pattern[str]
    unmarked_before: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    # Built from the verb list (data), once per process.
    verbs = "|".join(sorted(speech_verbs(), key=len, reverse=True))
    strong = "|".join(sorted(speech_verbs(unmarked=True), key=len, reverse=True))
    return _Patterns(
        # “…,” said X   /  “…” — X
        verb_first=re.compile(rf"[\s,;:]*(?:(?P<verb>{verbs})\b|(?P<dash>[{_DASHES}]|--))\s*(?=\S)"),
        # “…,” X said
        # (“…,” X has written: the auxiliary is not part of the speaker)
        speaker_first=re.compile(
            rf"[\s,;:]*(?P<speaker>[^\s“”\"!?;][^“”\"!?;]{{0,160}}?)\s+(?:(?:has|have|had)\s+)?(?P<verb>{verbs})\b"
        ),
        # X said: “   /  X said in a statement, “   /  According to X, “
        before=re.compile(
            rf"(?:(?P<speaker>\S[^“”\"]*?)\s+(?P<verb>{verbs})\b(?P<tail>(?:\s+[^\s:,“”\"]+){{0,6}})"
            rf"|\b[Aa]ccording\s+to\s+(?P<according>[^,“”\"]+?))\s*[:,]\s*$"
        ),
        verb_anywhere=re.compile(rf"\b(?:{verbs})\b", re.IGNORECASE),
        # …, said X.   /   …, X said.
        unmarked_after=re.compile(
            rf",\s+(?:(?P<verb>{strong})\s+(?P<after>[A-Za-z][^!?;]*?)|(?P<before>[A-Za-z][^,!?;]{{0,100}}?)\s+(?P<verb2>{strong})"
            rf"(?:\s+(?:in|at|on|during|to|today|yesterday|{_WEEKDAYS})\b[^,.!?;]{{0,40}})?)"
            rf"\s*[.!?]$"
        ),
        # X said: …
        unmarked_before=re.compile(
            rf"(?P<speaker>[A-Z][^:;!?]{{2,150}}?)\s+(?P<verb>{strong})(?P<tail>(?:\s+[^\s:,]+){{0,4}})"
            rf"(?::\s+(?=[A-Z])|,\s+(?!(?:that|however|in part|adding|noting|referring|according|among|when|after)\b))"
        ),
    )


# --------------------------------------------------------------------------- text helpers


def _paragraphs(text: str, floor: int) -> list[tuple[int, int]]:
    """(start, end) of each paragraph at or after ``floor``."""
    spans = []
    start = floor
    for m in _PARAGRAPH_BREAK.finditer(text, floor):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _is_abbreviation(text: str, dot: int) -> bool:
    match = _LAST_WORD.search(text, max(0, dot - 12), dot)
    if not match:
        return False
    word = match.group().lstrip("'’").lower()
    # An initial ("S." in "Howard S. Marshall") or a known abbreviation.
    return (len(word) == 1 and word.isalpha()) or word in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word) is not None


def _sentence_end(text: str, pos: int, limit: int) -> int:
    """Index just past the end of the sentence running from ``pos`` (at most ``limit``)."""
    for m in _END_PUNCT.finditer(text, pos, limit):
        i = m.start()
        rest = text[i + 1 : limit]
        if not rest.strip():
            return i + 1
        nxt = rest[:1]
        if nxt.isupper() and text[i] == "." and re.search(r"[a-z]{3}$", text[max(0, i - 3) : i]):
            return i + 1  # a lost space after a full stop ("Division.We look forward")
        if not (nxt.isspace() or nxt in _CLOSING or nxt == '"'):
            continue
        if text[i] == "." and _is_abbreviation(text, i):
            continue
        following = rest.lstrip(" \t\n”»\"")[:1]
        if following and (following.isupper() or following.isdigit() or following in _OPENING or following == '"'):
            return i + 1
    return limit


def _sentence_start(text: str, pos: int, floor: int) -> int:
    """Index where the sentence holding ``pos`` starts (at least ``floor``)."""
    start = floor
    cursor = floor
    while cursor < pos:
        end = _sentence_end(text, cursor, pos)
        if end >= pos:
            break
        start = cursor = end
    while start < pos and text[start].isspace():
        start += 1
    return start


def _word_count(text: str) -> int:
    return len(text.split())


def _strip_span(text: str, start: int, end: int, chars: str = " \t\n,") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


# --------------------------------------------------------------------------- speakers


@dataclass(frozen=True, slots=True)
class _Speaker:
    """Who an attribution names: a person (``kind`` named), a pronoun, a title standing for
    a person (reference) or a group/organisation speaking."""

    kind: str
    name: str | None = None
    title: str | None = None
    organisation: str | None = None
    phrase: str = ""


@dataclass(slots=True)
class _Person:
    name: str
    title: str | None
    organisation: str | None
    official_id: int | None
    positions: list[int] = field(default_factory=list)


def _is_name_token(token: str) -> bool:
    words = speaker_words()
    low = token.lower()
    bare = _POSSESSIVE.sub("", token)
    if low in NAME_SUFFIXES or _CODE_NAME.fullmatch(bare):
        return True  # "Jr."; "CC-1", "UC-2": people the charging papers name by a code
    if not bare or not bare[:1].isupper() or low in words or _POSSESSIVE.sub("", low) in words:
        return False
    if _is_title_abbreviation(low):
        return False  # "Rep. Dana Holt": the title, not a first name
    if low in _MONTHS_DAYS or low in _NOT_NAMES:
        return False
    # An all-capital word of several letters is an acronym (FBI, INTERPOL, HHS-OIG, and "FBIs"
    # that lost its apostrophe), not a name.
    letters = re.sub(r"[^A-Za-z]", "", bare)
    if len(letters) >= 2 and (letters.isupper() or (letters[-1] == "s" and len(letters) >= 3 and letters[:-1].isupper())):
        return False
    return True


def _tidy(value: str | None) -> str | None:
    if value is None:
        return None
    value = re.sub(r"\s+", " ", value).strip(" ,;:")
    value = re.sub(r"^(?:(?:of|for|with|at)\s+)?(?:the|The)\s+", "", value)
    value = _POSSESSIVE.sub("", value) if value.endswith(("'s", "’s")) else value
    if not re.search(r"[A-Z]", value):
        return None  # "the department", "the company": no name given
    return value or None


def _is_title_abbreviation(low: str) -> bool:
    """"sen.", "rep.", "gov.": an abbreviated title (models/title_abbreviations.tsv), with its full stop."""
    return low.endswith(".") and low.rstrip(".") in title_abbreviations()


def _is_title_word(word: str) -> bool:
    """A word of a position: "Attorney", "U.S.", "Sen.", and hyphenated ones ("Agent-in-Charge")."""
    kinds = speaker_words()
    low = word.lower().strip(",;:")
    if kinds.get(low) == "title" or _is_title_abbreviation(low):
        return True
    parts = [part for part in low.split("-") if part]
    return len(parts) > 1 and all(kinds.get(part) == "title" or part in _CONNECTORS for part in parts)


def _title_before_name(words: list[str]) -> tuple[str | None, str | None]:
    """Title and organisation from the words just before a name: the title words touching
    the name are the title, what comes before them the body ("U.S. Fish & Wildlife Service
    Director", "FBI Tampa Division Special Agent in Charge"); else as :func:`_split_title_org`."""
    words = [w.strip(",;:") for w in words if w.strip(",;:")]
    lo = len(words)
    while lo > 0:
        word = words[lo - 1]
        if _is_title_word(word) or (word.lower() == "in" and lo < len(words) and _is_title_word(words[lo])):
            lo -= 1
            continue
        break
    if lo == len(words) or lo == 0 or words[lo - 1].lower() in {"of", "for", "at", "and", "&", "on", "in"}:
        return _split_title_org(words)
    org_words = words[:lo]
    while org_words and org_words[0].lower() in _CONNECTORS:
        org_words = org_words[1:]
    if org_words and _is_title_word(org_words[0]) and not any(speaker_words().get(w.lower()) == "org" for w in org_words):
        # "Acting Manhattan U.S. Attorney": a place word inside a title, not a body before it.
        return _tidy(" ".join(org_words + words[lo:])), None
    return _tidy(" ".join(words[lo:])), _tidy(" ".join(org_words))


def _split_title_org(words: list[str]) -> tuple[str | None, str | None]:
    """Title and organisation from the words around a name ("INTERPOL Secretary General",
    "Special Agent in Charge of the FBI's Philadelphia Division", "HHS-OIG")."""
    words = [w.strip(",;:") for w in words if w.strip(",;:")]
    if not words:
        return None, None
    first = next((i for i, w in enumerate(words) if _is_title_word(w)), None)
    if first is None:
        if words[0].lower() in {"in", "at", "from", "on"}:
            return None, None  # a place ("in Atlanta"), not a body
        while words and words[0].lower() in {"of", "for", "with", "the"}:
            words = words[1:]
        return None, _tidy(" ".join(words))
    # The title runs from its first title word to the last one before "of"/"for"/"at", which
    # start the body it is held in; "in" stays inside ("Special Agent in Charge").
    last = first
    j = first + 1
    while j < len(words):
        low = words[j].lower()
        if low in {"of", "for", "at", "with", "from", "on", "and", "&"}:
            break
        if low == "in" and not (j + 1 < len(words) and _is_title_word(words[j + 1])):
            break
        if _is_title_word(words[j]):
            last = j
        elif not words[j][:1].isupper() and low != "in":
            break
        j += 1
    title_words = words[first : last + 1]
    prefix = words[:first]
    rest = words[last + 1 :]
    org_words: list[str] = []
    prefix = [w for w in prefix if w[:1].isupper() or w.lower() in _CONNECTORS]
    while prefix and prefix[0].lower() in _CONNECTORS:
        prefix = prefix[1:]
    if rest and rest[0].lower() == "for" and prefix:
        # "IRS Deputy Commissioner for Services and Enforcement": the body comes first, the
        # "for" phrase belongs to the title.
        title_words = title_words + rest
        org_words = prefix
    elif rest and rest[0].lower() in {"of", "for", "at", "with"}:
        # "FBI Special Agent in Charge of the San Francisco Field Office"
        org_words = prefix + [w for w in rest[1:] if w.lower() != "the" or not prefix]
    elif rest and rest[0].lower() in {"in", "from", "on"}:
        org_words = prefix  # a place or a time, not a body
    elif rest:
        org_words = rest
    else:
        # "INTERPOL Secretary General", "EPA Acting Regional Administrator": the body comes first.
        org_words = prefix
    title = re.sub(r"^(?:the|The|a|an)\s+", "", " ".join(title_words))
    return _tidy(title), _tidy(" ".join(org_words)) if org_words else None


#: PERSON entities as (start, end, text); everyone the document names, by name.
_Persons = list[tuple[int, int, str]]
_Known = dict[str, "_Person"]


def _person_spans(doc: Doc) -> list[tuple[int, int, str]]:
    return [(e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ == "PERSON"]


def _parse_speaker(
    phrase: str, phrase_start: int, persons: list[tuple[int, int, str]], known: dict[str, _Person], *, subject: bool = False
) -> _Speaker | None:
    """Name, title and organisation of the speaker an attribution phrase names.

    ``subject`` says the phrase is a clause before its verb ("Afzali also asked Zazi … and
    added:"), where the first name is the speaker.
    """
    phrase = phrase.strip(" ,;:\n")
    if not phrase:
        return None
    phrase = _GLUED_US.sub("U.S. ", phrase)  # "Acting U.S.Attorney Rohde" lost a space
    chunks = [c.strip() for c in re.split(r",\s+", phrase) if c.strip()]
    # "In a statement, the Attorney General said": drop adverbial chunks.
    while len(chunks) > 1 and chunks[0].split()[0].lower() in _ADVERBIAL_START:
        chunks = chunks[1:]
    first_words = chunks[0].split()
    if len(chunks) == 1 and len(first_words) == 1 and first_words[0].lower() in _PRONOUNS:
        return _Speaker(kind="pronoun", phrase=phrase)
    phrase_end = phrase_start + len(phrase)

    for index, chunk in enumerate(chunks):
        words = chunk.split()
        name_at = _find_name(words, chunk, phrase, phrase_start, phrase_end, persons, known, single_ok=len(chunks) == 1, prefer_first=subject)
        if name_at is None:
            continue
        lo, hi = name_at
        name = " ".join(words[lo:hi])
        name = _POSSESSIVE.sub("", name) if name.endswith(("'s", "’s")) else name
        name = re.sub(r"^(?:Mr|Mrs|Ms|Dr)\.?\s+", "", name).rstrip(",")
        before, after = words[:lo], words[hi:]
        others = [c.split() for j, c in enumerate(chunks) if j != index]
        title, organisation = _title_before_name(before)
        if after:
            t2, o2 = _split_title_org(after)
            title = title or t2
            organisation = organisation or o2
        for other in others:
            t2, o2 = _split_title_org(other)
            title = title or t2
            organisation = organisation or o2
        return _Speaker(kind="named", name=name, title=title, organisation=organisation, phrase=phrase)

    words = chunks[-1].split() if len(chunks) > 1 and chunks[0].split()[0].lower() in _ADVERBIAL_START else phrase.replace(",", " ").split()
    kinds = speaker_words()
    if any(kinds.get(w.lower()) == "title" for w in words):
        title, organisation = _split_title_org([w for w in words if w.lower() not in {"the", "a", "an"}])
        return _Speaker(kind="reference", title=title, organisation=organisation, phrase=phrase)
    if words and words[0][:1].isupper() or (words and words[0].lower() == "the" and len(words) > 1 and words[1][:1].isupper()):
        organisation = _tidy(phrase)
        return _Speaker(kind="organisation", name=organisation, organisation=organisation, phrase=phrase)
    return _Speaker(kind="group", name=re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.IGNORECASE), phrase=phrase)


def _find_name(
    words: list[str],
    chunk: str,
    phrase: str,
    phrase_start: int,
    phrase_end: int,
    persons: list[tuple[int, int, str]],
    known: dict[str, _Person],
    *,
    single_ok: bool,
    prefer_first: bool = False,
) -> tuple[int, int] | None:
    """Word indexes [lo, hi) of the person's name inside one chunk of an attribution."""
    if prefer_first and words and _is_name_token(words[0]) and words[0].lower() not in _ADVERBIAL_START:
        # The clause opens with its subject: "Afzali also allegedly asked Najibullah Zazi … and added".
        hi = 1
        while hi < len(words) and hi < 4 and _is_name_token(words[hi]) and not words[hi - 1].endswith(","):
            hi += 1
        if hi > 1 or len(words) == 1 or not _is_name_token(words[1]):
            return 0, hi
    # 1. a PERSON entity of the model inside the phrase
    chunk_at = phrase.find(chunk)
    for start, end, text in persons:
        if start >= phrase_start and end <= phrase_end:
            rel = start - phrase_start
            if chunk_at <= rel < chunk_at + len(chunk):
                ent_words = text.split()
                # spaCy may fold the title into the entity ("Secretary General Jürgen Stock").
                while ent_words and not _is_name_token(ent_words[0]):
                    ent_words = ent_words[1:]
                ent_words = [w for w in ent_words]
                if not ent_words:
                    continue
                lo = _index_of(words, ent_words)
                if lo is not None:
                    # The model may leave out a first name ("Neil" DeSousa) …
                    while lo > 0 and _is_name_token(words[lo - 1]) and not words[lo - 1].endswith(",") and len(ent_words) < 3:
                        lo -= 1
                        ent_words = [words[lo]] + ent_words
                    # … or stop short of the last name ("Sally Quillian" Yates).
                    while lo + len(ent_words) < len(words) and _is_name_token(words[lo + len(ent_words)]) and not ent_words[-1].endswith(","):
                        ent_words = ent_words + [words[lo + len(ent_words)]]
                if lo is not None and all(_is_name_token(w) or w.lower() in {"de", "van", "von", "bin", "al", "la", "le", "da", "del", "der"} for w in ent_words):
                    return lo, lo + len(ent_words)
    # 2. the longest run of name-like words (two or more), or one word right after a title
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        if _is_name_token(words[i]) and not words[i].lower() in NAME_SUFFIXES:
            j = i + 1
            while j < len(words) and _is_name_token(words[j]) and not words[j - 1].endswith((",", "'s", "’s")):
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    kinds = speaker_words()
    long_runs = [r for r in runs if r[1] - r[0] >= 2]
    if long_runs:
        # The run right after the title words wins ("FBI Tampa Division Special Agent in Charge
        # Eric W. Sporre of the FBIs Jackson Division"), else the last.
        after_title = [r for r in long_runs if r[0] > 0 and _is_title_word(words[r[0] - 1])]
        lo, hi = after_title[0] if after_title else long_runs[-1]
        # A name has at most three words besides initials and suffixes: "Law Enforcement Ed Grace" is a body then a name.
        while sum(1 for w in words[lo:hi] if not _is_initial(w) and w.lower() not in NAME_SUFFIXES) > 3:
            lo += 1
        return lo, hi
    for lo, hi in runs:
        word = _POSSESSIVE.sub("", words[lo]).lower()
        preceded_by_title = lo > 0 and kinds.get(words[lo - 1].lower()) in {"title", "honorific"}
        known_surname = any(p.name.split()[-1].lower() == word for p in known.values())
        if preceded_by_title or known_surname or (single_ok and len(words) == 1):
            return lo, hi
    return None


def _is_initial(word: str) -> bool:
    return re.fullmatch(r"[A-Z]\.?", word) is not None


def _index_of(words: list[str], target: list[str]) -> int | None:
    bare = [_POSSESSIVE.sub("", w) for w in words]
    tbare = [_POSSESSIVE.sub("", w) for w in target]
    for i in range(len(words) - len(target) + 1):
        if bare[i : i + len(target)] == tbare:
            return i
    return None


# --------------------------------------------------------------------------- quotations


@dataclass(slots=True)
class _Segment:
    """One paragraph's piece of a quotation: its words and what attributes it."""

    start: int
    end: int
    open_mark: int
    close_mark: int | None
    paragraph: int
    marked: bool = True
    lost_opening: bool = False
    continued_from: int | None = None  # index of the segment this one continues
    attribution: _Speaker | None = None
    attribution_at: int = -1
    rule: str | None = None
    evidence_start: int = -1
    evidence_end: int = -1


def _marked_segments(text: str, paragraphs: list[tuple[int, int]]) -> list[_Segment]:
    segments: list[_Segment] = []
    open_left: int | None = None  # segment index left open at the end of the previous paragraph
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        open_at: int | None = None
        first = True
        for m in _MARK.finditer(text, p_start, p_end):
            mark, pos = m.group(), m.start()
            opening = mark in _OPENING or (mark == '"' and open_at is None and not _closes(text, pos, p_end))
            if opening:
                open_at = pos  # an unbalanced opening mark before it: the newer one wins
                continue
            lost_opening = False
            if open_at is None:
                if not first:
                    continue
                # A closing mark with no opening one: the quotation began at the paragraph start
                # and lost its opening mark (the DOJ scrape kept only some straight quotes).
                open_at, lost_opening = p_start - 1, True
            start, end = _strip_span(text, open_at + 1, pos)
            if end > start:
                seg = _Segment(start=start, end=end, open_mark=max(open_at, p_start), close_mark=pos, paragraph=p_index,
                               lost_opening=lost_opening)
                if first and open_left is not None and open_at == _first_visible(text, p_start):
                    seg.continued_from = open_left
                segments.append(seg)
                first = False
            open_at = None
        new_open_left = None
        if open_at is not None:
            start, end = _strip_span(text, open_at + 1, p_end)
            if end > start:
                seg = _Segment(start=start, end=end, open_mark=open_at, close_mark=None, paragraph=p_index)
                if first and open_left is not None and open_at == _first_visible(text, p_start):
                    seg.continued_from = open_left
                segments.append(seg)
                new_open_left = len(segments) - 1
        open_left = new_open_left
    return segments


def _closes(text: str, pos: int, p_end: int) -> bool:
    """Whether a straight quotation mark at ``pos`` can only close: it follows a word or
    punctuation and is followed by a space or the paragraph end."""
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < p_end else " "
    return not before.isspace() and (after.isspace() or after in ",.;:")


def _first_visible(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _attribute_after(text: str, seg: _Segment, limit: int, persons: _Persons, known: _Known) -> bool:
    """“…,” said X  /  “…,” X said  /  “…” — X, Title."""
    if seg.close_mark is None:
        return False
    # “… .” closes a sentence: what follows starts a new one, not an attribution (except a dash).
    closes_sentence = text[seg.end - 1] == "." and text[seg.end : seg.close_mark].strip() == ""
    pat = _patterns()
    at = seg.close_mark + 1
    sentence_end = _sentence_end(text, at, limit)
    m = pat.verb_first.match(text, at, sentence_end)
    if closes_sentence and not (m and m.group("dash")):
        return False
    if m:
        phrase_start = m.end()
        phrase_end = sentence_end
        cut = _PHRASE_CUT.search(text, phrase_start, phrase_end)
        if cut:
            phrase_end = cut.start()
        phrase_end = len(text[:phrase_end].rstrip(" .,!?"))
        if phrase_end > phrase_start and text[phrase_start] not in "“\"":
            speaker = _parse_speaker(text[phrase_start:phrase_end], phrase_start, persons, known)
            if speaker is not None and speaker.kind != "group" or (speaker is not None and not m.group("dash")):
                seg.attribution, seg.attribution_at = speaker, phrase_start
                seg.rule = "dash" if m.group("dash") else "said_speaker"
                seg.evidence_end = sentence_end
                return True
    m = pat.speaker_first.match(text, at, sentence_end)
    if m:
        phrase = m.group("speaker")
        words = phrase.split()
        if (
            len(words) <= 14
            and not pat.verb_anywhere.search(phrase)
            and phrase.strip()[:1] not in "“\""
            # ", and Zazi said no": a new clause, not the attribution of the quotation
            and words[0].lower() not in _CLAUSE_OPENERS
        ):
            speaker = _parse_speaker(phrase, m.start("speaker"), persons, known)
            if speaker is not None:
                seg.attribution, seg.attribution_at = speaker, m.start("speaker")
                seg.rule = "speaker_said"
                seg.evidence_end = sentence_end
                return True
    return False


def _attribute_before(text: str, seg: _Segment, floor: int, persons: _Persons, known: _Known) -> bool:
    """X said: “…”  /  X said, “…”  /  According to X, “…”."""
    start = _sentence_start(text, seg.open_mark, floor)
    m = _patterns().before.search(text, start, seg.open_mark)
    if not m:
        return False
    if m.group("according"):
        phrase, at, rule = m.group("according"), m.start("according"), "according_to"
    else:
        phrase, at, rule = m.group("speaker"), m.start("speaker"), "speaker_said_before"
        if len(phrase.split()) > 20:
            return False
    speaker = _parse_speaker(phrase, at, persons, known, subject=rule != "according_to")
    if speaker is None or speaker.kind == "group" and rule == "according_to":
        return False
    seg.attribution, seg.attribution_at, seg.rule = speaker, at, rule
    seg.evidence_start = start
    return True


def _attribution_inside(
    text: str, p_index: int, q_start: int, p_end: int, persons: _Persons, known: _Known, *, marked: bool
) -> list[_Segment]:
    """A quotation running from ``q_start`` whose closing mark is missing, ended by its
    attribution in one of the next three sentences ("…, said Title Name. More words.").

    Returns the quotation and, when the paragraph goes on after the attribution, the rest
    of the paragraph as a second quotation by the same speaker; or nothing.
    """
    pat = _patterns()
    cursor = q_start
    for _ in range(3):
        end = _sentence_end(text, cursor, p_end)
        m = pat.unmarked_after.search(text[cursor:end])
        if m:
            start, stop = _strip_span(text, q_start, cursor + m.start())
            if m.group("verb"):
                phrase, phrase_at = m.group("after"), cursor + m.start("after")
                cut = _PHRASE_CUT.search(text, phrase_at, phrase_at + len(phrase))
                if cut:
                    phrase = text[phrase_at : cut.start()]
            else:
                phrase, phrase_at = m.group("before"), cursor + m.start("before")
            speaker = _parse_speaker(phrase, phrase_at, persons, known)
            if (
                speaker is None
                or speaker.kind not in {"named", "pronoun", "reference"} and not _speaks_as_body(speaker)
                or _word_count(text[start:stop]) < MIN_UNMARKED_WORDS
                # "Smith said the company …, prosecutors said": reported speech, not a quotation
                or _REPORTED_SPEECH.search(text, start, min(stop, start + 60))
            ):
                return []
            rule = "said_speaker_unclosed" if marked else "unmarked_said_speaker"
            found = [
                _Segment(start=start, end=stop, open_mark=q_start - 1 if marked else start, close_mark=None,
                         paragraph=p_index, marked=marked, attribution=speaker, attribution_at=phrase_at,
                         rule=rule, evidence_start=q_start, evidence_end=end)
            ]
            r_start, r_end = _strip_span(text, end, p_end)
            if _word_count(text[r_start:r_end]) >= MIN_INHERITED_WORDS:
                found.append(_Segment(start=r_start, end=r_end, open_mark=r_start, close_mark=None, paragraph=p_index,
                                      marked=marked, evidence_start=r_start, evidence_end=p_end))
            return found
        if end >= p_end:
            break
        cursor = end
    return []


def _unmarked_segments(
    text: str, paragraphs: list[tuple[int, int]], persons: _Persons, known: _Known, *, skip: set[int]
) -> list[_Segment]:
    """Quotations whose marks were lost: "…, said Title Name." and "Name said: …" (paragraphs
    in ``skip`` already hold marked quotations)."""
    segments: list[_Segment] = []
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        if p_index in skip:
            continue
        found = _unmarked_before(text, p_index, p_start, p_end, persons, known)
        if found is not None:
            segments.append(found)
            continue
        inside = _attribution_inside(text, p_index, p_start, p_end, persons, known, marked=False)
        if inside:
            segments.extend(inside)
            continue
        # Later in the paragraph, a sentence of its own: "Topaz responded, Im saving my money for it."
        cursor = _sentence_end(text, p_start, p_end)
        while cursor < p_end:
            start = _first_visible(text, cursor)
            end = _sentence_end(text, start, p_end)
            found = _unmarked_before(text, p_index, start, end, persons, known)
            if found is not None and (text[found.start].isupper() or text[found.start] == "["):
                segments.append(found)
            cursor = end
    return segments


def _speaks_as_body(speaker: _Speaker) -> bool:
    """A group named by a role ("prosecutors", "the prosecutors") speaking as a body."""
    words = speaker.phrase.lower().split()
    return speaker.kind == "group" and 0 < len(words) <= 2 and speaker_words().get(words[-1]) == "group"


def _unmarked_before(text: str, p_index: int, p_start: int, p_end: int, persons: _Persons, known: _Known) -> _Segment | None:
    m = _patterns().unmarked_before.match(text, p_start, p_end)
    if not m:
        return None
    phrase = m.group("speaker")
    if len(phrase.split()) > 16 or _sentence_end(text, p_start, m.start("verb")) < m.start("verb"):
        return None  # the speaker must open the paragraph's first sentence
    speaker = _parse_speaker(phrase, m.start("speaker"), persons, known, subject=True)
    if speaker is None or speaker.kind not in {"named", "reference"}:
        return None
    if _patterns().verb_anywhere.search(phrase):
        return None
    if text[m.end() - 1] != ":" and (speaker.kind != "named" or re.search(r"[A-Z]", m.group("tail"))):
        # "X said, …" without a colon needs a named speaker right before the verb ("…, said Steven
        # Miller, IRS Deputy Commissioner" is the other form).
        return None
    q_start, q_end = _strip_span(text, m.end(), p_end)
    if _word_count(text[q_start:q_end]) < MIN_UNMARKED_WORDS:
        return None
    return _Segment(start=q_start, end=q_end, open_mark=q_start, close_mark=None, paragraph=p_index, marked=False,
                    attribution=speaker, attribution_at=m.start("speaker"), rule="unmarked_speaker_said_before",
                    evidence_start=p_start, evidence_end=p_end)


# --------------------------------------------------------------------------- people


def _last_word(name: str) -> str:
    words = [w for w in _POSSESSIVE.sub("", name).split() if w.lower().strip(".,") not in NAME_SUFFIXES]
    return words[-1].lower().strip(".,") if words else ""


def _same_person(a: str, b: str) -> bool:
    if _last_word(a) != _last_word(b) or not _last_word(a):
        return False
    fa, fb = a.split(), b.split()
    if len(fa) >= 2 and len(fb) >= 2:
        return fa[0][:1].lower() == fb[0][:1].lower()
    return True


def _people(doc: Doc, names: _NameFinder, officials: Sequence[Official], persons: list[tuple[int, int, str]]) -> dict[str, _Person]:
    """Everyone the document names, by full name, with every position their last name appears."""
    people: dict[str, _Person] = {}
    # Titles come from the attributions first (they are next to the quotation); the officials
    # row fills in what they leave out, when the speaker is linked to one.
    for official in officials:
        people[official.name] = _Person(official.name, None, None, official.official_id)
    for start, _, name in persons:
        name = _POSSESSIVE.sub("", name) if name.endswith(("'s", "’s")) else name
        words = name.split()
        while words and not _is_name_token(words[0]):
            words = words[1:]
        if len(words) < 2 or not all(_is_name_token(w) for w in words):
            continue
        name = " ".join(words)
        same = next((known for known in people.values() if _same_person(name, known.name)), None)
        if same is None:
            people[name] = _Person(name, None, None, None)
        elif len(name.split()) > len(same.name.split()):
            same.name = name  # "Moreno" (an officials row) is "Ignacia S. Moreno"
    for person in people.values():
        _locate(names, person)
    return people


class _NameFinder:
    """Where a last name is written in one document's text, in any case.

    The same positions as ``re.finditer(rf"\\b{re.escape(last)}\\b", text, re.IGNORECASE)``; for an
    ASCII name (in a text without :data:`ASCII_CASE_MATES`), found by a plain search of the text in
    ASCII lower case instead of compiling and running a case-blind pattern per name.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._lowered = case_blind_text(text)

    def positions(self, last: str) -> list[int]:
        if self._lowered is not None and last.isascii():
            return whole_word(self._lowered, ascii_lower(last))  # case changes no word boundary
        return [m.start() for m in re.finditer(rf"\b{re.escape(last)}\b", self.text, re.IGNORECASE)]


def _locate(names: _NameFinder, person: _Person) -> None:
    last = _last_word(person.name)
    if not last:
        return
    person.positions = sorted(names.positions(last))


def _register(people: dict[str, _Person], speaker: _Speaker, at: int, names: _NameFinder) -> _Person:
    """The person a named speaker is (merging a short form into a fuller known name)."""
    assert speaker.name is not None
    for known in people.values():
        if _same_person(known.name, speaker.name):
            if len(speaker.name.split()) > len(known.name.split()):
                known.name = speaker.name
            known.title = known.title or speaker.title
            known.organisation = known.organisation or speaker.organisation
            if at not in known.positions:
                known.positions.append(at)
                known.positions.sort()
            return known
    person = _Person(speaker.name, speaker.title, speaker.organisation, None)
    _locate(names, person)
    if at not in person.positions:
        person.positions.append(at)
        person.positions.sort()
    people[speaker.name] = person
    return person


# The word after a name ("Stock said", "Stock, INTERPOL's Secretary General, said"), and the word
# before the capitalised words that lead to one ("said INTERPOL Secretary General Jürgen").
_WORD_AFTER_NAME = re.compile(r"(?:'s|’s)?\b(?:,[^,.]{0,100},)?\s+(\w+)", re.IGNORECASE)
_WORD_BEFORE_NAME = re.compile(r"\b(\w+)\s+((?:[A-Z][\w.’'-]*\s+|(?:of|for|in|the)\s+){0,12})$")


def _speech_events(text: str, people: dict[str, _Person], floor: int) -> list[tuple[int, _Person]]:
    """(position, person name) wherever a known person speaks: "Stock said …", "said Stock"."""
    verbs = speech_verbs()
    events = []
    for person in people.values():
        positions = [pos for pos in person.positions if pos >= floor]
        if not positions:
            continue
        last = _last_word(person.name)
        # The name, then a fixed pattern after it: only the short name pattern is compiled per person.
        name = re.compile(re.escape(last), re.IGNORECASE)
        for pos in positions:
            after = text[pos : pos + 160]
            m = _WORD_AFTER_NAME.match(after, len(last)) if name.match(after) else None
            before = text[max(0, pos - 120) : pos]
            b = _WORD_BEFORE_NAME.search(before)
            speaks_after = m is not None and m.group(1).lower() in verbs
            speaks_before = b is not None and b.group(1).lower() in verbs
            if speaks_after or speaks_before:
                events.append((pos, person))
    return sorted(events, key=lambda event: event[0])


def _describe(text: str, person: _Person) -> None:
    """Fill in a person's title and organisation from the words before a mention of them
    ("INTERPOL Secretary General Jürgen Stock said …")."""
    names = {w.lower() for w in person.name.split()}
    for pos in person.positions:
        if person.title is not None:
            return
        before = text[max(0, pos - 120) : pos]
        prefix = re.search(r"((?:[A-Z][\w.’'-]*[ \t]+|(?:of|for|in|the)[ \t]+){0,12})$", before)
        words = prefix.group(1).split() if prefix else []
        for i in range(len(words) - 1, -1, -1):
            bare = words[i].rstrip(".").lower()
            if words[i].endswith(".") and len(bare) > 1 and bare not in _ABBREVIATIONS:
                words = words[i + 1 :]  # a sentence ended there
                break
        while words and words[-1].lower() in names:
            words = words[:-1]
        while words and words[0].lower() in _CONNECTORS:
            words = words[1:]
        if words:
            person.title, organisation = _title_before_name(words)
            person.organisation = person.organisation or organisation


def _resolve_reference(
    speaker: _Speaker, at: int, history: list[tuple[int, _Person]], mentions: list[tuple[int, _Person]]
) -> _Person | None:
    """The person a pronoun or a bare title ("the INTERPOL Chief") stands for: the latest
    speaker, or for a title naming a body the latest speaker, then the latest person
    mentioned, of that body."""
    earlier = [(pos, person) for pos, person in history if pos < at]
    if speaker.kind == "reference":
        hint = {w.lower() for w in re.findall(r"[\w-]+", f"{speaker.organisation or ''} {speaker.phrase}")}
        hint -= set(speaker_words()) | _CONNECTORS | {"a", "an"}
        if hint:
            for group in (earlier, [(pos, person) for pos, person in mentions if pos < at]):
                for _, person in reversed(group):
                    described = {w.lower() for w in re.findall(r"[\w-]+", f"{person.organisation or ''} {person.title or ''}")}
                    if hint & described:
                        return person
        if not earlier:
            mentioned = [(pos, person) for pos, person in mentions if pos < at]
            return mentioned[-1][1] if mentioned else None
    return earlier[-1][1] if earlier else None


def _fuller_name(text: str, surname: str, before: int) -> str | None:
    """"Paolo Ricci" for "Ricci": the first and last name written earlier, where the entity
    recogniser missed the person (it takes many first mentions for organisations)."""
    pattern = rf"\b([A-Z][a-z’'-]+(?:\s+[A-Z]\.)?)\s+{re.escape(surname)}\b"
    for match in re.finditer(pattern, text[:before]):
        first = match.group(1).split()[0]
        if first.lower() not in speaker_words() and first.lower() not in _NOT_NAMES and first.lower() not in _ADVERBIAL_START:
            return f"{match.group(1)} {surname}"
    return None


def _paragraph_person(
    start: int, at: int, history: list[tuple[int, _Person]], mentions: list[tuple[int, _Person]]
) -> _Person | None:
    """Who a pronoun in this paragraph stands for: its last speaker before the pronoun, else the
    first person it names before it ("Maria Lopez runs a bakery. “…,” she wrote"), else None."""
    spoke = [person for pos, person in history if start <= pos < at]
    if spoke:
        return spoke[-1]
    named = [person for pos, person in mentions if start <= pos < at]
    return named[0] if named else None


def _link_official(name: str, officials: Sequence[Official]) -> Official | None:
    for official in officials:
        if _same_person(official.name, name):
            return official
    return None


# --------------------------------------------------------------------------- main


def extract_quotes(doc: Doc, article: CleanDocument, officials: Sequence[Official]) -> list[Quote]:
    """Every direct quotation in the body and its speaker.

    Args:
        doc: the spaCy Doc of ``article.text`` (its PERSON entities help find names).
        article: the cleaned article; offsets point into ``article.text``.
        officials: this document's officials rows, to link speakers (``official_id``).

    Returns:
        One :class:`Quote` per quotation paragraph, in text order.
    """
    text = article.text[: len(doc_text(doc))] if len(doc_text(doc)) < len(article.text) else article.text
    floor = article.body_start
    paragraphs = _paragraphs(text, floor)
    if not paragraphs:
        return []
    persons = _person_spans(doc)
    names = _NameFinder(text)
    people = _people(doc, names, officials, persons)
    segments: list[_Segment] = []
    new_index: dict[int, int | None] = {}
    for old, seg in enumerate(_marked_segments(text, paragraphs)):
        # A quotation left open whose attribution follows inside it lost its closing mark
        # ("“Illegal trade … laws, said Acting Assistant Attorney General Wood. …"): it ends
        # there and does not run on into the next paragraph.
        inner = []
        if seg.close_mark is None or seg.lost_opening:
            inner = _attribution_inside(text, seg.paragraph, seg.start, seg.close_mark or paragraphs[seg.paragraph][1],
                                        persons, people, marked=True)
        if seg.continued_from is not None:
            seg.continued_from = new_index.get(seg.continued_from)
        new_index[old] = None if inner else len(segments)
        segments.extend(inner or [seg])
    if "“" not in text and "”" not in text:
        quoted = {seg.paragraph for seg in segments}
        segments.extend(_unmarked_segments(text, paragraphs, persons, people, skip=quoted))
        segments.sort(key=lambda s: s.start)

    # Attributions of their own, in text order.
    for index, seg in enumerate(segments):
        if seg.attribution is not None:
            continue
        p_start, p_end = paragraphs[seg.paragraph]
        following = [s.open_mark for s in segments[index + 1 :] if s.paragraph == seg.paragraph]
        limit = following[0] if following else p_end
        previous = [s.close_mark for s in segments[:index] if s.paragraph == seg.paragraph and s.close_mark is not None]
        floor_before = previous[-1] + 1 if previous else p_start
        if seg.marked and not _attribute_after(text, seg, limit, persons, people):
            _attribute_before(text, seg, floor_before, persons, people)

    # Register named speakers, then resolve pronouns and bare titles against who spoke last.
    for seg in segments:
        if seg.attribution is not None and seg.attribution.kind == "named":
            _register(people, seg.attribution, seg.attribution_at, names)
    history = _speech_events(text, people, floor)
    for person in people.values():
        _describe(text, person)
    mentions = sorted(((pos, person) for person in people.values() for pos in person.positions), key=lambda m: m[0])
    for seg in segments:
        if seg.attribution is not None and seg.attribution.kind == "named":
            history.append((seg.attribution_at, _register(people, seg.attribution, seg.attribution_at, names)))
    history.sort(key=lambda event: event[0])

    resolved: list[tuple[_Person | None, _Speaker | None, str | None]] = []
    for seg in segments:
        person, speaker, rule = None, seg.attribution, seg.rule
        if speaker is not None:
            if speaker.kind == "named":
                person = _register(people, speaker, seg.attribution_at, names)
            elif speaker.kind == "pronoun":
                person = _paragraph_person(paragraphs[seg.paragraph][0], seg.attribution_at, history, mentions) \
                    or _resolve_reference(speaker, seg.attribution_at, history, mentions)
                rule = f"{rule}+{speaker.kind}"
                if person is None:
                    speaker = None
            elif speaker.kind == "reference":
                person = _resolve_reference(speaker, seg.attribution_at, history, mentions)
                rule = f"{rule}+{speaker.kind}"  # an unresolved reference keeps its words as the speaker
        resolved.append((person, speaker, rule))

    # Quotations without an attribution inherit one: the quotation they continue (or that
    # continues them), the one before in the same paragraph, or the paragraph just before.
    chains: dict[int, list[int]] = {}
    for index, seg in enumerate(segments):
        root = index
        while segments[root].continued_from is not None:
            root = segments[root].continued_from
        chains.setdefault(root, []).append(index)
    for members in chains.values():
        owner = next((i for i in reversed(members) if resolved[i][1] is not None), None)
        if owner is None:
            continue
        for i in members:
            if resolved[i][1] is None:
                person, speaker, rule = resolved[owner]
                resolved[i] = (person, speaker, f"{rule}+continued")
    for index, seg in enumerate(segments):
        if resolved[index][1] is not None or index == 0:
            continue
        prev = segments[index - 1]
        words = _word_count(text[seg.start : seg.end])
        same_paragraph = prev.paragraph == seg.paragraph
        next_paragraph = prev.paragraph == seg.paragraph - 1 and _opens_paragraph(text, seg, paragraphs)
        if resolved[index - 1][1] is not None and words >= MIN_INHERITED_WORDS and (same_paragraph or next_paragraph):
            person, speaker, rule = resolved[index - 1]
            base = (rule or "").split("+")[0]
            resolved[index] = (person, speaker, f"{base}+{'same_paragraph' if same_paragraph else 'previous_paragraph'}")

    quotes: list[Quote] = []
    row_of_segment: dict[int, int] = {}
    for index, seg in enumerate(segments):
        person, speaker, rule = resolved[index]
        words = _word_count(text[seg.start : seg.end])
        if speaker is None and (words < MIN_UNATTRIBUTED_WORDS or not seg.marked):
            continue
        if speaker is None and not re.search(r"[.!?,]$", text[seg.start : seg.end + 1].rstrip("”\" ")):
            continue  # an unattributed title or phrase in quotation marks, not speech
        if speaker is None and text[paragraphs[seg.paragraph][0] : seg.open_mark].rstrip()[-1:] not in {"", ".", ":", ",", "!", "?"}:
            continue  # quoted words inside a sentence ("directed the Task Force to study “whether …”") cite a text
        # A speaker's title and organisation are the officials reader's (it decides who holds a
        # position and where); the words next to a quotation ("Dr.", "Rep.", a town, "games at
        # Google") are not read a second time here.
        name = title = organisation = None
        official_id = None
        if person is not None or speaker is not None:
            name = person.name if person is not None else speaker.name
            if name and " " not in name:
                name = _fuller_name(text, name, seg.start) or name
            official = _link_official(name, officials) if name else None
            if official is not None:
                official_id = official.official_id
                if len(official.name.split()) > len(name.split()):
                    name = official.name  # the fullest form the document gives
                title, organisation = official.title, official.organisation
        if not seg.marked:
            rule = rule if rule and rule.startswith("unmarked") else f"unmarked_{rule or 'quote'}"
        ev_start = seg.evidence_start if seg.evidence_start >= 0 else _sentence_start(text, seg.open_mark, paragraphs[seg.paragraph][0])
        ev_end = max(seg.evidence_end, seg.end + 1 if seg.close_mark is not None else seg.end)
        continued = None
        if seg.continued_from is not None and seg.continued_from in row_of_segment:
            continued = row_of_segment[seg.continued_from]
        row_of_segment[index] = len(quotes)
        quotes.append(
            Quote(
                quote=text[seg.start : seg.end],
                speaker=name,
                speaker_title=title,
                speaker_organisation=organisation,
                official_id=official_id,
                rule=rule or "unattributed",
                start=seg.start,
                end=seg.end,
                sentence=text[ev_start:ev_end].strip(),
                quote_id=len(quotes),
                continued_from=continued,
            )
        )
    return quotes


def _opens_paragraph(text: str, seg: _Segment, paragraphs: list[tuple[int, int]]) -> bool:
    return seg.open_mark == _first_visible(text, paragraphs[seg.paragraph][0])
