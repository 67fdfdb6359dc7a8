"""Reading media: probe streams, hash the file, extract 16 kHz mono audio.

Probing uses PyAV (already installed with faster-whisper) because the ffmpeg binary from
the imageio-ffmpeg wheel comes without ffprobe. Extraction builds the ffmpeg command with
ffmpeg-python and streams straight to a WAV file, so a long video is never held in memory.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import wave
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import av
import ffmpeg
import numpy as np

from . import atomic
from .errors import RRError

SAMPLE_RATE = 16_000


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
        raise RRError(f"{path}: not a readable audio or video file ({_short(exc)})") from exc


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def extract_audio(src: str | Path, dst: str | Path, info: MediaInfo) -> float:
    """Decode the first audio stream to 16 kHz mono 16-bit WAV at ``dst``; return its length.

    The WAV's sample 0 is the audio stream's first sample; callers add ``info.audio_start``
    to map times back onto the video's clock.
    """
    dst = Path(dst)
    try:
        dst.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RRError(f"cannot create {dst.parent}: {exc.strerror or exc}") from exc
    # Per-process name: two editors ingesting the same video never share a partial file.
    tmp = dst.with_name(f"{dst.name}.{os.getpid()}.partial.wav")
    stream = (
        ffmpeg.input(str(src))
        .output(str(tmp), map="0:a:0", ac=1, ar=SAMPLE_RATE, acodec="pcm_s16le", f="wav")
        .global_args("-nostdin", "-hide_banner", "-loglevel", "error")
        .overwrite_output()
    )
    try:
        stream.run(cmd=ffmpeg_exe(), capture_stdout=True, capture_stderr=True)
    except ffmpeg.Error as exc:
        tmp.unlink(missing_ok=True)
        message = exc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RRError(f"{src}: ffmpeg could not decode the audio ({message[-1] if message else 'no detail'})") from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise RRError(f"cannot run ffmpeg: {exc}") from exc
    seconds = wav_duration(tmp)
    # A file cut off mid-way still decodes, just shorter than its header promises.
    if info.duration > 2 and seconds < (info.duration - info.audio_start) * 0.9 - 1.0:
        tmp.unlink(missing_ok=True)
        raise RRError(
            f"{src}: file looks truncated: audio decodes to {seconds:.1f} s but the file says {info.duration:.1f} s"
        )
    atomic.fsync_dir(tmp.parent)
    os.replace(tmp, dst)
    return seconds


def wav_duration(path: str | Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / float(wav.getframerate())


def load_pcm(path: str | Path) -> np.ndarray:
    """A 16 kHz mono 16-bit WAV as a read-only memory map of int16 samples.

    Mapped, not read: a 60-minute extract costs page cache, not process memory, and the
    engine converts one window at a time to float32.
    """
    try:
        with wave.open(str(path), "rb") as wav:
            if wav.getframerate() != SAMPLE_RATE or wav.getnchannels() != 1 or wav.getsampwidth() != 2:
                raise RRError(f"{path}: expected 16 kHz mono 16-bit audio")
            frames = wav.getnframes()
    except (wave.Error, EOFError) as exc:
        raise RRError(f"{path}: damaged audio extract ({exc})") from exc
    if not frames:
        return np.zeros(0, dtype="<i2")
    return np.memmap(path, dtype="<i2", mode="r", offset=_data_chunk_offset(Path(path)), shape=(frames,))


def _data_chunk_offset(path: Path) -> int:
    """Byte offset of the samples in a RIFF/WAVE file (after the 'data' chunk header)."""
    with open(path, "rb") as handle:
        handle.seek(12)
        while True:
            header = handle.read(8)
            if len(header) < 8:
                raise RRError(f"{path}: damaged audio extract (no data chunk)")
            size = int.from_bytes(header[4:], "little")
            if header[:4] == b"data":
                return handle.tell()
            handle.seek(size + (size & 1), 1)


def load_wav(path: str | Path) -> np.ndarray:
    """Read a 16 kHz mono 16-bit WAV as float32 in [-1, 1]."""
    audio = np.asarray(load_pcm(path), dtype=np.float32)
    audio /= 32768.0
    return audio


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
