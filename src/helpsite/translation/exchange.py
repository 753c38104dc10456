"""The files a translator's tool reads and writes: XLIFF 1.2, XLIFF 2.0 and PO, for helpsite's units.

A unit is a block of a source article (content.blocks) or its ``title`` or ``description``. Its
codes become the format's protected placeholders, numbered per unit:

============  ==========================================  ==============================================
format        standalone code (`code`, <tag>, [!INCLUDE])  pair (**bold**, [link](url), ![image](src))
============  ==========================================  ==============================================
XLIFF 1.2     ``<ph id="1" ctype="x-code">`code`</ph>``    ``<bpt id="2" ctype="bold">**</bpt>`` ... ``<ept id="2">**</ept>``
XLIFF 2.0     ``<ph id="1" dataRef="d1"/>``                ``<pc id="2" dataRefStart="d2o" dataRefEnd="d2c">...</pc>``
PO            ``<x1/>``                                    ``<g2>...</g2>``
============  ==========================================  ==============================================

XLIFF carries the Markdown a code stands for (``<ph>``/``<bpt>`` text, XLIFF 2's ``<originalData>``)
for the translator to see; on import only the source's Markdown is used. Terms that are never
translated (the glossary's ``keep``, the page's ``no-loc``) are marked in XLIFF
(``<mrk mtype="protected">``, ``<mrk translate="no">``) and named in a note of every format, as
are the glossary's required translations.

XLIFF 1.2 and PO are read and written with translate-toolkit. XLIFF 2.0 is written and read with
lxml: translate-toolkit 3.20 writes ``xml:space`` on ``<segment>`` and puts ``<notes>`` inside
it, which the OASIS schema (xliff_core_2.0.xsd) rejects.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from lxml import etree

from helpsite.content.blocks import Code, Piece
from helpsite.translation import EXCHANGE_FORMATS

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
# XLIFF 1.2 marks a machine translation on a target so; such a target makes the page MT on import.
MACHINE_QUALIFIERS = frozenset({"mt-suggestion", "leveraged-mt"})
_PAIR_CTYPE = {"bold": "bold", "italic": "italic", "link": "link", "image": "x-image", "strike": "x-strike"}
_PH_CTYPE = {"code": "x-code", "html": "x-html", "docfx": "x-docfx", "break": "lb", "footnote": "x-footnote", "link": "x-link"}
_PAIR_TYPE20 = {"bold": ("fmt", "xlf:b"), "italic": ("fmt", "xlf:i"), "link": ("link", None), "image": ("image", None)}
_PO_CODE = re.compile(r"<x(\d+)/>|<g(\d+)>|</g(\d+)>")


class ExchangeError(ValueError):
    """The file is not one helpsite can read (says why)."""


@dataclass(frozen=True, slots=True)
class Placeholder:
    """A code as a translated file has it: which of the unit's codes, and which half."""

    id: int
    role: str  # "ph", "open", "close"


Target = tuple[str | Placeholder, ...]


@dataclass(slots=True)
class Unit:
    id: str
    kind: str  # heading, paragraph, list-item, table-cell, quote, footnote, title, description
    line: int
    source: tuple[Piece, ...]
    level: int = 0  # a heading's
    target: Sequence[Piece | Placeholder] | None = None  # exported: the current translation of an unchanged block
    notes: list[str] = field(default_factory=list)
    protected: tuple[str, ...] = ()  # never-translated terms its text holds
    machine: bool = False  # read: the file says a machine translated it

    @property
    def words(self) -> int:
        return sum(len(piece.split()) for piece in self.source if isinstance(piece, str))


@dataclass(slots=True)
class Page:
    relpath: str  # below the locale folders
    source_hash: str
    source_commit: str | None
    handoff: str  # MM/DD/YYYY
    units: list[Unit] = field(default_factory=list)
    state: str = "new"  # of the translation when exported: new, current, outdated, unknown
    note: str = ""


@dataclass(slots=True)
class Handoff:
    source_language: str
    target_language: str
    translation_type: str
    pages: list[Page] = field(default_factory=list)


def write(handoff: Handoff, fmt: str) -> bytes:
    if fmt == "xliff":
        return _write12(handoff)
    if fmt == "xliff2":
        return _write20(handoff)
    if fmt == "po":
        return _write_po(handoff)
    raise ValueError(f"unknown format {fmt!r}: use {', '.join(EXCHANGE_FORMATS)}")


def read(data: bytes) -> Handoff:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    if head.startswith(b"<"):
        try:
            root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
        except etree.XMLSyntaxError as exc:
            raise ExchangeError(f"not well-formed XML: {exc}") from None
        if root.tag == f"{{{NS20}}}xliff":
            return _read20(root)
        if etree.QName(root).localname == "xliff":
            return _read12(data)
        raise ExchangeError(f"an XML file, but not XLIFF (its root is <{etree.QName(root).localname}>)")
    return _read_po(data)


# -- shared --------------------------------------------------------------------------------------


_META = ("source-hash", "source-commit", "handoff")


def _page_meta(page: Page) -> list[tuple[str, str]]:
    return [("source-hash", page.source_hash), ("source-commit", page.source_commit or "-"), ("handoff", page.handoff)]


def _page_from(relpath: str, meta: dict[str, str]) -> Page:
    missing = [key for key in _META if not meta.get(key)]
    if missing:
        raise ExchangeError(f"{relpath}: the file does not say the page's {', '.join(missing)}: it was not exported by helpsite")
    commit = meta["source-commit"]
    return Page(relpath, meta["source-hash"], None if commit == "-" else commit, meta["handoff"])


def _split_protected(text: str, terms: Sequence[str]) -> Iterator[tuple[str, bool]]:
    """The text in runs, each marked whether it is a never-translated term."""
    if not terms:
        yield text, False
        return
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(t)}(?!\w)" for t in sorted(terms, key=len, reverse=True)))
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            yield text[position : match.start()], False
        yield match.group(0), True
        position = match.end()
    if position < len(text):
        yield text[position:], False


def _append_text(element: etree._Element, text: str) -> None:
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def _is_code(piece: Piece | Placeholder) -> bool:
    return isinstance(piece, Code | Placeholder)


def _role(piece: Code | Placeholder) -> str:
    return piece.role


def legend(unit: Unit) -> str:
    """What each code of a unit stands for, in PO's form: what a translator reads beside the text."""
    said: dict[int, str] = {}
    for piece in unit.source:
        if isinstance(piece, Code) and piece.role != "close":
            shown = " ".join(piece.native.split())
            if piece.role == "open":
                close = next((p for p in unit.source if isinstance(p, Code) and p.id == piece.id and p.role == "close"), None)
                shown = f"{shown}...{' '.join(close.native.split()) if close else ''}"
                said[piece.id] = f"<g{piece.id}>...</g{piece.id}> is {piece.kind} {shown}"
            else:
                said[piece.id] = f"<x{piece.id}/> is {piece.kind} {shown}"
    return "; ".join(said.values())


# -- XLIFF 1.2 (translate-toolkit) ---------------------------------------------------------------

_SKELETON12 = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="{NS12}">
<file original="NoName" source-language="en" datatype="plaintext"><body></body></file>
</xliff>"""


def _write12(handoff: Handoff) -> bytes:
    from translate.storage import xliff

    store = xliff.xlifffile.parsestring(_SKELETON12.encode())
    store.setsourcelanguage(handoff.source_language)
    store.settargetlanguage(handoff.target_language)
    for page in handoff.pages:
        store.switchfile(page.relpath, createifmissing=True)
        file_node = store.getfilenode(page.relpath)
        file_node.set("source-language", handoff.source_language)
        file_node.set("target-language", handoff.target_language)
        file_node.set("datatype", "x-markdown")
        header = etree.Element(f"{{{NS12}}}header")
        for key, value in [*_page_meta(page), ("translation-type", handoff.translation_type)]:
            etree.SubElement(header, f"{{{NS12}}}note", {"from": f"helpsite:{key}"}).text = value
        file_node.insert(0, header)
        for unit in page.units:
            tt_unit = store.addsourceunit("", filename=page.relpath)
            tt_unit.setid(unit.id)
            tt_unit.xmlelement.set("resname", unit.kind)
            source = tt_unit.xmlelement.find(f"{{{NS12}}}source")
            _inline12(source, unit.source, unit.protected)
            if unit.target is not None:
                target = etree.SubElement(tt_unit.xmlelement, f"{{{NS12}}}target", {"state": "final"})
                _inline12(target, unit.target, unit.protected)
            for note in unit.notes:
                tt_unit.addnote(note, origin="helpsite")
    return bytes(store)


def _inline12(element: etree._Element, pieces: Sequence[Piece | Placeholder], protected: Sequence[str]) -> None:
    natives = {(p.id, p.role): p for p in pieces if isinstance(p, Code)}
    for piece in pieces:
        if isinstance(piece, str):
            for text, kept in _split_protected(piece, protected):
                if kept:
                    etree.SubElement(element, f"{{{NS12}}}mrk", mtype="protected").text = text
                else:
                    _append_text(element, text)
            continue
        code = natives.get((piece.id, piece.role)) if isinstance(piece, Placeholder) else piece
        native, kind = (code.native, code.kind) if code else ("", "")
        if piece.role == "ph":
            node = etree.SubElement(element, f"{{{NS12}}}ph", id=str(piece.id), ctype=_PH_CTYPE.get(kind, "x-markdown"))
        elif piece.role == "open":
            node = etree.SubElement(element, f"{{{NS12}}}bpt", id=str(piece.id), ctype=_PAIR_CTYPE.get(kind, "x-markdown"))
        else:
            node = etree.SubElement(element, f"{{{NS12}}}ept", id=str(piece.id))
        node.text = native


def _read12(data: bytes) -> Handoff:
    from translate.storage import xliff

    try:
        store = xliff.xlifffile.parsestring(data)
    except (ValueError, etree.XMLSyntaxError) as exc:
        raise ExchangeError(f"not an XLIFF 1.2 file: {exc}") from None
    ns = store.namespace
    root = store.document.getroot()
    files = list(root.iterchildren(f"{{{ns}}}file"))
    if not files:
        raise ExchangeError("an XLIFF file without a <file>")
    first = files[0]
    handoff = Handoff(first.get("source-language", ""), first.get("target-language", ""), "")
    pages: dict[int, Page] = {}
    for file_node in files:
        meta = {}
        header = file_node.find(f"{{{ns}}}header")
        for note in header.iterchildren(f"{{{ns}}}note") if header is not None else ():
            origin = note.get("from", "")
            if origin.startswith("helpsite:"):
                meta[origin.removeprefix("helpsite:")] = (note.text or "").strip()
        page = _page_from(file_node.get("original", ""), meta)
        handoff.translation_type = handoff.translation_type or meta.get("translation-type", "")
        pages[id(file_node)] = page
        handoff.pages.append(page)
    for tt_unit in store.units:
        element = tt_unit.xmlelement
        file_node = next(element.iterancestors(f"{{{ns}}}file"))
        page = pages[id(file_node)]
        unit = Unit(element.get("id", ""), element.get("resname", ""), 0, ())
        target = element.find(f"{{{ns}}}target")
        if target is not None and target.get("state") not in ("new", "needs-translation"):
            pieces = _pieces12(target, ns, unit.id)
            unit.target = pieces if any(isinstance(p, str) and p.strip() for p in pieces) else None
            unit.machine = target.get("state-qualifier") in MACHINE_QUALIFIERS
        page.units.append(unit)
    return handoff


def _pieces12(element: etree._Element, ns: str, unit_id: str) -> list[str | Placeholder]:
    def role(child: etree._Element, name: str) -> tuple[str, str | None] | None:
        if name in ("ph", "x", "it"):
            return "ph", child.get("id")
        ident = child.get("rid") or child.get("id") or ""
        if name in ("bpt", "bx"):
            return "open", ident
        if name in ("ept", "ex"):
            return "close", ident
        return {"g": ("pair", child.get("id")), "mrk": ("content", None)}.get(name)

    return _target_pieces(element, unit_id, role)


# What an inline element of a target stands for, by role: a placeholder ("ph", "open", "close"),
# a pair of placeholders around its content ("pair"), its content only ("content"), or one
# character ("char", its code point in hexadecimal); None: nothing helpsite writes.
InlineRole = Callable[[etree._Element, str], tuple[str, str | None] | None]


def _target_pieces(element: etree._Element, unit_id: str, role: InlineRole) -> list[str | Placeholder]:
    """A target's text and placeholders, in order; XLIFF 1.2 and 2.0 differ only in ``role``."""
    out: list[str | Placeholder] = []

    def text(value: str | None) -> None:
        if value:
            if out and isinstance(out[-1], str):
                out[-1] += value
            else:
                out.append(value)

    def walk(node: etree._Element) -> None:
        text(node.text)
        for child in node:
            if not isinstance(child.tag, str):  # a comment or processing instruction
                text(child.tail)
                continue
            name = etree.QName(child).localname
            found = role(child, name)
            if found is None:
                raise ExchangeError(f"unit {unit_id}: <{name}> in a target is not something helpsite writes back")
            kind, value = found
            if kind in ("ph", "open", "close"):
                out.append(Placeholder(_number(value, unit_id), kind))
            elif kind == "pair":
                out.append(Placeholder(_number(value, unit_id), "open"))
                walk(child)
                out.append(Placeholder(_number(value, unit_id), "close"))
            elif kind == "content":
                walk(child)
            else:  # "char"
                text(chr(int(value if value is not None else "20", 16)))
            text(child.tail)

    walk(element)
    return out


def _number(value: str | None, unit_id: str) -> int:
    if value is None or not value.isdigit():
        raise ExchangeError(f"unit {unit_id}: a placeholder id {value!r} that helpsite did not write")
    return int(value)


# -- XLIFF 2.0 (lxml) ----------------------------------------------------------------------------


def _write20(handoff: Handoff) -> bytes:
    root = etree.Element(f"{{{NS20}}}xliff", nsmap={None: NS20})
    root.set("version", "2.0")
    root.set("srcLang", handoff.source_language)
    root.set("trgLang", handoff.target_language)
    for index, page in enumerate(handoff.pages, 1):
        file_node = etree.SubElement(root, f"{{{NS20}}}file", id=f"f{index}", original=page.relpath)
        notes = etree.SubElement(file_node, f"{{{NS20}}}notes")
        for key, value in [*_page_meta(page), ("translation-type", handoff.translation_type)]:
            etree.SubElement(notes, f"{{{NS20}}}note", category=f"helpsite:{key}").text = value
        for unit in page.units:
            node = etree.SubElement(file_node, f"{{{NS20}}}unit", id=unit.id, name=unit.kind)
            if unit.notes:
                unit_notes = etree.SubElement(node, f"{{{NS20}}}notes")
                for note in unit.notes:
                    etree.SubElement(unit_notes, f"{{{NS20}}}note", category="helpsite").text = note
            codes = [p for p in unit.source if isinstance(p, Code)]
            if codes:
                data = etree.SubElement(node, f"{{{NS20}}}originalData")
                for code in codes:
                    etree.SubElement(data, f"{{{NS20}}}data", id=_data_ref(code.id, code.role)).text = code.native
            segment = etree.SubElement(node, f"{{{NS20}}}segment", state="final" if unit.target is not None else "initial")
            _inline20(etree.SubElement(segment, f"{{{NS20}}}source"), unit.source, unit.protected)
            if unit.target is not None:
                _inline20(etree.SubElement(segment, f"{{{NS20}}}target"), unit.target, unit.protected)
    _indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


_CONTENT = frozenset(f"{{{NS20}}}{name}" for name in ("source", "target", "note", "data"))


def _indent(element: etree._Element, depth: int = 0) -> None:
    """Newlines and indentation between structural elements only: inside <source> or <target> they would be text."""
    if element.tag in _CONTENT or not len(element):
        return
    element.text = "\n" + "  " * (depth + 1)
    for child in element:
        _indent(child, depth + 1)
        child.tail = "\n" + "  " * (depth + 1)
    element[-1].tail = "\n" + "  " * depth


def _data_ref(number: int, role: str) -> str:
    return {"ph": f"d{number}", "open": f"d{number}o", "close": f"d{number}c"}[role]


def _inline20(element: etree._Element, pieces: Sequence[Piece | Placeholder], protected: Sequence[str]) -> None:
    kinds = {p.id: p.kind for p in pieces if isinstance(p, Code)}
    stack = [element]
    marks = 0
    for piece in pieces:
        parent = stack[-1]
        if isinstance(piece, str):
            for text, kept in _split_protected(piece, protected):
                if kept:
                    marks += 1
                    etree.SubElement(parent, f"{{{NS20}}}mrk", id=f"m{marks}", translate="no").text = text
                else:
                    _append_text(parent, text)
        elif piece.role == "ph":
            etree.SubElement(parent, f"{{{NS20}}}ph", id=str(piece.id), dataRef=_data_ref(piece.id, "ph"), canDelete="no")
        elif piece.role == "open":
            attributes = {
                "id": str(piece.id),
                "dataRefStart": _data_ref(piece.id, "open"),
                "dataRefEnd": _data_ref(piece.id, "close"),
                "canDelete": "no",
            }
            kind, sub = _PAIR_TYPE20.get(kinds.get(piece.id, ""), ("other", None))
            attributes["type"] = kind
            if sub:
                attributes["subType"] = sub
            stack.append(etree.SubElement(parent, f"{{{NS20}}}pc", attributes))
        elif len(stack) > 1:
            stack.pop()


def _read20(root: etree._Element) -> Handoff:
    handoff = Handoff(root.get("srcLang", ""), root.get("trgLang", ""), "")
    for file_node in root.iterchildren(f"{{{NS20}}}file"):
        meta = {}
        notes = file_node.find(f"{{{NS20}}}notes")
        for note in notes.iterchildren(f"{{{NS20}}}note") if notes is not None else ():
            category = note.get("category", "")
            if category.startswith("helpsite:"):
                meta[category.removeprefix("helpsite:")] = (note.text or "").strip()
        page = _page_from(file_node.get("original", ""), meta)
        handoff.translation_type = handoff.translation_type or meta.get("translation-type", "")
        for node in file_node.iter(f"{{{NS20}}}unit"):
            unit = Unit(node.get("id", ""), node.get("name", ""), 0, ())
            segments = list(node.iter(f"{{{NS20}}}segment"))
            targets = [s.find(f"{{{NS20}}}target") for s in segments if s.get("state") != "initial"]
            if segments and len(targets) == len(segments) and all(t is not None for t in targets):
                pieces: list[str | Placeholder] = []
                for target in targets:
                    pieces.extend(_pieces20(target, unit.id))
                unit.target = pieces if any(isinstance(p, str) and p.strip() for p in pieces) else None
            page.units.append(unit)
        handoff.pages.append(page)
    return handoff


def _pieces20(element: etree._Element, unit_id: str) -> list[str | Placeholder]:
    def role(child: etree._Element, name: str) -> tuple[str, str | None] | None:
        if name == "ec":
            return "close", child.get("startRef") or child.get("id")
        if name == "cp":
            return "char", child.get("hex", "20")
        kinds = {"ph": "ph", "pc": "pair", "sc": "open", "mrk": "content"}
        return (kinds[name], None if name == "mrk" else child.get("id")) if name in kinds else None

    return _target_pieces(element, unit_id, role)


# -- PO (translate-toolkit) ----------------------------------------------------------------------


def po_text(pieces: Iterable[Piece | Placeholder]) -> str:
    out = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
        elif piece.role == "ph":
            out.append(f"<x{piece.id}/>")
        else:
            out.append(f"<g{piece.id}>" if piece.role == "open" else f"</g{piece.id}>")
    return "".join(out)


def _write_po(handoff: Handoff) -> bytes:
    from translate.storage import po

    store = po.pofile()
    fields = {
        "Language": handoff.target_language,
        "X_Helpsite_Source_Language": handoff.source_language,
        "X_Helpsite_Translation_Type": handoff.translation_type,
    }
    for index, page in enumerate(handoff.pages, 1):
        fields[f"X_Helpsite_Page_{index}"] = f"{page.source_hash} {page.source_commit or '-'} {page.handoff} {page.relpath}"
    store.updateheader(add=True, **fields)
    for page in handoff.pages:
        for unit in page.units:
            entry = store.addsourceunit(po_text(unit.source))
            entry.setcontext(f"{page.relpath}:{unit.id}")
            for note in unit.notes:
                entry.addnote(note, origin="developer")
            said = legend(unit)
            if said:
                entry.addnote(f"placeholders: {said}; keep each one once", origin="developer")
            if unit.target is not None:
                entry.target = po_text(unit.target)
    return bytes(store)


def _read_po(data: bytes) -> Handoff:
    from translate.storage import po

    try:
        store = po.pofile.parsestring(data)
    except Exception as exc:  # translate-toolkit raises what its parser meets (ValueError, UnicodeDecodeError, ...)
        raise ExchangeError(f"not a PO file: {exc}") from None
    header = store.parseheader()
    languages = header.get("X-Helpsite-Source-Language", ""), header.get("Language", "")
    handoff = Handoff(*languages, header.get("X-Helpsite-Translation-Type", ""))
    pages: dict[str, Page] = {}
    for name, value in header.items():
        if name.startswith("X-Helpsite-Page-"):
            parts = value.split(" ", 3)
            if len(parts) != 4:
                raise ExchangeError(f"header {name}: {value!r} is not 'hash commit date path'")
            page = _page_from(parts[3], dict(zip(_META, parts[:3], strict=True)))
            pages[page.relpath] = page
            handoff.pages.append(page)
    if not pages:
        raise ExchangeError("a PO file without X-Helpsite-Page headers: it was not exported by helpsite")
    for entry in store.units:
        if entry.isheader() or entry.isobsolete():
            continue
        relpath, _, ident = (entry.getcontext() or "").rpartition(":")
        if relpath not in pages:
            raise ExchangeError(f"entry {entry.getcontext()!r}: not a unit of a page this file names")
        unit = Unit(ident, "", 0, ())
        if entry.target and not entry.isfuzzy():
            unit.target = _pieces_po(str(entry.target))
        pages[relpath].units.append(unit)
    return handoff


def _pieces_po(text: str) -> list[str | Placeholder]:
    out: list[str | Placeholder] = []
    position = 0
    for match in _PO_CODE.finditer(text):
        if match.start() > position:
            out.append(text[position : match.start()])
        standalone, opening, closing = match.groups()
        if standalone:
            out.append(Placeholder(int(standalone), "ph"))
        elif opening:
            out.append(Placeholder(int(opening), "open"))
        else:
            out.append(Placeholder(int(closing), "close"))
        position = match.end()
    if position < len(text):
        out.append(text[position:])
    return out
