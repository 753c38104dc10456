"""Material's search indexer fed in one pass (helpsite.mkdocs.search.TokenizedParser): the example
site, with pages whose Markdown holds HTML of the kinds html.parser reads its own way (comments,
other quoting, a bare "<", a script), is indexed as html.parser feeds Material's indexer, byte for
byte; the sanitizer writes every page's body as plain HTML, so every page is taken in one pass."""

from __future__ import annotations

import pytest

from tests.conftest import article, build_with_script

pytestmark = pytest.mark.slow

# The build, run as `helpsite build`; with "off", html.parser feeds Material's Parser (the reference).
BUILD = """
import atexit, sys
from material.plugins.search import plugin as material_search
from helpsite.mkdocs import search
if sys.argv[1] == "off":
    material_search.Parser = search.TokenizedParser.__bases__[0]
else:
    taken = []
    plain_tokens = search._plain_tokens
    def counted(html):
        tokens = plain_tokens(html)
        taken.append(tokens is not None)
        return tokens
    search._plain_tokens = counted
    atexit.register(lambda: print("one pass", sum(taken), "of", len(taken)))
from helpsite.cli import main
sys.exit(main(["build", "--jobs", "1", "--no-cache", "-d", sys.argv[2]]))
"""

# Pages of the kinds html.parser reads its own way, among plain ones.
ODD_PAGES = {
    "comment.md": "# Comments\n\n<!-- a writer's note -->\n\nText after a comment.\n",
    "raw-html.md": "# Raw HTML\n\n<div class='note'>Single-quoted <b>bold</b></div>\n\n<p align=center>Bare value</p>\n",
    "lesser.md": "# Lesser than\n\nWhen a < b and b > c, `x<y` holds.\n\n<table><tr><td>cell</td></tr></table>\n",
    "script.md": "# Script\n\n<script>alert(1)</script>\n\nText.\n\n## A section {#own-id}\n\nMore &amp; more.\n",
}


def test_the_example_site_and_odd_pages_are_indexed_as_material_indexes_them(site_copy):
    project = site_copy
    for name, body in ODD_PAGES.items():
        project.write(f"docs/en/odd/{name}", article(name.removesuffix(".md"), body))
    reference, _ = build_with_script(project, BUILD, "off")
    tokenized, counts = build_with_script(project, BUILD, "on")
    indexes = [name for name in reference if name.endswith("search_index.json")]
    assert len(indexes) >= 2  # one per locale
    assert reference.keys() == tokenized.keys()
    assert [name for name in reference if tokenized[name] != reference[name]] == []
    assert b"Text after a comment." in reference["search/search_index.json"]
    words = counts.split()
    taken, fed = int(words[words.index("pass") + 1]), int(words[words.index("of") + 1])
    assert fed >= 20 and taken == fed, counts
