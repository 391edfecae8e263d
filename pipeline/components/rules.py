"""The rule layer: every match of the patterns in ``models/patterns/*.jsonl``, overlaps kept.

Registered as the ``newsfacts_rules`` factory in :mod:`pipeline.components.factories`.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from pipeline.resources import read_jsonl

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
