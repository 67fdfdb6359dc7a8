"""`rr correct` end to end on a real-voice interview and the embedded model: the editor's words are
published, re-aligned where they changed, recorded, undone and kept through a re-transcription."""

import json
import re
import shutil
import threading

import interviews
import pytest
import synth
from click.testing import CliRunner

import razendereporter
from razendereporter import pipeline
from razendereporter import transcript as transcript_io
from razendereporter.catalogue import Catalogue
from razendereporter.config import Config
from razendereporter.pipeline import correct as corrections
from razendereporter.corrections import normalise
from razendereporter.corrections.matching import match
from razendereporter.cli import main
from razendereporter.errors import RRError
from razendereporter.pipeline.locks import episode_lock
from razendereporter.subtitles import cues_for, read_cues
from razendereporter.subtitles.cues import MAX_DURATION, MAX_LINE
from razendereporter.subtitles.vtt import timestamp
from razendereporter.transcribe import DutchSettings

pytestmark = pytest.mark.model

EPISODE = "kitchen-table"


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, model_cache):
    """kitchen-table (29 s, two real voices) ingested once; each test corrects its own copy."""
    iv = interviews.build(EPISODE)
    folder = tmp_path_factory.mktemp("ingested")
    video = interviews.write_video(iv, folder / f"{EPISODE}.mp4")
    root = folder / "catalogue"
    pipeline.ingest(Catalogue(root), video, "Ermelo-West")
    return root, video, iv


@pytest.fixture
def ep(ingested, tmp_path):
    base, video, iv = ingested
    root = tmp_path / "catalogue"
    shutil.copytree(base, root)
    episode = Catalogue(root).episode(EPISODE)
    return root, episode, iv, video


def sidecar(root, episode):
    return transcript_io.load(root / episode["transcript"])


def state(root, episode):
    """Everything a failed correction must leave as it was."""
    return [(root / p).read_bytes() for p in (episode["transcript"], episode["vtt"], "catalog.json")]


def tokens(text):
    return text.split()


def vtt_words(root, episode):
    return [w for cue in read_cues((root / episode["vtt"]).read_text(encoding="utf-8")) for w in tokens(cue["text"])]


def raw_words(sidecar_text):
    """Every word of a sidecar as the JSON text it is stored as."""
    return [json.dumps(w, ensure_ascii=False) for s in json.loads(sidecar_text)["segments"] for w in s["words"]]


def write_vtt(path, cues):
    path.write_text("WEBVTT\n\n" + "\n".join(
        f"{timestamp(c['start'])} --> {timestamp(c['end'])}\n" + (f"<v {c['voice']}>" if c.get("voice") else "")
        + c["text"] + "\n" for c in cues), encoding="utf-8")
    return path


def exported(root, episode):
    return read_cues(pipeline.export(Catalogue(root), EPISODE, "vtt"))


def check_cue_rules(transcript):
    cues = cues_for(transcript)
    assert cues
    for cue in cues:
        assert 1 <= len(cue.lines) <= 2 and cue.end - cue.start <= MAX_DURATION + 1e-3
        assert len(cue.words) == 1 or all(len(line) <= MAX_LINE for line in cue.lines)
        assert len({w.speaker for w in cue.words}) == 1
    assert all(a.end <= b.start + 1e-3 for a, b in zip(cues, cues[1:]))


def test_three_words_of_one_cue_change_only_those_words(ep, tmp_path):
    root, episode, _, _ = ep
    before_json = (root / episode["transcript"]).read_text(encoding="utf-8")
    cues = exported(root, episode)
    k = max(range(len(cues)), key=lambda i: len(tokens(cues[i]["text"])))
    words = tokens(cues[k]["text"])
    for position, new in zip((1, 3, 5), ("huis", "tuin", "straat")):
        words[position] = new
    cues[k]["text"] = " ".join(words)
    result = corrections.correct_file(Catalogue(root), EPISODE, write_vtt(tmp_path / "fix.vtt", cues), editor="Anna")
    assert result.status == "corrected" and result.words_aligned == 3 and len(result.records) == 3
    after = sidecar(root, episode)
    old, new = (raw_words(data) for data in (before_json, (root / episode["transcript"]).read_text(encoding="utf-8")))
    assert len(old) == len(new)
    changed = [i for i, (a, b) in enumerate(zip(old, new)) if a != b]
    assert [after.words[i].text for i in changed] == [" huis", " tuin", " straat"]
    for i in changed:  # re-timed, inside the gap the kept words around it leave
        assert after.words[i - 1].end <= after.words[i].start <= after.words[i].end <= after.words[i + 1].start
    assert [r["after"][0]["text"] for r in after.corrections] == [" huis", " tuin", " straat"]
    assert all(r["editor"] == "Anna" and r["save"] == 1 for r in after.corrections)
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", after.corrections[0]["when"])


def test_the_truth_text_is_published(ep, tmp_path):
    root, episode, iv, _ = ep
    machine = sidecar(root, episode)
    truth = tmp_path / "truth.txt"
    truth.write_text("\n".join(t.text for t in iv.turns) + "\n", encoding="utf-8")
    result = corrections.correct_file(Catalogue(root), EPISODE, truth, editor="Anna")
    assert synth.wer(iv.text, machine.text) > 0.1 and len(result.records) >= 5
    assert vtt_words(root, episode) == tokens(iv.text), "word error of the published VTT: 0"
    corrected = sidecar(root, episode)
    check_cue_rules(corrected)
    kept = {(w.start, w.end, w.text) for w in machine.words} & {(w.start, w.end, w.text) for w in corrected.words}
    assert len(kept) >= len(machine.words) // 2, "the words Whisper heard right keep their times"
    print(f"\nalignment: {result.align_cpu_s:.2f} s CPU for {result.audio_s:.1f} s of audio changed "
          f"({result.align_cpu_s / result.audio_s * 60:.1f} CPU s per minute), {result.words_aligned} words")
    hits = razendereporter.search_quotes(Catalogue(root), "dialoog").hits
    assert hits and "deze dialoog voeren" in hits[0].text, "the quotes and the search index follow"
    history = corrections.history(Catalogue(root), EPISODE)
    assert len(history) == len(result.records) and '-> "dialoog"' in " ".join(r["change"] for r in history)


def test_cues_timed_by_the_editor_keep_their_times_and_every_word_is_aligned_in_them(ep, tmp_path):
    """The truth as a VTT with the truth's turn times: every cue is the editor's, every word aligned
    again; where Whisper heard a word right, the aligned word lies where Whisper put it."""
    root, episode, iv, _ = ep
    machine = sidecar(root, episode)
    cues = [{"start": t.start, "end": t.end, "text": t.text} for t in iv.turns]
    result = corrections.correct_file(Catalogue(root), EPISODE, write_vtt(tmp_path / "truth.vtt", cues))
    assert result.words_aligned == len(tokens(iv.text))
    assert vtt_words(root, episode) == tokens(iv.text)
    corrected = sidecar(root, episode)
    check_cue_rules(corrected)
    pairs = match([normalise(w.text) for w in machine.words], [normalise(w.text) for w in corrected.words])
    assert len(pairs) >= len(machine.words) // 2
    spoken = [(t.start, t.end) for t in iv.turns]
    compared = 0
    for new, old in pairs.items():
        a, b = corrected.words[new], machine.words[old]
        if any(start <= b.start and b.end <= end for start, end in spoken):  # not where Whisper itself was off
            assert abs(a.start - b.start) <= 0.3 and abs(a.end - b.end) <= 0.3, (b, a)
            compared += 1
    assert compared >= len(pairs) * 0.8
    turns, k = [], 0
    for turn in iv.turns:  # every turn's words lie inside the editor's cue, from its start to its end
        n = len(tokens(turn.text))
        words, k = corrected.words[k:k + n], k + n
        assert turn.start - 1e-3 <= words[0].start and words[-1].end <= turn.end + 1e-3
        turns += [abs(words[0].start - turn.start), abs(words[-1].end - turn.end)]
    print(f"\nturn boundaries: median {sorted(turns)[len(turns) // 2]:.2f} s, largest {max(turns):.2f} s; "
          f"{result.align_cpu_s:.2f} s CPU for {result.audio_s:.1f} s")
    assert sorted(turns)[len(turns) // 2] <= 0.15


def test_voices_reassign_words_and_undo_takes_saves_back_exactly(ep, tmp_path):
    root, episode, iv, _ = ep
    original = state(root, episode)
    machine = sidecar(root, episode)
    truth = tmp_path / "truth.txt"
    truth.write_text("\n".join(t.text for t in iv.turns) + "\n", encoding="utf-8")
    corrections.correct_file(Catalogue(root), EPISODE, truth)
    once = sidecar(root, episode)
    cues = exported(root, episode)
    labels = {info["name"]: label for label, info in once.speakers.items()}
    other = next(c for c in cues if c["voice"] != cues[0]["voice"])
    other["voice"] = cues[0]["voice"]  # this cue is the first speaker's
    cues[-1]["voice"] = "Anna de Vries"  # and the last cue a new speaker's
    result = corrections.correct_file(Catalogue(root), EPISODE, write_vtt(tmp_path / "voices.vtt", cues))
    assert result.words_aligned == 0, "a voice changes the speaker, not the times"
    twice = sidecar(root, episode)
    assert [(w.start, w.end, w.text) for w in twice.words] == [(w.start, w.end, w.text) for w in once.words]
    new_label = next(label for label, info in twice.speakers.items() if info["name"] == "Anna de Vries")
    assert twice.speakers[new_label]["method"] == "editor" and new_label not in once.speakers
    assert {w.speaker for w in twice.words if w.start >= cues[-1]["start"] - 0.01} == {new_label}
    assert all(w.speaker == labels[cues[0]["voice"]] for w in twice.words if other["start"] <= w.start < other["end"])
    assert "<v Anna de Vries>" in (root / episode["vtt"]).read_text(encoding="utf-8")
    assert [r["save"] for r in corrections.history(Catalogue(root), EPISODE)][-1] == 2
    assert corrections.undo(Catalogue(root), EPISODE).status == "undone"
    assert sidecar(root, episode).words == once.words
    corrections.undo(Catalogue(root), EPISODE)
    assert sidecar(root, episode).words == machine.words and sidecar(root, episode).corrections == []
    assert state(root, episode)[1] == original[1], "the VTT is the machine's again, byte for byte"
    with pytest.raises(RRError, match="has no corrections to undo"):
        corrections.undo(Catalogue(root), EPISODE)


CHANGES = [  # (machine word to find, the editor's words): ten corrections in five saves
    (("geeds", "geest"), ("uiteindel", "uiteinde")),
    (("komen", "kwam"), ("dialog", "dialoog")),
    (("publieks", "puppy’s"), ("hadden", "had hem")),
    (("Zomge", "Sommige"), ("reinen", "reinen toe")),
    (("lamp", "lamp,"), ("weinig", "")),
]


def test_ten_corrections_survive_a_retranscription_with_another_beam_size(ep, tmp_path):
    root, episode, _, video = ep
    texts = [w for cue in exported(root, episode) for w in tokens(cue["text"])]
    changes = CHANGES
    if len([pair for save in CHANGES for pair in save if pair[0] in texts]) < 10:
        # Another CPU heard other words: correct ten of its words instead.
        changes = [((texts[i], texts[i].upper() + "-A"),) for i in range(2, len(texts), len(texts) // 10)][:10]
    for save in changes:
        cues = exported(root, episode)
        for wrong, right in save:
            cue = next(c for c in cues if wrong in tokens(c["text"]))
            words = tokens(cue["text"])
            words[words.index(wrong)] = right
            cue["text"] = " ".join(w for w in words if w)
        corrections.correct_file(Catalogue(root), EPISODE, write_vtt(tmp_path / "fix.vtt", cues))
    corrected = sidecar(root, episode)
    assert len(corrected.corrections) == 10 and len({r["save"] for r in corrected.corrections}) == len(changes)
    again = pipeline.ingest(Catalogue(root), video, "Ermelo-West")
    assert again.status == "unchanged" and sidecar(root, episode).corrections == corrected.corrections
    redone = pipeline.ingest(Catalogue(root), video, "Ermelo-West", force=True, settings=DutchSettings(beam_size=1))
    assert redone.status == "ingested"
    kept = sidecar(root, episode)
    assert len(kept.corrections) == 10 and not [w for w in redone.warnings if "does not fit" in w]
    words = [(w.start, w.end, w.text) for w in kept.words]
    for record in kept.corrections:
        after = [(w["start"], w["end"], w["text"]) for w in record["after"]]
        assert any(words[i:i + len(after)] == after for i in range(len(words))), record
    spoken = vtt_words(root, episode)
    for save in changes:
        for _, right in save:
            assert all(w in spoken for w in tokens(right))


def test_bad_input_is_one_line_and_changes_nothing(ep, tmp_path, monkeypatch):
    root, episode, _, _ = ep
    before = state(root, episode)
    cues = exported(root, episode)
    far = write_vtt(tmp_path / "far.vtt", cues + [{"start": 2700.0, "end": 2702.0, "text": "Tot de volgende keer."}])
    other = tmp_path / "other.txt"
    other.write_text(interviews.build("three-voices").text, encoding="utf-8")
    broken = tmp_path / "broken.vtt"
    broken.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02,000\nhallo\n", encoding="utf-8")
    empty = tmp_path / "empty.srt"
    empty.write_text("")
    long_name = write_vtt(tmp_path / "long-name.vtt", [{**cues[0], "voice": "Jan " * 100}] + cues[1:])
    for path, message in [(far, r"far.vtt, line \d+: the cue ends at 45:02, after the end of the video \(0:29\)"),
                          (long_name, r"long-name.vtt, line 3: the speaker's name in <v …> has 399 characters, "
                                      r"more than a name may have \(120\)"),
                          (other, r"keeps only \d+% of the episode's \d+ words: is it the transcript of another episode"),
                          (broken, r"broken.vtt, line 3: cue timings .* do not parse"),
                          (empty, r"empty.srt is empty")]:
        with pytest.raises(RRError, match=message) as caught:
            corrections.correct_file(Catalogue(root), EPISODE, path)
        assert "\n" not in str(caught.value)
        assert state(root, episode) == before, path
    # While an ingest holds the episode, a correction waits for it, then gives up with one line.
    held, release = threading.Event(), threading.Event()

    def ingest_at_work():
        with episode_lock(Catalogue(root), episode):
            held.set()
            release.wait(10)

    worker = threading.Thread(target=ingest_at_work)
    worker.start()
    held.wait(10)
    try:
        with pytest.raises(RRError, match="is locked: another rr process .* is changing it; waited 0 s"):
            corrections.correct_file(Catalogue(root, Config(lock_timeout=0.5)), EPISODE,
                                     write_vtt(tmp_path / "same.vtt", cues))
    finally:
        release.set()
        worker.join()
    assert state(root, episode) == before
    # The new words are aligned to the episode's video: without it, nothing is changed.
    (root / episode["video"]).rename(tmp_path / "away.mp4")
    cues[0]["text"] = "Tot ziens " + cues[0]["text"]
    with pytest.raises(RRError, match=r"the video of episode 'kitchen-table' \(media/ermelo-west/kitchen-table.mp4\) is not there"):
        corrections.correct_file(Catalogue(root), EPISODE, write_vtt(tmp_path / "new.vtt", cues))
    assert state(root, episode) == before


def test_a_long_cue_and_overlapping_cues_are_warned_about_per_cue(ep, tmp_path):
    root, episode, _, _ = ep
    cues = exported(root, episode)
    merged = {"start": cues[0]["start"], "end": cues[3]["end"], "voice": None,
              "text": " ".join(c["text"] for c in cues[:4]) + " " + " ".join(c["text"] for c in cues[:2])}
    shifted = dict(cues[5], start=cues[4]["start"] + 0.3)  # starts inside the cue before it
    path = write_vtt(tmp_path / "long.vtt", [merged, cues[4], shifted] + cues[6:])
    result = corrections.correct_file(Catalogue(root), EPISODE, path)
    assert [w for w in result.warnings if "characters, more than a subtitle shows (84)" in w] == \
        [w for w in result.warnings if w.startswith(f"{path}, line 3:") and "characters" in w]
    assert len([w for w in result.warnings if "overlaps the one at line 6" in w]) == 1
    assert len(merged["text"]) >= 250
    check_cue_rules(sidecar(root, episode))  # the long cue is cut by the subtitle rules


def test_the_commands(ep, tmp_path):
    root, episode, iv, _ = ep
    truth = tmp_path / "truth.txt"
    truth.write_text("\n".join(t.text for t in iv.turns) + "\n", encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(main, ["--root", str(root), "correct", EPISODE, str(truth), "--editor", "Anna de Vries"])
    assert done.exit_code == 0, done.output
    assert re.match(r"corrected: kitchen-table, \d+ words in \d+ places, \d+ aligned to the audio", done.stdout)
    history = runner.invoke(main, ["--root", str(root), "history", EPISODE, "--json"])
    records = json.loads(history.stdout)
    assert records and {r["editor"] for r in records} == {"Anna de Vries"} and all("before" in r for r in records)
    text = runner.invoke(main, ["--root", str(root), "history", EPISODE]).stdout
    assert text.startswith("save 1  ") and "Anna de Vries" in text and '-> "dialoog"' in text
    again = runner.invoke(main, ["--root", str(root), "correct", EPISODE, str(truth)])
    assert again.exit_code == 0 and again.stdout.startswith("unchanged: kitchen-table")
    bad = runner.invoke(main, ["--root", str(root), "correct", EPISODE, str(tmp_path / "missing.vtt")])
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1 and bad.stderr.startswith("error: ")
    both = runner.invoke(main, ["--root", str(root), "correct", EPISODE, str(truth), "--undo"])
    assert both.exit_code == 1 and "not both" in both.stderr
    undone = runner.invoke(main, ["--root", str(root), "correct", EPISODE, "--undo"])
    assert undone.exit_code == 0 and undone.stdout.startswith("undone: 1 save")
    assert runner.invoke(main, ["--root", str(root), "history", EPISODE]).stdout == "no corrections yet\n"
