"""Which episode a video is: already done, to be resumed, or new — and claiming it.

Claiming is the ingest's first write of catalog.json: the episode gets its id, its video
is moved into media/ and its article link is set, in one transaction.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from tinydb import TinyDB

from .. import atomic
from ..catalogue import Catalogue, Episode, upsert
from ..catalogue import complete as steps_done
from ..catalogue.links import link_in
from ..catalogue.records import now
from ..errors import RRError
from ..paths import portable_path, slug

if TYPE_CHECKING:  # an unchanged re-ingest never loads the media stack
    from ..media import MediaInfo


def source_of(root: Path, video: Path) -> dict[str, Any]:
    stat = video.stat()
    return {"path": portable_path(video, root), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def complete(root: Path, episode: dict[str, Any]) -> bool:
    return steps_done(episode) and all(episode.get(k) and (root / episode[k]).exists()
                                       for k in ("video", "vtt", "transcript"))


def known(catalogue: Catalogue, video: Path, sha: str | None = None) -> dict[str, Any] | None:
    """The episode this video was ingested as, found by its path (cheap, before hashing) or by its
    content: what a re-ingest without ``--article`` or ``--vocabulary`` keeps of it."""
    if sha is not None:
        return catalogue.snapshot.get("episodes", sha256=sha)
    path = portable_path(video, catalogue.root)
    return next((e for e in catalogue.snapshot.rows("episodes") if (e.get("source") or {}).get("path") == path), None)


def same_request(episode: dict[str, Any], request: dict[str, Any]) -> bool:
    stored = Episode.from_row(episode)  # the defaults of fields an older release did not store
    if "vocabulary" not in episode:
        # Transcribed before the article's names went to the decoder: a re-ingest stays a no-op
        # (`--force` or an editor's `--vocabulary` transcribes it with them).
        request = {k: v for k, v in request.items() if k != "vocabulary"}
    return all(getattr(stored, k) == v for k, v in request.items())


def same_wijk(episode: dict[str, Any], wijk_slug: str) -> None:
    if episode["wijk"] != wijk_slug:
        raise RRError(f"this video is already catalogued as episode {episode['id']!r} in wijk {episode['wijk']!r}")


def unchanged(catalogue: Catalogue, video: Path, request: dict[str, Any], wijk_slug: str) -> dict[str, Any] | None:
    """The finished episode for this exact file and these options, judged by path, size and mtime.

    Like git's index: hashing a long video takes seconds, and an unchanged file has the
    same size and modification time. A touched or edited file is hashed again; other
    options (engine, model, speakers, diarizer) redo the steps they change.
    """
    root = catalogue.root
    try:
        source = source_of(root, video)
    except OSError:
        return None
    done = next((ep for ep in catalogue.snapshot.find("episodes", source=source)
                 if complete(root, ep) and same_request(ep, request)), None)
    if done is not None:
        same_wijk(done, wijk_slug)
    return done


def same_content(catalogue: Catalogue, video: Path, sha: str, request: dict[str, Any],
                 wijk_slug: str) -> dict[str, Any] | None:
    """The finished episode of the same bytes under another path or time (a fresh clone, a copy)."""
    root = catalogue.root
    done = next((e for e in catalogue.snapshot.find("episodes", sha256=sha) if complete(root, e)), None)
    if done is not None:
        same_wijk(done, wijk_slug)
    if done is None or not same_request(done, request):
        return None
    with catalogue.transaction() as db:
        upsert(db, "episodes", {"source": source_of(root, video)}, sha256=sha)
    return {**done, "source": source_of(root, video)}


def claim(catalogue: Catalogue, video: Path, info: MediaInfo, sha: str, wijk_slug: str, opts: Any,
          log: Callable[[str], None]) -> tuple[dict[str, Any], bool, list[str]]:
    """Find or create the episode of this video, put the video in media/, link the article.

    Returns (record, resumed, warnings). The video is copied beside its final place first and
    renamed into it inside the transaction, so the catalogue never lists a missing video.
    """
    root = catalogue.root
    known = catalogue.snapshot.get("episodes", sha256=sha)
    have_media = bool(known and "media" in known["steps"] and known.get("video") and (root / known["video"]).exists())
    staged = None if have_media else _stage_copy(root, video, wijk_slug, sha)
    if not catalogue.exists():
        catalogue.create()
    try:
        with catalogue.transaction() as db:
            episode, resumed, unknown = _record(db, catalogue, video, info, sha, wijk_slug, opts)
            target = catalogue.paths(episode).video
            if "media" not in episode["steps"] or not target.exists():
                log(f"copying video to {catalogue.relative(target)}")
                staged = staged or _stage_copy(root, video, wijk_slug, sha)  # removed since the snapshot
                os.replace(staged, target)
                atomic.fsync_dir(target.parent)
                episode["steps"] = [*episode["steps"], "media"] if "media" not in episode["steps"] else episode["steps"]
                episode["video"] = catalogue.relative(target)
            warnings = unknown + _link(db, episode, opts.article, opts.slot)
            upsert(db, "episodes", episode, id=episode["id"])
            return episode, resumed, warnings
    finally:
        if staged is not None:
            staged.unlink(missing_ok=True)


def _stage_copy(root: Path, video: Path, wijk_slug: str, sha: str) -> Path:
    staged = root / "media" / wijk_slug / f".incoming-{sha[:16]}-{os.getpid()}{video.suffix.lower()}"
    try:
        with atomic.atomic_open(staged, "wb") as out, open(video, "rb") as inp:
            shutil.copyfileobj(inp, out, 1 << 20)
    except OSError as exc:
        raise RRError(f"cannot copy {video} to {staged.parent}: {exc.strerror or exc}") from exc
    return staged


def _record(db: TinyDB, catalogue: Catalogue, video: Path, info: MediaInfo, sha: str, wijk_slug: str,
            opts: Any) -> tuple[dict[str, Any], bool, list[str]]:
    """The episode row for this video, new or as it was (options changed: steps to redo
    forgotten), and a warning when its name had to step past files the catalogue does not know."""
    root, table = catalogue.root, db.table("episodes")
    existing = next((dict(e) for e in table.all() if e.get("sha256") == sha), None)
    request = opts.request()
    if existing is not None:
        same_wijk(existing, wijk_slug)
        stored = Episode.with_defaults(existing)  # the defaults of fields an older release did not store
        if opts.force or any(stored[k] != request[k] for k in ("engine_requested", "model_requested", "vocabulary")):
            existing["steps"] = [s for s in existing["steps"] if s == "media"]
        existing.update(source=source_of(root, video), engine_requested=opts.engine,
                        model_requested=request["model_requested"], vocabulary=request["vocabulary"],
                        vocabulary_terms=request["vocabulary_terms"])
        return existing, bool(existing["steps"]) and not opts.force, []
    taken = {e["id"] for e in table.all()}
    base = slug(opts.title or video.stem, "episode title", strict=False)
    suffix = video.suffix.lower() or ".media"
    episode_id, n, strangers = base, 2, []
    while episode_id in taken or (found := _unknown_files(catalogue, episode_id, wijk_slug, suffix, sha)):
        if episode_id not in taken:
            strangers.extend(found)
        episode_id, n = f"{base}-{n}", n + 1
    record = Episode(
        id=episode_id, title=opts.title or video.stem, wijk=wijk_slug, sha256=sha,
        suffix=suffix, duration=info.duration, start_time=info.start_time,
        audio_start=info.audio_start, has_video=info.has_video, container=info.container,
        engine_requested=opts.engine, model_requested=request["model_requested"], source=source_of(root, video),
        vocabulary=request["vocabulary"], vocabulary_terms=request["vocabulary_terms"],
        added=now()).to_row()
    table.insert(record)
    if not any(w.get("slug") == wijk_slug for w in db.table("wijken").all()):
        db.table("wijken").insert({"slug": wijk_slug, "name": wijk_slug.replace("-", " ").title(), "gemeente": None,
                                   "province": None})
    warnings = [f"{', '.join(strangers)} already on disk but not in the catalogue: left alone; this video is "
                f"episode {episode_id!r}"] if strangers else []
    return record, False, warnings


def _unknown_files(catalogue: Catalogue, episode_id: str, wijk_slug: str, suffix: str, sha: str) -> list[str]:
    """Files a new episode of this name would overwrite (the catalogue knows none of them:
    copied in by hand, or left by a catalogue that was lost). A video of the same bytes is
    not one: a claim killed between moving it into place and writing catalog.json left it."""
    from ..media import sha256_file  # the claim runs after the media stack is loaded anyway

    paths = catalogue.paths({"id": episode_id, "wijk": wijk_slug, "suffix": suffix})
    found = [p for p in (paths.vtt, paths.sidecar, paths.quotes) if p.exists()]
    if paths.video.exists() and sha256_file(paths.video) != sha:
        found.insert(0, paths.video)
    return [catalogue.relative(p) for p in found]


def new_link(episode: dict[str, Any], article: str | None, slot: int | None) -> tuple[str, int | None] | None:
    """The (article, slot) that ``--article``/``--slot`` ask for, or None when the episode has it
    already (or no article is asked); without ``--slot`` a link to the same article keeps its slot."""
    if not article:
        return None
    if slot is None and episode.get("article") == article:
        slot = episode.get("slot")
    return None if (episode.get("article"), episode.get("slot")) == (article, slot) else (article, slot)


def _link(db: TinyDB, episode: dict[str, Any], article: str | None, slot: int | None) -> list[str]:
    """Apply ``--article``/``--slot`` inside the claim's transaction."""
    wanted = new_link(episode, article, slot)
    if wanted is None:
        return []
    article, slot = wanted
    upsert(db, "episodes", episode, id=episode["id"])
    linked = link_in(db, episode["id"], article, slot)
    episode.update(article=linked["episode"]["article"], slot=linked["episode"]["slot"])
    return linked["warnings"]
