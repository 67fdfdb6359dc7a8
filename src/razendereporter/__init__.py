"""razendereporter: Dutch interview videos to subtitles, named speakers and a searchable
quote catalogue.

The library behind the ``rr`` command; each command is one call here, taking the
:class:`Catalogue` first. A catalogue is a folder (``catalog.json``, ``quotes/``,
``media/``, ``transcripts/``)::

    >>> import tempfile, razendereporter as rr
    >>> catalogue = rr.Catalogue(tempfile.mkdtemp())
    >>> rr.list_episodes(catalogue)
    []
    >>> rr.search_quotes(catalogue, "isolatie")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    razendereporter.errors.RRError: no catalogue at ...; ingest a video first

With a video and the embedded model (tens of seconds on a CPU)::

    result = rr.ingest(catalogue, "episode.mp4", "Ermelo-West", title="Arjen Baatje")
    print(result.status, result.episode["vtt"])
    print(rr.export(catalogue, result.episode["id"], "srt"))
    rr.correct_file(catalogue, result.episode["id"], "corrected.vtt", editor="Anna")  # words re-aligned
    print(rr.search_quotes(catalogue, "warmtepomp", rr.Filters(role=("bewoner",))).hits[0].text)
    rr.build_site(catalogue, "site/")
"""

from . import lazy

# name -> the module that defines it; imported on first use, so `import razendereporter`
# (and every `rr` command) stays quick.
_PUBLIC = {
    "ingest": "pipeline", "export": "pipeline", "import_articles": "pipeline", "link_episode": "pipeline",
    "list_episodes": "pipeline", "IngestResult": "pipeline", "correct": "pipeline.correct", "correct_file": "pipeline.correct", "RRError": "errors", "NotFound": "errors",
    "search_quotes": "search:search", "Filters": "search", "export_quotes": "search", "build_site": "site",
    "Catalogue": "catalogue", "Config": "config", "InvalidInput": "errors",
    "ingest_batch": "pipeline.batch", "BatchItem": "pipeline.manifest", "read_manifest": "pipeline.manifest",
    "read_folder": "pipeline.manifest",
}

__all__ = [*_PUBLIC, "__version__"]

_exports = lazy.exports(__name__, _PUBLIC)


def __getattr__(name: str):
    if name == "__version__":  # one version: pyproject.toml's, looked up when asked (imports stay quick)
        from importlib.metadata import version

        return version(__name__)
    return _exports(name)
