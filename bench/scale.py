"""Benchmark: helpsite's check and build against their floors and the stock stack, at two sizes.

    .venv/bin/python bench/scale.py [--sizes 500 2000] [--skip-stock-above N] [--json FILE]

For each size N (articles per locale; three locales, so about 3N pages) it generates the synthetic
corpus (bench/synthetic.py) and measures, one process at a time:

- parse floor: read every article and parse its front matter with yaml.CSafeLoader (one core);
- `helpsite check --jobs 1` (one core) and `--jobs 2`;
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


def parse_floor(docs: Path) -> float:
    started = time.perf_counter()
    for path in docs.rglob("*.md"):
        match = _FRONT.match(path.read_text(encoding="utf-8"))
        if match:
            yaml.load(match.group(1), Loader=yaml.CSafeLoader)
    return time.perf_counter() - started


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak resident memory (MB) of a command, by GNU time."""
    result = subprocess.run(["/usr/bin/time", "-f", "%e %M", *command], cwd=cwd, env=ENV, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    seconds, kilobytes = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kilobytes) // 1024


def html_megabytes(site: Path) -> float:
    return sum(p.stat().st_size for p in site.rglob("*.html")) / 2**20


def measure(size: int, folder: Path, stock: bool) -> dict:
    row: dict = {"articles_per_locale": size}
    project = generate(folder / f"helpsite-{size}", size)
    row["pages"] = len(list((project / "docs").rglob("*.md")))
    row["parse_floor_s"] = round(min(parse_floor(project / "docs") for _ in range(3)), 2)
    for jobs in (1, 2):
        row[f"check_jobs{jobs}_s"] = timed([sys.executable, "-m", "helpsite.cli", "check", "--jobs", str(jobs), "--no-progress", "--statistics"], project)[0]
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--skip-stock-above", type=int, default=10**9, help="do not build the unpruned stock stack above this size")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            rows.append(measure(size, Path(folder), stock=size <= args.skip_stock_above))
            print(json.dumps(rows[-1]), flush=True)
    print()
    print("| N/locale | pages | parse floor | check 1 core | check 2 cores | build | stock + prune | stock | build vs stock |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        stock = f"{r['stock_s']:.0f} s, {r['stock_mb']} MB, {r['stock_html_mb']:.0f} MB HTML" if "stock_s" in r else "-"
        speedup = f"{r['stock_s'] / r['build_s']:.1f}x" if "stock_s" in r else "-"
        print(
            f"| {r['articles_per_locale']} | {r['pages']} | {r['parse_floor_s']:.2f} s | {r['check_jobs1_s']:.2f} s "
            f"({r['check_jobs1_s'] / r['parse_floor_s']:.1f}x) | {r['check_jobs2_s']:.2f} s | {r['build_s']:.0f} s, {r['build_mb']} MB, "
            f"{r['build_html_mb']:.0f} MB HTML | {r['stock_pruned_s']:.0f} s | {stock} | {speedup} |"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
