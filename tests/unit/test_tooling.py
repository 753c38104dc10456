"""The linters are part of the test command: ruff (lint and format) and mypy, configured in
pyproject.toml, must be clean on the whole tree."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

BIN = Path(sys.executable).parent


def run_tool(*command: str) -> None:
    tool = BIN / command[0]
    if not tool.exists():
        pytest.fail(f"{tool} is not installed: pip install -e '.[test]'")
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run([str(tool), *command[1:]], cwd=REPO, capture_output=True, text=True, env=env, timeout=300, check=False)
    assert done.returncode == 0, f"{' '.join(command)} failed (exit {done.returncode}):\n{done.stdout}{done.stderr}"


def test_ruff_finds_nothing():
    run_tool("ruff", "check", "--no-fix", ".")


def test_ruff_formatting_is_applied():
    run_tool("ruff", "format", "--check", ".")


def test_mypy_finds_nothing():
    run_tool("mypy")
