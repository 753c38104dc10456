"""Real builds of sites with a page over one of the limits: the build ends, in bounded time and memory,
with the page replaced by a notice in the reader's language and the finding as a build error."""

from __future__ import annotations

import resource
import sys

import pytest

from tests.conftest import REPO, Project

sys.path.insert(0, str(REPO / "bench"))

from pathological import CASES, write_case  # noqa: E402

pytestmark = pytest.mark.slow

BY_NAME = {case.name: case for case in CASES}


def _built(case_name: str, root) -> tuple[Project, str]:
    write_case(BY_NAME[case_name], root)
    project = Project(root)
    build = project.mkdocs_build()
    assert build.returncode == 0, build.stderr[-3000:]
    return project, build.stderr


@pytest.mark.timeout(180)
@pytest.mark.parametrize(
    "name",
    [
        "billion-laughs",
        "alias-bytes",
        "nested-lists",
        "blockquotes",
        "include-fan-out",
        "include-deep",
        "front-matter",
        "headings",
        "links",
        "huge-file",
    ],
)
def test_a_page_over_a_limit_is_replaced_by_a_notice_and_the_build_says_why(name, tmp_path):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    project, log = _built(name, tmp_path)
    code = BY_NAME[name].codes[0]
    assert f"ERROR   -  helpsite: en/page.md is not published: docs/en/page.md:" in log and code in log
    english = (project.root / "site" / "page" / "index.html").read_text(encoding="utf-8")
    assert "Page not published" in english and "could not be published" in english
    dutch = (project.root / "site" / "nl" / "page" / "index.html").read_text(encoding="utf-8")
    assert "Pagina niet gepubliceerd" in dutch  # the fallback copy speaks the reader's language
    # The whole build (MkDocs and its forked check) stayed far from the gigabytes the input asked for.
    assert max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) < 500 * 1024


@pytest.mark.timeout(180)
def test_a_page_over_a_limit_fails_a_strict_build(tmp_path):
    write_case(BY_NAME["billion-laughs"], tmp_path)
    build = Project(tmp_path).mkdocs_build("--strict")
    assert build.returncode != 0 and "PARSE006" in build.stderr


@pytest.mark.timeout(180)
@pytest.mark.parametrize(
    ("name", "published", "log"),
    [
        pytest.param("headings-apart", 'id="a_4999"', "", id="headings-apart"),  # Python-Markdown's own ids, as the parser has them
        pytest.param("dashes", "<h1>A page</h1>\n\n<hr>", "", id="dashes"),  # 200 KB of '- - -' is one rule (was a RecursionError)
        pytest.param("html-attribute", "<h1>A page</h1>", "HTML002", id="html-attribute"),  # the 60 KB tag is sanitized away
    ],
)
def test_a_page_within_the_limits_is_published_as_written(name, published, log, tmp_path):
    """The limits' neighbours, and inputs that once crashed or stalled the build, make a page like any other."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    project, stderr = _built(name, tmp_path)
    assert "is not published" not in stderr and log in stderr
    html = (project.root / "site" / "page" / "index.html").read_text(encoding="utf-8")
    assert published in html and "<x " not in html
    assert max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) < 500 * 1024


RECURSION_HOOK = '''
import inspect
import sys

_LIMIT = sys.getrecursionlimit()


def on_page_markdown(markdown, page, **kwargs):
    # A renderer whose stack is short: what a nesting the limits did not foresee would do to a real one.
    if page.file.src_uri.endswith("deep.md"):
        sys.setrecursionlimit(len(inspect.stack()) + 120)
    return markdown


def on_page_content(html, page, **kwargs):
    sys.setrecursionlimit(_LIMIT)
    return html
'''


@pytest.mark.timeout(180)
def test_a_page_python_markdown_cannot_render_gets_the_notice_not_a_crashed_build(project):
    project.write("hooks/short_stack.py", RECURSION_HOOK)
    mkdocs = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    project.write("mkdocs.yml", mkdocs.replace("plugins:", "hooks:\n  - hooks/short_stack.py\nplugins:") + "      max_nesting_depth: 100\n")
    nested = "".join("    " * level + "- step\n" for level in range(60))
    project.write("docs/en/deep.md", f"---\ntitle: Deep\n---\n# Deep\n\n{nested}")
    project.write("docs/en/other.md", "---\ntitle: Other\n---\n# Other\n\n- step\n    - step\n")
    build = project.mkdocs_build()
    assert build.returncode == 0, build.stderr[-3000:]
    assert "en/deep.md is not published: its Markdown nests too deeply to render" in build.stderr
    assert "Page not published" in (project.root / "site" / "deep" / "index.html").read_text(encoding="utf-8")
    assert "Page not published" not in (project.root / "site" / "other" / "index.html").read_text(encoding="utf-8")
