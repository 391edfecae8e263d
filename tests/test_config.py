"""Settings: packaged defaults, a user file, overrides, validation, fingerprint, CPU count."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.config import SPEED_ONLY, ConfigError, Settings, cgroup_cpu_limit, available_cpus, load_settings


def test_packaged_defaults_match_the_dataclass_defaults():
    # The TOML file and the dataclass must not drift apart: one documents the other.
    assert load_settings() == Settings()


def test_user_file_overrides_defaults_and_overrides_beat_the_file(tmp_path: Path):
    user = tmp_path / "mine.toml"
    user.write_text('[run]\nshard_size = 7\ndoc_timeout = 5\n[nlp]\nexclude = ["lemmatizer"]\n')
    settings = load_settings(user, doc_timeout=9, jobs=None)
    assert settings.shard_size == 7
    assert settings.doc_timeout == 9.0  # the keyword override wins; None overrides are ignored
    assert settings.exclude == ("lemmatizer",)
    assert settings.jobs == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[run]\nshards = 3\n", "unknown setting"),
        ("[run]\nshard_size = 'many'\n", "not a valid int"),
        ("[nlp]\nexclude = 'lemmatizer'\n", "is a list"),
        ("[run]\nshard_size = 0\n", "at least 1"),
        ("[run]\ndoc_timeout = -1\n", "at least 0"),
        ("shard_size = 3\n", "must be a [section]"),
        ("[run\n", "not valid TOML"),
    ],
)
def test_bad_settings_files_are_clear_errors(tmp_path: Path, text: str, message: str):
    user = tmp_path / "bad.toml"
    user.write_text(text)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[")):
        load_settings(user)


def test_missing_settings_file_is_a_config_error(tmp_path: Path):
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml")


def test_fingerprint_ignores_speed_settings_but_not_output_settings():
    base = Settings()
    for name in SPEED_ONLY:
        value = getattr(base, name)
        changed = base.replace(**{name: value + 1 if not isinstance(value, float) else value + 0.5})
        assert changed.fingerprint() == base.fingerprint(), name
    assert base.replace(min_chars=41).fingerprint() != base.fingerprint()
    assert base.replace(exclude=("lemmatizer",)).fingerprint() != base.fingerprint()
    assert base.replace(doc_timeout=1).fingerprint() != base.fingerprint()


def test_replace_rejects_unknown_settings():
    with pytest.raises(ConfigError, match="unknown"):
        Settings().replace(colour="red")


def test_settings_pickle_and_hash_for_workers():
    import pickle

    settings = load_settings(doc_timeout=3)
    copy = pickle.loads(pickle.dumps(settings))
    assert copy == settings and hash(copy) == hash(settings)


def test_available_cpus_respects_the_affinity_mask():
    count = available_cpus()
    assert 1 <= count <= len(os.sched_getaffinity(0))


def test_cgroup_v2_quota_and_v1_quota_are_read(tmp_path: Path):
    (tmp_path / "cpu.max").write_text("150000 100000\n")
    assert cgroup_cpu_limit(tmp_path) == 1.5
    (tmp_path / "cpu.max").write_text("max 100000\n")
    assert cgroup_cpu_limit(tmp_path) is None
    (tmp_path / "cpu.max").unlink()
    (tmp_path / "cpu").mkdir()
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("300000\n")
    (tmp_path / "cpu" / "cpu.cfs_period_us").write_text("100000\n")
    assert cgroup_cpu_limit(tmp_path) == 3.0
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("-1\n")
    assert cgroup_cpu_limit(tmp_path) is None
