"""One reset Markdown instance per language build renders each page as MkDocs' new instance per page does."""

from __future__ import annotations

from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from helpsite.mkdocs.markdown_pool import MarkdownPool

# Each page leaves what a reused instance could carry to the next: footnotes, abbreviations, ids, references.
PAGES = {
    "a.md": "# First\n\nText[^1] with HTML and a [ref][r].\n\n*[HTML]: Hyper Text\n\n[^1]: A note.\n\n[r]: b.md\n\n"
    "## Same { #same }\n\n!!! note\n    An admonition.\n\n<div markdown>*inside*</div>\n",
    "b.md": "# Second\n\nHTML again, [a ref][r] not defined here, a note[^1] not defined here.\n\n## Same\n\n## Same\n\n"
    "[to a](a.md#same)\n",
    "c.md": 'No heading; a | table\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n```python\ncode\n```\n\n=== "One"\n\n    1\n\n'
    '=== "Two"\n\n    2\n\nA \\<tenantname> escaped.\n',
    "d.md": '# Tabs again\n\n=== "One"\n\n    ```\n    fenced in a tab\n    ```\n\n=== "Two"\n\n    2\n',
}
EXTENSIONS = (
    "markdown_extensions:\n  - toc:\n      permalink: true\n  - attr_list\n  - admonition\n  - footnotes\n  - abbr\n  - md_in_html\n"
    "  - pymdownx.superfences\n  - pymdownx.tabbed:\n      alternate_style: true\n  - helpsite.content.escapes\n"
)


def rendered(page: Page) -> tuple:
    return page.content, [(item.id, item.title, len(item.children)) for item in page.toc], page.title, page.present_anchor_ids


def build(tmp_path, extensions: str, pool: MarkdownPool | None) -> list[tuple]:
    (tmp_path / "docs").mkdir(exist_ok=True)
    for name, text in PAGES.items():
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(f"site_name: t\n{extensions}", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = Files([File(name, config.docs_dir, config.site_dir, True) for name in PAGES])
    pages = [Page(None, file, config) for file in files]
    results = []
    for page in pages:
        page.read_source(config)
        if pool is not None:
            pool.render(page)
        page.render(config, files)
        results.append(rendered(page))
    return results


def test_a_reused_instance_renders_every_page_as_a_new_one(tmp_path):
    pool = MarkdownPool()
    assert build(tmp_path, EXTENSIONS, pool) == build(tmp_path, EXTENSIONS, None)
    assert pool._md is not None  # it was used, not bypassed


def test_an_extension_not_known_to_reset_gets_a_new_instance_per_page(tmp_path):
    pool = MarkdownPool()
    extensions = "markdown_extensions:\n  - toc\n  - pymdownx.caret\n"
    assert build(tmp_path, extensions, pool) == build(tmp_path, extensions, None)
    assert pool._md is None
