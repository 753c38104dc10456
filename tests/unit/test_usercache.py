"""What helpsite keeps per machine is read back only by the boot and user that wrote it, from a
folder nobody else may write in."""

from __future__ import annotations

import os

import pytest

from helpsite import usercache


@pytest.fixture
def boot(tmp_path, monkeypatch):
    """The kernel's boot id, as a file the test may change (another boot, or a machine without one)."""
    path = tmp_path / "boot_id"
    path.write_text("11111111-2222-3333-4444-555555555555\n")
    monkeypatch.setattr(usercache, "_BOOT_ID", path)
    usercache._key.cache_clear()
    yield path
    usercache._key.cache_clear()


def test_what_is_written_is_read_back_whole_and_no_more_than_the_limit(cache_home, boot):
    usercache.write("thing.bin", b"compiled" * 100)
    assert usercache.read("thing.bin", 10_000) == b"compiled" * 100
    assert usercache.read("thing.bin", 799) is None  # larger than the caller would take
    assert usercache.read("missing.bin", 10_000) is None
    assert [p.name for p in cache_home.iterdir()] == ["thing.bin"]  # no partial file left


def test_a_file_from_another_boot_or_machine_is_not_read(cache_home, boot):
    usercache.write("thing.bin", b"compiled")
    boot.write_text("99999999-2222-3333-4444-555555555555\n")  # a restored cache folder, read after a reboot or elsewhere
    usercache._key.cache_clear()
    assert usercache.read("thing.bin", 10_000) is None


def test_a_file_changed_after_it_was_written_is_not_read(cache_home, boot):
    usercache.write("thing.bin", b"compiled")
    path = cache_home / "thing.bin"
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    assert usercache.read("thing.bin", 10_000) is None


def test_a_folder_others_may_write_in_is_neither_read_nor_written(cache_home, boot):
    usercache.write("thing.bin", b"compiled")
    os.chmod(cache_home, 0o777)
    assert usercache.read("thing.bin", 10_000) is None
    usercache.write("other.bin", b"compiled")
    assert not (cache_home / "other.bin").exists()


def test_without_a_boot_id_nothing_is_kept(cache_home, boot):
    boot.unlink()
    usercache._key.cache_clear()
    usercache.write("thing.bin", b"compiled")
    assert not cache_home.exists()
    assert usercache.read("thing.bin", 10_000) is None
