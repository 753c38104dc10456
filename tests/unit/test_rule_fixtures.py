"""Every finding code has fixtures, positive and negative, run in-process: tests/fixtures/rules/CODE.yml.

The format is described in tests/fixtures/rules/README.md.
"""

from __future__ import annotations

import os
import shutil
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
from tests.localserver import LocalServer

FIXTURES = REPO / "tests" / "fixtures" / "rules"
CASE_KEYS = {"name", "source", "files", "expect", "settings", "config", "mode", "paths", "external", "skip"}
EXPECT_KEYS = {"path", "line", "column", "severity", "fix", "message"}


def _load() -> dict[str, dict[str, Any]]:
    files = {}
    for path in sorted(FIXTURES.glob("*.yml")):
        files[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))
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


def test_every_fixture_file_has_positive_and_negative_cases() -> None:
    for name, data in FIXTURE_FILES.items():
        code = _code(name)
        assert code in RULES, f"{name}.yml names no registered code"
        assert data.get("rule") == code, f"{name}.yml says rule: {data.get('rule')}"
        cases = data.get("cases") or []
        names = [case.get("name") for case in cases]
        assert len(names) == len(set(names)), f"{name}.yml repeats a case name"
        assert any(case.get("expect") for case in cases), f"{name}.yml has no case that must raise {code}"
        assert any(not case.get("expect") for case in cases), f"{name}.yml has no case that must not raise {code}"


@pytest.mark.parametrize(("code", "case"), CASES)
def test_rule_case(code: str, case: dict[str, Any], tmp_path: Path, monkeypatch, request) -> None:
    assert set(case) <= CASE_KEYS, f"unknown case keys {sorted(set(case) - CASE_KEYS)}"
    if "{server}" in yaml.safe_dump(case):
        case = _substitute(case, request.getfixturevalue("server").url(""))
    root = tmp_path / "project"
    _write_project(root, case)
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


def _substitute(value: Any, server: str) -> Any:
    if isinstance(value, str):
        return value.replace("{server}", server.rstrip("/"))
    if isinstance(value, list):
        return [_substitute(v, server) for v in value]
    if isinstance(value, dict):
        return {_substitute(k, server): _substitute(v, server) for k, v in value.items()}
    return value


def _write_project(root: Path, case: dict[str, Any]) -> None:
    shutil.copytree(REPO / "locales", root / "locales")
    shutil.copytree(REPO / "schema", root / "schema")
    (root / "docs" / "en").mkdir(parents=True)
    config = yaml.safe_load(MINIMAL_MKDOCS)
    config.update(case.get("config") or {})
    if case.get("settings"):
        plugins = config["plugins"]
        entry = next(p for p in plugins if isinstance(p, dict) and "helpsite" in p)
        entry["helpsite"].update(case["settings"])
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    for relative, content in (case.get("files") or {}).items():
        path = root / relative
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


def _run(root: Path, case: dict[str, Any], code: str) -> list[Finding]:
    project = Project.load(root / "mkdocs.yml")
    mode = case.get("mode", "check")
    if mode == "site":
        return check_built_site(root / "site", project.site_url)
    assert mode == "check", f"unknown mode {mode!r}"
    paths = [root / p for p in case["paths"]] if case.get("paths") else None
    return run_check(project, paths, select=[code], external=bool(case.get("external")), cache=False).findings
