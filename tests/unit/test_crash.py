"""Concurrency and crashes: no lost update, no half-written file, a link cache that survives."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from helpsite.web.client import ExternalSettings, LinkCache, UrlResult
from tests.conftest import HELPSITE, article

pytestmark = pytest.mark.slow

SOURCE = article("Pay", "# Pay\n\nSelect **Pay**.\n")
TRANSLATION = article("Betalen", "# Betalen\n\nSelecteer **Betalen**.\n", ms_translationtype="MT", ms_contentlocale="nl-NL")


def test_two_reviews_at_once_lose_nothing_and_the_loser_is_told(project):
    project.write("docs/en/pay.md", SOURCE)
    path = project.root / "docs/nl/pay.md"
    outcomes = []
    for _ in range(6):
        path.write_text(TRANSLATION)
        runs = [
            subprocess.Popen(
                [*HELPSITE, "review", "mark", "docs/nl/pay.md", "--reviewer", name],
                cwd=project.root,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name in ("Ann", "Bob")
        ]
        results = [(run.wait(60), *run.communicate()) for run in runs]
        text = path.read_text()
        reviewers = [name for name in ("Ann", "Bob") if f"helpsite.reviewer: {name}" in text]
        assert len(reviewers) == 1 and text.count("helpsite.reviewer:") == 1, text  # one whole update, never a mix
        assert "ms.translationtype: HT" in text and text.endswith("Selecteer **Betalen**.\n")
        for code, out, err in results:
            assert (code == 0 and ("marked" in out or "unchanged" in out)) or (
                code == 1 and "another helpsite process is editing this file" in err
            )
        outcomes.append(sorted(code for code, _, _ in results))
    assert outcomes  # each attempt: both succeeded one after the other, or one was refused clearly


WRITER = """
import sys
from pathlib import Path
from helpsite.content.edit import atomic_write
path = Path(sys.argv[1])
blocks = [b"A" * 3_000_000, b"B" * 3_000_000]
n = 0
while True:
    atomic_write(path, blocks[n % 2])
    n += 1
"""


def test_a_writer_killed_mid_write_leaves_the_old_file_or_the_new_one(tmp_path):
    path = tmp_path / "article.md"
    original = b"O" * 3_000_000
    path.write_bytes(original)
    rng = random.Random(7)
    for _ in range(12):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)])
        time.sleep(0.2 + rng.random() * 0.3)
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        data = path.read_bytes()
        assert data in (original, b"A" * 3_000_000, b"B" * 3_000_000), (len(data), data[:1], data[-1:])


CACHE_WRITER = """
import sys, time
from pathlib import Path
from helpsite.web.client import LinkCache, UrlResult
cache = LinkCache(Path(sys.argv[1]))
prefix = sys.argv[2]
for batch in range(100000):
    cache.store([UrlResult(f"https://{prefix}.example/{batch}/{i}", 200, "", False, None, time.time()) for i in range(50)])
"""


def test_the_link_cache_survives_killed_and_concurrent_runs(tmp_path):
    path = tmp_path / "cache" / "links.sqlite"
    LinkCache(path).close()
    killed = subprocess.Popen([sys.executable, "-c", CACHE_WRITER, str(path), "killed"])
    survivor = subprocess.Popen([sys.executable, "-c", CACHE_WRITER.replace("range(100000)", "range(40)"), str(path), "survivor"])
    time.sleep(1.5)
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    assert survivor.wait(120) == 0
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("SELECT count(*) FROM results WHERE url LIKE 'https://survivor.%'").fetchone() == (40 * 50,)
    cache = LinkCache(path)
    assert len(cache.fresh([f"https://survivor.example/0/{i}" for i in range(50)], ExternalSettings(), time.time())) == 50


def test_a_corrupt_cache_is_set_aside_and_replaced(tmp_path):
    path = tmp_path / "links.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    cache = LinkCache(path)
    cache.store([UrlResult("https://a.example/", 200, "", False, None, time.time())])
    assert (tmp_path / "links.sqlite.corrupt").exists()
    assert len(cache.fresh(["https://a.example/"], ExternalSettings(), time.time())) == 1
