"""The parse cache: an article read back is the article parsed; anything else in the store is parsed again."""

from __future__ import annotations

import pickle
import random
import sqlite3

import pytest
import zstandard

from helpsite.content.config import Project as HelpsiteProject
from helpsite.packing import MAX_UNPACKED, DamagedValue, pack, unpack
from helpsite.run.engine import load_site
from helpsite.run.parsecache import ParseCache, _loads, keep_in_place, open_snapshot, write_store
from tests.conftest import Project, article


def read(project: Project):
    loaded = HelpsiteProject.load(project.root / "mkdocs.yml")
    return load_site(loaded, keep_parses=True)[0]


def store(project: Project):
    (path,) = (project.root / ".helpsite-cache").glob("parse-*.sqlite")
    return path


def test_articles_read_from_the_cache_equal_the_articles_parsed(site_copy, capsys):
    parsed = read(site_copy)
    kept = read(site_copy)
    assert len(kept) == len(parsed) > 10
    assert kept == parsed  # dataclasses: every field, positions and findings included
    assert "not used as it is" not in capsys.readouterr().err


def test_a_changed_article_is_parsed_again(site_copy):
    read(site_copy)
    site_copy.write("docs/en/billing/change-payment-method.md", article("A new title", "# A new title\n\nNew text.\n"))
    again = {a.relpath: a for a in read(site_copy) if a.locale == "en"}
    assert again["billing/change-payment-method.md"].title == "A new title"


def test_a_pickle_naming_anything_but_the_model_is_refused_and_the_article_parsed_again(site_copy, capsys, tmp_path):
    parsed = read(site_copy)

    class Exploit:
        def __reduce__(self):
            return (print, ("code ran",))

    with sqlite3.connect(store(site_copy)) as db:
        db.execute("UPDATE entries SET value = ?", (pack(pickle.dumps(Exploit())),))
    kept = read(site_copy)
    out = capsys.readouterr()
    assert "code ran" not in out.out + out.err
    assert out.err.count("a damaged entry") == 1
    assert kept == parsed
    assert _loads(b"not zstd") is None


def test_a_packed_value_claiming_more_than_a_value_can_be_is_refused_before_it_is_unpacked():
    assert unpack(pack(b"page" * 1000)) == b"page" * 1000
    # A frame that says it holds more than any value (zeros pack to almost nothing): refused on its header.
    bomb = zstandard.ZstdCompressor(level=1).compress(bytes(MAX_UNPACKED + 1))
    assert zstandard.frame_content_size(bomb) == MAX_UNPACKED + 1 and len(bomb) < 100_000
    with pytest.raises(DamagedValue, match="packed size"):
        unpack(bomb)
    unknown = zstandard.ZstdCompressor(write_content_size=False).compress(b"text")  # a size it does not say
    for damaged in (unknown, b"garbage", pack(b"text")[:-3], None):
        with pytest.raises(DamagedValue):
            unpack(damaged)


def test_a_packed_value_with_a_byte_changed_inside_is_refused_by_its_checksum():
    page = random.Random(7).randbytes(100_000)  # incompressible: zstd stores it raw, so the changed byte is a byte of the page
    packed = bytearray(pack(page))
    packed[len(packed) // 2] ^= 0x01
    with pytest.raises(DamagedValue):
        unpack(bytes(packed))


def test_a_store_that_is_no_database_is_ignored_with_one_message(site_copy, capsys):
    parsed = read(site_copy)
    store(site_copy).write_bytes(b"garbage" * 1000)
    assert read(site_copy) == parsed
    assert capsys.readouterr().err.count("the parse cache") == 1
    assert read(site_copy) == parsed  # the store was written again
    assert "the parse cache" not in capsys.readouterr().err


def test_the_parser_code_and_options_are_part_of_every_key(site_copy, monkeypatch):
    read(site_copy)
    options = HelpsiteProject.load(site_copy.root / "mkdocs.yml")
    from helpsite.content.parse import ParseOptions

    cache = ParseCache(site_copy.root / ".helpsite-cache", ParseOptions.of(options.settings))
    monkeypatch.setattr("helpsite.run.parsecache.code_digest", lambda: "another parser")
    other = ParseCache(site_copy.root / ".helpsite-cache", ParseOptions.of(options.settings))
    assert cache._salt != other._salt
    # pyromark, PyYAML (with or without libyaml) and Python-Markdown (the slugs) parse too.
    monkeypatch.setattr("pyromark.__version__", "0.0.0")
    upgraded = ParseCache(site_copy.root / ".helpsite-cache", ParseOptions.of(options.settings))
    assert upgraded._salt != other._salt
    monkeypatch.setattr("yaml.__with_libyaml__", False)
    assert ParseCache(site_copy.root / ".helpsite-cache", ParseOptions.of(options.settings))._salt != upgraded._salt


def test_a_packed_value_holds_no_more_memory_than_its_bytes():
    import os
    import tracemalloc

    pages = [os.urandom(2000) * 20 for _ in range(300)]  # 40 KB each, packing to about 2 KB
    tracemalloc.start()
    try:
        kept = [pack(page) for page in pages]
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    packed = sum(len(value) for value in kept)
    assert held < 2 * packed  # the binding's own result held its 40 KB worst case: ten times this
    assert [unpack(value) for value in kept] == pages


def test_a_record_of_any_number_of_fields_pickles_back_to_itself():
    from dataclasses import dataclass

    from helpsite.model import Heading, pickled_by_fields

    @pickled_by_fields
    @dataclass(frozen=True, slots=True)
    class One:
        name: str

    heading = Heading(2, "Set up", "set-up", 4, 1)
    assert pickle.loads(pickle.dumps(heading)) == heading
    assert One.__reduce__(One("x")) == (One, ("x",))  # the class itself, local here, is not importable


def test_a_store_kept_in_place_holds_what_the_run_used_and_added_and_nothing_else(tmp_path):
    path = tmp_path / "store.sqlite"
    write_store(path, "a format", ("kind", "key"), [("page", "a", b"1"), ("page", "b", b"2"), ("body", "a", b"3")], "store")
    keep_in_place(path, ("kind", "key"), {("page", "a"), ("body", "a")}, [("body", "a", b"4"), ("page", "c", b"5")])
    with sqlite3.connect(path) as db:
        assert sorted(db.execute("SELECT kind, key, value FROM entries")) == [("body", "a", b"4"), ("page", "a", b"1"), ("page", "c", b"5")]
        assert dict(db.execute("SELECT key, value FROM meta")) == {"format": "a format"}


def test_a_snapshot_reads_the_store_as_it_was_opened_and_lets_another_run_save_a_new_one(tmp_path):
    path = tmp_path / "store.sqlite"
    write_store(path, "a format", ("key",), [("a", b"1")], "store")
    snapshot = open_snapshot(path)
    try:
        write_store(path, "a format", ("key",), [("a", b"2")], "store")  # another run's save: a new file renamed into place
        assert snapshot.execute("SELECT value FROM entries WHERE key = 'a'").fetchone() == (b"1",)
    finally:
        snapshot.close()
    again = open_snapshot(path)
    try:
        assert again.execute("SELECT value FROM entries WHERE key = 'a'").fetchone() == (b"2",)
    finally:
        again.close()


def _shard_reads(project: Project, shares: list, parsed: list[list[str]]):
    """Each shard's read of the whole site at once, in a process of its own (as the shards are:
    zstd's packers are not shared between threads) with a parse cache of its own in
    ``.cache-<index>``: the articles, and (``parsed``) the paths each shard parsed itself."""
    import multiprocessing
    import shutil

    from helpsite.content.parse import ParseOptions
    from helpsite.run.engine import parse_source, whole_trees

    loaded = HelpsiteProject.load(project.root / "mkdocs.yml")
    options = ParseOptions.of(loaded.settings)
    _, sources = whole_trees(loaded)

    def run(index: int, out) -> None:
        folder = project.root / f".cache-{index}"
        shutil.rmtree(folder, ignore_errors=True)
        mine: list[str] = []

        def parse(source, data):
            mine.append(source.relpath)
            return parse_source(source, options, data)

        cache = ParseCache(folder, options)
        articles = cache.articles(sources, parse, options.max_file_bytes, shares[index])
        cache.save()
        out.send((articles, mine, cache.shared))

    context = multiprocessing.get_context("fork")
    pipes = [context.Pipe(duplex=False) for _ in shares]
    shards = [context.Process(target=run, args=(index, pipes[index][1]), daemon=True) for index in range(len(shares))]
    for shard in shards:
        shard.start()
    results: list = []
    for index, (receiving, _) in enumerate(pipes):
        assert receiving.poll(60), f"shard {index} gave nothing"
        articles, mine, shared = receiving.recv()
        results.append(articles)
        parsed[index].extend(mine)
        assert shared == (len(mine), len(articles) - len(mine))  # with an empty cache: parsed here or taken
    for shard in shards:
        shard.join(10)
    return results, len(sources)


def _kept_whole(project: Project, index: int) -> bool:
    """Whether shard ``index``'s parse cache, saved, holds every article (taken ones included)."""
    from helpsite.content.parse import ParseOptions
    from helpsite.run.engine import whole_trees

    loaded = HelpsiteProject.load(project.root / "mkdocs.yml")
    options = ParseOptions.of(loaded.settings)
    _, sources = whole_trees(loaded)
    cache = ParseCache(project.root / f".cache-{index}", options)
    parsed_again = []
    for source in sources:
        cache.article(source, lambda source, data: parsed_again.append(source) or None, options.max_file_bytes)
    return not parsed_again


def test_the_shards_of_a_parallel_build_parse_the_site_once_between_them(site_copy, tmp_path):
    import os

    from helpsite.run.parsecache import SharedParses

    alone = read(site_copy)
    # (the shards are this process's children: it stands for the parallel build)
    shares = [SharedParses(tmp_path, index, 3, os.getpid()) for index in range(3)]
    parsed: list[list[str]] = [[], [], []]
    results, count = _shard_reads(site_copy, shares, parsed)
    assert all(result == alone for result in results)  # every shard has every article, as parsed alone
    assert sorted(path for mine in parsed for path in mine) == sorted(a.relpath for a in alone)  # each parsed once, by one shard
    assert all(abs(len(mine) - count / 3) <= 1 for mine in parsed)
    assert all(_kept_whole(site_copy, index) for index in range(3))  # what was taken is kept for the next build too


def test_a_shard_parses_itself_what_another_does_not_hand_over(site_copy, tmp_path):
    import os

    from helpsite.run.parsecache import SharedParses

    alone = read(site_copy)
    SharedParses(tmp_path, 1, 2, os.getpid()).publish({})  # a shard without a parse cache hands over nothing
    parsed: list[list[str]] = [[]]
    results, count = _shard_reads(site_copy, [SharedParses(tmp_path, 0, 2, os.getpid())], parsed)
    assert results[0] == alone and len(parsed[0]) == count
    (tmp_path / "parses-1.sqlite").unlink()  # one that never hands over: waited for as long as patience allows
    parsed = [[]]
    results, count = _shard_reads(site_copy, [SharedParses(tmp_path, 0, 2, os.getpid(), patience=0.2)], parsed)
    assert results[0] == alone and len(parsed[0]) == count


def test_a_shard_reads_its_share_from_the_environment_its_parallel_build_sets(monkeypatch, tmp_path):
    import json

    from helpsite.run.parsecache import SHARED_PARSES_ENV, SharedParses

    monkeypatch.setenv(SHARED_PARSES_ENV, json.dumps([str(tmp_path), 1, 2, 4242]))
    assert SharedParses.from_environment() == SharedParses(tmp_path, 1, 2, 4242)
    for broken in ("", "[1, 2]", json.dumps([str(tmp_path), 2, 2, 1]), "not json"):
        monkeypatch.setenv(SHARED_PARSES_ENV, broken)
        assert SharedParses.from_environment() is None
    monkeypatch.delenv(SHARED_PARSES_ENV)
    assert SharedParses.from_environment() is None
