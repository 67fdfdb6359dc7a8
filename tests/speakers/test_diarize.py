"""Who speaks when: the diarizer on conversations with known turns.

Fixtures are made at test time (espeak-ng voices, the real Dutch recordings); see
tests/diarize_fixtures.py. DER is scored without a collar: every 10 ms of speech counts.
"""

from __future__ import annotations

import sys
import types

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import diarize_fixtures as F
from razendereporter.speakers import diarize, features
from razendereporter.speakers.clustering import estimate_speakers
from razendereporter.speakers.diarize import Turn, get_diarizer
from razendereporter.errors import RRError


@pytest.fixture(scope="module")
def dia():
    return get_diarizer("default")


def labels(turns: list[Turn]) -> set[str]:
    return {t.label for t in turns}


@pytest.fixture(scope="module")
def two():
    return F.interview([F.VOICE_A, F.VOICE_B], 6)


def test_two_speakers(dia, two):
    turns = dia(two.audio)
    assert labels(turns) == {"S1", "S2"}
    assert F.der(two.turns, turns) <= 0.10
    # S1 is whoever speaks first: the reporter here
    assert turns[0].label == "S1" and turns[0].start == pytest.approx(two.turns[0][0], abs=0.3)
    # turns are ordered and never overlap
    assert all(a.end <= b.start for a, b in zip(turns, turns[1:]))


def test_three_speakers(dia):
    conv = F.interview([F.VOICE_A, F.VOICE_B, F.VOICE_C], 8, seed=1)
    turns = dia(conv.audio)
    assert len(labels(turns)) == 3
    assert F.der(conv.turns, turns) <= 0.10


def test_six_speakers_with_the_article_prior(dia):
    conv = F.interview([F.VOICE_A, F.VOICE_B, F.VOICE_C, F.VOICE_D, F.VOICE_E, F.VOICE_F], 12, seed=6)
    turns = dia(conv.audio, expected_speakers=6)
    assert len(labels(turns)) == 6
    assert F.der(conv.turns, turns) <= 0.10


@pytest.mark.parametrize("make", [
    lambda: F.monologue(F.VOICE_A, 4),
    lambda: F.monologue(F.VOICE_B, 4, seed=1),
    lambda: F.monologue(F.VOICE_D, 4, noise_snr_db=10),
    lambda: F.real_monologue(),
    lambda: F.real_monologue(noise_snr_db=15),
], ids=["espeak-male", "espeak-female", "espeak-noisy", "real", "real-noisy"])
def test_one_speaker_is_never_split(dia, make):
    conv = make()
    # not without a prior, and not when the article expects an interviewer too
    for kw in ({}, {"expected_speakers": 2}):
        turns = dia(conv.audio, **kw)
        assert labels(turns) == {"S1"}, kw
        assert F.der(conv.turns, turns) <= 0.10


def test_similar_voices(dia):
    conv = F.interview([F.SIMILAR_A, F.SIMILAR_B], 6, seed=2)
    turns = dia(conv.audio)
    assert len(labels(turns)) == 2
    assert F.der(conv.turns, turns) <= 0.10


def test_noisy_two_speakers(dia):
    conv = F.interview([F.VOICE_A, F.VOICE_D], 6, seed=3, noise_snr_db=10)
    turns = dia(conv.audio)
    assert len(labels(turns)) == 2
    assert F.der(conv.turns, turns) <= 0.10


@pytest.mark.parametrize("factor", [1.25, 1.15])
def test_real_speech_two_voices(dia, factor):
    conv = F.real_conversation(factor)
    turns = dia(conv.audio)
    assert len(labels(turns)) == 2
    assert F.der(conv.turns, turns) <= 0.10


def test_speaker_count_given(dia, two):
    assert labels(dia(two.audio, num_speakers=1)) == {"S1"}
    three = dia(two.audio, num_speakers=3)
    assert len(labels(three)) == 3


def test_mfcc_baseline_with_count(two):
    mfcc = get_diarizer("mfcc")
    turns = mfcc(two.audio, num_speakers=2)
    assert F.der(two.turns, turns) <= 0.10
    assert F.der(two.turns, mfcc(two.audio, expected_speakers=2)) <= 0.10


def test_offset_free_times_and_silence(dia):
    silence = np.zeros(16000 * 3, np.float32)
    assert dia(silence) == []
    conv = F.monologue(F.VOICE_A, 1)
    padded = np.concatenate([np.zeros(16000 * 2, np.float32), conv.audio])
    turns = dia(padded)
    assert turns[0].start == pytest.approx(conv.turns[0][0] + 2.0, abs=0.3)


def test_bad_input():
    with pytest.raises(RRError, match="diarizer 'nonsense' is unknown; choose one of"):
        get_diarizer("nonsense")
    with pytest.raises(RRError, match=r"needs mono audio, got an array of shape \(2, 16000\)"):
        get_diarizer("default")(np.zeros((2, 16000), np.float32))
    with pytest.raises(RRError, match="speaker range 3–2 is empty"):
        get_diarizer("default")(np.zeros(16000, np.float32), min_speakers=3, max_speakers=2)


@pytest.fixture
def fresh_diarizers():
    """get_diarizer caches what it built: start and leave the pyannote tests with none."""
    yield


@pytest.fixture
def fake_pyannote(monkeypatch):
    """An importable pyannote.audio whose Pipeline records the model path it loads."""
    loaded = []
    package, audio = types.ModuleType("pyannote"), types.ModuleType("pyannote.audio")
    audio.Pipeline = type("Pipeline", (), {"from_pretrained": staticmethod(lambda path: loaded.append(path) or path)})
    package.audio = audio
    monkeypatch.setitem(sys.modules, "pyannote", package)
    monkeypatch.setitem(sys.modules, "pyannote.audio", audio)
    return loaded


def test_pyannote_without_its_package_says_how_to_install_it(monkeypatch, tmp_path, fresh_diarizers):
    monkeypatch.setitem(sys.modules, "pyannote.audio", None)  # import fails, as when not installed
    monkeypatch.setenv("RR_PYANNOTE_MODEL", str(tmp_path))  # the model is there: only the package is missing
    with pytest.raises(RRError, match=r"needs pyannote\.audio: pip install pyannote\.audio"):
        get_diarizer("pyannote")


def test_pyannote_needs_its_model(monkeypatch, tmp_path, fake_pyannote, fresh_diarizers):
    monkeypatch.delenv("RR_PYANNOTE_MODEL", raising=False)
    with pytest.raises(RRError, match="needs RR_PYANNOTE_MODEL set to a local pipeline folder"):
        get_diarizer("pyannote")
    monkeypatch.setenv("RR_PYANNOTE_MODEL", str(tmp_path / "missing"))
    with pytest.raises(RRError, match="needs RR_PYANNOTE_MODEL set to a local pipeline folder"):
        get_diarizer("pyannote")
    assert fake_pyannote == []
    # with both, the pipeline is loaded from the model folder
    monkeypatch.setenv("RR_PYANNOTE_MODEL", str(tmp_path))
    assert get_diarizer("pyannote").pipeline == str(tmp_path) and fake_pyannote == [str(tmp_path)]


def test_der_scoring():
    ref = [(0, 10, "a"), (10, 20, "b")]
    assert F.der(ref, [Turn(0, 10, "x"), Turn(10, 20, "y")]) == pytest.approx(0.0)
    assert F.der(ref, [Turn(0, 20, "x")]) == pytest.approx(0.5, abs=0.01)  # b confused
    assert F.der(ref, [Turn(0, 10, "x")]) == pytest.approx(0.5, abs=0.01)  # b missed
    assert F.der(ref, [Turn(0, 10, "y"), Turn(10, 20, "x")]) == pytest.approx(0.0)  # labels mapped


def _clusters(k: int, sizes: list[int], spread: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors around k random centres: same-voice cosine ≈ 0.9, different ≈ 0.5 or lower."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(k, 256))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    xs, ys = [], []
    for j, n in enumerate(sizes):
        x = centres[j] + rng.normal(scale=spread / np.sqrt(256), size=(n, 256))
        xs.append(x / np.linalg.norm(x, axis=1, keepdims=True))
        ys += [j] * n
    return np.vstack(xs).astype(np.float32), np.asarray(ys)


@settings(max_examples=15, deadline=None)
@given(k=st.integers(1, 6), seed=st.integers(0, 10_000), data=st.data())
def test_estimator_finds_the_count(k, seed, data):
    sizes = data.draw(st.lists(st.integers(8, 40), min_size=k, max_size=k))
    emb, truth = _clusters(k, sizes, spread=0.35, seed=seed)
    found = estimate_speakers(emb, same_voice=diarize.GE2E_SAME_VOICE)
    assert len(np.unique(found)) == k
    # the clusters are the true ones (up to naming)
    for j in range(k):
        assert len(np.unique(found[truth == j])) == 1


def test_prior_keeps_one_voice_whole():
    emb, _ = _clusters(1, [40], spread=0.35, seed=1)
    assert len(np.unique(estimate_speakers(emb, expected=3))) == 1


def test_onnx_voice_encoder_matches_resemblyzer():
    torch = pytest.importorskip("torch")
    resemblyzer = pytest.importorskip("resemblyzer")
    from resemblyzer import VoiceEncoder as TorchEncoder

    wav = F.espeak(F.ANSWERS[0], F.VOICE_B)
    ours = diarize.VoiceEncoder()
    power = features.power_spectrogram(wav)
    windows = [power[i:i + 160] for i in range(0, len(power) - 160, 80)]
    got = ours(windows)
    mel = resemblyzer.audio.wav_to_mel_spectrogram(wav)
    ref_model = TorchEncoder(device="cpu", verbose=False)
    with torch.no_grad():
        ref = ref_model(torch.from_numpy(np.stack([mel[i:i + 160] for i in range(0, len(mel) - 160, 80)]))).numpy()
    assert got.shape == ref.shape
    assert np.max(np.abs(got - ref)) < 1e-4


def test_mel_filterbank_matches_librosa():
    librosa = pytest.importorskip("librosa")
    ref = librosa.filters.mel(sr=16000, n_fft=400, n_mels=40)
    assert np.allclose(features._mel_filterbank(40).T, ref, atol=1e-6)


def test_long_recordings_cluster_on_a_subsample(monkeypatch, two):
    """Above MAX_GRAPH windows the graph is built on a subsample; every window still gets a label."""
    monkeypatch.setattr(diarize, "MAX_GRAPH", 20)
    dia = diarize.EmbeddingDiarizer(diarize.VoiceEncoder(), same_voice=diarize.GE2E_SAME_VOICE)
    turns = dia(two.audio)
    assert labels(turns) == {"S1", "S2"}
    assert F.der(two.turns, turns) <= 0.10
