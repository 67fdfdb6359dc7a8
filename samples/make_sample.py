"""Rebuild the sample episodes shipped with the repository.

    python samples/make_sample.py            # samples/bloemenbuurt-gesprek.mp4 (real voices)
    python samples/make_sample.py --ermelo   # samples/ermelo-west-arjen.mp4 (espeak-ng, the old sample)

**bloemenbuurt-gesprek.mp4** — real human speech: three real Dutch voices from the committed
clips (tests/fixtures/real-dutch-voices and tests/fixtures/real-dutch, CC0 and Apache-2.0, see
their SOURCES.md) cut into an interview: the reporter (a woman, recorded over the telephone)
asks, a civil servant (a Flemish man) and a resident (a man from the Netherlands) answer. The
sentences are read prompts, so what they say is not about the wijk; the clips were chosen
because Whisper base transcribes each of them (nearly) word for word, and the voices differ
(a woman and two men with different accents). It goes with the article
samples/razende-reporter-in-de-bloemenbuurt.md (people, roles and the one video slot).
A 320x180 still with the wijk's name when ffmpeg can draw text with a system font, else a plain
colour.

**ermelo-west-arjen.mp4** — the first sample: a 30-second interview of two espeak-ng voices
(synthetic, so Whisper mishears much of it).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import interviews  # noqa: E402
import synth  # noqa: E402
from synth import Line, conversation, make_video  # noqa: E402

WIJK = "Bloemenbuurt"
VIDEO = HERE / "bloemenbuurt-gesprek.mp4"
FONTS = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
         Path("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf")]

# (speaker, clip under tests/fixtures, pause before). Per-clip word error rate of Whisper base
# (clip on its own) in brackets: all at most 0.25, the clips it mishears were left out.
SCRIPT = [
    ("reporter", "real-dutch-voices/stp_nl/wat_is_de_temperatuur.wav", 0.0),  # 0.00
    ("ambtenaar", "real-dutch/rdh_vl12745.wav", 0.7),  # 0.18
    ("reporter", "real-dutch-voices/stp_nl/wat_voor_weer_is_het.wav", 0.8),  # 0.00
    ("ambtenaar", "real-dutch/rdh_vl09647.wav", 0.7),  # 0.00
    ("reporter", "real-dutch-voices/stp_nl/wat_is_de_datum.wav", 0.9),  # 0.25
    ("bewoner", "real-dutch-voices/cv_eed3e00b/common_voice_nl_18841690.wav", 0.7),  # 0.08
    ("reporter", "real-dutch-voices/stp_nl/wat_is_de_temperatuur_van_de_EcoBee.wav", 0.8),  # 0.14
    ("bewoner", "real-dutch-voices/cv_eed3e00b/common_voice_nl_18834503.wav", 0.7),  # 0.12
    ("reporter", "real-dutch-voices/stp_nl/wat_voor_weer_is_het_in_New_York.wav", 0.9),  # 0.25
    ("ambtenaar", "real-dutch/rdh_vl14994.wav", 0.7),  # 0.25
]


def bloemenbuurt() -> None:
    parts, t = [synth.silence(interviews.LEAD)], interviews.LEAD
    spoken = []
    for speaker, path, pause in SCRIPT:
        if pause:
            parts.append(synth.silence(pause))
            t += pause
        audio, text = interviews.clip(path)
        spoken.append((t, t + len(audio) / synth.RATE, speaker, text))
        parts.append(audio)
        t += len(audio) / synth.RATE
    parts.append(synth.silence(interviews.LEAD))
    audio = np.concatenate(parts).astype(np.float32)
    still_video(audio, VIDEO, WIJK)
    print(f"{VIDEO.name}: {len(audio) / synth.RATE:.1f} s, {VIDEO.stat().st_size // 1024} KiB")
    for start, end, speaker, text in spoken:
        print(f"  {start:6.2f}-{end:6.2f}  {speaker:<9} {text}")


def still_video(audio: np.ndarray, path: Path, title: str, size: str = "320x180") -> Path:
    """``audio`` under a still picture that shows ``title`` (plain colour without a font)."""
    font = next((f for f in FONTS if f.exists()), None)
    if font is None:
        return make_video(audio, path, size=size)
    from razendereporter.media import ffmpeg_exe

    with tempfile.TemporaryDirectory() as tmp:
        wav = synth.write_wav(Path(tmp) / "a.wav", audio)
        seconds = len(audio) / synth.RATE
        draw = (f"drawtext=fontfile={font}:text='{title}':fontcolor=white:fontsize=28:"
                "x=(w-text_w)/2:y=(h-text_h)/2")
        subprocess.run([ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-y",
                        "-f", "lavfi", "-i", f"color=c=0x1d6f42:s={size}:r=5:d={seconds:.3f}", "-i", str(wav),
                        "-vf", draw, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-preset", "veryfast", "-crf", "35",
                        "-tune", "stillimage", "-c:a", "aac", "-b:a", "48k", "-ac", "1", "-movflags", "+faststart",
                        "-shortest", str(path)], check=True, capture_output=True)
    return path


# ----------------------------------------------------------------------- the first sample

REPORTER = dict(speaker="reporter", voice="nl+klatt", pitch=60, speed=135)
RESIDENT = dict(speaker="resident", voice="nl", pitch=35, speed=130)

ERMELO = [
    Line(text="Goedemiddag. Wie bent u en waar wonen we hier?", **REPORTER),
    Line(text="Ik ben Arjen Baatje. Ik woon in de wijk Ermelo-West.", **RESIDENT),
    Line(text="Wat heeft de werkgroep onderzocht?", **REPORTER),
    Line(text="We hebben de technische oplossingen voor de wijk onderzocht. "
              "Een warmtenet bleek te duur, dus we kiezen nu voor isolatie en warmtepompen.", **RESIDENT),
    Line(text="Hoe bereik je de mensen in de buurt?", **REPORTER),
    Line(text="Informatie van de buurman komt vaak beter aan dan een brief van de gemeente.", **RESIDENT),
]


def ermelo() -> None:
    audio, spoken = conversation(ERMELO, gap=0.7)
    out = make_video(audio, HERE / "ermelo-west-arjen.mp4")
    print(f"{out.name}: {len(audio) / 16000:.1f} s, {out.stat().st_size // 1024} KiB")
    for s in spoken:
        print(f"  {s.start:6.2f}-{s.end:6.2f}  {s.speaker:<9} {s.text}")


if __name__ == "__main__":
    ermelo() if "--ermelo" in sys.argv[1:] else bloemenbuurt()
