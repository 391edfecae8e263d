"""spaCy components of newsfacts and their factory registrations (all in this module).

Factories are also declared as ``spacy_factories`` entry points in ``pyproject.toml`` so a
fresh worker process (spawn start method, Dask worker) finds them without importing us first.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from pipeline.resources import model_path, read_jsonl

#: The span group every rule match is written to: ``doc.spans[RULES_SPANS_KEY]``.
RULES_SPANS_KEY = "newsfacts"


def load_patterns(folder: Path) -> list[dict]:
    """Every pattern in ``folder/*.jsonl``, in file-name order, each tagged with its file."""
    patterns: list[dict] = []
    for path in sorted(folder.glob("*.jsonl")):
        for row in read_jsonl(path):
            if "label" not in row or "pattern" not in row:
                raise ValueError(f"{path}: every pattern needs 'label' and 'pattern': {row}")
            patterns.append({"label": row["label"], "pattern": row["pattern"], "id": row.get("id", path.stem)})
    return patterns


class RulePatterns:
    """Every match of the rule patterns, overlaps kept, in ``doc.spans[spans_key]``.

    It gives what spaCy's ``SpanRuler`` gives (one Span per distinct match, label and id
    from the pattern, sorted) but sends each pattern to the cheapest matcher that can
    match it exactly. The token ``Matcher`` pays for every pattern at every token; a
    ``PhraseMatcher`` does one lookup per token whatever the number of phrases. Most
    title patterns are fixed lower-case words ("attorney general"), and with all of them
    in the Matcher the rule layer cost about 13 ms of a DOJ page's 100 ms of spaCy time.

    - a pattern of fixed lower-case words (``[{"LOWER": "attorney"}, {"LOWER": "general"}]``)
      → PhraseMatcher on LOWER, with the phrase built from those words: same tokens, same
      test, so the same matches;
    - a string pattern → PhraseMatcher on ORTH, tokenised by the tokenizer alone (SpanRuler
      would run the whole, still half-built, pipeline over it: slow, and warning W012);
    - anything else → the token Matcher.
    """

    def __init__(self, nlp: Language, spans_key: str, patterns: list[dict], validate: bool = True) -> None:
        self.vocab = nlp.vocab
        self.make_doc = nlp.make_doc
        self.spans_key = spans_key
        self.matcher = Matcher(nlp.vocab, validate=validate)
        self.lower_phrases = PhraseMatcher(nlp.vocab, attr="LOWER", validate=validate)
        self.orth_phrases = PhraseMatcher(nlp.vocab, attr="ORTH", validate=validate)
        #: match key → (label, pattern id); the keys are added to the vocab here, outside any
        #: memory zone, so they outlive every batch.
        self.labels: dict[int, tuple[str, str]] = {}
        self.patterns: list[dict] = []
        self.add_patterns(patterns)

    def add_patterns(self, patterns: list[dict]) -> None:
        for entry in patterns:
            label, pattern_id, pattern = entry["label"], entry.get("id", ""), entry["pattern"]
            key = repr((label, pattern_id))
            self.labels[self.vocab.strings.add(key)] = (label, pattern_id)
            words = fixed_lower_words(pattern)
            if isinstance(pattern, str):
                self.orth_phrases.add(key, [self.make_doc(pattern)])
            elif words is not None:
                self.lower_phrases.add(key, [Doc(self.vocab, words=words)])
            elif isinstance(pattern, list):
                self.matcher.add(key, [pattern])
            else:
                raise ValueError(f"a pattern is a string or a list of token dicts, not {pattern!r}")
            self.patterns.append(entry)

    def __call__(self, doc: Doc) -> Doc:
        matches: set[tuple[int, int, int]] = set()
        for matcher in (self.matcher, self.lower_phrases, self.orth_phrases):
            if len(matcher):
                matches.update(matcher(doc))
        spans = {
            Span(doc, start, end, label=self.labels[key][0], span_id=self.labels[key][1])
            for key, start, end in matches
            if start != end
        }
        doc.spans[self.spans_key] = sorted(spans)
        return doc


def fixed_lower_words(pattern: object) -> list[str] | None:
    """The words of a token pattern that is only fixed lower-case LOWER values, else None.

    An upper-case LOWER value can never match a token, so it stays in the token Matcher
    (as a phrase its LOWER would be lower-cased and start matching).
    """
    if not isinstance(pattern, list) or not pattern:
        return None
    words = []
    for token in pattern:
        value = token.get("LOWER") if isinstance(token, dict) and set(token) == {"LOWER"} else None
        if not isinstance(value, str) or not value or value != value.lower() or value.isspace():
            return None
        words.append(value)
    return words


@Language.factory(
    "newsfacts_rules",
    default_config={"spans_key": RULES_SPANS_KEY, "patterns_dir": None, "validate": True},
)
def make_rule_ruler(nlp: Language, name: str, spans_key: str, patterns_dir: str | None, validate: bool) -> RulePatterns:
    """:class:`RulePatterns` loaded with the packaged rule patterns (``models/patterns/*.jsonl``).

    Matches overlap on purpose: the extractors decide between them, since e.g. a title
    inside an organisation name is useful to both.
    """
    folder = Path(patterns_dir) if patterns_dir else model_path("patterns")
    return RulePatterns(nlp, spans_key, load_patterns(folder), validate=validate)


@Language.component("newsfacts_paragraph_breaks")
def mark_paragraph_breaks(doc):
    """Start a sentence after every line break, before the parser decides the rest.

    The cleaned text is a headline and paragraphs separated by newlines. The parser
    respects sentence starts that are already set, and without this it often runs a
    headline into the first paragraph, so a fact's evidence sentence and every
    sentence-bound rule (officials, quotes, roles) would span both.
    """
    last = len(doc) - 1
    for token in doc[:-1]:
        if "\n" in token.whitespace_ or (token.is_space and "\n" in token.text):
            first = doc[token.i + 1]
            if first.is_space:
                continue
            first.is_sent_start = True
            # A preset start alone makes the small parser split again right after it
            # ("INTERPOL | Secretary General …"): keep the paragraph's second token inside.
            if first.i < last and not doc[first.i + 1].is_space and "\n" not in first.whitespace_:
                doc[first.i + 1].is_sent_start = False
    return doc


#: Where :class:`NumberSentenceParses` leaves its parses: ``doc.user_data[PARSES_KEY]``.
PARSES_KEY = "newsfacts.parses"
# What figures reads as a count, kept here so the parse gate below and pipeline.extract.figures
# cannot drift apart (a count the gate missed would be read without its parse).
#: Number words of an exact count ("three victims", "a dozen", "one hundred and five").
NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million billion trillion dozen".split()
)
#: Words of a vague count ("thousands of victims", "tens of thousands").
VAGUE_COUNT_WORDS = frozenset({"dozens", "scores", "hundreds", "thousands", "millions", "billions", "tens"})
COUNT_WORDS = NUMBER_WORDS | VAGUE_COUNT_WORDS
#: Entities whose numbers are never counts of a noun ("first", "2nd").
NOT_COUNT_ENTITIES = frozenset({"ORDINAL"})
#: Entities the small model also guesses from a number's neighbours: it labels "Two United
#: States service members" PERCENT and "more than 6 million Sentra vehicles" MONEY. Money,
#: percentages, times and measures are decided by their own extractors (figures skips what
#: they took) and by the unit words, so such a label stops a count only when the entity
#: holds the sign of its kind: a currency sign, "%" or a percent word.
GUESSED_ENTITIES = frozenset({"MONEY", "PERCENT", "TIME", "QUANTITY"})
_PERCENT_SIGNS = frozenset({"%", "percent", "per", "pct", "pct.", "prozent"})


def _entity_sign(token: Token) -> bool:
    """Whether the MONEY or PERCENT entity around ``token`` holds a currency sign or a percent word."""
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > 0 and doc[start - 1].ent_type == token.ent_type and doc[start].ent_iob_ != "B":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    if token.ent_type_ == "MONEY":
        return any(t.is_currency or any(unicodedata.category(c) == "Sc" for c in t.text) for t in doc[start:end])
    return any(t.lower_ in _PERCENT_SIGNS for t in doc[start:end])


def not_a_count_entity(token: Token) -> bool:
    """Whether the entity ``token`` is in makes its number no count (an ordinal, "$5 million", "40%").

    The parse gate and figures both ask this, so a count the gate let through is one figures reads.
    """
    label = token.ent_type_
    if label in NOT_COUNT_ENTITIES:
        return True
    return label in ("MONEY", "PERCENT") and _entity_sign(token)


class NumberSentenceParses:
    """The model's dependency parser, run only over the sentences that hold a count.

    Figures are the one extractor that reads a parse (which noun a number modifies, the
    "of" phrase after it), and only in sentences with a number. With the parser out of
    the main pipeline (the model's ``senter`` sets sentences instead), this parses those
    sentences alone, reusing the tok2vec output already on the Doc, about 40% of the
    tokens of a press release. A whole-Doc parse written back into the Doc would also
    reset its sentences from the trees, so the parses are kept beside it, as plain
    values in ``doc.user_data[PARSES_KEY]``: ``(first token, heads, labels)`` per sentence,
    heads as token indices in the Doc. ``pipeline.extract.view.Dependencies`` reads them.
    """

    def __init__(self, nlp: Language, parser_name: str = "parser", batch_size: int = 64) -> None:
        self.parser = nlp.get_pipe(parser_name)
        self.batch_size = batch_size

    @staticmethod
    def needs_parse(sentence: Span) -> bool:
        """Whether a figure could be read in the sentence: a digit or number word outside money, times…"""
        return any(
            (token.lower_ in COUNT_WORDS or any(c.isdigit() for c in token.text))
            and not not_a_count_entity(token)
            for token in sentence
        )

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int | None = None):
        from spacy.util import minibatch

        for batch in minibatch(docs, size=batch_size or self.batch_size):
            owners: list[tuple[Doc, Span]] = []
            for doc in batch:
                doc.user_data[PARSES_KEY] = []
                if doc.has_annotation("SENT_START"):
                    owners.extend((doc, sent) for sent in doc.sents if self.needs_parse(sent))
            # as_doc() carries the sentence's slice of doc.tensor, which the parser's tok2vec
            # listener reads outside training: the sentence is not embedded a second time.
            pieces = [sent.as_doc() for _, sent in owners]
            for (doc, sent), piece in zip(owners, self.parser.pipe(pieces, batch_size=max(1, len(pieces)))):
                doc.user_data[PARSES_KEY].append(
                    (sent.start, tuple(sent.start + t.head.i for t in piece), tuple(t.dep_ for t in piece))
                )
            yield from batch


@Language.factory("newsfacts_number_parses", default_config={"parser_name": "parser", "batch_size": 64})
def make_number_parses(nlp: Language, name: str, parser_name: str, batch_size: int) -> NumberSentenceParses:
    """:class:`NumberSentenceParses` over the pipeline's own (disabled) parser."""
    return NumberSentenceParses(nlp, parser_name, batch_size)
