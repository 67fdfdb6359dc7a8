"""The speaker step: who speaks when (diarization on the audio), then who they are."""

from __future__ import annotations

import numpy as np

from ..speakers import Turn, assign_words, editor_overrides, get_diarizer, name_speakers, speaker_prior
from ..config import Config
from ..transcript import Transcript


def find_speakers(transcript: Transcript, audio: np.ndarray, offset: float, article: dict | None, slot: int | None,
                  *, num_speakers: int | None = None, diarizer: str = "default", threads: int = 0,
                  config: Config | None = None, speech: list | None = None, name: bool = True) -> None:
    """Label every word with its speaker and, unless ``name`` is false, name the speakers, in ``transcript``.

    ``speech``: the VAD of ``audio`` already computed (transcribe.windows.speech_maps), for a
    diarizer that uses one. A batch's worker diarizes with ``name=False`` (the article is only the
    prior on how many speakers there are); the parent names them when it publishes.
    """
    if transcript.words:
        turns = get_diarizer(diarizer, threads, config)(audio, num_speakers=num_speakers,
                                                        expected_speakers=speaker_prior(article, slot), speech=speech)
        assign_words(transcript, [Turn(t.start + offset, t.end + offset, t.label) for t in turns])
    if name:
        name_speakers(transcript, article, slot, editor_overrides(transcript))
