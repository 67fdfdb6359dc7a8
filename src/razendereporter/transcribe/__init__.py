"""Audio to words: the engine interface and registry, the faster-whisper and openai-whisper
engines, long recordings in windows, the embedded model, the hallucination filter and the pass
that decodes again the speech the decoder skipped."""

from .. import lazy

# name -> the submodule that defines it, imported on first use: a command that needs only
# part of this package (an unchanged re-ingest, `rr episodes`) does not pay for the rest.
_PUBLIC = {
    "ENGINES": "engine",
    "DutchSettings": "engine",
    "Engine": "engine",
    "check_engine": "engine",
    "create_engine": "engine",
    "fill_gaps": "gaps",
    "clean": "hallucinations",
    "EMBEDDED_NAME": "model",
    "embedded_model_dir": "model",
    "speech_maps": "windows",
    "transcribe_pcm": "windows",
}

__all__ = sorted(_PUBLIC)

__getattr__ = lazy.exports(__name__, _PUBLIC)
