"""Video in, audio out: probe a media file, extract 16 kHz mono audio, find speech in it."""

from .audio import SAMPLE_RATE, extract_audio, load_pcm, load_wav
from .probe import MediaInfo, ffmpeg_exe, probe, sha256_file
from .vad import VadSettings, speech_regions

__all__ = ["SAMPLE_RATE", "MediaInfo", "VadSettings", "extract_audio", "ffmpeg_exe", "load_pcm", "load_wav", "probe",
           "sha256_file", "speech_regions"]
