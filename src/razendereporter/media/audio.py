"""16 kHz mono audio: extract it from any media file, read it back without copies.

Extraction builds the ffmpeg command with ffmpeg-python and streams straight to a WAV
file, so a long video is never held in memory.
"""

from __future__ import annotations

import os
import wave
from pathlib import Path

import ffmpeg
import numpy as np

from .. import atomic
from ..errors import RRError
from .probe import MediaInfo, ffmpeg_exe

SAMPLE_RATE = 16_000  # the one sample rate of the whole package: Whisper's and the voice encoder's


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


