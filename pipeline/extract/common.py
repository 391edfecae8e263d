"""Small helpers every extractor shares: evidence from spans, qualifier words, and the parts
of a Doc (text, sentences, entities, rule spans) read once per Doc instead of once per match.

spaCy builds a new Python object on every read of ``Doc.text``, ``Doc.ents``, a span group or
``Span.sent`` (and ``Span.sent`` checks the whole Doc's sentence annotation first). The
extractors read them per candidate, which made extraction cost several times the parse; the
helpers here read each once and keep plain values in ``doc.user_data``, so the cache lives
and dies with its Doc.
"""

from __future__ import annotations

import bisect
import re
import string
from collections.abc import Callable, Iterator
from typing import NamedTuple

from spacy.attrs import LOWER, ORTH, SPACY
from spacy.tokens import Doc, Span, Token

from pipeline.components import PARSES_KEY, RULES_SPANS_KEY
from pipeline.records import Mention


#: Where :func:`doc_text` keeps a Doc's text (``Doc.text`` rebuilds the string on every read).
_TEXT_KEY = "newsfacts.text"
_SENTENCES_KEY = "newsfacts.sentences"
_DEPENDENCIES_KEY = "newsfacts.dependencies"
_ENTITIES_KEY = "newsfacts.entities"
_RULE_SPANS_KEY = "newsfacts.rule_spans"
_TOKEN_STRINGS_KEY = "newsfacts.token_strings"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc.

    spaCy's ``Doc.text`` joins every token's text on each access; the extractors read it
    hundreds of times per document, which made them cost several times the parse itself.
    """
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


class Entity(NamedTuple):
    """One named entity of ``doc.ents`` as plain values."""

    label: str
    start: int
    end: int
    start_char: int
    end_char: int
    text: str


def entities(doc: Doc) -> tuple[Entity, ...]:
    """``doc.ents`` as plain tuples, read once per Doc (``Doc.ents`` builds every Span anew)."""
    cached = doc.user_data.get(_ENTITIES_KEY)
    if cached is None:
        cached = doc.user_data[_ENTITIES_KEY] = tuple(
            Entity(e.label_, e.start, e.end, e.start_char, e.end_char, e.text) for e in doc.ents
        )
    return cached


class TokenStrings(NamedTuple):
    """Every token's ``text``, ``lower_`` and ``whitespace_``, by index (plain lists)."""

    texts: list[str]
    lowers: list[str]
    spaces: list[str]


def token_strings(doc: Doc) -> TokenStrings:
    """The Doc's token strings, read once per Doc from its arrays (``doc[i]`` builds a Token per access)."""
    cached = doc.user_data.get(_TOKEN_STRINGS_KEY)
    if cached is None:
        strings = doc.vocab.strings
        rows = doc.to_array([ORTH, LOWER, SPACY]).tolist() if len(doc) else []
        cached = doc.user_data[_TOKEN_STRINGS_KEY] = TokenStrings(
            [strings[orth] for orth, _, _ in rows],
            [strings[lower] for _, lower, _ in rows],
            [" " if space else "" for _, _, space in rows],
        )
    return TokenStrings(*cached)


class RuleSpan(NamedTuple):
    """One span of the rule layer (``doc.spans[RULES_SPANS_KEY]``) as plain values."""

    label: str
    start: int
    end: int
    id: str


def rule_spans(doc: Doc) -> tuple[RuleSpan, ...]:
    """The rule layer's spans in their group's order, read once per Doc.

    Iterating a span group builds a Span per item; the organisation filters read the group
    once per candidate, which was most of their cost.
    """
    cached = doc.user_data.get(_RULE_SPANS_KEY)
    if cached is None:
        cached = doc.user_data[_RULE_SPANS_KEY] = tuple(
            RuleSpan(s.label_, s.start, s.end, s.id_) for s in doc.spans.get(RULES_SPANS_KEY, [])
        )
    return cached


class SentenceIndex:
    """Sentence boundaries of a Doc, looked up by character offset or by token.

    ``Span.sent`` checks the whole Doc's sentence annotation on every call, which makes
    one lookup per mention cost as much as a pass over the Doc; this reads the
    boundaries once (:meth:`of` keeps them on the Doc as plain lists). Without sentence
    boundaries (blank pipelines) the text's lines are the sentences of the character
    lookups, and the span lookups raise ``ValueError`` as ``Span.sent`` does.
    """

    __slots__ = ("annotated", "bounds", "n_tokens", "starts", "text", "token_starts")

    def __init__(self, doc: Doc) -> None:
        text = doc_text(doc)
        token_starts: list[int] = []
        try:
            bounds = []
            for sent in doc.sents:
                bounds.append((sent.start_char, sent.end_char))
                token_starts.append(sent.start)
        except ValueError:
            bounds = []
            position = 0
            for line in text.split("\n"):
                bounds.append((position, position + len(line)))
                position += len(line) + 1
        annotated = doc.has_annotation("SENT_START")
        # Custom sentence hooks answer ``Span.sent`` themselves; only spaCy's own rule is mirrored.
        hooked = "sents" in doc.user_hooks or "sent" in doc.user_span_hooks or "sent" in doc.user_token_hooks
        self._set(text, annotated, [start for start, _ in bounds] or [0], bounds or [(0, len(text))],
                  None if hooked or not annotated else token_starts, len(doc))

    def _set(self, text: str, annotated: bool, starts: list[int], bounds: list[tuple[int, int]],
             token_starts: list[int] | None, n_tokens: int) -> None:
        self.text = text
        #: ``doc.has_annotation("SENT_START")``: whether the Doc has sentence boundaries.
        self.annotated = annotated
        self.starts = starts
        self.bounds = bounds
        self.token_starts = token_starts  # None: ask spaCy (no boundaries, or custom hooks)
        self.n_tokens = n_tokens

    @classmethod
    def of(cls, doc: Doc) -> SentenceIndex:
        """The index of ``doc``, built on first use; its boundaries stay on the Doc."""
        state = doc.user_data.get(_SENTENCES_KEY)
        if state is None:
            index = cls(doc)
            doc.user_data[_SENTENCES_KEY] = (index.annotated, index.starts, index.bounds, index.token_starts,
                                             index.n_tokens)
            return index
        index = cls.__new__(cls)
        index._set(doc_text(doc), *state)
        return index

    def bounds_of(self, offset: int) -> tuple[int, int]:
        """(start, end) of the sentence holding character ``offset``."""
        return self.bounds[max(0, bisect.bisect_right(self.starts, offset) - 1)]

    def start_of(self, offset: int) -> int:
        """Start of the sentence holding character ``offset``."""
        return self.bounds_of(offset)[0]

    def mention(self, start: int, end: int) -> Mention:
        """Evidence for ``text[start:end]``: its offsets and its sentence."""
        sentence_start, sentence_end = self.bounds_of(start)
        return Mention(start=start, end=end, sentence=self.text[sentence_start : max(sentence_end, end)].strip())

    def sentence_chars(self, span: Span) -> tuple[int, int]:
        """(start_char, end_char) of ``span.sent``: the sentence holding the span's first token."""
        if self.token_starts is None:
            sent = span.sent  # raises ValueError without boundaries, as spaCy does
            return sent.start_char, sent.end_char
        return self.bounds[bisect.bisect_right(self.token_starts, span.start) - 1]

    def sentence(self, span: Span | Token) -> Span:
        """``span.sent`` (or ``token.sent``), found without scanning the Doc."""
        if self.token_starts is None:
            return span.sent
        first = span.start if isinstance(span, Span) else span.i
        k = bisect.bisect_right(self.token_starts, first) - 1
        end = self.token_starts[k + 1] if k + 1 < len(self.token_starts) else self.n_tokens
        return span.doc[self.token_starts[k] : end]


def mention(span: Span) -> Mention:
    """Offsets and sentence of a span (the sentence falls back to the span itself)."""
    index = SentenceIndex.of(span.doc)
    try:
        sentence_start, sentence_end = index.sentence_chars(span)
        sentence = index.text[sentence_start:sentence_end]
    except ValueError:  # no sentence boundaries (blank pipelines in tests)
        sentence = span.text
    return Mention(start=span.start_char, end=span.end_char, sentence=sentence.strip())


# Finding a name from the document with a pattern built for it compiles that pattern anew for
# every document (the names change), and each compile costs as much as the search; the
# finders below give the same positions with plain string searches.


def word_character(character: str) -> bool:
    """Whether ``\\w`` of a str pattern matches ``character`` (checked over all of Unicode in the tests)."""
    return character.isalnum() or character == "_"


# Under re.IGNORECASE only these non-ASCII letters match ASCII ones ("İ" and "ı" match "i", "ſ" "s",
# the Kelvin sign "k"); every other character matches an ASCII letter only by ASCII case.
ASCII_CASE_MATES = re.compile("[\u0130\u0131\u017f\u212a]")
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def ascii_lower(text: str) -> str:
    """``text`` with A-Z lowered and every other character (and offset) kept."""
    return text.translate(_ASCII_LOWER)


def case_blind_text(text: str) -> str | None:
    """``text`` in ASCII lower case, where a pattern of ASCII characters finds without
    ``re.IGNORECASE`` exactly what it finds with it in ``text`` (and much faster); None when
    ``text`` holds one of the :data:`ASCII_CASE_MATES`."""
    return None if ASCII_CASE_MATES.search(text) else ascii_lower(text)


def occurrences(text: str, literal: str) -> list[int]:
    """Starts of ``re.finditer(re.escape(literal), text)``: left to right, not overlapping."""
    if not literal:
        return list(range(len(text) + 1))
    found = []
    at = text.find(literal)
    while at >= 0:
        found.append(at)
        at = text.find(literal, at + len(literal))
    return found


def occurrences_where(text: str, literal: str, fits: Callable[[int, int], bool]) -> list[int]:
    """Starts of the occurrences of a non-empty ``literal`` that ``fits(start, end)``, as ``re.finditer``
    finds them: an occurrence that does not fit does not hide the ones overlapping it."""
    found = []
    at = text.find(literal)
    while at >= 0:
        end = at + len(literal)
        if fits(at, end):
            found.append(at)
            at = text.find(literal, end)
        else:
            at = text.find(literal, at + 1)
    return found


def standalone(text: str, form: str) -> list[int]:
    """Starts of ``form`` with no word character or hyphen touching it on either side.

    The same as ``re.finditer(rf"(?<![\\w-]){re.escape(form)}(?![\\w-])", text)``.
    """
    if not form:
        return [m.start() for m in re.finditer(r"(?<![\w-])(?![\w-])", text)]

    def free(character: str) -> bool:
        return character != "-" and not word_character(character)

    def fits(start: int, end: int) -> bool:
        return (start == 0 or free(text[start - 1])) and (end == len(text) or free(text[end]))

    return occurrences_where(text, form, fits)


def whole_word(text: str, word: str) -> list[int]:
    """Starts of ``re.finditer(r"\\b" + re.escape(word) + r"\\b", text)`` (case-sensitive)."""
    if not word:
        return [m.start() for m in re.finditer(r"\b\b", text)]
    first_is_word, last_is_word = word_character(word[0]), word_character(word[-1])

    def fits(start: int, end: int) -> bool:
        before_is_word = start > 0 and word_character(text[start - 1])
        after_is_word = end < len(text) and word_character(text[end])
        return before_is_word != first_is_word and after_is_word != last_is_word

    return occurrences_where(text, word, fits)


def finditer_near_cues(
    pattern: re.Pattern[str], text: str, cue: re.Pattern[str], run: re.Pattern[str], runs_before: int
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, tried only in the few runs before each ``cue``.

    For a pattern that backtracks at every word, trying it near the rare spot every match
    must contain is far cheaper than scanning the text. Exact when every match contains a
    ``cue`` match and starts at or after the start of the ``run`` that lies ``runs_before``
    runs before the run holding any cue inside it: the first match at or after ``position``
    then starts that close before the first cue at or after ``position``, and when none starts
    between ``position`` and that cue, the search goes on after the cue.
    """
    cues = [m.start() for m in cue.finditer(text)]
    if not cues:
        return
    run_starts = [m.start() for m in run.finditer(text)]
    position = 0
    for at in cues:
        if at < position:
            continue
        holding = bisect.bisect_right(run_starts, at) - 1
        earliest = run_starts[holding - runs_before] if holding >= runs_before else 0
        for start in range(max(position, earliest), at + 1):
            match = pattern.match(text, start)
            if match:
                yield match
                position = match.end()
                break
        else:
            position = at + 1


def overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps any of the ``taken`` character ranges."""
    return any(start < t_end and t_start < end for t_start, t_end in taken)


class Dependencies:
    """Heads and labels of a Doc's tokens, from its own parse or from the parses of its number sentences.

    With ``[nlp] parse = "number_sentences"`` the Doc has no parse of its own: the
    sentences that hold a number were parsed alone and their trees sit in
    ``doc.user_data[PARSES_KEY]`` (see ``pipeline.components.NumberSentenceParses``). This
    answers the few questions the extractors ask of a parse the same way for both; a
    token outside every parsed sentence has no label and is its own head, as in an
    unparsed Doc.
    """

    __slots__ = ("children", "deps", "heads")

    def __init__(self, doc: Doc) -> None:
        self.children: list[list[int]] | None = None  # built on the first rights() call
        if doc.has_annotation("DEP"):
            self.heads = [t.head.i for t in doc]
            self.deps = [t.dep_ for t in doc]
            return
        self.heads = list(range(len(doc)))
        self.deps = [""] * len(doc)
        for start, heads, deps in doc.user_data.get(PARSES_KEY, ()):
            self.heads[start : start + len(heads)] = heads
            self.deps[start : start + len(deps)] = deps

    @classmethod
    def of(cls, doc: Doc) -> Dependencies:
        """The view of ``doc``, built on first use and kept on the Doc."""
        found = doc.user_data.get(_DEPENDENCIES_KEY)
        if found is None:
            found = doc.user_data[_DEPENDENCIES_KEY] = cls(doc)
        return found

    def dep(self, i: int) -> str:
        """The label of token ``i`` ("" when it was not parsed)."""
        return self.deps[i]

    def head(self, i: int) -> int:
        """The index of token ``i``'s head (``i`` itself for a root or an unparsed token)."""
        return self.heads[i]

    def _children_of(self, i: int) -> list[int]:
        if self.children is None:
            self.children = [[] for _ in self.heads]
            for j, head in enumerate(self.heads):
                if head != j:
                    self.children[head].append(j)
        return self.children[i]

    def rights(self, i: int) -> list[int]:
        """Token ``i``'s dependents to its right, in order (``Token.rights``)."""
        return [j for j in self._children_of(i) if j > i]

    def subtree_end(self, i: int) -> int:
        """One past the last token of token ``i``'s subtree (``max(t.i for t in token.subtree) + 1``)."""
        last, todo = i, [i]
        while todo:  # every descendant, left ones too: a deprojectivised tree may cross over
            for j in self._children_of(todo.pop()):
                last = max(last, j)
                todo.append(j)
        return last + 1
