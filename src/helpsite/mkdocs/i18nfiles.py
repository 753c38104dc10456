"""mkdocs-static-i18n's reading of the file tree, without pathlib where the paths are plain.

Each language build, mkdocs-static-i18n makes an i18n copy of every file of every locale (and again
of each alternate), through ``folder.create_i18n_file`` and ``is_relative_to``: a dozen pathlib
objects a file, 7% of a full build and most of what a build with the build cache still did
(``bench/builds.py --incremental``). The functions here give the same results with string
operations when every path involved is a plain POSIX path (no empty, ``.`` or ``..`` part, no
leading or trailing slash), and call mkdocs-static-i18n's own for any other; a property test
compares the two (``tests/unit/test_i18n_files.py``). They stand in for the plugin's own only
inside :func:`plain_paths`, during its ``on_files``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Callable, Iterator
from typing import Any

from mkdocs.structure.files import File
from mkdocs_static_i18n import folder, reconfigure
from mkdocs_static_i18n.config import RE_LOCALE

_ORIGINAL_CREATE = folder.create_i18n_file
_ORIGINAL_RELATIVE = reconfigure.is_relative_to
_ORIGINAL_GET_FILE = folder.I18nFiles.get_file_from_path


# A relative POSIX path that pathlib keeps as it is written: parts that are neither empty, "." nor "..".
_PLAIN = re.compile(r"(?!\.\.?(?:/|\Z))[^/\\]+(?:/(?!\.\.?(?:/|\Z))[^/\\]+)*\Z")


def _plain(path: object) -> bool:
    return isinstance(path, str) and _PLAIN.match(path) is not None


@functools.lru_cache(maxsize=64)
def _plain_languages(current: str, default: str, languages: tuple[str, ...]) -> bool:
    """Locale folders that are each a single plain path part."""
    return os.sep == "/" and all(_plain(code) and "/" not in code for code in (current, default, *languages))


def _plain_absolute(path: object) -> bool:
    return isinstance(path, str) and path.startswith("/") and (path == "/" or _plain(path[1:]))


def _under(path: str, folder_name: str) -> bool:
    """``PurePath(path).is_relative_to(folder_name)`` for plain paths."""
    return path == folder_name or path.startswith(folder_name + "/")


def _below(path: str, folder_name: str) -> str:
    """``PurePath(path).relative_to(folder_name).as_posix()`` for a plain path under a plain folder."""
    return "." if path == folder_name else path[len(folder_name) + 1 :]


def _new_file(src_uri: str, src_dir: str, dest_dir: str, use_directory_urls: bool, dest_uri: str, inclusion: Any) -> File:
    """``File(src_uri, src_dir, dest_dir, use_directory_urls, dest_uri=dest_uri, inclusion=inclusion)``
    for a plain path, without the path objects its setters make (what MkDocs' constructor sets,
    checked once against the constructor: another engine's File is made by its constructor)."""
    if not _constructor_known():
        return File(src_uri, src_dir, dest_dir, use_directory_urls, dest_uri=dest_uri, inclusion=inclusion)
    made = File.__new__(File)
    made.__dict__.update(
        src_uri=src_uri, src_dir=src_dir, dest_dir=dest_dir, use_directory_urls=use_directory_urls, dest_uri=dest_uri, inclusion=inclusion
    )
    return made


@functools.cache
def _constructor_known() -> bool:
    sample = ("en/a/b.md", "/docs", "/site", True, "en/a/b/index.html", File("x.md", None, "/", False).inclusion)
    by_constructor = File(sample[0], sample[1], sample[2], sample[3], dest_uri=sample[4], inclusion=sample[5])
    made = File.__new__(File)
    made.__dict__.update(zip(("src_uri", "src_dir", "dest_dir", "use_directory_urls", "dest_uri", "inclusion"), sample, strict=True))
    return vars(made) == vars(by_constructor)


def is_relative_to(src_path: Any, dest_path: Any) -> bool:
    if os.sep == "/" and _plain_absolute(src_path) and _plain_absolute(dest_path):
        return dest_path == "/" or _under(src_path, dest_path)
    return _ORIGINAL_RELATIVE(src_path, dest_path)


def _folders_and_urls(config: Any) -> tuple[str, str, bool]:
    """The configuration's docs_dir, site_dir and use_directory_urls, from its values themselves when
    it keeps them as MkDocs' ``Config`` does: each attribute is otherwise a descriptor's call, three
    for every file of every language build."""
    values = getattr(config, "data", None)
    if isinstance(values, dict):
        with contextlib.suppress(KeyError):
            return values["docs_dir"], values["site_dir"], values["use_directory_urls"]
    return config.docs_dir, config.site_dir, config.use_directory_urls


# What create_i18n_file made of a file, by everything that went into it. mkdocs-static-i18n makes
# each file again as an alternate in the other languages' builds: at 2,000 articles a locale, half
# of the 36,214 calls of a build make a file made before (the 1.5 s of those calls became 1.3 s).
# Each call still returns a File of its own, as the plugin's function does.
_MADE: dict[tuple, dict[str, Any]] = {}


def create_i18n_file(file: File, current_language: str, default_language: str, all_languages: list, config: Any) -> File:
    src_path, dest_path = file.src_uri, file.dest_uri  # the same as src_path and dest_path, for plain paths
    plain = _plain(src_path) and _plain(dest_path) and src_path == file.src_path and dest_path == file.dest_path
    languages = tuple(all_languages)
    if not (plain and _plain_languages(current_language, default_language, languages)):
        return _ORIGINAL_CREATE(file, current_language, default_language, all_languages, config)
    docs_dir, site_dir, use_directory_urls = _folders_and_urls(config)
    key = (src_path, dest_path, file.inclusion, current_language, default_language, languages, docs_dir, site_dir, use_directory_urls)
    known = _MADE.get(key)
    if known is not None:
        made = File.__new__(File)
        made.__dict__.update(known)
        made.alternates = {current_language: made}  # type: ignore[attr-defined]
        return made
    made = _made(file, src_path, dest_path, current_language, default_language, all_languages, docs_dir, site_dir, use_directory_urls)
    if _constructor_known():  # a File that its attributes make again
        _MADE[key] = {name: value for name, value in vars(made).items() if name != "alternates"}
    return made


def _made(
    file: File,
    src_path: str,
    dest_path: str,
    current_language: str,
    default_language: str,
    all_languages: list,
    docs_dir: str,
    site_dir: str,
    use_directory_urls: bool,
) -> File:
    made = _new_file(src_path, docs_dir, dest_path, use_directory_urls, dest_path, file.inclusion)
    file_locale, file_localization = default_language, None
    for language in all_languages:
        if _under(src_path, language):
            file_locale = file_localization = language
            break
        first = src_path.split("/", 1)[0]  # a locale folder not configured (yet): the locale's form tells
        if RE_LOCALE.match(first):
            file_locale = file_localization = first
            break
    folder_part, _, name = dest_path.rpartition("/")
    if name.endswith("README.html"):
        dest_path = f"{folder_part}/index.html" if folder_part else "index.html"
    if file_locale != current_language:
        if _under(dest_path, file_locale):
            rest = _below(dest_path, file_locale)
            made.dest_uri = current_language if rest == "." else f"{current_language}/{rest}"
        elif current_language != default_language:
            made.dest_uri = f"{current_language}/{dest_path}"
    elif file_locale == default_language:
        if _under(dest_path, file_locale):
            made.dest_uri = _below(dest_path, file_locale)
        elif current_language != default_language:
            made.dest_uri = f"{current_language}/{dest_path}"
    made.abs_dest_path = os.path.normpath(os.path.join(site_dir, made.dest_uri))
    if made.name == "README":
        made.name = "index"
    made.url = made._get_url(use_directory_urls)
    made.alternates = {current_language: made}  # type: ignore[attr-defined]
    made.locale = file_locale  # type: ignore[attr-defined]
    made.locale_alternate_of = current_language  # type: ignore[attr-defined]
    made.localization = file_localization  # type: ignore[attr-defined]
    made.norm_src_uri = made.src_uri  # type: ignore[attr-defined]
    if file_localization:
        made.norm_src_uri = _below(made.src_uri, file_localization)  # type: ignore[attr-defined]
    return made


def get_file_from_path(files: folder.I18nFiles, path: str) -> File | None:
    """``I18nFiles.get_file_from_path``: the file a link's path names in the language being built,
    else in the default language (with ``fallback_to_default``), else the path as written; with
    string operations for a plain path, as MkDocs asks for each link of each page it renders (a
    dozen pathlib objects a call, 1.2% of a full build)."""
    plugin = files.plugin
    current, default = plugin.current_language, plugin.default_language
    if not (_plain(path) and _plain_languages(current, default, ())) or path in (current, default):
        return _ORIGINAL_GET_FILE(files, path)
    fallback = plugin.config.fallback_to_default is True
    if _under(path, current):
        below = path[len(current) + 1 :]
        candidates = (path, f"{default}/{below}" if fallback else "", below)
    elif _under(path, default):
        below = path[len(default) + 1 :]
        candidates = (path, f"{current}/{below}" if fallback else "", below)
    else:
        candidates = (f"{current}/{path}", f"{default}/{path}" if fallback else "", path)
    src_uris = files.src_uris
    for src_uri in candidates:
        if src_uri:
            file = src_uris.get(src_uri)
            if file:
                return file
    return None


def plain_file_lookup() -> Callable[[], None]:
    """Until the returned function is called, mkdocs-static-i18n's files find a link's file with
    :func:`get_file_from_path`."""
    folder.I18nFiles.get_file_from_path = get_file_from_path

    def restore() -> None:
        folder.I18nFiles.get_file_from_path = _ORIGINAL_GET_FILE

    return restore


@contextlib.contextmanager
def plain_paths() -> Iterator[None]:
    """mkdocs-static-i18n's folder structure read with :func:`create_i18n_file` and :func:`is_relative_to`."""
    saved = folder.create_i18n_file, reconfigure.is_relative_to
    folder.create_i18n_file, reconfigure.is_relative_to = create_i18n_file, is_relative_to
    try:
        yield
    finally:
        folder.create_i18n_file, reconfigure.is_relative_to = saved
