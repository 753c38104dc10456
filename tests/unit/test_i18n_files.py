"""helpsite.mkdocs.i18nfiles gives the files mkdocs-static-i18n's own functions give."""

from __future__ import annotations

import types

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from mkdocs.structure.files import File
from mkdocs_static_i18n import folder, reconfigure

from helpsite.mkdocs import i18nfiles

LANGUAGES = ["en", "nl", "de", "pt-BR", "zh_CN", "ar"]
PART = st.one_of(
    st.sampled_from([*LANGUAGES, "README.md", "README", "index.md", "img.png", "a", "b.md", ".", "..", "fr", "xx-YY", "en.md"]),
    st.text(alphabet="abz-_.", min_size=1, max_size=6),
)
PATH = st.lists(PART, min_size=1, max_size=4).map("/".join)


def config(use_directory_urls: bool) -> types.SimpleNamespace:
    return types.SimpleNamespace(docs_dir="/site/docs", site_dir="/site/out", use_directory_urls=use_directory_urls)


def shown(file: File) -> dict:
    """A file as the build reads it (its alternates name files: their addresses)."""
    values = {key: value for key, value in vars(file).items() if key not in ("alternates", "_File__abs_src_path")}
    values["alternates"] = {locale: (alt.src_uri, alt.dest_uri) for locale, alt in file.alternates.items()}
    values["url"], values["dest_uri"], values["abs_dest_path"] = file.url, file.dest_uri, file.abs_dest_path
    return values


def both(src: str, current: str, default: str, languages: list[str], directory_urls: bool):
    def made(create):
        try:
            file = File(src, "/site/docs", "/site/out", directory_urls)
            return shown(create(file, current, default, languages, config(directory_urls)))
        except Exception as exc:
            return type(exc).__name__

    return made(i18nfiles._ORIGINAL_CREATE), made(i18nfiles.create_i18n_file)


@settings(max_examples=400, deadline=None)
@given(
    src=PATH,
    current=st.sampled_from(LANGUAGES[:3]),
    default=st.sampled_from(LANGUAGES[:3]),
    directory_urls=st.booleans(),
)
def test_an_i18n_file_is_made_as_mkdocs_static_i18n_makes_it(src, current, default, directory_urls):
    languages = sorted({current, default, *LANGUAGES[:3]})
    original, fast = both(src, current, default, languages, directory_urls)
    assert fast == original


@pytest.mark.parametrize(
    "src",
    ["en/index.md", "nl/README.md", "en/billing/README.md", "de/a/b/c.md", "img/logo.png", "en", "README.md", "fr-FR/x.md", "pt-BR/x.md"],
)
@pytest.mark.parametrize("current", ["en", "nl"])
def test_the_folder_layouts_of_a_help_centre_are_made_alike(src, current):
    original, fast = both(src, current, "en", ["en", "nl", "de"], True)
    assert fast == original


@settings(max_examples=300, deadline=None)
@given(src=st.one_of(PATH.map(lambda p: "/" + p), PATH, st.just("/")), dest=st.one_of(PATH.map(lambda p: "/" + p), st.just("/"), PATH))
def test_is_relative_to_answers_as_mkdocs_static_i18n(src, dest):
    assert i18nfiles.is_relative_to(src, dest) == i18nfiles._ORIGINAL_RELATIVE(src, dest)


def test_the_plugin_functions_are_its_own_again_after_the_block():
    with i18nfiles.plain_paths():
        assert folder.create_i18n_file is i18nfiles.create_i18n_file
        assert reconfigure.is_relative_to is i18nfiles.is_relative_to
    assert folder.create_i18n_file is i18nfiles._ORIGINAL_CREATE
    assert reconfigure.is_relative_to is i18nfiles._ORIGINAL_RELATIVE


def test_a_loaded_configuration_gives_its_folders_as_its_attributes_do(tmp_path):
    from mkdocs.config import load_config

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nuse_directory_urls: false\n", encoding="utf-8")
    loaded = load_config(str(tmp_path / "mkdocs.yml"))
    assert (
        i18nfiles._folders_and_urls(loaded)
        == (loaded.docs_dir, loaded.site_dir, loaded.use_directory_urls)
        == (
            str(tmp_path / "docs"),
            str(tmp_path / "site"),
            False,
        )
    )


def test_a_file_made_again_for_another_language_build_is_the_same_file_but_its_own_object():
    languages = ["en", "nl", "de"]
    for src in ("nl/billing/pay.md", "en/index.md", "de/README.md"):
        first = i18nfiles.create_i18n_file(File(src, "/site/docs", "/site/out", True), "de", "en", languages, config(True))
        again = i18nfiles.create_i18n_file(File(src, "/site/docs", "/site/out", True), "de", "en", languages, config(True))
        assert again is not first and again.alternates is not first.alternates and again.alternates == {"de": again}
        assert (
            shown(again)
            == shown(first)
            == shown(i18nfiles._ORIGINAL_CREATE(File(src, "/site/docs", "/site/out", True), "de", "en", languages, config(True)))
        )
        first.alternates["nl"] = first  # what the plugin then adds to one build's file is not another's
        assert "nl" not in again.alternates


SITE_FILES = [
    "en/index.md",
    "en/a/b.md",
    "nl/a/b.md",
    "de/a/b.md",
    "de/x.md",
    "img.png",
    "en/img.png",
    "a/b.md",
    "nl/nl/c.md",
    "en.md",
    "x.md",
]


@settings(max_examples=400, deadline=None)
@given(
    path=st.one_of(PATH, st.sampled_from([*SITE_FILES, "a/b.md", "b.md", "nl/x.md", "en", "nl", ".", "./a/b.md", "a//b.md", "a/b.md/"])),
    current=st.sampled_from(LANGUAGES[:3]),
    default=st.sampled_from(LANGUAGES[:3]),
    fallback=st.sampled_from([True, False, 1, None]),
    present=st.lists(st.sampled_from(SITE_FILES), unique=True),
)
# Where each candidate is there, the order decides: the language's, the default's, the path's.
@example(path="nl/a/b.md", current="nl", default="en", fallback=True, present=["en/a/b.md", "a/b.md"])
@example(path="en/a/b.md", current="nl", default="en", fallback=True, present=["nl/a/b.md", "a/b.md"])
@example(path="a/b.md", current="nl", default="en", fallback=True, present=["en/a/b.md", "a/b.md"])
@example(path="a/b.md", current="nl", default="en", fallback=True, present=["nl/a/b.md", "en/a/b.md"])
def test_a_links_file_is_found_as_mkdocs_static_i18n_finds_it(path, current, default, fallback, present):
    plugin = types.SimpleNamespace(
        current_language=current, default_language=default, config=types.SimpleNamespace(fallback_to_default=fallback)
    )
    files = folder.I18nFiles(plugin, [File(src, "/site/docs", "/site/out", True) for src in present])
    assert i18nfiles.get_file_from_path(files, path) is i18nfiles._ORIGINAL_GET_FILE(files, path)


def test_the_link_lookup_is_the_plugins_own_again_once_restored():
    restore = i18nfiles.plain_file_lookup()
    try:
        assert folder.I18nFiles.get_file_from_path is i18nfiles.get_file_from_path
    finally:
        restore()
    assert folder.I18nFiles.get_file_from_path is i18nfiles._ORIGINAL_GET_FILE
