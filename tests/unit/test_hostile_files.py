"""Hostile files in docs/ through the real command: links out, /dev/zero, named pipes, loops of
folder links, names that are not UTF-8. Each run has a timeout and a memory limit, so that a
regression fails (a read that never returns, a read of /dev/zero until memory runs out) instead of
hanging the suite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import HELPSITE, article, run_bounded, sarif_schema_errors

SECRET = "TOP-SECRET-VALUE"
MEMORY = 1 << 30  # bytes of address space a run may have: far more than it needs, far less than /dev/zero offers


def run(project, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return run_bounded([*HELPSITE, *args], project.root, timeout=timeout, memory=MEMORY, env={**os.environ, "NO_COLOR": "1"})


@pytest.fixture
def home(project):
    project.write("docs/en/index.md", article("Home", "# Home\n\nText.\n"))
    project.write("docs/nl/index.md", article("Thuis", "# Thuis\n\nTekst.\n", ms_contentlocale="nl-NL"))
    return project


def secret_outside(project) -> str:
    outside = project.root.parent / f"{project.root.name}-outside"
    outside.mkdir(exist_ok=True)
    path = outside / "secret.md"
    path.write_text(article(f"{SECRET} title", f"# {SECRET}\n\n[{SECRET}]({SECRET}.md)\n", ms_topic=SECRET), encoding="utf-8")
    return str(path)


def findings(result: subprocess.CompletedProcess) -> list[dict]:
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_a_symlinked_article_out_of_docs_is_a_finding_and_never_parsed(home) -> None:
    os.symlink(secret_outside(home), home.root / "docs/nl/leak.md")
    for args in (("check", "--format", "json", "--no-cache"), ("check", "--format", "json"), ("check", "--format", "json")):
        result = run(home, *args)
        assert SECRET not in result.stdout + result.stderr
        leak = [f for f in findings(result) if f["path"] == "docs/nl/leak.md"]
        assert [(f["code"], f["line"]) for f in leak] == [("PARSE011", 1)]
        assert "a symbolic link to " in leak[0]["message"] and "outside docs/; not read" in leak[0]["message"]


def test_review_mark_refuses_a_symlinked_article_and_copies_nothing_into_docs(home) -> None:
    secret = secret_outside(home)
    os.symlink(secret, home.root / "docs/nl/leak.md")
    before = Path(secret).read_text(encoding="utf-8")
    result = run(home, "review", "mark", "docs/nl/leak.md", "--reviewer", "Ann")
    assert result.returncode == 1 and "docs/nl/leak.md: refused:" in result.stderr and "(PARSE011)" in result.stderr
    assert os.path.islink(home.root / "docs/nl/leak.md") and Path(secret).read_text(encoding="utf-8") == before
    assert not any(SECRET in p.read_text(errors="replace") for p in (home.root / "docs").rglob("*") if p.is_file() and not p.is_symlink())
    # A link that stays inside docs/ is followed: the file it names is marked, the link kept.
    home.write("docs/nl/real.md", article("Echt", "# Echt\n", ms_contentlocale="nl-NL"))
    home.write("docs/en/alias.md", article("Alias", "# Alias\n"))
    os.symlink("real.md", home.root / "docs/nl/alias.md")
    result = run(home, "review", "mark", "docs/nl/alias.md", "--reviewer", "Ann")
    assert result.returncode == 0 and "marked" in result.stdout, result.stderr
    assert os.path.islink(home.root / "docs/nl/alias.md") and "Ann" in (home.root / "docs/nl/real.md").read_text()


def test_new_from_a_symlinked_source_is_refused(home) -> None:
    os.symlink(secret_outside(home), home.root / "docs/en/leak.md")
    result = run(home, "new", "docs/nl/leak.md", "--from", "docs/en/leak.md")
    assert result.returncode == 2 and "PARSE011" not in result.stdout and "outside docs/" in result.stderr
    assert not (home.root / "docs/nl/leak.md").exists()


def test_dev_zero_as_an_article_or_an_include_is_refused_without_reading(home) -> None:
    os.symlink("/dev/zero", home.root / "docs/en/zero.md")
    (home.root / "docs/en/includes").mkdir()
    os.symlink("/dev/zero", home.root / "docs/en/includes/zero.md")
    home.write("docs/en/index.md", article("Home", "# Home\n\n[!INCLUDE [zero](includes/zero.md)]\n"))
    # The second and third runs use the cache, whose signatures read includes again.
    for args in (("--no-cache",), (), ()):
        result = run(home, "check", "--format", "json", *args)
        got = {(f["path"], f["code"], f["line"]) for f in findings(result)}
        assert ("docs/en/zero.md", "PARSE011", 1) in got and ("docs/en/index.md", "DFX004", 6) in got, result.stdout
        assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr


def test_a_named_pipe_as_an_article_or_an_include_does_not_hang_the_check(home) -> None:
    os.mkfifo(home.root / "docs/en/x.md")
    home.write("docs/nl/x.md", article("X", "# X\n", ms_contentlocale="nl-NL"))  # its source cannot be read
    (home.root / "docs/en/includes").mkdir()
    os.mkfifo(home.root / "docs/en/includes/pipe.md")
    home.write("docs/en/index.md", article("Home", "# Home\n\n[!INCLUDE [pipe](includes/pipe.md)]\n"))
    for args in (("--no-cache",), (), ()):
        result = run(home, "check", "--format", "json", *args, timeout=30)
        got = {(f["path"], f["code"]): f["message"] for f in findings(result)}
        assert "not a regular file (a named pipe)" in got[("docs/en/x.md", "PARSE001")]
        assert "not a regular file (a named pipe)" in got[("docs/en/index.md", "DFX004")]
        assert "the check cache" not in result.stderr  # what cannot be read is watched, not a damage


def test_a_folder_link_loop_is_neither_followed_nor_a_crash(home) -> None:
    os.symlink(".", home.root / "docs/en/loop")
    os.symlink("self.md", home.root / "docs/en/self.md")
    home.write("docs/en/index.md", article("Home", "# Home\n\n![x](loop/x.png) and [me](loop/index.md)\n"))
    result = run(home, "check", "--format", "json", "--no-cache")
    got = {(f["path"], f["code"]): f["message"] for f in findings(result)}
    assert got[("docs/en/self.md", "PARSE001")] == "a loop of symbolic links; not read"
    assert "links back to a folder on its way (a loop)" in got[("docs/en/index.md", "LNK006")]
    assert "Traceback" not in result.stderr


NON_UTF8 = b"caf\xe9.md"


@pytest.mark.parametrize("output", ["text", "json", "github", "sarif", "junit"])
def test_a_name_that_is_not_utf8_is_reported_in_every_format(home, output: str) -> None:
    folder = os.fsencode(home.root / "docs" / "nl")
    with open(os.path.join(folder, NON_UTF8), "wb") as file:
        file.write(article("Café", "# Café\n", ms_contentlocale="nl-NL").encode())
    for args in (("--no-cache",), (), ()):
        result = run(home, "check", "--format", output, "--output", f"{output}:report.out", *args)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert result.stdout == (home.root / "report.out").read_text(encoding="utf-8")
        shown = "docs/nl/caf\\xe9.md"
        if output == "text":
            assert f"{shown}: PARSE012 [error] the file name is not valid UTF-8" in result.stdout
        elif output == "json":
            assert {"path": shown, "code": "PARSE012"}.items() <= next(
                f for f in json.loads(result.stdout) if f["code"] == "PARSE012"
            ).items()
        elif output == "github":
            assert f"::error file={shown},title=PARSE012::" in result.stdout
        elif output == "sarif":
            log = json.loads(result.stdout)
            assert sarif_schema_errors(log) == []
            assert "PARSE012" in {r["ruleId"] for r in log["runs"][0]["results"]}
        else:
            suites = ET.fromstring(result.stdout.encode())
            assert shown in {suite.get("name") for suite in suites}


def test_a_name_that_is_not_utf8_does_not_stop_a_report_merge(home) -> None:
    with open(os.path.join(os.fsencode(home.root / "docs" / "nl"), NON_UTF8), "wb") as file:
        file.write(article("Café", "# Café\n", ms_contentlocale="nl-NL").encode())
    run(home, "check", "--format", "json", "--output", "json:shard.json")
    merged = run(home, "report", "merge", "shard.json", "--format", "sarif")
    assert merged.returncode == 1 and "PARSE012" in merged.stdout, merged.stderr


def test_the_command_still_names_a_file_argument_that_is_not_utf8(home) -> None:
    path = os.path.join(os.fsencode(home.root / "docs" / "nl"), NON_UTF8)
    with open(path, "wb") as file:
        file.write(article("Café", "# Café\n", ms_contentlocale="nl-NL").encode())
    command = [os.fsencode(sys.executable), b"-m", b"helpsite.cli", b"check", b"--no-cache", b"docs/nl/" + NON_UTF8]
    result = run_bounded(command, home.root, timeout=60, memory=MEMORY, text=False)
    assert result.returncode == 1 and b"docs/nl/caf\\xe9.md: PARSE012" in result.stdout, result.stderr


def test_a_translation_is_not_compared_with_a_source_that_cannot_be_read(home) -> None:
    os.symlink(secret_outside(home), home.root / "docs/en/pay.md")
    home.write("docs/nl/pay.md", article("Betalen", "# Betalen\n\n## Nu\n\n- een\n- twee\n", ms_contentlocale="nl-NL"))
    got = {(f["path"], f["code"]) for f in findings(run(home, "check", "--format", "json", "--no-cache"))}
    assert ("docs/en/pay.md", "PARSE011") in got
    assert not {code for path, code in got if path == "docs/nl/pay.md"}  # no "headings differ from an empty source"


@pytest.mark.parametrize("kind", ["named pipe", "link to /dev/zero", "link out of docs"])
def test_a_hostile_redirects_file_is_refused_not_read(home, kind: str) -> None:
    path = home.root / "docs" / "redirects.json"
    if kind == "named pipe":
        os.mkfifo(path)
    else:
        os.symlink("/dev/zero" if kind == "link to /dev/zero" else secret_outside(home), path)
    config = home.root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("docs_structure: folder", "docs_structure: folder\n      redirects_file: docs/redirects.json")
    )
    for args in (("--no-cache",), (), ()):
        result = run(home, "check", "--format", "json", *args, timeout=30)
        assert result.returncode in (0, 1) and "Traceback" not in result.stderr, result.stderr
        assert SECRET not in result.stdout
        assert "cannot read the redirects file" in result.stdout
