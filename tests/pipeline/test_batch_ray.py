"""`rr ingest MANIFEST --ray`: the heavy stage on a real local Ray cluster (2 CPUs), not a mock.

Ray binds the machine's network address; in a network namespace of its own (``unshare -n``,
with only the loopback up) it runs the same everywhere, CI included, and cannot meet another
cluster on the machine; in a PID namespace of its own the driver sees only the cluster's
processes. The driver starts the cluster with ``ray.init(num_cpus=2)``, kills the actor in the
middle of its first episode (Ray must start it again and retry the episode), runs the CLI twice
on it (the ingest, then the same command again) and shuts it down on exit.
"""

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import webvtt

import razendereporter
from razendereporter.catalogue import Catalogue

from test_batch import short_video

pytestmark = pytest.mark.model

DRIVER = """
import json, os, signal, sys, threading, time
from pathlib import Path
import ray
from razendereporter.cli import main

killed = []


def kill_the_first_actor_mid_episode():
    # Process 1 of its own PID namespace: every process in /proc is this cluster's.
    deadline = time.time() + 300
    while time.time() < deadline and not killed:
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                title = (proc / "cmdline").read_bytes().split(b"\\0")[0]
            except OSError:
                continue
            if title.startswith(b"ray::Analyser.analyse"):
                time.sleep(1.0)  # into the episode
                os.kill(int(proc.name), signal.SIGKILL)
                killed.append(int(proc.name))
                break
        time.sleep(0.05)


threading.Thread(target=kill_the_first_actor_mid_episode, daemon=True).start()
ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)  # a new cluster, always
runs = []
for _ in range(2):
    try:
        main(["--root", sys.argv[1], "--json", "ingest", sys.argv[2], "--ray", "auto"])
    except SystemExit as exc:
        runs.append(exc.code or 0)
print("EXITS", json.dumps(runs))
print("KILLED", len(killed))
ray.shutdown()
"""


def in_own_network(command: list[str]) -> list[str]:
    """``command`` as process 1 of new network and PID namespaces, the loopback up; fails (not
    skips) saying why it cannot."""
    missing = [tool for tool in ("unshare", "ip") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"{' and '.join(missing)} missing: install util-linux and iproute2 (make system-deps)")
    unshare = ["unshare", "-npf", "--mount-proc"] + ([] if os.getuid() == 0 else ["-r"])
    probe = subprocess.run(unshare + ["sh", "-c", "ip link set lo up"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.fail(f"cannot make a network namespace for the Ray cluster ({' '.join(unshare)}): "
                    f"{probe.stderr.strip()} — the kernel or container must allow user or network namespaces")
    quoted = " ".join(f"'{part}'" for part in command)
    return unshare + ["sh", "-c", f"ip link set lo up && exec {quoted}"]


@pytest.fixture(scope="module")
def ray_run(tmp_path_factory, model_cache):
    """One local cluster for the module: two episodes ingested through it, then the same command again."""
    work = tmp_path_factory.mktemp("ray")
    root = work / "catalogue"
    root.mkdir()
    for name in ("kitchen-table", "three-voices"):
        short_video(name, work / f"{name}.mp4")
    manifest = work / "seizoen.csv"
    manifest.write_text("file,wijk,title\nkitchen-table.mp4,Zilverkamp,Aan tafel\n"
                        "three-voices.mp4,Huissen,Drie stemmen\n", encoding="utf-8")
    driver = work / "driver.py"
    driver.write_text(textwrap.dedent(DRIVER), encoding="utf-8")
    src = str(Path(razendereporter.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")])),
           "RAY_USAGE_STATS_ENABLED": "0"}
    env.pop("RAY_ADDRESS", None)
    done = subprocess.run(in_own_network([sys.executable, str(driver), str(root), str(manifest)]), env=env,
                          capture_output=True, text=True, timeout=600)
    return root, done


def test_two_episodes_through_a_local_ray_cluster(ray_run):
    root, done = ray_run
    assert "EXITS [0, 0]" in done.stdout, done.stdout[-2000:] + done.stderr[-3000:]
    first, second = (json.loads(part) for part in _json_documents(done.stdout))
    assert "KILLED 1" in done.stdout, "an actor was killed in the middle of an episode"
    assert (first["done"], first["failed"]) == (2, 0), f"Ray started the actor again and retried its episode: {first}"
    assert first["workers"] == 1 and first["threads"] == 2, "2 CPUs: one actor of two threads"
    assert (second["unchanged"], second["done"]) == (2, 0), "the same command again skips both"
    catalogue = Catalogue(root)
    assert {(e["id"], e["wijk"]) for e in catalogue.find("episodes")} == {("aan-tafel", "zilverkamp"),
                                                                          ("drie-stemmen", "huissen")}
    for episode in catalogue.find("episodes"):
        captions = webvtt.read(str(root / episode["vtt"])).captions
        assert captions and " ".join(c.text for c in captions).strip()
        assert catalogue.find("quotes", episode=episode["id"]) and "speakers" in episode["steps"]


def _json_documents(text: str) -> list[str]:
    """The two JSON summaries the driver's runs printed, one after the other."""
    decoder, found, at = json.JSONDecoder(), [], 0
    while (start := text.find("{", at)) != -1:
        _, end = decoder.raw_decode(text, start)
        found.append(text[start:end])
        at = end
    return found
