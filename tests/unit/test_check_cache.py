"""The check cache: a second `helpsite check` re-checks only what changed, and always finds what a
full check finds (every test compares with a run that uses no cache)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpsite.checks.registry import RULES
from helpsite.content.config import Project
from helpsite.run.engine import RACY_NANOSECONDS, STORE_FORMAT, load_site, run_check

from ..conftest import MINIMAL_MKDOCS, REPO, article
from ..conftest import Project as SiteProject


def load(site) -> Project:
    return Project.load(site.root / "mkdocs.yml")


def cached(site, **options):
    return run_check(load(site), **options)


def uncached(site, **options) -> list:
    return run_check(load(site), cache=False, **options).findings


def rewrite(path, text):
    """New content, with a modification time the file system cannot confuse with the last one."""
    path.write_text(text, encoding="utf-8")
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 3_000_000_000))


@pytest.fixture
def site(linked_site):
    return linked_site


@pytest.fixture
def warm(site):
    """The site, checked once so that the cache holds every article's findings."""
    first = cached(site)
    assert first.checked == 5
    return site


def test_a_second_run_reuses_every_finding_and_keeps_the_cache_out_of_git(warm):
    again = cached(warm)
    assert again.checked == 0 and len(again.targets) == 5
    assert again.findings == uncached(warm)
    folder = warm.root / ".helpsite-cache"
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")


def test_an_edit_rechecks_the_page_and_the_pages_that_depend_on_it(warm):
    rewrite(warm.root / "docs/en/b.md", article("Page B", "# Page B\n\n## Install\n\nText.\n"))  # a.md's anchor is gone
    again = cached(warm)
    assert again.checked == 3  # en/b.md, its translation nl/b.md, and en/a.md that links to it
    assert "LNK003" in {f.code for f in again.findings}
    assert again.findings == uncached(warm)


def test_a_missing_image_that_appears_clears_the_finding(warm):
    rewrite(warm.root / "docs/en/a.md", article("Page A", "# Page A\n\nSee ![pic](img/pic.png).\n"))
    assert cached(warm).findings == uncached(warm)
    assert "LNK006" in {f.code for f in uncached(warm)}
    warm.write("docs/en/img/pic.png", b"\x89PNG")
    again = cached(warm)
    assert again.checked == 1
    assert again.findings == uncached(warm)
    assert "LNK006" not in {f.code for f in again.findings}


def test_added_and_removed_pages(warm):
    (warm.root / "docs/en/c.md").unlink()
    warm.write("docs/en/e.md", article("Page E", "# Page E\n\nSee [c](c.md).\n"))
    again = cached(warm)
    assert again.findings == uncached(warm)
    assert [f.path for f in again.findings if f.code == "LNK001"] == ["docs/en/a.md", "docs/en/e.md"]


def test_a_fresh_checkout_with_new_times_but_the_same_content_checks_nothing(warm):
    for path in (warm.root / "docs").rglob("*.md"):
        rewrite(path, path.read_text(encoding="utf-8"))
    assert cached(warm).checked == 0


def test_an_edit_within_the_clock_resolution_is_still_seen(site):
    path = site.root / "docs/en/d.md"
    status = path.stat()
    cached(site)  # the file was written just now: its time is too recent to vouch for its content
    path.write_text(path.read_text(encoding="utf-8").replace("No links", "No Links"), encoding="utf-8")  # same size
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))  # and the same time
    again = cached(site)
    assert again.checked == 1
    assert again.findings == uncached(site)


def test_an_include_that_changes_rechecks_the_page_including_it(warm):
    warm.write("docs/en/includes/note.md", "Read [the setup](../b.md#setup).\n")
    rewrite(warm.root / "docs/en/d.md", article("Page D", "# Page D\n\n[!INCLUDE [note](includes/note.md)]\n"))
    assert cached(warm).findings == uncached(warm)
    rewrite(warm.root / "docs/en/includes/note.md", ':::zone target="docs":::\nRead this.\n')  # unknown to helpsite
    again = cached(warm)
    assert again.checked == 1
    assert again.findings == uncached(warm)
    assert [f.code for f in again.findings if f.path == "docs/en/d.md"] == ["DFX001"]


def test_settings_schema_and_locale_files_start_afresh(warm):
    schema = warm.root / "schema/article.schema.json"
    schema.write_text(schema.read_text().replace('"required": [\n    "title"\n  ]', '"required": ["title", "ms.topic"]'))
    again = cached(warm)
    assert again.checked == 5 and "META002" in {f.code for f in again.findings}
    nl = warm.root / "locales/nl.yml"
    nl.write_text(nl.read_text() + "\n# edited\n")
    assert cached(warm).checked == 5
    assert cached(warm, select=["LNK"]).checked == 5  # other codes: a cache of its own
    assert cached(warm, select=["LNK"]).checked == 0
    assert cached(warm).checked == 0


def test_a_subset_run_checks_only_its_articles_and_a_later_full_run_the_rest(warm):
    rewrite(warm.root / "docs/en/c.md", article("Page C", "# Page C\n\n## New\n\nText.\n"))
    rewrite(warm.root / "docs/en/d.md", article("Page D", "# Page D\n\nSee [gone](gone.md).\n"))
    only = {(warm.root / "docs/en/d.md").resolve()}  # a source without translations
    part = cached(warm, changed=only)
    assert part.checked == 1 and [t.relpath for t in part.targets] == ["d.md"]
    assert part.findings == uncached(warm, changed=only)
    again = cached(warm)
    assert again.checked == 2  # c.md and a.md that links to it; d.md is known
    assert again.findings == uncached(warm)


def test_git_history_alone_can_make_a_translation_outdated(project, monkeypatch):
    monkeypatch.chdir(project.root)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}

    def git(*args):
        subprocess.run(["git", *args], cwd=project.root, check=True, capture_output=True, env=env)
        # Before the first commit there is no HEAD: the answer is empty, not an error.
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=project.root, capture_output=True, text=True, check=False).stdout.strip()

    source = project.write("docs/en/pay.md", article("Pay", "# Pay\n\nPay now.\n"))
    git("init", "-q")
    git("add", "-A")
    handoff = git("commit", "-qm", "hand-off")
    project.write(
        "docs/nl/pay.md",
        article("Betalen", "# Betalen\n\nNu betalen.\n", ms_contentlocale="nl-NL", ms_translationtype="MT", ms_sourcegitcommit=handoff),
    )
    project.write("docs/en/other.md", article("Other", "# Other\n\nText.\n"))
    project.write("docs/nl/other.md", article("Ander", "# Ander\n\nTekst.\n", ms_contentlocale="nl-NL", ms_translationtype="HT"))
    git("add", "-A")
    git("commit", "-qm", "translation")
    assert "outdated" not in str(cached(project).findings)
    project.write("notes.txt", "not an article\n")
    git("add", "-A")
    git("commit", "-qm", "elsewhere")  # HEAD moves: only the page whose findings asked git is checked again
    assert cached(project).checked == 1
    original = source.read_text()
    source.write_text(original.replace("Pay now.", "Pay today."))
    git("commit", "-qam", "source changes")
    source.write_text(original)
    git("commit", "-qam", "and changes back")  # the same bytes as at hand-off: only git knows
    again = cached(project)
    assert again.findings == uncached(project)
    assert any(f.code == "L10N001" and "git shows commits" in f.message for f in again.findings)


def test_a_cache_in_use_is_kept_and_one_unused_for_a_month_removed(warm):
    [store] = (warm.root / ".helpsite-cache").glob("check-*.json")
    old = store.with_name("check-0000000000000000.json")
    old.write_text("{}")
    month_ago = time.time() - 31 * 86400
    for path in (store, old):
        os.utime(path, (month_ago, month_ago))
    assert cached(warm).checked == 0  # nothing changed, yet the run marks its cache as used
    assert store.stat().st_mtime > month_ago
    rewrite(warm.root / "docs/en/d.md", article("Page D", "# Page D\n\nChanged.\n"))
    cached(warm)  # a run that writes its cache clears out the unused ones
    assert store.exists() and not old.exists()


def test_a_damaged_cache_is_ignored_and_replaced(warm):
    [store] = (warm.root / ".helpsite-cache").glob("check-*.json")
    for damage in (b"{not json", b'{"format": 2, "files": [["x"]]}', b"\xff\xfe", b"[]"):
        store.write_bytes(damage)
        again = cached(warm)
        assert again.checked == 5 and again.findings == uncached(warm)
        assert json.loads(store.read_bytes())["format"] == STORE_FORMAT


def test_a_file_rewritten_with_its_size_and_time_restored_is_still_seen(site):
    """``cp -p`` and ``os.utime`` give a new content the old size and modification time; the inode or
    the change time (which no one can set back) still differ, and the content hash decides."""
    spare = site.root / "spare.md"  # made now, so that its change time is as old as the pages' when moved in
    spare.write_text(article("Page B", "# Page B\n\n## Setuq\n\nText.\n"), encoding="utf-8")
    copy = site.root / "copy.md"
    copy.write_text(article("Page C", "# Page C\n\nTexT.\n"), encoding="utf-8")
    past = time.time_ns() - 100 * 10**9
    for path in [spare, copy, *(site.root / "docs").rglob("*.md")]:
        os.utime(path, ns=(past, past))
    time.sleep(RACY_NANOSECONDS / 1e9 + 0.2)  # until every change time is old enough to be trusted
    assert cached(site).checked == 5
    assert cached(site).checked == 0
    d = site.root / "docs/en/d.md"
    d.write_text(d.read_text(encoding="utf-8").replace("No links", "No Links"), encoding="utf-8")
    os.utime(d, ns=(past, past))  # same size, same time: only the change time moved
    shutil.copy2(copy, site.root / "docs/en/c.md")  # cp -p: the same inode, size and time
    os.replace(spare, site.root / "docs/en/b.md")  # mv of an old file: another inode, old times
    again = cached(site)
    assert again.checked == 5  # d, c, b and what depends on b: its translation and a
    assert again.findings == uncached(site)
    assert "LNK003" in {f.code for f in again.findings}  # a.md's link to b.md#setup


def test_a_cache_file_that_does_not_parse_is_ignored_with_a_warning(site):
    first = site.helpsite("check")
    [store] = (site.root / ".helpsite-cache").glob("check-*.json")
    for damage in (b"[" * 100_000, b"{" * 100_000, b'"\xff', b"\x00" * 10):
        store.write_bytes(damage)
        again = site.helpsite("check")
        assert again.returncode == first.returncode and again.stdout == first.stdout, again.stderr
        warnings = [line for line in again.stderr.splitlines() if line.startswith("helpsite: the check cache")]
        assert len(warnings) == 1 and "Traceback" not in again.stderr, again.stderr
        later = site.helpsite("check")  # the cache was rewritten, and is used
        assert later.stdout == first.stdout and "(0 checked again" in later.stderr and "the check cache" not in later.stderr


def _damaged(store, damage) -> None:
    document = json.loads(store.read_bytes())
    damage(document)
    store.write_text(json.dumps(document), encoding="utf-8")


def _first_finding(document) -> list:
    return next(entry[5][0] for entry in document["files"] if entry[5])


DAMAGES = {
    "a message that is not text": lambda d: _first_finding(d).__setitem__(5, 42),
    "an unknown code": lambda d: _first_finding(d).__setitem__(0, "XYZ999"),
    "a line that is not a number": lambda d: _first_finding(d).__setitem__(3, True),
    "a severity out of range": lambda d: _first_finding(d).__setitem__(1, 7),
    "a finding too short": lambda d: _first_finding(d).pop(),
    "a stamp that is not a list": lambda d: d["files"][0].__setitem__(3, "yesterday"),
    "a dependency that is not a name": lambda d: next(e for e in d["files"] if e[5] is not None)[6].append([1]),
    "a hash that is not one": lambda d: d["files"][0].__setitem__(4, {"x": 1}),
    "a dependency not watched": lambda d: d["watched"].clear(),
}


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_entry_is_dropped_and_said_once(warm, damage, capsys):
    rewrite(warm.root / "docs/en/a.md", article("Page A", "# Page A\n\nSee [b](b.md#nowhere) and ![x](img/x.png).\n"))
    cached(warm)
    [store] = (warm.root / ".helpsite-cache").glob("check-*.json")
    _damaged(store, damage)
    capsys.readouterr()
    again = cached(warm)
    assert again.findings == uncached(warm)
    assert all(f.code in RULES and isinstance(f.message, str) for f in again.findings)
    warnings = [line for line in capsys.readouterr().err.splitlines() if "the check cache" in line]
    assert len(warnings) == 1 and "is not used as it is" in warnings[0], warnings
    assert cached(warm).findings == again.findings and "the check cache" not in capsys.readouterr().err


def test_a_reported_entry_that_names_another_page_is_not_obeyed(warm):
    """A cache entry is keyed by path and also says which page of which tree it is: both must agree."""
    rewrite(warm.root / "docs/en/b.md", article("Page B", "# Page B\n\n## Setup\n\nSee [x](gone.md).\n"))
    cached(warm)
    [store] = (warm.root / ".helpsite-cache").glob("check-*.json")
    rows = {entry[2]: entry for entry in json.loads(store.read_bytes())["files"]}

    def swap(document):
        for entry in document["files"]:
            if entry[2] == "en/a.md":
                entry[5] = rows["en/b.md"][5]  # b's findings for a ...
                entry[2] = "en/b.md"  # ... claimed by a's path as page b

    _damaged(store, swap)
    again = cached(warm)
    assert again.findings == uncached(warm)
    assert [f.path for f in again.findings if f.code == "LNK001"] == ["docs/en/b.md"]


def test_a_cache_folder_that_cannot_be_written_warns_and_still_checks(warm, capsys):
    config = warm.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("docs_structure: folder", "docs_structure: folder\n      cache_dir: mkdocs.yml/cache"))
    assert cached(warm).findings == uncached(warm)
    assert "cannot keep the check cache in mkdocs.yml/cache" in capsys.readouterr().err.replace(str(warm.root) + "/", "")


def test_the_command_says_what_it_checked_again_and_no_cache_leaves_none(site):
    first = site.helpsite("check", "--no-cache")
    assert not (site.root / ".helpsite-cache").exists()
    site.helpsite("check")
    again = site.helpsite("check")
    assert "5 articles checked" in again.stderr and "(0 checked again" in again.stderr
    assert again.stdout == first.stdout and again.returncode == first.returncode


# Random edits, each followed by a cached run that must equal a full one.
PAGES = ["a.md", "b.md", "sub/d.md"]
EDITS = st.tuples(
    st.sampled_from(["write", "write", "delete", "image", "unimage"]),
    st.sampled_from(["en", "en", "nl"]),
    st.sampled_from(PAGES),
    st.lists(st.sampled_from(["a.md", "b.md#setup", "b.md#other", "../b.md", "sub/d.md", "img/x.png"]), min_size=1, max_size=3),
    st.sampled_from(["Setup", "Other"]),
)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(EDITS, min_size=2, max_size=8))
def test_random_edits_never_leave_stale_findings(tmp_path_factory, edits):
    root = tmp_path_factory.mktemp("random")
    shutil.copytree(REPO / "locales", root / "locales")
    shutil.copytree(REPO / "schema", root / "schema")
    (root / "mkdocs.yml").write_text(MINIMAL_MKDOCS)
    site = SiteProject(root)
    previous = os.getcwd()
    os.chdir(root)
    try:
        for page in PAGES:
            site.write(f"docs/en/{page}", article("T", "# T\n\n## Setup\n\nText.\n"))
        cached(site)
        for action, locale, page, links, heading in edits:
            path = root / "docs" / locale / page
            if action == "write":
                body = f"# T\n\n## {heading}\n\n" + "".join(f"[x]({target}) " for target in links) + "\n"
                path.parent.mkdir(parents=True, exist_ok=True)
                rewrite(path, article("T", body, **({"ms_contentlocale": "nl-NL"} if locale == "nl" else {})))
            elif action == "delete" and path.exists():
                path.unlink()
            elif action == "image":
                site.write(f"docs/{locale}/img/x.png", b"png")
            elif action == "unimage" and (root / "docs" / locale / "img/x.png").exists():
                (root / "docs" / locale / "img/x.png").unlink()
            assert cached(site).findings == uncached(site)
    finally:
        os.chdir(previous)


def test_a_source_folder_emptied_of_its_last_page_starts_afresh(project, monkeypatch):
    """Found by the random edits below: with no source page left, there is no source folder, so a
    translation is no orphan (L10N011); the cache kept the finding of the run before."""
    monkeypatch.chdir(project.root)
    for path in ("docs/en/a.md", "docs/en/b.md", "docs/nl/a.md"):
        project.write(path, article("T", "# T\n\nText.\n"))
    cached(project)
    (project.root / "docs/en/a.md").unlink()
    assert sorted(f.code for f in cached(project).findings) == sorted(f.code for f in uncached(project))
    (project.root / "docs/en/b.md").unlink()
    assert sorted(f.code for f in cached(project).findings) == sorted(f.code for f in uncached(project))


def test_a_builds_check_takes_the_docs_folder_as_the_builds_read_found_it(project):
    for number in range(3):
        project.write(f"docs/en/page-{number}.md", article(f"Page {number}", f"# Page {number}\n\nText.\n"))
    loaded = Project.load(project.root / "mkdocs.yml")
    _, site = load_site(loaded)
    assert site.walked is not None and len(site.walked) == 3
    project.write("docs/en/later.md", article("Later", "# Later\n\nText.\n"))  # saved while the build renders
    checked = run_check(loaded, cache=False, parsed=site)
    assert sorted(source.relpath for source in checked.targets) == ["page-0.md", "page-1.md", "page-2.md"]  # what the build renders
    assert len(run_check(loaded, cache=False).targets) == 4  # a check of its own walks the folder
    _, some = load_site(loaded, [project.root / "docs" / "en" / "page-0.md"])
    assert some.walked is None  # a read of some files only says nothing of the folder


def test_a_check_handed_the_site_a_build_read_takes_its_articles_and_parses_a_file_saved_since(site):
    # A production build reads the site through the parse cache, then forks its check beside it:
    # the check takes the articles the build read, except where the file changed in between.
    project = load(site)
    _, read = load_site(project, keep_parses=True)
    edited = site.root / "docs/en/b.md"
    rewrite(edited, article("Page B", "# Page B\n\n## Install\n\nText.\n"))  # a.md's anchor is gone
    run = run_check(project, cache=False, parsed=read)
    assert run.findings == uncached(site) and "LNK003" in {f.code for f in run.findings}
    for article_read in read.articles:
        checked = run.site.get(article_read.locale, article_read.relpath)
        assert (checked is article_read) == (article_read.path != edited), article_read.relpath


def test_an_articles_links_are_classified_once_for_its_check_and_its_dependencies(project):
    from helpsite.checks.context import Context
    from helpsite.checks.links import check_links

    project.write("docs/en/a.md", article("A", "# A\n\n[b](b.md) [c](sub/c.md#x) [out](https://example.com/)\n"))
    project.write("docs/en/b.md", article("B", "# B\n\n[a](a.md)\n"))
    loaded = Project.load(project.root / "mkdocs.yml")
    _, site = load_site(loaded)
    context = Context(loaded, None, site)
    a, b = site.get("en", "a.md"), site.get("en", "b.md")
    links = context.links_for(a)
    list(check_links(a, links))
    assert links._last_targets is not None and links._last_targets[0] is a  # the check classified through the memo
    targets = links._last_targets[1]
    assert [target.kind for target in targets] == ["internal", "internal", "external"]
    assert {"en/b.md", "en/sub/c.md"} <= context.dependencies(a)
    assert links._last_targets[1] is targets  # the dependencies read what the check classified
    assert "en/a.md" in context.dependencies(b)
    assert links._last_targets[0] is b  # ... through the same memo, which now holds the next article's
