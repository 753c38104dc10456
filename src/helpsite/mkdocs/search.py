"""The site's own search, one index per locale: each page loads its locale's index, the combined
index of mkdocs-static-i18n is split after the build, and its deduplication is replaced by a
linear one; so is Material's lookup of each heading in the page's table of contents. Material's
indexer reads each page's HTML through a tokenizer of one pass where the HTML is of the plain
kind a sanitizer writes (:class:`TokenizedParser`)."""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import logging
import re
from html import escape, unescape
from pathlib import Path

from material.plugins.search import plugin as material_search
from material.plugins.search.plugin import SearchIndex
from mkdocs.config.defaults import MkDocsConfig

from helpsite.publishing.publish import Publication, split_search_index, write_search_indexes

log = logging.getLogger("mkdocs.plugins.helpsite")


# Material's page configuration: {"base": "../..", ...}; the base locates the search index.
def _toc_entry(index: SearchIndex, toc, anchor: str):
    """Material's ``SearchIndex._find_toc_by_id``, through an index of the page's table of contents
    made once per page: Material walks the whole table for each heading, so a page of 20,000
    headings took minutes to index. Returns the same entry (the first in document order)."""
    known = getattr(index, "_helpsite_toc", None)
    if known is None or known[0] is not toc:
        entries: dict = {}
        pending = list(reversed(list(toc)))
        while pending:
            entry = pending.pop()
            entries.setdefault(entry.id, entry)
            pending.extend(reversed(entry.children))
        known = index._helpsite_toc = (toc, entries)
    return known[1].get(anchor)


if hasattr(SearchIndex, "_find_toc_by_id"):  # Material 9's; a version without it needs no replacing
    SearchIndex._find_toc_by_id = _toc_entry

SEARCH_PLUGINS = ("search", "material/search")  # the names Material's search plugin is enabled by

# -- Material's indexer, in one pass ----------------------------------------------------------
# Material's Parser is an html.parser.HTMLParser, whose tokenizer was more than half of the indexing
# (itself 7% of a full build's CPU): several patterns for each tag and a count of the newlines
# before each token. The HTML the sanitizer writes (every page's body) is of a plain subset: tags
# with double-quoted attribute values or none, end tags and text. Over that subset one pattern
# finds the tokens html.parser finds, and Material's own handlers are called with the values
# html.parser would give them (names lowercased, values and text unescaped), in the same order, so
# the entries are the same. Anything outside it (a comment, a declaration, single-quoted or bare
# values, a "<" that opens no tag, an element whose content html.parser reads raw) gives the page
# to html.parser whole. Whitespace is ASCII's: html.parser's tag names end only there.
_SPACE = "[ \t\n\r\f]"
_NAME = "[a-zA-Z][a-zA-Z0-9-]*"
_TOKEN = re.compile(
    f'<({_NAME})((?:{_SPACE}+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"]*")?)*){_SPACE}*(/?)>'  # a start tag
    f"|</({_NAME}){_SPACE}*>"  # an end tag
    "|([^<]+)"  # text
)
_HELD_BACK = re.compile(r"&[^\s;]*\Z")  # an "&" with no space or ";" after it
_ATTRIBUTE = re.compile('([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:(=)"([^"]*)")?')  # name, "=" or "", value
# Elements whose content html.parser reads as raw text (script and style; textarea, title and
# others in later Pythons): a page with one goes to html.parser.
_RAW_CONTENT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"})


class TokenizedParser(material_search.Parser):
    """Material's Parser, fed a page's HTML in one pass where the HTML allows (see above)."""

    def feed(self, data: str) -> None:
        # html.parser's reading: its first feed of text, character references converted (Material's)
        first = not self.rawdata and not getattr(self, "_helpsite_fed", False) and self.convert_charrefs and isinstance(data, str)
        self._helpsite_fed = True
        tokens = _plain_tokens(data) if first else None
        if tokens is None:
            super().feed(data)
        elif _handlers_known():
            _handle_as_material(self, tokens)
        else:
            self._handle(tokens)

    def _handle(self, tokens: list[tuple[str, ...]]) -> None:
        start, end, text = self.handle_starttag, self.handle_endtag, self.handle_data
        for name, attributes, closing, end_name, data_text in tokens:
            if data_text:
                text(unescape(data_text))
            elif end_name:
                end(end_name.lower())
            else:
                tag = name.lower()
                start(tag, _attributes(attributes))
                if closing:  # <br/>: html.parser's handle_startendtag, a start and an end
                    end(tag)


def _attributes(text: str) -> list[tuple[str, str | None]]:
    """html.parser's values: None without "=", else unescaped ("" as it is)."""
    if not text:
        return []
    return [(key.lower(), (unescape(value) if value else value) if equals else None) for key, equals, value in _ATTRIBUTE.findall(text)]


# Material's handlers, as one loop over the tokens: called for each token, they were two thirds of
# the indexing left (Material's Element compares and hashes as its tag, in Python, in each set and
# list test). The loop does what they do, step for step, for the Parser whose source digest is
# _KNOWN_PARSER (Material 9.8.2's, held to it by tests/unit/test_search_tokens.py); another
# Material's Parser is fed through its own handlers. Elements equal their tags, so Material's skip
# set (of tags and elements) is a set of tags here, and its tests of the open elements
# (``tag in self.context``, its skip set's intersection with them) are counts of the open tags.
_KNOWN_PARSER = "260edf2b08d05e05db8b818c"
_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))


def _parser_digest() -> str:
    """A digest of Material's Parser: its classes' source and its tag sets."""
    parser = TokenizedParser.__bases__[0]
    try:
        source = "".join(inspect.getsource(item) for item in (parser, material_search.Element, material_search.Section))
    except (OSError, TypeError):  # no source: not the Parser known
        return ""
    made = parser()
    known = (sorted(material_search.void), sorted(made.keep), sorted(made.skip))
    return hashlib.blake2b(f"{source}\0{known}".encode(), digest_size=12).hexdigest()


@functools.cache
def _handlers_known() -> bool:
    """Whether Material's Parser is the one the loop does the work of (asked once, by the first page indexed)."""
    return _parser_digest() == _KNOWN_PARSER


def _handle_as_material(parser: TokenizedParser, tokens: list[tuple[str, ...]]) -> None:
    """What Material's handlers do with the tokens (see above), to the state of a parser fed
    nothing before (its state is left as the handlers leave it, for a next feed)."""
    Element, Section = material_search.Element, material_search.Section
    void, keep = material_search.void, parser.keep
    skip = {str(item) for item in parser.skip}  # Material's skip set as tags (an Element's str is its tag)
    context: list = parser.context  # the open elements: none yet
    open_tags: dict[str, int] = {}  # how many of each tag are open
    headerlinks = 0  # open <a class="headerlink">
    section = parser.section
    data: list = parser.data

    skipped = 0  # open elements whose tag is in skip: Material's skip.intersection(self.context), counted
    for name, attributes, closing, end_name, data_text in tokens:
        if data_text:
            if skipped:
                continue
            text = unescape(data_text)
            if not open_tags.get("pre"):
                text = text.replace("\n", " ") if not text.isspace() else " "
            if section is None:
                section = Section(Element("hx"))
                data.append(section)
            if open_tags.get(section.el.tag):
                if not headerlinks:
                    section.title.append(escape(text, quote=False))
            elif text.isspace():
                if not section.text or not section.text[-1].isspace() or open_tags.get("pre"):
                    section.text.append(text)
            else:
                section.text.append(escape(text, quote=False))
            continue
        if end_name:
            ends: tuple[str, ...] = (end_name.lower(),)
        else:
            tag = name.lower()
            attrs = dict(_attributes(attributes))
            ends = (tag,) if closing else ()
            if tag not in void:
                el = Element(tag, attrs)
                context.append(el)
                open_tags[tag] = open_tags.get(tag, 0) + 1
                if tag in skip:
                    skipped += 1
                if tag == "a" and attrs.get("class") == "headerlink":
                    headerlinks += 1
                if tag in _HEADINGS and "id" in attrs:
                    depth = len(context)
                    if tag != "h1" and not data:
                        section = Section(Element("hx"), depth)
                        data.append(section)
                    section = Section(el, depth)
                    if data:
                        section.id = attrs["id"]
                    data.append(section)
                if section is None:
                    section = Section(Element("hx"))
                    data.append(section)
                excluded = False
                for key, value in attrs.items():
                    if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                        if tag not in skip:
                            skip.add(tag)
                            skipped += open_tags[tag]
                        excluded = True
                        break
                if not excluded and not skipped and tag in keep:
                    (section.title if open_tags.get(section.el.tag) else section.text).append(f"<{tag}>")
        for tag in ends:
            if not context or context[-1].tag != tag:
                continue
            if section.depth > len(context):
                for earlier in reversed(data):
                    if earlier.depth <= len(context):
                        section.depth = float("inf")
                        section = earlier
                        break
            el = context.pop()
            open_tags[el.tag] -= 1
            if el.tag == "a" and el.attrs.get("class") == "headerlink":
                headerlinks -= 1
            if el.tag in skip:
                skipped -= 1
                if el.tag not in ("script", "style", "object"):
                    skip.remove(el.tag)
                    skipped -= open_tags[el.tag]
                continue
            if not skipped and tag in keep:
                held = section.title if open_tags.get(section.el.tag) else section.text
                index = held.index(f"<{tag}>")
                for i in range(index + 1, len(held)):
                    if not held[i].isspace():
                        index = len(held)
                        break
                if len(held) > index:
                    del held[index:]
                else:
                    held.append(f"</{tag}>")
    parser.section = section
    parser.skip = skip  # tags: Material's elements equal theirs


def _plain_tokens(html: str) -> list[tuple[str, ...]] | None:
    """The tokens of ``html`` when the whole of it is of the plain subset; else None."""
    tokens = []
    at = 0
    for match in _TOKEN.finditer(html):
        if match.start() != at:
            return None  # a character no token begins with: a "<" that opens no plain tag
        at = match.end()
        token = match.groups()
        if token[0] and token[0].lower() in _RAW_CONTENT:
            return None
        tokens.append(token)
    if at != len(html):
        return None
    if tokens and tokens[-1][4] and _HELD_BACK.search(html, max(len(html) - len(tokens[-1][4]), len(html) - 34)):
        return None  # html.parser holds back a text ending in what may be half a character reference, for the next feed
    return tokens


if material_search.Parser.__module__ == material_search.__name__:  # Material's own, once
    material_search.Parser = TokenizedParser

_BASE = re.compile(r'(<script id="__config" type="application/json">\s*\{.*?"base":\s*")([^"]*)"', re.S)


def point_at_locale_index(body: str, locale: str, publication: Publication) -> str:
    """A translated page loads its own locale's search index: <locale root>/search/search_index.json.
    Material resolves that path against the base as a URL, so the base must end in "/"."""
    if locale == publication.source:
        return body
    config_at = max(body.rfind('<script id="__config"'), 0)
    return body[:config_at] + _BASE.sub(lambda m: f'{m.group(1)}{m.group(2).rstrip("/")}/{locale}/"', body[config_at:], count=1)


def newest_entries(entries: list[dict]) -> list[dict]:
    """The search entries with the newest of each page's, in linear time.

    mkdocs-static-i18n compares every entry with every other to drop the source locale's pages from
    translations' results; helpsite splits the index per locale instead (:func:`split_index`).
    Under `mkdocs serve --dirty` a rebuild indexes only the pages it rendered, so the entries of
    every other page are kept from earlier builds.
    """
    by_page: dict[str, list[dict]] = {}
    for entry in entries:
        page, _, anchor = entry["location"].partition("#")
        if not anchor:
            by_page[page] = []  # a page's own entry comes first and starts its newest set
        by_page.setdefault(page, []).append(entry)
    return [entry for page_entries in by_page.values() for entry in page_entries]


def write_search_plugins_index(config: MkDocsConfig, entries: list[dict]) -> None:
    """Give the search plugin the whole site's entries and have it write the combined index."""
    for name, plugin in config.plugins.items():
        if name in SEARCH_PLUGINS and hasattr(plugin, "search_index"):
            index_entries = getattr(plugin.search_index, "_entries", None)
            if index_entries is None:
                index_entries = plugin.search_index.entries
            index_entries[:] = entries
            plugin.on_post_build(config=config)


def combined_index(config: MkDocsConfig, entries: list[dict]) -> dict | None:
    """The index Material's search plugin would write for the whole site's ``entries``, not written:
    a production build splits it per locale at once (:func:`split_index`), where writing the
    combined JSON and reading it back cost 17 ms per 1,000 pages (a tenth of a second of an edit's
    six-second build at 6,000 pages). None when no Material search plugin is enabled (MkDocs's
    own, or a future Material's: the plugin then writes the index, and :func:`split_index` reads
    it back)."""
    for name, plugin in config.plugins.items():
        index = getattr(plugin, "search_index", None)
        if name not in SEARCH_PLUGINS or not isinstance(index, SearchIndex):
            continue
        if not plugin.config.get("enabled", True):
            return None
        held, index.entries = index.entries, []
        try:  # the index's configuration (language, separator, pipeline, fields) as Material writes it
            combined = json.loads(index.generate_search_index(None))
        finally:
            index.entries = held
        if set(combined) != {"config", "docs"} or combined["docs"]:
            return None  # a Material whose index holds more than this knows of
        return {"config": combined["config"], "docs": entries}
    return None


def take_over_index_writing(config: MkDocsConfig) -> bool:
    """In a production build whose index helpsite writes per locale (:func:`combined_index` knows the
    search plugin), take the plugin's own on_post_build out of the build's events: it wrote each
    language build's index (5 MB of JSON each at 2,000 pages a locale, 70 ms of an edit's build),
    which the locale's own index then replaced. Whether it was taken out is returned."""
    events = getattr(config.plugins, "events", {}).get("post_build")
    if not isinstance(events, list) or combined_index(config, []) is None:
        return False
    plugins = [plugin for name, plugin in config.plugins.items() if name in SEARCH_PLUGINS]
    events[:] = [method for method in events if getattr(method, "__self__", None) not in plugins]
    return True


def split_index(site_root: Path, publication: Publication, unsearchable: set[str], here: list[str], combined: dict | None = None) -> None:
    """The ``combined`` index (else the one the search plugin wrote) as one index per locale
    written here, without the ``unsearchable`` pages."""
    if combined is None:
        combined_path = site_root / "search" / "search_index.json"
        if not combined_path.exists():
            return
        combined = json.loads(combined_path.read_text(encoding="utf-8"))
    indexes = {code: index for code, index in split_search_index(combined, publication, unsearchable).items() if code in here}
    sizes = write_search_indexes(site_root, indexes, publication)
    log.info("helpsite: search index per locale: " + ", ".join(f"{code} {size / 1024:.0f} KiB" for code, size in sizes.items()))
