"""faster-whisper's batched pipeline with the encoder fed what the clips fill, not 30 s.

faster-whisper pads every clip's features to Whisper's 30 s window, so a 4 s stretch of the gap
pass costs as much encoder work as 30 s of speech, and the last chunk of a recording, or one cut
short by the next speech region, carries seconds of padding. CTranslate2's Whisper encoder takes
any number of frames up to that window, so each batch's features are cut to its longest clip
plus 2.5 s of silence, never below 10 s. Measured (docs/engines.md): on the 5-minute real-voice
clip of bench/bench_ingest.py the batched decoder's CPU 26.8 → 24.9 s and the gap pass's 14.9 →
3.9 s; word error over twelve real-voice recordings 0.296 → 0.298, turns kept 122 → 121 of 146.
"""

from __future__ import annotations

import math

from faster_whisper import BatchedInferencePipeline

# Shorter encoder inputs made Whisper base invent or lose words on the gap pass's stretches
# (8 s for clips of up to 7.5 s: 2 of 11 stretches worse); one second of silence after the clip
# did as well on the stretches but worse on whole recordings (word error 0.304 against 0.296).
ENCODER_MIN_S = 10.0
ENCODER_PAD_S = 2.5
FULL_WINDOW_S = 30.0  # Whisper's own window, what faster-whisper pads every clip to


def encoder_frames(durations: list[float], frames_per_second: int = 100) -> int:
    """How many feature frames the encoder gets for a batch of clips this long (seconds)."""
    seconds = min(FULL_WINDOW_S, max(ENCODER_MIN_S, max(durations, default=0.0) + ENCODER_PAD_S))
    return math.ceil(round(seconds * frames_per_second, 6))  # 16.6 s is 1660 frames, not 1661


class FittedPipeline(BatchedInferencePipeline):
    """``BatchedInferencePipeline`` whose encoder sees :func:`encoder_frames` of each batch's features."""

    def forward(self, features, tokenizer, chunks_metadata, options):
        frames = encoder_frames([m["duration"] for m in chunks_metadata], self.model.frames_per_second)
        return super().forward(features[..., :frames], tokenizer, chunks_metadata, options)
