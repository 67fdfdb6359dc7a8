"""One episode from video file to catalogue: the steps, their order, and resuming.

Each step reads plain data and writes one file atomically; the episode record in
catalog.json lists the steps done, keyed by the video's SHA-256. A second run of the
same video skips what is done, so re-ingesting an unchanged video is a no-op and an
interrupted ingest picks up at the step where it stopped.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import numpy as np

from . import atomic, catalog, cleanup, media, subtitles
from . import transcript as transcript_io
from .catalog import Catalog
from .engines import DutchSettings, create_engine
from .diarize import Turn, get_diarizer
from .engines.base import check_engine, transcribe_pcm
from .errors import NotFound, RRError
from .root import portable_path, slug
from .transcript import Transcript

STEPS = ("media", "transcript", "speakers", "subtitles")
WORK_DIR = ".rr-work"
DEFAULT_ENGINE = "faster-whisper"

ProgressFn = Callable[[float, float], None]  # (seconds done, seconds total)
LogFn = Callable[[str], None]


@dataclass
class IngestResult:
    episode: dict[str, Any]
    status: str  # "ingested", "resumed" or "unchanged"
    seconds: float
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# Paths


def episode_paths(root: Path, wijk: str, episode_id: str, suffix: str) -> dict[str, Path]:
    return {
        "video": root / "media" / wijk / f"{episode_id}{suffix}",
        "vtt": root / "transcripts" / wijk / f"{episode_id}.nl.vtt",
        "sidecar": root / "transcripts" / wijk / f"{episode_id}.nl.json",
    }


def _work_dir(root: Path, sha: str) -> Path:
    """Scratch space of this process: two editors ingesting the same video never share it."""
    _remove_orphaned_work(root / WORK_DIR)
    return root / WORK_DIR / f"{sha[:16]}-{os.getpid()}"


def _remove_orphaned_work(folder: Path) -> None:
    """Delete the scratch space of ingests that were killed (their process is gone)."""
    for work in folder.glob("*-*"):
        pid = work.name.rsplit("-", 1)[1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(work, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# ---------------------------------------------------------------------------------------
# Ingest


def ingest(
    root: str | os.PathLike,
    video: str | os.PathLike,
    wijk: str,
    *,
    title: str | None = None,
    article: str | None = None,
    slot: int | None = None,
    speakers: int | None = None,
    diarizer: str = "default",
    engine: str = DEFAULT_ENGINE,
    model: str | None = None,
    settings: DutchSettings | None = None,
    force: bool = False,
    progress: ProgressFn | None = None,
    log: LogFn | None = None,
) -> IngestResult:
    """Ingest ``video`` for ``wijk`` under catalogue ``root``; see the module doc."""
    started = time.perf_counter()
    root = Path(root)
    video = Path(video)
    settings = settings or DutchSettings()
    log = log or (lambda message: None)
    wijk_slug = slug(wijk, "wijk")
    cat = Catalog(root)

    request = {"engine_requested": engine, "model_requested": model or "base", "diarizer": diarizer}
    if speakers:
        request["speakers_requested"] = speakers
    if slot is not None and not article:
        raise RRError("--slot goes with --article")
    if not force:
        done = _unchanged(cat, root, video, request)
        if done is not None:
            _same_wijk(done, wijk_slug)
            return _unchanged_result(root, done, article, slot, started)

    check_engine(engine)
    get_diarizer(diarizer)  # an unknown name fails now, not after the transcription
    if article:
        _require_article(cat, article, slot)  # before hours of work, not after
    info = media.probe(video)
    sha = media.sha256_file(video)
    if not force:
        # The same bytes under another path or modification time (a fresh clone, a copy).
        done = next((e for e in cat.find("episodes", sha256=sha) if _complete(root, e)), None)
        if done is not None:
            _same_wijk(done, wijk_slug)
        if done is not None and _same_request(done, request):
            with cat.transaction() as db:
                catalog.upsert(db, "episodes", {"source": _source(root, video)}, sha256=sha)
            return _unchanged_result(root, {**done, "source": _source(root, video)}, article, slot, started)
    # Decode the audio before anything is recorded: a truncated or undecodable file
    # fails here and leaves the catalogue and media/ untouched.
    work = _work_dir(root, sha)
    audio_path = work / "audio.wav"
    log("extracting 16 kHz mono audio")
    try:
        media.extract_audio(video, audio_path, info)
        episode, resumed = _claim_episode(cat, root, sha, wijk_slug, title or video.stem, video, info, engine, model, force)
        paths = episode_paths(root, wijk_slug, episode["id"], episode["suffix"])
        episode, warnings = _link_if_changed(root, episode, article, slot)

        if "media" not in episode["steps"] or not paths["video"].exists():
            log(f"copying video to {_rel(root, paths['video'])}")
            _copy_atomic(video, paths["video"])
            episode = _mark(cat, episode, "media", video=_rel(root, paths["video"]))

        transcript = _cached_transcript(paths["sidecar"], sha) if "transcript" in episode["steps"] else None
        if transcript is None:
            pcm = media.load_pcm(audio_path)
            total = len(pcm) / media.SAMPLE_RATE
            log(f"transcribing {total:.1f} s with {engine} ({model or 'base'})")
            stt = create_engine(engine, model, settings)
            transcript = transcribe_pcm(stt, pcm, settings, (lambda done: progress(done, total)) if progress else None)
            del pcm, stt
            transcript = cleanup.clean(transcript).shifted(info.audio_start)
            transcript.sha256 = sha
            transcript.duration = info.duration or transcript.duration
            transcript_io.save(paths["sidecar"], transcript)
            episode = _mark(
                cat, episode, "transcript", ("speakers", "subtitles"), engine=transcript.engine, model=transcript.model,
                language=transcript.language, transcript=_rel(root, paths["sidecar"]),
            )
        warnings.extend(transcript.warnings)

        redo_speakers = (speakers and speakers != episode.get("speakers_requested")) or \
            diarizer != episode.get("diarizer", "default")
        if "speakers" not in episode["steps"] or redo_speakers:
            log("finding who speaks when")
            find_speakers(root, episode, transcript, media.load_wav(audio_path), info.audio_start,
                          num_speakers=speakers, diarizer=diarizer)
            transcript_io.save(paths["sidecar"], transcript)
            episode = _mark(cat, episode, "speakers", speakers_requested=speakers, diarizer=diarizer)

        episode = publish(root, episode["id"], transcript, step="subtitles")
        status = "resumed" if resumed else "ingested"
        return IngestResult(episode, status, time.perf_counter() - started, warnings)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _require_article(cat: Catalog, slug_: str, slot: int | None) -> None:
    found = cat.get("articles", slug=slug_)
    if found is None:
        raise RRError(f"no article {slug_!r} in the catalogue; import it first with `rr articles import`")
    if slot is not None and not any(s.get("index") == slot for s in found.get("slots") or []):
        raise RRError(f"article {slug_!r} has no video slot {slot}")


def find_speakers(root: Path, episode: dict[str, Any], transcript: Transcript, audio: np.ndarray, offset: float, *,
                  num_speakers: int | None = None, diarizer: str = "default") -> None:
    """Who speaks when (diarization on the audio), then who they are (names and roles)."""
    from . import speakers as speakers_mod

    article = Catalog(root).get("articles", slug=episode["article"]) if episode.get("article") else None
    slot = episode.get("slot")
    if transcript.words:
        turns = get_diarizer(diarizer)(audio, num_speakers=num_speakers,
                                       expected_speakers=speakers_mod.speaker_prior(article, slot))
        turns = [Turn(t.start + offset, t.end + offset, t.label) for t in turns]
        speakers_mod.assign_words(transcript, turns)
    speakers_mod.name_speakers(transcript, article, slot, speakers_mod.editor_overrides(transcript))


def rename_speakers(root: str | os.PathLike, episode_id: str) -> dict[str, Any]:
    """Name the speakers again from the stored transcript (after a link or an edit)."""
    from . import speakers as speakers_mod

    episode, transcript = load_episode(root, episode_id)
    article = Catalog(root).get("articles", slug=episode["article"]) if episode.get("article") else None
    speakers_mod.name_speakers(transcript, article, episode.get("slot"), speakers_mod.editor_overrides(transcript))
    return publish(root, episode["id"], transcript)


def _source(root: Path, video: Path) -> dict[str, Any]:
    stat = video.stat()
    return {"path": portable_path(video, root), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _complete(root: Path, episode: dict[str, Any]) -> bool:
    return set(STEPS) <= set(episode.get("steps", [])) and all(
        episode.get(k) and (root / episode[k]).exists() for k in ("video", "vtt", "transcript"))


def _unchanged(cat: Catalog, root: Path, video: Path, request: dict[str, Any]) -> dict[str, Any] | None:
    """The finished episode for this exact file and these options, judged by path, size and mtime.

    Like git's index: hashing a long video takes seconds, and an unchanged file has the
    same size and modification time. A touched or edited file is hashed again; other
    options (engine, model, speakers, diarizer) redo the steps they change.
    """
    try:
        source = _source(root, video)
    except OSError:
        return None
    return next((ep for ep in cat.find("episodes", source=source)
                 if _complete(root, ep) and _same_request(ep, request)), None)


def _same_request(episode: dict[str, Any], request: dict[str, Any]) -> bool:
    return all(episode.get(k, "default" if k == "diarizer" else None) == v for k, v in request.items())


def _same_wijk(episode: dict[str, Any], wijk_slug: str) -> None:
    if episode["wijk"] != wijk_slug:
        raise RRError(f"this video is already catalogued as episode {episode['id']!r} in wijk {episode['wijk']!r}")


def _unchanged_result(root: Path, done: dict[str, Any], article: str | None, slot: int | None,
                      started: float) -> IngestResult:
    """Nothing to redo; only a new ``--article``/``--slot`` is applied (names follow)."""
    done, warnings = _link_if_changed(root, done, article, slot)
    return IngestResult(done, "unchanged", time.perf_counter() - started, warnings)


def _link_if_changed(root: Path, episode: dict[str, Any], article: str | None,
                     slot: int | None) -> tuple[dict[str, Any], list[str]]:
    """Apply ``--article``/``--slot``; without ``--slot`` a link to the same article keeps its slot."""
    if not article:
        return episode, []
    if slot is None and episode.get("article") == article:
        slot = episode.get("slot")
    if (episode.get("article"), episode.get("slot")) == (article, slot):
        return episode, []
    from .wijken import link

    linked = link(root, episode["id"], article, slot)
    return linked["episode"], linked["warnings"]


def _claim_episode(cat, root, sha, wijk_slug, title, video, info, engine, model, force):
    """Find or create the episode record for this video; returns (record, resumed)."""
    source = _source(root, video)
    with cat.transaction() as db:
        table = db.table("episodes")
        existing = next((dict(e) for e in table.all() if e.get("sha256") == sha), None)
        if existing is not None:
            if existing["wijk"] != wijk_slug:
                raise RRError(
                    f"this video is already catalogued as episode {existing['id']!r} in wijk {existing['wijk']!r}"
                )
            if force or existing.get("engine_requested") != engine or existing.get("model_requested") != (model or "base"):
                existing["steps"] = [s for s in existing["steps"] if s in ("media",)]
            existing["source"] = source
            existing.update(engine_requested=engine, model_requested=model or "base")
            catalog.upsert(db, "episodes", existing, sha256=sha)
            return existing, bool(existing["steps"]) and not force
        taken = {e["id"] for e in table.all()}
        base = slug(title, "episode title")
        episode_id, n = base, 2
        while episode_id in taken:
            episode_id, n = f"{base}-{n}", n + 1
        record = {
            "id": episode_id,
            "title": title,
            "wijk": wijk_slug,
            "article": None,
            "slot": None,
            "sha256": sha,
            "suffix": video.suffix.lower() or ".media",
            "duration": info.duration,
            "start_time": info.start_time,
            "audio_start": info.audio_start,
            "has_video": info.has_video,
            "container": info.container,
            "language": None,
            "engine": None,
            "model": None,
            "engine_requested": engine,
            "model_requested": model or "base",
            "steps": [],
            "source": source,
            "video": None,
            "vtt": None,
            "transcript": None,
            "added": _now(),
        }
        table.insert(record)
        _ensure_wijk(db, wijk_slug)
        return record, False


def _ensure_wijk(db, wijk_slug: str) -> None:
    if not any(w.get("slug") == wijk_slug for w in db.table("wijken").all()):
        db.table("wijken").insert({"slug": wijk_slug, "name": wijk_slug.replace("-", " ").title(), "gemeente": None, "province": None})


def _mark(cat: Catalog, episode: dict[str, Any], step: str, invalidates: tuple[str, ...] = (),
          **fields: Any) -> dict[str, Any]:
    """Record ``step`` as done, and forget the ``invalidates`` steps built on its old output."""
    with cat.transaction() as db:
        current = next((dict(e) for e in db.table("episodes").all() if e["id"] == episode["id"]), None)
        if current is None:
            raise RRError(f"episode {episode['id']!r} disappeared from the catalogue while ingesting")
        current.update(fields)
        current["steps"] = [s for s in current["steps"] if s not in invalidates and s != step] + [step]
        current["updated"] = _now()
        catalog.upsert(db, "episodes", current, id=episode["id"])
        return current


def _copy_atomic(src: Path, dst: Path) -> None:
    try:
        with atomic.atomic_open(dst, "wb") as out, open(src, "rb") as inp:
            shutil.copyfileobj(inp, out, 1 << 20)
    except OSError as exc:
        raise RRError(f"cannot copy {src} to {dst}: {exc.strerror or exc}") from exc


def _cached_transcript(path: Path, sha: str) -> Transcript | None:
    try:
        found = transcript_io.load(path)
    except RRError:
        return None
    return found if found.sha256 == sha else None


# ---------------------------------------------------------------------------------------
# Outputs that follow from the transcript (rewritten whenever speakers change)


def load_episode(root: str | os.PathLike, episode_id: str) -> tuple[dict[str, Any], Transcript]:
    root = Path(root)
    episode = find_episode(root, episode_id)
    if not episode.get("transcript"):
        raise RRError(f"episode {episode['id']!r} has no transcript yet; run `rr ingest` on its video again")
    return episode, transcript_io.load(root / episode["transcript"])


def find_episode(root: str | os.PathLike, episode_id: str) -> dict[str, Any]:
    """An episode by id, or by a unique prefix of its id or its video's SHA-256."""
    episodes = Catalog(root).find("episodes")
    exact = [e for e in episodes if e["id"] == episode_id]
    if exact:
        return exact[0]
    matches = [e for e in episodes if e["id"].startswith(episode_id) or (len(episode_id) >= 8 and e["sha256"].startswith(episode_id))]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise RRError(f"episode {episode_id!r} is ambiguous: {', '.join(sorted(e['id'] for e in matches))}")
    raise NotFound(f"no episode {episode_id!r} in {Path(root) / catalog.CATALOG_NAME}")


def cues_for(transcript: Transcript) -> list[subtitles.Cue]:
    return subtitles.make_cues(transcript.words, media_end=transcript.duration or None)


def publish(root: str | os.PathLike, episode_id: str, transcript: Transcript, step: str | None = None) -> dict[str, Any]:
    """Write sidecar and VTT from ``transcript`` and bring the catalogue rows in line."""
    root = Path(root)
    cat = Catalog(root)
    episode = find_episode(root, episode_id)
    paths = episode_paths(root, episode["wijk"], episode["id"], episode["suffix"])
    names = subtitles.speaker_names(transcript)
    cues = cues_for(transcript)
    transcript_io.save(paths["sidecar"], transcript)
    atomic.write_text(paths["vtt"], subtitles.vtt_text(cues, names))
    quotes = quotes_for(episode["id"], transcript)
    with cat.transaction() as db:
        catalog.remove(db, "quotes", episode=episode["id"])
        catalog.remove(db, "speakers", episode=episode["id"])
        for label, info in sorted(transcript.speakers.items()):
            db.table("speakers").insert({"episode": episode["id"], "label": label, **info})
        db.table("quotes").insert_multiple(quotes)
        current = next(dict(e) for e in db.table("episodes").all() if e["id"] == episode["id"])
        current.update(vtt=_rel(root, paths["vtt"]), transcript=_rel(root, paths["sidecar"]), cues=len(cues),
                       words=len(transcript.words), updated=_now())
        if step and step not in current["steps"]:
            current["steps"] = current["steps"] + [step]
        catalog.upsert(db, "episodes", current, id=episode["id"])
    return current


def quotes_for(episode_id: str, transcript: Transcript) -> list[dict[str, Any]]:
    """Searchable quotes: a speaker's words cut at sentence ends (≥ 8 words) or pauses."""
    quotes: list[dict[str, Any]] = []
    current: list = []

    def flush() -> None:
        if current:
            info = transcript.speakers.get(current[0].speaker or "", {})
            quotes.append({
                "episode": episode_id,
                "start": round(current[0].start, 3),
                "end": round(current[-1].end, 3),
                "speaker": current[0].speaker,
                "person": info.get("name"),
                "role": info.get("role"),
                "text": subtitles.join_words(current),
            })
            current.clear()

    for word in transcript.words:
        if current and (word.speaker != current[-1].speaker or word.start - current[-1].end > subtitles.MAX_PAUSE):
            flush()
        current.append(word)
        if len(current) >= 8 and subtitles.SENTENCE_END.search(word.text.strip()):
            flush()
    flush()
    return quotes


def export(root: str | os.PathLike, episode_id: str, fmt: str) -> str:
    """The episode's transcript as ``vtt``, ``srt``, ``txt`` or ``json`` text."""
    _, transcript = load_episode(root, episode_id)
    names = subtitles.speaker_names(transcript)
    cues = cues_for(transcript)
    if fmt == "vtt":
        return subtitles.vtt_text(cues, names)
    if fmt == "srt":
        return subtitles.srt_text(cues, names)
    if fmt == "txt":
        return subtitles.plain_text(cues, names)
    if fmt == "json":
        import json

        return json.dumps(transcript_io.to_dict(transcript), ensure_ascii=False, indent=1) + "\n"
    raise RRError(f"unknown format {fmt!r}; choose vtt, srt, txt or json")


def list_episodes(root: str | os.PathLike) -> list[dict[str, Any]]:
    return sorted(Catalog(root).find("episodes"), key=lambda e: (e["wijk"], e["id"]))
