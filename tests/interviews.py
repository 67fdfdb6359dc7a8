"""Multi-speaker interviews of real Dutch voices, built from the committed clips, with their truth.

Every interview is a fixed script: which clip each turn plays and the pause before it. The
clips (tests/fixtures/real-dutch-voices and tests/fixtures/real-dutch, see their SOURCES.md)
are read sentences, so the conversations make no sense as conversations; what is real is the
voices, accents, levels, recording conditions and the timing, which is what transcription and
diarization are scored on. Built with numpy at 16 kHz, deterministic, no model and no network.

    import interviews
    iv = interviews.build("three-voices")
    iv.audio, iv.turns            # float32 16 kHz; [Turn(start, end, speaker, text), ...]
    interviews.write_video(iv, "three-voices.mp4")

The scripts:

* ``kitchen-table``: a reporter (man, Netherlands) and one resident (man, Flemish), eight turns,
  two short answers of about 2 s.
* ``three-voices``: reporter (the Flemish reader) and two guests: a Flemish man (Common Voice)
  and a woman. The Flemish guest goes on after a 0.25 s pause with a 2.5 s sentence — the case
  where Whisper dropped a whole answer in a real interview.
* ``phone-in``: a reporter in the studio, a caller on the telephone (band-limited, hum, about
  10 dB SNR; short turns) and a woman in the studio.
* ``same-speaker``: a reporter and the Flemish guest answering in short sentences with 0.2–0.3 s
  pauses: the pattern of the lost answer, where the batched decoder repeats the previous
  sentence in place of the next one.
* ``vox-pop``: a reporter asks four different women in the street, each one answer under 4 s:
  fewer seconds per voice than the diarizer needs to keep a voice apart (docs/speakers.md).
* ``three-voices-tight``, ``vox-pop-tight``: the same with the clips cut closer to the speech
  (50 ms instead of 100 ms), where the pipeline loses far more (docs/benchmarks.md, real-voice interviews).

Used by bench/bench_real_voices.py and tests/test_interviews.py; scored with tests/metrics.py.
"""

from __future__ import annotations

import csv
import functools
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

import diarize_fixtures
import synth

SR = synth.RATE
FIXTURES = synth.FIXTURES
LEAD = 0.5  # silence before the first and after the last turn
SPEECH_RMS = 0.06  # every clip is brought to this speech level (about -24 dBFS)


@dataclass(frozen=True)
class Voice:
    """A real speaker of the fixtures: folder or file prefix, and who they are."""

    id: str
    gender: str
    accent: str
    note: str = ""


VOICES = {
    "cv_eed3e00b": Voice("cv_eed3e00b", "male", "Netherlands", "Common Voice, 40s"),
    "cv_429566f5": Voice("cv_429566f5", "male", "Flemish", "Common Voice, 40s"),
    "rdh_vl": Voice("rdh_vl", "male", "Flemish", "read-speech TTS corpus (tests/fixtures/real-dutch)"),
    "stp_nl": Voice("stp_nl", "female (by pitch)", "Netherlands", "telephone band, hum, ~10 dB SNR"),
    "cv_7dbf9268": Voice("cv_7dbf9268", "female", "Netherlands", "Common Voice, teens"),
    "cv_b34dd5b6": Voice("cv_b34dd5b6", "female", "unknown", "Common Voice, 30s"),
    "cv_dc127e3e": Voice("cv_dc127e3e", "female", "Netherlands", "Common Voice, 20s"),
    "cv_4244270a": Voice("cv_4244270a", "female", "Netherlands", "Common Voice, 20s"),
    "cv_9465496d": Voice("cv_9465496d", "female", "Belgium", "Common Voice, 40s"),
}


@dataclass(frozen=True)
class Turn:
    start: float
    end: float
    speaker: str
    text: str
    clip: str = ""
    pause_before: float = 0.0  # silence between the previous turn's end and this start


@dataclass
class Interview:
    name: str
    description: str
    audio: np.ndarray  # 16 kHz mono float32
    turns: list[Turn]
    speakers: dict[str, str]  # label in the truth -> voice id
    tags: dict[int, str] = field(default_factory=dict)  # turn index -> why it is there

    @property
    def duration(self) -> float:
        return len(self.audio) / SR

    @property
    def reference(self) -> list[tuple[float, float, str]]:
        """(start, end, speaker) per turn, for :func:`diarize_fixtures.der`."""
        return [(t.start, t.end, t.speaker) for t in self.turns]

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.turns)


# --------------------------------------------------------------------------- clips

def _transcripts() -> dict[str, str]:
    """Clip (path relative to tests/fixtures) -> the exact text spoken."""
    out = {}
    with open(synth.REAL_VOICES / "transcripts.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            out[f"real-dutch-voices/{row['file']}"] = row["text"].strip()
    for txt in sorted(synth.REAL_DUTCH.glob("*.txt")):
        out[f"real-dutch/{txt.stem}.wav"] = txt.read_text(encoding="utf-8").strip()
    return out


TEXTS = _transcripts()


def _read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        rate = w.getframerate()
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    # The FFT resampler of the diarization fixtures (the 22.05 kHz clips), so both agree.
    return diarize_fixtures.resample(pcm.astype(np.float32) / 32768.0, rate, SR)


def trim(audio: np.ndarray, relative: float = 0.05, floor: float = 2.0, margin: float = 0.1,
         frame: int = 320) -> np.ndarray:
    """Cut the leading and trailing non-speech of a recorded clip.

    Frames of 20 ms are speech when their RMS exceeds ``relative`` times the loudest frame's
    and ``floor`` times the clip's noise floor (its 10th-percentile frame RMS: what matters for
    the noisy telephone clips); ``margin`` seconds are kept on both sides so soft onsets and
    final fricatives stay. A plain amplitude threshold would keep the room noise of the Common
    Voice clips and the hum of the telephone ones in the truth's turns.
    """
    n = len(audio) // frame
    if n == 0:
        return audio
    rms = np.sqrt(np.mean(audio[: n * frame].reshape(n, frame) ** 2, axis=1))
    active = np.flatnonzero(rms > max(relative * rms.max(), floor * np.percentile(rms, 10)))
    pad = int(margin * SR)
    return audio[max(0, active[0] * frame - pad) : min(len(audio), (active[-1] + 1) * frame + pad)]


def level(audio: np.ndarray) -> np.ndarray:
    """Scale to :data:`SPEECH_RMS` over the louder half of the frames (speech, not pauses)."""
    frame = 320
    n = max(1, len(audio) // frame)
    rms = np.sqrt(np.mean(audio[: n * frame].reshape(n, -1) ** 2, axis=1))
    speech = float(np.sqrt(np.mean(np.sort(rms)[n // 2 :] ** 2))) or 1e-6
    return np.clip(audio * (SPEECH_RMS / speech), -0.99, 0.99).astype(np.float32)


@functools.lru_cache(maxsize=None)
def clip(path: str, margin: float = 0.1, floor: float = 2.0) -> tuple[np.ndarray, str]:
    """One clip (path relative to tests/fixtures): trimmed (see :func:`trim`), levelled 16 kHz
    audio, and its text."""
    audio = level(trim(_read_wav(FIXTURES / path), margin=margin, floor=floor))
    audio.setflags(write=False)
    return audio, TEXTS[path]


def voice_of(path: str) -> str:
    name = Path(path).name
    if path.startswith("real-dutch/"):
        return "rdh_vl"
    if "/cv_female_singles/" in path:
        return name[:11]  # "cv_7dbf9268_common_voice_…" -> the speaker's own id
    return Path(path).parent.name


# --------------------------------------------------------------------------- scripts

def _cv(voice: str, number: str) -> str:
    if voice.startswith("cv_") and voice not in ("cv_eed3e00b", "cv_429566f5"):
        return f"real-dutch-voices/cv_female_singles/{voice}_common_voice_nl_{number}.wav"
    return f"real-dutch-voices/{voice}/common_voice_nl_{number}.wav"


def _rdh(number: str) -> str:
    return f"real-dutch/rdh_vl{number}.wav"


def _stp(stem: str) -> str:
    return f"real-dutch-voices/stp_nl/{stem}.wav"


# Each script: description, and (speaker, clip, pause before, tag) per turn.
SCRIPTS: dict[str, tuple[str, list[tuple[str, str, float, str]]]] = {
    "kitchen-table": (
        "reporter (man, NL) and a resident (man, Flemish); eight turns, two short answers",
        [
            ("reporter", _cv("cv_eed3e00b", "18841690"), 0.0, ""),
            ("resident", _rdh("04108"), 0.8, ""),
            ("reporter", _cv("cv_eed3e00b", "18834503"), 0.7, ""),
            ("resident", _rdh("09647"), 0.6, "short answer"),
            ("reporter", _cv("cv_eed3e00b", "18865557"), 0.9, ""),
            ("resident", _rdh("12745"), 0.7, ""),
            ("reporter", _cv("cv_eed3e00b", "18839069"), 0.5, "short question"),
            ("resident", _rdh("14994"), 0.8, ""),
        ],
    ),
    "three-voices": (
        "reporter (the Flemish reader), a Flemish guest (man) and a woman; the Flemish guest "
        "continues after a 0.25 s pause with a 2.5 s sentence",
        [
            ("reporter", _rdh("12745"), 0.0, ""),
            ("guest-flemish", _cv("cv_429566f5", "22656972"), 0.7, ""),
            ("reporter", _rdh("00203"), 0.6, ""),
            ("guest-woman", _cv("cv_7dbf9268", "20236016"), 0.8, ""),
            ("reporter", _rdh("14994"), 0.7, ""),
            ("guest-flemish", _cv("cv_429566f5", "22149515"), 0.6, ""),
            ("guest-flemish", _cv("cv_429566f5", "22109279"), 0.25, "same speaker after a 0.25 s pause"),
            ("reporter", _rdh("09647"), 0.8, "short question"),
            ("guest-flemish", _cv("cv_429566f5", "22657290"), 0.7, ""),
        ],
    ),
    "phone-in": (
        "reporter (man, NL) in the studio, a caller on the telephone (short turns) and a woman in the studio",
        [
            ("reporter", _cv("cv_eed3e00b", "18841690"), 0.0, ""),
            ("caller", _stp("zet_de_helderheid_van_de_Staande_Lamp_50_procent"), 0.8, "telephone"),
            ("reporter", _cv("cv_eed3e00b", "18834503"), 0.6, ""),
            ("caller", _stp("wat_is_de_temperatuur"), 0.7, "telephone, short"),
            ("caller", _stp("zet_alle_lampen_op_de_Eerste_Verdieping_aan"), 0.4, "telephone, same speaker"),
            ("reporter", _cv("cv_eed3e00b", "18865557"), 0.7, ""),
            ("guest-woman", _cv("cv_7dbf9268", "20236016"), 0.8, ""),
            ("reporter", _cv("cv_eed3e00b", "18839069"), 0.6, "short question"),
            ("caller", _stp("wat_voor_weer_is_het_in_New_York"), 0.9, "telephone"),
            ("caller", _stp("hoe_laat_is_het"), 0.5, "telephone, short, same speaker"),
        ],
    ),
    "same-speaker": (
        "reporter (man, NL) and a Flemish guest (man) who answers in short sentences with 0.2–0.3 s "
        "pauses, the pattern of the lost answer, twice over",
        [
            ("reporter", _cv("cv_eed3e00b", "18834503"), 0.0, ""),
            ("guest-flemish", _cv("cv_429566f5", "22656972"), 0.7, ""),
            ("guest-flemish", _cv("cv_429566f5", "22109279"), 0.25, "same speaker after a 0.25 s pause"),
            ("guest-flemish", _cv("cv_429566f5", "22149515"), 0.3, "same speaker after a 0.3 s pause"),
            ("reporter", _cv("cv_eed3e00b", "18839069"), 0.7, "short question"),
            ("guest-flemish", _cv("cv_429566f5", "22657290"), 0.6, ""),
            ("guest-flemish", _cv("cv_429566f5", "22109279"), 0.2, "same speaker after a 0.2 s pause"),
        ],
    ),
    "vox-pop": (
        "reporter (man, Flemish) asks four women in the street, one answer each (each under 4 s of speech)",
        [
            ("reporter", _cv("cv_429566f5", "22656972"), 0.0, ""),
            ("woman-1", _cv("cv_b34dd5b6", "20228069"), 0.7, "one answer"),
            ("reporter", _cv("cv_429566f5", "22657290"), 0.6, ""),
            ("woman-2", _cv("cv_dc127e3e", "20224117"), 0.8, "one answer"),
            ("reporter", _cv("cv_429566f5", "22149515"), 0.7, ""),
            ("woman-3", _cv("cv_4244270a", "21280424"), 0.6, "one answer"),
            ("reporter", _cv("cv_429566f5", "22109279"), 0.9, ""),
            ("woman-4", _cv("cv_9465496d", "19816708"), 0.7, "one answer, Belgian"),
        ],
    ),
}

# The same scripts with the clips cut as they were first cut: 50 ms around the speech instead
# of 100 ms, no noise-floor test (no telephone clip in these two). The pauses are then nearly
# the pauses one hears. Whisper's skipping depends on such small differences; these variants
# keep the failures first seen (a whole guest's answers gone, a repetition loop) reproducible.
TIGHT = {"margin": 0.05, "floor": 0.0}
for _name in ("three-voices", "vox-pop"):
    SCRIPTS[f"{_name}-tight"] = (SCRIPTS[_name][0] + "; clips cut 50 ms around the speech", SCRIPTS[_name][1])
TRIMS = {"three-voices-tight": TIGHT, "vox-pop-tight": TIGHT}

NAMES = tuple(SCRIPTS)


def build(name: str) -> Interview:
    """The interview ``name`` (one of :data:`NAMES`): audio and truth, the same every time."""
    description, script = SCRIPTS[name]
    chunks = [synth.silence(LEAD)]
    t = LEAD
    turns, speakers, tags = [], {}, {}
    for i, (speaker, path, pause, tag) in enumerate(script):
        audio, text = clip(path, **TRIMS.get(name, {}))
        if i:
            gap = synth.silence(pause)
            chunks.append(gap)
            t += len(gap) / SR
        start = t
        chunks.append(audio)
        t += len(audio) / SR
        turns.append(Turn(round(start, 3), round(t, 3), speaker, text, path, pause if i else 0.0))
        speakers.setdefault(speaker, voice_of(path))
        if tag:
            tags[i] = tag
    chunks.append(synth.silence(LEAD))
    return Interview(name, description, np.concatenate(chunks).astype(np.float32), turns, speakers, tags)


def all_interviews() -> list[Interview]:
    return [build(name) for name in NAMES]


def write_video(interview: Interview, path: str | Path, **kw) -> Path:
    """The interview as a small video (a plain picture with AAC sound), via :func:`synth.make_video`."""
    return synth.make_video(interview.audio, path, **kw)


def describe(interview: Interview) -> str:
    """The script as a readable table (times, speaker, pause before, text)."""
    lines = [f"{interview.name}: {interview.description} ({interview.duration:.1f} s)"]
    for i, t in enumerate(interview.turns):
        tag = f"  [{interview.tags[i]}]" if i in interview.tags else ""
        lines.append(f"  {i + 1:2d} {t.start:6.2f}-{t.end:6.2f} {t.speaker:<14} pause {t.pause_before:4.2f}  {t.text}{tag}")
    return "\n".join(lines)


if __name__ == "__main__":
    for iv in all_interviews():
        print(describe(iv))
