"""Every finding code has fixtures, positive and negative, run in-process: tests/fixtures/rules/CODE.yml.

The format is described in tests/fixtures/rules/README.md.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpsite.checks.built import check_built_site
from helpsite.checks.registry import RULES
from helpsite.content.config import Project
from helpsite.model import Finding
from helpsite.run.engine import run_check
from tests.conftest import MINIMAL_MKDOCS, REPO
from tests.localserver import LocalServer, refused_url

FIXTURES = REPO / "tests" / "fixtures" / "rules"
CASE_KEYS = {"name", "source", "files", "expect", "settings", "config", "mode", "paths", "external", "git", "skip"}
EXPECT_KEYS = {"path", "line", "column", "severity", "fix", "message"}
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
BASE_CONFIG = yaml.safe_load(MINIMAL_MKDOCS)


def _load() -> dict[str, dict[str, Any]]:
    """Each code's cases: CODE.yml's and those of any CODE.NAME.yml (the stem before the first dot
    is the code), so that cases of one theme can live in a file of their own."""
    files: dict[str, dict[str, Any]] = {}
    for path in sorted(FIXTURES.glob("*.yml"), key=lambda p: (p.name.split(".")[0], p.name.count("."), p.name)):
        code = path.name.split(".")[0]
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_LOADER) or {}
        assert data.get("rule") == code, f"{path.name} says rule: {data.get('rule')}"
        merged = files.setdefault(code, {"rule": code, "cases": []})
        merged["cases"].extend(data.get("cases") or [])
    return files


def _code(name: str) -> str:
    """The code a fixture file is for: its name before the first dot (META012.yml, META012.yaml-edge.yml)."""
    return name.split(".", 1)[0]


FIXTURE_FILES = _load()
CASES = [
    pytest.param(_code(name), case, id=f"{name}-{case.get('name', '?')}")
    for name, data in FIXTURE_FILES.items()
    for case in (data or {}).get("cases", [])
]


@pytest.fixture(scope="module")
def server():
    running = LocalServer().start()
    yield running
    running.stop()


# Codes whose rules are being changed elsewhere right now; their fixtures come with those changes.
# This set may only shrink: a code listed here that has a fixture file fails the test below.
PENDING: set[str] = set()


def test_every_registered_code_has_a_fixture_file() -> None:
    missing = set(RULES) - set(FIXTURE_FILES)
    assert missing <= PENDING, f"no tests/fixtures/rules/CODE.yml for {sorted(missing - PENDING)}"
    done = PENDING - missing
    assert not done, f"{sorted(done)} have fixture files now: remove them from PENDING"


def test_every_fixture_file_has_positive_and_negative_cases() -> None:
    for code, data in FIXTURE_FILES.items():
        assert code in RULES, f"{code}.yml names no registered code"
        cases = data.get("cases") or []
        names = [case.get("name") for case in cases]
        assert len(names) == len(set(names)), f"{code}'s fixture files repeat a case name"
        assert any(case.get("expect") for case in cases), f"{code}.yml has no case that must raise {code}"
        assert any(not case.get("expect") for case in cases), f"{code}.yml has no case that must not raise {code}"


@pytest.mark.parametrize(("code", "case"), CASES)
def test_rule_case(code: str, case: dict[str, Any], tmp_path: Path, monkeypatch, request) -> None:
    assert set(case) <= CASE_KEYS, f"unknown case keys {sorted(set(case) - CASE_KEYS)}"
    text = repr(case)
    if "{server}" in text:
        case = _substitute(case, "{server}", request.getfixturevalue("server").url("").rstrip("/"))
    if "{refused}" in text:
        case = _substitute(case, "{refused}", refused_url().rstrip("/"))
    root = tmp_path / "project"
    _write_project(root, case)
    if case.get("git"):
        _make_history(root, case["git"])
    monkeypatch.chdir(root)
    findings = _run(root, case, code)
    got = sorted((f for f in findings if f.code == code), key=Finding.sort_key)
    expected = case.get("expect") or []
    shown = "\n".join(f"  {f.path}:{f.line}:{f.column} [{f.severity}] {f.message} (fix: {f.fix})" for f in got) or "  (none)"
    assert len(got) == len(expected), f"expected {len(expected)} {code} finding(s), got {len(got)}:\n{shown}"
    for finding, want in zip(got, sorted(expected, key=_expect_key), strict=True):
        assert set(want) <= EXPECT_KEYS, f"unknown expect keys {sorted(set(want) - EXPECT_KEYS)}"
        where = (finding.path, finding.line, finding.column)
        assert where == (want["path"], want.get("line"), want.get("column")), f"at {where}, expected {want}:\n{shown}"
        if "severity" in want:
            assert str(finding.severity) == want["severity"], shown
        if "fix" in want:
            assert finding.fix == want["fix"], shown
        if "message" in want:
            assert want["message"] in finding.message, shown


def _expect_key(want: dict[str, Any]) -> tuple:
    return (want["path"], want.get("line") or 0, want.get("column") or 0)


def _substitute(value: Any, placeholder: str, replacement: str) -> Any:
    if isinstance(value, str):
        return value.replace(placeholder, replacement)
    if isinstance(value, list):
        return [_substitute(v, placeholder, replacement) for v in value]
    if isinstance(value, dict):
        return {_substitute(k, placeholder, replacement): _substitute(v, placeholder, replacement) for k, v in value.items()}
    return value


def _write_project(root: Path, case: dict[str, Any]) -> None:
    shutil.copytree(REPO / "locales", root / "locales")
    shutil.copytree(REPO / "schema", root / "schema")
    (root / "docs" / "en").mkdir(parents=True)
    config = copy.deepcopy(BASE_CONFIG)
    config.update(case.get("config") or {})
    if case.get("settings"):
        plugins = config["plugins"]
        entry = next(p for p in plugins if isinstance(p, dict) and "helpsite" in p)
        entry["helpsite"].update(case["settings"])
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    (root / "mkdocs.yml").write_text(yaml.dump(config, Dumper=dumper, sort_keys=False), encoding="utf-8")
    _write_files(root, case.get("files") or {})


_NAME_BYTE = re.compile(r"\\x([0-9a-fA-F]{2})")


def _write_files(root: Path, files: dict[str, Any]) -> None:
    for relative, content in files.items():
        # A name is written as findings show it: \xNN is that byte (not UTF-8: caf\xe9.md).
        path = root / _NAME_BYTE.sub(lambda m: os.fsdecode(bytes([int(m.group(1), 16)])), relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        elif "bytes" in content:
            path.write_bytes(content["bytes"].encode("latin-1").decode("unicode_escape").encode("latin-1"))
        elif "symlink" in content:
            path.symlink_to(content["symlink"])
        elif content.get("fifo"):
            os.mkfifo(path)
        elif content.get("folder"):
            path.mkdir(exist_ok=True)
        else:
            raise AssertionError(f"cannot write {relative}: {content!r}")


# A repository of the case's own: no user's or system's configuration (hooks, signing) applies.
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "fixture",
    "GIT_AUTHOR_EMAIL": "fixture@helpsite.invalid",
    "GIT_COMMITTER_NAME": "fixture",
    "GIT_COMMITTER_EMAIL": "fixture@helpsite.invalid",
}
_COMMIT_PLACEHOLDER = re.compile(r"\{commit:(\d+)\}")


def _make_history(root: Path, later: bool | list[dict[str, Any]]) -> None:
    """The project as a git repository: the case's files are commit 1; each mapping of ``later``
    is written over them and committed in turn, with ``{commit:N}`` replaced by commit N's hash."""
    env = {**os.environ, **GIT_ENV}

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout.strip()

    commits: list[str] = []

    def commit() -> None:
        git("add", "-A")
        git("commit", "-q", "--allow-empty", "-m", f"commit {len(commits) + 1}")
        commits.append(git("rev-parse", "HEAD"))

    git("init", "-q")
    commit()
    for files in later if isinstance(later, list) else []:
        _write_files(root, {path: _COMMIT_PLACEHOLDER.sub(lambda m: commits[int(m.group(1)) - 1], text) for path, text in files.items()})
        commit()


def _run(root: Path, case: dict[str, Any], code: str) -> list[Finding]:
    project = Project.load(root / "mkdocs.yml")
    mode = case.get("mode", "check")
    if mode == "site":
        return check_built_site(root / "site", project.site_url)
    if mode == "build":
        return _build(root)
    assert mode == "check", f"unknown mode {mode!r}"
    paths = [root / p for p in case["paths"]] if case.get("paths") else None
    return run_check(project, paths, select=[code], external=bool(case.get("external")), cache=False).findings


def _build(root: Path) -> list[Finding]:
    """A real MkDocs build of the case's project, in-process: the plugin's findings (its checks' and
    what the rendered pages showed)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    plugin = config.plugins["helpsite"]
    return [*plugin.state.findings, *plugin.state.page_findings]
