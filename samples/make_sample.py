"""Rebuild samples/ermelo-west-arjen.mp4, the sample episode shipped with the repository.

A 30-second interview in the style of the Razende Reporter's Ermelo-West visit: a
reporter (espeak-ng, Dutch, klatt variant) asks, a resident (espeak-ng, Dutch male)
answers. Synthetic on purpose: it is small, free of rights and reproducible.

    python samples/make_sample.py
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from synth import Line, conversation, make_video  # noqa: E402

REPORTER = dict(speaker="reporter", voice="nl+klatt", pitch=60, speed=135)
RESIDENT = dict(speaker="resident", voice="nl", pitch=35, speed=130)

SCRIPT = [
    Line(text="Goedemiddag. Wie bent u en waar wonen we hier?", **REPORTER),
    Line(text="Ik ben Arjen Baatje. Ik woon in de wijk Ermelo-West.", **RESIDENT),
    Line(text="Wat heeft de werkgroep onderzocht?", **REPORTER),
    Line(text="We hebben de technische oplossingen voor de wijk onderzocht. "
              "Een warmtenet bleek te duur, dus we kiezen nu voor isolatie en warmtepompen.", **RESIDENT),
    Line(text="Hoe bereik je de mensen in de buurt?", **REPORTER),
    Line(text="Informatie van de buurman komt vaak beter aan dan een brief van de gemeente.", **RESIDENT),
]


def main() -> None:
    audio, spoken = conversation(SCRIPT, gap=0.7)
    out = make_video(audio, HERE / "ermelo-west-arjen.mp4")
    print(f"{out.name}: {len(audio) / 16000:.1f} s, {out.stat().st_size // 1024} KiB")
    for s in spoken:
        print(f"  {s.start:6.2f}-{s.end:6.2f}  {s.speaker:<9} {s.text}")


if __name__ == "__main__":
    main()
