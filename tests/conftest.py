"""Shared fixtures: the spaCy pipeline (loaded once per session) and ../shared paths."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def settings():
    from pipeline.config import load_settings

    return load_settings()


@pytest.fixture(scope="session")
def nlp(settings):
    """The full pipeline (en_core_web_sm + rules), once per test session."""
    from pipeline.nlp import get_nlp

    return get_nlp(settings)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared, or skip the test when a fresh clone has none."""
    if not (SHARED / "README.md").is_file():
        pytest.skip("../shared is not present (fresh clone): skipping a test that reads it")
    return SHARED
