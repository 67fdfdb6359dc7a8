"""Who speaks when, and who they are: voice features, clustering, diarizers, words → turns,
names and roles."""

from .. import lazy

# Imported on first use: checking a diarizer's name needs none of numpy and ONNX.
_PUBLIC = {
    "Turn": "diarize", "get_diarizer": "diarize", "register": "diarize",
    "available": "registry", "check_diarizer": "registry",
    "editor_overrides": "naming", "name_speakers": "naming", "speaker_prior": "naming", "summary": "naming",
    "assign_words": "turns",
}

__all__ = sorted(_PUBLIC)

__getattr__ = lazy.exports(__name__, _PUBLIC)
