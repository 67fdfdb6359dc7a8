"""Probing and audio extraction on real files of many kinds, and every bad input."""

import wave

import pytest
import synth

from razendereporter import media
from razendereporter.errors import RRError


@pytest.fixture(scope="module")
def speech():
    audio, _ = synth.conversation([synth.Line("a", "Goedemiddag, wij praten over isolatie.")], lead=0.3)
    return audio


@pytest.mark.parametrize("suffix,vcodec,acodec", [
    (".mp4", "libx264", "aac"),
    (".mkv", "libx264", "libopus"),
    (".webm", "libvpx-vp9", "libopus"),
    (".mov", "libx264", "aac"),
])
def test_probe_and_extract_video_containers(tmp_path, speech, suffix, vcodec, acodec):
    path = synth.make_video(speech, tmp_path / f"clip{suffix}", vcodec=vcodec, acodec=acodec)
    info = media.probe(path)
    assert info.has_video and info.width == 160
    assert info.duration == pytest.approx(len(speech) / 16000, abs=0.25)
    assert abs(info.audio_start) < 0.1
    seconds = media.extract_audio(path, tmp_path / "a.wav", info)
    assert seconds == pytest.approx(len(speech) / 16000, abs=0.25)
    with wave.open(str(tmp_path / "a.wav")) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (16000, 1, 2)
    audio = media.load_wav(tmp_path / "a.wav")
    assert audio.dtype.name == "float32" and 0.05 < abs(audio).max() <= 1.0


@pytest.mark.parametrize("suffix,acodec", [(".wav", "pcm_s16le"), (".ogg", "libopus"), (".m4a", "aac")])
def test_plain_audio_files_are_media_too(tmp_path, speech, suffix, acodec):
    path = synth.make_video(speech, tmp_path / f"clip{suffix}", acodec=acodec, video=False)
    info = media.probe(path)
    assert not info.has_video
    assert media.extract_audio(path, tmp_path / "a.wav", info) == pytest.approx(len(speech) / 16000, abs=0.25)


def test_audio_that_starts_late_is_reported_on_the_video_clock(tmp_path, speech):
    path = synth.make_video(speech, tmp_path / "late.mp4", audio_delay=1.5)
    assert media.probe(path).audio_start == pytest.approx(1.5, abs=0.1)


def test_bad_inputs_each_name_the_problem(tmp_path):
    with pytest.raises(RRError, match="no such file"):
        media.probe(tmp_path / "missing.mp4")
    (tmp_path / "empty.mp4").write_bytes(b"")
    with pytest.raises(RRError, match="empty"):
        media.probe(tmp_path / "empty.mp4")
    (tmp_path / "notes.mp4").write_text("dit is geen video\n" * 100)
    with pytest.raises(RRError, match="not a readable audio or video file"):
        media.probe(tmp_path / "notes.mp4")
    with pytest.raises(RRError, match="not a file"):
        media.probe(tmp_path)


def test_video_without_audio_is_refused(tmp_path):
    import subprocess

    path = tmp_path / "mute.mp4"
    subprocess.run([media.ffmpeg_exe(), "-loglevel", "error", "-f", "lavfi", "-i", "color=s=64x64:d=2",
                    "-c:v", "libx264", str(path)], check=True)
    with pytest.raises(RRError, match="no audio stream"):
        media.probe(path)


def test_truncated_files_are_refused(tmp_path, speech):
    import numpy as np

    # Four times the line (about 14 s): half the file is missing seconds, far beyond the
    # tolerance for a slightly short decode, not a margin case of a 3-second clip.
    long = synth.make_video(np.tile(speech, 4), tmp_path / "full.mp4")
    full = media.probe(long).duration
    assert full == pytest.approx(4 * len(speech) / 16000, abs=0.25)
    data = long.read_bytes()
    cut_end = tmp_path / "cut-end.mp4"  # faststart: index first, media data cut off
    cut_end.write_bytes(data[: len(data) // 2])
    info = media.probe(cut_end)  # the index is whole: the probe still sees the full length
    assert info.duration == full
    with pytest.raises(RRError, match=r"cut-end\.mp4: file looks truncated: audio decodes to"):
        media.extract_audio(cut_end, tmp_path / "a.wav", info)
    assert not (tmp_path / "a.wav").exists()
    cut_start = tmp_path / "cut-start.mp4"
    cut_start.write_bytes(data[: 200])
    with pytest.raises(RRError):
        info = media.probe(cut_start)
        media.extract_audio(cut_start, tmp_path / "b.wav", info)
    assert not list(tmp_path.glob("*.partial.wav"))


def test_wav_extract_is_memory_mapped_and_exact(tmp_path, speech):
    import numpy as np

    path = synth.write_wav(tmp_path / "s.wav", speech)
    pcm = media.load_pcm(path)
    assert isinstance(pcm, np.memmap) and pcm.dtype == np.dtype("<i2") and len(pcm) == len(speech)
    assert np.array_equal(pcm, (np.clip(speech, -1, 1) * 32767).astype("<i2"))
    assert np.allclose(media.load_wav(path), pcm / 32768.0)
