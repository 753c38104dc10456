"""XLIFF for the tests: the OASIS schemas (tests/data/xliff, see its README) and a pseudo-translator.

The pseudo-translation changes every word of a unit's text and keeps every placeholder and
protected term, as a translator's tool would: it is what a round trip must survive."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from lxml import etree

from tests.paths import REPO

SCHEMAS = REPO / "tests" / "data" / "xliff"
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
_WORD = re.compile(r"[^\W\d_]+")
_PO_CODE = re.compile(r"(<x\d+/>|</?g\d+>)")


class _LocalCopies(etree.Resolver):
    """The schemas import xml.xsd from the W3C's site (1.2) or a folder beside them (2.0): the copy here answers both."""

    def resolve(self, url, pubid, context):
        if url.endswith("xml.xsd"):
            return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
        return None


@cache
def schema(version: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalCopies())
    name = "xliff-core-1.2-strict.xsd" if version == "1.2" else "xliff_core_2.0.xsd"
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


def schema_errors(data: bytes) -> list[str]:
    """What makes the file invalid by the OASIS schema of its version (XLIFF 1.2 strict, or 2.0 core)."""
    root = etree.fromstring(data)
    checker = schema("2.0" if root.tag == f"{{{NS20}}}xliff" else "1.2")
    return [] if checker.validate(root) else [f"{e.line}: {e.message}" for e in checker.error_log]


def pseudo_word(word: str) -> str:
    """Every word changed, reversibly recognisable: 'Select' -> 'ŢĆELES'."""
    return "Ţ" + word[::-1].upper()


def pseudo_text(text: str) -> str:
    return _WORD.sub(lambda m: pseudo_word(m.group(0)), text)


def _pseudo_children(node: etree._Element, codes: set[str]) -> None:
    """Change the text of a target copied from its source; leave codes and protected marks alone."""
    if etree.QName(node).localname in codes:
        return
    if node.text and etree.QName(node).localname != "mrk":
        node.text = pseudo_text(node.text)
    for child in node:
        _pseudo_children(child, codes)
        if child.tail:
            child.tail = pseudo_text(child.tail)


def pseudo_translate(data: bytes, machine: bool = False) -> bytes:
    """Every unit of an exported file translated: XLIFF 1.2, XLIFF 2.0 or PO."""
    if not data.lstrip().startswith(b"<"):
        return pseudo_translate_po(data)
    root = etree.fromstring(data)
    if root.tag == f"{{{NS20}}}xliff":
        for segment in root.iter(f"{{{NS20}}}segment"):
            if segment.get("state") == "final":
                continue
            source = segment.find(f"{{{NS20}}}source")
            target = etree.fromstring(etree.tostring(source))
            target.tag = f"{{{NS20}}}target"
            target.tail = None
            _pseudo_children(target, {"ph"})
            segment.append(target)
            segment.set("state", "translated")
    else:
        for unit in root.iter(f"{{{NS12}}}trans-unit"):
            if unit.find(f"{{{NS12}}}target") is not None:
                continue
            source = unit.find(f"{{{NS12}}}source")
            target = etree.fromstring(etree.tostring(source))
            target.tag = f"{{{NS12}}}target"
            target.tail = None
            target.set("state", "translated")
            if machine:
                target.set("state-qualifier", "mt-suggestion")
            _pseudo_children(target, {"ph", "bpt", "ept"})
            source.addnext(target)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def pseudo_translate_po(data: bytes) -> bytes:
    from translate.storage import po

    store = po.pofile.parsestring(data)
    for entry in store.units:
        if entry.isheader() or entry.target:
            continue
        entry.target = "".join(part if _PO_CODE.fullmatch(part) else pseudo_text(part) for part in _PO_CODE.split(str(entry.source)))
    return bytes(store)


def read(path: Path) -> bytes:
    return path.read_bytes()
