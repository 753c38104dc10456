"""Steps of a production build done once, or not at all, where a build repeated them: a replayed
page's file written (helpsite.mkdocs.replay.SiteWriter), the theme's static files listed
(helpsite.mkdocs.engine.list_theme_files_once), each as the engine's own does it, and the search
plugin's own index of each language build, which helpsite's per-locale indexes replace
(helpsite.mkdocs.search.take_over_index_writing)."""

from __future__ import annotations

import os
import shutil

from mkdocs.config import load_config
from mkdocs.structure.files import File, Files

from helpsite.mkdocs import search
from helpsite.mkdocs.engine import list_theme_files_once
from helpsite.mkdocs.replay import SiteWriter


def test_a_replayed_page_is_written_whole_into_its_folder_made_once_and_again_when_removed(tmp_path):
    writer = SiteWriter()
    page = tmp_path / "site" / "nl" / "accounts" / "article-1" / "index.html"
    html = ("<p>Wachtwoord wijzigen</p>\n" * 40_000).encode()  # larger than one write of a pipe or a socket
    writer.write(html, str(page))
    assert page.read_bytes() == html
    writer.write(b"<p>shorter</p>", str(page))  # written over, not appended to
    assert page.read_bytes() == b"<p>shorter</p>"
    beside = page.parent.parent / "article-2" / "index.html"
    writer.write(b"<p>two</p>", str(beside))
    assert beside.read_bytes() == b"<p>two</p>"
    shutil.rmtree(tmp_path / "site" / "nl")  # a plugin cleaning the site between language builds
    writer.write(b"<p>again</p>", str(page))
    assert page.read_bytes() == b"<p>again</p>"
    assert oct(page.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _listed(config, files: Files) -> list[tuple[str, str, str, str]]:
    return [(file.src_uri, file.abs_src_path, file.dest_uri, file.url) for file in files]


def _theme_files(config, docs: list[File]) -> Files:
    files = Files(list(docs))
    files.add_files_from_theme(config.theme.get_env(), config)
    return files


def test_the_theme_is_listed_once_per_configuration_and_the_docs_folder_still_overrides_it(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "extra.js").write_text("// the site's own theme file\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\ntheme:\n  name: material\n  custom_dir: theme\n")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    stylesheet = next(file for file in _theme_files(config, []) if file.src_uri.endswith(".css"))
    overriding = File(stylesheet.src_uri, str(tmp_path / "docs"), config.site_dir, config.use_directory_urls)
    expected = [_listed(config, _theme_files(config, docs)) for docs in ([], [overriding])]
    assert len(expected[0]) > 20 and ("extra.js", str(tmp_path / "theme" / "extra.js")) in [row[:2] for row in expected[0]]
    assert len(expected[1]) == len(expected[0]) and (stylesheet.src_uri, overriding.abs_src_path) in [row[:2] for row in expected[1]]

    walks = []
    original = type(config.theme.get_env().loader).list_templates
    monkeypatch.setattr(type(config.theme.get_env().loader), "list_templates", lambda *a, **k: walks.append(1) or original(*a, **k))
    restore = list_theme_files_once()
    try:
        for _ in range(3):  # a language build's listing each, the docs folder's file overriding one of them in the third
            assert _listed(config, _theme_files(config, [])) == expected[0]
        assert _listed(config, _theme_files(config, [overriding])) == expected[1]
        assert len(walks) == 1
        named_again = list(config.theme.dirs)
        config.theme.dirs.insert(0, named_again[0])  # as mkdocs-static-i18n does at each language build
        try:
            assert _listed(config, _theme_files(config, [])) == expected[0]
            assert len(walks) == 1  # the same folders: not walked again
            restore()
            assert _listed(config, _theme_files(config, [])) == expected[0]  # as the engine itself lists them
        finally:
            config.theme.dirs[:] = named_again
            restore = list_theme_files_once()
        walks.clear()
        assert _listed(config, _theme_files(config, [])) == expected[0]
        assert len(walks) == 1
        config.theme.static_templates.add("extra.js")  # another configuration: listed again, by the engine's rules
        assert "extra.js" not in [row[0] for row in _listed(config, _theme_files(config, []))]
        assert len(walks) == 2
    finally:
        restore()
        config.theme.static_templates.discard("extra.js")
    assert Files.add_files_from_theme is not None and _listed(config, _theme_files(config, [])) == expected[0]
    assert len(walks) == 3  # the engine's own listing again


def _search_config(tmp_path, search_options: str):
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(f"site_name: Test\ntheme:\n  name: material\nplugins:\n  - search{search_options}\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    config.plugins.on_config(config)  # Material's search makes its index here
    return config


def test_a_production_build_takes_the_search_plugins_own_index_writing_only_when_it_writes_the_indexes_itself(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = _search_config(tmp_path, "")
    plugin = config.plugins["material/search"]
    assert any(getattr(method, "__self__", None) is plugin for method in config.plugins.events["post_build"])
    assert search.take_over_index_writing(config)
    assert not any(getattr(method, "__self__", None) is plugin for method in config.plugins.events["post_build"])
    assert search.combined_index(config, [])["docs"] == []  # the index helpsite writes in its place, with Material's configuration

    disabled = _search_config(tmp_path, ":\n      enabled: false")  # no index at all: nothing to write in its place
    before = list(disabled.plugins.events["post_build"])
    assert not search.take_over_index_writing(disabled)
    assert disabled.plugins.events["post_build"] == before


def test_the_plugins_languages_are_read_once_per_configuration_as_mkdocs_static_i18n_reads_them(project, monkeypatch):
    from mkdocs_static_i18n.plugin import I18n

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(project.root)
    plugin = load_config(str(project.root / "mkdocs.yml")).plugins["helpsite"]
    assert plugin.default_language == I18n.default_language.fget(plugin) == "en"
    assert plugin.all_languages == I18n.all_languages.fget(plugin) and "nl" in plugin.all_languages
    plugin.all_languages.append("xx")  # each caller gets a list of its own
    assert "xx" not in plugin.all_languages
    languages = list(plugin.config.languages)  # another configuration: read again
    languages[0].default, languages[1].default = False, True
    plugin.config.languages = languages[::-1]
    assert plugin.default_language == I18n.default_language.fget(plugin) == languages[1].locale
    assert plugin.all_languages == I18n.all_languages.fget(plugin)
