"""helpsite's string-only ``create_i18n_file`` makes the File mkdocs-static-i18n's own makes, attribute for attribute."""

from __future__ import annotations

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, InclusionLevel
from mkdocs_static_i18n import folder

from helpsite.mkdocs.i18nfiles import create_i18n_file, fast_i18n_files

LANGUAGES = ["en", "nl", "de"]
PATHS = [
    "en/index.md",
    "en/billing/pay.md",
    "nl/billing/pay.md",
    "de/x/y/README.md",
    "en/README.md",
    "nl/media/screenshot.png",
    "en/assets/site.css",
    "fr/unconfigured.md",  # a folder that looks like a locale the site does not have
    "pt-BR/page.md",
    "zz_ZZ/page.md",
    "nlx/page.md",  # starts like a locale, is not one
    "assets/helpsite/helpsite.css",
    "index.md",  # not in a locale folder: the plugin's own function
    "en/a b/ü.md",
]


def comparable(file: File) -> dict:
    values = {key: value for key, value in vars(file).items() if key != "alternates"}
    values["alternates"] = {code: alternate is file for code, alternate in file.alternates.items()}
    values["url"], values["dest_uri"], values["abs_dest_path"], values["name"] = file.url, file.dest_uri, file.abs_dest_path, file.name
    values["src_path"], values["dest_path"], values["abs_src_path"] = file.src_path, file.dest_path, file.abs_src_path
    return values


@pytest.mark.parametrize("use_directory_urls", [True, False])
@pytest.mark.parametrize("path", PATHS)
def test_the_same_file_as_the_plugins_own(tmp_path, path, use_directory_urls):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(f"site_name: t\nuse_directory_urls: {str(use_directory_urls).lower()}\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    given = File(path, config.docs_dir, config.site_dir, use_directory_urls, inclusion=InclusionLevel.INCLUDED)
    for current in LANGUAGES:
        for default in ("en", "nl"):
            theirs = folder.create_i18n_file(given, current, default, LANGUAGES, config)
            ours = create_i18n_file(given, current, default, LANGUAGES, config)
            assert comparable(ours) == comparable(theirs), (current, default)


def test_the_plugins_function_is_replaced_only_while_its_files_are_made():
    original = folder.create_i18n_file
    with fast_i18n_files():
        assert folder.create_i18n_file is create_i18n_file
    assert folder.create_i18n_file is original
