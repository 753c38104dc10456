"""Benchmark: helpsite's check and build against their floors and the stock stack, at two sizes.

    .venv/bin/python bench/scale.py [--sizes 500 2000] [--skip-stock-above N] [--checks-only] [--json FILE]

For each size N (articles per locale; three locales, so about 3N pages) it generates the synthetic
corpus (bench/synthetic.py) and measures, one process at a time:

- parse floor: read every article and parse its front matter with yaml.CSafeLoader (one core);
- `helpsite check --no-cache`, `--jobs 1` (one core) and `--jobs 2`: every article checked;
- `helpsite check --jobs 1` with the cache of an earlier run: nothing changed; a fresh checkout
  (every file with a new modification time, so every file is read and hashed again); ten source
  articles edited (they, their translations and the pages linking to them are checked again);
- the full site build with helpsite (`mkdocs build`, time and peak memory);
- the same site without helpsite: Material + mkdocs-static-i18n with the same languages, search
  and navigation pruning ("stock + prune"), which tells what helpsite's own hooks add;
- the stock stack as the issue measured it: no pruning ("stock").

Targets (issue 7): check at most 1.5x the parse floor on one core; the build at N=2000 at least
5x faster than stock; growth no worse than linear; helpsite's hooks add at most 10%.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from synthetic import STOCK_MKDOCS_YML, generate  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def parse_floor(docs: Path, clock=time.perf_counter) -> float:
    started = clock()
    for path in docs.rglob("*.md"):
        match = _FRONT.match(path.read_text(encoding="utf-8"))
        if match:
            yaml.load(match.group(1), Loader=yaml.CSafeLoader)
    return clock() - started


def parse_floor_cpu(docs: Path) -> float:
    """The parse floor in this process's CPU time (what a shared machine distorts least)."""
    return parse_floor(docs, time.process_time)


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak resident memory (MB) of a command, by GNU time."""
    result = subprocess.run(["/usr/bin/time", "-f", "%e %M", *command], cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    seconds, kilobytes = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kilobytes) // 1024


_INSIDE = re.compile(r"checked in ([0-9.]+) s")


def check_timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds of a check, and the seconds it reports itself (without starting Python and
    importing helpsite: the measure comparable with the in-process floor)."""
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    found = _INSIDE.search(result.stderr)
    if result.returncode not in (0, 1) or not found:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return round(wall, 2), float(found.group(1))


def edit_sources(docs: Path, count: int) -> None:
    """Change the text (and so the content hash) of ``count`` English articles."""
    for path in sorted((docs / "en").rglob("*.md"))[1 : count + 1]:
        path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")


def html_megabytes(site: Path) -> float:
    return sum(p.stat().st_size for p in site.rglob("*.html")) / 2**20


def measure(size: int, folder: Path, stock: bool, builds: bool = True) -> dict:
    row: dict = {"articles_per_locale": size}
    project = generate(folder / f"helpsite-{size}", size)
    row["pages"] = len(list((project / "docs").rglob("*.md")))
    row["parse_floor_s"] = round(min(parse_floor(project / "docs") for _ in range(3)), 2)
    check = [sys.executable, "-m", "helpsite.cli", "check", "--no-progress", "--statistics"]
    for jobs in (1, 2):
        row[f"check_jobs{jobs}_s"] = timed([*check, "--jobs", str(jobs), "--no-cache"], project)[0]
    cache = project / ".helpsite-cache"
    shutil.rmtree(cache, ignore_errors=True)
    row["check_first_s"] = timed([*check, "--jobs", "1"], project)[0]  # fills the cache
    row["check_warm_s"], row["check_warm_inside_s"] = min(check_timed([*check, "--jobs", "1"], project) for _ in range(3))
    for path in (project / "docs").rglob("*.md"):
        os.utime(path)  # what a fresh checkout with a restored cache looks like
    row["check_checkout_s"], row["check_checkout_inside_s"] = check_timed([*check, "--jobs", "1"], project)
    edit_sources(project / "docs", 10)
    row["check_edit10_s"], row["check_edit10_inside_s"] = check_timed([*check, "--jobs", "1"], project)
    shutil.rmtree(cache)  # the build starts cold too
    if not builds:
        return row
    row["build_s"], row["build_mb"] = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], project)
    row["build_html_mb"] = round(html_megabytes(project / "site"), 1)
    pruned = generate(folder / f"pruned-{size}", size, stock=True)
    (pruned / "mkdocs.yml").write_text(STOCK_MKDOCS_YML.replace("  font: false\n", "  font: false\n  features:\n    - navigation.prune\n"))
    row["stock_pruned_s"], row["stock_pruned_mb"] = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], pruned)
    if stock:
        plain = generate(folder / f"stock-{size}", size, stock=True)
        row["stock_s"], row["stock_mb"] = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], plain)
        row["stock_html_mb"] = round(html_megabytes(plain / "site"), 1)
    return row


def _cell(row: dict, name: str) -> str:
    """One measured check of a row: wall time (time inside), and both as multiples of the parse floor."""
    wall, inside, floor = row[f"{name}_s"], row[f"{name}_inside_s"], row["parse_floor_s"]
    return f"{wall:.2f} s ({inside:.2f} s): {wall / floor:.1f}x ({inside / floor:.1f}x)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--skip-stock-above", type=int, default=10**9, help="do not build the unpruned stock stack above this size")
    parser.add_argument("--checks-only", action="store_true", help="measure the checks, not the builds")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            rows.append(measure(size, Path(folder), stock=size <= args.skip_stock_above, builds=not args.checks_only))
            print(json.dumps(rows[-1]), flush=True)
    print()
    print("Check, one core; wall time of the command (time inside the check, as it reports it), and x the parse floor")
    print()
    print(
        "| N/locale | pages | parse floor | cached, nothing changed | fresh checkout, cache restored "
        "| 10 sources edited | no cache | no cache, 2 cores |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        floor = r["parse_floor_s"]
        print(
            f"| {r['articles_per_locale']} | {r['pages']} | {floor:.2f} s | {_cell(r, 'check_warm')} | {_cell(r, 'check_checkout')} "
            f"| {_cell(r, 'check_edit10')} | {r['check_jobs1_s']:.2f} s: {r['check_jobs1_s'] / floor:.0f}x | {r['check_jobs2_s']:.2f} s |"
        )
    if args.checks_only:
        return 0
    print()
    print("| N/locale | pages | build | stock + prune | stock | build vs stock |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        stock = f"{r['stock_s']:.0f} s, {r['stock_mb']} MB, {r['stock_html_mb']:.0f} MB HTML" if "stock_s" in r else "-"
        speedup = f"{r['stock_s'] / r['build_s']:.1f}x" if "stock_s" in r else "-"
        print(
            f"| {r['articles_per_locale']} | {r['pages']} | {r['build_s']:.0f} s, {r['build_mb']} MB, "
            f"{r['build_html_mb']:.0f} MB HTML | {r['stock_pruned_s']:.0f} s | {stock} | {speedup} |"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
