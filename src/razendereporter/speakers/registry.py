"""The diarizers' names: the built-in ones and any registered since, known without loading
one (an ingest checks ``--diarizer`` before it reads the video; loading a diarizer means
numpy and an ONNX session)."""

from __future__ import annotations

from ..errors import InvalidInput

BUILT_IN = ("default", "ge2e", "mfcc", "pyannote")
_registered: set[str] = set()  # names added by diarize.register(): plugins, tests


def add(name: str) -> None:
    _registered.add(name)


def available() -> list[str]:
    return sorted({*BUILT_IN, *_registered})


def check_diarizer(name: str) -> str:
    """``name`` if a diarizer is known by it (nothing is loaded), else a one-line error."""
    if name not in BUILT_IN and name not in _registered:
        raise InvalidInput("diarizer", f"{name!r} is unknown; choose one of {', '.join(available())}", name)
    return name
