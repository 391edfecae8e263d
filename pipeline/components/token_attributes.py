"""The model's ``attribute_ruler`` and ``lemmatizer``, memoised: same token attributes, less time.

Registered as the ``newsfacts_token_attributes`` factory in :mod:`pipeline.components.factories`;
:func:`pipeline.nlp.build_nlp` puts it in place of the two components when
:meth:`MemoisedTokenAttributes.applies_to` the model.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token


class MemoisedTokenAttributes:
    """The model's ``attribute_ruler`` and ``lemmatizer``, memoised per (word, tag, dependency).

    In en_core_web_sm these two rule components cost about a seventh of the pipeline's
    time (the ruler builds a Span and sets attributes for every match of every token),
    yet what they give a token depends only on its text, its tag and its dependency
    label: the patterns test ``TAG``, ``LOWER``, ``DEP`` or ``IS_SPACE`` of a token, and
    the rule lemmatizer looks at the text, the POS and the morphology the ruler set. So
    the result is computed once per distinct (word, tag, dep), by running the original
    components on a one-token Doc, and copied afterwards. Where a multi-token pattern
    matches ("there is", "gon na"), the original components run on just those tokens,
    which gives them exactly what they would get in the whole Doc.
    Dependency labels that no rule applying to the word names behave alike (they fail
    every ``DEP`` test and pass every ``NOT_IN`` one), so they share one memo entry per
    (word, tag): most words need one entry, not one per label they occur with.
    ``tests/test_nlp.py`` checks the result is identical to the original components'.
    """

    #: Token attributes the patterns may test for the memo to be exact.
    SAFE_KEYS = frozenset({"TAG", "LOWER", "DEP", "IS_SPACE", "ORTH", "TEXT"})

    def __init__(self, nlp: Language, max_entries: int = 300_000) -> None:
        self.vocab = nlp.vocab
        self.ruler = nlp.get_pipe("attribute_ruler")
        self.lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.component_names else None
        self.max_entries = max_entries
        self.memo: dict[tuple[int, int, int], tuple[int, int, str | None, int, int | None]] = {}
        self.label_rules = self._label_rules(self.ruler)
        #: (word, tag) → the dependency labels that matter for it (see _labels_that_matter).
        self.labels_that_matter: dict[tuple[int, int], frozenset[int] | None] = {}
        self.context: Matcher | None = None
        for number, entry in enumerate(self.ruler.patterns):
            longer = [pattern for pattern in entry["patterns"] if len(pattern) > 1]
            if longer:
                self.context = self.context or Matcher(nlp.vocab)
                self.context.add(f"context_{number}", longer)

    @classmethod
    def applies_to(cls, nlp: Language) -> bool:
        """Whether this model's rule components can be memoised exactly."""
        if "attribute_ruler" not in nlp.pipe_names:
            return False
        for entry in nlp.get_pipe("attribute_ruler").patterns:
            for pattern in entry["patterns"]:
                if not isinstance(pattern, list) or any(not set(token) <= cls.SAFE_KEYS for token in pattern):
                    return False
        return True

    def _label_rules(self, ruler: AttributeRuler) -> list[tuple[dict, frozenset[str]]] | None:
        """Each one-token pattern that tests or sets ``DEP``: (its other tests, the labels it names).

        None when a test cannot be read here (an operator other than IN / NOT_IN): then
        every label is kept apart in the memo.
        """
        rules = []
        for entry in ruler.patterns:
            sets = {str(v) for k, v in entry.get("attrs", {}).items() if k.upper() == "DEP"}
            # The memo's entries come from one-token Docs, where only one-token patterns apply.
            for (token,) in (pattern for pattern in entry["patterns"] if len(pattern) == 1):
                if "DEP" not in token and not sets:
                    continue
                if any(isinstance(v, dict) and not set(v) <= {"IN", "NOT_IN"} for v in token.values()):
                    return None
                tests = {k: v for k, v in token.items() if k != "DEP"}
                named = set(sets)
                test = token.get("DEP")
                if isinstance(test, str):
                    named.add(test)
                elif isinstance(test, dict):
                    named.update(value for values in test.values() for value in values)
                rules.append((tests, frozenset(named)))
        return rules

    @staticmethod
    def _passes(token: Token, tests: dict) -> bool:
        for key, test in tests.items():
            value = {"TAG": token.tag_, "LOWER": token.lower_, "IS_SPACE": token.is_space}.get(key, token.text)
            if isinstance(test, dict):
                if "IN" in test and value not in test["IN"] or "NOT_IN" in test and value in test["NOT_IN"]:
                    return False
            elif value != test:
                return False
        return True

    def _labels_that_matter(self, token: Token) -> frozenset[int] | None:
        """The dependency labels that can change what the rules give this word with this tag.

        A label is named by a rule (tested or set) whose other tests this token passes;
        every other label fails the same DEP tests and passes the same NOT_IN tests, so
        all of them give one and the same result. None: every label matters.
        """
        if self.label_rules is None:
            return None
        named = set()
        for tests, labels in self.label_rules:
            if self._passes(token, tests):
                named.update(labels)
        return frozenset(self.vocab.strings.add(label) for label in named)

    def _run_original(self, words: list[str], spaces: list[bool], tags: list[int], deps: list[int]) -> Doc:
        piece = Doc(self.vocab, words=words, spaces=spaces)
        for token, tag, dep in zip(piece, tags, deps):
            token.tag = tag
            token.dep = dep
        self.ruler(piece)
        if self.lemmatizer is not None:
            self.lemmatizer(piece)
        return piece

    def _compute(self, tokens: list[Token]) -> list[tuple[int, int, str | None, int, int | None]]:
        """(pos, morph, lemma, tag, dep) per token, as the original components give it alone.

        All of a Doc's new words go through the components at once, as one Doc of those
        words, keeping only the ruler's one-token matches: each word gets what it would
        get as a one-token Doc, for one pass instead of one per word. dep is None where
        the ruler left the label as it was.
        """
        piece = Doc(self.vocab, words=[t.text for t in tokens], spaces=[False] * len(tokens))
        for word, token in zip(piece, tokens):
            word.tag = token.tag
            word.dep = token.dep
        self.ruler.set_annotations(piece, [m for m in self.ruler.match(piece) if m[3] - m[2] == 1])
        if self.lemmatizer is not None:
            self.lemmatizer(piece)
        # Rules only ever set labels that matter for the word, so "unchanged" holds for every
        # label sharing the entry, whereas the label itself would be right for this one alone.
        return [
            (word.pos, word.morph.key, word.lemma_ if word.lemma else None, word.tag,
             None if word.dep == token.dep else word.dep)
            for word, token in zip(piece, tokens)
        ]

    def _redo_exactly(self, doc: Doc, start: int, end: int) -> None:
        tokens = doc[start:end]
        piece = self._run_original(
            [t.text for t in tokens], [bool(t.whitespace_) for t in tokens], [t.tag for t in tokens], [t.dep for t in tokens]
        )
        for token, done in zip(tokens, piece):
            token.pos = done.pos
            token.set_morph(done.morph.key)
            token.tag = done.tag
            token.dep = done.dep
            token.lemma_ = done.lemma_

    def __call__(self, doc: Doc) -> Doc:
        memo, matter = self.memo, self.labels_that_matter
        if len(memo) > self.max_entries:
            memo.clear()  # a bound, so a long run over odd tokens cannot grow it for ever
            matter.clear()
        keys = []
        new: dict[tuple[int, int, int], int] = {}  # key → the first token with it
        for token in doc:
            word = (token.orth, token.tag)
            labels = matter.get(word, ())
            if labels == ():
                labels = matter[word] = self._labels_that_matter(token)
            key = (token.orth, token.tag, token.dep if labels is None or token.dep in labels else -1)
            keys.append(key)
            if key not in memo and key not in new:
                new[key] = token.i
        if new:
            memo.update(zip(new, self._compute([doc[i] for i in new.values()])))
        for token, key in zip(doc, keys):
            pos, morph, lemma, tag, dep = memo[key]
            token.pos = pos
            if morph:
                token.set_morph(morph)
            if tag != key[1]:
                token.tag = tag
            if dep is not None:
                token.dep = dep
            if lemma is not None:
                # A string, not a hash: a hash made inside an earlier memory zone is gone.
                token.lemma_ = lemma
        if self.context is not None:
            windows: list[list[int]] = []
            for _, start, end in sorted(self.context(doc, allow_missing=True), key=lambda m: (m[1], m[2])):
                if windows and start <= windows[-1][1]:
                    windows[-1][1] = max(windows[-1][1], end)
                else:
                    windows.append([start, end])
            for start, end in windows:
                self._redo_exactly(doc, start, end)
        return doc
