"""Dutch speech fixtures made on the spot (espeak-ng voices, real CC0 clips, silence, video),
and the word error rate to score what the engines heard.

Used by the tests, the benchmarks and samples/make_sample.py, so no large media file has
to be committed. Everything is 16 kHz mono float32 until written out.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from razendereporter.media import ffmpeg_exe

RATE = 16_000
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REAL_DUTCH = FIXTURES / "real-dutch"  # one Flemish reader, CC0 (see its SOURCES.md)
REAL_VOICES = FIXTURES / "real-dutch-voices"  # several real speakers (see its SOURCES.md)


@dataclass
class Line:
    """One utterance of a scripted conversation."""

    speaker: str
    text: str
    voice: str = "nl"
    pitch: int = 50
    speed: int = 150


@dataclass
class Spoken:
    speaker: str
    text: str
    start: float
    end: float


def have_espeak() -> bool:
    return shutil.which("espeak-ng") is not None


def _needs_espeak(speak):
    """``speak`` that skips the calling test when espeak-ng is missing, or fails it on CI.

    Only tests that synthesise speech need espeak-ng; the rest run without it. On CI
    (CI set) a missing espeak-ng is a failure, so the speech tests can never silently
    drop out there.
    """

    @functools.wraps(speak)
    def guarded(*args, **kwargs):
        import pytest

        if not have_espeak():
            reason = "espeak-ng is not installed (apt-get install espeak-ng); this test synthesises speech with it"
            if "CI" in os.environ:
                pytest.fail(f"{reason}, and CI must run it", pytrace=False)
            pytest.skip(reason)
        return speak(*args, **kwargs)

    return guarded


@_needs_espeak
def espeak(text: str, voice: str = "nl", pitch: int = 50, speed: int = 150) -> np.ndarray:
    """Synthesise ``text`` with espeak-ng and return 16 kHz mono float32 audio."""
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "say.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-p", str(pitch), "-s", str(speed), "-w", str(wav), text],
                       check=True, capture_output=True)
        return read_audio(wav)


def read_audio(path: str | Path) -> np.ndarray:
    """Any audio file as 16 kHz mono float32 (decoded and resampled by ffmpeg)."""
    out = subprocess.run([ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-i", str(path), "-ac", "1",
                          "-ar", str(RATE), "-f", "s16le", "-"], check=True, capture_output=True).stdout
    return np.frombuffer(out, dtype="<i2").astype(np.float32) / 32768.0


def real_dutch() -> list[tuple[np.ndarray, str]]:
    """The five CC0 sentences of real Dutch read speech with their exact texts."""
    return [(read_audio(wav), wav.with_suffix(".txt").read_text(encoding="utf-8").strip())
            for wav in sorted(REAL_DUTCH.glob("*.wav"))]


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), dtype=np.float32)


def conversation(lines: list[Line], gap: float = 0.6, lead: float = 0.5) -> tuple[np.ndarray, list[Spoken]]:
    """Speak ``lines`` one after another; return the audio and who spoke when."""
    parts = [silence(lead)]
    spoken = []
    t = lead
    for line in lines:
        audio = trim(espeak(line.text, line.voice, line.pitch, line.speed))
        spoken.append(Spoken(line.speaker, line.text, t, t + len(audio) / RATE))
        parts += [audio, silence(gap)]
        t += len(audio) / RATE + gap
    return np.concatenate(parts), spoken


def trim(audio: np.ndarray, threshold: float = 1e-3) -> np.ndarray:
    """Cut leading and trailing silence, so a turn starts and ends on speech."""
    loud = np.flatnonzero(np.abs(audio) > threshold)
    return audio[loud[0] : loud[-1] + 1] if len(loud) else audio[:0]


def write_wav(path: str | Path, audio: np.ndarray) -> Path:
    path = Path(path)
    pcm = (np.clip(audio, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(pcm.tobytes())
    return path


def make_video(audio: np.ndarray, path: str | Path, *, audio_delay: float = 0.0, size: str = "160x90",
               vcodec: str = "libx264", acodec: str = "aac", video: bool = True) -> Path:
    """Mux ``audio`` into a small video (a plain colour picture) with ffmpeg.

    ``audio_delay`` starts the audio that many seconds after the picture, as happens in
    camera files, to test that subtitles follow the video's clock.
    """
    path = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        wav = write_wav(Path(tmp) / "a.wav", audio)
        seconds = len(audio) / RATE + audio_delay
        cmd = [ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-y"]
        if video:
            cmd += ["-f", "lavfi", "-i", f"color=c=0x1d6f42:s={size}:r=10:d={seconds:.3f}"]
        if audio_delay:
            cmd += ["-itsoffset", f"{audio_delay:.3f}"]
        cmd += ["-i", str(wav)]
        if video:
            cmd += ["-c:v", vcodec, "-pix_fmt", "yuv420p"]
            if vcodec == "libx264":
                cmd += ["-preset", "veryfast", "-crf", "35", "-tune", "stillimage"]
        cmd += ["-c:a", acodec, "-b:a", "48k", "-ac", "1"]
        if path.suffix == ".mp4":
            cmd += ["-movflags", "+faststart"]
        cmd += [str(path)]
        subprocess.run(cmd, check=True, capture_output=True)
    return path


def normalise(text: str) -> list[str]:
    """Lower case, no accents or punctuation, hyphenated words split: the words to compare."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.findall(r"[a-z0-9]+", text)


def word_errors(reference: list[str], hypothesis: list[str]) -> int:
    """Levenshtein distance over words (substitutions, insertions, deletions)."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, 1):
        current = [i]
        for j, hyp in enumerate(hypothesis, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref != hyp)))
        previous = current
    return previous[-1]


def wer(reference: str, hypothesis: str) -> float:
    ref = normalise(reference)
    return word_errors(ref, normalise(hypothesis)) / max(len(ref), 1)
