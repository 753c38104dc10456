"""Benchmark: the full site build, helpsite in one process and on every core, beside the stock stack.

    .venv/bin/python bench/builds.py [--sizes 500] [--rounds 2] [--properdocs] [--json FILE]

For each size N (articles per locale of bench/synthetic.py's corpus; three locales, about 3N
pages) it builds, in interleaved rounds so that the machine's other work spreads over all of them:

- helpsite:           `helpsite build --jobs 1` (MkDocs renders on one core, the checks run beside it);
- helpsite --jobs 2:  `helpsite build --jobs 2`, the locales in two shards merged into one site;
- helpsite properdocs (with --properdocs): `helpsite build --jobs 2 --engine properdocs`;
- stock + prune:      the same pages with Material + mkdocs-static-i18n and `navigation.prune`, no helpsite;
- stock:              the same without pruning, as the issue measured it.

Each helpsite build starts with the check cache emptied (a cold build, as on a machine with no
cache to restore) and every build with no site folder. It prints each measurement as a JSON line,
then a table: wall seconds (every round), the CPU seconds of the build and its children (median),
and the load average of the machine before and after, for the figures to be read against it.

Targets (issue 17): at N=500 the full build no slower than stock + prune; at N=2,000, with
`--jobs 2`, at least 4x faster than stock + prune.
"""

from __future__ import annotations

import argparse
import json
import os
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
    return {"wall_s": float(wall), "cpu_s": round(float(user) + float(system), 1), "peak_mb": int(kilobytes) // 1024}


def builds(size: int, folder: Path, properdocs: bool) -> dict[str, tuple[Path, list[str]]]:
    """Each configuration's project and command, the projects generated once."""
    project = generate(folder / f"helpsite-{size}", size)
    pruned = generate(folder / f"pruned-{size}", size, stock=True)
    (pruned / "mkdocs.yml").write_text(PRUNED_MKDOCS_YML, encoding="utf-8")
    stock = generate(folder / f"stock-{size}", size, stock=True)
    configurations = {
        "helpsite": (project, [*HELPSITE, "--jobs", "1", "-d", "site"]),
        "helpsite --jobs 2": (project, [*HELPSITE, "--jobs", "2", "-d", "site"]),
    }
    if properdocs:
        configurations["helpsite --jobs 2, properdocs"] = (project, [*HELPSITE, "--jobs", "2", "--engine", "properdocs", "-d", "site"])
    configurations["stock + prune"] = (pruned, [*MKDOCS, "-d", "site"])
    configurations["stock"] = (stock, [*MKDOCS, "-d", "site"])
    return configurations


def measure(size: int, folder: Path, rounds: int, properdocs: bool) -> dict:
    configurations = builds(size, folder, properdocs)
    project = configurations["helpsite"][0]
    row: dict = {"articles_per_locale": size, "pages": len(list((project / "docs").rglob("*.md"))), "load_before": load(), "runs": {}}
    for round_ in range(rounds):
        for name, (cwd, command) in configurations.items():
            shutil.rmtree(cwd / "site", ignore_errors=True)
            shutil.rmtree(cwd / ".helpsite-cache", ignore_errors=True)
            run = timed(command, cwd)
            row["runs"].setdefault(name, []).append(run)
            print(json.dumps({"size": size, "round": round_ + 1, "build": name, **run, "load": load()}), flush=True)
    row["load_after"] = load()
    return row


def table(rows: list[dict]) -> str:
    names = list(rows[0]["runs"])
    lines = [
        "| articles per locale (pages) | " + " | ".join(names) + " | load before / after |",
        "|---|" + "---:|" * len(names) + "---|",
    ]
    for row in rows:
        cells = []
        for name in names:
            runs = row["runs"][name]
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        rows = [measure(size, Path(folder), args.rounds, args.properdocs) for size in args.sizes]
    print()
    print(f"Wall seconds of each round; CPU seconds (median) of the build and its children; {os.cpu_count()} cores")
    print()
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
