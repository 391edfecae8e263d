"""The spaCy factories: one module registers them all, and each is a ``spacy_factories`` entry point."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points

from spacy.util import registry

from pipeline.components import FACTORY_NAMES


def test_every_factory_is_registered_in_one_module_and_declared_as_an_entry_point():
    registered = {name for name in registry.factories.get_all() if name.startswith("newsfacts")}
    assert registered == set(FACTORY_NAMES)
    declared = {point.name: point.value for point in entry_points(group="spacy_factories")
                if point.value.startswith("pipeline.")}
    assert set(declared) == set(FACTORY_NAMES)
    assert all(value.startswith("pipeline.components.factories:") for value in declared.values())
    assert all("." not in name and name.startswith("newsfacts_") for name in FACTORY_NAMES)


def test_a_fresh_process_finds_every_factory_without_importing_newsfacts():
    """A spawned or Dask worker builds a Language before it ever imports pipeline."""
    code = (
        "import sys, spacy\n"
        "from spacy.language import Language\n"
        "assert 'pipeline' not in sys.modules\n"
        "spacy.blank('en')\n"
        f"print(all(Language.has_factory(name) for name in {FACTORY_NAMES!r}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "True", done.stderr
