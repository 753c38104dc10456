"""DocFX-flavoured Markdown, as Microsoft Learn renders it, turned into what MkDocs renders.

What a Learn reader sees is what a helpsite reader must see, and nothing more:

- ``> [!NOTE]`` (TIP, IMPORTANT, WARNING, CAUTION; any letter case, as DocFX) becomes an
  admonition titled in the page's language. A keyword that machine translation damaged
  (``>[! BEMÆRK!]``, ``> [!NOTA]``, ``[!NOTE]`` without ``>``) is a finding with the fix, and
  still an admonition of the closest kind.
- ``[!VIDEO url]`` becomes a link (no third-party player), for http(s) URLs only.
- ``[!INCLUDE [title](path)]`` is replaced by the file's body: the path resolves like a link and
  the file must really be inside docs/ (symbolic links included); relative links in the included
  text are rebased onto the including page; an include that includes itself, directly or not, is
  a finding, not a loop.
- ``[!div class="..."]`` quotes: ``nextstepaction`` and ``button`` make their links buttons,
  ``checklist`` a list with check marks, ``op_single_selector`` a row of links, ``mx-imgBorder``
  a bordered image; any other class shows its content without the marker.
- ``:::image ...:::`` becomes an image, inside a line or a table cell too (``type="icon"``,
  ``lightbox``, ``border``; ``type="complex"`` keeps its long description for screen readers).
- ``:::zone pivot="..."`` and ``::: moniker range="..."`` become content tabs, the default first;
  with the ``docfx.moniker`` setting only the matching moniker's text is kept. DocFX tabs
  (``# [Label](#tab/id)`` ... ``---``) become content tabs.
- ``:::row:::`` / ``:::column:::`` become a responsive grid.
- A trailing ``\\`` is a line break (Markdig's, which Python-Markdown lacks).
- Links to DocFX's YAML pages (``index.yml``) lead to the pages the build makes of them.
- Any other ``:::`` directive is a finding, reported once per block; its inner text is kept
  (``:::no-loc text="x":::`` shows ``x``), never the raw markers.

Fenced code, inline code and HTML comments are left alone. The build uses the Markdown; the
checks use the findings. ``raw_docfx_text`` finds what still slipped through in rendered HTML.
"""

from __future__ import annotations

import html as html_module
import posixpath
import re
import textwrap
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path

from helpsite.content.config import Settings
from helpsite.content.links import SiteLayout, classify
from helpsite.content.parse import DEFAULT_MAX_FILE_BYTES, decode, load_mapping, scan_body, split_front_matter
from helpsite.content.parse import TAB_HEADING as _TAB_HEADING
from helpsite.content.safefile import FileTooLarge, RefusedFile, open_docs_file
from helpsite.model import Finding, Rule, RuleSet, Severity

RULESET = RuleSet()
_DEFAULTS = Settings()

DOCFX_UNKNOWN = RULESET.rule(
    "DFX001",
    "docfx-unknown-block",
    Severity.ERROR,
    "A DocFX ``:::`` directive helpsite does not know, or one left open",
    """
    helpsite renders ``:::image``, ``:::zone``, ``::: moniker``, ``:::row``/``:::column`` and
    ``:::no-loc`` as Microsoft Learn does. Any other directive (``:::code``, ``:::form``...) is
    reported once per block: a block with an end marker keeps its inner text (the markers go),
    ``:::code source=...:::`` cannot be fetched and shows a note instead, anything else is left
    out. A ``:::zone``, ``moniker`` or ``row`` without its end marker, and an end marker without
    its start, are reported too. Rewrite the block as Markdown, or close it.""",
)
DOCFX_INCLUDE_CYCLE = RULESET.rule(
    "DFX002",
    "docfx-include-cycle",
    Severity.ERROR,
    "An include includes itself, directly or through others",
    """
    ``[!INCLUDE [title](path)]`` is replaced by the file's text; when that text includes the page
    again (or an include further down does), the chain never ends. The include that closes the
    cycle is left out and the finding shows the chain.""",
)
DOCFX_IMAGE = RULESET.rule(
    "DFX003",
    "docfx-image-source",
    Severity.ERROR,
    "A ``:::image`` without a source, or not closed with ``:::``",
    """
    ``:::image type="content" source="media/x.png" alt-text="...":::`` needs ``source``; without it
    there is no picture to show, so the block is left out of the page. One whose closing ``:::``
    is missing shows raw on Microsoft Learn; helpsite shows the image and reports it.""",
)
DOCFX_INCLUDE_REFUSED = RULESET.rule(
    "DFX004",
    "docfx-include-refused",
    Severity.ERROR,
    "An include that resolves outside docs/ or cannot be read",
    """
    The include's path stays inside docs/ as written, but the file is a symbolic link that leads
    out of docs/, is not a regular file (a folder, a named pipe, a device, a loop of links), or is
    larger than the article size limit. Nothing is read from it. (A missing include, or one whose path leaves docs/, is reported as a link:
    LNK001 or LNK005.)""",
)
DOCFX_ALERT = RULESET.rule(
    "DFX005",
    "docfx-alert-keyword",
    Severity.WARNING,
    "An alert whose keyword is damaged: translated, spaced, or without its ``>``",
    """
    DocFX knows ``> [!NOTE]``, ``> [!TIP]``, ``> [!IMPORTANT]``, ``> [!WARNING]`` and
    ``> [!CAUTION]`` (in any letter case). Machine translation often translates the keyword
    (``> [!NOTA]``), pads it (``>[! BEMÆRK!]``) or drops the quote's ``>``; Microsoft Learn then
    shows the brackets as text. helpsite shows an alert of the closest kind (a generic note when
    the word is unknown) and the fix is the line as DocFX expects it.""",
)
DOCFX_RAW = RULESET.rule(
    "DFX006",
    "docfx-raw-text",
    Severity.ERROR,
    "Raw DocFX syntax reached a built page",
    """
    After rendering, the page's text (outside code) still holds ``:::``, ``[!``, ``[!div`` or
    ``[!INCLUDE``: syntax that neither helpsite nor Markdown understood, shown to readers as is.
    Reported by the build and by ``helpsite check --site``, at the source line where it is found.""",
)
DOCFX_VIDEO = RULESET.rule(
    "DFX007",
    "docfx-video-url",
    Severity.ERROR,
    "A ``[!VIDEO]`` whose URL is not http(s)",
    """
    ``[!VIDEO https://...]`` becomes a link to the video. Any other scheme (``javascript:``,
    ``file:``, a relative path) is never made a link; the page shows the link's title only.""",
)

DOCFX_INCLUDES_TOO_LARGE = RULESET.rule(
    "DFX008",
    "docfx-includes-too-large",
    Severity.ERROR,
    "Includes expand the page beyond the configured size",
    """
    Every ``[!INCLUDE]`` is replaced by its file's text, and includes may include others: ten
    includes of a file that includes another ten times, five levels down, are 100,000 copies of a
    few bytes. Once the files a page includes add up to more than ``max_include_bytes`` (1 MiB by
    default; each inclusion counts its file's size, and at least 64 bytes) nothing more is
    included, and the page is not published.""",
)
DOCFX_TOO_DEEP = RULESET.rule(
    "DFX009",
    "docfx-nested-too-deep",
    Severity.ERROR,
    "Includes or DocFX blocks nest deeper than the configured limit",
    """
    An include that includes another, and so on, more than ``max_include_depth`` (10) levels
    down, or DocFX blocks (alerts, ``:::zone``, ``:::row``...) and includes nested more than
    ``max_nesting_depth`` (32) levels, are not expanded further: each level is a level of
    recursion when the page is rendered. The page is not published.""",
)

ALERTS = {"NOTE": "note", "TIP": "tip", "IMPORTANT": "info", "WARNING": "warning", "CAUTION": "danger"}
_TITLE_KEYS = {kind: kind.lower() for kind in ALERTS}  # the locale strings docfx_note ... name them
# Admonition and link titles when no locale file has them: DocFX's own English words.
DEFAULT_TITLES = {
    "note": "Note",
    "tip": "Tip",
    "important": "Important",
    "warning": "Warning",
    "caution": "Caution",
    "video": "Watch the video",
    "code": "Code sample not included",
}
# Alert keywords as machine translation leaves them in Microsoft's localized repositories: the
# alert they stand for. The locale files' own titles (docfx_note ...) are recognised too.
TRANSLATED_ALERTS = {
    "note": "NOTA NOTE HINWEIS ANMERKUNG REMARQUE BEMÆRK BEMERK BEMERKNING OBS ANM NOTERA HUOMAUTUS OPMERKING UWAGA POZNÁMKA "
    "MEGJEGYZÉS NOT ПРИМЕЧАНИЕ ЗАМЕТКА ПРИМІТКА ملاحظة הערה 注意 注 메모 참고 GHI CHÚ CATATAN หมายเหตุ",
    "tip": "TIPP TIPS CONSEJO SUGERENCIA ASTUCE CONSEIL CONSELHO DICA SUGGERIMENTO VIHJE WSKAZÓWKA PORADA TIPY İPUCU СОВЕТ ПОРАДА "
    "تلميح עצה ヒント 提示 팁 MẸO",
    "important": "WICHTIG IMPORTANTE BELANGRIJK VIGTIGT VIKTIG VIKTIGT TÄRKEÄÄ TÄRKEÄ WAŻNE DŮLEŽITÉ FONTOS ÖNEMLİ ВАЖНО ВАЖЛИВО هام مهم "
    "חשוב 重要 중요 QUAN TRỌNG PENTING สำคัญ",
    "warning": "WARNUNG ADVERTENCIA AVERTISSEMENT AVVISO AVISO AVVERTENZA WAARSCHUWING ADVARSEL VARNING VAROITUS OSTRZEŻENIE "
    "UPOZORNĚNÍ VAROVÁNÍ FIGYELMEZTETÉS UYARI ПРЕДУПРЕЖДЕНИЕ ПОПЕРЕДЖЕННЯ تحذير אזהרה 警告 경고 CẢNH BÁO PERINGATAN คำเตือน",
    "caution": "ACHTUNG VORSICHT PRECAUCIÓN ATTENTION ATTENZIONE CUIDADO PRECAUÇÃO LET OP VOORZICHTIG FORSIGTIG FORSIKTIG HUOMIO "
    "PRZESTROGA VÝSTRAHA DİKKAT ВНИМАНИЕ ОБЕРЕЖНО تنبيه تحذير_ זהירות 注意事項 주의 THẬN TRỌNG PERHATIAN ข้อควรระวัง",
}
# Markdown extensions the transform's output needs (added by the build when a site lacks them).
MARKDOWN_EXTENSIONS: dict[str, dict] = {
    "admonition": {},
    "attr_list": {},
    "md_in_html": {},
    "pymdownx.superfences": {},
    "pymdownx.tabbed": {"alternate_style": True},
    "helpsite.content.escapes": {},  # a backslash escapes what it escapes in CommonMark (Markdig): \<tenantname>
}

# Patterns here are written to run in time linear in the line (possessive runs, no lazy group before
# an optional tail): a line of a writer's or an attacker's making may be megabytes long. The keyword
# is what lies between "[!" and the first "]", without the spaces around it.
_QUOTED_BRACKET = re.compile(r"^(\s*)>\s?\[!\s*+((?:[^\]\[\s]++|\s++(?=[^\]\[\s]))*+)\s*+\](.*)$")
_BARE_ALERT = re.compile(r"^(\s*)\[!\s*([^\W\d_][^\]\[]{0,30}?)\s*\]\s*(.*)$")
_VIDEO = re.compile(r"^(\s*)(?:>\s?)?\[!VIDEO\s+(\S+?)\s*\]\s*$", re.IGNORECASE)
_NEXT_MARKER = re.compile(r"^\s*\[!\s*(?:div\s|(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\s*\])", re.IGNORECASE)
_DIV = re.compile(r"""^\s*div\s+class\s*=\s*["']([^"']*)["']\s*$""", re.IGNORECASE)
# A title may hold "[" but not another include, so a line of "[!INCLUDE [" costs its length, not its square.
_INCLUDE = re.compile(r"\[!INCLUDE\s*\[((?:[^\]\[]|\[(?!!INCLUDE))*+)\]\(\s*<?([^)>\s]+)>?\s*\)\s*\]", re.IGNORECASE)
# Any indentation: fences in list items are indented as deep as the item (Markdig and superfences agree).
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# A directive opening a line: ":::name attrs:::" or "::: name attrs" (monikers are written so).
# The attributes run up to a closing ":::" and the spaces that end the line (the lazy (.*?)(:::)?\s*$
# it replaces tried the end at every character of a run of spaces).
_DIRECTIVE = re.compile(r"^(\s*):::\s*([A-Za-z][\w-]*)((?:[^\s:]++|:(?!::\s*+$)|\s++(?!$))*+)(:::)?\s*$")
_INLINE_DIRECTIVE = re.compile(r":::\s*(image|no-loc)\b(.*?):{3,}", re.IGNORECASE)
_PIVOTS = re.compile(r'^\s*:::\s*zone\b[^\n]*?\bpivot\s*=\s*"([^"]*)"', re.MULTILINE | re.IGNORECASE)
_ATTRIBUTE = re.compile(r'([\w-]+)\s*=\s*"([^"]*)"')
_HEADING = re.compile(r"^(#{1,6})[ \t]")
_LIST_ITEM = re.compile(r"([-*+]|\d+[.)])\s")
_RULE_LINE = re.compile(r"^ {0,3}-{3,}\s*$")
_BLOCK_START = re.compile(r"^\s*(?:[#>|]|[-*+]\s|\d+[.)]\s|`{3}|~{3}|:::|<)")
# A comment ends at the first "-->" before another "<!--": "<!--.*?-->" looked for its end from every
# "<!--" of a line that has none.
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1|<!--(?:(?!<!--).)*?-->")
_LINK_TARGET = re.compile(r"(\]\(\s*<?)([^)\s>]+)")
# Relative targets in included text: ](x), src="x", source="x" (not URLs, not #fragments, not /rooted).
_RELATIVE_TARGET = re.compile(r'(\]\(\s*<?|\b(?:src|source)\s*=\s*")(?![a-zA-Z][\w+.-]*:|#|/)([^)\s">]+)')
_SPECIAL = re.compile(r"\[!|:::|#tab/|```|~~~|<!--|\.yml|\\$")
_RAW = re.compile(r":::|\[!\s*[^\W\d_]")
_WEB_URL = re.compile(r"https?://[^\s<>\"']+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Included:
    text: str  # the body, front matter removed
    locale: str
    relpath: str  # of the included file, within its locale folder
    size: int = 0  # of the file, in bytes


@dataclass(frozen=True, slots=True)
class Limits:
    """How far a page's DocFX may make the transform go (the settings of the same names)."""

    max_nesting_depth: int = _DEFAULTS.max_nesting_depth
    max_include_depth: int = _DEFAULTS.max_include_depth
    max_include_bytes: int = _DEFAULTS.max_include_bytes

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(settings.max_nesting_depth, settings.max_include_depth, settings.max_include_bytes)


# An inclusion counts at least this many bytes towards max_include_bytes, so that a tree of empty files is bounded too.
MIN_INCLUSION_BYTES = 64


@dataclass(slots=True)
class _Expansion:
    """What one page's transform has spent, shared with the transforms of the files it includes."""

    limits: Limits
    depth: int = 0  # blocks and includes open around the current line
    included_bytes: int = 0
    reads: dict[tuple[str, str, str], Included | str | None] = field(default_factory=dict)
    reported: set[str] = field(default_factory=set)  # codes of the limits already reported
    ends: dict[int, tuple[list[str], _Ends]] = field(default_factory=dict)  # _find_end's, by list of lines


# (path as written, locale, relpath of the including file) -> the file, or None when the link
# checks already report it (missing, or the path leaves docs/), or a reason it was refused.
IncludeReader = Callable[[str, str, str], "Included | str | None"]


@dataclass(slots=True)
class Transformed:
    markdown: str
    findings: list[Finding] = field(default_factory=list)


def uses_docfx(body: str) -> bool:
    """A cheap test that lets the many pages without DocFX syntax skip the transform."""
    return "[!" in body or ":::" in body or "#tab/" in body or "\\\n" in body or ".yml" in body


def docs_include_reader(docs_root: Path, layout: SiteLayout, max_bytes: int, observe: Callable[[str], None] | None = None) -> IncludeReader:
    """Reads includes from ``docs_root``: only regular files inside it, of at most ``max_bytes``
    (content.safefile). ``observe`` is told the docs path of every include asked for, found or not."""

    def read(written: str, locale: str, relpath: str) -> Included | str | None:
        target = classify(written, locale, relpath, layout)
        if target.kind != "internal" or target.docs_path is None:
            return None
        if observe is not None:
            observe(target.docs_path)
        try:
            data = open_docs_file(docs_root / target.docs_path, docs_root, max_bytes)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except RefusedFile as exc:
            return f"'{written}' is {exc.reason}" if exc.outside else f"'{written}' is not a file: {exc.reason}"
        except FileTooLarge:
            return f"'{written}' is larger than {max_bytes} bytes"
        except IsADirectoryError:
            return f"'{written}' is not a file (a folder)"
        except OSError as exc:
            return f"'{written}' cannot be read: {exc.strerror or exc}"
        body = split_front_matter(decode(data, "")[0])[1]
        included_locale, _, included_relpath = target.docs_path.partition("/")
        return Included(body, included_locale, included_relpath, len(data))

    return read


def transform(
    body: str,
    *,
    display_path: str,
    first_line: int,
    locale: str,
    relpath: str,
    titles: Callable[[str], str],
    read_include: IncludeReader | None = None,
    moniker: str = "",
    yaml_pages: Collection[str] = (),
    pivot_group: Sequence[tuple[str, str]] = (),
    limits: Limits | None = None,
    _stack: tuple[str, ...] = (),
    _expansion: _Expansion | None = None,
) -> Transformed:
    """``titles(key)`` names the admonitions (note, tip, important, warning, caution), video links and
    the note left for a code sample. ``moniker`` (the ``docfx.moniker`` setting) keeps only the
    matching ``::: moniker`` blocks. ``yaml_pages`` are the docs paths of the YAML pages the build
    publishes (``nl/index.yml``): links to them are rewritten to the pages made of them.
    ``pivot_group`` is the article's ``zone_pivot_groups`` group as the site defines it (pivot id,
    title), in its order; without it, zone tabs are the article's pivots as first written, by id.
    ``limits`` bound nesting and includes (DFX008, DFX009): past one, the text is left as it is."""
    expansion = _expansion or _Expansion(limits or Limits())
    state = _Transformer(
        display_path,
        locale,
        relpath,
        titles,
        read_include,
        moniker,
        frozenset(yaml_pages),
        _stack or (f"{locale}/{relpath}",),
        expansion,
    )
    state.pivot_group = tuple(pivot_group)
    if ":::" in body:
        written = (p.strip() for value in _PIVOTS.findall(body) for p in value.split(",") if p.strip())
        state.pivots = list(dict.fromkeys([*(ident for ident, _ in pivot_group), *written]))
    lines = state.block(body.split("\n"), first_line)
    return Transformed("\n".join(lines), state.findings)


@dataclass(slots=True)
class _Transformer:
    shown: str
    locale: str
    relpath: str
    titles: Callable[[str], str]
    read_include: IncludeReader | None
    moniker: str
    yaml_pages: frozenset[str]
    stack: tuple[str, ...]
    expansion: _Expansion
    findings: list[Finding] = field(default_factory=list)
    # Every zone pivot of the article, the first written first: each set of zone tabs offers them all,
    # so that choosing one (Material links tabs of the same label) never leaves another's text showing.
    pivots: list[str] = field(default_factory=list)
    pivot_group: tuple[tuple[str, str], ...] = ()

    # --- the walk over lines ---------------------------------------------------------------

    def block(self, lines: list[str], first: int) -> list[str]:
        """Transform a run of lines (the page, or the inside of a block); ``first`` is the file line of lines[0]."""
        expansion = self.expansion
        if expansion.depth >= expansion.limits.max_nesting_depth:
            limit = expansion.limits.max_nesting_depth
            self._over_limit(
                DOCFX_TOO_DEEP, first, f"DocFX blocks and includes nest more than {limit} deep (max_nesting_depth); left as written"
            )
            return lines
        expansion.depth += 1
        try:
            return self._block(lines, first)
        finally:
            expansion.depth -= 1

    def _over_limit(self, rule: Rule, number: int, message: str) -> None:
        """A limit's finding, once a page (the first place it is reached)."""
        if rule.code not in self.expansion.reported:
            self.expansion.reported.add(rule.code)
            self.findings.append(rule.finding(self.shown, number, 1, message))

    def _block(self, lines: list[str], first: int) -> list[str]:
        out: list[str] = []
        fence: str | None = None
        in_comment = False
        previous_blank = True
        indented_code = False
        index = 0
        while index < len(lines):
            line = lines[index]
            number = first + index
            if fence is not None:
                closing = _FENCE.match(line)
                if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence):
                    fence = None
                out.append(line)
                index += 1
                continue
            if in_comment:
                in_comment = "-->" not in line
                out.append(line)
                index += 1
                continue
            if not line.startswith((" ", "\t")) and not _SPECIAL.search(line):
                out.append(line)  # most lines: nothing DocFX, no indentation to judge
                previous_blank, indented_code = not line.strip(), False
                index += 1
                continue
            opening = _FENCE.match(line) if ("```" in line or "~~~" in line) else None
            if opening:
                fence = opening.group(1)
                out.append(line)
                index += 1
                previous_blank = False
                continue
            blank = not line.strip()
            indent = len(line) - len(line.lstrip(" "))
            indented_code = not blank and indent >= 4 and (previous_blank or indented_code) and not _in_list(out)
            if indented_code:
                out.append(line)
                index += 1
                previous_blank = False
                continue
            if line.lstrip().startswith("<!--") and "-->" not in line:
                in_comment = True
                out.append(line)
                index += 1
                continue
            consumed = self._block_construct(lines, index, first, out) if ("[!" in line or ":::" in line or "#tab/" in line) else 0
            if consumed:
                index = consumed
                previous_blank = True
                continue
            out.append(self._inline(line, number, lines[index + 1] if index + 1 < len(lines) else ""))
            previous_blank = blank
            index += 1
        return out

    def _block_construct(self, lines: list[str], index: int, first: int, out: list[str]) -> int:
        """Handle a construct starting at lines[index]; returns the index after it, or 0 when none starts here."""
        line = lines[index]
        number = first + index
        if "[!" in line:
            video = _VIDEO.match(line)
            if video:
                out.append(self._video(video.group(1), video.group(2), number, line.upper().index("[!VIDEO") + 1))
                return index + 1
            quoted = _QUOTED_BRACKET.match(line)
            if quoted and not quoted.group(2).upper().startswith(("INCLUDE", "VIDEO")) and not quoted.group(3).startswith("("):
                return self._quoted(lines, index, first, quoted, out)
            bare = _BARE_ALERT.match(line)
            if bare and not bare.group(3).startswith("(") and _alert_kind(bare.group(2), self.titles, strict=False):
                return self._bare_alert(lines, index, first, bare, out)
        if ":::" in line:
            directive = _DIRECTIVE.match(line)
            if directive and _is_block(directive, line):
                return self._directive(lines, index, first, directive, out)
        if "#tab/" in line and _TAB_HEADING.match(line):
            return self._tabs(lines, index, first, out)
        return 0

    # --- alerts, videos, divs ----------------------------------------------------------------

    def _quoted(self, lines: list[str], index: int, first: int, match: re.Match, out: list[str]) -> int:
        indent, word, rest = match.group(1), match.group(2), match.group(3).strip()
        quote = re.compile(rf"^{re.escape(indent)}>\s?")
        content = [rest] if rest else []
        end = index + 1
        while end < len(lines) and quote.match(lines[end]):
            inner = quote.sub("", lines[end], count=1)
            if _NEXT_MARKER.match(inner):
                break  # "> [!div ...]" again: a block of its own (Learn lists two next-step buttons so)
            content.append(inner)
            end += 1
        inner_first = first + index + (0 if rest else 1)
        number = first + index
        div = _DIV.match(word)
        if div:
            out.extend(self._div(div.group(1).strip(), content, inner_first, indent))
            return end
        kind = _alert_kind(word, self.titles, strict=True)
        if kind is None:
            guessed = _alert_kind(word, self.titles, strict=False) or "NOTE"
            fixed = f"{indent}> [!{guessed}]" + (f" {rest}" if rest else "")
            self.findings.append(
                DOCFX_ALERT.finding(
                    self.shown,
                    number,
                    lines[index].index("[") + 1,
                    f"alert keyword '[!{word}]' is not DocFX's; shown as {guessed}",
                    fix=fixed,
                )
            )
            kind = guessed
        elif not re.match(rf"^{re.escape(indent)}>\s?\[!{re.escape(word)}\]", lines[index]):
            fixed = f"{indent}> [!{kind}]" + (f" {rest}" if rest else "")
            self.findings.append(
                DOCFX_ALERT.finding(self.shown, number, lines[index].index("[") + 1, f"alert keyword '[!{word}]' is padded", fix=fixed)
            )
        out.extend(self._admonition(kind, content, inner_first, indent))
        return end

    def _bare_alert(self, lines: list[str], index: int, first: int, match: re.Match, out: list[str]) -> int:
        indent, word, rest = match.group(1), match.group(2), match.group(3).strip()
        kind = _alert_kind(word, self.titles, strict=False) or "NOTE"
        content = [rest] if rest else []
        end = index + 1
        while end < len(lines) and lines[end].strip() and not _BLOCK_START.match(lines[end]):
            content.append(lines[end][len(indent) :] if lines[end].startswith(indent) else lines[end].lstrip())
            end += 1
        self.findings.append(
            DOCFX_ALERT.finding(
                self.shown,
                first + index,
                len(indent) + 1,
                f"alert '[!{word}]' is not in a quote ('>'); shown as {kind}",
                fix=f"{indent}> [!{kind}]",
            )
        )
        out.extend(self._admonition(kind, content, first + index + (0 if rest else 1), indent))
        return end

    def _admonition(self, kind: str, content: list[str], inner_first: int, indent: str) -> list[str]:
        title = self.titles(_TITLE_KEYS[kind]).replace('"', "'")
        inner = self.block(content, inner_first)
        return [f'{indent}!!! {ALERTS[kind]} "{title}"', "", *(f"{indent}    {text}" if text.strip() else "" for text in inner), ""]

    def _video(self, indent: str, url: str, number: int, column: int) -> str:
        title = self.titles("video")
        if _WEB_URL.match(url):
            return f"{indent}[{title}](<{url}>)"
        self.findings.append(DOCFX_VIDEO.finding(self.shown, number, column, f"video URL '{url[:80]}' is not http(s); not made a link"))
        return f"{indent}{title}"

    def _div(self, classes: str, content: list[str], inner_first: int, indent: str) -> list[str]:
        names = {name.lower() for name in classes.split()}
        inner = self.block(content, inner_first)
        if names & {"nextstepaction", "button"}:
            button = "{ .md-button .md-button--primary }" if "nextstepaction" in names else "{ .md-button }"
            inner = [_LINK_END.sub(lambda m: m.group(0) + button, text) for text in inner]
            return ["", *(f"{indent}{text}" for text in inner), ""]
        css = next((css for name, css in _DIV_CLASSES.items() if name in names), None)
        if css is None:
            return ["", *(f"{indent}{text}" for text in inner), ""]
        return ["", f'{indent}<div class="{css}" markdown>', "", *(f"{indent}{text}" for text in inner), "", f"{indent}</div>", ""]

    # --- ::: directives -----------------------------------------------------------------------

    def _directive(self, lines: list[str], index: int, first: int, match: re.Match, out: list[str]) -> int:
        indent, name, attributes, closed = match.group(1), match.group(2).lower(), match.group(3), match.group(4)
        number, column = first + index, len(indent) + 1
        attrs = _attributes(attributes)
        if name == "image":
            if not closed:
                self.findings.append(DOCFX_IMAGE.finding(self.shown, number, column, ":::image is not closed with ':::'; shown anyway"))
            return self._image_block(lines, index, first, attrs, indent, out)
        if name in ("zone", "moniker"):
            return self._variants(lines, index, first, name, out)
        if name == "row":
            return self._row(lines, index, first, out)
        if name.endswith("-end"):
            self._unknown(number, column, f"':::{name}' closes no ':::{name[:-4]}'; left out")
            return index + 1
        end = _find_end(lines, index, name, self.expansion.ends)
        if name == "code":
            source = attrs.get("source", "")
            self._unknown(number, column, f"':::code source=\"{source}\"' cannot be fetched; a note is shown instead")
            out.extend(["", f'{indent}!!! note "{self.titles("code")}"', "", f"{indent}    `{source}`" if source else "", ""])
            return (end + 1) if end is not None else index + 1
        if end is None:
            if name == "no-loc":
                out.append(indent + html_module.escape(attrs.get("text", ""), quote=False))
                return index + 1
            self._unknown(number, column, f"DocFX directive ':::{name}' is not supported; left out of the page")
            return index + 1
        self._unknown(number, column, f"DocFX block ':::{name}' is not supported; its text is shown without the markers")
        out.extend(self.block(lines[index + 1 : end], number + 1))
        return end + 1

    def _unknown(self, number: int, column: int, message: str) -> None:
        self.findings.append(DOCFX_UNKNOWN.finding(self.shown, number, column, message))

    def _image_block(self, lines: list[str], index: int, first: int, attrs: dict[str, str], indent: str, out: list[str]) -> int:
        number = first + index
        image = self._image(attrs, number, len(indent) + 1)
        end = index + 1
        if attrs.get("type", "").lower() == "complex":
            close = next((i for i in range(index + 1, len(lines)) if _IMAGE_END.match(lines[i])), None)
            if close is not None:
                description = textwrap.dedent("\n".join(lines[index + 1 : close])).split("\n")
                inner = self.block(description, number + 1)
                out.extend(
                    [
                        f"{indent}{image}",
                        "",
                        f'{indent}<div class="helpsite-long-description" markdown>',
                        "",
                        *inner,
                        "",
                        f"{indent}</div>",
                        "",
                    ]
                )
                return close + 1
        out.append(f"{indent}{image}")
        return end

    def _image(self, attrs: dict[str, str], number: int, column: int) -> str:
        source = attrs.get("source")
        if not source:
            self.findings.append(DOCFX_IMAGE.finding(self.shown, number, column, ":::image has no source; left out of the page"))
            return ""
        kind = attrs.get("type", "content").lower()
        alt = "" if kind == "icon" and "alt-text" not in attrs else attrs.get("alt-text", "")
        alt = re.sub(r"([\\\[\]])", r"\\\1", alt)  # brackets in the text must not end the image
        classes = []
        if kind == "icon":
            classes.append(".helpsite-icon")
        if attrs.get("border", "").lower() == "true":
            classes.append(".helpsite-border")
        image = f"![{alt}](<{source}>)" + ("{ " + " ".join(classes) + " }" if classes else "")
        lightbox = attrs.get("lightbox")
        if lightbox and (_WEB_URL.match(lightbox) or not re.match(r"[a-zA-Z][\w+.-]*:", lightbox)):
            image = f"[{image}](<{lightbox}>)"
        return image

    def _variants(self, lines: list[str], index: int, first: int, kind: str, out: list[str]) -> int:
        """A run of ``:::zone`` (or ``::: moniker``) blocks, with only blank lines between: one set of tabs."""
        blocks: list[tuple[dict[str, str], list[str], int]] = []
        position = index
        indent = _DIRECTIVE.match(lines[index]).group(1)  # type: ignore[union-attr]
        while position < len(lines):
            match = _DIRECTIVE.match(lines[position])
            if not match or match.group(2).lower() != kind:
                break
            end = _find_end(lines, position, kind, self.expansion.ends)
            if end is None:
                self._unknown(
                    first + position, len(match.group(1)) + 1, f"':::{kind}' is never closed by ':::{kind}-end'; shown as written"
                )
                out.extend(self.block(lines[position + 1 :], first + position + 1))
                return len(lines)
            content = textwrap.dedent("\n".join(lines[position + 1 : end])).split("\n")
            blocks.append((_attributes(match.group(3)), self.block(content, first + position + 1), first + position))
            position = end + 1
            after = position
            while after < len(lines) and not lines[after].strip():
                after += 1
            following = _DIRECTIVE.match(lines[after]) if after < len(lines) else None
            if following and following.group(2).lower() == kind:
                position = after
        if kind == "zone":
            out.extend(self._zone_tabs(blocks, indent))
        else:
            out.extend(self._moniker_tabs(blocks, indent))
        return position

    def _zone_tabs(self, blocks: list[tuple[dict[str, str], list[str], int]], indent: str) -> list[str]:
        tabs: dict[str, list[str]] = {}
        shared: list[str] = []
        for attrs, content, _ in blocks:
            target = attrs.get("target", "").lower()
            if target == "chromeless":
                continue  # shown in Microsoft's in-product help only, never on the site
            pivots = [p.strip() for p in attrs.get("pivot", "").split(",") if p.strip()]
            if not pivots:
                shared.extend([*content, ""])
            for pivot in pivots:
                tabs.setdefault(pivot, []).extend([*content, ""])
        titles = dict(self.pivot_group)
        ordered = [(titles.get(pivot, pivot), tabs.get(pivot, [])) for pivot in self.pivots]
        ordered += [(pivot, body) for pivot, body in tabs.items() if pivot not in self.pivots]
        return [*(f"{indent}{text}" for text in shared), *self._tab_set(ordered, indent)]

    def _moniker_tabs(self, blocks: list[tuple[dict[str, str], list[str], int]], indent: str) -> list[str]:
        if self.moniker:
            kept: list[str] = []
            for attrs, content, _ in blocks:
                if moniker_matches(attrs.get("range", ""), self.moniker):
                    kept.extend([*(f"{indent}{text}" for text in content), ""])
            return kept
        tabs: dict[str, list[str]] = {}
        for attrs, content, _ in blocks:
            tabs.setdefault(attrs.get("range", "").strip() or "?", []).extend([*content, ""])
        return self._tab_set(list(tabs.items()), indent)

    def _tab_set(self, tabs: list[tuple[str, list[str]]], indent: str) -> list[str]:
        """Material's content tabs (pymdownx.tabbed, alternate style), the first selected."""
        if not tabs:
            return []
        out = [""]
        for number, (label, content) in enumerate(tabs):
            marker = "===!" if number == 0 else "==="  # "!" starts a new set even right after another
            out.extend([f'{indent}{marker} "{_label(label)}"', ""])
            body = [f"{indent}    {text}" if text.strip() else "" for text in content]
            out.extend(body if any(text.strip() for text in body) else [f"{indent}    <!-- no text for {_label(label)} -->"])
            out.append("")
        return out

    def _row(self, lines: list[str], index: int, first: int, out: list[str]) -> int:
        indent = _DIRECTIVE.match(lines[index]).group(1)  # type: ignore[union-attr]
        end = _find_end(lines, index, "row", self.expansion.ends)
        if end is None:
            self._unknown(first + index, len(indent) + 1, "':::row:::' is never closed by ':::row-end:::'; shown as one column")
            end = len(lines)
        columns: list[tuple[dict[str, str], list[str]]] = []
        position = index + 1
        loose: list[str] = []
        while position < end:
            match = _DIRECTIVE.match(lines[position])
            if match and match.group(2).lower() == "column":
                close = _find_end(lines, position, "column", self.expansion.ends)
                if close is None or close > end:
                    self._unknown(first + position, len(match.group(1)) + 1, "':::column:::' is never closed by ':::column-end:::'")
                    close = end
                content = textwrap.dedent("\n".join(lines[position + 1 : close])).split("\n")
                columns.append((_attributes(match.group(3)), self.block(content, first + position + 1)))
                position = close + 1
                continue
            loose.append(lines[position])
            position += 1
        if any(text.strip() for text in loose):
            columns.append(({}, self.block(textwrap.dedent("\n".join(loose)).split("\n"), first + index + 1)))
        grid = ["", f'{indent}<div class="grid helpsite-row" markdown>']
        for attrs, content in columns:
            span = attrs.get("span", "")
            css = "helpsite-column" + (f" helpsite-span-{span}" if span in ("2", "3", "4") else "")
            grid.extend([f'{indent}<div class="{css}" markdown>', "", *(f"{indent}{text}" for text in content), "", f"{indent}</div>"])
        grid.extend([f"{indent}</div>", ""])
        out.extend(grid)
        return min(end + 1, len(lines))

    # --- DocFX tabs ---------------------------------------------------------------------------

    def _tabs(self, lines: list[str], index: int, first: int, out: list[str]) -> int:
        """``# [Label](#tab/id)`` headings of one level, up to a ``---`` line or a heading of that level or above."""
        level = len(_TAB_HEADING.match(lines[index]).group(1))  # type: ignore[union-attr]
        tabs: list[tuple[str, list[str], int]] = []
        position = index
        fence: str | None = None
        while position < len(lines):
            line = lines[position]
            opening = _FENCE.match(line)
            if fence is not None or opening:
                if fence is None:
                    fence = opening.group(1)  # type: ignore[union-attr]
                elif opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                    fence = None
                tabs[-1][1].append(line)
                position += 1
                continue
            tab = _TAB_HEADING.match(line)
            if tab and len(tab.group(1)) == level:
                anchor, label, ident = tab.group(2), tab.group(3), tab.group(4)
                if "/" in ident and any(existing == label for existing, _, _ in tabs):
                    label = f"{label} ({ident.split('/', 1)[1]})"
                tabs.append((label, [f'<a name="{anchor}"></a>', ""] if anchor else [], first + position + 1))
                position += 1
                continue
            if _RULE_LINE.match(line):
                position += 1
                break
            heading = _HEADING.match(line)
            if heading and len(heading.group(1)) <= level:
                break
            tabs[-1][1].append(line)
            position += 1
        rendered = [(label, self.block(content, start)) for label, content, start in tabs]
        out.extend(self._tab_set(rendered, ""))
        return position

    # --- inside a line ------------------------------------------------------------------------

    def _inline(self, line: str, number: int, following: str) -> str:
        if ":::" in line or (".yml" in line and self.yaml_pages):
            line = _outside_code(line, lambda text, offset: self._inline_text(text, number, offset))
        if self.read_include is not None and "[!" in line and "[!INCLUDE" in line.upper():
            line = self._includes(line, number)
        if line.endswith("\\") and _line_break_follows(line, following):
            line = line[:-1] + "<br>"
        return line

    def _inline_text(self, text: str, number: int, offset: int) -> str:
        if ":::" in text:

            def directive(match: re.Match) -> str:
                attrs = _attributes(match.group(2))
                if match.group(1).lower() == "no-loc":
                    return html_module.escape(attrs.get("text", ""), quote=False)
                return self._image(attrs, number, offset + match.start() + 1)

            text = _INLINE_DIRECTIVE.sub(directive, text)
            if ":::" in text:
                self._unknown(number, offset + text.index(":::") + 1, "a stray ':::' that opens no directive; left out of the page")
                text = re.sub(r":{3,}", "", text)
        if ".yml" in text and self.yaml_pages:
            text = _LINK_TARGET.sub(self._yaml_link, text)
        return text

    def _yaml_link(self, match: re.Match) -> str:
        target = match.group(2)
        path, _, fragment = target.partition("#")
        if not path.lower().endswith(".yml") or re.match(r"[a-zA-Z][\w+.-]*:|/", path):
            return match.group(0)
        docs_path = posixpath.normpath(posixpath.join(self.locale, posixpath.dirname(self.relpath), path))
        if docs_path not in self.yaml_pages:
            return match.group(0)
        return match.group(1) + path[: -len(".yml")] + ".md" + (f"#{fragment}" if fragment else "")

    def _includes(self, line: str, number: int) -> str:
        read_include = self.read_include
        assert read_include is not None

        expansion = self.expansion
        limits = expansion.limits

        def replace_include(match: re.Match) -> str:
            column = match.start() + 1
            if len(self.stack) > limits.max_include_depth:
                message = f"includes nest more than {limits.max_include_depth} deep (max_include_depth); not included"
                self._over_limit(DOCFX_TOO_DEEP, number, message)
                return ""
            if expansion.included_bytes > limits.max_include_bytes:
                return ""  # reported once, where the limit was passed
            asked = (match.group(2), self.stack[-1].partition("/")[0], self.relpath)
            if asked not in expansion.reads:  # a page may include one file thousands of times: it is read once
                expansion.reads[asked] = read_include(*asked)
            read = expansion.reads[asked]
            if isinstance(read, Included):
                expansion.included_bytes += max(read.size, MIN_INCLUSION_BYTES)
                if expansion.included_bytes > limits.max_include_bytes:
                    message = f"included files add up to more than {limits.max_include_bytes:,} bytes (max_include_bytes); not included"
                    self._over_limit(DOCFX_INCLUDES_TOO_LARGE, number, message)
                    return ""
            if read is None:
                return ""  # missing, or a path out of docs/: the link checks report it (LNK001, LNK005)
            if isinstance(read, str):
                self.findings.append(DOCFX_INCLUDE_REFUSED.finding(self.shown, number, column, f"include not read: {read}"))
                return ""
            key = f"{read.locale}/{read.relpath}"
            if key in self.stack:
                chain = " -> ".join((*self.stack, key))
                self.findings.append(DOCFX_INCLUDE_CYCLE.finding(self.shown, number, column, f"include cycle: {chain}; not included again"))
                return ""
            inner = transform(
                read.text,
                display_path=self.shown,
                first_line=number,
                locale=read.locale,
                relpath=read.relpath,
                titles=self.titles,
                read_include=read_include,
                moniker=self.moniker,
                yaml_pages=self.yaml_pages,
                pivot_group=self.pivot_group,
                _stack=(*self.stack, key),
                _expansion=expansion,
            )
            # What goes wrong inside an include is reported where the page includes it.
            self.findings.extend(replace(f, line=number, column=column, message=f"in {key}: {f.message}") for f in inner.findings)
            return rebase(inner.markdown, read.relpath, self.relpath)

        return _INCLUDE.sub(replace_include, line)


_IMAGE_END = re.compile(r"^\s*:::\s*image-end\s*:::\s*$", re.IGNORECASE)
_LINK_END = re.compile(r"\[[^\]]*\]\([^)]*\)(?!\{)")
_DIV_CLASSES = {"checklist": "helpsite-checklist", "op_single_selector": "helpsite-selector", "mx-imgborder": "helpsite-img-border"}


def _is_block(directive: re.Match, line: str) -> bool:
    """A directive that is the whole line; ``:::no-loc`` is always inline, and ``:::image`` is when
    text follows it (a table row, a sentence)."""
    name = directive.group(2).lower()
    if name == "no-loc":
        return False
    if name == "image":
        markers = line.count(":::")
        return markers == 1 or (markers == 2 and line.rstrip().endswith(":::"))
    return True


def _attributes(text: str) -> dict[str, str]:
    return {key.lower(): html_module.unescape(value) for key, value in _ATTRIBUTE.findall(text)}


def _label(text: str) -> str:
    return html_module.escape(text.strip(), quote=False).replace("*", "\\*").replace("_", "\\_")


def _find_end(lines: list[str], index: int, name: str, ends: dict[int, tuple[list[str], _Ends]] | None = None) -> int | None:
    """The line of the ``:::name-end`` closing the block opened at ``index`` (blocks of one name nest).

    With ``ends`` (a cache, by list), every block of ``lines`` is matched to its end in one pass,
    as brackets are: looking for each end from its start made a page of unclosed blocks cost its
    length squared."""
    if ends is not None:
        cached = ends.get(id(lines))
        if cached is None or cached[0] is not lines:
            cached = ends[id(lines)] = (lines, _Ends.of(lines))
        table = cached[1]
        if index not in table.fenced:
            return table.end.get(index)
    depth = 0
    fence: str | None = None
    for position in range(index + 1, len(lines)):
        line = lines[position]
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        match = _DIRECTIVE.match(line)
        if not match:
            continue
        found = match.group(2).lower()
        if found == name:
            depth += 1
        elif found == f"{name}-end":
            if depth == 0:
                return position
            depth -= 1
    return None


@dataclass(slots=True)
class _Ends:
    """The blocks of a list of lines matched to their ends (``end``: start line -> end line), fenced
    code followed as :func:`_find_end` follows it from the top; ``fenced``: lines inside a fence from
    there, where a block is looked for from its own start instead."""

    end: dict[int, int]
    fenced: set[int]

    @classmethod
    def of(cls, lines: list[str]) -> _Ends:
        end: dict[int, int] = {}
        fenced: set[int] = set()
        open_blocks: dict[str, list[int]] = {}
        fence: str | None = None
        for position, line in enumerate(lines):
            opening = _FENCE.match(line) if ("```" in line or "~~~" in line) else None
            if fence is not None:
                fenced.add(position)
                if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                    fence = None
                continue
            if opening:
                fence = opening.group(1)
                continue
            match = _DIRECTIVE.match(line) if ":::" in line else None
            if not match:
                continue
            name = match.group(2).lower()
            if name.endswith("-end") and open_blocks.get(name[:-4]):
                end[open_blocks[name[:-4]].pop()] = position
            open_blocks.setdefault(name, []).append(position)
        return cls(end, fenced)


def _in_list(out: list[str]) -> bool:
    """Whether the text so far ends inside a list item (where indented text continues the item)."""
    recent = out[-80:]
    for position in range(len(recent) - 1, -1, -1):
        line = recent[position]
        if not line.strip():
            continue
        stripped = line.lstrip()
        if _LIST_ITEM.match(stripped):
            return True
        before = recent[position - 1] if position else ""
        if line == stripped and (not before.strip() or _HEADING.match(line)):
            return False  # an unindented paragraph or heading (not a lazy continuation of an item)
    return False


def _line_break_follows(line: str, following: str) -> bool:
    """A trailing backslash is a hard line break when the paragraph goes on (CommonMark; not in code)."""
    trailing = len(line) - len(line.rstrip("\\"))
    return trailing % 2 == 1 and bool(following.strip()) and not _BLOCK_START.match(following) and not line.lstrip().startswith("|")


def _outside_code(line: str, change: Callable[[str, int], str]) -> str:
    """``change`` applied to the parts of the line that are not inline code or HTML comments."""
    parts, last = [], 0
    for match in _CODE_SPAN.finditer(line):
        parts.append(change(line[last : match.start()], last))
        parts.append(match.group(0))
        last = match.end()
    parts.append(change(line[last:], last))
    return "".join(parts)


def _alert_kind(word: str, titles: Callable[[str], str], *, strict: bool) -> str | None:
    """The DocFX alert a keyword stands for: strictly, DocFX's own (any case); else also a translated
    or padded one. None when it is not an alert keyword."""
    key = word.strip().upper()
    if key in ALERTS:
        return key
    if strict:
        return None
    key = key.strip("! .:：。").upper()
    if key in ALERTS:
        return key
    for kind, title_key in _TITLE_KEYS.items():
        title = titles(title_key)
        if title and title.upper() == key:
            return kind
    for name, words in TRANSLATED_ALERTS.items():
        if key in words.split() or (" " in key and key in words):
            return name.upper()
    return None


# --- zone pivot groups ---------------------------------------------------------------------------

PIVOT_GROUPS_FILE = "zone-pivot-groups.yml"  # DocFX's name; helpsite reads it from a locale's folder


def load_pivot_groups(text: str, display_path: str) -> tuple[dict[str, list[tuple[str, str]]], list[Finding]]:
    """DocFX's ``zone-pivot-groups.yml`` (``groups: [{id, title, pivots: [{id, title}]}]``): each group's
    pivots (id, title) in order. YAML that does not load gives no groups and the loader's findings."""
    data, _, problems = load_mapping(text, 1, display_path)
    groups: dict[str, list[tuple[str, str]]] = {}
    for group in data.get("groups") or []:
        if not isinstance(group, dict) or not isinstance(group.get("id"), str):
            continue
        pivots = [p for p in group.get("pivots") or [] if isinstance(p, dict) and isinstance(p.get("id"), str)]
        groups[group["id"]] = [(p["id"], str(p.get("title") or p["id"])) for p in pivots]
    return groups, problems


def site_pivot_groups(docs_dir: Path) -> tuple[dict[str, dict[str, list[tuple[str, str]]]], list[Finding]]:
    """Each locale folder's ``zone-pivot-groups.yml`` (a translation's titles are its own), by locale."""
    by_locale: dict[str, dict[str, list[tuple[str, str]]]] = {}
    problems: list[Finding] = []
    for path in sorted(docs_dir.glob(f"*/{PIVOT_GROUPS_FILE}")):
        try:
            data = open_docs_file(path, docs_dir, DEFAULT_MAX_FILE_BYTES)
        except (OSError, RefusedFile, FileTooLarge):
            continue
        groups, found = load_pivot_groups(decode(data, str(path))[0], str(path))
        by_locale[path.parent.name] = groups
        problems.extend(found)
    return by_locale, problems


def pivot_group_of(
    meta: dict, locale: str, source: str | None, by_locale: dict[str, dict[str, list[tuple[str, str]]]]
) -> list[tuple[str, str]]:
    """The site's definition of the group an article names in ``zone_pivot_groups`` (its locale's, else the source's)."""
    name = meta.get("zone_pivot_groups")
    if not isinstance(name, str) or not by_locale:
        return []
    for folder in (locale, source):
        if folder in by_locale and name.strip() in by_locale[folder]:
            return by_locale[folder][name.strip()]
    return []


# --- monikers --------------------------------------------------------------------------------

_VERSION = re.compile(r"^(.*?)-?(\d[\w.]*)$")


def moniker_matches(expression: str, moniker: str) -> bool:
    """Whether a DocFX moniker range (``">= product-1.2 || other-3"``) includes ``moniker``.

    Terms joined by ``||`` are alternatives; within one, space-separated comparisons all hold.
    A comparison with ``<``, ``<=``, ``>`` or ``>=`` holds for monikers of the same product
    (the name without its trailing version) whose version compares so, number by number."""
    wanted = moniker.strip().lower()
    for term in expression.lower().split("||"):
        comparisons = re.findall(r"(<=|>=|<|>|=)?\s*([\w.-]+)", term)
        if comparisons and all(_compare(op or "=", name, wanted) for op, name in comparisons):
            return True
    return False


def _compare(op: str, name: str, wanted: str) -> bool:
    if op == "=":
        return name == wanted
    ours, theirs = _VERSION.match(wanted), _VERSION.match(name)
    if not ours or not theirs or ours.group(1) != theirs.group(1):
        return False
    a, b = _version_key(ours.group(2)), _version_key(theirs.group(2))
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _version_key(version: str) -> tuple:
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"[.-]", version))


# --- links and the rendered page ---------------------------------------------------------------


def include_anchors(
    body: str, locale: str, relpath: str, read_include: IncludeReader, limits: Limits | None = None, _seen: frozenset[str] = frozenset()
) -> set[str]:
    """The anchors (heading ids, explicit anchors) a page's text gets from the files it includes,
    nested includes too: a link to ``page.md#x`` may name a heading that an include brings. Each
    file is read and scanned once however often it is included, and no deeper than the transform
    goes (``max_include_depth``)."""
    limits = limits or Limits()
    known: dict[str, set[str]] = {}

    def anchors_of(text: str, locale: str, relpath: str, seen: frozenset[str]) -> set[str]:
        found: set[str] = set()
        if "[!INCLUDE" not in text.upper() or len(seen) >= limits.max_include_depth:
            return found
        for match in _INCLUDE.finditer(text):
            read = read_include(match.group(2), locale, relpath)
            key = f"{read.locale}/{read.relpath}" if isinstance(read, Included) else None
            if not isinstance(read, Included) or key is None or key in seen:
                continue  # missing, refused (the checks say so), or a cycle (DFX002)
            if key not in known:
                known[key] = {anchor.name for anchor in scan_body(read.text, 1).anchors}
                known[key] |= anchors_of(read.text, read.locale, read.relpath, seen | {key})
            found |= known[key]
        return found

    return anchors_of(body, locale, relpath, _seen)


def rebase(markdown: str, from_relpath: str, to_relpath: str) -> str:
    """Relative link targets written in ``from_relpath``'s folder, rewritten for ``to_relpath``'s."""
    source_dir, target_dir = posixpath.dirname(from_relpath), posixpath.dirname(to_relpath)
    if source_dir == target_dir:
        return markdown

    def rewrite(match: re.Match) -> str:
        resolved = posixpath.normpath(posixpath.join(source_dir, match.group(2)))
        return match.group(1) + posixpath.relpath(resolved, target_dir or ".")

    return _RELATIVE_TARGET.sub(rewrite, markdown)


class _TextReader(HTMLParser):
    """The text of an HTML fragment outside code, pre, script and style, with its line."""

    SKIPPED = frozenset({"code", "pre", "script", "style", "kbd", "samp"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIPPED:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.text.append((data, self.getpos()[0]))


def raw_docfx_text(html: str) -> list[tuple[str, int]]:
    """Raw DocFX syntax (``:::``, ``[!``) in the text of rendered HTML, outside code: (snippet, line in ``html``)."""
    if ":::" not in html and "[!" not in html:
        return []
    reader = _TextReader()
    reader.feed(html)
    reader.close()
    found = []
    for data, line in reader.text:
        for match in _RAW.finditer(data):
            snippet = data[match.start() : match.start() + 60].split("\n", 1)[0].strip()
            found.append((snippet, line + data.count("\n", 0, match.start())))
    return found


def raw_docfx_findings(html: str, body: str, *, display_path: str, first_line: int) -> list[Finding]:
    """DFX006 for each raw DocFX snippet of a rendered article, at the source line that holds it."""
    findings = []
    lines = [html_module.unescape(line) for line in body.split("\n")]
    for snippet in dict.fromkeys(snippet for snippet, _ in raw_docfx_text(html)):
        probe = snippet[:24]
        number = next((i for i, line in enumerate(lines) if probe in line), None)
        line = first_line + number if number is not None else None
        column = lines[number].index(probe) + 1 if number is not None else None
        findings.append(DOCFX_RAW.finding(display_path, line, column, f"raw DocFX text on the built page: '{snippet}'"))
    return findings


def raw_docfx_in_built_page(page_html: str, display_path: str) -> list[Finding]:
    """DFX006 for a page of a built site: raw DocFX text in its article (Material's ``<article>``), at the HTML line."""
    start = page_html.find("<article")
    if start < 0:
        return []
    end = page_html.find("</article>", start)
    first_line = page_html.count("\n", 0, start) + 1
    found = raw_docfx_text(page_html[start : end if end > 0 else len(page_html)])
    return [
        DOCFX_RAW.finding(display_path, first_line + line - 1, None, f"raw DocFX text on the built page: '{snippet}'")
        for snippet, line in dict.fromkeys(found)
    ]
