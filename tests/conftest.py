"""Shared fixtures: small real projects in temporary folders, built from the repository's own config.

Real articles: ``SLICE`` (tests/data/corpus, in the repository: ``SLICE_ALCHEMY``, ``SLICE_ARABIC``,
``SEED``) for tests that need a handful; ``shared_corpus()`` for tests over the whole corpus in
``../shared/corpus``, which skip when it is absent. When the repository is not beside ``shared/``
(a git worktree elsewhere), set ``HELPSITE_SHARED=/path/to/shared``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# Where the real articles are (the in-repo slice, the shared corpus), re-exported for the tests: see tests/paths.py.
from tests.paths import REPO, SEED, SHARED_CORPUS, SLICE, SLICE_ALCHEMY, SLICE_ARABIC  # noqa: F401

HELPSITE = [sys.executable, "-m", "helpsite.cli"]
NO_SHARED_CORPUS = "../shared/corpus not present: a fresh clone runs the in-repo slice (tests/data/corpus) instead"


def shared_corpus(*parts: str) -> Path:
    """A folder of the whole shared corpus (``shared_corpus("alchemy")``); the test is skipped when it is absent.

    Real articles come in two sizes (tests/paths.py): the slice in tests/data/corpus, always
    there, for tests that need a handful of real articles; and the whole corpus, ``../shared/corpus``
    beside the repository or ``$HELPSITE_SHARED/corpus``, for tests over all of it.
    """
    folder = SHARED_CORPUS.joinpath(*parts) if SHARED_CORPUS else None
    if folder is None or not folder.is_dir():
        pytest.skip(NO_SHARED_CORPUS)
    return folder


MINIMAL_MKDOCS = """\
site_name: Test site
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


def sarif_schema_errors(log: dict) -> list[str]:
    """What makes ``log`` not SARIF 2.1.0, by the schema in tests/data (see its README)."""
    from jsonschema import Draft202012Validator, FormatChecker

    schema = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    return [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(log)]


def run_bounded(
    command: list, cwd: Path, *, timeout: float, memory: int, env: dict | None = None, text: bool = True
) -> subprocess.CompletedProcess:
    """``command`` with at most ``memory`` bytes of address space and ``timeout`` seconds, in a
    process group of its own that is killed whole at the end: a regression that reads /dev/zero
    fails fast, one that waits on a named pipe fails at the timeout, and neither leaves a forked
    child (the build's background check) waiting behind it."""
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=text, start_new_session=True)
    # Set while the interpreter starts, long before it reads a file; what it forks inherits it.
    with contextlib.suppress(ProcessLookupError):
        resource.prlimit(process.pid, resource.RLIMIT_AS, (memory, memory))
    try:
        out, err = process.communicate(timeout=timeout)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def article(title: str = "A title", body: str = "# A title\n\nText.\n", **meta: str) -> str:
    """An article's text: front matter from keyword arguments (ms_topic -> ms.topic), then the body."""
    lines = [f"title: {title}"] if title is not None else []
    lines += [f"{'ms.' + key[3:] if key.startswith('ms_') else key}: {value}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + textwrap.dedent(body)


ENGINE_COMMANDS = frozenset({"build", "serve"})  # they load MkDocs and set its environment: a process of their own


def run_cli_in_process(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """``helpsite.cli.main(args)`` in ``cwd``, as its own process would run it (``NO_COLOR``, no
    terminal): its exit status, standard output and error, an argparse exit included."""
    from helpsite.cli import main

    out, err = io.StringIO(), io.StringIO()
    previous, colour = os.getcwd(), os.environ.get("NO_COLOR")
    os.environ["NO_COLOR"] = "1"
    try:
        os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(args)
            except SystemExit as exc:  # argparse's usage errors and --help
                status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
                if isinstance(exc.code, str):
                    print(exc.code, file=sys.stderr)
    finally:
        os.chdir(previous)
        if colour is None:
            os.environ.pop("NO_COLOR", None)
        else:
            os.environ["NO_COLOR"] = colour
    return subprocess.CompletedProcess([*HELPSITE, *args], status, out.getvalue(), err.getvalue())


class Project:
    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, relative: str, content: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def helpsite(self, *args: str, check: bool = False, in_process: bool | None = None) -> subprocess.CompletedProcess:
        """``helpsite ARGS`` run in this folder. Commands that start an engine (build, serve) run in
        a process of their own; the others, by default, in this one (``in_process``): the same
        ``helpsite.cli.main``, without the second or so that a new interpreter takes to import
        helpsite and its checks (over a hundred calls in the suite)."""
        if in_process is None:
            in_process = not args or args[0] not in ENGINE_COMMANDS
        if in_process:
            result = run_cli_in_process(list(args), self.root)
            if check:
                result.check_returncode()
            return result
        env = {**os.environ, "NO_COLOR": "1"}
        return subprocess.run([*HELPSITE, *args], cwd=self.root, capture_output=True, text=True, env=env, check=check, timeout=300)

    def mkdocs_build(self, *args: str, team_pages: bool | None = None) -> subprocess.CompletedProcess:
        """``mkdocs build``; ``team_pages``: with (True) or without (False) the team's pages, else as configured."""
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        env.pop("HELPSITE_TEAM_PAGES", None)
        if team_pages is not None:
            env["HELPSITE_TEAM_PAGES"] = "1" if team_pages else "0"
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "-d", str(self.root / "site"), *args]
        return subprocess.run(mkdocs, cwd=self.root, capture_output=True, text=True, env=env, timeout=300, check=False)


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch) -> Path:
    """The user's cache folder of helpsite (helpsite.usercache), empty, in this test's folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "helpsite"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """An empty site: the repository's locales/ and schema, a minimal mkdocs.yml, and English and Dutch folders."""
    shutil.copytree(REPO / "locales", tmp_path / "locales")
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    (tmp_path / "mkdocs.yml").write_text(MINIMAL_MKDOCS)
    (tmp_path / "docs" / "en").mkdir(parents=True)
    (tmp_path / "docs" / "nl").mkdir(parents=True)
    return Project(tmp_path)


@pytest.fixture
def linked_site(project: Project, monkeypatch) -> Project:
    """Five pages that depend on each other (links, an anchor, a translation), as the working folder."""
    monkeypatch.chdir(project.root)
    project.write("docs/en/a.md", article("Page A", "# Page A\n\nSee [b](b.md#setup) and [c](c.md).\n"))
    project.write("docs/en/b.md", article("Page B", "# Page B\n\n## Setup\n\nText.\n"))
    project.write("docs/en/c.md", article("Page C", "# Page C\n\nText.\n"))
    project.write("docs/en/d.md", article("Page D", "# Page D\n\nNo links here.\n"))
    project.write("docs/nl/b.md", article("Pagina B", "# Pagina B\n\n## Instellen {#setup}\n\nTekst.\n", ms_contentlocale="nl-NL"))
    return project


@pytest.fixture
def site_copy(tmp_path: Path) -> Project:
    """A copy of the repository's own site (mkdocs.yml, locales, schema, docs)."""
    return copy_repository_site(tmp_path)


def copy_repository_site(root: Path) -> Project:
    # .helpsite/handoff: the sources' texts at hand-off, which the review pages diff against.
    for name in ("locales", "schema", "docs", "hooks", ".helpsite"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return Project(root)


def build_with_script(project: Project, script: str, mode: str) -> tuple[dict[str, bytes], str]:
    """Run ``script`` in the project (Python that builds the site into ``sys.argv[2]``, told ``mode``
    by ``sys.argv[1]``: "off" for the reference build, say): every file of the site, and what the
    script printed."""
    folder = f"site-{mode}"
    env = {**os.environ, "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    done = subprocess.run(
        [sys.executable, "-c", script, mode, folder], cwd=project.root, capture_output=True, text=True, env=env, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    site = project.root / folder
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}, done.stdout


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> tuple[Project, subprocess.CompletedProcess]:
    """The repository's own site, built once (--strict) for the tests that only read it, as the team
    previews it: with the team's pages (review queue, status, writer's guide)."""
    project = copy_repository_site(tmp_path_factory.mktemp("site"))
    result = project.mkdocs_build("--strict", team_pages=True)
    assert result.returncode == 0, result.stderr
    return project, result
