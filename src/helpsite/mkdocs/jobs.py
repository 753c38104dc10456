"""`helpsite build --jobs N`: the site's locales built as N shards in parallel processes, each a
`helpsite build --locale ...` of its own (a locale that does not fit in one shard split in parts
of its pages between two, helpsite.mkdocs.parts), then assembled by `helpsite merge-sites`'s merge
into the site folder: the same files, byte for byte, as a build in one process.

The checks run once, not once per shard: in the background of the shard with the fewest pages, as
in a one-process build, which hands their findings to the other shards through a file in the
shards' folder (they need them for their review queues). That shard logs them; the others do
not. Without MkDocs, so that this process never loads an engine.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from helpsite.content.config import Project
from helpsite.mkdocs.scope import BUILD_PART_ENV, part_spec, written_locales
from helpsite.model import Finding
from helpsite.publishing.shards import merge_sites
from helpsite.run.parsecache import SHARED_PARSES_ENV

# Checking in a forked process beside the build: where fork is the safe default (Linux). Every
# shard then reads the whole site through load_site (the checking one for the check it forks),
# which is what lets the shards divide the parsing; elsewhere the checking shard checks in its
# own process and reads no site to share.
CHECK_FORKS = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()

# Set by the parent in a shard's environment: where the checking shard writes its findings, or
# where the others read them.
FINDINGS_OUT_ENV = "HELPSITE_FINDINGS_OUT"
FINDINGS_IN_ENV = "HELPSITE_FINDINGS_IN"


@dataclass(frozen=True, slots=True)
class Outcome:
    status: int  # 0, or the exit status of the first shard that failed
    shards: list[list[str]]
    seconds: float
    parts: tuple[dict[str, tuple[list[int], int]], ...] = ()  # as Plan.parts

    def described(self) -> str:
        """The shards as the log names them: "en+nl (part 1 of 2), nl (part 2 of 2)+de"."""
        split = self.parts or tuple({} for _ in self.shards)
        return ", ".join(
            "+".join(code + (f" ({_parts_named(*held[code])})" if code in held else "") for code in shard)
            for shard, held in zip(self.shards, split, strict=True)
        )


def _parts_named(indices: list[int], count: int) -> str:
    return f"part{'s' if len(indices) > 1 else ''} {', '.join(str(index + 1) for index in indices)} of {count}"


def pages_of(project: Project, code: str, source: str | None) -> int:
    """What a locale publishes, roughly: its own Markdown files or (its fallbacks) the source's."""

    def count(folder: Path) -> int:
        return sum(name.endswith(".md") for _, _, names in os.walk(folder) for name in names)

    own = count(project.docs_dir / code)
    return own if source is None or code == source else max(own, count(project.docs_dir / source))


@dataclass(frozen=True, slots=True)
class Plan:
    shards: list[list[str]]  # each shard's locales, in the site's order; the shards in the order of their first locale
    checker: int  # the shard that runs the checks: the one with the fewest pages, which has time to spare
    # Each shard's split locales: locale -> (the parts of its pages it renders, of how many) (helpsite.mkdocs.parts).
    parts: tuple[dict[str, tuple[list[int], int]], ...] = ()


def plan(locales: list[str], weights: dict[str, int], jobs: int) -> Plan:
    """At most ``jobs`` shards of ``locales``, balanced by ``weights``: the heaviest locale first, to the lightest shard."""
    shards: list[list[str]] = [[] for _ in range(max(1, min(jobs, len(locales))))]
    loads = [0] * len(shards)
    for code in sorted(locales, key=lambda c: (-weights.get(c, 0), locales.index(c))):
        lightest = loads.index(min(loads))
        shards[lightest].append(code)
        loads[lightest] += weights.get(code, 0)
    order = sorted((i for i in range(len(shards)) if shards[i]), key=lambda i: min(map(locales.index, shards[i])))
    ordered = [sorted(shards[i], key=locales.index) for i in order]
    checker = min(range(len(order)), key=lambda k: (loads[order[k]], -k))
    return Plan(ordered, checker)


def plan_parts(locales: list[str], weights: dict[str, int], jobs: int) -> Plan:
    """``jobs`` shards of equal weight: each locale cut into ``jobs`` parts of its pages, the parts
    dealt in the site's order, so that a shard holds whole locales and at most two split ones (three
    locales on two processes: the first and half the second; the second's other half and the third)."""
    total = sum(max(weights.get(code, 0), 1) for code in locales)
    target = total / jobs
    held: list[dict[str, list[int]]] = [{} for _ in range(jobs)]
    loads = [0.0] * jobs
    shard = 0
    for code in locales:
        piece = max(weights.get(code, 0), 1) / jobs
        for index in range(jobs):
            if shard < jobs - 1 and loads[shard] + piece / 2 > target:
                shard += 1
            held[shard].setdefault(code, []).append(index)
            loads[shard] += piece
    used = [i for i in range(jobs) if held[i]]
    shards = [list(held[i]) for i in used]
    parts = tuple({code: (indices, jobs) for code, indices in held[i].items() if len(indices) < jobs} for i in used)
    checker = min(range(len(used)), key=lambda k: (loads[used[k]], -k))
    return Plan(shards, checker, parts)


# A locale shard no more than this much above an even share of the pages: the locales are split
# (each process builds its locales only); else the pages are (each process builds every locale).
EVEN_ENOUGH = 1.1


def choose(locales: list[str], weights: dict[str, int], jobs: int) -> Plan:
    """By locale when the locales share out evenly on the processes, one shard each (two locales of
    the same size on two), else in parts of the pages (one locale on two, three on two)."""
    by_locale = plan(locales, weights, jobs)
    if jobs < 2 or not locales:
        return by_locale
    heaviest = max(sum(weights.get(code, 0) for code in shard) for shard in by_locale.shards)
    if len(by_locale.shards) == jobs and heaviest <= EVEN_ENOUGH * sum(weights.get(code, 0) for code in locales) / jobs:
        return by_locale
    return plan_parts(locales, weights, jobs)


def plan_for(project: Project, jobs: int) -> Plan:
    """How `helpsite build --jobs` splits the locales the site writes (:func:`choose`)."""
    locales = written_locales(project)
    source = project.locales.source.code if project.locales.source else None
    return choose(locales, {code: pages_of(project, code, source) for code in locales}, jobs)


def build_in_parallel(
    project: Project, planned: Plan, *, engine: str, site_dir: Path, strict: bool, team_pages: bool = False, cache: bool = True
) -> Outcome:
    """Build each shard in a process of its own, then merge them into ``site_dir`` (replaced); on
    a failure, the other shards are stopped and ``site_dir`` is left as it was."""
    started = time.perf_counter()
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".helpsite-jobs-", dir=site_dir.parent))  # beside it: the same file system
    shards = planned.shards
    # A parallel build stopped from outside (SIGTERM from CI, a timeout) stops its shards, and leaves no folder behind.
    stopped = signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    processes: list[subprocess.Popen] = []
    try:
        findings = work / "findings.json"
        for index, locales in enumerate(shards):
            command = [sys.executable, "-m", "helpsite.cli"]
            if project.config_file is not None:
                command += ["--config", str(project.config_file)]
            command += ["build", "--engine", engine, "--jobs", "1", "-d", str(work / f"shard-{index}")]
            command += [argument for code in locales for argument in ("--locale", code)]
            command += ["--strict"] if strict else []
            command += ["--team-pages"] if team_pages else []
            command += [] if cache else ["--no-cache"]
            handoff = {FINDINGS_OUT_ENV if index == planned.checker else FINDINGS_IN_ENV: str(findings)}
            if cache and CHECK_FORKS:  # the shards divide the site's parsing, through their parse caches (parsecache.SharedParses)
                handoff[SHARED_PARSES_ENV] = json.dumps([str(work), index, len(shards), os.getpid()])
            if planned.parts and planned.parts[index]:
                handoff[BUILD_PART_ENV] = part_spec(planned.parts[index])
            # A process group of its own: stopping a shard stops its background check too.
            processes.append(subprocess.Popen(command, cwd=project.root, env={**os.environ, **handoff}, process_group=0))
        status = _wait_all(processes)
        if status == 0:
            merge_sites([work / f"shard-{index}" for index in range(len(shards))], site_dir, move=True)
        return Outcome(status, shards, time.perf_counter() - started, planned.parts)
    finally:
        _stop(processes)
        shutil.rmtree(work, ignore_errors=True)
        signal.signal(signal.SIGTERM, stopped)


def _wait_all(processes: list[subprocess.Popen]) -> int:
    """0 when every process ends well; else, as soon as one fails, its status."""
    while True:
        codes = [process.poll() for process in processes]
        failed = next((code for code in codes if code not in (None, 0)), None)
        if failed is not None:
            return failed
        if all(code == 0 for code in codes):
            return 0
        time.sleep(0.05)


def _stop(processes: list[subprocess.Popen]) -> None:
    """Stop the shards still running, each with its process group (its background check)."""
    for process in processes:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        process.wait()


def publish_findings(path: str, findings: list[Finding]) -> None:
    """The checking shard's findings, for the others: written whole, then renamed into place."""
    partial = f"{path}.partial"
    with open(partial, "w", encoding="utf-8") as out:
        json.dump([finding.as_dict() for finding in findings], out)
    os.replace(partial, path)


def wait_for_findings(path: str, parent: int) -> list[Finding]:
    """The checking shard's findings, once it has written them; RuntimeError when the parent
    build has ended (it stops the shards when one fails, so a findings file never comes)."""
    while not os.path.exists(path):
        if os.getppid() != parent:
            raise RuntimeError("the parallel build that started this shard has ended")
        time.sleep(0.02)
    with open(path, encoding="utf-8") as data:
        return [Finding.from_dict(item) for item in json.load(data)]
