"""Benchmark: what writing a site's page folders costs right after removing as many, on this disk.

    .venv/bin/python bench/site_folder_writes.py [--pages 6000] [--rounds 3] [--pause 70] [--in DIR]

Each round writes ``--pages`` folders with a 40 KB ``index.html`` each (as a site is written)
into a new folder below DIR (default: a temporary folder, on the disk the builds write to), then
removes them and at once writes as many again, and removes those; then waits ``--pause`` seconds
before the next round. It prints the system CPU time (and wall time) of each write. On ext4 with
no journal, inodes freed in the last minute are not handed out again (six minutes while their
inode table block is unwritten), so the second write of a round costs more; with a journal, or on
tmpfs, the two cost the same. This is why a build sets the earlier site aside and removes it
after (helpsite.publishing.sitefolder), and why bench/builds.py gives each build a new folder.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

PAGE = b"x" * 40_000


def write_site(folder: Path, pages: int) -> tuple[float, float]:
    """System CPU seconds and wall seconds of writing ``pages`` page folders below ``folder``."""
    system, wall = resource.getrusage(resource.RUSAGE_SELF).ru_stime, time.perf_counter()
    for number in range(pages):
        page = folder / f"section-{number // 100}" / f"page-{number}"
        page.mkdir(parents=True)
        (page / "index.html").write_bytes(PAGE)
    return resource.getrusage(resource.RUSAGE_SELF).ru_stime - system, time.perf_counter() - wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pages", type=int, default=6000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pause", type=float, default=70.0, help="seconds between rounds (ext4 skips inodes freed in the last 60)")
    parser.add_argument("--in", dest="where", type=Path, help="write below this folder (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.where) as folder:
        root = Path(folder)
        for round_ in range(1, args.rounds + 1):
            if round_ > 1:
                time.sleep(args.pause)
            first = write_site(root / "first", args.pages)
            shutil.rmtree(root / "first")
            second = write_site(root / "second", args.pages)
            shutil.rmtree(root / "second")
            print(
                f"round {round_}: {first[0]:.2f} s system ({first[1]:.2f} s wall) with nothing removed just before; "
                f"{second[0]:.2f} s system ({second[1]:.2f} s wall) right after removing as many",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
