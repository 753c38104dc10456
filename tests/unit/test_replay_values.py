"""A replayed page's metadata comes back as the types it had: Markup stays Markup, text stays text."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from helpsite.mkdocs.buildcache import Uncertain
from helpsite.mkdocs.replay import decode, encode

SCALARS = st.one_of(
    st.text(),
    st.text().map(Markup),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.none(),
    st.dates(),
    st.datetimes(),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner), st.dictionaries(st.text(), inner)), max_leaves=20)


def same(a: object, b: object) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)  # type: ignore[index]
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))  # type: ignore[arg-type]
    return a == b


@given(VALUES)
def test_a_value_comes_back_with_its_type(value):
    assert same(decode(encode(value)), value)


def test_text_that_looks_like_a_kept_value_stays_text():
    crafted = ["m", "<script>alert(1)</script>"]  # front matter may hold exactly this list
    back = decode(encode(crafted))
    assert back == crafted and all(type(item) is str for item in back)
    assert type(decode(encode({"title": "<b>x</b>"}))["title"]) is str


def test_a_value_of_another_type_is_not_kept():
    with pytest.raises(Uncertain):
        encode({"when": datetime.UTC})
    with pytest.raises(Uncertain):
        encode({1: "a key that is no text"})


@pytest.mark.parametrize("damaged", [["m", 1], ["x", "?"], "plain", ["o", [["k"]]], ["l", "not a list"], ["i", True]])
def test_a_damaged_value_is_refused(damaged):
    with pytest.raises((ValueError, TypeError)):
        decode(damaged)
