"""What the build publishes, made safe: each page's body sanitized, front matter and locale texts
checked and escaped before a template prints them, and a Content Security Policy in each page.

The allow-list and what counts as a removal are ``helpsite.checks.html``'s (and the front-matter
forms ``helpsite.checks.templates``'s), shared with ``helpsite check``; this module applies them to
what MkDocs renders. The MkDocs adapter calls it from its events and logs the findings.

- **Bodies.** Every page's HTML, after Markdown, DocFX and every extension made it, goes through
  nh3. A removal that ``helpsite check`` reports for the article (its raw HTML, its links) is not
  reported again; what only rendering shows (``attr_list`` attributes, an include's HTML) is
  reported here, placed where the article writes it.
- **Front matter and locale texts** reach Material's templates, which print them unescaped: values
  of the wrong form are left out (META013, reported by the check), strings are escaped
  (``markupsafe.Markup``, which Jinja then prints as is).
- **Content Security Policy.** ``script-src 'self'`` plus the hashes of Material's own inline
  scripts, found in each page by the shapes they have in the theme's templates (so a script that
  is not the theme's never gets a hash), ``object-src 'none'``, ``base-uri 'self'``, and
  ``frame-src`` only the allowed iframe hosts, ``connect-src`` the page's own origin and the
  feedback endpoint's (``feedback_url``), so "Was this page helpful?" reaches it.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Iterable, Mapping, MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import nh3
from markupsafe import Markup

from helpsite.checks.html import HtmlPolicy, html_removals, locate, policy_for, reported_by_link_check, unreported
from helpsite.checks.templates import STRING_KEYS, icon_exists, icon_folders, template_problems
from helpsite.content.config import Settings
from helpsite.model import Article, Finding


def html_text(value: str) -> Markup:
    """A text for a template that prints values as they are (a locale's name, a label): escaped once."""
    return Markup.escape(value)


def text_title(title: str) -> Markup:
    """A title taken from a rendered heading, as text: its markup (a script with its content) removed."""
    return Markup(nh3.clean(title, tags=set()))


class Sanitizer:
    """The build's sanitizer, made once per build from the site's settings and theme folders."""

    def __init__(self, settings: Settings, theme_dirs: Iterable[str | os.PathLike[str]]) -> None:
        self.settings = settings.html
        self.policy: HtmlPolicy = policy_for(settings.html)
        self.theme_dirs = [Path(d) for d in theme_dirs]
        self.has_icon = icon_exists(icon_folders(self.theme_dirs))
        self.csp = ContentSecurityPolicy(self.theme_dirs, settings.html.allow_iframe_hosts, connect_origins(settings))
        self._reported: set[Finding] = set()  # a fallback copy is the same article again: reported once

    def page_content(self, html: str, article: Article | None, rendered_markdown: str | None, page_path: str) -> tuple[str, list[Finding]]:
        """The page's body as published, and what removing from it found that the check did not."""
        cleaned, removals = self.cleaned(html)
        if not removals:
            return cleaned, []
        if article is None:  # a page of helpsite's own: nothing to place the findings in
            return cleaned, self._once([removal.finding(page_path, None, None) for removal in removals])
        findings = []
        for removal in unreported(removals, html_removals(article, self.policy, rendered_markdown)):
            if reported_by_link_check(removal, article):
                continue
            line, column = locate(article, removal)
            findings.append(removal.finding(article.display_path, line, column))
        return cleaned, self._once(findings)

    def cleaned(self, html: str) -> tuple[str, list]:
        """The body as published, and what cleaning it removed (before anything is reported)."""
        return self.policy.sanitize(html)

    def _once(self, findings: list[Finding]) -> list[Finding]:
        new = [finding for finding in findings if finding not in self._reported]
        self._reported.update(new)
        return new

    def page_meta(self, meta: MutableMapping[str, Any]) -> None:
        """The page's front matter as templates may read it: values of the wrong form left out
        (``helpsite check`` reports them, META013), text escaped. In place: MkDocs holds the dict."""
        for problem in template_problems(meta, self.settings, self.has_icon):
            for key in problem.drops:
                meta.pop(key, None)
        for key in (*STRING_KEYS, "location"):
            if isinstance(meta.get(key), str):
                meta[key] = html_text(meta[key])
        for key in ("authors", "tags"):
            if isinstance(meta.get(key), list):
                meta[key] = [html_text(str(item)) for item in meta[key]]

    def with_policy(self, output: str) -> str:
        return self.csp.add_to(output)


def escaped_texts(texts: Mapping[str, str]) -> dict[str, Markup]:
    """A mapping of locale texts (navigation titles, status labels) escaped for templates."""
    return {key: html_text(value) for key, value in texts.items()}


# -- Content Security Policy ---------------------------------------------------------------------------

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_PAGE_SCRIPT = re.compile(r"<script(\s[^>]*)?>(.*?)</script>", re.S | re.I)
_ORIGIN_HOST = re.compile(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?")  # nothing that could end the policy's attribute
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_JUDGED_KEPT = 10_000  # inline scripts whose verdict a policy keeps: a site's pages hold a few hundred
_UNJUDGED = "unjudged"  # (a verdict is a hash in quotes, or None)


def theme_script_shapes(theme_dirs: Iterable[Path]) -> list[re.Pattern[str]]:
    """The inline scripts of the theme's templates, each as a pattern: a template's ``{{ value }}``
    may be any text without quotes or markup (Material's are URLs: the page's base, the scope)."""
    shapes: dict[str, re.Pattern[str]] = {}
    for folder in theme_dirs:
        for template in sorted(Path(folder).rglob("*.html")):
            try:
                text = template.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            for script in _INLINE_SCRIPT.findall(text):
                if script.strip() and script not in shapes:
                    parts = _JINJA.split(script)
                    shapes[script] = re.compile(r"[^\"'<>\\]*".join(re.escape(part) for part in parts))
    return list(shapes.values())


def connect_origins(settings: Settings) -> list[str]:
    """The origins a page's scripts may send to besides its own: the feedback endpoint's, when
    ``feedback_url`` names another host (a relative one is the page's own origin)."""
    url = urlsplit(settings.feedback_url.strip())
    if url.scheme in ("http", "https") and _ORIGIN_HOST.fullmatch(url.netloc):
        return [f"{url.scheme}://{url.netloc}"]
    return []


class ContentSecurityPolicy:
    def __init__(self, theme_dirs: Iterable[Path], frame_hosts: Iterable[str], connect: Iterable[str] = ()) -> None:
        self.shapes = theme_script_shapes(theme_dirs)
        hosts = " ".join(f"https://{host}" for host in frame_hosts)
        self.frame_src = hosts or "'none'"
        self.connect_src = " ".join(["'self'", *connect])
        # Each inline script judged once: its hash, or None (not the theme's). Every page holds the
        # same few (the theme's, with the page's base in them), so a build judges a few hundred.
        self._judged: dict[str, str | None] = {}

    def theme_script_hashes(self, page: str) -> list[str]:
        """CSP hashes of the page's inline scripts that are the theme's own (JSON data blocks need none)."""
        hashes = []
        for match in _PAGE_SCRIPT.finditer(page):
            attributes, script = match.group(1) or "", match.group(2)
            if "src=" in attributes or "application/json" in attributes:
                continue
            verdict = self._judged.get(script, _UNJUDGED)
            if verdict is _UNJUDGED:
                verdict = self._hash_if_the_themes(script)
                if len(self._judged) < _JUDGED_KEPT:
                    self._judged[script] = verdict
            if verdict:
                hashes.append(verdict)
        return list(dict.fromkeys(hashes))

    def _hash_if_the_themes(self, script: str) -> str | None:
        if any(shape.fullmatch(script) for shape in self.shapes):
            return f"'sha256-{base64.b64encode(hashlib.sha256(script.encode('utf-8')).digest()).decode('ascii')}'"
        return None

    def policy(self, page: str) -> str:
        scripts = " ".join(["'self'", *self.theme_script_hashes(page)])
        return (
            f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; "
            f"font-src 'self' data:; media-src 'self'; connect-src {self.connect_src}; frame-src {self.frame_src}; object-src 'none'; "
            "base-uri 'self'; form-action 'self'"
        )

    def add_to(self, page: str) -> str:
        """The page with its policy as the first thing in <head> after the character set (before any script)."""
        anchor = page.find('<meta charset="utf-8">')
        anchor = anchor + len('<meta charset="utf-8">') if anchor >= 0 else page.find("<head>") + len("<head>")
        if anchor < len("<head>"):
            return page
        meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{self.policy(page)}">'
        return page[:anchor] + meta + page[anchor:]
