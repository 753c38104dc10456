"""The search indexes are written by orjson where it writes json's own bytes
(helpsite.publishing.publish.search_index_bytes), whatever the text holds, and by json elsewhere."""

from __future__ import annotations

import datetime
import json

from hypothesis import example, given
from hypothesis import strategies as st

from helpsite.publishing.publish import search_index_bytes

TEXT = st.text(st.characters(codec="utf-8"))  # every character a page's text may hold, controls and U+2028 included
ENTRY = st.dictionaries(st.sampled_from(["location", "title", "text", "tags"]), st.one_of(TEXT, st.lists(TEXT, max_size=3)), min_size=1)
LANGUAGES = st.lists(st.sampled_from(["en", "nl", "de", "ar"]), max_size=2)
CONFIG = st.fixed_dictionaries({"lang": LANGUAGES, "separator": TEXT, "fields": st.just({"title": {"boost": 1000.0}})})


def _json_bytes(index: dict) -> bytes:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


@given(CONFIG, st.lists(ENTRY, max_size=6))
def test_an_index_of_text_is_written_as_json_writes_it(config, docs):
    index = {"config": config, "docs": docs}
    assert search_index_bytes(index) == _json_bytes(index)


@given(CONFIG, st.lists(ENTRY, max_size=4), st.one_of(st.floats(allow_nan=False), st.integers(), st.dates(), st.none(), st.booleans()))
@example({}, [], 1e16)  # json: 1e+16, orjson: 1e16
@example({}, [], 1e-7)
@example({}, [], 2**70)
@example({}, [], ("a", "tuple"))
@example({}, [], {1: "a key that is not text"})
def test_an_index_with_any_other_value_is_written_as_json_writes_it(config, docs, other):
    index = {"config": config, "docs": [*docs, {"location": "page/", "boost": other}]}
    assert search_index_bytes(index) == _json_bytes(index)
    assert search_index_bytes({"docs": docs, "config": config}) == _json_bytes({"docs": docs, "config": config})


def test_a_lone_surrogate_fails_as_json_fails():
    index = {"config": {}, "docs": [{"location": "page/", "text": "\ud800"}]}
    for write in (search_index_bytes, _json_bytes):
        try:
            write(index)
        except UnicodeEncodeError:
            continue
        raise AssertionError(f"{write.__name__} wrote a lone surrogate")


def test_a_date_a_hook_put_in_an_entry_is_text_as_material_writes_it():
    index = {"config": {}, "docs": [{"location": "page/", "date": datetime.date(2021, 1, 5)}]}
    assert b'"date":"2021-01-05"' in search_index_bytes(index)
