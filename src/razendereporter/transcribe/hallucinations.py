"""Remove what Whisper invents where nobody speaks.

Whisper was trained on subtitled video, so over silence, music or credits it tends to
write the subtitlers' credit lines ("Ondertiteld door de Amara.org gemeenschap"), or
thank the viewer. These phrases are dropped wherever they appear as a whole segment, and
any segment the model itself judged to be no speech with low confidence is dropped too
(the same test Whisper uses to skip silent windows).
"""

from __future__ import annotations

import re
import unicodedata

from ..transcript import Segment, Transcript

# Whole-segment texts (after normalising) known to be hallucinated, Dutch and otherwise.
HALLUCINATION_PATTERNS = [
    r"ondertiteld door .*",
    r"ondertiteling .*",
    r"ondertitels? (door|gemaakt|van) .*",
    r".*amara\.?org.*",
    r"(tv|omroep) gelderland( \d{4})?",
    r"(bedankt|dank ?(u|je) ?(wel)?) voor het (kijken|luisteren).*",
    r"vergeet niet (te )?(abonneren|liken).*",
    r"abonneer .*",
    r"(muziek|applaus|stilte|gelach)",
    r"(♪|♫|\*)+.*",
    r"copyright .*",
    r"www\.\S+",
    r"tot de volgende keer",
    r"\.+",
]
_PATTERN = re.compile("^(" + "|".join(HALLUCINATION_PATTERNS) + ")$")

# Whisper's own silence test: likely no speech and not confidently decoded.
NO_SPEECH_PROB = 0.6
LOW_LOGPROB = -1.0

NO_SPEECH_WARNING = "no speech found: the subtitles have no cues"


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().strip()
    text = re.sub(r"[\[\]()\"“”'‘’!?,;:]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(".").strip() or text


def is_hallucination(segment: Segment) -> bool:
    text = normalise(segment.text)
    if not text:
        return True
    if _PATTERN.match(text):
        return True
    return segment.no_speech_prob > NO_SPEECH_PROB and segment.avg_logprob < LOW_LOGPROB


def clean(transcript: Transcript) -> Transcript:
    """Drop hallucinated segments, empty words and words that end before they start."""
    kept = []
    for seg in transcript.segments:
        if is_hallucination(seg):
            continue
        seg.words = [w for w in seg.words if w.text.strip() and w.end >= w.start]
        kept.append(seg)
    transcript.segments = kept
    if not kept:
        transcript.warnings.append(NO_SPEECH_WARNING)
    return transcript
