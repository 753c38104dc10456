"""The build cache keeps a page's HTML as UTF-8, apart from its entry's JSON, and gives back what it
was given; a value it did not write is refused, never read as a page."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpsite.mkdocs.buildcache import FORMAT, BuildCache
from helpsite.packing import pack
from helpsite.run.parsecache import write_store

# Text as a page's HTML may hold it: quotes, newlines, NULs, characters beyond the BMP, lone surrogates.
HTML = st.text(alphabet=st.characters(blacklist_categories=()), max_size=200) | st.sampled_from(['<p a="1">\n\0</p>', "\ud800", "\0\0"])
TOC = st.recursive(
    st.just([]), lambda inner: st.lists(st.tuples(st.text(), st.text(), st.integers(1, 6), st.booleans(), inner).map(list), max_size=2)
)


def body(content: str, toc: list) -> dict:
    return {"content": content, "toc": toc, "title": None, "anchors": ["a\0b"], "links": None, "logs": [["mkdocs", 30, "x\0y"]]}


@given(HTML, TOC)
def test_a_body_and_a_page_come_back_as_they_were_put(content, toc):
    cache = BuildCache(Path("/nonexistent/build.sqlite"), "run")  # nothing read, nothing saved
    cache.put("body", "k", body(content, toc), apart="content")
    cache.put_text("output", "k", content)
    assert cache.get("body", "k", lambda value: True, apart="content") == body(content, toc)
    assert cache.get_text("output", "k") == content


def test_kept_html_is_not_json_and_comes_back_from_the_store(tmp_path):
    cache = BuildCache(tmp_path / "build.sqlite", "run")
    cache.put("body", "k", body('<a href="x">\n', []), apart="content")
    cache.put_text("output", "k", "<html>\u00e9\n</html>")
    cache.save()
    again = BuildCache(tmp_path / "build.sqlite", "run")
    assert again.get("body", "k", lambda value: True, apart="content") == body('<a href="x">\n', [])
    assert again.get_text("output", "k") == "<html>\u00e9\n</html>"
    with sqlite3.connect(tmp_path / "build.sqlite") as db:
        (stored,) = db.execute("SELECT value FROM entries WHERE kind = 'output'").fetchone()
    assert pack("<html>\u00e9\n</html>".encode()) == stored  # the HTML's own bytes, not a JSON string of them


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("output", b"\xff\xfe not UTF-8"),
        ("body", b'{"toc": []}'),  # JSON without the HTML kept apart
        ("body", b'"a string"\0<p>'),  # something else before the HTML
        ("body", b'{"content": "twice"}\0<p>'),  # the HTML's field in the JSON too
        ("body", b"\0<p>"),
        ("body", b"not json\0<p>"),
    ],
)
def test_a_value_this_cache_did_not_put_is_refused_and_said_once(tmp_path, capsys, kind, value):
    path = tmp_path / "build.sqlite"
    write_store(path, FORMAT, ("kind", "key"), [(kind, "k", pack(value)), ("other", "o", pack(b"1"))], "build cache")
    cache = BuildCache(path, "run")
    if kind == "output":
        assert cache.get_text(kind, "k") is None
    else:
        assert cache.get(kind, "k", lambda value: True, apart="content") is None
    assert cache.get(kind, "k", lambda value: True, apart="content") is None  # asked again: said once
    assert capsys.readouterr().err.count("a damaged entry") == 1


def test_a_value_of_the_template_context_is_encoded_for_every_page_but_a_plugins_configuration():
    from mkdocs.config import config_options
    from mkdocs.config.base import Config

    from helpsite.mkdocs.buildcache import CONFIG_RECHECK

    class PluginConfig(Config):
        option = config_options.Type(str, default="a")

    cache = BuildCache(Path("/nonexistent/build.sqlite"), "run")
    styles, plugin = ["a.css"], PluginConfig()
    plugin.load_dict({})
    first = cache._shown_values({"extra_css": styles, "plugin": plugin})
    styles.append("b.css")  # changed in place between pages: the next page's key says so
    second = cache._shown_values({"extra_css": styles, "plugin": plugin})
    assert second != first
    plugin["option"] = "b"  # a plugin's configuration is configuration: read again every CONFIG_RECHECK pages
    for _ in range(CONFIG_RECHECK):
        cache._shown_values({"extra_css": styles, "plugin": plugin})
    assert cache.unreliable  # changed between pages: what this build rendered is not kept
