"""Benchmark: the cold check (no cache) on one core against the YAML parse floor, in CPU time.

    .venv/bin/python bench/cold_check.py [--articles 2000] [--repeat 3] [--profile] [--project DIR]

Generates the synthetic corpus (bench/synthetic.py; or checks ``--project``), then measures, each
``--repeat`` times:

- the parse floor: read every article and parse its front matter with yaml.CSafeLoader, in this
  process (``time.process_time``);
- ``helpsite check --no-cache --jobs 1``: the CPU time (user + sys) of the whole command, Python's
  start and imports included.

CPU time rather than wall time, because the machine is shared: other work slows the wall clock
far more than it inflates a process's own CPU time. The load average is printed beside the
figures. ``--profile`` runs the check once more under cProfile and prints each part's share of it
(the profiler's overhead inflates small Python calls, so the shares are indicative).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from scale import ENV, parse_floor_cpu  # noqa: E402
from synthetic import generate  # noqa: E402

CHECK = ["-m", "helpsite.cli", "check", "--no-progress", "--no-cache", "--jobs", "1", "--format", "json"]

# The parts of a check, by the function whose cumulative time is the part's (file suffix, function
# name). Language detection runs inside the locale and translation checks; it is shown on its own
# and left out of theirs.
PARTS = (
    ("parse: front matter (YAML)", "content/parse.py", "load_front_matter"),
    ("parse: body scan", "content/parse.py", "scan_body"),
    ("metadata (META: JSON Schema ...)", "checks/meta.py", "check_metadata"),
    ("language detection (LOC004, L10N)", "checks/locale.py", "detect_language"),
    ("locale (LOC, without detection)", "checks/locale.py", "check_locale"),
    ("links and anchors (LNK)", "checks/links.py", "check_links"),
    ("translations (L10N, without detection)", "checks/l10n.py", "check_translation"),
    ("text (TXT)", "checks/text.py", "check_text"),
    ("DocFX (DFX)", "checks/suite.py", "_docfx"),
    ("HTML (HTML)", "checks/suite.py", "_html"),
)


def child_cpu(command: list[str], cwd: Path) -> tuple[float, str]:
    """CPU seconds (user + sys) of a command run to its end, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done.stdout


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def profile_shares(project: Path) -> list[tuple[str, float]]:
    """Each part's share of a profiled cold check (in this process)."""
    from helpsite import cli

    profiler = cProfile.Profile()
    cwd = Path.cwd()
    os.chdir(project)
    try:
        with open(os.devnull, "w") as sink:
            stdout, stderr, sys.stdout, sys.stderr = sys.stdout, sys.stderr, sink, sink
            try:
                profiler.runcall(cli.main, CHECK[2:])
            except SystemExit:
                pass
            finally:
                sys.stdout, sys.stderr = stdout, stderr
    finally:
        os.chdir(cwd)
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    total = sum(row[2] for row in stats.values())  # every function's own time
    cumulative: dict[str, float] = {}
    for (filename, _, name), row in stats.items():
        for label, suffix, function in PARTS:
            if name == function and filename.endswith(suffix):
                cumulative[label] = cumulative.get(label, 0.0) + row[3]
    detection = cumulative.get("language detection (LOC004, L10N)", 0.0)
    detected_in_locale = _time_under(stats, "checks/locale.py", "detect_language")
    inside = {
        "locale (LOC, without detection)": detected_in_locale,
        "translations (L10N, without detection)": detection - detected_in_locale,
    }
    for label, less in inside.items():
        cumulative[label] = cumulative.get(label, 0.0) - less
    shares = [(label, cumulative.get(label, 0.0) / total) for label, _, _ in PARTS]
    shares.append(("everything else (discovery, reading, imports, the model's load, report)", 1 - sum(share for _, share in shares)))
    return shares


def _time_under(stats: dict, suffix: str, callee: str) -> float:
    """Cumulative time of ``callee`` in calls from functions of the file ending in ``suffix``."""
    seconds = 0.0
    for (_, _, name), row in stats.items():
        if name == callee:
            seconds += sum(by_caller[3] for (caller_file, _, _), by_caller in row[4].items() if caller_file.endswith(suffix))
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles per locale of the synthetic corpus")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--project", type=Path, help="check this project instead of a synthetic one")
    parser.add_argument("--profile", action="store_true", help="also print each part's share of a profiled run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = args.project.resolve() if args.project else generate(Path(folder) / "project", args.articles)
        pages = len(list((project / "docs").rglob("*.md")))
        floors, checks = [], []
        for round_ in range(1, args.repeat + 1):
            floors.append(parse_floor_cpu(project / "docs"))
            seconds, _ = child_cpu([sys.executable, *CHECK], project)
            checks.append(seconds)
            print(f"round {round_}: parse floor {floors[-1]:.2f} s, cold check {seconds:.2f} s CPU, load {load()}", flush=True)
        floor, check = statistics.median(floors), statistics.median(checks)
        print()
        print(f"{pages} pages; medians of {args.repeat}: parse floor {floor:.2f} s, cold check {check:.2f} s CPU: {check / floor:.1f}x")
        if args.profile:
            started = time.process_time()
            shares = profile_shares(project)
            print(f"\nprofiled run ({time.process_time() - started:.1f} s CPU under the profiler):\n")
            print("| part | share |\n|---|---:|")
            for label, share in shares:
                print(f"| {label} | {share:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
