"""Audio to words: the engine interface and registry, the faster-whisper and openai-whisper
engines, long recordings in windows, the embedded model, the hallucination filter and the pass
that decodes again the speech the decoder skipped."""

from .engine import ENGINES, DutchSettings, Engine, check_engine, create_engine
from .gaps import fill_gaps
from .hallucinations import clean
from .model import EMBEDDED_NAME, embedded_model_dir
from .windows import transcribe_pcm

__all__ = ["ENGINES", "EMBEDDED_NAME", "DutchSettings", "Engine", "check_engine", "clean", "create_engine",
           "embedded_model_dir", "fill_gaps", "transcribe_pcm"]
