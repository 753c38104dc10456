"""What sanitizing costs a build, and what it removes from a real site.

    .venv/bin/python bench/sanitize_cost.py                       # the example site (docs/)
    .venv/bin/python bench/sanitize_cost.py --corpus-limit 300    # bench/corpus_build.py's project of the corpus
    .venv/bin/python bench/sanitize_cost.py --corpus-limit 0 --corpus ../shared/corpus/m365-ar --runs 1   # all of the Arabic one
    .venv/bin/python bench/sanitize_cost.py --project DIR --runs 3

Builds the site in this process, alternately as published (sanitized) and with helpsite's
sanitizer turned into a pass-through (what the build did before it: front matter title,
description and subtitle escaped, nothing else), ``--runs`` times each, and reports:

- the wall time of each build, and the time spent inside the sanitizer's calls during the
  sanitized builds (bodies, front matter, the Content Security Policy), as a share of the build;
- what the sanitized site lacks that the other has, page by page: every start tag, attribute and
  text the sanitizer removed, compared as parsed HTML (nh3 writes ``<br>`` for ``<br />``, quotes
  every attribute and adds ``<tbody>`` where a raw table has none: none of that is a removal).

The Content Security Policy's ``<meta>`` is the only thing the sanitized site adds.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import functools
import html.parser
import logging
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# No build cache: its keys hold helpsite's code, not this script's pass-through sanitizer, so the
# second build would take the first's pages (and each build here must render every page anyway).
os.environ["HELPSITE_NO_BUILD_CACHE"] = "1"


class Tokens(html.parser.HTMLParser):
    """A page as a list of start tags (attributes sorted, values normalised) and texts (spaces collapsed)."""

    def __init__(self, article_only: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple] = []
        self.article_only = article_only  # only what Material's <article> holds: the page's body, not the theme's frame
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        if self.article_only and not self.depth:
            return
        if tag == "meta" and any(name == "http-equiv" and value == "Content-Security-Policy" for name, value in attrs):
            return
        if tag == "tbody":
            return  # html5ever adds it to a table that has none
        normal = []
        for name, written in attrs:
            value = written or ""
            if name == "style":
                value = ";".join(sorted(re.sub(r"\s+", "", d) for d in value.split(";") if d.strip()))
            elif value == name:
                value = ""  # checked="checked" is checked=""
            normal.append((name, value))
        self.tokens.append(("tag", tag, tuple(sorted(normal))))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.article_only and not self.depth:
            return
        text = " ".join(data.split())
        if text:
            self.tokens.append(("text", text))


def tokens(path: Path, article_only: bool = False) -> list[tuple]:
    parser = Tokens(article_only)
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser.tokens


def removals(before: list[tuple], after: list[tuple]) -> list[str]:
    """What ``before`` has that ``after`` lacks: tags (or their attributes) and texts."""
    found = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        kept = after[b0:b1]
        for token in before[a0:a1]:
            if token[0] == "tag":
                twin = next((t for t in kept if t[0] == "tag" and t[1] == token[1]), None)
                if twin is None:
                    found.append(f"<{token[1]}> removed")
                else:
                    lost = sorted(set(token[2]) - set(twin[2]))
                    found += [f"<{token[1]}> lost {name}={value!r}" for name, value in lost]
                    kept = [t for t in kept if t is not twin]
            elif token not in kept:
                joined = " ".join(t[1] for t in kept if t[0] == "text")
                if token[1] not in joined:
                    found.append(f"text {token[1][:60]!r} removed")
    return found


@contextlib.contextmanager
def sanitizing(on: bool, spent: list[float]):
    """As published (``on``), timing the sanitizer's calls into ``spent``; or with it a pass-through."""
    import helpsite.mkdocs.plugin as adapter
    from helpsite.publishing import sanitize

    saved = {name: getattr(sanitize.Sanitizer, name) for name in ("page_content", "page_meta", "with_policy")}
    saved_title = adapter.text_title

    def timed(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            started = time.thread_time()  # CPU time: on a shared machine, wall time inside a call is mostly waiting
            try:
                return function(*args, **kwargs)
            finally:
                spent.append(time.thread_time() - started)

        return wrapper

    if on:
        for name, function in saved.items():
            setattr(sanitize.Sanitizer, name, timed(function))
        adapter.text_title = timed(saved_title)
    else:
        sanitize.Sanitizer.page_content = lambda self, html, article, markdown, path: (html, [])  # type: ignore[method-assign]
        sanitize.Sanitizer.page_meta = lambda self, meta: None  # type: ignore[method-assign]  # the adapter still escapes title, description, subtitle
        sanitize.Sanitizer.with_policy = lambda self, output: output  # type: ignore[method-assign]
        adapter.text_title = lambda title: title
    try:
        yield
    finally:
        for name, function in saved.items():
            setattr(sanitize.Sanitizer, name, function)
        adapter.text_title = saved_title


def build(project: Path, site: Path, on: bool) -> tuple[float, float, float]:
    """Wall time and CPU time of the build (this process: the check runs in a second one), and the
    CPU time inside the sanitizer."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    spent: list[float] = []
    with sanitizing(on, spent):
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="build", dirty=False)
        started, cpu = time.perf_counter(), time.process_time()
        mkdocs_build(config)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return seconds, cpu, sum(spent)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, help="a helpsite project (default: a copy of this repository's site)")
    parser.add_argument(
        "--corpus-limit", type=int, help="build bench/corpus_build.py's project of the corpus, N article paths (0: all of them)"
    )
    parser.add_argument(
        "--corpus", type=Path, help="with --corpus-limit: the corpus, Alchemy's or a Learn repository's (default as bench/corpus_build.py)"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--show", type=int, default=40, help="removals to list")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    work = Path(tempfile.mkdtemp(prefix="sanitize-cost-"))
    if args.corpus_limit is not None:
        import corpus_build

        corpus = args.corpus or corpus_build.DEFAULT_CORPUS
        if corpus is None:
            parser.error("no ../shared beside the repository and no $HELPSITE_SHARED: name the corpus with --corpus")
        project = work / "corpus"
        corpus = Path(corpus).resolve()
        learn = (corpus / corpus_build.ARABIC["tag"] / corpus_build.LEARN_PRODUCT).is_dir()
        (corpus_build.prepare_learn if learn else corpus_build.prepare)(corpus, project, args.corpus_limit or None)
    elif args.project:
        project = args.project.resolve()
    else:
        project = work / "site"
        project.mkdir()
        for name in ("locales", "schema", "docs", "hooks"):
            shutil.copytree(REPO / name, project / name)
        shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    times: dict[bool, list[float]] = {True: [], False: []}
    cpus: dict[bool, list[float]] = {True: [], False: []}
    inside: list[float] = []
    for run in range(args.runs):
        for on in (False, True) if run % 2 == 0 else (True, False):
            seconds, cpu, spent = build(project, work / ("on" if on else "off"), on)
            times[on].append(seconds)
            cpus[on].append(cpu)
            if on:
                inside.append(spent)
            shown = f"run {run + 1} {'sanitized' if on else 'pass-through'}: {seconds:.2f} s, CPU {cpu:.2f} s"
            print(shown + (f" (sanitizer {spent:.3f} s)" if on else ""))
    pages = sorted(p.relative_to(work / "off") for p in (work / "off").rglob("*.html"))
    found: Counter[str] = Counter()
    listed = []
    for page in pages:
        lost = removals(tokens(work / "off" / page), tokens(work / "on" / page))
        found.update(lost)
        listed += [f"{page}: {what}" for what in lost]
    median_on, median_off = statistics.median(times[True]), statistics.median(times[False])
    cpu_on, cpu_off = statistics.median(cpus[True]), statistics.median(cpus[False])
    spent = statistics.median(inside)
    print(f"\npages: {len(pages)}")
    change = median_on / median_off - 1
    print(f"build wall time, median of {args.runs}: sanitized {median_on:.2f} s, pass-through {median_off:.2f} s ({change:+.1%})")
    print(
        f"build CPU time (the MkDocs process), median: sanitized {cpu_on:.2f} s, pass-through {cpu_off:.2f} s ({cpu_on / cpu_off - 1:+.1%})"
    )
    print(f"CPU inside the sanitizer: median {spent:.3f} s, {spent / cpu_on:.1%} of the sanitized build's CPU time")
    print(f"removed: {sum(found.values())} ({len(found)} kinds)")
    for line in listed[: args.show]:
        print(f"  {line}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
