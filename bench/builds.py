"""Benchmark: the full site build, helpsite in one process and on every core, beside the stock stack.

    .venv/bin/python bench/builds.py [--sizes 500] [--rounds 2] [--properdocs] [--json FILE]

For each size N (articles per locale of bench/synthetic.py's corpus; three locales, about 3N
pages) it builds, in interleaved rounds so that the machine's other work spreads over all of them:

- helpsite:           `helpsite build --jobs 1` (MkDocs renders on one core, the checks run beside it);
- helpsite --jobs 2:  `helpsite build --jobs 2`, the locales in two shards merged into one site;
- helpsite properdocs (with --properdocs): `helpsite build --jobs 2 --engine properdocs`;
- stock + prune:      the same pages with Material + mkdocs-static-i18n and `navigation.prune`, no helpsite;
- stock:              the same without pruning, as the issue measured it.

With --incremental, it measures instead what the build cache saves (issue 17): a full build with
no cache (which fills it), then, each round, an edit of --edits articles (a sentence added to the
body of articles drawn from every locale) and a build with the cache, CPU seconds side by side; with
--verify, each incremental build is compared, file by file, with a full build of the same edit;
with --site-in DIR, the sites are written below DIR (/dev/shm takes the disk's own cost out of both
sides: on a virtual disk that has been written much, making the pages' folders costs seconds), and
each round's site folder is removed before the next round's build (in memory, the folders of
earlier rounds made each round's writes slower than the last's).

Each helpsite build starts with the check cache emptied (a cold build, as on a machine with no
cache to restore) and every build writes a new site folder, all of them removed at the end: on
ext4 without a journal (this machine's disk), files written right after as many were removed cost
two to four times their usual system time (bench/site_folder_writes.py), which would be measured
for whichever build came after a removal. With --incremental --same-site-folder, each build
writes over the last one's site instead, as a writer's rebuild does (helpsite sets the earlier
site aside and removes it after). It prints each measurement as a JSON line, then a table:
wall seconds (every round), the CPU seconds of the build and its children (median), and the
load average of the machine before and after, for the figures to be read against it.

Targets (issue 17): at N=500 the full build no slower than stock + prune; at N=2,000, with
`--jobs 2`, at least 4x faster than stock + prune; an edit of 10 articles at N=2,000 rebuilds in
at most 10% of a full build.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from synthetic import STOCK_MKDOCS_YML, generate  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
HELPSITE = [sys.executable, "-m", "helpsite.cli", "build"]
MKDOCS = [sys.executable, "-m", "mkdocs", "build", "-q"]
PRUNED_MKDOCS_YML = STOCK_MKDOCS_YML.replace("  font: false\n", "  font: false\n  features:\n    - navigation.prune\n")


def load() -> str:
    """The load average over 1, 5 and 15 minutes, as `uptime` prints it."""
    return "{:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg())


def timed(command: list[str], cwd: Path) -> dict:
    """Wall and CPU seconds (user + system, children included) and peak memory (MB, of the largest process) by GNU time."""
    result = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", *command], cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{result.stderr[-3000:]}")
    wall, user, system, kilobytes = result.stderr.strip().splitlines()[-1].split()
    cpu = round(float(user) + float(system), 1)
    return {"wall_s": float(wall), "cpu_s": cpu, "peak_mb": int(kilobytes) // 1024, "stderr": result.stderr}


class SiteFolders:
    """A new site folder for each build below ``root``, or (``same``) one folder every build writes over.
    ``one_at_a_time``: a new folder's predecessor is removed first, as CI has one site folder (in
    memory, under --site-in /dev/shm, the sites of earlier rounds left there made each round's writes
    slower than the last's: 0.5 to 1.7 s of system time; on the disk, removing them is what costs)."""

    def __init__(self, root: Path, same: bool = False, one_at_a_time: bool = False) -> None:
        self.root, self.same, self.one_at_a_time, self.count = root, same, one_at_a_time, 0

    def next(self) -> Path:
        if self.one_at_a_time and not self.same and self.count:
            shutil.rmtree(self.root / f"site-{self.count}", ignore_errors=True)
        self.count += 1
        return self.root / ("site" if self.same else f"site-{self.count}")

    def remove(self) -> None:
        for folder in self.root.glob("site*"):
            shutil.rmtree(folder, ignore_errors=True)


def builds(size: int, folder: Path, properdocs: bool, stock: bool = True) -> dict[str, tuple[Path, list[str]]]:
    """Each configuration's project and command, the projects generated once."""
    project = generate(folder / f"helpsite-{size}", size)
    pruned = generate(folder / f"pruned-{size}", size, stock=True)
    (pruned / "mkdocs.yml").write_text(PRUNED_MKDOCS_YML, encoding="utf-8")
    configurations = {
        "helpsite": (project, [*HELPSITE, "--jobs", "1"]),
        "helpsite --jobs 2": (project, [*HELPSITE, "--jobs", "2"]),
    }
    if properdocs:
        configurations["helpsite --jobs 2, properdocs"] = (project, [*HELPSITE, "--jobs", "2", "--engine", "properdocs"])
    configurations["stock + prune"] = (pruned, MKDOCS)
    if stock:
        configurations["stock"] = (generate(folder / f"stock-{size}", size, stock=True), MKDOCS)
    return configurations


def measure(size: int, folder: Path, rounds: int, properdocs: bool, stock: bool = True) -> dict:
    configurations = builds(size, folder, properdocs, stock)
    project = configurations["helpsite"][0]
    row: dict = {"articles_per_locale": size, "pages": len(list((project / "docs").rglob("*.md"))), "load_before": load(), "runs": {}}
    sites = {cwd: SiteFolders(cwd) for cwd, _ in configurations.values()}
    for round_ in range(rounds):
        for name, (cwd, command) in configurations.items():
            shutil.rmtree(cwd / ".helpsite-cache", ignore_errors=True)
            run = timed([*command, "-d", str(sites[cwd].next())], cwd)
            run.pop("stderr")
            row["runs"].setdefault(name, []).append(run)
            print(json.dumps({"size": size, "round": round_ + 1, "build": name, **run, "load": load()}), flush=True)
    row["load_after"] = load()
    for folders in sites.values():
        folders.remove()
    return row


def edit_articles(project: Path, count: int, round_: int) -> list[str]:
    """A sentence added to the body of ``count`` articles of any locale (drawn with a fixed seed per round)."""
    articles = sorted(path for path in (project / "docs").rglob("article-*.md"))
    chosen = random.Random(f"edit-{round_}").sample(articles, count)
    for path in chosen:
        with path.open("a", encoding="utf-8") as out:
            out.write(f"\nA sentence added by edit round {round_}.\n")
    return [path.relative_to(project / "docs").as_posix() for path in chosen]


def incremental(
    size: int, folder: Path, rounds: int, edits: int, jobs: int, verify: bool, site_in: Path | None = None, same_site_folder: bool = False
) -> dict:
    """A full build (no cache: it fills one), then rounds of an edit and a build with the cache;
    ``site_in``: the site folders below that folder (the project's own by default);
    ``same_site_folder``: every build writes over the last one's site."""
    project = generate(folder / f"incremental-{size}", size)
    sites = SiteFolders(site_in / f"helpsite-bench-{size}" if site_in is not None else project, same_site_folder, site_in is not None)
    sites.root.mkdir(parents=True, exist_ok=True)
    command = [*HELPSITE, "--jobs", str(jobs)]
    row: dict = {"articles_per_locale": size, "pages": len(list((project / "docs").rglob("*.md"))), "load_before": load(), "runs": {}}
    shutil.rmtree(project / ".helpsite-cache", ignore_errors=True)
    full = timed([*command, "-d", str(sites.next())], project)
    full.pop("stderr")
    row["runs"]["full"] = [full]
    print(json.dumps({"size": size, "build": "full", **full, "load": load()}), flush=True)
    for round_ in range(rounds):
        edited = edit_articles(project, edits, round_)
        site = sites.next()
        run = timed([*command, "-d", str(site)], project)
        found = re.search(r"re-rendered ([\d,]+) of ([\d,]+) pages", run.pop("stderr"))
        run["re_rendered"] = found.group(0) if found else "?"
        if verify:
            reference = timed([*command, "-d", "reference", "--no-cache"], project)
            reference.pop("stderr")
            run["identical"] = _files(site) == _files(project / "reference")
            shutil.rmtree(project / "reference")
        row["runs"].setdefault(f"{edits} edited", []).append(run)
        shown = {"size": size, "round": round_ + 1, "build": f"{edits} edited", "edited": edited[:3], **run, "load": load()}
        print(json.dumps(shown), flush=True)
    row["load_after"] = load()
    sites.remove()
    return row


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def incremental_table(rows: list[dict]) -> str:
    lines = [
        "| articles per locale (pages) | full build | edit, cached build (each round) | CPU, cached / full | load before / after |",
        "|---|---:|---:|---:|---|",
    ]
    for row in rows:
        full = row["runs"]["full"][0]
        name = next(key for key in row["runs"] if key != "full")
        runs = row["runs"][name]
        cpu = statistics.median(run["cpu_s"] for run in runs)
        cells = "; ".join(f"{run['wall_s']:.1f} s (CPU {run['cpu_s']:.1f} s, {run['re_rendered']})" for run in runs)
        size = f"{row['articles_per_locale']:,} ({row['pages']:,})"
        ratio = f"{100 * cpu / full['cpu_s']:.1f}%"
        whole = f"{full['wall_s']:.1f} s (CPU {full['cpu_s']:.1f} s)"
        lines.append(f"| {size} | {whole} | {name}: {cells} | {ratio} | {row['load_before']} / {row['load_after']} |")
    return "\n".join(lines)


def table(rows: list[dict]) -> str:
    names = list(rows[0]["runs"])
    lines = [
        "| articles per locale (pages) | " + " | ".join(names) + " | load before / after |",
        "|---|" + "---:|" * len(names) + "---|",
    ]
    for row in rows:
        cells = []
        for name in names:
            runs = row["runs"].get(name)
            if not runs:  # not built at this size (--stock-up-to)
                cells.append("-")
                continue
            walls = ", ".join(f"{run['wall_s']:.1f}" for run in runs)
            cpu = statistics.median(run["cpu_s"] for run in runs)
            cells.append(f"{walls} s (CPU {cpu:.0f} s)")
        size = f"{row['articles_per_locale']:,} ({row['pages']:,})"
        lines.append(f"| {size} | " + " | ".join(cells) + f" | {row['load_before']} / {row['load_after']} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--properdocs", action="store_true", help="also helpsite --jobs 2 on the ProperDocs engine")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    parser.add_argument(
        "--stock-up-to", type=int, default=None, metavar="N", help="the unpruned stock build only up to N per locale (ten minutes at 2,000)"
    )
    parser.add_argument("--incremental", action="store_true", help="a full build, then edits rebuilt with the build cache")
    parser.add_argument("--edits", type=int, default=10, help="with --incremental: articles edited each round")
    parser.add_argument("--jobs", type=int, default=1, help="with --incremental: helpsite build --jobs N")
    parser.add_argument("--verify", action="store_true", help="with --incremental: compare each cached build with a full one")
    parser.add_argument(
        "--site-in", type=Path, metavar="DIR", help="with --incremental: write the sites below DIR (/dev/shm: without the disk's own cost)"
    )
    parser.add_argument(
        "--same-site-folder", action="store_true", help="with --incremental: each build writes over the last one's site, as a writer's"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.incremental:
            options = (args.rounds, args.edits, args.jobs, args.verify, args.site_in, args.same_site_folder)
            rows = [incremental(size, Path(folder), *options) for size in args.sizes]
            heading, printed = "Wall and CPU seconds (user + system, children included) of each build", incremental_table(rows)
        else:
            with_stock = {size: args.stock_up_to is None or size <= args.stock_up_to for size in args.sizes}
            rows = [measure(size, Path(folder), args.rounds, args.properdocs, with_stock[size]) for size in args.sizes]
            heading, printed = "Wall seconds of each round; CPU seconds (median) of the build and its children", table(rows)
    print()
    print(f"{heading}; {os.cpu_count()} cores")
    print()
    print(printed)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
