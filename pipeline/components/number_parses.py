"""The dependency parser, run only over the sentences where figures may read a count.

Registered as the ``newsfacts_number_parses`` factory in :mod:`pipeline.components.factories`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import minibatch

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

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
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

    @staticmethod
    def join_parses(pieces: Sequence[Doc], joined: Doc) -> None:
        """Give ``joined``, the Doc made of ``pieces`` in order, the parses the pieces hold.

        ``Doc.from_docs`` keeps only extension values of ``user_data`` (and warns about the
        rest), so a text parsed in pieces would lose them; here each piece's token indices
        move by the length of the pieces before it. A joined Doc whose pieces were never
        through this component gets no parses, as none of them has any.
        """
        parses, offset = [], 0
        for piece in pieces:
            for start, heads, deps in piece.user_data.get(PARSES_KEY, ()):
                parses.append((start + offset, tuple(head + offset for head in heads), deps))
            offset += len(piece)
        if any(PARSES_KEY in piece.user_data for piece in pieces):
            joined.user_data[PARSES_KEY] = parses
