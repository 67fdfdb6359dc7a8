"""Where `rr site build` writes: a whole site or nothing, never inside the catalogue's own files.

The site is built in a temporary folder beside OUT (``.OUT.rr-build-<pid>-…``) and moved into
place at the end: a new OUT is one rename; an earlier build is replaced part by part (each
page, each folder one rename), so files of yours beside the site (a ``CNAME``, a ``.git``) stay.
A missing video or a full disk stops the build before OUT is touched, and the temporary
folder of a build that was killed is removed by the next build (its process is gone).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .. import atomic
from ..errors import RRError

# The catalogue's own folders: a site written into them would mix copies of the videos
# with the originals (and `rr serve` would serve the site's files as media).
CATALOGUE_FOLDERS = ("media", "transcripts", ".rr-index", ".rr-work")
# What every site rr builds has; an OUT holding something else is not replaced.
SITE_MARKERS = ("index.html", "zoeken.html", "static/player.js")


def check_out(root: Path, out: Path) -> None:
    """Refuse an OUT that would hold the catalogue, lie inside its folders, or is someone else's."""
    if out == root or root.is_relative_to(out):
        raise RRError(f"the site folder {out} would contain the catalogue; choose another folder")
    for name in CATALOGUE_FOLDERS:
        if out.is_relative_to(root / name):
            raise RRError(f"the site folder {out} is inside the catalogue's {name}/; choose a folder outside it")
    if out.exists() and not out.is_dir():
        raise RRError(f"the site folder {out} is a file; choose a folder")
    if out.is_dir() and any(out.iterdir()) and not all((out / m).is_file() for m in SITE_MARKERS):
        raise RRError(f"{out} is not empty and holds no site built by rr; choose a new or empty folder "
                      f"(nothing was written)")


def staging(out: Path) -> Path:
    """A new temporary folder beside ``out`` (stale ones of killed builds removed first)."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        atomic.remove_orphans(out.parent, f".{out.name}.rr-build-*")
        return Path(tempfile.mkdtemp(prefix=f".{out.name}.rr-build-{os.getpid()}-", dir=out.parent))
    except OSError as exc:
        raise RRError(f"cannot write the site beside {out}: {exc.strerror or exc}") from exc


def publish(built: Path, out: Path) -> None:
    """Move the finished site ``built`` to ``out``; ``built`` is gone afterwards."""
    try:
        if not out.exists():
            os.rename(built, out)
            atomic.fsync_dir(out.parent)
            return
        trash = built / ".replaced"
        trash.mkdir()
        for entry in sorted(p for p in built.iterdir() if p != trash):
            target = out / entry.name
            if (target.is_dir() and not target.is_symlink()) or (entry.is_dir() and os.path.lexists(target)):
                os.rename(target, trash / entry.name)  # a folder is swapped whole; a page replaced in one rename
            os.replace(entry, target)
        atomic.fsync_dir(out)
    except OSError as exc:
        raise RRError(f"cannot move the new site into {out}: {exc.strerror or exc}") from exc
    finally:
        shutil.rmtree(built, ignore_errors=True)


def copy_file(src: Path, dst: Path, previous: Path | None = None) -> None:
    """``src`` to ``dst``; a ``previous`` copy with the same size and time is linked, not copied
    again (a video of hundreds of megabytes, unchanged since the last build)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        st = src.stat()
    except FileNotFoundError:
        raise RRError(f"{src} is missing; the site was not written") from None
    if previous is not None:
        try:
            pt = previous.stat()
            if pt.st_size == st.st_size and int(pt.st_mtime) == int(st.st_mtime):
                os.link(previous, dst)
                return
        except OSError:
            pass  # no earlier copy, or links not possible here: copy
    shutil.copy2(src, dst)
