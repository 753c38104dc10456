"""The build cache keeps a page's HTML as UTF-8, apart from its entry's JSON, and gives back what it
was given; a value it did not write is refused, never read as a page."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from helpsite.mkdocs.buildcache import FORMAT, BuildCache, _entry_from_json, _json
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


# What an entry may hold, and what json and orjson write differently: NaN and the infinities,
# integers past 64 bits, lone surrogates, dates, tuples, keys that are not text, text that reads "null".
LEAF = (
    st.text(st.characters(codec="utf-8"))
    | st.sampled_from(["\ud800", "null", "a\0b"])
    | st.floats()
    | st.integers()
    | st.sampled_from([2**64, -(2**63) - 1, 1e16, 1e-7, -0.0])
    | st.booleans()
    | st.none()
    | st.dates()
)
VALUE = st.recursive(
    LEAF,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=5) | st.integers(0, 3), inner, max_size=3)
    ),
    max_leaves=12,
)


def _as_json_reads_it(data: bytes) -> str:
    return json.dumps(json.loads(data), sort_keys=True)  # NaN is NaN here, as json wrote it


@given(VALUE)
@example(float("nan"))
@example({"a": [float("inf"), "x"]})
@example([2**70])
@example({1: "a key that is not text"})
@example("\ud800")
def test_an_entry_reads_back_as_json_would_have_written_it_or_fails_as_json_fails(value):
    try:
        expected = json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
    except TypeError:  # a date: json has no type for it, and the entry is not kept
        with pytest.raises(TypeError):
            _json(value)
        return
    assert _as_json_reads_it(_json(value)) == _as_json_reads_it(expected)


@given(VALUE)
@example(2**64)
@example([-(2**63) - 1, "\ud800"])
@example({"a": float("nan")})
def test_an_entry_written_reads_back_as_json_reads_it(value):
    try:
        data = _json(value)
    except TypeError:  # a date: not kept
        return
    assert repr(_entry_from_json(data)) == repr(json.loads(data))  # repr: 1 and 1.0, 2**64 and 1.8e19 differ


def test_what_json_writes_is_marked_for_json_to_read():
    assert _json([2**64]) == b" [18446744073709551616]"  # orjson would read back a float
    assert _json({"a": float("nan")})[:1] == b" "
    assert _json({"a": [1, "b"]}) == b'{"a":[1,"b"]}'  # orjson's, read by orjson


def test_a_damaged_entry_is_refused_as_json_refuses_it():
    for damaged in (b"", b'{"a":', b" [1", b"\xff", b"[" * 5000, b" " + b"[" * 5000):
        with pytest.raises((ValueError, RecursionError)):  # as BuildCache.get expects of a damaged entry
            _entry_from_json(damaged)
