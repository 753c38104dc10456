"""Benchmark: small inputs that used to hang a run or exhaust its memory, through the check and the build.

    .venv/bin/python bench/pathological.py [--only NAME ...] [--no-build] [--max-seconds 5] [--max-mb 500]

Each case is a tiny site (the repository's locales/ and schema/, a minimal mkdocs.yml) with one
hostile article, generated in a temporary folder. Each is run through ``helpsite check --no-cache``
and ``mkdocs build`` as subprocesses under GNU time (wall and CPU seconds, peak resident memory of
the process and the children it waited for), with a time limit (``--timeout``: the run's process
group is killed and counted as over) and an address-space limit (``--memory-cap-mb``) so that a
regression cannot take the machine down. The table gives the input's size, each run's figures and
the finding that stopped the input; the script exits 1 when a run spends more than
``--max-seconds`` of CPU (CPU, not wall time: this 2-core machine is shared; a case of a megabyte
of text has a bound of its own, in the table) or more than ``--max-mb``, or when the expected
finding is missing from the check's output or the build's log.
``--python`` runs another checkout's interpreter (its .venv): the "before" figures.

The cases are the ones issue "Safety" measured (before: seconds on this 2-core machine), plus the
limits' neighbours. ``tests/unit/test_pathological.py`` runs the same cases in-process, each with
a timeout, and ``tests/site/test_limits.py`` builds a few of them.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}

MKDOCS_YML = """\
site_name: Pathological
site_url: http://127.0.0.1:8000/
theme:
  name: material
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
  - admonition
plugins:
  - search
  - helpsite:
      docs_structure: folder
"""


def page(body: str, front_matter: str = "title: A page\n") -> str:
    return f"---\n{front_matter}---\n{body}"


def _filler(size: int, seed: str = "word") -> str:
    """Running text of about ``size`` characters, in paragraphs."""
    sentence = f"The {seed} of this sentence is plain running text for the reader. "
    paragraph = sentence * 10 + "\n\n"
    return paragraph * (size // len(paragraph) + 1)


def _include_tree(fan_out: int, depth: int) -> dict[str, str]:
    """``page.md`` includes ``includes/l1.md`` ``fan_out`` times, which includes l2 as often, down to a leaf."""
    files = {"docs/en/page.md": page(f"# Fan-out\n\n{_include_lines(1, fan_out)}")}
    for level in range(1, depth + 1):
        text = _include_lines(level + 1, fan_out) if level < depth else "leaf text\n"
        files[f"docs/en/includes/l{level}.md"] = text
    return files


def _include_lines(level: int, fan_out: int) -> str:
    return f"[!INCLUDE [l{level}](includes/l{level}.md)]\n" * fan_out


def _includes_relative(files: dict[str, str]) -> dict[str, str]:
    # Inside includes/, the next level is a sibling: includes/l2.md is written l2.md there.
    return {path: text.replace("(includes/", "(") if "/includes/" in path else text for path, text in files.items()}


def _billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join(['*' + previous] * 9)}]")
    return "\n".join(lines) + "\n"


def _no_loc_pair(terms: int, text_bytes: int, present: int = 10) -> dict[str, str]:
    """A source page with ``terms`` no-loc terms (``present`` of them in its text, none in the
    translation's) against ``text_bytes`` of running text in each."""
    names = [f"term{index}" for index in range(terms)]
    front = "title: Source\nno-loc: [" + ", ".join(names) + "]\n"
    source_text = _filler(text_bytes) + " ".join(names[:present]) + "\n"
    return {
        "docs/en/page.md": page("# Source\n\n" + source_text, front),
        "docs/nl/page.md": page("# Vertaling\n\n" + _filler(text_bytes, "woord"), "title: Vertaling\nms.contentlocale: nl-NL\n"),
    }


def _glossary_pair(terms: int, text_bytes: int, present: int = 10) -> dict[str, str]:
    names = [f"term{index}" for index in range(terms)]
    locale = (REPO / "locales" / "nl.yml").read_text(encoding="utf-8")
    locale += "glossary:\n  keep: [" + ", ".join(names) + "]\n"
    return {
        "locales/nl.yml": locale,
        "docs/en/page.md": page("# Source\n\n" + _filler(text_bytes) + " ".join(names[:present]) + "\n"),
        "docs/nl/page.md": page("# Vertaling\n\n" + _filler(text_bytes, "woord"), "title: Vertaling\nms.contentlocale: nl-NL\n"),
    }


@dataclass(frozen=True)
class Case:
    name: str
    what: str
    files: Callable[[], dict[str, str]]
    codes: tuple[str, ...] = ()  # a finding the check must report (and the build log); () none
    before: str = ""  # as issue "Safety" measured it on main
    fast: bool = True  # in tests/unit/test_pathological.py (a full check in-process in a few seconds)
    settings: dict = field(default_factory=dict)
    cpu_seconds: float | None = None  # this case's bound on a run's CPU seconds, when not --max-seconds


def _one_page(body: str, front_matter: str = "title: A page\n") -> Callable[[], dict[str, str]]:
    return lambda: {"docs/en/page.md": page(body, front_matter)}


# A megabyte of input costs a build 4-6 CPU seconds whatever it holds ("text-pair"): the build
# parses each article in its own process, checks it in a second one and renders what it publishes.
# The cases of a megabyte are bounded at 8 s, which work that is not linear in them would pass by far
# (their search of terms took over 110 s, the links 16 s).
MEGABYTE_SECONDS = 8.0

_ALIASED_TEXT = 'title: A\nbig: &a "' + "x" * 500_000 + '"\nlist: [' + ", ".join(["*a"] * 9_000) + "]\n"
_ALIASED_SMALL = 'title: A\nbig: &a "' + "x" * 60_000 + '"\nlist: [' + ", ".join(["*a"] * 1_000) + "]\n"
_NESTED_LISTS = "".join("  " * level + "- item\n" for level in range(1_000))
_MANY_KEYS = "title: A\n" + "".join(f"key{index}: value\n" for index in range(15_000))
_KEYS_UNDER_LIMIT = "title: A\n" + "".join(f"unknown-key-{index}: value\n" for index in range(2_500))

CASES: tuple[Case, ...] = (
    Case("one-line", "a page of one line: what any run costs (Python, MkDocs, the theme)", _one_page("Text.\n"), ()),
    Case("html-attribute", "`<x aaaa...>` of 60 KB", _one_page("<x " + "a" * 60_000 + ">\n"), ("HTML002",), "25 s"),
    Case("docfx-image", "`:::image ` repeated to 180 KB", _one_page(":::image " * 20_000 + "\n"), ("DFX003",), "41 s"),
    Case("headings", "20,000 identical `# a` headings", _one_page("# a\n" * 20_000), ("PARSE014",), "26 s"),
    Case(
        "headings-apart",
        "5,000 `# a` headings, a blank line between each (published)",
        _one_page("# a\n\n" * 5_000),
        (),
        cpu_seconds=8.0,  # Material's search parses the page's 5,000 sections: 3.7 s of the build alone
    ),
    Case(
        "links", "80,000 links on one line", _one_page("[a](page.md) " * 80_000 + "\n"), ("PARSE014",), "16 s", cpu_seconds=MEGABYTE_SECONDS
    ),
    Case("links-apart", "2,000 links, one a paragraph (published)", _one_page("[a](page.md)\n\n" * 2_000), ()),
    Case("no-loc", "20,000 `no-loc` terms against 500 KB of text", lambda: _no_loc_pair(20_000, 500_000), ("PARSE013",), "over 110 s"),
    Case(
        "no-loc-under-limit",
        "5,000 `no-loc` terms (under the front-matter limit) against 500 KB",
        lambda: _no_loc_pair(5_000, 500_000),
        ("L10N010",),
        cpu_seconds=MEGABYTE_SECONDS,
    ),
    Case(
        "no-loc-limits-raised",
        "20,000 `no-loc` terms against 500 KB, the front-matter limits raised so that the terms are searched",
        lambda: _no_loc_pair(20_000, 500_000),
        ("L10N010",),
        "over 110 s",
        settings={"max_front_matter_bytes": 1 << 20, "max_front_matter_values": 100_000},
        cpu_seconds=MEGABYTE_SECONDS,
    ),
    Case(
        "text-pair",
        "500 KB of running text in a source and its translation, nothing else (the neighbour of the term cases)",
        lambda: _no_loc_pair(0, 500_000, present=0),
        (),
        cpu_seconds=MEGABYTE_SECONDS,
    ),
    Case(
        "glossary",
        "20,000 glossary `keep` terms (locales/nl.yml) against 500 KB",
        lambda: _glossary_pair(20_000, 500_000),
        ("L10N010",),
        cpu_seconds=MEGABYTE_SECONDS,
    ),
    Case(
        "include-fan-out",
        "includes 10 wide, 5 deep (1.4 KB in all)",
        lambda: _includes_relative(_include_tree(10, 5)),
        ("DFX008",),
        "9 s check, 20 s build",
    ),
    Case("include-deep", "a chain of 50 includes", lambda: _includes_relative(_include_tree(1, 50)), ("DFX009",)),
    Case(
        "alias-bytes", '`big: &a "x"*500k`, then `*a` 9,000 times (536 KB)', _one_page("Text.\n", _ALIASED_TEXT), ("PARSE013",), "over 4 GB"
    ),
    Case(
        "alias-bytes-limit-raised",
        "the same 536 KB, the front-matter size limit raised: the expansion is measured, not made",
        _one_page("Text.\n", _ALIASED_TEXT),
        ("PARSE006",),
        "over 4 GB",
        settings={"max_front_matter_bytes": 1 << 20},
    ),
    Case("alias-bytes-small", '`big: &a "x"*60k`, then `*a` 1,000 times (64 KB)', _one_page("Text.\n", _ALIASED_SMALL), ("PARSE006",)),
    Case(
        "billion-laughs",
        "the 618-byte billion laughs",
        _one_page("Text.\n", _billion_laughs()),
        ("PARSE006",),
        "build: 2.2 GB, MemoryError",
    ),
    Case("dashes", "200 KB of `- - - ...`", _one_page("- " * 100_000 + "\n"), (), "build: RecursionError"),
    Case("dashes-items", "100,000 `- ` list items nested on one line each", _one_page("- " * 100_000 + "x\n"), ("PARSE014",)),
    Case("nested-lists", "lists nested 1,000 levels deep", _one_page(_NESTED_LISTS), ("PARSE014",), "build: RecursionError"),
    Case("blockquotes", "blockquotes nested 100,000 deep", _one_page(">" * 100_000 + " x\n"), ("PARSE014",)),
    Case("front-matter", "200 KB of front matter", _one_page("Text.\n", _MANY_KEYS), ("PARSE013",)),
    Case("unknown-keys", "2,500 unknown front-matter keys (under the limit)", _one_page("Text.\n", _KEYS_UNDER_LIMIT), ("META007",)),
    Case("huge-file", "a 6 MB article", lambda: {"docs/en/page.md": page(_filler(6_000_000))}, ("PARSE005",), fast=False),
)


def write_case(case: Case, root: Path) -> int:
    """The case's site under ``root``; returns the size in bytes of what the case wrote."""
    shutil.copytree(REPO / "locales", root / "locales")
    shutil.copytree(REPO / "schema", root / "schema")
    (root / "docs" / "en").mkdir(parents=True)
    (root / "docs" / "nl").mkdir(parents=True)
    mkdocs = MKDOCS_YML + "".join(f"      {key}: {value}\n" for key, value in case.settings.items())
    (root / "mkdocs.yml").write_text(mkdocs, encoding="utf-8")
    size = 0
    for relative, text in case.files().items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        size += len(data)
    return size


@dataclass
class Run:
    seconds: float  # wall time
    cpu: float  # user + system seconds: the measure to trust on a loaded machine
    mb: int
    output: str
    killed: bool = False


def timed(command: list[str], cwd: Path, timeout: float, memory_cap_mb: int) -> Run:
    """Wall and CPU seconds and peak resident memory of ``command`` (GNU time: the process and the
    children it waited for); the whole process group is killed after ``timeout``."""
    report = cwd / ".time"

    def cap() -> None:
        limit = memory_cap_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    process = subprocess.Popen(
        ["/usr/bin/time", "-o", str(report), "-f", "%e %U %S %M", *command],
        cwd=cwd,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=cap,  # noqa: PLW1509 - the benchmark runs no threads
        start_new_session=True,  # its own process group, so that a kill reaches MkDocs' forked check too
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        return Run(timeout, 0.0, 0, output or "", killed=True)
    wall, user, system, kilobytes = report.read_text().strip().splitlines()[-1].split()
    return Run(float(wall), float(user) + float(system), int(kilobytes) // 1024, output)


def run_case(case: Case, *, build: bool, timeout: float, memory_cap_mb: int, python: str = sys.executable) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"pathological-{case.name}-") as folder:
        root = Path(folder)
        size = write_case(case, root)
        helpsite = [python, "-m", "helpsite.cli", "check", "--no-cache", "--jobs", "1"]
        check = timed(helpsite, root, timeout, memory_cap_mb)
        built = None
        if build:
            built = timed([python, "-m", "mkdocs", "build", "-d", str(root / "site")], root, timeout, memory_cap_mb)
        return {"case": case, "size": size, "check": check, "build": built}


def _cell(run: Run | None) -> str:
    if run is None:
        return "-"
    return f"killed after {run.seconds:.0f} s" if run.killed else f"{run.seconds:.2f} s ({run.cpu:.2f} s CPU) / {run.mb} MB"


def _found(case: Case, run: Run | None) -> bool:
    return run is None or all(code in run.output for code in case.codes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run these cases only: " + ", ".join(c.name for c in CASES))
    parser.add_argument("--no-build", action="store_true", help="run the check only")
    parser.add_argument("--max-seconds", type=float, default=5.0, help="bound on every run's CPU seconds (default 5)")
    parser.add_argument("--max-mb", type=int, default=500, help="bound on every run's peak memory (default 500)")
    parser.add_argument("--timeout", type=float, default=120.0, help="kill a run after this many seconds (default 120)")
    parser.add_argument("--memory-cap-mb", type=int, default=4096, help="address-space limit of each run (default 4096)")
    parser.add_argument(
        "--python", default=sys.executable, help="the interpreter whose helpsite and MkDocs to run (another checkout's .venv)"
    )
    args = parser.parse_args()
    unknown = set(args.only or ()) - {c.name for c in CASES}
    if unknown:
        parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")
    cases = [c for c in CASES if not args.only or c.name in args.only]
    print("| input | size | check: wall (CPU) / peak | build: wall (CPU) / peak | bound (CPU, peak) | finding | before |")
    print("|---|---:|---:|---:|---:|---|---|")
    failures = []
    for case in cases:
        result = run_case(case, build=not args.no_build, timeout=args.timeout, memory_cap_mb=args.memory_cap_mb, python=args.python)
        check, built = result["check"], result["build"]
        finding = ", ".join(case.codes) or "none"
        seconds = case.cpu_seconds or args.max_seconds
        bound = f"{seconds:g} s, {args.max_mb} MB"
        print(
            f"| {case.what} | {result['size'] / 1024:,.0f} KiB | {_cell(check)} | {_cell(built)} | {bound} | {finding} | {case.before} |",
            flush=True,
        )
        for label, run in (("check", check), ("build", built)):
            if run is None:
                continue
            if run.killed or run.cpu > seconds or run.mb > args.max_mb:
                failures.append(f"{case.name}: {label} {_cell(run)}, over {bound}")
            if not _found(case, run):
                failures.append(f"{case.name}: {label} did not report {finding}:\n{run.output[-1500:]}")
    for failure in failures:
        print("FAIL " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
