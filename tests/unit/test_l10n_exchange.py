"""The translator round trip: `helpsite l10n export` to XLIFF 1.2, XLIFF 2.0 or PO, and `helpsite l10n import` back.

Real articles of the corpus slice go out, come back pseudo-translated (every word changed, every
placeholder kept) and must pass the structure checks; exported files must be valid by the OASIS
schemas (tests/data/xliff)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from lxml import etree

from helpsite.content.blocks import segment, verify
from helpsite.content.edit import BEFORE_REPLACE
from helpsite.content.parse import parse_article
from helpsite.translation.review import source_hash
from tests.conftest import SLICE_ALCHEMY, SLICE_ARABIC, Project, article, shared_corpus
from tests.xliff import NS12, NS20, pseudo_text, pseudo_translate, schema_errors

STRUCTURE = "L10N002,L10N003,L10N004,L10N005,L10N006"
# Five real articles: bold UI labels and links, lists, images (Alchemy, English); DocFX images,
# includes, alerts, tables and code (Microsoft 365, as text of a source page).
FIVE = {
    "azure-subscription-payment-change.md": SLICE_ALCHEMY / "en-US/AlchemyInsights/azure-subscription-payment-change.md",
    "troubleshoot-audio-issues-in-windows-10.md": SLICE_ALCHEMY / "en-US/AlchemyInsights/troubleshoot-audio-issues-in-windows-10.md",
    "outlook-com-recover-missing-mail-events-contacts.md": SLICE_ALCHEMY
    / "en-US/AlchemyInsights/outlook-com-recover-missing-mail-events-contacts.md",
    "clonepackage.md": SLICE_ARABIC / "microsoft-365/test-base/clonepackage.md",
    "advanced-hunting-seenby-function.md": SLICE_ARABIC / "microsoft-365/security/defender/advanced-hunting-seenby-function.md",
}
FORMATS = {"xliff": "handoff.xlf", "xliff2": "handoff.xlf", "po": "handoff.po"}


def git(root, *args: str) -> str:
    command = ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def commit_all(root, message: str = "change") -> str:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)
    return git(root, "rev-parse", "HEAD")


def round_trip(project: Project, fmt: str, *sources: str, machine: bool = False, extra: tuple[str, ...] = ()):
    out = project.root / FORMATS[fmt]
    exported = project.helpsite("l10n", "export", *sources, "--locale", "nl", "--format", fmt, "-o", str(out), "--date", "03/02/2026")
    assert exported.returncode == 0, exported.stderr
    translated = project.root / f"translated-{out.name}"
    translated.write_bytes(pseudo_translate(out.read_bytes(), machine=machine))
    return project.helpsite("l10n", "import", str(translated), *extra), out.read_bytes(), translated


def drop(code: etree._Element, keep_text: bool) -> None:
    """Take an inline code out of its text: its own text too unless ``keep_text`` (a <pc>'s is the translation's)."""
    parent, previous = code.getparent(), code.getprevious()
    moved = ((code.text or "") if keep_text else "") + (code.tail or "")
    if previous is not None:
        previous.tail = (previous.tail or "") + moved
    else:
        parent.text = (parent.text or "") + moved
    parent.remove(code)


def text_of(path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture
def five(project: Project) -> Project:
    for name, path in FIVE.items():
        shutil.copy(path, project.root / "docs/en" / name)
    return project


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_five_corpus_articles_go_out_and_come_back_pseudo_translated_and_pass_the_structure_checks(five, fmt):
    result, exported, _ = round_trip(five, fmt, "docs/en")
    assert result.returncode == 0, result.stderr
    if fmt != "po":
        assert schema_errors(exported) == []
    assert sorted(line.split(":")[0] for line in result.stdout.splitlines()) == sorted(f"docs/nl/{name}" for name in FIVE)
    check = five.helpsite("check", "docs/nl", "--select", STRUCTURE)
    assert check.stdout == "", check.stdout
    for name in FIVE:
        source = parse_article(five.root / "docs/en" / name, locale="en", relpath=name)
        translated = parse_article(five.root / "docs/nl" / name, locale="nl", relpath=name)
        assert translated.meta["ms.openlocfilehash"] == source_hash(source)
        assert translated.meta["ms.lasthandoff"] == "03/02/2026"
        assert translated.meta["ms.translationtype"] == "HT"
        assert translated.meta["ms.contentlocale"] == "nl-NL"
        assert translated.meta["title"] == pseudo_text(" ".join(source.meta["title"].split()))
        theirs, ours = segment(source.body), segment(translated.body)
        assert len(theirs) == len(ours) > 3
        for a, b in zip(theirs, ours, strict=True):
            assert a.codes == b.codes  # every placeholder kept, in its block
            words = [w for p in a.pieces if isinstance(p, str) for w in re.findall(r"[^\W\d_]+", p)]
            assert all(pseudo_text(w) in b.text for w in words)  # every word changed
        assert source.structure.code_blocks == translated.structure.code_blocks


@pytest.mark.slow
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_the_largest_articles_of_the_shared_corpus_round_trip_and_validate(project, fmt):
    english = shared_corpus("alchemy", "en-US")
    largest = sorted(english.rglob("*.md"), key=lambda p: p.stat().st_size)[-5:]
    for path in largest:
        shutil.copy(path, project.root / "docs/en" / path.name)
    result, exported, _ = round_trip(project, fmt, "docs/en")
    assert result.returncode == 0, result.stderr
    if fmt != "po":
        assert schema_errors(exported) == []
    assert project.helpsite("check", "docs/nl", "--select", STRUCTURE).stdout == ""


def test_what_the_units_hold_placeholders_notes_and_protected_terms(project):
    (project.root / "locales/nl.yml").write_text(
        text_of(project.root / "locales/nl.yml") + "glossary:\n  terms: {invoice: factuur}\n  keep: [Contoso Cloud]\n", encoding="utf-8"
    )
    body = (
        "# <a name='pay'></a>Pay an invoice\n\n"
        "Select **Pay** in [Contoso Cloud](https://contoso.example/cloud) and run `Pay-Invoice`.\n\n"
        '> [!NOTE]\n> The invoice is in <abbr title="Portable">PDF</abbr>.\n\n'
        ':::image type="content" source="media/pay.png" alt-text="The pay button":::\n\n'
        "| Step | What |\n|---|---|\n| 1 | Open [!INCLUDE [x](../includes/x.md)] first |\n"
    )
    project.write("docs/en/pay.md", article("Pay an invoice", body, description="How to pay an invoice", **{"no-loc": "[Pay-Invoice]"}))
    out = project.root / "pay.xlf"
    assert project.helpsite("l10n", "export", "docs/en/pay.md", "--locale", "nl-NL", "-o", str(out)).returncode == 0
    data = out.read_bytes()
    assert schema_errors(data) == []
    root = etree.fromstring(data)
    units = {u.get("id"): u for u in root.iter(f"{{{NS12}}}trans-unit")}
    assert [u.get("resname") for u in units.values()] == [
        *("title", "description", "heading", "paragraph", "quote"),
        *("table-cell", "table-cell", "table-cell"),  # "Step", "What", "Open ...": not the cell "1"
    ]
    paragraph = next(u for u in units.values() if u.get("resname") == "paragraph")
    source = paragraph.find(f"{{{NS12}}}source")
    codes = [(etree.QName(c).localname, c.get("id"), c.get("ctype"), c.text) for c in source if etree.QName(c).localname != "mrk"]
    assert codes == [
        ("bpt", "1", "bold", "**"),
        ("ept", "1", None, "**"),
        ("bpt", "2", "link", "["),
        ("ept", "2", None, "](https://contoso.example/cloud)"),
        ("ph", "3", "x-code", "`Pay-Invoice`"),
    ]
    assert [m.text for m in source.iter(f"{{{NS12}}}mrk")] == ["Contoso Cloud"]
    notes = [n.text for n in paragraph.iter(f"{{{NS12}}}note")]
    assert notes == ["paragraph, line 8", "do not translate: Contoso Cloud"]
    quote = next(u for u in units.values() if u.get("resname") == "quote")
    assert "".join(quote.find(f"{{{NS12}}}source").itertext()) == 'The invoice is in <abbr title="Portable">PDF</abbr>.'  # [!NOTE] left out
    assert [n.text for n in quote.iter(f"{{{NS12}}}note")][1] == "glossary: invoice -> factuur"
    heading = next(u for u in units.values() if u.get("resname") == "heading")
    assert heading.find(f"{{{NS12}}}source").text == "Pay an invoice"  # the <a name> before it stays in the page
    cells = [u for u in units.values() if u.get("resname") == "table-cell"]
    ph = cells[2].find(f"{{{NS12}}}source")[0]
    assert (ph.get("ctype"), ph.text) == ("x-docfx", "[!INCLUDE [x](../includes/x.md)]")
    # XLIFF 2: <pc>/<ph> with the Markdown in <originalData>, the term marked translate="no".
    out2 = project.root / "pay2.xlf"
    assert project.helpsite("l10n", "export", "docs/en/pay.md", "--locale", "nl", "--format", "xliff2", "-o", str(out2)).returncode == 0
    root2 = etree.fromstring(out2.read_bytes())
    assert schema_errors(out2.read_bytes()) == []
    unit = next(u for u in root2.iter(f"{{{NS20}}}unit") if u.get("name") == "paragraph")
    source2 = unit.find(f"{{{NS20}}}segment/{{{NS20}}}source")
    assert [(etree.QName(c).localname, c.get("id")) for c in source2.iter() if c is not source2] == [
        ("pc", "1"),
        ("pc", "2"),
        ("mrk", "m1"),
        ("ph", "3"),
    ]
    assert source2.find(f"{{{NS20}}}pc[@id='2']/{{{NS20}}}mrk").get("translate") == "no"
    data_ids = {d.get("id"): d.text for d in unit.iter(f"{{{NS20}}}data")}
    assert data_ids == {"d1o": "**", "d1c": "**", "d2o": "[", "d2c": "](https://contoso.example/cloud)", "d3": "`Pay-Invoice`"}
    # PO: <x1/> and <g1>...</g1>, explained in a comment.
    out3 = project.root / "pay.po"
    assert project.helpsite("l10n", "export", "docs/en/pay.md", "--locale", "nl", "--format", "po", "-o", str(out3)).returncode == 0
    po = out3.read_text(encoding="utf-8")
    assert 'msgid "Select <g1>Pay</g1> in <g2>Contoso Cloud</g2> and run <x3/>."' in po
    assert "#. placeholders: <g1>...</g1> is bold **...**; <g2>...</g2> is link [...](https://contoso.example/cloud); " in po
    assert "#. do not translate: Contoso Cloud" in po
    assert 'msgctxt "pay.md:title"' in po


def test_unit_ids_are_stable_across_exports_and_edits_elsewhere(project):
    body = "# Pay\n\nFirst paragraph.\n\nSecond paragraph.\n\n- one\n- two\n"
    project.write("docs/en/pay.md", article("Pay", body))

    def ids(date: str) -> list[str]:
        out = project.root / f"{date.replace('/', '')}.xlf"
        assert project.helpsite("l10n", "export", "docs/en/pay.md", "--locale", "nl", "-o", str(out), "--date", date).returncode == 0
        return [u.get("id") for u in etree.fromstring(out.read_bytes()).iter(f"{{{NS12}}}trans-unit")]

    first = ids("01/01/2026")
    assert first == ids("02/02/2026")
    project.write("docs/en/pay.md", article("Pay", body.replace("First paragraph.", "First paragraph, changed.")))
    changed = ids("03/03/2026")
    assert [a == b for a, b in zip(first, changed, strict=True)] == [True, True, False, True, True, True]


@pytest.mark.parametrize("fmt", ["xliff", "xliff2", "po"])
def test_a_unit_whose_placeholders_do_not_match_is_refused_with_its_id_and_nothing_is_written(project, fmt):
    project.write("docs/en/pay.md", article("Pay", "# Pay\n\nSelect **Pay** and [confirm](https://contoso.example).\n"))
    project.write("docs/en/other.md", article("Other", "# Other\n\nText of another page.\n"))
    out = project.root / FORMATS[fmt]
    assert project.helpsite("l10n", "export", "docs/en", "--locale", "nl", "--format", fmt, "-o", str(out)).returncode == 0
    translated = pseudo_translate(out.read_bytes())
    unit_id = next(b.id for b in segment(text_of(project.root / "docs/en/pay.md").split("---\n", 2)[2]) if b.kind == "paragraph")
    if fmt == "po":
        broken = translated.replace(b"<g1>\xc5\xa2YAP</g1>", b"\xc5\xa2YAP")
    else:  # the pair around the bold text dropped from the target, its text kept
        root = etree.fromstring(translated)
        for target in root.iter(f"{{{NS12}}}target", f"{{{NS20}}}target"):
            for code in list(target.iter(f"{{{NS12}}}bpt", f"{{{NS12}}}ept", f"{{{NS20}}}pc")):
                if code.get("id") == "1":
                    drop(code, keep_text=etree.QName(code).localname == "pc")
        broken = etree.tostring(root)
    assert broken != translated
    (project.root / "broken").write_bytes(broken)
    result = project.helpsite("l10n", "import", "broken")
    assert result.returncode == 1
    assert f"docs/nl/pay.md: refused: unit {unit_id}: placeholders missing: " in result.stderr
    assert "nothing written" in result.stderr
    assert not (project.root / "docs/nl/pay.md").exists()
    assert "docs/nl/other.md: created" in result.stdout  # the other page of the file is written


def test_markdown_a_translator_types_is_refused(project):
    project.write("docs/en/pay.md", article("Pay", "# Pay\n\n- Select the button.\n"))
    out = project.root / "h.po"
    assert project.helpsite("l10n", "export", "docs/en/pay.md", "--locale", "nl", "--format", "po", "-o", str(out)).returncode == 0
    text = pseudo_translate(out.read_bytes()).decode()
    text = text.replace('msgstr "ŢTCELES ŢEHT ŢNOTTUB."', 'msgstr "Kies de **knop**."')
    (project.root / "t.po").write_text(text, encoding="utf-8")
    result = project.helpsite("l10n", "import", "t.po")
    assert result.returncode == 1
    assert "refused: unit li-" in result.stderr and "Markdown the source does not have: '**'; nothing written" in result.stderr
    assert not (project.root / "docs/nl/pay.md").exists()


def test_an_outdated_translation_exports_only_its_new_and_changed_blocks(project):
    body = "# Pay\n\nFirst paragraph.\n\nSecond paragraph.\n\n- one\n- two\n"
    project.write("docs/en/pay.md", article("Pay", body))
    git(project.root, "init", "-q")
    commit_all(project.root, "source")
    result, _, _ = round_trip(project, "xliff", "docs/en/pay.md")
    assert result.returncode == 0, result.stderr
    translated = parse_article(project.root / "docs/nl/pay.md", locale="nl", relpath="pay.md")
    assert translated.meta["ms.sourcegitcommit"] == git(project.root, "rev-parse", "HEAD")
    commit_all(project.root, "translation")
    changed = body.replace("Second paragraph.", "Second paragraph, changed.").replace("- two\n", "- two\n- three\n")
    project.write("docs/en/pay.md", article("Pay", changed))
    commit_all(project.root, "source changed")
    check = project.helpsite("check", "docs/nl/pay.md", "--select", "L10N001")
    assert "L10N001" in check.stdout
    out = project.root / "again.xlf"
    exported = project.helpsite("l10n", "export", "docs/en/pay.md", "--locale", "nl", "-o", str(out), "--date", "04/04/2026")
    assert "7 units, 2 to translate (4 words) (outdated: only new and changed blocks are to translate)" in exported.stderr
    assert schema_errors(out.read_bytes()) == []
    units = list(etree.fromstring(out.read_bytes()).iter(f"{{{NS12}}}trans-unit"))
    open_units = ["".join(u.find(f"{{{NS12}}}source").itertext()) for u in units if u.find(f"{{{NS12}}}target") is None]
    assert open_units == ["Second paragraph, changed.", "three"]
    finals = {"".join(u.find(f"{{{NS12}}}source").itertext()): u.find(f"{{{NS12}}}target") for u in units}
    assert finals["First paragraph."].text == pseudo_text("First paragraph.")
    assert finals["First paragraph."].get("state") == "final"
    # Translated and imported, the page is current again and keeps the translation of what did not change.
    (project.root / "again-t.xlf").write_bytes(pseudo_translate(out.read_bytes()))
    result = project.helpsite("l10n", "import", "again-t.xlf")
    assert result.returncode == 0, result.stderr
    assert "docs/nl/pay.md: updated" in result.stdout
    now = text_of(project.root / "docs/nl/pay.md")
    assert pseudo_text("First paragraph.") in now and pseudo_text("Second paragraph, changed.") in now and pseudo_text("three") in now
    assert project.helpsite("check", "docs/nl/pay.md", "--select", f"L10N001,{STRUCTURE}").stdout == ""


def test_import_into_an_existing_file_is_byte_exact_outside_the_translation_and_atomic(project):
    project.write("docs/en/pay.md", article("Pay now", "# Pay now\n\nSelect **Pay**.\n"))
    existing = (
        "\ufeff---\r\n"
        "# Dutch page, kept by the team\r\n"
        "title: 'Nu betalen'   # the old title\r\n"
        "ms.topic: how-to\r\n"
        "ms.translationtype: MT\r\n"
        "owner: anouk   # who keeps it\r\n"
        "---\r\n"
        "# Nu betalen\r\n\r\nKies **Betalen**.\r\n"
    )
    project.write("docs/nl/pay.md", existing.encode("utf-8"))
    result, _, _ = round_trip(project, "xliff2", "docs/en/pay.md")
    assert result.returncode == 0, result.stderr
    data = (project.root / "docs/nl/pay.md").read_bytes()
    lines = data.decode("utf-8").split("\r\n")
    assert data.startswith(b"\xef\xbb\xbf---\r\n")
    assert lines[1:6] == [
        "# Dutch page, kept by the team",
        f"title: '{pseudo_text('Pay now')}'   # the old title",
        "ms.topic: how-to",
        "ms.translationtype: HT",
        "owner: anouk   # who keeps it",
    ]
    assert lines[6].startswith("ms.openlocfilehash: hs1:") and lines[7] == "ms.lasthandoff: 03/02/2026" and lines[8] == "---"
    assert lines[9:] == [f"# {pseudo_text('Pay now')}", "", f"{pseudo_text('Select')} **{pseudo_text('Pay')}**.", ""]
    # An editor's save that lands while the import writes is not lost: the import is refused instead.
    before = data.replace(b"owner: anouk", b"owner: bram")
    BEFORE_REPLACE.append(lambda path: path.write_bytes(before))
    try:
        import os

        from helpsite.cli import main

        cwd = os.getcwd()
        os.chdir(project.root)
        try:
            code = main(["l10n", "import", "translated-handoff.xlf"])
        finally:
            os.chdir(cwd)
    finally:
        BEFORE_REPLACE.clear()
    assert code == 1
    assert (project.root / "docs/nl/pay.md").read_bytes() == before


def test_the_translation_type_comes_from_the_file(project):
    project.write("docs/en/pay.md", article("Pay", "# Pay\n\nSelect the button.\n"))
    result, _, _ = round_trip(project, "xliff", "docs/en/pay.md", machine=True)  # targets with state-qualifier="mt-suggestion"
    assert result.returncode == 0, result.stderr
    assert parse_article(project.root / "docs/nl/pay.md", locale="nl", relpath="pay.md").meta["ms.translationtype"] == "MT"
    (project.root / "docs/nl/pay.md").unlink()
    out = project.root / "mt.po"
    project.helpsite("l10n", "export", "docs/en/pay.md", "--locale", "nl", "--format", "po", "-o", str(out), "--translation-type", "MTE95")
    assert "X-Helpsite-Translation-Type: MTE95" in text_of(out)
    (project.root / "mt-t.po").write_bytes(pseudo_translate(out.read_bytes()))
    assert project.helpsite("l10n", "import", "mt-t.po").returncode == 0
    assert parse_article(project.root / "docs/nl/pay.md", locale="nl", relpath="pay.md").meta["ms.translationtype"] == "MTE95"
    bad = project.helpsite("l10n", "export", "docs/en/pay.md", "--locale", "nl", "-o", "x.xlf", "--translation-type", "robot")
    assert bad.returncode == 2 and "--translation-type robot: use one of HT, MT, MTE75, MTE95" in bad.stderr


def test_a_source_changed_since_export_is_refused_without_git(project):
    project.write("docs/en/pay.md", article("Pay", "# Pay\n\nSelect the button.\n"))
    out = project.root / "h.xlf"
    assert project.helpsite("l10n", "export", "docs/en/pay.md", "--locale", "nl", "-o", str(out)).returncode == 0
    (project.root / "t.xlf").write_bytes(pseudo_translate(out.read_bytes()))
    project.write("docs/en/pay.md", article("Pay", "# Pay\n\nSelect the other button.\n"))
    result = project.helpsite("l10n", "import", "t.xlf")
    assert result.returncode == 1
    assert "refused: the source changed since it was exported and git does not have it as exported: export it again" in result.stderr


def test_a_source_changed_since_export_is_rebuilt_from_git_and_stays_outdated(project):
    project.write("docs/en/pay.md", article("Pay", "# Pay\n\nSelect the button.\n"))
    git(project.root, "init", "-q")
    commit_all(project.root)
    out = project.root / "h.xlf"
    assert project.helpsite("l10n", "export", "docs/en/pay.md", "--locale", "nl", "-o", str(out)).returncode == 0
    (project.root / "t.xlf").write_bytes(pseudo_translate(out.read_bytes()))
    project.write("docs/en/pay.md", article("Pay", "# Pay\n\nSelect the other button.\n"))
    commit_all(project.root)
    result = project.helpsite("l10n", "import", "t.xlf")
    assert result.returncode == 0, result.stderr
    assert pseudo_text("Select the button.") in text_of(project.root / "docs/nl/pay.md")
    assert "L10N001" in project.helpsite("check", "docs/nl/pay.md", "--select", "L10N001").stdout


def test_usage_errors(project):
    project.write("docs/en/pay.md", article("Pay", "# Pay\n\nText.\n"))
    project.write("docs/nl/pay.md", article("Betalen", "# Betalen\n\nTekst.\n"))
    unknown = project.helpsite("l10n", "export", "docs/en/pay.md", "--locale", "fr", "-o", "x.xlf")
    assert (
        unknown.returncode == 2 and "--locale fr: no such locale; translations go to ar (ar-SA), de (de-DE), nl (nl-NL)" in unknown.stderr
    )
    assert project.helpsite("l10n", "export", "docs/nl/pay.md", "--locale", "nl", "-o", "x.xlf").returncode == 2
    (project.root / "junk.xlf").write_text("<html/>")
    junk = project.helpsite("l10n", "import", "junk.xlf")
    assert junk.returncode == 2 and "not XLIFF" in junk.stderr
    assert not (project.root / "x.xlf").exists()


def test_every_block_of_the_slice_survives_a_pseudo_translation():
    """Each article of the corpus slice, every block's text changed, keeps its blocks and their codes."""
    from helpsite.content.blocks import Code, rebuild
    from helpsite.content.parse import split_front_matter

    pages = blocks = 0
    for path in sorted(SLICE_ALCHEMY.parent.parent.rglob("*.md")):
        _, body, _, line = split_front_matter(path.read_text(encoding="utf-8-sig", errors="replace").replace("\r\n", "\n"))
        found = segment(body, line)
        translated = {b.id: [p if isinstance(p, Code) else pseudo_text(p) for p in b.pieces] for b in found}
        assert verify(found, rebuild(body, found, translated)) == [], path
        pages, blocks = pages + 1, blocks + len(found)
    assert pages > 400 and blocks > 4000


def test_an_imported_file_cannot_reach_outside_docs(project, tmp_path_factory):
    """An external entity is never read, a page the source does not have is never written, nor one through a folder link."""
    project.write("docs/en/billing/pay.md", article("Pay", "# Pay\n\nSelect the button.\n"))
    out = project.root / "h.xlf"
    assert project.helpsite("l10n", "export", "docs/en", "--locale", "nl", "-o", str(out)).returncode == 0
    translated = pseudo_translate(out.read_bytes()).decode()
    secret = tmp_path_factory.mktemp("secret") / "secret.txt"
    secret.write_text("TOP SECRET")
    hostile = translated.replace("<xliff ", f'<!DOCTYPE xliff [<!ENTITY s SYSTEM "file://{secret}">]>\n<xliff ', 1)
    hostile = hostile.replace(f"{pseudo_text('Select')} ", f"{pseudo_text('Select')} &s; ", 1)
    (project.root / "entity.xlf").write_text(hostile, encoding="utf-8")
    project.helpsite("l10n", "import", "entity.xlf")
    assert "TOP SECRET" not in text_of(project.root / "docs/nl/billing/pay.md")
    (project.root / "docs/nl/billing/pay.md").unlink()
    (project.root / "traversal.xlf").write_text(translated.replace('original="billing/pay.md"', 'original="../../../escape.md"'))
    result = project.helpsite("l10n", "import", "traversal.xlf")
    assert result.returncode == 1 and "refused: no source page en/../../../escape.md" in result.stderr
    assert not (project.root.parent / "escape.md").exists()
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (project.root / "docs/nl/billing").rmdir()
    (project.root / "docs/nl/billing").symlink_to(elsewhere)
    (project.root / "t.xlf").write_text(translated, encoding="utf-8")
    result = project.helpsite("l10n", "import", "t.xlf")
    assert result.returncode == 1 and "refused: its folder leads outside" in result.stderr
    assert list(elsewhere.iterdir()) == []
