"""mkdocs-static-i18n's ``create_i18n_file`` (folder structure) in string operations: the same File,
attribute for attribute, without its pathlib work (each file of each locale is made again for every
language build, and again for its alternates: 5% of a build's time went there). A path the string
operations might read differently from pathlib (not normalized, a locale folder as a file's whole
path, Windows separators) goes to the plugin's own function."""

from __future__ import annotations

import contextlib
import logging
import os
import posixpath
from collections.abc import Iterator

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs_static_i18n import folder
from mkdocs_static_i18n.config import RE_LOCALE

_original = folder.create_i18n_file


def _under(path: str, top: str) -> bool:
    return path.startswith(top) and path[len(top) : len(top) + 1] == "/"


def create_i18n_file(file: File, current_language: str, default_language: str, all_languages: list, config: MkDocsConfig) -> File:
    src, dest = file.src_uri, file.dest_uri
    if os.sep != "/" or "/" not in src or "/" not in dest or posixpath.normpath(src) != src or posixpath.normpath(dest) != dest:
        # Windows paths, a file at the docs' root, a path pathlib would normalize: as the plugin does it
        return _original(file, current_language, default_language, all_languages, config)
    top = src.partition("/")[0]
    debug = folder.log.isEnabledFor(logging.DEBUG)
    if debug:
        folder.log.debug(f"reconfigure {file}")
    made = File(file.src_path, config.docs_dir, file.dest_path, config.use_directory_urls, dest_uri=dest, inclusion=file.inclusion)
    locale, localization = default_language, None
    for language in all_languages:  # as the plugin's loop: the first language, else the folder if it looks like a locale
        if _under(src, language):
            locale = localization = language
            break
        if RE_LOCALE.match(top):
            locale = localization = top
            break
    parent, name = posixpath.split(dest)
    if name.endswith("README.html"):
        dest = posixpath.join(parent, "index.html")
    if locale != current_language:
        if _under(dest, locale):
            made.dest_uri = f"{current_language}/{dest[len(locale) + 1 :]}"
        elif current_language != default_language:
            made.dest_uri = f"{current_language}/{dest}"
    elif locale == default_language:
        if _under(dest, locale):
            made.dest_uri = dest[len(locale) + 1 :]
        elif current_language != default_language:
            made.dest_uri = f"{current_language}/{dest}"
    made.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, made.dest_path))
    if made.name == "README":
        made.name = "index"
    made.url = made._get_url(config.use_directory_urls)
    made.alternates = {current_language: made}  # type: ignore[attr-defined]
    made.locale = locale  # type: ignore[attr-defined]
    made.locale_alternate_of = current_language  # type: ignore[attr-defined]
    made.localization = localization  # type: ignore[attr-defined]
    made.norm_src_uri = src[len(localization) + 1 :] if localization else src  # type: ignore[attr-defined]
    if debug:
        folder.log.debug(f"reconfigure {made} from locale {locale}")
    return made


@contextlib.contextmanager
def fast_i18n_files() -> Iterator[None]:
    """The plugin's ``reconfigure_files`` (which looks the function up when it runs) making its files with :func:`create_i18n_file`."""
    folder.create_i18n_file = create_i18n_file
    try:
        yield
    finally:
        folder.create_i18n_file = _original
