"""razendereporter: Dutch interview videos to subtitles, named speakers and a searchable
quote catalogue.

The library behind the ``rr`` command; each command is one call here::

    >>> import razendereporter as rr
    >>> rr.export.__doc__.splitlines()[0]
    "The episode's transcript as ``vtt``, ``srt``, ``txt`` or ``json`` text."

    result = rr.ingest("catalogue", "episode.mp4", "Ermelo-West", title="Arjen Baatje")
    print(result.status, result.episode["vtt"])
    print(rr.export("catalogue", result.episode["id"], "srt"))
"""

from importlib import import_module
from importlib.metadata import version

__version__ = version(__name__)  # one version: pyproject.toml's

# name -> the module that defines it; imported on first use, so `import razendereporter`
# (and every `rr` command) stays quick.
_PUBLIC = {
    "ingest": "pipeline", "export": "pipeline", "import_articles": "pipeline", "link_episode": "pipeline",
    "list_episodes": "pipeline", "IngestResult": "pipeline", "RRError": "errors", "NotFound": "errors",
}

__all__ = [*_PUBLIC, "__version__"]


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(import_module(f".{_PUBLIC[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
