"""What the environment configures, read once (at the CLI's entry) and passed down.

Nothing else reads ``RR_*`` variables (nor ``RAY_ADDRESS``): the CLI builds one :class:`Config` with
:meth:`Config.from_env` and hands it to the :class:`~razendereporter.catalogue.Catalogue`;
a library caller passes its own, or gets ``Config.from_env()`` where it passes none.
``Config()`` is the defaults alone, whatever the environment says.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from . import limits
from .errors import InvalidInput


@dataclass(frozen=True)
class Config:
    """Settings from the environment.

    lock_timeout: seconds to wait for the catalogue's, an episode's or the index's lock
        (``RR_LOCK_TIMEOUT``, default 120).
    model_lock_timeout: seconds to wait while another process assembles the embedded model
        (``RR_LOCK_TIMEOUT`` too, default 600: the first assembly takes a while).
    model_cache: where assembled models live (``RR_MODEL_CACHE``, else
        ``$XDG_CACHE_HOME/razendereporter/models``).
    threads: CPU threads for the voice encoder when a command does not say (``RR_THREADS``,
        0 = up to two).
    pyannote_model: a local pyannote pipeline, for ``--diarizer pyannote`` (``RR_PYANNOTE_MODEL``).
    ray_address: the Ray cluster a batch ingest runs on when ``--ray`` is not given (``RAY_ADDRESS``,
        Ray's own variable; default none: worker processes of this machine).
    """

    lock_timeout: float = 120.0
    model_lock_timeout: float = 600.0
    model_cache: Path = field(default_factory=lambda: _default_cache({}))
    threads: int = 0
    pyannote_model: str | None = None
    ray_address: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Config":
        env = os.environ if env is None else env
        timeout = env.get("RR_LOCK_TIMEOUT")
        return cls(
            lock_timeout=_number(timeout, 120.0, "RR_LOCK_TIMEOUT"),
            model_lock_timeout=_number(timeout, 600.0, "RR_LOCK_TIMEOUT"),
            model_cache=Path(env["RR_MODEL_CACHE"]).expanduser() if env.get("RR_MODEL_CACHE") else _default_cache(env),
            threads=limits.threads(_whole(env.get("RR_THREADS"), "RR_THREADS"), "RR_THREADS"),
            pyannote_model=env.get("RR_PYANNOTE_MODEL") or None,
            ray_address=env.get("RAY_ADDRESS") or None,
        )


def _default_cache(env: Mapping[str, str]) -> Path:
    if env.get("RR_MODEL_CACHE"):
        return Path(env["RR_MODEL_CACHE"]).expanduser()
    return Path(env.get("XDG_CACHE_HOME") or "~/.cache").expanduser() / "razendereporter" / "models"


def _whole(text: str | None, name: str) -> int:
    if text is None or not text.strip():
        return 0
    try:
        return int(text)
    except ValueError:
        raise InvalidInput(name, f"must be a whole number of threads, not {text!r}", text) from None


def _number(text: str | None, default: float, name: str) -> float:
    if text is None or not text.strip():
        return default
    try:
        value = float(text)
    except ValueError:
        raise InvalidInput(name, f"must be a number, not {text!r}", text) from None
    if value < 0:
        raise InvalidInput(name, f"must not be negative, not {text!r}", text)
    return value
