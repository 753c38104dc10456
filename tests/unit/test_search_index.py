"""mkdocs/search.py: the whole site's search index taken from Material's plugin without writing it
splits into the very bytes of the index the plugin writes and helpsite reads back."""

from __future__ import annotations

import datetime

from mkdocs.config import load_config

from helpsite.content.locales import Locales
from helpsite.mkdocs.search import combined_index, split_index, write_search_plugins_index
from helpsite.publishing.publish import Publication
from tests.paths import REPO

ENTRIES = [
    {"location": "", "title": "Contoso Help", "text": "<p>Welcome, \u00e9l\u00e8ve &amp; \u201cfriends\u201d</p>"},
    {"location": "billing/pay/", "title": "Pay now", "text": "<p>Pay.</p>", "tags": ["billing", "1"], "boost": 2.5},
    {"location": "billing/pay/#steps", "title": "Steps", "text": "<p>One.</p>"},
    {"location": "nl/billing/pay/", "title": "Nu betalen", "text": "<p>Betaal \u20ac 10.</p>"},
    {"location": "nl/billing/pay/#stappen", "title": "Stappen", "text": "<p>E\u00e9n.</p>", "boost": datetime.date(2021, 1, 5)},
    {"location": "de/billing/pay/", "title": "Jetzt zahlen", "text": "<p>Gr\u00fc\u00dfe</p>"},
]


def loaded_config(tmp_path, plugins: str, theme: str = "material"):
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(f"site_name: Contoso\ntheme:\n  name: {theme}\nplugins:\n{plugins}", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_config(config)
    return config


def publication() -> Publication:
    return Publication(Locales.load(REPO / "locales"), ("en", "nl", "de"), "https://help.example.com/", True)


def site_files(root) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_the_index_split_at_once_is_the_one_split_from_what_the_plugin_wrote(tmp_path):
    config = loaded_config(tmp_path, "  - search:\n      separator: '[\\s\\-]+'\n")
    write_search_plugins_index(config, [dict(entry) for entry in ENTRIES])
    written = tmp_path / "site"
    split_index(written, publication(), {"de/billing/pay/"}, ["en", "nl", "de"])
    combined = combined_index(config, [dict(entry) for entry in ENTRIES])
    assert combined is not None and combined["docs"] == ENTRIES
    assert combined["config"]["separator"] == "[\\s\\-]+" and combined["config"]["fields"]["title"] == {"boost": 1000.0}
    direct = tmp_path / "direct"
    split_index(direct, publication(), {"de/billing/pay/"}, ["en", "nl", "de"], combined)
    assert set(site_files(direct)) == {"search/search_index.json", "nl/search/search_index.json", "de/search/search_index.json"}
    assert site_files(direct) == site_files(written)  # byte for byte, the date a hook left in an entry too
    assert b'"boost":"2021-01-05"' in (direct / "nl/search/search_index.json").read_bytes()
    assert b'"docs":[]' in (direct / "de/search/search_index.json").read_bytes()  # its one page is not searchable


def test_no_index_is_taken_from_a_disabled_or_a_non_material_search_plugin(tmp_path):
    assert combined_index(loaded_config(tmp_path, "  - search:\n      enabled: false\n"), ENTRIES) is None
    assert combined_index(loaded_config(tmp_path, "  - search\n", theme="mkdocs"), ENTRIES) is None  # MkDocs's own plugin
    assert combined_index(loaded_config(tmp_path, "  - tags\n"), ENTRIES) is None
