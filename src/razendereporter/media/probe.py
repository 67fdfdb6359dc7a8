"""What is in a media file: probe its streams, hash it, find ffmpeg.

Probing uses PyAV (already installed with faster-whisper) because the ffmpeg binary from
the imageio-ffmpeg wheel comes without ffprobe.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import RRError


@dataclass
class MediaInfo:
    path: str
    container: str
    duration: float  # seconds, of the whole file
    start_time: float  # the container's first timestamp (a player shows this as 0)
    audio_codec: str | None
    audio_start: float  # where the first audio stream starts, from the video's start
    has_video: bool
    width: int | None = None
    height: int | None = None


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    """ffmpeg from PATH, else the static build inside the imageio-ffmpeg wheel."""
    found = shutil.which("ffmpeg")
    if found:
        return found
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except Exception as exc:  # the wheel raises RuntimeError when its binary is missing
        raise RRError("no ffmpeg found: install it, or `pip install imageio-ffmpeg`") from exc


def probe(path: str | Path) -> MediaInfo:
    """Describe a media file, or raise a one-line RRError saying why it can't be used."""
    path = Path(path)
    if not path.exists():
        raise RRError(f"{path}: no such file")
    if not path.is_file():
        raise RRError(f"{path}: not a file")
    if path.stat().st_size == 0:
        raise RRError(f"{path}: file is empty (0 bytes)")
    import av  # PyAV takes a while to import; only a probe needs it

    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            audio = container.streams.audio[0] if container.streams.audio else None
            video = container.streams.video[0] if container.streams.video else None
            start = (container.start_time or 0) / av.time_base
            duration = (container.duration or 0) / av.time_base
            if audio is None:
                kind = "video" if video is not None else "file"
                raise RRError(f"{path}: {kind} has no audio stream, so there is nothing to transcribe")
            audio_start = start
            if audio.start_time is not None and audio.time_base is not None:
                audio_start = float(audio.start_time * audio.time_base)
            if not duration and audio.duration and audio.time_base:
                duration = float(audio.duration * audio.time_base)
            return MediaInfo(
                path=str(path),
                container=container.format.name,
                duration=round(duration, 3),
                start_time=round(start, 3),
                audio_codec=audio.codec_context.name if audio.codec_context else None,
                audio_start=round(audio_start - start, 3),
                has_video=video is not None,
                width=video.codec_context.width if video is not None else None,
                height=video.codec_context.height if video is not None else None,
            )
    except RRError:
        raise
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError) as exc:
        raise RRError(f"{path}: not a readable audio or video file ({short_error(exc)})") from exc


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def short_error(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
