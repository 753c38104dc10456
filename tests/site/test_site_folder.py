"""A build over an earlier site sets the earlier files aside while it writes, and removes them after:
the new site holds only what this build wrote (and the folder's hidden entries), as after MkDocs's
own clean, in one process and with ``--jobs 2``."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.conftest import HELPSITE, Project

pytestmark = pytest.mark.slow

# Lists what lies beside the site folder while a page is written: the earlier site, set aside.
WATCHER = """\
import json, os
from pathlib import Path

def on_post_page(output, page, config):
    if page.file.src_uri.endswith("make-immediate-payment.md"):
        site = Path(config.site_dir)
        seen = {"beside": sorted(os.listdir(site.parent)), "stale_in_site": (site / "stale.html").exists()}
        (site.parent / "seen.json").write_text(json.dumps(seen))
    return output
"""


def build(project: Project, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([*HELPSITE, "build", *args], cwd=project.root, capture_output=True, text=True, env=env, timeout=300, check=False)


def plant_earlier_site(site):
    (site / "stale.html").write_text("a page removed from the sources since")
    (site / ".helpsite-shard.json").write_text('{"locales": ["nl"]}')  # a shard's manifest: this folder held one
    (site / ".well-known").mkdir(exist_ok=True)
    (site / ".well-known/security.txt").write_text("Contact: mailto:security@example.com")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_build_over_an_earlier_site_removes_it_after_writing_the_new_one(site_copy, jobs):
    first = build(site_copy, "--jobs", jobs, "--no-cache", "-d", "out/site")
    assert first.returncode == 0, first.stderr
    out = site_copy.root / "out"
    plant_earlier_site(out / "site")
    site_copy.write("hooks/watcher.py", WATCHER)
    config = (site_copy.root / "mkdocs.yml").read_text(encoding="utf-8")
    site_copy.write("mkdocs.yml", config.replace("hooks:\n", "hooks:\n  - hooks/watcher.py\n", 1))
    second = build(site_copy, "--jobs", jobs, "--no-cache", "-d", "out/site")
    assert second.returncode == 0, second.stderr
    if jobs == "1":  # with --jobs 2 the pages are written in the parts' folders, and the merge sets the site aside
        seen = json.loads((out / "seen.json").read_text())
        assert [name for name in seen["beside"] if ".helpsite-earlier-" in name], seen  # the earlier site, set aside
        assert seen["stale_in_site"] is False
    beside = sorted(path.name for path in out.iterdir())
    assert beside == (["seen.json", "site"] if jobs == "1" else ["site"])  # and removed once the site was written
    site = out / "site"
    assert not (site / "stale.html").exists() and not (site / ".helpsite-shard.json").exists()
    assert (site / ".well-known/security.txt").exists()  # hidden entries stay, as MkDocs keeps them
    assert (site / "billing/make-immediate-payment/index.html").is_file() and (site / "nl/index.html").is_file()


def test_a_failed_build_leaves_no_earlier_site_beside_the_folder(site_copy):
    first = build(site_copy, "--jobs", "1", "--no-cache", "-d", "out/site")
    assert first.returncode == 0, first.stderr
    site_copy.write("hooks/broken.py", "def on_post_page(output, page, config):\n    raise RuntimeError('hook failed')\n")
    config = (site_copy.root / "mkdocs.yml").read_text(encoding="utf-8")
    site_copy.write("mkdocs.yml", config.replace("hooks:\n", "hooks:\n  - hooks/broken.py\n", 1))
    failed = build(site_copy, "--jobs", "1", "--no-cache", "-d", "out/site")
    assert failed.returncode != 0 and "hook failed" in failed.stderr
    assert sorted(path.name for path in (site_copy.root / "out").iterdir()) == ["site"]
