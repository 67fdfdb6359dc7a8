"""razendereporter: Dutch interview videos to subtitles, named speakers and a searchable
quote catalogue.

The library behind the ``rr`` command; each command is one call here. A catalogue is a
folder (``catalog.json``, ``media/``, ``transcripts/``)::

    >>> import tempfile, razendereporter as rr
    >>> root = tempfile.mkdtemp()
    >>> rr.list_episodes(root)
    []
    >>> rr.search_quotes(root, "isolatie")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    razendereporter.errors.RRError: no catalogue at ...; ingest a video first

With a video and the embedded model (tens of seconds on a CPU)::

    result = rr.ingest(root, "episode.mp4", "Ermelo-West", title="Arjen Baatje")
    print(result.status, result.episode["vtt"])
    print(rr.export(root, result.episode["id"], "srt"))
    print(rr.search_quotes(root, "warmtepomp", rr.Filters(role=("bewoner",))).hits[0].text)
    rr.build_site(root, "site/")
"""

from importlib import import_module

# name -> the module that defines it; imported on first use, so `import razendereporter`
# (and every `rr` command) stays quick.
_PUBLIC = {
    "ingest": "pipeline", "export": "pipeline", "import_articles": "pipeline", "link_episode": "pipeline",
    "list_episodes": "pipeline", "IngestResult": "pipeline", "RRError": "errors", "NotFound": "errors",
    "search_quotes": "search:search", "Filters": "search", "export_quotes": "search", "build_site": "site",
}

__all__ = [*_PUBLIC, "__version__"]


def __getattr__(name: str):
    if name == "__version__":  # one version: pyproject.toml's, looked up when asked (imports stay quick)
        from importlib.metadata import version

        return version(__name__)
    if name in _PUBLIC:
        module, _, attribute = _PUBLIC[name].partition(":")  # the sub-package `search` holds search()
        return getattr(import_module(f".{module}", __name__), attribute or name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
