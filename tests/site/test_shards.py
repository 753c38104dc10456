"""A site built by locale in separate jobs, and merged, equals the site built at once."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from helpsite.publishing.shards import merge_sites
from tests.conftest import HELPSITE

pytestmark = pytest.mark.slow


def helpsite(project, *args):
    return subprocess.run([*HELPSITE, *args], cwd=project.root, capture_output=True, text=True, timeout=300)


def test_shards_by_locale_merge_into_the_site_a_single_build_makes(site_copy):
    for locale in ("en", "nl"):
        result = helpsite(site_copy, "build", "--locale", locale, "-d", f"shard-{locale}")
        assert result.returncode == 0, result.stderr
        assert json.loads((site_copy.root / f"shard-{locale}/.helpsite-shard.json").read_text())["locales"] == [locale]
    assert not (site_copy.root / "shard-en/nl").exists() and not (site_copy.root / "shard-nl/billing").exists()
    merged = helpsite(site_copy, "merge-sites", "shard-nl", "shard-en", "-o", "merged")
    assert merged.returncode == 0 and merged.stdout == "", merged.stdout + merged.stderr  # --site findings: none
    full = site_copy.mkdocs_build()
    assert full.returncode == 0
    whole, parts = site_copy.root / "site", site_copy.root / "merged"
    names = {p.relative_to(whole) for p in whole.rglob("*") if p.is_file()}
    assert names == {p.relative_to(parts) for p in parts.rglob("*") if p.is_file()}
    differing = [str(name) for name in sorted(names) if (whole / name).read_bytes() != (parts / name).read_bytes()]
    assert differing == []  # each locale's 404 page is in its own folder, the source's at the root
    assert '<html lang="en"' in (parts / "404.html").read_text() and '<html lang="nl"' in (parts / "nl/404.html").read_text()
    dutch = (parts / "nl/billing/make-immediate-payment/index.html").read_text()
    assert 'hreflang="en" class="md-select__link"' in dutch  # the switcher lists every locale
    # Merged again over the site: what the earlier one held and the new one does not is gone (a
    # page since removed, a shard's manifest), its hidden files stay, nothing is left beside it.
    (parts / "removed-since.html").write_text("an earlier page")
    shutil.copy(site_copy.root / "shard-nl/.helpsite-shard.json", parts / ".helpsite-shard.json")
    (parts / ".well-known").mkdir()
    (parts / ".well-known/security.txt").write_text("Contact: mailto:security@example.com")
    again = helpsite(site_copy, "merge-sites", "shard-nl", "shard-en", "-o", "merged")
    assert again.returncode == 0, again.stderr
    assert not (parts / "removed-since.html").exists() and not (parts / ".helpsite-shard.json").exists()
    assert (parts / ".well-known/security.txt").is_file()
    assert names == {p.relative_to(parts) for p in parts.rglob("*") if p.is_file() and ".well-known" not in p.parts}
    assert not [p.name for p in site_copy.root.iterdir() if ".helpsite-earlier-" in p.name]


def test_merge_refuses_incomplete_or_mixed_shards(site_copy, tmp_path):
    assert helpsite(site_copy, "build", "--locale", "nl", "-d", "shard-nl").returncode == 0
    site_copy.write("merged/index.html", "the site merged last time")  # a refused merge leaves it as it was
    missing = helpsite(site_copy, "merge-sites", "shard-nl", "-o", "merged")
    assert missing.returncode == 2 and "no shard holds en" in missing.stderr
    twice = helpsite(site_copy, "merge-sites", "shard-nl", "shard-nl", "-o", "merged")
    assert twice.returncode == 2 and "in two shards" in twice.stderr
    (tmp_path / "plain").mkdir()
    plain = helpsite(site_copy, "merge-sites", str(tmp_path / "plain"), "-o", "merged")
    assert plain.returncode == 2 and "not a helpsite shard" in plain.stderr
    assert [p.name for p in (site_copy.root / "merged").iterdir()] == ["index.html"]
    assert (site_copy.root / "merged/index.html").read_text() == "the site merged last time"
    unknown = helpsite(site_copy, "build", "--locale", "xx", "-d", "shard-xx")
    assert unknown.returncode != 0 and "locale 'xx' to build" in " ".join(unknown.stderr.split())


def test_parts_of_the_pages_merge_into_the_site_a_single_build_makes(site_copy):
    """Each shard builds every locale and renders half of each one's pages; merged, every file is the one-process build's."""
    import os

    for index in (0, 1):
        env = {**os.environ, "HELPSITE_BUILD_PART": f"en:{index}/2,nl:{index}/2", "NO_MKDOCS_2_WARNING": "1"}
        built = subprocess.run(
            [*HELPSITE, "build", "--jobs", "1", "--no-cache", "-d", f"part-{index}"],
            cwd=site_copy.root,
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
            check=False,
        )
        assert built.returncode == 0, built.stderr
        assert json.loads((site_copy.root / f"part-{index}/.helpsite-shard.json").read_text())["parts"] == {"en": [[index], 2], "nl": [[index], 2]}
    pages = [{p.relative_to(site_copy.root / f"part-{i}") for p in (site_copy.root / f"part-{i}").rglob("index.html")} for i in (0, 1)]
    assert pages[0] - pages[1] and pages[1] - pages[0]  # each part wrote pages the other did not
    incomplete = helpsite(site_copy, "merge-sites", "part-1", "-o", "merged")
    assert incomplete.returncode == 2 and "locale 'en' is split in parts [1] of [2]" in incomplete.stderr
    merged = helpsite(site_copy, "merge-sites", "part-1", "part-0", "-o", "merged")
    assert merged.returncode == 0 and merged.stdout == "", merged.stdout + merged.stderr  # --site findings: none
    assert site_copy.mkdocs_build().returncode == 0
    whole, parts = site_copy.root / "site", site_copy.root / "merged"
    names = {p.relative_to(whole) for p in whole.rglob("*") if p.is_file()}
    assert names == {p.relative_to(parts) for p in parts.rglob("*") if p.is_file()}
    assert [str(name) for name in sorted(names) if (whole / name).read_bytes() != (parts / name).read_bytes()] == []
    index = json.loads((parts / "nl/search/search_index.json").read_text())
    assert len({doc["location"].split("#")[0] for doc in index["docs"]}) > 2  # entries of both parts' pages
    # Moved, as `helpsite build --jobs` merges its shards: the folders no other part wrote into go
    # whole (one rename each), and the site is the same, file for file.
    for index in (0, 1):
        shutil.copytree(site_copy.root / f"part-{index}", site_copy.root / f"moved-{index}")
    copied = merge_sites([site_copy.root / "part-1", site_copy.root / "part-0"], site_copy.root / "copied")
    moved = merge_sites([site_copy.root / "moved-1", site_copy.root / "moved-0"], site_copy.root / "by-move", move=True)
    assert moved.files == copied.files == len(names)
    out = site_copy.root / "by-move"
    assert {p.relative_to(out) for p in out.rglob("*") if p.is_file()} == names
    assert [str(name) for name in sorted(names) if (whole / name).read_bytes() != (out / name).read_bytes()] == []
    first, second = site_copy.root / "moved-1", site_copy.root / "moved-0"
    assert not (first / "billing").exists()  # the first shard's section folder went whole
    assert (second / "billing").is_dir() and not list((second / "billing").iterdir())  # the second's pages' folders, into it
