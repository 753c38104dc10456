"""Benchmark: the cold check (no cache) on one core against the YAML parse floor, in CPU time.

    .venv/bin/python bench/cold_check.py [--articles 2000] [--repeat 3] [--parts] [--project DIR]
    .venv/bin/python bench/cold_check.py --compare ../before     # another checkout's check in the same rounds
    PYTHONPATH=OTHER/src .venv/bin/python bench/cold_check.py ...   # another revision's helpsite throughout

Generates the synthetic corpus (bench/synthetic.py; or checks ``--project``), then measures, each
``--repeat`` times:

- the parse floor: read every article and parse its front matter with yaml.CSafeLoader, in this
  process (``time.process_time``; the least of three runs);
- ``helpsite check --no-cache --jobs 1``: the CPU time (user + sys) of the whole command, Python's
  start and imports included.

CPU time rather than wall time, because the machine is shared: other work slows the wall clock
far more than it inflates a process's own CPU time. The load average is printed beside the
figures. ``--parts`` runs the check once more in this process and times its parts around the
functions that do them (a profiler would inflate the small Python calls that most parts are).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
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


def child_cpu(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, str]:
    """CPU seconds (user + sys) of a command run to its end, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, cwd=cwd, env={**ENV, **(env or {})}, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done.stdout


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def part_times(project: Path) -> tuple[float, dict[str, float]]:
    """CPU seconds of a cold check run in this process (helpsite imported already), and of each of
    its parts: the parser's steps and each article check, timed around the functions themselves
    (a nested part's time is its own, not its caller's)."""
    from helpsite import cli
    from helpsite.checks import l10n, locale, suite
    from helpsite.content import parse
    from helpsite.run import engine

    spent: dict[str, float] = collections.defaultdict(float)
    nested: list[float] = []

    def timed(label: str, function, consume: bool = False):
        def run(*args, **kwargs):
            started = time.process_time()
            nested.append(0.0)
            try:
                result = function(*args, **kwargs)
                return list(result) if consume else result
            finally:
                elapsed = time.process_time() - started
                spent[label] += elapsed - nested.pop()
                if nested:
                    nested[-1] += elapsed

        return run

    patches = [
        (engine, "read_docs_file", timed("reading the files (each opened safely: inside docs/, a regular file)", engine.read_docs_file)),
        (engine, "parse_source", timed("parse: the rest (decoding, the article)", engine.parse_source)),
        (engine, "discover", timed("finding the articles", engine.discover)),
        (engine, "Site", timed("the site's index of pages", engine.Site)),
        (cli, "_report", timed("the report (JSON)", cli._report)),
        (parse, "load_front_matter", timed("parse: front matter (YAML, with positions)", parse.load_front_matter)),
        (parse, "scan_body", timed("parse: body (pulldown-cmark's events, headings, links, prose)", parse.scan_body)),
        (locale, "clearly_written_in", timed("language: stop-word test (LOC004)", getattr(locale, "clearly_written_in", None))),
    ]
    detect = timed("language detection (py3langid; its model's load included)", locale.detect_language)
    patches += [(locale, "detect_language", detect), (l10n, "detect_language", detect)]
    names = {check.run: check.run.__name__.strip("_") for check in suite.ARTICLE_CHECKS}
    checks = tuple(suite.ArticleCheck(c.codes, timed(f"check: {names[c.run]}", c.run, consume=True)) for c in suite.ARTICLE_CHECKS)
    patches.append((suite, "ARTICLE_CHECKS", checks))
    patches = [(module, name, value) for module, name, value in patches if hasattr(module, name)]  # an older revision may lack some
    saved = [(module, name, getattr(module, name)) for module, name, _ in patches]
    for module, name, value in patches:
        setattr(module, name, value)
    cwd = Path.cwd()
    os.chdir(project)
    started = time.process_time()
    try:
        with (
            open(os.devnull, "w") as sink,
            contextlib.redirect_stdout(sink),
            contextlib.redirect_stderr(sink),
            contextlib.suppress(SystemExit),
        ):
            cli.main(CHECK[2:])
    finally:
        total = time.process_time() - started
        os.chdir(cwd)
        for module, name, value in saved:
            setattr(module, name, value)
    return total, dict(spent)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles per locale of the synthetic corpus")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--project", type=Path, help="check this project instead of a synthetic one")
    parser.add_argument("--parts", action="store_true", help="also time each part of the check in one more run")
    parser.add_argument("--compare", type=Path, help="a checkout of another revision: its check measured in the same rounds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = args.project.resolve() if args.project else generate(Path(folder) / "project", args.articles)
        pages = len(list((project / "docs").rglob("*.md")))
        floors, checks, others = [], [], []
        for round_ in range(1, args.repeat + 1):
            floors.append(min(parse_floor_cpu(project / "docs") for _ in range(3)))  # as bench/scale.py: the least disturbed of three
            checks.append(child_cpu([sys.executable, *CHECK], project)[0])
            line = f"round {round_}: parse floor {floors[-1]:.2f} s, cold check {checks[-1]:.2f} s CPU ({checks[-1] / floors[-1]:.1f}x)"
            if args.compare:
                others.append(child_cpu([sys.executable, *CHECK], project, {"PYTHONPATH": str(args.compare.resolve() / "src")})[0])
                line += f", {args.compare.name}: {others[-1]:.2f} s ({others[-1] / floors[-1]:.1f}x)"
            print(f"{line}, load {load()}", flush=True)
        floor, check = statistics.median(floors), statistics.median(checks)
        print()
        print(f"{pages} pages; medians of {args.repeat}: parse floor {floor:.2f} s, cold check {check:.2f} s CPU: {check / floor:.1f}x")
        if others:
            other = statistics.median(others)
            print(f"{args.compare.name}: cold check {other:.2f} s CPU: {other / floor:.1f}x")
        if args.parts:
            total, parts = part_times(project)
            parts["everything else"] = total - sum(parts.values())
            print(f"\nparts of one more run, in this process ({total:.2f} s CPU, imports not included):\n")
            print("| part | CPU | share |\n|---|---:|---:|")
            for label, seconds in sorted(parts.items(), key=lambda item: -item[1]):
                print(f"| {label} | {seconds:.2f} s | {seconds / total:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
