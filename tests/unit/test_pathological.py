"""The inputs that used to hang a check or exhaust its memory (bench/pathological.py), checked in-process.

Each runs the whole check on a tiny site holding one hostile article, under a timeout, so that a
regression fails instead of hanging the suite; the CPU seconds this process spent are bounded too
(CPU, not wall time, so that a loaded machine does not fail the test). The benchmark runs the same
cases through ``helpsite check`` and ``mkdocs build`` as processes, with their memory.
"""

from __future__ import annotations

import sys
import time

import pytest

from helpsite.content.config import Project
from helpsite.run.engine import run_check
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

from pathological import CASES, write_case

CPU_SECONDS = 5.0


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", [c for c in CASES if c.fast], ids=lambda c: c.name)
def test_a_pathological_input_is_checked_in_bounded_time(case, tmp_path, monkeypatch):
    write_case(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    started = time.process_time()
    findings = run_check(Project.load(tmp_path / "mkdocs.yml"), None, cache=False).findings
    spent = time.process_time() - started
    codes = {finding.code for finding in findings}
    assert set(case.codes) <= codes, f"{case.name}: expected {case.codes}, got {sorted(codes)}"
    assert spent < CPU_SECONDS, f"{case.name}: {spent:.1f} s of CPU (bound {CPU_SECONDS} s)"
