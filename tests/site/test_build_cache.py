"""Incremental production builds: a build with the cache of an earlier one re-renders only the
pages whose inputs changed and writes the site a full build writes, byte for byte."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess

import pytest

from tests.conftest import HELPSITE, Project, article

pytestmark = pytest.mark.slow

REPRODUCIBLE = {**os.environ, "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
SUMMARY = re.compile(r"helpsite: re-rendered (\d+) of (\d+) pages")
REPLAYED = re.compile(r"(\d+) of them not read again")
BODIES = re.compile(r"(\d+) Markdown bodies rendered")


def build(project: Project, folder: str, *args: str) -> subprocess.CompletedProcess:
    command = [*HELPSITE, "build", "--jobs", "1", "-d", folder, *args]
    return subprocess.run(command, cwd=project.root, capture_output=True, text=True, env=REPRODUCIBLE, timeout=300, check=False)


def files(folder) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def rendered(result: subprocess.CompletedProcess) -> tuple[int, int]:
    found = SUMMARY.search(result.stderr)
    assert found, result.stderr
    return int(found.group(1)), int(found.group(2))


def replayed(result: subprocess.CompletedProcess) -> int:
    found = REPLAYED.search(result.stderr)
    assert found, result.stderr
    return int(found.group(1))


def bodies(result: subprocess.CompletedProcess) -> int:
    found = BODIES.search(result.stderr)
    assert found, result.stderr
    return int(found.group(1))


# A full build's site and warnings by a digest of the sources it was built from: a state the
# sources return to (a translation added, then removed; a cache damaged, the sources untouched) is
# compared with the one full build of it. A site does not depend on the folder it is built in.
FULL_BUILDS: dict[str, tuple[dict[str, bytes], list[str]]] = {}
OUTPUT = ("cached", "full", ".helpsite-cache")


def sources_digest(project: Project) -> str:
    hasher = hashlib.blake2b()
    for path in sorted(project.root.rglob("*")):
        relative = path.relative_to(project.root)
        if path.is_file() and relative.parts[0] not in OUTPUT:
            hasher.update(f"{relative.as_posix()}\0{path.stat().st_size}\0".encode())
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


def full_build(project: Project) -> tuple[dict[str, bytes], list[str]]:
    """The files and warnings of a build of ``project`` without the cache, as its sources are now."""
    key = sources_digest(project)
    if key not in FULL_BUILDS:
        full = build(project, "full", "--no-cache")
        assert full.returncode == 0, full.stderr
        assert "re-rendered" not in full.stderr  # --no-cache: no build cache at all
        FULL_BUILDS[key] = files(project.root / "full"), warnings(full)
        shutil.rmtree(project.root / "full")
    return FULL_BUILDS[key]


def assert_same_as_a_full_build(project: Project, what: str) -> subprocess.CompletedProcess:
    """Build with the cache, then without; the two site folders must hold the same bytes."""
    cached = build(project, "cached")
    assert cached.returncode == 0, cached.stderr
    in_full, full_warnings = full_build(project)
    in_cached = files(project.root / "cached")
    assert in_cached.keys() == in_full.keys(), what
    assert [name for name in in_full if in_cached[name] != in_full[name]] == [], what
    assert warnings(cached) == full_warnings, what  # what rendering logged is logged again for a page from the cache
    shutil.rmtree(project.root / "cached")
    return cached


def warnings(result: subprocess.CompletedProcess) -> list[str]:
    return sorted(line for line in result.stderr.splitlines() if line.startswith("WARNING") or "contains a link" in line)


# The tests that build the example site as it is, on one worker (./dev test runs --dist loadgroup),
# which builds it without the cache once for all of them.
UNEDITED = pytest.mark.xdist_group("site.test_build_cache.unedited")


def edit(project: Project, relative: str, old: str, new: str) -> None:
    path = project.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@UNEDITED
def test_a_rebuild_with_nothing_changed_renders_no_page_and_writes_the_same_site(site_copy):
    first = build(site_copy, "cached")
    assert first.returncode == 0, first.stderr
    done, total = rendered(first)
    assert done == total > 30  # an empty cache: every page
    again = assert_same_as_a_full_build(site_copy, "nothing changed")
    assert rendered(again) == (0, total)
    assert replayed(again) > total / 2  # the articles' pages are written unread; helpsite's own pages are read


def kinds_kept(project: Project) -> dict[str, int]:
    (store,) = (project.root / ".helpsite-cache").glob("build-*.sqlite")
    with contextlib.closing(sqlite3.connect(store)) as db:
        return dict(db.execute("SELECT kind, COUNT(*) FROM entries GROUP BY kind").fetchall())


def test_a_page_is_kept_once_its_written_file_where_it_is_replayed_its_templates_output_where_not(site_copy):
    """A replayed page's written file is its template's output with its head edited: keeping both
    held every page's HTML twice (235 MB at 6,000 pages). A build that replays no page (a hook may
    read more than the page) still takes each template's output from the cache."""
    first = build(site_copy, "cached")
    assert first.returncode == 0, first.stderr
    kept, total = kinds_kept(site_copy), rendered(first)[1]
    assert kept["written"] == total and "output" not in kept
    site_copy.write("hooks/banner.py", 'def on_page_content(html, page, config, files):\n    return html + "<p>banner</p>"\n')
    edit(site_copy, "mkdocs.yml", "hooks:\n", "hooks:\n  - hooks/banner.py\n")
    shutil.rmtree(site_copy.root / ".helpsite-cache")
    assert build(site_copy, "cached").returncode == 0
    kept = kinds_kept(site_copy)
    assert kept["output"] == total and "written" not in kept
    again = build(site_copy, "cached")
    assert rendered(again) == (0, total)


def test_a_body_edit_re_renders_the_edited_page_only(site_copy):
    assert build(site_copy, "cached").returncode == 0
    edit(site_copy, "docs/nl/billing/understand-your-invoice.md", "\n\n", "\n\nEen nieuwe zin.\n\n")
    cached = assert_same_as_a_full_build(site_copy, "a Dutch body")
    assert bodies(cached) == 1  # the translation's own; nothing else shows its body
    # Its template, and its source's: the bytes of a page's translations are part of the source's
    # replay key (its notices and alternates), and no template output is kept for a page the
    # replay keeps (BuildCache.without_outputs), so the source's is rendered from its kept body.
    assert rendered(cached)[0] == 2
    assert replayed(cached) > rendered(cached)[1] / 2


def test_what_an_article_read_from_the_same_bytes_shows_is_taken_from_the_cache(site_copy):
    """Every page's key holds what each article shows other pages (title, metadata, headings); an
    article read from the bytes of the last build shows what it showed then, so its part is kept
    (by those bytes' digest) and not worked out again: altered in the store, it is what the next
    build's keys hold, so no page fits them. Worked out again once the article's bytes change."""
    from helpsite.packing import pack, unpack

    first = build(site_copy, "cached")
    assert first.returncode == 0, first.stderr
    total = rendered(first)[1]
    (store,) = (site_copy.root / ".helpsite-cache").glob("build-*.sqlite")
    with contextlib.closing(sqlite3.connect(store)) as db, db:
        ((key, value),) = db.execute("SELECT key, value FROM entries WHERE kind = 'shown'").fetchall()
        shown = json.loads(unpack(value))
        assert len(shown) > 15 and all(len(read) == 40 and len(row) == 40 for read, row in shown.values())
        shown["en/billing/change-payment-method.md"][1] = "0" * 40
        db.execute("UPDATE entries SET value = ? WHERE kind = 'shown' AND key = ?", (pack(json.dumps(shown).encode()), key))
    taken = assert_same_as_a_full_build(site_copy, "a part of the keys altered in the store")
    assert rendered(taken) == (total, total)
    assert rendered(assert_same_as_a_full_build(site_copy, "the same again")) == (0, total)
    edit(site_copy, "docs/en/billing/change-payment-method.md", "You can pay", "You may pay")
    edited = assert_same_as_a_full_build(site_copy, "its bytes changed")
    assert rendered(edited) == (total, total)  # its part worked out again: no longer the altered one
    with contextlib.closing(sqlite3.connect(store)) as db:
        (value,) = db.execute("SELECT value FROM entries WHERE kind = 'shown'").fetchone()
    assert json.loads(unpack(value))["en/billing/change-payment-method.md"][1] != "0" * 40


TARGETED_EDITS = [
    # (what, file, old, new): each edit is applied after the previous ones, each rebuild compared with a full build.
    ("a body", "docs/en/billing/change-payment-method.md", "You can pay", "You may pay"),
    ("a title in the navigation", "docs/en/billing/change-payment-method.md", "title: Change your payment method", "title: Switch payment"),
    (
        "an anchor another page links to",
        "docs/en/billing/make-immediate-payment.md",
        '<a name="make-an-immediate-payment">',
        '<a name="pay">',
    ),
    ("an include", "docs/en/account/includes/licence-help.md", "lists what each licence", "lists what every licence"),
    ("a locale string", "locales/nl.yml", "\n", "\n# a comment changes the file\n"),
    ("mkdocs.yml", "mkdocs.yml", "site_name: Contoso Help Centre", "site_name: Contoso Help"),
]


def test_targeted_edits_rebuild_the_site_a_full_build_writes(site_copy):
    assert build(site_copy, "cached").returncode == 0
    for what, relative, old, new in TARGETED_EDITS:
        edit(site_copy, relative, old, new)
        assert_same_as_a_full_build(site_copy, what)


@UNEDITED
def test_a_translation_and_a_template_override_rebuild_the_site_a_full_build_writes(site_copy):
    """A translation added, then removed; a template override (custom_dir) added, then changed.
    (Apart from the edits above, so that the two sequences of builds run on two workers.)"""
    assert build(site_copy, "cached").returncode == 0
    translation = article("Account sluiten", "# Account sluiten\n\nTekst.\n", ms_contentlocale="nl-NL")
    site_copy.write("docs/nl/account/close-account.md", translation)
    assert_same_as_a_full_build(site_copy, "a translation added")
    (site_copy.root / "docs/nl/account/close-account.md").unlink()
    assert_same_as_a_full_build(site_copy, "a translation removed")
    edit(site_copy, "mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    site_copy.write("overrides/main.html", '{% extends "base.html" %}\n{% block content %}<p>override one</p>{{ super() }}{% endblock %}\n')
    assert_same_as_a_full_build(site_copy, "a template override")
    site_copy.write("overrides/main.html", '{% extends "base.html" %}\n{% block content %}<p>override two</p>{{ super() }}{% endblock %}\n')
    cached = assert_same_as_a_full_build(site_copy, "a template override changed")
    done, total = rendered(cached)
    assert done == total  # every page shows the template


def test_random_edit_sequences_rebuild_the_site_a_full_build_writes(site_copy):
    rng = random.Random(17)
    pages = sorted(path.relative_to(site_copy.root).as_posix() for path in (site_copy.root / "docs").rglob("*.md"))
    assert build(site_copy, "cached").returncode == 0
    for round_ in range(3):
        for _ in range(rng.randint(1, 4)):
            relative = rng.choice(pages)
            path = site_copy.root / relative
            text = path.read_text(encoding="utf-8")
            kind = rng.choice(["body", "heading", "title", "link"])
            if kind == "body":
                text += f"\nA sentence added in round {round_}.\n"
            elif kind == "heading":
                text += f"\n## A heading of round {round_}\n\nText.\n"
            elif kind == "title" and "\ntitle: " in text:
                text = re.sub(r"\ntitle: (.*)", rf"\ntitle: \1 {round_}", text, count=1)
            elif kind == "link":
                target = os.path.relpath(site_copy.root / rng.choice(pages), path.parent).replace(os.sep, "/")
                text += f"\nSee [another page]({target}).\n"
            path.write_text(text, encoding="utf-8")
        assert_same_as_a_full_build(site_copy, f"round {round_}")


@UNEDITED
def test_a_damaged_or_foreign_cache_is_ignored_with_one_message(site_copy):
    assert build(site_copy, "cached").returncode == 0
    (stored,) = (site_copy.root / ".helpsite-cache").glob("build-*.sqlite")
    # An entry of the wrong form, then a file that is no database.
    with sqlite3.connect(stored) as db:
        db.execute("UPDATE entries SET value = x'00ff'")
    damaged = assert_same_as_a_full_build(site_copy, "damaged entries")
    assert damaged.stderr.count("is not used as it is") == 1
    assert "a damaged entry" in damaged.stderr
    stored.write_bytes(b"not a database at all" * 100)
    foreign = assert_same_as_a_full_build(site_copy, "a file that is no database")
    assert foreign.stderr.count("is not used as it is") == 1
    done, total = rendered(foreign)
    assert done == total
    assert "Traceback" not in damaged.stderr + foreign.stderr


def test_a_cached_page_with_a_sanitizer_finding_still_fails_strict(site_copy):
    edit(site_copy, "docs/en/billing/change-payment-method.md", "You can pay", 'You can pay <span onclick="steal()">here</span>')
    first = build(site_copy, "cached", "--strict")
    assert first.returncode != 0
    assert "onclick" in first.stderr
    again = build(site_copy, "cached", "--strict")
    assert again.returncode != 0  # the page comes from the cache, its finding is reported again
    assert "onclick" in again.stderr
    # A broken link that MkDocs reports while rendering is reported again from the cache, too.
    edit(site_copy, "docs/en/billing/change-payment-method.md", 'You can pay <span onclick="steal()">here</span>', "You can pay")
    edit(site_copy, "docs/nl/billing/change-payment-method.md", "\n\n", "\n\n[weg](nowhere.md)\n\n")
    first = build(site_copy, "cached")
    again = build(site_copy, "cached")
    assert "nowhere.md" in first.stderr and "nowhere.md" in again.stderr
    assert rendered(again)[0] == 0


def test_parallel_shards_keep_a_cache_each_and_rebuild_the_site_a_full_build_writes(site_copy):
    first = build(site_copy, "cached", "--jobs", "2")
    assert first.returncode == 0, first.stderr
    assert len(list((site_copy.root / ".helpsite-cache").glob("build-*.sqlite"))) == 2  # en, nl: a shard each
    edit(site_copy, "docs/nl/billing/understand-your-invoice.md", "\n\n", "\n\nEen nieuwe zin.\n\n")
    cached = build(site_copy, "cached", "--jobs", "2")
    assert cached.returncode == 0, cached.stderr
    # Each shard renders its locale's page of the edited one (the en shard the source's template,
    # from its kept body: see test_a_body_edit_re_renders_the_edited_page_only); one body in all.
    assert sorted(found[0] for found in SUMMARY.findall(cached.stderr)) == ["1", "1"]
    assert sorted(found for found in BODIES.findall(cached.stderr)) == ["0", "1"]
    full = build(site_copy, "full", "--no-cache")
    assert full.returncode == 0, full.stderr
    assert files(site_copy.root / "cached") == files(site_copy.root / "full")


def test_on_properdocs_a_body_edit_re_renders_the_edited_page_and_writes_the_site_a_full_build_writes(site_copy):
    """The other engine keeps a build cache of its own (the engine's version is in every key)."""
    engine = ("--engine", "properdocs")
    first = build(site_copy, "cached", *engine)
    assert first.returncode == 0, first.stderr
    assert rendered(first)[0] == rendered(first)[1]  # a cold cache: every page
    shutil.rmtree(site_copy.root / "cached")
    edit(site_copy, "docs/nl/billing/understand-your-invoice.md", "\n\n", "\n\nEen nieuwe zin.\n\n")
    cached = build(site_copy, "cached", *engine)
    full = build(site_copy, "full", "--no-cache", *engine)
    assert cached.returncode == 0 and full.returncode == 0, cached.stderr + full.stderr
    assert (bodies(cached), rendered(cached)[0]) == (1, 2)  # as under MkDocs: the page's body, its template and its source's
    assert files(site_copy.root / "cached") == files(site_copy.root / "full")
    assert b"ProperDocs" in (site_copy.root / "cached" / "index.html").read_bytes()


def test_a_hook_that_reads_more_than_the_page_leaves_no_page_replayed(site_copy):
    """A hook not known to read only the page (no ``helpsite_replay = True``) may show anything:
    here a file beside the site. Its pages are read every build, and show the file as it is now."""
    site_copy.write(
        "hooks/banner.py",
        'from pathlib import Path\n\ndef on_page_content(html, page, config, files):\n    return html + Path("banner.txt").read_text()\n',
    )
    site_copy.write("banner.txt", "<p>first banner</p>")
    edit(site_copy, "mkdocs.yml", "hooks:\n", "hooks:\n  - hooks/banner.py\n")
    first = build(site_copy, "cached")
    assert first.returncode == 0, first.stderr
    assert "none replayed from the build cache): the page events of hooks/banner.py" in first.stderr
    site_copy.write("banner.txt", "<p>second banner</p>")
    cached = assert_same_as_a_full_build(site_copy, "a hook's file changed")
    assert replayed(cached) == 0


def test_a_part_of_the_pages_replays_only_its_own_pages_and_writes_what_a_full_build_of_the_part_writes(site_copy):
    """A part of `helpsite build --jobs` (every locale, half of each one's pages) with the build cache:
    the pages of the other half are read for the navigation, never written from the cache."""
    part = {**REPRODUCIBLE, "HELPSITE_BUILD_PART": "en:0/2,nl:0/2"}

    def build_part(folder: str, *args: str) -> subprocess.CompletedProcess:
        command = [*HELPSITE, "build", "--jobs", "1", "-d", folder, *args]
        return subprocess.run(command, cwd=site_copy.root, capture_output=True, text=True, env=part, timeout=300, check=False)

    assert build_part("cached").returncode == 0
    edit(site_copy, "docs/en/billing/change-payment-method.md", "You can pay", "You may pay")
    cached, full = build_part("cached"), build_part("full", "--no-cache")
    assert cached.returncode == 0 and full.returncode == 0, cached.stderr + full.stderr
    assert replayed(cached) > 0
    assert files(site_copy.root / "cached") == files(site_copy.root / "full")


@UNEDITED
def test_a_replaying_build_collects_cycles_only_while_a_page_is_rendered(site_copy):
    """A build that replays pages pauses the cycle collector (what it makes lives to its end) but
    lets it run while MkDocs reads and renders a page, which makes cyclic garbage; the first
    build, whose cache is empty, renders every page with it running."""
    site_copy.write(
        "hooks/collector.py",
        "import gc\n\nhelpsite_replay = True\n\n"
        "def on_page_markdown(markdown, page, config, files):\n"
        "    with open('collector.log', 'a') as log:\n"
        "        log.write(f'page {page.file.src_uri} {gc.isenabled()}\\n')\n"
        "    return markdown\n\n"
        "def on_post_build(config):\n"
        "    with open('collector.log', 'a') as log:\n"
        "        log.write(f'built {gc.isenabled()}\\n')\n",
    )
    edit(site_copy, "mkdocs.yml", "hooks:\n", "hooks:\n  - hooks/collector.py\n")
    first = build(site_copy, "cached")
    assert first.returncode == 0, first.stderr
    log = site_copy.root / "collector.log"
    lines = log.read_text().splitlines()
    rendered_pages = [line for line in lines if line.startswith("page ")]
    assert len(rendered_pages) > 20 and all(line.endswith(" True") for line in rendered_pages)
    assert "built False" in lines  # between the pages, while the language builds end
    log.unlink()
    index = site_copy.root / "docs/en/index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nA sentence added.\n", encoding="utf-8")
    cached = build(site_copy, "cached")
    assert cached.returncode == 0, cached.stderr
    assert replayed(cached) > 20
    lines = log.read_text().splitlines()
    again = [line for line in lines if line.startswith("page ")]
    assert 0 < len(again) < len(rendered_pages) and all(line.endswith(" True") for line in again), again
    assert "built False" in lines


def test_metadata_a_page_gains_as_it_is_rendered_comes_back_with_it_when_replayed(site_copy):
    """A page entry keeps the page's metadata after its rendering apart from what its reading left
    only when the two differ: here a hook adds a value as the page is rendered, and what every page
    holds at the end of the build is the same with its pages replayed as read and rendered."""
    site_copy.write(
        "hooks/late_meta.py",
        "import json\nfrom pathlib import Path\n\nhelpsite_replay = True\nseen = {}\n\n"
        "def on_page_context(context, page, config, nav):\n"
        "    if page.file.src_uri.endswith('index.md'):\n"
        "        page.meta['late'] = 'added while rendering'\n"
        "    return context\n\n"
        "def on_env(env, config, files):\n"
        "    seen[config.site_dir] = files\n"
        "    return env\n\n"
        "def on_post_build(config):\n"
        "    metas = {f.src_uri: repr(sorted(f.page.meta.items())) for f in seen[config.site_dir].documentation_pages() if f.page}\n"
        "    with Path('metas.json').open('a') as out:\n"
        "        out.write(json.dumps(metas, sort_keys=True) + '\\n')\n",
    )
    edit(site_copy, "mkdocs.yml", "hooks:\n", "hooks:\n  - hooks/late_meta.py\n")
    metas = site_copy.root / "metas.json"
    first = build(site_copy, "cached")
    assert first.returncode == 0, first.stderr
    full = metas.read_text().splitlines()
    metas.unlink()
    shown = [meta for line in full for meta in json.loads(line).values()]
    assert any("added while rendering" in meta for meta in shown) and any("added while rendering" not in meta for meta in shown)
    cached = assert_same_as_a_full_build(site_copy, "metadata added while rendering")
    assert replayed(cached) > 50
    assert metas.read_text().splitlines()[: len(full)] == full
