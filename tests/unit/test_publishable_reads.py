"""A build asks of every listed file whether it may publish it: the files it has just read safely need no second look."""

from __future__ import annotations

import os

from helpsite.content.parse import Publishable


def test_files_read_inside_docs_are_published_without_a_second_look(tmp_path):
    docs = tmp_path / "docs"
    (docs / "en").mkdir(parents=True)
    page = docs / "en" / "page.md"
    page.write_text("# Page\n", encoding="utf-8")
    outside = tmp_path / "secret.md"
    outside.write_text("secret\n", encoding="utf-8")
    link = docs / "en" / "leak.md"
    link.symlink_to(outside)
    publishable = Publishable(docs)
    publishable.read_inside([str(page)], docs)
    assert publishable.check(str(page)) == (True, None)
    allowed, finding = publishable.check(str(link))  # not among them: looked at, and refused
    assert not allowed and finding is not None and finding.code == "PARSE011"


def test_only_reads_of_the_same_docs_folder_and_names_that_are_utf8_are_trusted(tmp_path):
    docs = tmp_path / "docs"
    (docs / "en").mkdir(parents=True)
    outside = tmp_path / "secret.md"
    outside.write_text("secret\n", encoding="utf-8")
    link = docs / "en" / "leak.md"
    link.symlink_to(outside)
    publishable = Publishable(docs)
    publishable.read_inside([str(link)], tmp_path)  # read as a file of another folder: says nothing of docs/
    allowed, finding = publishable.check(str(link))
    assert not allowed and finding is not None and finding.code == "PARSE011"
    odd = os.fsdecode(os.fsencode(str(docs / "en")) + b"/caf\xe9.md")
    publishable.read_inside([odd], docs)
    allowed, finding = publishable.check(odd)
    assert not allowed and finding is not None and finding.code == "PARSE012"
