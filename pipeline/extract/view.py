"""DocView: the parts of one spaCy Doc the extractors read, each read once per Doc.

spaCy builds a new Python object on every read of ``Doc.text``, ``Doc.ents``, a span group or
``Span.sent`` (and ``Span.sent`` checks the whole Doc's sentence annotation first). Extractors
read them per candidate, which made extraction cost several times the parse. A
:class:`DocView` is built once per Doc by :func:`pipeline.extract.extract_document` and handed
to every extractor: it reads each part on first use and keeps it as plain values (strings,
tuples, lists), so a rule reads ``view.text`` or ``view.entities`` as often as it likes. The
view lives and dies with its Doc inside the worker; nothing of it leaves the extract stage.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

from spacy.attrs import LOWER, ORTH, SPACY
from spacy.tokens import Doc, Span, Token

from pipeline.components import PARSES_KEY, RULES_SPANS_KEY
from pipeline.records import CleanDocument, Mention

__all__ = ["Dependencies", "DocView", "Entity", "RuleSpan", "SentenceIndex", "TokenStrings"]


class Entity(NamedTuple):
    """One named entity of ``doc.ents`` as plain values."""

    label: str
    start: int
    end: int
    start_char: int
    end_char: int
    text: str


class TokenStrings(NamedTuple):
    """Every token's ``text``, ``lower_`` and ``whitespace_``, by index (plain lists)."""

    texts: list[str]
    lowers: list[str]
    spaces: list[str]


class RuleSpan(NamedTuple):
    """One span of the rule layer (``doc.spans[RULES_SPANS_KEY]``) as plain values."""

    label: str
    start: int
    end: int
    id: str


class SentenceIndex:
    """Sentence boundaries of a Doc, looked up by character offset or by token.

    ``Span.sent`` checks the whole Doc's sentence annotation on every call, which makes
    one lookup per mention cost as much as a pass over the Doc; this reads the
    boundaries once, as plain lists (a :class:`DocView` builds it once per Doc). Without sentence
    boundaries (blank pipelines) the text's lines are the sentences of the character
    lookups, and the span lookups raise ``ValueError`` as ``Span.sent`` does.
    """

    __slots__ = ("annotated", "bounds", "n_tokens", "starts", "text", "token_starts")

    def __init__(self, doc: Doc, text: str) -> None:
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


class DocView:
    """One Doc's text, sentences, entities, rule spans, token strings and parse, read once each.

    Args:
        doc: the analysed Doc (the view reads it, never changes it).
        article: the cleaned document the Doc was made from (language, publication date);
            None in tests that analyse a bare string.
    """

    __slots__ = ("article", "doc", "_dependencies", "_entities", "_rule_spans", "_sentences", "_text",
                 "_token_strings")

    def __init__(self, doc: Doc, article: CleanDocument | None = None) -> None:
        self.doc = doc
        self.article = article
        self._text: str | None = None
        self._entities: tuple[Entity, ...] | None = None
        self._token_strings: TokenStrings | None = None
        self._rule_spans: tuple[RuleSpan, ...] | None = None
        self._sentences: SentenceIndex | None = None
        self._dependencies: Dependencies | None = None

    @property
    def language(self) -> str | None:
        """The article's language code (None when not detected or no article is known)."""
        return self.article.language if self.article is not None else None

    @property
    def text(self) -> str:
        """``doc.text`` (which spaCy joins from every token on each access)."""
        if self._text is None:
            self._text = self.doc.text
        return self._text

    @property
    def entities(self) -> tuple[Entity, ...]:
        """``doc.ents`` as plain tuples (``Doc.ents`` builds every Span anew)."""
        if self._entities is None:
            self._entities = tuple(
                Entity(e.label_, e.start, e.end, e.start_char, e.end_char, e.text) for e in self.doc.ents
            )
        return self._entities

    @property
    def token_strings(self) -> TokenStrings:
        """Every token's text, lower case and trailing space, by index (``doc[i]`` builds a Token)."""
        if self._token_strings is None:
            strings = self.doc.vocab.strings
            rows = self.doc.to_array([ORTH, LOWER, SPACY]).tolist() if len(self.doc) else []
            self._token_strings = TokenStrings(
                [strings[orth] for orth, _, _ in rows],
                [strings[lower] for _, lower, _ in rows],
                [" " if space else "" for _, _, space in rows],
            )
        return self._token_strings

    @property
    def rule_spans(self) -> tuple[RuleSpan, ...]:
        """The rule layer's spans (``doc.spans[RULES_SPANS_KEY]``) in their group's order.

        Iterating a span group builds a Span per item; the organisation filters read the group
        once per candidate, which was most of their cost.
        """
        if self._rule_spans is None:
            self._rule_spans = tuple(
                RuleSpan(s.label_, s.start, s.end, s.id_) for s in self.doc.spans.get(RULES_SPANS_KEY, [])
            )
        return self._rule_spans

    @property
    def sentences(self) -> SentenceIndex:
        """Sentence boundaries, looked up by character offset or by token."""
        if self._sentences is None:
            self._sentences = SentenceIndex(self.doc, self.text)
        return self._sentences

    @property
    def dependencies(self) -> Dependencies:
        """Heads and labels of the tokens, from the Doc's parse or its number sentences' parses."""
        if self._dependencies is None:
            self._dependencies = Dependencies(self.doc)
        return self._dependencies

    def mention(self, span: Span) -> Mention:
        """Offsets and sentence of a span (the sentence falls back to the span itself)."""
        index = self.sentences
        try:
            sentence_start, sentence_end = index.sentence_chars(span)
            sentence = index.text[sentence_start:sentence_end]
        except ValueError:  # no sentence boundaries (blank pipelines in tests)
            sentence = span.text
        return Mention(start=span.start_char, end=span.end_char, sentence=sentence.strip())
