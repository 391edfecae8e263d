"""Events that link the other tables: who funds whom, with how much, for how long, for what;
and, in court releases, who was sentenced to what.

**Funding and commitments.** Each money amount whose role is funding or a grant (or that
sits in a sentence with a funding word of ``models/event_cues.tsv`` and has no other role)
is one event. Its sentence and the sentences before it give the rest:

* funder — "<amount> from KNPA", "by X", else the organisation that is the subject of the
  funding word ("the Korean National Police Agency has announced additional funding …");
* recipient — "funding for INTERPOL", "grants to X", else the organisation that runs the
  programme the money goes to ("INTERPOL's … (FACE) project");
* a sentence with a funding word but no amount ("KNPA has announced additional funding for
  INTERPOL.") sets the frame: later amounts without their own funder or recipient take it;
* ``duration_id`` — the duration in the sentence nearest the amount ("three-year initiative");
* ``programme`` — a programme named in the sentence; ``purpose`` — what the money targets
  ("a second three-year project targeting cyber-enabled financial crimes" → "cyber-enabled
  financial crimes"), else the programme's short name ("FACE project");
* ``event_start`` — a date after "starting", "from", "as of" …, never one after "launched"
  (that dates the programme, not the money).

**Sentencing.** "X was sentenced to 57 months in prison, followed by three years of
supervised release, and ordered to pay $1.2 million in restitution": the defendant (a
person named before "sentenced"), the prison term (``duration_id``), the supervised release
(``supervised_release_id``) and the restitution (``amount_id``, this sentence or the next).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from pipeline.extract.view import doc_text
from pipeline.textsearch import case_blind_text, standalone
from pipeline.records import Amount, CleanDocument, DateMention, Duration, Event, Organisation, Programme
from pipeline.resources import model_path, read_tsv

__all__ = ["extract_events", "event_cues"]

#: Amount roles that are money given for a purpose.
FUNDING_ROLES = frozenset({"funding", "grant"})
#: Roles that are never funding, whatever words are near ("ordered to pay a $250,000 fine").
_NOT_FUNDING = frozenset({"fine", "restitution", "forfeiture", "loss", "bribe", "settlement", "penalty", "damages",
                          "proceeds", "ransom", "bail", "tax", "price", "salary", "loan"})
#: What the money is for: the object of "targeting X", "aimed at X" …; else "to <verb> …"
#: (a verb by the tagger); else the object of "for X".
_PURPOSE_OBJECT = re.compile(
    r"\b(?:targeting|targetting|aimed at|dedicated to|focused on|in support of|to combat|to fight|to counter|"
    r"to tackle)\s+(?P<purpose>[^.;:]+)",
    re.IGNORECASE,
)
_PURPOSE_FOR = re.compile(r"\bfor\s+(?P<purpose>[^.;:]+)", re.IGNORECASE)
_PURPOSE_END = re.compile(r",|\s+(?:as|which|that|who|where|while|and will|will|to be|under|with the|through)\b|\s*\(")
_LEADING = re.compile(r"^(?:the|a|an|its|their|our|this|these|new|additional|further)\s+", re.IGNORECASE)
_SIZE_WORD = re.compile(r"^(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|first|second|third|multi)")
_GENERIC_HEADS = frozenset("initiative initiatives project projects programme programmes program programs effort efforts "
                           "work activities activity element part".split())
#: How near (in words) a funding word must be to an amount without a role.
_CUE_WORDS = 6
#: A capitalised name right after an amount's "to"/"for" ("to the Police Executive Research Forum").
_NAME_AFTER = re.compile(
    r"\s+(?:in\s+\w+\s+)?(?:to|for)\s+(?:the\s+)?(?P<name>[A-Z][\w&'’.-]*(?:\s+(?:of|for|and|on|the|&)?\s*[A-Z][\w&'’.-]*)+)"
)
_SENTENCED = re.compile(r"\bsentenced\b", re.IGNORECASE)
_PASSIVE = re.compile(r"\b(?:was|were|been|be|is|are|being)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_PRISON_AFTER = re.compile(r"^\s*(?:in|of)\s+(?:federal\s+|state\s+)?(?:prison|imprisonment|incarceration|jail|custody)", re.IGNORECASE)
_RELEASE_AFTER = re.compile(r"^\s*(?:(?:of|on)\s+)?supervised\s+release", re.IGNORECASE)


_CUE_KINDS = frozenset({"funding", "commitment", "start", "not_start", "contract", "not_funding"})


@lru_cache(maxsize=1)
def event_cues() -> dict[str, tuple[str, ...]]:
    """kind → word forms from ``models/event_cues.tsv`` (validated)."""
    path = model_path("event_cues.tsv")
    cues: dict[str, list[str]] = {}
    for number, row in enumerate(read_tsv(path), 2):
        form, kind = (row.get("form") or "").strip(), (row.get("kind") or "").strip()
        if not form or form != form.lower() or kind not in _CUE_KINDS:
            raise ValueError(f"{path}: row {number}: need a lower-case form and a kind in {sorted(_CUE_KINDS)}, got {row}")
        cues.setdefault(kind, []).append(form)
    return {kind: tuple(forms) for kind, forms in cues.items()}


@lru_cache(maxsize=4)
def _cue_pattern(kinds: tuple[str, ...]) -> re.Pattern[str]:
    forms = sorted({f for kind in kinds for f in event_cues().get(kind, ())}, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(re.escape(word) for word in form.split()) for form in forms)
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


@lru_cache(maxsize=4)
def _folded_cue_pattern(kinds: tuple[str, ...]) -> re.Pattern[str]:
    """:func:`_cue_pattern` without ``re.IGNORECASE``, for text in ASCII lower case (the forms are lower case)."""
    return re.compile(_cue_pattern(kinds).pattern)


@dataclass(frozen=True, slots=True)
class _OrgMention:
    start: int
    end: int
    name: str


def _org_mentions(text: str, organisations: Sequence[Organisation], floor: int) -> list[_OrgMention]:
    """Every place an organisation is named (its name, acronym or aliases), longest form first."""
    forms: list[tuple[str, str]] = []
    for org in organisations:
        for form in {org.name, org.acronym, *org.aliases} - {None, ""}:
            if len(form) >= 2:
                forms.append((form, org.name))
    found: list[_OrgMention] = []
    taken: list[tuple[int, int]] = []
    body = text[floor:]
    for form, name in sorted(forms, key=lambda f: -len(f[0])):
        for at in standalone(body, form):
            start, end = floor + at, floor + at + len(form)
            if not any(start < b and a < end for a, b in taken):
                taken.append((start, end))
                found.append(_OrgMention(start, end, name))
    return sorted(found, key=lambda m: m.start)


def _sentences(doc: Doc, floor: int) -> list[tuple[int, int]]:
    """Sentences of the body, never across a line break (a headline is not the lead's subject)."""
    try:
        spans = [(s.start_char, s.end_char) for s in doc.sents]
    except ValueError:  # no sentence boundaries (a blank pipeline): lines instead
        spans = [(0, len(doc_text(doc)))]
    lines = []
    for start, end in spans:
        for m in re.finditer(r"[^\n]+", doc_text(doc)[start:end]):
            a, b = start + m.start(), start + m.end()
            if a >= floor and doc_text(doc)[a:b].strip():
                lines.append((a, b))
    return lines


def _org_right_after(text: str, pos: int, words: str, orgs: list[_OrgMention], limit: int = 4) -> _OrgMention | None:
    """The organisation named right after ``pos`` behind one of ``words`` ("from KNPA", "for the X")."""
    m = re.match(rf"\s*(?:\S+\s+){{0,{limit}}}?(?:{words})\s+(?:the\s+)?", text[pos : pos + 120], re.IGNORECASE)
    if not m:
        return None
    at = pos + m.end()
    return next((o for o in orgs if o.start == at), None)


def _purpose_phrase(phrase: str) -> str | None:
    cut = _PURPOSE_END.search(phrase)
    phrase = (phrase[: cut.start()] if cut else phrase).strip(" .")
    while _LEADING.match(phrase):
        phrase = _LEADING.sub("", phrase, count=1)
    words = phrase.split()
    # "a three-year initiative", "a second three-year project": a kind of work, not its aim.
    content = [w for w in words if not _SIZE_WORD.match(w.lower())]
    if not content or (content[-1].lower() in _GENERIC_HEADS and len(content) <= 2):
        return None
    return " ".join(words) if 0 < len(words) <= 10 else None


def _purpose(doc: Doc, start: int, end: int, programme: Programme | None) -> str | None:
    """What the money is for, from the sentence after the amount."""
    text = doc_text(doc)
    segment = text[start:end]
    m = _PURPOSE_OBJECT.search(segment)
    if m and (found := _purpose_phrase(m.group("purpose"))):
        return found
    # An amount can end where its sentence ends (or past a cut sentence): nothing follows.
    span = doc.char_span(start, end, alignment_mode="expand") if start < end else None
    for token in span if span is not None else ():
        # "… to identify victims", "to train court staff": the infinitive says what for.
        if token.lower_ == "to" and token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "VERB":
            if found := _purpose_phrase(text[doc[token.i + 1].idx : end]):
                return found
    m = _PURPOSE_FOR.search(segment)
    if m and (found := _purpose_phrase(m.group("purpose"))):
        return found
    if programme is not None:
        short = programme.acronym or programme.name
        return short if programme.kind in {"law", "database"} or not programme.acronym else f"{short} {programme.kind}"
    return None


def _event_start(text: str, s_start: int, s_end: int, dates: Sequence[DateMention]) -> str | None:
    start_cue = _cue_pattern(("start",))
    not_start = _cue_pattern(("not_start",))
    for date in dates:
        if not s_start <= date.start < s_end:
            continue
        before = text[max(s_start, date.start - 40) : date.start]
        words = before.split()[-3:]
        near = " ".join(words)
        if not_start.search(near):
            continue
        if start_cue.search(near):
            return date.iso
    return None


def _in(items: Sequence, start: int, end: int) -> list:
    return [item for item in items if start <= item.start < end]


def _programme_mentions(text: str, programmes: Sequence[Programme], start: int, end: int) -> list[tuple[int, Programme]]:
    found = []
    for programme in programmes:
        for form in {programme.name, programme.acronym} - {None, ""}:
            for at in standalone(text[start:end], form):
                found.append((start + at, programme))
        if start <= programme.start < end:
            found.append((programme.start, programme))
    return sorted(found, key=lambda f: f[0])


_CLAUSE_BREAK = re.compile(r"[.;:!?]\s|[()]")


def _funds(text: str, amount: Amount, cues: re.Pattern[str]) -> bool:
    """Whether an amount is money given: a funding word governs it, in its own clause.

    A funding role counts ("a $2 million grant"); else a funding word within a few words of it
    and no other role ("Some EUR 2.1 million will be provided"), or a contract it is the worth
    of. Near a price, rate, debt or fortune word ("for as little as Rs 599", "a net worth of
    $2 billion", "$6 billion in debt") it never is.
    """
    before = text[max(0, amount.start - 80) : amount.start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    before = " ".join((before[breaks[-1].end() :] if breaks else before).split()[-_CUE_WORDS:])
    after = text[amount.end : amount.end + 80]
    cut = _CLAUSE_BREAK.search(after)
    after = " ".join((after[: cut.start()] if cut else after).split()[:_CUE_WORDS])
    near_before = " ".join(before.split()[-3:])
    near_after = " ".join(after.split()[:2])
    if _cue_pattern(("not_funding",)).search(near_before) or _cue_pattern(("not_funding",)).search(near_after):
        return False
    if amount.role in FUNDING_ROLES:
        return True
    if amount.role == "price" and _cue_pattern(("contract",)).search(f"{before} {after}"):
        return True  # "a contract worth $5 million", "a $5 million contract"
    if amount.role in _NOT_FUNDING:
        return False
    return cues.search(before) is not None or cues.search(after) is not None


def _org_object(text: str, pos: int, orgs: list[_OrgMention]) -> _OrgMention | None:
    """The organisation right after a funding verb, its object ("awarded Babcock a contract", "funds INTERPOL")."""
    m = re.match(r"\s+(?:the\s+)?", text[pos : pos + 8])
    at = pos + (m.end() if m else 0)
    return next((o for o in orgs if o.start == at), None) if m else None


def _subject(text: str, s_start: int, cue_at: int, orgs: list[_OrgMention]) -> _OrgMention | None:
    """The organisation before a funding word that is not behind "for/to/from/of/by" (its subject)."""
    for org in orgs:
        if org.start >= cue_at:
            return None
        if not re.search(r"\b(?:for|to|from|of|by|with|at|in)\s+(?:the\s+)?$", text[max(s_start, org.start - 12) : org.start], re.IGNORECASE):
            return org
    return None


def _funding_events(
    doc: Doc,
    sentences: list[tuple[int, int]],
    organisations: Sequence[Organisation],
    amounts: Sequence[Amount],
    durations: Sequence[Duration],
    programmes: Sequence[Programme],
    dates: Sequence[DateMention],
    floor: int,
) -> list[Event]:
    text = doc_text(doc)
    cues = _cue_pattern(("funding", "commitment"))
    commitment = _cue_pattern(("commitment",))
    # Looking for the funding words in every sentence was most of the cost: an ASCII pattern finds the
    # same words (same offsets) in the ASCII-lower-cased text without re.IGNORECASE, several times faster.
    folded = case_blind_text(text) if cues.pattern.isascii() else None
    sentence_cues = _folded_cue_pattern(("funding", "commitment")) if folded is not None else cues
    orgs = _org_mentions(text, organisations, floor)
    frame_funder: str | None = None
    frame_recipient: str | None = None
    events: list[Event] = []
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        searched = folded[s_start:s_end] if folded is not None else sentence
        cue = sentence_cues.search(searched)
        sent_orgs = _in(orgs, s_start, s_end)
        if sentence.count("|") >= 2:
            continue  # a table row: amounts in columns, not sentences about them
        money = [a for a in _in(amounts, s_start, s_end) if _funds(text, a, cues)]
        # Of the funding words ("To support …, KNPA has announced additional funding for INTERPOL"),
        # the first with an organisation giving (its subject) or receiving ("for X") decides.
        subject = beneficiary = None
        for match in sentence_cues.finditer(searched) if cue else ():
            cue_at = s_start + match.start()
            subject = _subject(text, s_start, cue_at, sent_orgs)
            cue_end = cue_at + len(match.group())
            beneficiary = _org_right_after(text, cue_end, "for|to", sent_orgs) or _org_object(text, cue_end, sent_orgs)
            if subject is not None or beneficiary is not None:
                cue = match
                break
        if cue is not None and not money:
            # "KNPA has announced additional funding for INTERPOL.": the frame for what follows.
            if subject is not None or beneficiary is not None:
                frame_funder = subject.name if subject else frame_funder
                frame_recipient = beneficiary.name if beneficiary else frame_recipient
            continue
        mentioned = _programme_mentions(text, programmes, s_start, s_end)
        for amount in money:
            rules = []
            giver = _org_right_after(text, amount.end, "from|by|through", sent_orgs, limit=3)
            funder = giver.name if giver else None
            if giver:
                rules.append("from")
            elif subject is not None:
                funder = subject.name
                rules.append("subject")
            taker = _org_right_after(text, amount.end, "for|to", sent_orgs, limit=2) or beneficiary
            recipient = taker.name if taker and taker.name != funder else None
            if recipient is None and taker is None:
                # "$4 million to the Police Executive Research Forum": a name the organisations table missed.
                named = _NAME_AFTER.match(text, amount.end, s_end)
                if named and named.group("name") != funder:
                    recipient = named.group("name")
            programme = next((p for at, p in mentioned if at > amount.start), mentioned[0][1] if mentioned else None)
            if recipient is None and programme is not None and programme.organisation and programme.organisation != funder:
                recipient = programme.organisation
                rules.append("programme_owner")
            elif recipient is not None:
                rules.append("for")
            if funder is None and frame_funder is not None and frame_funder != recipient:
                funder = frame_funder
                rules.append("frame_funder")
            if recipient is None and frame_recipient is not None and frame_recipient != funder:
                recipient = frame_recipient
                rules.append("frame_recipient")
            near = sorted(_in(durations, s_start, s_end), key=lambda d: (d.start < amount.start, abs(d.start - amount.end)))
            events.append(
                Event(
                    kind="commitment" if cue is not None and commitment.fullmatch(cue.group()) and amount.role not in FUNDING_ROLES else "funding",
                    funder=funder,
                    recipient=recipient,
                    amount_id=amount.amount_id,
                    duration_id=near[0].duration_id if near else None,
                    programme=programme.name if programme else None,
                    purpose=_purpose(doc, amount.end, s_end, programme),
                    event_start=_event_start(text, s_start, s_end, dates),
                    start=s_start,
                    end=s_end,
                    sentence=sentence.strip(),
                    rule="funding:" + ("+".join(rules) or "amount"),
                )
            )
    # An event links a giver and a taker: money with neither is a figure, not an event.
    return [e for e in events if e.funder is not None or e.recipient is not None]


def _sentencing_events(
    doc: Doc, text: str, sentences: list[tuple[int, int]], amounts: Sequence[Amount], durations: Sequence[Duration]
) -> list[Event]:
    persons = [(e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ == "PERSON"]
    events: list[Event] = []
    for index, (s_start, s_end) in enumerate(sentences):
        sentence = text[s_start:s_end]
        verb = _SENTENCED.search(sentence)
        if verb is None:
            continue
        verb_at = s_start + verb.start()
        prison = release = None
        for duration in _in(durations, verb_at, s_end):
            after = text[duration.end : duration.end + 40]
            if release is None and _RELEASE_AFTER.match(after):
                release = duration
            elif prison is None and (_PRISON_AFTER.match(after) or text[verb_at : duration.start].strip().lower().endswith("to")):
                prison = duration
        if prison is None and release is None:
            continue
        if _PASSIVE.search(text[max(s_start, verb_at - 30) : verb_at]):
            # "Smith, 45, was sentenced to …": the defendant comes first.
            named = [p for p in persons if s_start <= p[0] < verb_at]
        else:
            # "Judge Jones sentenced White to 37 months": the defendant is the object.
            object_end = prison.start if prison else release.start  # type: ignore[union-attr]
            named = [p for p in persons if verb_at < p[0] < object_end]
        defendant = re.sub(r"(?:'s|’s)$", "", named[0][2]) if named else None
        # The restitution is in this sentence, or in the next when that one sentences no one else.
        next_end = s_end
        if index + 1 < len(sentences) and not _SENTENCED.search(text[sentences[index + 1][0] : sentences[index + 1][1]]):
            next_end = sentences[index + 1][1]
        restitution = next((a for a in _in(amounts, s_start, next_end) if a.role == "restitution"), None)
        events.append(
            Event(
                kind="sentencing",
                funder=None,
                recipient=None,
                amount_id=restitution.amount_id if restitution else None,
                duration_id=prison.duration_id if prison else None,
                programme=None,
                purpose=None,
                event_start=None,
                start=s_start,
                end=s_end,
                sentence=sentence.strip(),
                rule="sentenced_to",
                defendant=defendant,
                supervised_release_id=release.duration_id if release else None,
            )
        )
    return events


def extract_events(
    doc: Doc,
    article: CleanDocument,
    organisations: Sequence[Organisation],
    amounts: Sequence[Amount],
    durations: Sequence[Duration],
    programmes: Sequence[Programme],
    dates: Sequence[DateMention],
) -> list[Event]:
    """Funding, commitment and sentencing events, linked to the rows of the other tables.

    Args:
        doc: the spaCy Doc of ``article.text``.
        article: the cleaned article; offsets point into ``article.text``.
        organisations, amounts, durations, programmes, dates: this document's rows, numbered
            (``amount_id`` and ``duration_id`` are what events point to).

    Returns:
        Events in text order, ``event_id`` numbered.
    """
    text = doc_text(doc)
    sentences = _sentences(doc, article.body_start)
    events = _funding_events(doc, sentences, organisations, amounts, durations, programmes, dates, article.body_start)
    events += _sentencing_events(doc, text, sentences, amounts, durations)
    events.sort(key=lambda e: (e.start, e.amount_id if e.amount_id is not None else -1))
    return [dataclasses.replace(e, event_id=i) for i, e in enumerate(events)]
