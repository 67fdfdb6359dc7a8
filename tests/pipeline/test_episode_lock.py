"""One writer per episode: an editor's `rr speakers --set` during a re-ingest is not lost.

No model runs here: the ingest's critical section (load the stored transcript, name the
speakers, publish) is played by the same library calls, with the editor in another thread
at the worst moment. tests/pipeline/test_ingest.py does it once more with a real re-ingest.
"""

import threading

import pytest

from razendereporter import pipeline
from razendereporter import transcript as transcript_io
from razendereporter.catalogue import Catalogue
from razendereporter.config import Config
from razendereporter.errors import RRError
from razendereporter.pipeline.locks import episode_lock
from razendereporter.speakers import editor_overrides, name_speakers
from speaker_scripts import ARTICLE, INTERVIEW, transcript_from

EPISODE = {"id": "ep1", "wijk": "zilverkamp", "suffix": ".mp4", "sha256": "ab" * 32, "article": "zilverkamp",
           "slot": 1, "steps": ["media", "transcript", "speakers", "subtitles"],
           "transcript": "transcripts/zilverkamp/ep1.nl.json"}


@pytest.fixture
def episode(root):
    tr = transcript_from(INTERVIEW)
    name_speakers(tr, ARTICLE, 1, {})
    sidecar = root / EPISODE["transcript"]
    sidecar.parent.mkdir(parents=True)
    transcript_io.save(sidecar, tr)
    with Catalogue(root).transaction() as db:
        db.table("articles").insert(ARTICLE)
        db.table("episodes").insert(dict(EPISODE))
    return dict(EPISODE)


def ingest_with_editor_in_between(root, episode, locked: bool) -> threading.Thread:
    """The ingest's load → name → publish, with `rr speakers --set S2=…` started after the load."""
    errors = []
    editor = threading.Thread(target=lambda: _catch(errors, pipeline.speakers, Catalogue(root), "ep1", ("S2=Ad de Kort",)))
    with episode_lock(Catalogue(root), episode) if locked else _nothing():
        catalogue = Catalogue(root)
        _, transcript = pipeline.load_episode(catalogue, "ep1")
        editor.start()
        editor.join(timeout=1.0)  # unlocked, the editor is done by now; locked, it waits
        assert editor.is_alive() == locked
        name_speakers(transcript, ARTICLE, 1, editor_overrides(transcript))
        pipeline.publish(catalogue, "ep1", transcript)
    editor.join(timeout=30)
    assert not editor.is_alive() and not errors, errors
    return editor


def _catch(errors, fn, *args):
    try:
        fn(*args)
    except Exception as exc:  # noqa: BLE001 - reported by the test
        errors.append(exc)


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def stored_name(root, label):
    return (transcript_io.load(root / EPISODE["transcript"]).speakers[label]["name"],
            Catalogue(root).get("speakers", episode="ep1", label=label)["name"])


def test_the_editors_name_survives_an_ingest_that_held_the_transcript(root, episode):
    ingest_with_editor_in_between(root, episode, locked=True)
    assert stored_name(root, "S2") == ("Ad de Kort", "Ad de Kort")
    assert "<v Ad de Kort>" in (root / "transcripts/zilverkamp/ep1.nl.vtt").read_text(encoding="utf-8")


def test_without_the_lock_the_ingest_overwrites_the_editor(root, episode):
    """The hole the lock closes: this is what happened before."""
    ingest_with_editor_in_between(root, episode, locked=False)
    assert stored_name(root, "S2") == ("Stefan Ramaker", "Stefan Ramaker")


def test_a_held_episode_gives_a_one_line_error_after_the_timeout(root, episode):
    impatient = Catalogue(root, Config(lock_timeout=0.2))
    held, release = threading.Event(), threading.Event()

    def other_process():
        with episode_lock(Catalogue(root), episode):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=other_process)
    holder.start()
    try:
        assert held.wait(10)
        with pytest.raises(RRError) as err:
            pipeline.speakers(impatient, "ep1", ("S2=Ad de Kort",))
        assert "episode 'ep1' is locked: another rr process (an ingest or an edit) is changing it" in str(err.value)
        assert "\n" not in str(err.value)
        with pytest.raises(RRError, match="is changing it"):
            pipeline.rename_speakers(impatient, "ep1")
    finally:
        release.set()
        holder.join()
    assert pipeline.speakers(Catalogue(root), "ep1", ("S2=Ad de Kort",))[1]["name"] == "Ad de Kort"  # free again


def test_the_lock_lies_next_to_the_sidecar_and_is_reentrant(root, episode):
    assert Catalogue(root).paths(episode).lock == root / "transcripts/zilverkamp/ep1.nl.json.lock"
    with episode_lock(Catalogue(root), episode):
        # an editing step inside another (link → rename) does not wait for itself
        pipeline.rename_speakers(Catalogue(root), "ep1")


HOLDER = """
import json, sys, time
sys.argv = ["rr", "ingest", "zilverkamp.mp4", "--wijk", "Zilverkamp", "--force"]
from razendereporter.catalogue import Catalogue
from razendereporter.pipeline.locks import episode_lock
root = sys.stdin.readline().strip()
with episode_lock(Catalogue(root), json.loads(sys.stdin.readline())):
    print("holding", flush=True)
    time.sleep(1.5)
"""


def test_an_editor_waiting_for_an_ingest_is_told_who_holds_the_episode(root, episode, caplog):
    import json
    import logging
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", HOLDER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    proc.stdin.write(f"{root}\n{json.dumps(episode)}\n")
    proc.stdin.flush()
    assert proc.stdout.readline().strip() == "holding"
    with caplog.at_level(logging.WARNING, logger="razendereporter"):
        assert pipeline.speakers(Catalogue(root), "ep1", ("S2=Ad de Kort",))[1]["name"] == "Ad de Kort"  # after the wait
    proc.wait(timeout=30)
    assert [r.getMessage() for r in caplog.records] == [
        f"waiting up to 120 s for episode 'ep1', held by pid {proc.pid} (rr ingest zilverkamp.mp4 --wijk Zilverkamp "
        "--force): another rr process (an ingest or an edit) is changing it"]
