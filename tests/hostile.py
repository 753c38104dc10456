"""A small site with every hostile input of the "Safety" issue, one page each: for the build tests
(tests/site/test_sanitize.py) and the browser tests (tests/browser/test_hostile_pages.py).

Every script here calls ``alert()``: a browser test fails when any dialog opens. The iframe and
the locale's image point at another host (``evil.example``): a browser test fails on any request
to another host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tests.conftest import MINIMAL_MKDOCS, Project, article


@dataclass(frozen=True)
class Hostile:
    name: str  # the test id
    path: str  # docs/... of the page
    text: str
    finding: str | None  # "path:line:column: CODE" the build logs (None: nothing to report, only to escape)
    url: str  # the page in the site


SEARCH_WORD = "Quetzalcoatl"  # a word only the home page has: the browser test searches for it

PAGES = (
    Hostile(
        "script-in-body",
        "docs/en/script.md",
        article("Script in the body", "# Script in the body\n\nBefore.\n\n<script>alert('body')</script>\n\nAfter.\n"),
        "docs/en/script.md:8:1: HTML001",
        "script/",
    ),
    Hostile(
        "iframe",
        "docs/en/iframe.md",
        article("An iframe", '# An iframe\n\n<iframe src="https://evil.example/frame"></iframe>\n'),
        "docs/en/iframe.md:6:1: HTML002",
        "iframe/",
    ),
    Hostile(
        "img-onerror",
        "docs/en/img.md",
        article("An image", '# An image\n\nText <img src="x.png" onerror="alert(\'img\')"> more.\n'),
        "docs/en/img.md:6:23: HTML001",
        "img/",
    ),
    Hostile(
        "script-in-heading",
        "docs/en/heading.md",
        "---\nms.topic: article\n---\n# <script>alert('heading')</script> Heading &lt;script&gt;alert('entity')&lt;/script&gt;\n\nText.\n",
        "docs/en/heading.md:4:3: HTML001",
        "heading/",
    ),
    Hostile(
        "author",
        "docs/en/author.md",
        article("Author", "# Author\n\nText.\n", author='\'"><script>alert("author")</script>\''),
        None,
        "author/",
    ),
    Hostile(
        "status",
        "docs/en/status.md",
        article("Status", "# Status\n\nText.\n", status='\'"><script>alert("status")</script>\''),
        "docs/en/status.md:3:1: META013",
        "status/",
    ),
    Hostile(
        "subtitle",
        "docs/en/subtitle.md",
        article("Subtitle", "# Subtitle\n\nText.\n", subtitle="['<script>alert(\"subtitle\")</script>']"),
        "docs/en/subtitle.md:3:1: META013",
        "subtitle/",
    ),
    Hostile(
        "description",
        "docs/en/description.md",
        article("Description", "# Description\n\nText.\n", description='[\'"><script>alert("description")</script>\']'),
        "docs/en/description.md:3:1: META013",
        "description/",
    ),
    Hostile(
        "redirect",
        "docs/en/redirect.md",
        article("Redirect", "# Redirect\n\nText.\n", template="redirect.html", location="javascript:alert('redirect')"),
        "docs/en/redirect.md:3:1: META013",
        "redirect/",
    ),
    Hostile(
        "missing-icon",
        "docs/en/icon.md",
        article("Icon", "# Icon\n\nText.\n", icon="material/no-such-icon"),
        "docs/en/icon.md:3:1: META013",
        "icon/",
    ),
    Hostile(
        "docfx-video",
        "docs/en/video.md",
        article("Video", "# Video\n\n> [!VIDEO javascript:alert('video')]\n"),
        "docs/en/video.md:6:3: DFX007",
        "video/",
    ),
    Hostile(
        "javascript-link",
        "docs/en/link.md",
        article("Link", "# Link\n\n[Click me](javascript:alert('link'))\n"),
        "docs/en/link.md:6:1: URL005",
        "link/",
    ),
    Hostile(
        "attr-list-handler",
        "docs/en/attr.md",
        article("Attributes", "# Attributes\n\n## Click {onclick=\"alert('attr')\"}\n\nText.\n"),
        "docs/en/attr.md:6:20: HTML001",
        "attr/",
    ),
    Hostile(
        # A translation beside its source on its review page: both pages' text, its title, its owner and
        # the findings quoting them are shown there as text.
        "review-page",
        "docs/nl/script.md",
        article(
            "<script>alert('title')</script> Script",
            "# Script in de tekst\n\nVoor.\n\n<script>alert('nl')</script>\n\nNa <img src=\"x.png\" onerror=\"alert('nl-img')\">"
            " en [klik](javascript:alert('nl-link')).\n",
            ms_contentlocale="nl-NL",
            ms_translationtype="MT",
            **{"helpsite.owner": '\'"><script>alert("owner")</script>\''},
        ),
        "docs/nl/script.md:11:1: HTML001",
        "nl/review/side-by-side/script/",
    ),
    Hostile(
        "locale-texts",
        "docs/nl/index.md",
        article("Thuis", "# Thuis\n\nWelkom.\n", ms_contentlocale="nl-NL", ms_translationtype="MT"),
        None,
        "nl/",
    ),
)

# The locale file's texts reach the language switcher (name), the navigation (nav) and the status
# label's title attribute (mt_status) of every Dutch page.
HOSTILE_NL_NAME = "Nederlands<img src=https://evil.example/n.png onerror=alert('name')>"
HOSTILE_NL_NAV = "<script>alert('nav')</script>Facturering"
HOSTILE_MT_STATUS = '"><script>alert(2024)</script>'


def hostile_ui_text(key: str) -> str:
    """What every other UI string of the Dutch locale file ends with: markup that must reach the
    reader as text wherever the string goes (the frame: site name, tab title, copyright, "made
    with"; the 404 page, related articles, the last-updated line, the headings' permalink title,
    "Was this page helpful?", the team's pages)."""
    return f'"><b>{key}</b>'


def hostile_mkdocs_yml(site_url: str | None = None) -> str:
    """The hostile site's mkdocs.yml: the review hooks (notices, status labels), no web fonts, and
    a feedback endpoint, so that the feedback widget's texts are published too."""
    config = MINIMAL_MKDOCS.replace("  name: material\n", "  name: material\n  font: false\n")
    config = config.replace("      docs_structure: folder\n", "      docs_structure: folder\n      feedback_url: /api/feedback\n")
    if site_url is not None:
        config = config.replace("http://127.0.0.1:8000/", site_url)
    return config + "hooks:\n  - hooks/review_notices.py\n"


def write_hostile_site(project: Project) -> None:
    project.write("docs/en/index.md", article("Home", f"# Home\n\nWelcome. The {SEARCH_WORD} word is only here.\n"))
    project.write("docs/en/billing/pay.md", article("Pay", "# Pay\n\nPay an invoice.\n"))
    project.write(
        "docs/nl/billing/pay.md",
        article("Betalen", "# Betalen\n\nBetaal.\n", ms_contentlocale="nl-NL", ms_translationtype="MT", ms_date="06/01/2026"),
    )
    for page in PAGES:
        project.write(page.path, page.text)
    nl = project.root / "locales" / "nl.yml"
    text = nl.read_text(encoding="utf-8")
    text = text.replace("name: Nederlands", f'name: "{HOSTILE_NL_NAME}"')
    text = text.replace("Billing: Facturering", f'Billing: "{HOSTILE_NL_NAV}"')
    text = text.replace('mt_status: "Automatisch vertaald"', f"mt_status: '{HOSTILE_MT_STATUS}'")
    assert HOSTILE_NL_NAME in text and HOSTILE_NL_NAV in text and HOSTILE_MT_STATUS in text

    def hostile(line: re.Match) -> str:
        key, value = line.group(1), line.group(2)
        return f'  {key}: "{value}{hostile_ui_text(key).replace(chr(34), chr(92) + chr(34))}"'

    text = re.sub(r'^  (?!mt_status:)(\w+): "([^"\\]*)"$', hostile, text, flags=re.M)
    nl.write_text(text, encoding="utf-8")
