"""A site folder written anew: what an earlier build left in it is set aside first and removed after.

MkDocs empties the site folder before a build writes it again (``clean_directory``). On ext4
without a journal (this project's test machine), an inode freed in the last minute (six, while
its inode table block waits to be written) is not handed out again, so a build that writes 6,000
pages right after removing as many searches past them for every file: writing them took 1.5-2.3 s
of system time there, against 0.5-1.0 s with nothing removed in the minute before (BENCHMARKS.md,
"New site folders"). With a journal, ext4 reuses them at once and this costs nothing either way.
So the earlier site's entries are renamed, each in one step, into a hidden folder beside the site
folder, and that folder is removed once the new site is written. The site folder itself stays
(it may be a mount point, or served), and so do its hidden entries, which MkDocs never removes
either.

The folder set aside is named after the process that set it aside: a build that died before it
removed its own leaves one behind, which the next build removes; another running build's is left
alone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

_MARK = ".helpsite-earlier-"


def set_aside(site_dir: Path) -> Path | None:
    """Move the entries of ``site_dir`` that MkDocs would remove into a hidden folder beside it;
    that folder, or None when there was nothing to move or it cannot be beside it (``site_dir`` a
    mount point, or its parent not writable: MkDocs then removes them in place, as ever)."""
    site_dir = Path(os.path.abspath(site_dir))
    _remove_abandoned(site_dir)
    try:
        entries = _removable_entries(site_dir)
    except OSError:  # no site folder yet, or not a folder (MkDocs says so)
        return None
    if not entries:
        return None
    aside = _aside_folder(site_dir, os.getpid())
    try:
        if aside.exists():  # this process's own, from a build whose end never came (an error in serve's rebuild)
            shutil.rmtree(aside)
        aside.mkdir()
    except OSError:
        return None
    for entry in entries:
        try:
            os.rename(entry.path, aside / entry.name)
        except OSError:  # across file systems: the entries left are removed by MkDocs
            break
    return aside


def remove_set_aside(aside: Path | None) -> None:
    """Remove a folder :func:`set_aside` returned; what cannot be removed stays for the next build to retry."""
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)


@contextlib.contextmanager
def written_anew(folder: Path) -> Iterator[None]:
    """``folder``, emptied of its non-hidden entries (made when absent), for the block to write it
    anew; the earlier entries are removed after the block, or put back if it fails."""
    folder = Path(os.path.abspath(folder))
    aside = set_aside(folder)
    folder.mkdir(parents=True, exist_ok=True)
    _empty(folder)  # of the entries set_aside could not move
    try:
        yield
    except BaseException:
        if aside is not None:
            _empty(folder)
            for entry in os.scandir(aside):
                os.rename(entry.path, folder / entry.name)
        raise
    finally:
        remove_set_aside(aside)


def _aside_folder(site_dir: Path, pid: int) -> Path:
    return site_dir.parent / f".{site_dir.name}{_MARK}{pid}"


def _remove_abandoned(site_dir: Path) -> None:
    """Remove what builds that are no longer running set aside beside ``site_dir`` and never removed."""
    prefix = f".{site_dir.name}{_MARK}"
    try:
        candidates = [entry for entry in os.scandir(site_dir.parent) if entry.name.startswith(prefix)]
    except OSError:
        return
    for entry in candidates:
        pid = entry.name[len(prefix) :]
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            shutil.rmtree(entry.path, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _removable_entries(folder: Path) -> list[os.DirEntry]:
    """The entries MkDocs's clean_directory removes: all but the hidden ones."""
    return [entry for entry in os.scandir(folder) if not entry.name.startswith(".")]


def _empty(folder: Path) -> None:
    for entry in _removable_entries(folder):
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)
