"""content/safefile.py: only regular files inside the docs root are read, never more than the limit.

Every case runs twice: with O_PATH and /proc/self/fd (Linux), and by the portable way (real path
first, then O_NOFOLLOW | O_NONBLOCK and fstat), which macOS takes.
"""

from __future__ import annotations

import ast
import multiprocessing
import os
import threading
from pathlib import Path

import pytest

from helpsite.content import safefile
from helpsite.content.safefile import (
    FILE,
    FOLDER,
    MISSING,
    OUTSIDE,
    REFUSED,
    FileTooLarge,
    RefusedFile,
    display_path,
    docs_path_kind,
    escape_undecodable,
    read_docs_file,
)
from tests.paths import REPO


@pytest.fixture(params=["proc", "portable"])
def way(request, monkeypatch) -> str:
    if request.param == "portable":
        monkeypatch.setattr(safefile, "_proc_fd_folder", lambda: None)
    elif safefile._proc_fd_folder() is None:
        pytest.skip("no O_PATH or /proc/self/fd here")
    return request.param


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """docs/ with one of everything; outside/ beside it holds a secret."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("TOP SECRET\n")
    docs = tmp_path / "docs"
    (docs / "en" / "sub").mkdir(parents=True)
    (docs / "nl").mkdir()
    (docs / "en" / "page.md").write_text("# Page\n")
    os.symlink("page.md", docs / "en" / "alias.md")  # stays inside
    os.symlink("../en", docs / "nl" / "en-folder")  # a folder link that stays inside
    os.symlink(outside / "secret.md", docs / "en" / "leak.md")
    os.symlink("../../outside", docs / "en" / "out-folder")
    os.symlink("/dev/zero", docs / "en" / "zero.md")
    os.symlink(outside / "gone.md", docs / "en" / "gone-out.md")  # leads out to nothing
    os.symlink("missing.md", docs / "en" / "gone-in.md")
    os.mkfifo(docs / "en" / "pipe.md")
    os.symlink("pipe.md", docs / "en" / "to-pipe.md")
    os.symlink(".", docs / "en" / "loop")
    os.symlink("..", docs / "en" / "sub" / "up")
    os.symlink("self.md", docs / "en" / "self.md")
    return docs


def outcome(path: Path, root: Path, limit: int = 1000) -> str:
    try:
        return "read " + read_docs_file(path, root, limit).data.decode()
    except RefusedFile as exc:
        return ("outside: " if exc.outside else "refused: ") + exc.reason
    except FileTooLarge as exc:
        return f"too large: {exc.size}"
    except OSError as exc:
        return type(exc).__name__


def test_regular_files_and_links_that_stay_inside_are_read(tree: Path, way: str) -> None:
    assert outcome(tree / "en/page.md", tree) == "read # Page\n"
    assert outcome(tree / "en/alias.md", tree) == "read # Page\n"
    assert outcome(tree / "nl/en-folder/page.md", tree) == "read # Page\n"
    assert read_docs_file(tree / "en/alias.md", tree, 1000).real_path == str((tree / "en/page.md").resolve())
    assert docs_path_kind(tree / "en/alias.md", tree) == FILE and docs_path_kind(tree / "nl/en-folder", tree) == FOLDER


def test_links_out_of_the_root_are_refused_whatever_is_at_their_end(tree: Path, way: str) -> None:
    for name in ("leak.md", "zero.md", "gone-out.md", "out-folder/secret.md", "out-folder"):
        result = outcome(tree / "en" / name, tree)
        assert result.startswith("outside: a symbolic link to ") and result.endswith(", outside docs/"), (name, result)
        assert docs_path_kind(tree / "en" / name, tree) == OUTSIDE
    assert "/dev/zero" in outcome(tree / "en/zero.md", tree)


def test_named_pipes_loops_and_folders_are_never_read(tree: Path, way: str) -> None:
    # A read of the pipe would wait forever for a writer; the test would hang, so it runs in a thread.
    results: dict[str, str] = {}
    worker = threading.Thread(
        target=lambda: results.update(pipe=outcome(tree / "en/pipe.md", tree), link=outcome(tree / "en/to-pipe.md", tree))
    )
    worker.daemon = True
    worker.start()
    worker.join(10)
    assert results == {"pipe": "refused: not a regular file (a named pipe)", "link": "refused: not a regular file (a named pipe)"}
    assert outcome(tree / "en/self.md", tree) == "refused: a loop of symbolic links"
    for looping in ("loop", "loop/page.md", "loop/loop/loop/page.md", "sub/up/page.md"):
        result = outcome(tree / "en" / looping, tree)
        assert result.startswith("refused: ") and result.endswith("links back to a folder on its way (a loop)"), (looping, result)
        assert docs_path_kind(tree / "en" / looping, tree) == REFUSED
    assert outcome(tree / "en/sub", tree) == "IsADirectoryError"
    assert outcome(tree / "en/gone-in.md", tree) == "FileNotFoundError"
    assert docs_path_kind(tree / "en/gone-in.md", tree) == MISSING and docs_path_kind(tree / "en/pipe.md", tree) == REFUSED


def test_the_size_limit_is_checked_before_reading(tree: Path, way: str) -> None:
    (tree / "en/big.md").write_bytes(b"x" * 1001)
    (tree / "en/exact.md").write_bytes(b"x" * 1000)
    assert outcome(tree / "en/big.md", tree) == "too large: 1001"
    assert outcome(tree / "en/exact.md", tree) == "read " + "x" * 1000


def test_a_root_reached_through_a_link_is_still_the_root(tree: Path, tmp_path: Path, way: str) -> None:
    os.symlink(tree, tmp_path / "docs-link")
    assert outcome(tmp_path / "docs-link/en/page.md", tmp_path / "docs-link") == "read # Page\n"
    assert outcome(tmp_path / "docs-link/en/leak.md", tmp_path / "docs-link").startswith("outside: ")


def test_names_that_are_not_utf8_are_shown_escaped(tmp_path: Path, monkeypatch) -> None:
    name = os.fsdecode(b"caf\xe9.md")
    assert escape_undecodable(name) == "caf\\xe9.md" and escape_undecodable("café.md") == "café.md"
    (tmp_path / name).write_text("# Café\n")
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / name) == "caf\\xe9.md"
    assert read_docs_file(tmp_path / name, tmp_path, 100).data == "# Café\n".encode()


# Every place in helpsite, besides content/safefile.py, that opens a file, and whose file it is: the
# site's maintainers' (configuration, locales, schema, theme, caches, the built site) or helpsite's
# own, never a file of docs/ that a writer chose. A new read of a file fails the test below until it
# goes through safefile or is added here with the reason it need not.
OTHER_READS = {
    ("checks/built.py", "read_page"): "the built site's pages (helpsite check --site)",
    ("checks/built.py", "_search_indexes"): "the built site's search indexes",
    ("checks/meta.py", "load"): "the metadata schema (schema/)",
    ("cli.py", "_report_merge"): "JSON reports named on the command line",
    ("cli.py", "_l10n_import"): "the XLIFF or PO file named on the command line",
    ("cli.py", "_create_locale"): "the source locale's file in locales/, the template of a new one",
    ("mkdocs/jobs.py", "publish_findings"): "the findings file a parallel build's shard writes for the others",
    ("mkdocs/jobs.py", "wait_for_findings"): "the findings file another shard of the same build wrote",
    ("mkdocs/reader.py", "scripts"): "helpsite's own scripts (alternates, feedback)",
    ("mkdocs/reader.py", "per_locale"): "the locale's 404 page that serve built",
    ("cli.py", "_main"): "os.devnull, for a closed pipe",
    ("content/config.py", "load"): "mkdocs.yml",
    ("content/locales.py", "load_locale"): "the locale files (locales/)",
    ("content/redirects.py", "_map_lines"): "mkdocs.yml, for the redirect map's lines",
    ("content/edit.py", "locked"): "review mark's lock, on the file read_docs_file vetted, without following links",
    ("content/edit.py", "_holds"): "review mark's compare-and-swap: the vetted file, bounded, never a pipe",
    ("content/edit.py", "_temporary_copy"): "the temporary file review mark writes",
    ("content/edit.py", "_sync_folder"): "the folder of the file written, for fsync",
    ("mkdocs/files.py", "stylesheet"): "helpsite's own stylesheet",
    ("mkdocs/buildcache.py", "run_digest"): "mkdocs.yml and the hooks, for the build cache's key",
    ("run/parsecache.py", "hash_tree"): "locales/, the schema, helpsite's code, the theme's own templates, for the caches' keys",
    ("mkdocs/buildcache.py", "_mentions"): "the theme's own templates: whether one prints the build's date",
    ("mkdocs/search.py", "split_index"): "the search index the build wrote",
    ("mkdocs/replay.py", "build"): "the page the build just wrote, kept for the next build",
    ("mkdocs/replay.py", "write"): "a replayed page written into the site folder, where MkDocs writes it",
    ("publishing/sanitize.py", "theme_script_shapes"): "the theme's templates",
    ("publishing/shards.py", "read_manifest"): "a shard's manifest the build wrote",
    ("publishing/shards.py", "_merge_search_index"): "a part's search index the build wrote",
    ("run/ci.py", "apply_baseline"): "the baseline file named on the command line",
    ("run/engine.py", "_configuration_digest"): "mkdocs.yml, the schema and the locale files, for the cache's key",
    ("run/engine.py", "_load"): "the check cache (.helpsite-cache)",
    ("checks/detections.py", "_read"): "the language detector's answers, beside the check cache (.helpsite-cache), bounded",
    ("usercache.py", "read"): "what helpsite keeps in the user's cache folder (the detector's model, compiled templates)",
    ("usercache.py", "write"): "the temporary file of one of those, written beside it",
    ("usercache.py", "_key"): "the kernel's boot id, which keys what the user's cache folder holds",
}
_READ_CALLS = {"open", "read_text", "read_bytes", "fdopen"}


class _FileReads(ast.NodeVisitor):
    """(module, innermost function) of every call of open, os.open, os.fdopen, Path.open/read_text/read_bytes."""

    def __init__(self, module: str) -> None:
        self.module, self.functions, self.reads = module, ["<module>"], set()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node: ast.Call) -> None:
        called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if called in _READ_CALLS:
            self.reads.add((self.module, self.functions[-1]))
        self.generic_visit(node)


def _file_reads() -> set[tuple[str, str]]:
    source = REPO / "src" / "helpsite"
    reads: set[tuple[str, str]] = set()
    for path in sorted(source.rglob("*.py")):
        visitor = _FileReads(path.relative_to(source).as_posix())
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        reads |= visitor.reads
    return reads


def test_no_module_but_safefile_opens_a_file_a_writer_chose() -> None:
    reads = {read for read in _file_reads() if read[0] != "content/safefile.py"}
    assert reads - OTHER_READS.keys() == set(), "a file opened without content/safefile.py"
    assert OTHER_READS.keys() - reads == set(), "listed here, no longer read"


def _outcomes_in_a_forked_child(tree: Path, queue) -> None:
    queue.put([outcome(tree / name, tree) for name in ("en/page.md", "en/alias.md", "en/leak.md", "en/out-folder/secret.md")])


def test_a_forked_child_reads_through_its_own_descriptor_table(tree: Path) -> None:
    """The check beside a build is a forked child: the parent's /proc/self/fd names the parent's
    table, where the child's descriptors are other files or none."""
    if safefile._proc_fd_folder() is None or "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no O_PATH or /proc/self/fd, or no fork, here")
    expected = [outcome(tree / name, tree) for name in ("en/page.md", "en/alias.md", "en/leak.md", "en/out-folder/secret.md")]
    assert expected[:2] == ["read # Page\n"] * 2 and all(result.startswith("outside: ") for result in expected[2:])
    holding = [os.open(os.devnull, os.O_RDONLY) for _ in range(3)]  # the parent's next descriptors are not the child's
    try:
        context = multiprocessing.get_context("fork")
        queue = context.Queue()
        child = context.Process(target=_outcomes_in_a_forked_child, args=(tree, queue))
        child.start()
        got = queue.get(timeout=60)
        child.join(timeout=60)
    finally:
        for fd in holding:
            os.close(fd)
    assert got == expected
