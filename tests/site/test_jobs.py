"""`helpsite build --jobs N`: the locales built in parallel processes and merged are the site a
build in one process writes, byte for byte."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time

import pytest
import yaml

from tests.conftest import HELPSITE, Project, article

pytestmark = pytest.mark.slow

REPRODUCIBLE = {**os.environ, "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}


def build(project: Project, *args: str) -> subprocess.CompletedProcess:
    command = [*HELPSITE, "build", *args]
    return subprocess.run(command, cwd=project.root, capture_output=True, text=True, env=REPRODUCIBLE, timeout=300, check=False)


def files(folder) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_parallel_build_writes_the_bytes_of_a_one_process_build(site_copy):
    # A third locale, so that one shard holds two, and a moved page, so that there are redirect pages.
    site_copy.write("docs/de/index.md", article("Contoso Hilfe", "# Contoso Hilfe\n\nWillkommen.\n", ms_contentlocale="de-DE"))
    config = yaml.safe_load((site_copy.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"][1]["helpsite"]["redirects"] = {"billing/pay-now.md": "billing/make-immediate-payment.md"}
    site_copy.write("mkdocs.yml", yaml.safe_dump(config, sort_keys=False))
    one = build(site_copy, "--jobs", "1", "--strict", "-d", "one")
    assert one.returncode == 0, one.stderr
    two = build(site_copy, "--jobs", "2", "--strict", "-d", "two")
    assert two.returncode == 0, two.stderr
    assert "helpsite: en+de (part 1 of 2), de (part 2 of 2)+nl built in 2 processes, merged: two" in two.stderr
    in_one, in_two = files(site_copy.root / "one"), files(site_copy.root / "two")
    assert in_one.keys() == in_two.keys()
    assert [name for name in in_one if in_one[name] != in_two[name]] == []
    for name in ("404.html", "nl/404.html", "de/404.html", "sitemap.xml", "sitemap.xml.gz", "nl/sitemap.xml", "de/sitemap.xml"):
        assert name in in_one, name
    assert {"search/search_index.json", "nl/search/search_index.json", "de/search/search_index.json"} <= in_one.keys()
    assert b'<html lang="en"' in in_one["404.html"] and b'<html lang="de"' in in_one["de/404.html"]
    assert {"billing/pay-now/index.html", "nl/billing/pay-now/index.html", "de/billing/pay-now/index.html"} <= in_one.keys()
    assert b'hreflang="de"' in in_two["nl/billing/make-immediate-payment/index.html"]
    # The checks ran once, in one shard, which logged them; the other shard waited for them (its review queue shows them).
    assert one.stderr.count("L10N001 [warning] outdated") == two.stderr.count("L10N001 [warning] outdated") == 1
    assert not list(site_copy.root.glob(".helpsite-jobs-*"))  # the shards' folder is gone
    # Without the parses the first builds kept, the shards parse the site once between them.
    shutil.rmtree(site_copy.root / ".helpsite-cache")
    cold = build(site_copy, "--jobs", "2", "-d", "cold")
    assert cold.returncode == 0, cold.stderr
    reads = [tuple(map(int, read)) for read in re.findall(r"(\d+) articles read: (\d+) parsed here, (\d+) taken", cold.stderr)]
    assert len(reads) == 2 and reads[0][0] == reads[1][0]  # each shard has every article
    assert reads[0][1] + reads[1][1] == reads[0][0] and reads[0][1] > 0 and reads[1][1] > 0  # each parsed by one of them
    assert files(site_copy.root / "cold") == in_two


def test_a_failing_shard_fails_the_build_and_leaves_the_site_folder(project):
    project.write("docs/en/index.md", article("Home", "# Home\n"))
    project.write("docs/nl/index.md", article("Thuis", "# Thuis\n", ms_contentlocale="nl-NL"))
    project.write("docs/en/bad.md", article(ms_topic="artcle", body="# Bad\n"))
    before = {"index.html": b"the last good build", "nl/index.html": b"its Dutch page"}
    for name, data in before.items():
        project.write(f"site/{name}", data)
    failed = build(project, "--jobs", "2", "--strict", "-d", "site")
    assert failed.returncode == 1
    assert failed.stderr.count("META003 [error] 'ms.topic' is 'artcle'") == 1
    assert "helpsite: build failed: a shard of en, nl failed (status 1); site unchanged" in failed.stderr
    assert files(project.root / "site") == before
    assert not list(project.root.glob(".helpsite-jobs-*"))


def running_with(marker: str) -> list[int]:
    """The processes whose command line names ``marker`` (the shards name their folder)."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/cmdline", "rb") as cmdline:
                    if marker.encode() in cmdline.read():
                        found.append(int(entry.name))
            except OSError:
                continue  # ended meanwhile
    return found


def test_a_parallel_build_stopped_from_outside_stops_its_shards_and_leaves_nothing(site_copy):
    command = [*HELPSITE, "build", "--jobs", "2", "-d", "site"]
    build = subprocess.Popen(command, cwd=site_copy.root, env=REPRODUCIBLE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not list(site_copy.root.glob(".helpsite-jobs-*/shard-*")) and time.monotonic() < deadline:
        time.sleep(0.05)  # a shard has started writing
    [work] = site_copy.root.glob(".helpsite-jobs-*")
    assert running_with(work.name)
    build.send_signal(signal.SIGTERM)
    assert build.wait(60) == 128 + signal.SIGTERM
    assert not work.exists() and not (site_copy.root / "site").exists()
    assert running_with(work.name) == []
