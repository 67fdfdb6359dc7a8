"""JSON: the sidecar itself, every word with its timing, confidence and speaker."""

from __future__ import annotations

import json

from ..transcript import Transcript, to_dict


def json_text(transcript: Transcript) -> str:
    return json.dumps(to_dict(transcript), ensure_ascii=False, indent=1) + "\n"
