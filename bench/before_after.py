"""Benchmark: the check and the build of a real site by two checkouts, in alternated rounds.

    .venv/bin/python bench/before_after.py BEFORE_CHECKOUT [--corpus alchemy|m365-ar|DIR|example] [--rounds 2] [--out DIR]

For a change that must not make the site slower or different (sanitizing, limits): each checkout
(this one, "after", and BEFORE_CHECKOUT, "before", each with its own ``.venv``) makes its own
project of the corpus with its ``bench/corpus_build.py`` (``example``: a copy of its own
repository's site), then in each round, before and after alternately (before first in odd rounds,
after first in even ones, so that the machine's other work falls on both):

- ``helpsite check --no-cache --jobs 1 --no-progress`` in the project;
- ``mkdocs build`` of the project into a fresh site folder (the helpsite plugin, its check in a
  second process included).

Each run is timed by GNU time: wall seconds, CPU seconds (user + system, children included: the
figure a shared machine inflates least) and peak memory; the load average is printed before each
run. The sites of the first round are kept in OUT/{before,after}/site for
``bench/compare_sites.py``, and each build's log in OUT/{before,after}/build.log.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The team's pages (review queue, status, writer's guide) published, as every build did before team_pages.
# Every build a full one: a revision with a build cache would otherwise reuse its first round's pages.
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1", "HELPSITE_TEAM_PAGES": "1", "HELPSITE_NO_BUILD_CACHE": "1"}


def load() -> str:
    return "{:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg())


def prepare(checkout: Path, corpus: str, out: Path) -> None:
    """The checkout's own project of the corpus in ``out`` (its corpus_build.prepare, or its example site)."""
    if out.exists():
        shutil.rmtree(out)
    if corpus == "example":
        out.mkdir(parents=True)
        for name in ("locales", "schema", "docs", "hooks"):
            shutil.copytree(checkout / name, out / name)
        shutil.copy(checkout / "mkdocs.yml", out / "mkdocs.yml")
        return
    script = (
        "import sys; from pathlib import Path; import corpus_build as c\n"
        "corpus = Path(sys.argv[1]); out = Path(sys.argv[2])\n"
        "learn = (corpus / c.ARABIC['tag'] / c.LEARN_PRODUCT).is_dir()\n"
        "(c.prepare_learn if learn else c.prepare)(corpus, out, None)\n"
    )
    subprocess.run(
        [str(checkout / ".venv" / "bin" / "python"), "-c", script, corpus, str(out)], cwd=checkout / "bench", env=ENV, check=True
    )


def timed(command: list[str], cwd: Path, log: Path | None = None) -> dict:
    result = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", *command], cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    lines = result.stderr.strip().splitlines()
    if log is not None:
        log.write_text(result.stdout + result.stderr, encoding="utf-8")
    wall, user, system, kilobytes = lines[-1].split()
    return {
        "returncode": result.returncode,
        "wall_s": float(wall),
        "cpu_s": round(float(user) + float(system), 1),
        "peak_mb": int(kilobytes) // 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the other checkout (with its own .venv)")
    parser.add_argument(
        "--corpus", default="alchemy", help="alchemy, m365-ar (in $HELPSITE_SHARED/corpus or ../shared/corpus), a folder, or example"
    )
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path, default=REPO / "build" / "before-after")
    parser.add_argument("--no-check", action="store_true", help="time the builds only")
    args = parser.parse_args()
    corpus = args.corpus
    if corpus != "example" and not Path(corpus).is_dir():
        shared = Path(os.environ.get("HELPSITE_SHARED", REPO.parent / "shared"))
        corpus = str(shared / "corpus" / corpus)
    checkouts = {"before": args.before.resolve(), "after": REPO}
    projects = {}
    for label, checkout in checkouts.items():
        projects[label] = args.out.resolve() / label
        prepare(checkout, corpus, projects[label])
    results: list[dict] = []
    for round_ in range(1, args.rounds + 1):
        order = ("before", "after") if round_ % 2 else ("after", "before")
        for label in order:
            python = str(checkouts[label] / ".venv" / "bin" / "python")
            project = projects[label]
            runs = (
                [] if args.no_check else [("check", [python, "-m", "helpsite.cli", "check", "--no-cache", "--jobs", "1", "--no-progress"])]
            )
            site = project / ("site" if round_ == 1 else f"site-{round_}")
            shutil.rmtree(site, ignore_errors=True)
            runs.append(("build", [python, "-m", "mkdocs", "build", "-d", str(site)]))
            for kind, command in runs:
                before_load = load()
                log = project / f"{kind}.log" if round_ == 1 else None
                measured = timed(command, project, log)
                if kind == "build" and round_ > 1:
                    shutil.rmtree(site, ignore_errors=True)
                measured.update(round=round_, revision=label, run=kind, load=before_load)
                results.append(measured)
                print(json.dumps(measured), flush=True)
    print("\n| run | revision | wall per round (s) | CPU per round (s) | CPU median | peak MB | load before each |")
    print("|---|---|---:|---:|---:|---:|---|")
    for kind in ("check", "build"):
        for label in checkouts:
            mine = [r for r in results if r["run"] == kind and r["revision"] == label]
            if not mine:
                continue
            walls = ", ".join(f"{r['wall_s']:.1f}" for r in mine)
            cpus = ", ".join(f"{r['cpu_s']:.1f}" for r in mine)
            loads = "; ".join(r["load"].split(",")[0] for r in mine)
            median, peak = statistics.median(r["cpu_s"] for r in mine), max(r["peak_mb"] for r in mine)
            print(f"| {kind} | {label} | {walls} | {cpus} | {median:.1f} | {peak} | {loads} |")
    (args.out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
