"""Audio to words: the engine interface and registry, the faster-whisper and openai-whisper
engines, long recordings in windows, the embedded model and the hallucination filter."""

from .engine import ENGINES, DutchSettings, Engine, check_engine, create_engine
from .hallucinations import clean
from .model import EMBEDDED_NAME, embedded_model_dir
from .windows import transcribe_pcm

__all__ = ["ENGINES", "EMBEDDED_NAME", "DutchSettings", "Engine", "check_engine", "clean", "create_engine",
           "embedded_model_dir", "transcribe_pcm"]
