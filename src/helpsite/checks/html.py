"""HTML: what the sanitizer removes from an article's HTML, and the allow-list it removes it by.

Published HTML goes through nh3 (the Python binding of the Rust ammonia sanitizer) with the
allow-list below: what Python-Markdown, its extensions, pymdownx and Material put in a page, and
what the real articles write by hand (``<a name>``, ``<br>``, ``<sup>``, ``<kbd>``, tables,
``<details>``). Everything else is removed, and each removal is a finding:

- ``helpsite check`` runs the sanitizer over the raw HTML the parser collected (each HTML block and
  inline tag) and over the URLs of Markdown links, and reports what it would remove;
- the build sanitizes each page's rendered body (``helpsite.publishing.sanitize``) and reports what
  rendering added that the check could not see (``attr_list`` attributes, an include's HTML).

nh3 decides what is removed; this module compares its output with its input to say what and
where. The comparison is cheap when nothing was removed (one pass of a regular expression over
each side), which is what almost every page is.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

from helpsite.content.config import HtmlSettings
from helpsite.content.links import UNSAFE_SCHEMES
from helpsite.content.parse import html_and_links
from helpsite.model import Article, Finding, HtmlFragment, Link, Rule, RuleSet, Severity

RULESET = RuleSet()

SCRIPT_REMOVED = RULESET.rule(
    "HTML001",
    "script-removed",
    Severity.ERROR,
    "A script or an event handler is removed from the page",
    """
    ``<script>`` elements, event-handler attributes (``onerror``, ``onclick``, ``onload`` ...) and
    ``srcdoc`` run code in the reader's browser. The published page never has them: the sanitizer
    removes them (a script with its content) and the build fails with ``--strict``. Help articles
    need no script; if a page really needs behaviour, it belongs in the theme, which the site's
    maintainers own.""",
)
NOT_ALLOWED = RULESET.rule(
    "HTML002",
    "html-not-allowed",
    Severity.ERROR,
    "An HTML element or attribute that is not allowed is removed",
    """
    Published HTML holds only what Markdown and the theme produce, and what help articles write
    by hand: headings, paragraphs, lists, tables, images, links and anchors (``<a name>``),
    ``<br>``, ``<sup>``, ``<kbd>``, ``<details>``, admonitions, code. Anything else (``<iframe>``,
    ``<style>``, ``<form>``, ``<object>``, an unknown element such as ``<your app id>`` written as
    text, a ``style`` property other than ``text-align``) is removed, keeping its text. A site
    owner widens the list in ``mkdocs.yml``: ``helpsite: {html: {allow_tags: [...],
    allow_attributes: {img: srcset}, allow_iframe_hosts: [www.youtube-nocookie.com]}}``. To show
    a placeholder such as ``<your app id>``, write it in backticks.""",
)
UNSAFE_URL = RULESET.rule(
    "HTML003",
    "unsafe-url",
    Severity.ERROR,
    "A URL in the page uses a scheme or host that is not allowed",
    """
    A link or source whose scheme is not ``http``, ``https``, ``mailto``, ``tel`` or one of
    ``html.allow_url_schemes`` (by default the app links ``ms-settings:`` and ``feedback-hub:``),
    or an ``<iframe>`` whose host is not in ``html.allow_iframe_hosts``, is published without
    that URL: the link stays as text and never runs. It covers every attribute that holds a URL
    (``href``, ``src``, ``srcset``, ``xlink:href``, ``formaction``, ``poster``) and the links an
    include brings. ``javascript:``, ``vbscript:``, ``file:`` and ``data:`` links that the link
    check sees are URL005, and a ``[!VIDEO]`` URL that is not http(s) DFX007; they are removed all
    the same.""",
)

# What Python-Markdown and its common extensions (tables, footnotes, def_list, abbr, toc, admonition,
# attr_list, md_in_html), pymdownx (details, tabbed, highlight, superfences, tasklist, keys, mark,
# caret, tilde, critic, emoji) and Material's content (grids, buttons, annotations) produce, and
# what the corpus's articles write by hand; measured on the example site and the corpora (README).
TAGS = frozenset(
    """
    a abbr b bdi bdo blockquote br caption center cite code col colgroup dd del details dfn div dl dt em figcaption
    figure h1 h2 h3 h4 h5 h6 hr i img input ins kbd label li mark ol p pre q rp rt ruby s samp small span strike strong
    sub summary sup table tbody td tfoot th thead time tr tt u ul var wbr svg g path rect circle ellipse line polyline
    polygon text tspan title
    """.split()  # noqa: SIM905 - a list of words reads better as words
)
# Attributes every allowed element may carry (and the prefixes "data-" and "aria-"; "data-md-" is Material's own).
GENERIC_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "role", "hidden"})
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "name", "target", "rel", "hreflang", "type"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding", "align"}),
    "td": frozenset({"colspan", "rowspan", "headers", "align", "valign", "style"}),
    "th": frozenset({"colspan", "rowspan", "headers", "align", "valign", "scope", "abbr", "style"}),
    "col": frozenset({"span", "width"}),
    "colgroup": frozenset({"span", "width"}),
    "table": frozenset({"align", "width"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "li": frozenset({"value"}),
    "input": frozenset({"checked", "disabled", "name"}),  # type: only checkbox and radio (below)
    "label": frozenset({"for"}),
    "details": frozenset({"open"}),
    "time": frozenset({"datetime"}),
    "del": frozenset({"datetime"}),
    "ins": frozenset({"datetime"}),
    "bdo": frozenset({"dir"}),
    "svg": frozenset({"xmlns", "viewBox", "width", "height", "fill", "stroke", "preserveAspectRatio", "focusable"}),
    **{
        shape: frozenset({"d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width", "height", "points", "transform"})
        | frozenset({"fill", "fill-rule", "clip-rule", "stroke", "stroke-width", "opacity", "text-anchor", "font-size"})
        for shape in ("g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan")
    },
}
# Attributes allowed with these values only: Material's content tabs and pymdownx's task lists.
ATTRIBUTE_VALUES = {"input": {"type": {"checkbox", "radio"}}}
STYLE_PROPERTIES = frozenset({"text-align"})  # Python-Markdown's table cell alignment
BASE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Never allowed, whatever the settings say: they run code, load code, or change how the page loads.
FORBIDDEN_TAGS = frozenset(
    {"script", "object", "embed", "applet", "base", "meta", "link", "form", "frame", "frameset", "portal", "template", "noscript"}
)
SCRIPT_TAGS = frozenset({"script"})
CONTENT_REMOVED_TAGS = frozenset({"script", "style"})  # removed with their content (nh3's own default)
SCRIPT_ATTRIBUTES = frozenset({"srcdoc"})
# md_in_html's instruction to Python-Markdown, which it leaves in place where it does not read it
# (inside a list item): the renderer's, not the writer's, and nothing to a browser. Removed unreported.
RENDERER_ATTRIBUTES = frozenset({"markdown"})
# Attributes that hold URLs. ammonia checks href and src (and xlink:href, cite, ...) itself; the
# others are checked here, in the attribute filter.
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "xlink:href", "formaction", "action", "poster", "cite", "background", "ping", "data"})
_FILTERED_URL_ATTRIBUTES = frozenset({"srcset", "formaction", "action", "poster", "background", "ping"})
_MATERIAL_DATA = "data-md-"


@dataclass(frozen=True, slots=True)
class Removal:
    """One thing the sanitizer removes: an element, or an attribute of one (with its value)."""

    rule: Rule
    tag: str
    attribute: str | None
    value: str | None
    line: int  # 1-based, within the HTML it was found in
    column: int
    detail: str = ""  # what about it is not allowed (a host, a scheme, a style property)

    def same_as(self, other: Removal) -> bool:
        """The same removal, whether found in the Markdown's raw HTML and links or in the rendered page,
        where a URL may be cut short (Python-Markdown ends ``(javascript:alert('x'))`` at the first ``)``)."""
        if (self.rule, self.tag, self.attribute) != (other.rule, other.tag, other.attribute):
            return False
        mine, theirs = self.value or "", other.value or ""
        return mine == theirs or (
            self.rule is UNSAFE_URL and bool(mine) and bool(theirs) and (mine.startswith(theirs) or theirs.startswith(mine))
        )

    @property
    def message(self) -> str:
        if self.attribute is None:
            content = " with its content" if self.tag in CONTENT_REMOVED_TAGS else ", its text kept"
            hint = " (no host is in html.allow_iframe_hosts)" if self.tag == "iframe" else ""
            return f"<{self.tag}> is not allowed in published HTML{hint}; removed{content}"
        shown = _short(self.value or "")
        if self.rule is SCRIPT_REMOVED:
            return f'event handler {self.attribute}="{shown}" on <{self.tag}> runs script; removed'
        if self.rule is UNSAFE_URL:
            return f'{self.attribute}="{shown}" on <{self.tag}>: {self.detail}; the URL is removed'
        if self.detail:
            return f"{self.detail} in {self.attribute} on <{self.tag}> is not allowed; removed"
        return f'attribute {self.attribute}="{shown}" is not allowed on <{self.tag}>; removed'

    def finding(self, path: str, line: int | None, column: int | None) -> Finding:
        return self.rule.finding(path, line, column, self.message)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


# Whether nh3 removed anything, told cheaply, since almost every page loses nothing: no tag of the
# HTML is one nh3 removes, and both sides have the same attribute names and style properties, in
# order (scans in C, of the start tags only). Tags nh3's HTML parser adds (a <tbody>, a <p> for a
# stray </p>, a <br> for </br>) carry no attributes and do not count. Anything else (a removal, or
# only a comment, an unquoted attribute, a ">" in an attribute's value, text that looks like a tag)
# sends the two sides to the slow comparison (html.parser), which decides.
_START_TAG = re.compile(r"<([A-Za-z][^\s/>]*)([^>]*)")
_ATTRIBUTE_NAME = re.compile(r"""\s([^\s"'<>/=]+)=["']""")
_STYLE = re.compile(r"""\sstyle=(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.-]*):")
_DECLARATION = re.compile(r"([-\w]+)\s*:")


def _signature(html: str) -> tuple[set[str], tuple[list[str], list[set[str]]]]:
    """The names of the start tags, and their attributes' names and style properties in order."""
    tags = _START_TAG.findall(html)
    inside = " ".join(attributes for _, attributes in tags)
    styles = [_style_properties(a or b) for a, b in _STYLE.findall(inside)] if "style=" in inside else []
    return {name for name, _ in tags}, (_ATTRIBUTE_NAME.findall(inside), styles)


def _style_properties(style: str) -> set[str]:
    return {name.lower() for name in _DECLARATION.findall(style)}


@dataclass(frozen=True, slots=True)
class _Tag:
    name: str
    attributes: tuple[tuple[str, str], ...]
    line: int
    column: int
    text: str  # the start tag as written


class _StartTags(HTMLParser):
    """The start tags of a piece of HTML as a browser tokenizes them (comments and script text are not tags)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[_Tag] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, offset = self.getpos()
        self.tags.append(_Tag(tag, tuple((name, value or "") for name, value in attrs), line, offset + 1, self.get_starttag_text() or ""))

    handle_startendtag = handle_starttag

    @classmethod
    def of(cls, html: str) -> list[_Tag]:
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser.tags


def _attribute_position(tag: _Tag, name: str) -> tuple[int, int]:
    """Where attribute ``name`` stands in the HTML (its tag's position when it cannot be found)."""
    match = re.search(rf"(?<![\w-]){re.escape(name)}\s*(?:=|[\s/>])", tag.text, re.IGNORECASE)
    if match is None:
        return tag.line, tag.column
    before = tag.text[: match.start()]
    newlines = before.count("\n")
    if newlines:
        return tag.line + newlines, len(before) - before.rfind("\n")
    return tag.line, tag.column + len(before)


def _surviving_tags(names: list[str], after: list[_Tag]) -> dict[int, _Tag]:
    """Which tag of ``after`` each of ``names`` (the tags before cleaning) became, by index. The two
    sequences are aligned where they differ only: the tags both begin and end with are paired as
    they stand, and SequenceMatcher aligns the middle. On a whole page (thousands of tags of a few
    names, which it compares nearly pairwise) that keeps it to the removals' stretch of the page."""
    start, end_before, end_after = 0, len(names), len(after)
    while start < end_before and start < end_after and names[start] == after[start].name:
        start += 1
    while end_before > start and end_after > start and names[end_before - 1] == after[end_after - 1].name:
        end_before, end_after = end_before - 1, end_after - 1
    kept = {index: after[index] for index in range(start)}
    kept.update({end_before + k: after[end_after + k] for k in range(len(names) - end_before)})
    middle = [tag.name for tag in after[start:end_after]]
    for block in SequenceMatcher(None, names[start:end_before], middle, autojunk=False).get_matching_blocks():
        kept.update({start + block.a + k: after[start + block.b + k] for k in range(block.size)})
    return kept


class HtmlPolicy:
    """The allow-list of published HTML (the built-in one plus the site owner's), applied by nh3."""

    def __init__(self, settings: HtmlSettings) -> None:
        extra_tags = {t.lower() for t in settings.allow_tags} - FORBIDDEN_TAGS
        self.iframe_hosts = frozenset(host.lower() for host in settings.allow_iframe_hosts)
        self.tags = TAGS | extra_tags | ({"iframe"} if self.iframe_hosts else set())
        attributes = {tag: set(names) for tag, names in ATTRIBUTES.items()}
        attributes["*"] = set(GENERIC_ATTRIBUTES)
        if self.iframe_hosts:
            attributes["iframe"] = {"src", "width", "height", "allow", "allowfullscreen", "frameborder", "loading", "referrerpolicy"}
        owner_attributes = {tag: names.split() for tag, names in settings.allow_attributes.items()}  # space-separated
        for tag, names in owner_attributes.items():
            allowed = {n for n in names if not n.lower().startswith("on") and n.lower() not in SCRIPT_ATTRIBUTES}
            attributes.setdefault(tag.lower() if tag != "*" else "*", set()).update(allowed)
        for tag, values in ATTRIBUTE_VALUES.items():  # an attribute limited to values may not be allowed outright
            attributes.get(tag, set()).difference_update(values)
        self.attributes = {tag: frozenset(names) for tag, names in attributes.items()}
        self.schemes = BASE_SCHEMES | {s.lower() for s in settings.allow_url_schemes} - UNSAFE_SCHEMES
        # The owner's URL attributes that ammonia does not check itself: the filter checks them.
        owner_urls = {n.lower() for names in owner_attributes.values() for n in names} & _FILTERED_URL_ATTRIBUTES
        # (Substrings of the lower-cased HTML: a regular expression with IGNORECASE costs as much as nh3.)
        self._filter_triggers = ("data:", _MATERIAL_DATA, "<iframe", *sorted(owner_urls))
        options = {
            "tags": set(self.tags),
            "clean_content_tags": set(CONTENT_REMOVED_TAGS - self.tags),
            "attributes": {tag: set(names) for tag, names in self.attributes.items()},
            "tag_attribute_values": {tag: {a: set(v) for a, v in values.items()} for tag, values in ATTRIBUTE_VALUES.items()},
            "generic_attribute_prefixes": {"data-", "aria-"},
            "filter_style_properties": set(STYLE_PROPERTIES),
            "link_rel": None,  # helpsite adds nothing: the published page is the article, less what is removed
            "strip_comments": True,
        }
        self._clean_fragments: set[str] = set()
        self._plain = nh3.Cleaner(url_schemes=set(self.schemes), **options)  # type: ignore[arg-type]
        # With data: allowed for images only, Material's data-md- attributes kept out, iframe hosts
        # and the owner's URL attributes checked: a Python call per attribute, so only for HTML that needs it.
        self._filtered = nh3.Cleaner(url_schemes={*self.schemes, "data"}, attribute_filter=self._filter, **options)  # type: ignore[arg-type]

    def clean(self, html: str) -> str:
        lowered = html.lower()
        cleaner = self._filtered if any(trigger in lowered for trigger in self._filter_triggers) else self._plain
        return cleaner.clean(html)

    def _filter(self, tag: str, attribute: str, value: str) -> str | None:
        return None if self._refuses(tag, attribute.lower(), value) else value

    def _refuses(self, tag: str, attribute: str, value: str) -> str | None:
        """Why the filter removes an attribute that the allow-list lets through (None: it does not)."""
        if attribute.startswith(_MATERIAL_DATA):
            return "Material's own data-md- attributes"
        if attribute in URL_ATTRIBUTES or attribute == "srcset":
            urls = [part.strip().split()[0] for part in value.split(",") if part.strip()] if attribute == "srcset" else [value]
            for url in urls:
                reason = self.url_refused(url, tag, attribute)
                if reason:
                    return reason
        return None

    def url_refused(self, url: str, tag: str = "a", attribute: str = "href") -> str | None:
        """Why a URL may not be published in this attribute (None: it may)."""
        scheme_match = _SCHEME.match(url)
        scheme = scheme_match.group(1).lower() if scheme_match else ""
        if tag == "iframe" and attribute == "src":
            host = (
                (urlsplit(url.strip()).hostname or "").lower()
                if scheme in ("https", "") and url.strip().startswith(("https:", "//"))
                else ""
            )
            if host not in self.iframe_hosts:
                return (
                    f"host {host or url!r} is not in html.allow_iframe_hosts"
                    if host
                    else "an iframe must load https:// from an allowed host"
                )
            return None
        if not scheme:
            return None
        if scheme == "data":
            return None if tag == "img" and attribute in ("src", "srcset") and url.strip()[5:].lower().startswith("image/") else "data: URL"
        if scheme not in self.schemes:
            return f"scheme {scheme}: is not allowed"
        return None

    def sanitize(self, html: str) -> tuple[str, list[Removal]]:
        """``html`` as published, and what was removed from it. A removed element keeps its text, as
        its finding says, even where ammonia would drop it with its content: an element named as a
        MathML one (``<true/>``, ``<set>``, ``<domain>`` in a plist or a placeholder; a browser shows
        their text) is renamed before nh3 removes it, so that only the tag goes."""
        cleaned = self.clean(html)
        removals = self.compare(html, cleaned)
        dropping = sorted({r.tag for r in removals if r.attribute is None and r.rule is NOT_ALLOWED and _drops_content(r.tag)})
        if dropping:
            pattern = re.compile(r"<(/?)(" + "|".join(map(re.escape, dropping)) + r")(?=[\s/>])", re.IGNORECASE)
            cleaned = self.clean(pattern.sub(r"<\1helpsite-removed-\2", html))
        return cleaned, removals

    # -- what is removed -------------------------------------------------------------------------

    def removals(self, html: str) -> list[Removal]:
        """What sanitizing ``html`` removes (empty for almost every page: then cheap)."""
        return self.compare(html, self.clean(html))

    def fragment_removals(self, html: str) -> list[Removal]:
        """``removals`` of a fragment of an article; the many that repeat (``<br>``, ``</a>``) are known clean."""
        if html in self._clean_fragments:
            return []
        found = self.removals(html)
        if not found and len(self._clean_fragments) < 200_000:
            self._clean_fragments.add(html)
        return found

    def compare(self, html: str, cleaned: str) -> list[Removal]:
        names, (attribute_names, styles) = _signature(html)
        if RENDERER_ATTRIBUTES.intersection(attribute_names):  # removed unreported: no cause for the slow comparison
            attribute_names = [name for name in attribute_names if name not in RENDERER_ATTRIBUTES]
        if self._allows_all(names) and (attribute_names, styles) == _signature(cleaned)[1]:
            return []
        before, after = _StartTags.of(html), _StartTags.of(cleaned)
        kept = _surviving_tags([t.name for t in before], after)
        found: list[Removal] = []
        for index, tag in enumerate(before):
            survivor = kept.get(index)
            if survivor is None:
                if tag.name not in self.tags:  # an allowed tag the HTML parser moved or merged is not a removal
                    rule = SCRIPT_REMOVED if tag.name in SCRIPT_TAGS else NOT_ALLOWED
                    found.append(Removal(rule, tag.name, None, None, tag.line, tag.column))
                continue
            found.extend(self._removed_attributes(tag, dict(survivor.attributes)))
        return found

    def _allows_all(self, names: set[str]) -> bool:
        return names <= self.tags or {name.lower() for name in names} <= self.tags

    def _removed_attributes(self, tag: _Tag, kept: dict[str, str]) -> Iterator[Removal]:
        for name, value in tag.attributes:
            if name in RENDERER_ATTRIBUTES and name not in kept:
                continue
            line, column = _attribute_position(tag, name)
            if name in kept:
                if name == "style":
                    lost = _style_properties(value) - _style_properties(kept[name])
                    if lost:
                        yield Removal(NOT_ALLOWED, tag.name, name, value, line, column, f"style property {', '.join(sorted(lost))}")
                continue
            if name.startswith("on") or name in SCRIPT_ATTRIBUTES:
                yield Removal(SCRIPT_REMOVED, tag.name, name, value, line, column)
            elif self.allows_attribute(tag.name, name) and (name in URL_ATTRIBUTES):
                reason = self.url_refused(value, tag.name, name) or "not a URL that may be published"
                yield Removal(UNSAFE_URL, tag.name, name, value, line, column, reason)
            elif name.startswith(_MATERIAL_DATA):
                yield Removal(NOT_ALLOWED, tag.name, name, value, line, column, "Material's own data-md- attribute")
            else:
                yield Removal(NOT_ALLOWED, tag.name, name, value, line, column)

    def allows_attribute(self, tag: str, name: str) -> bool:
        names = self.attributes.get(tag, frozenset())
        generic = self.attributes.get("*", frozenset())
        lowered = {n.lower() for n in names | generic}
        return name in lowered or name.startswith(("data-", "aria-")) or name in ATTRIBUTE_VALUES.get(tag, {})


@functools.lru_cache(maxsize=256)
def _drops_content(tag: str) -> bool:
    """Whether ammonia removes an element of this name with its text (it does so for MathML's
    names outside <math>, against namespace confusion), asked of nh3 itself rather than listed."""
    return "text" not in nh3.clean(f"<p><{tag}>text</{tag}></p>")


@functools.lru_cache(maxsize=8)
def _cached_policy(key: tuple) -> HtmlPolicy:
    hosts, tags, attributes, schemes, templates = key
    settings = HtmlSettings(list(hosts), list(tags), dict(attributes), list(schemes), list(templates))
    return HtmlPolicy(settings)


def policy_for(settings: HtmlSettings) -> HtmlPolicy:
    """The policy of these settings, made once (nh3's cleaners are built once per policy)."""
    key = (
        tuple(settings.allow_iframe_hosts),
        tuple(settings.allow_tags),
        tuple(sorted(settings.allow_attributes.items())),
        tuple(settings.allow_url_schemes),
        tuple(settings.allow_templates),
    )
    return _cached_policy(key)


# -- the check: raw HTML and Markdown links of an article ----------------------------------------------

_LINK_KINDS = frozenset({"link", "image", "autolink"})
# DocFX syntax that brings text of its own (an include's, a video's link); alerts only re-indent the article's.
_ADDS_TEXT = re.compile(r"\[!(?:INCLUDE|VIDEO)", re.IGNORECASE)


def _fragment_removals(fragment: HtmlFragment, policy: HtmlPolicy) -> Iterator[Removal]:
    """What the sanitizer removes from one fragment, at file positions."""
    for removal in policy.fragment_removals(fragment.text):
        line = fragment.line + removal.line - 1
        column = fragment.column + removal.column - 1 if removal.line == 1 else removal.column
        yield Removal(removal.rule, removal.tag, removal.attribute, removal.value, line, column, removal.detail)


def _link_removal(link: Link, policy: HtmlPolicy) -> Removal | None:
    if link.kind not in _LINK_KINDS:
        return None
    tag, attribute = ("img", "src") if link.kind == "image" else ("a", "href")
    reason = policy.url_refused(link.target, tag, attribute)
    return Removal(UNSAFE_URL, tag, attribute, link.target, link.line, link.column, reason) if reason else None


def _removals_of(fragments: list[HtmlFragment], links: list[Link], policy: HtmlPolicy) -> list[Removal]:
    found = [removal for fragment in fragments for removal in _fragment_removals(fragment, policy)]
    found += [r for r in (_link_removal(link, policy) for link in links) if r is not None]
    return found


def html_removals(article: Article, policy: HtmlPolicy, rendered_markdown: str | None = None) -> list[Removal]:
    """What the sanitizer removes from what the article writes (its raw HTML, its links' URLs), and,
    when ``rendered_markdown`` (the body after the DocFX transform, includes included) differs from
    the body, what that text adds: placed where the article writes it, else where the body starts."""
    found = _removals_of(article.html, article.links, policy)
    if rendered_markdown is None or rendered_markdown == article.body or not _ADDS_TEXT.search(article.body):
        return found
    # Only what the rendering added is judged again: the article's own HTML and links were, above.
    own_fragments, own_links = {f.text for f in article.html}, {link.target for link in article.links}
    fragments, links = html_and_links(rendered_markdown, article.body_line)
    added = _removals_of([f for f in fragments if f.text not in own_fragments], [k for k in links if k.target not in own_links], policy)
    for removal in unreported(added, list(found)):
        line, column = locate(article, removal)
        found.append(Removal(removal.rule, removal.tag, removal.attribute, removal.value, line, column, removal.detail))
    return found


def unreported(removals: list[Removal], reported: list[Removal]) -> list[Removal]:
    """``removals`` less those ``reported`` already has (each reported one stands for one removal)."""
    left = []
    for removal in removals:
        twin = next((i for i, known in enumerate(reported) if removal.same_as(known)), None)
        if twin is None:
            left.append(removal)
        else:
            del reported[twin]
    return left


def locate(article: Article, removal: Removal) -> tuple[int, int]:
    """Where the article writes what a removal is about: its value, else its tag, else its first include;
    else the body's start."""
    body = article.body
    at = body.find(removal.value) if removal.value else -1
    if at < 0:
        match = re.search(rf"<{re.escape(removal.tag)}\b", body, re.IGNORECASE)
        at = match.start() if match else -1
    if at < 0:  # text an include brought: reported where the page includes it
        at = body.upper().find("[!INCLUDE")
    if at < 0:
        return article.body_line, 1
    line_start = body.rfind("\n", 0, at) + 1
    return article.body_line + body.count("\n", 0, at), at - line_start + 1


def reported_by_link_check(removal: Removal, article: Article) -> bool:
    """URL005 already reports the javascript:, vbscript:, file: and data: links the parser sees."""
    if removal.rule is not UNSAFE_URL or removal.value is None:
        return False
    scheme = _SCHEME.match(removal.value)
    if scheme is None or scheme.group(1).lower() not in UNSAFE_SCHEMES:
        return False
    return any(link.target.startswith(removal.value) or removal.value.startswith(link.target) for link in article.links if link.target)


def check_html(article: Article, policy: HtmlPolicy, rendered_markdown: str | None = None) -> list[Finding]:
    return [
        removal.finding(article.display_path, removal.line, removal.column)
        for removal in html_removals(article, policy, rendered_markdown)
        if not reported_by_link_check(removal, article)
    ]
