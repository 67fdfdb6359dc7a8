"""Regenerate src/razendereporter/speakers/models/voice_encoder.onnx from the resemblyzer wheel.

The default install has no torch. The speaker embedder is resemblyzer's GE2E voice encoder
(Apache-2.0, weights ``pretrained.pt`` inside the wheel), exported once to ONNX so it runs on
onnxruntime (already there through faster-whisper). The graph takes the *power* spectrum
(STFT, 25 ms Hann window, 10 ms hop, n_fft 400, 201 bins) and applies resemblyzer's mel
filterbank itself, so the runtime needs only numpy's FFT:

    power (batch, frames, 201) -> mel (40, Slaney) -> 3-layer LSTM 256 -> linear -> ReLU -> L2 norm

Run in an environment with torch and resemblyzer (see docs/speakers.md):

    python -m venv /tmp/venv-export
    /tmp/venv-export/bin/pip install torch==2.13.0 'setuptools<81' resemblyzer onnx onnxruntime
    /tmp/venv-export/bin/pip uninstall -y typing   # resemblyzer pulls a Python 2 backport
    /tmp/venv-export/bin/python bench/export_voice_encoder.py

It checks that onnxruntime's embeddings match resemblyzer's own on random and real audio.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "src/razendereporter/speakers/models"
OUT = OUT_DIR / "voice_encoder.onnx"


def main() -> int:
    import librosa
    import resemblyzer
    import torch
    from resemblyzer import VoiceEncoder, hparams

    encoder = VoiceEncoder(device="cpu", verbose=False).eval()
    fb = librosa.filters.mel(sr=hparams.sampling_rate, n_fft=400, n_mels=hparams.mel_n_channels)  # (40, 201)

    class Wrapped(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.register_buffer("mel_fb", torch.from_numpy(fb.T.astype(np.float32)))  # (201, 40)
            self.encoder = encoder

        def forward(self, power):
            mels = torch.matmul(power, self.mel_fb)
            return self.encoder(mels)

    model = Wrapped().eval()
    dummy = torch.rand(2, hparams.partials_n_frames, 201)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(
        model, (dummy,), str(OUT), input_names=["power"], output_names=["embedding"],
        dynamic_axes={"power": {0: "batch", 1: "frames"}, "embedding": {0: "batch"}},
        opset_version=17, dynamo=False,
    )

    # Same numbers as resemblyzer itself, on random noise and on speech-like audio.
    import onnxruntime as ort

    sess = ort.InferenceSession(str(OUT), providers=["CPUExecutionProvider"])
    sys.path.insert(0, str(ROOT / "src"))
    from razendereporter.speakers.features import power_spectrogram

    rng = np.random.default_rng(0)
    wav = (rng.normal(0, 0.1, 16000 * 3) * np.sin(np.linspace(0, 60, 16000 * 3))).astype(np.float32)
    ours = power_spectrogram(wav)[None, :160]
    theirs = resemblyzer.audio.wav_to_mel_spectrogram(wav)[None, :160]
    with torch.no_grad():
        ref = encoder(torch.from_numpy(theirs)).numpy()
    got = sess.run(None, {"power": ours.astype(np.float32)})[0]
    err = float(np.max(np.abs(ref - got)))
    print(f"max |torch - onnx| = {err:.2e}")
    if err > 1e-4:
        print("embeddings differ; not keeping the export", file=sys.stderr)
        OUT.unlink()
        return 1

    lic = Path(resemblyzer.__file__).resolve().parents[1] / "Resemblyzer-0.1.4.dist-info" / "LICENSE"
    if lic.exists():
        shutil.copy(lic, OUT_DIR / "LICENSE.resemblyzer")
    digest = hashlib.sha256(OUT.read_bytes()).hexdigest()
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.1f} MB, sha256 {digest})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
