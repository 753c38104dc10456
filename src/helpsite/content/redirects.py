"""Pages that moved: DocFX's ``.openpublishing.redirection.json`` and the ``redirects:`` map of mkdocs.yml.

Read once per run. A redirect's source is a path below the locale folder (``billing/old.md``): it
moves the page in every locale. Its target is another page of the site (a relative path, or a root
path resolved as links are: ``/microsoft-365/x`` in the reader's locale), or an http(s) URL; a root
path under ``other_sites`` is that site's URL. Chains are followed; the checks report what is wrong
with the entries themselves, and the link check reports links to moved pages (LNK009).

Nothing in an entry is trusted: a bad entry is a finding at its file and line and is left out, and
no target other than an http(s) URL or a path of the site is ever followed or published.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from helpsite.content.config import Project, _TolerantLoader
from helpsite.content.links import WEB_SCHEMES, FileIndex, SiteLayout, classify
from helpsite.content.safefile import FileTooLarge, RefusedFile, open_docs_file
from helpsite.content.site import display_path
from helpsite.model import Finding, RuleSet, Severity

RULESET = RuleSet()

REDIRECT_SOURCE_EXISTS = RULESET.rule(
    "LNK010",
    "redirect-source-exists",
    Severity.WARNING,
    "A redirect's old page still exists",
    """
    The page a redirect moves away is still in the docs folder: readers get the page, not the
    redirect, and the two will drift apart. Delete the page, or the redirect if the page is back
    for good. Where the page exists, no redirect page is published.""",
)
REDIRECT_NOWHERE = RULESET.rule(
    "LNK011",
    "redirect-target-missing",
    Severity.ERROR,
    "A redirect leads to no page",
    """
    Its target is a page of the site that exists in no locale, or following it comes back to where
    it started (a loop). Either way a reader who follows the old URL never reaches a page, so no
    redirect page is published for it. Point it at an existing page or an http(s) URL.""",
)
REDIRECT_CHAIN = RULESET.rule(
    "LNK012",
    "redirect-chain",
    Severity.WARNING,
    "A redirect leads to another redirect",
    """
    Its target has moved too. It still works (helpsite publishes the old URL straight to the final
    target), but every hop is one more place to keep up to date. The fix is the final target.""",
)
REDIRECT_INVALID = RULESET.rule(
    "LNK013",
    "redirect-invalid",
    Severity.ERROR,
    "A redirect entry cannot be used",
    """
    The redirects file is not valid JSON or not in DocFX's form (``{"redirections": [{"source_path":
    ..., "redirect_url": ...}]}``), an entry lacks its source or target, names the same source as an
    earlier one, has a source outside the docs folder or that is not a page (``.md``, ``.yml``), or
    a target that is neither an http(s) URL nor a path of the site (``javascript:`` and the like are
    never published). The entry is left out. Spaces around a source or target are a warning: the
    entry is read without them.""",
)

REDIRECTION_FILE = ".openpublishing.redirection.json"
PAGE_SUFFIXES = (".md", ".yml")
MAX_HOPS = 32  # a longer chain is treated as a loop
MAX_REDIRECTS_BYTES = 64 * 1024 * 1024  # Learn's largest repositories have a few MB of redirects


@dataclass(frozen=True, slots=True)
class Redirect:
    source: str  # below the locale folder: "billing/old.md"
    target: str  # as written
    path: str  # display path of the file that declares it
    line: int | None
    relative_to: str  # a relative target is resolved from this path's folder (below the locale folder)
    learn: bool  # declared in DocFX's file (targets are URLs), not in the mkdocs-redirects style map


@dataclass(frozen=True, slots=True)
class Destination:
    """Where a redirect leads in one locale."""

    kind: str  # "page", "url", "missing", "loop"
    chain: tuple[Redirect, ...]  # the redirects followed, the first one first
    docs_path: str | None = None  # kind "page": the file, in the locale or the source locale
    url: str = ""  # kind "url": the absolute URL
    written: str = ""  # the last redirect's target as written
    fragment: str = ""


@dataclass(slots=True)
class Redirects:
    entries: list[Redirect] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    by_source: dict[str, Redirect] = field(default_factory=dict)

    def add(self, redirect: Redirect) -> None:
        earlier = self.by_source.get(redirect.source)
        if earlier is not None:
            where = f"{earlier.path}:{earlier.line}" if earlier.line else earlier.path
            self.problems.append(_invalid(redirect.path, redirect.line, f"'{redirect.source}' is redirected already ({where}); left out"))
            return
        self.entries.append(redirect)
        self.by_source[redirect.source] = redirect

    def __bool__(self) -> bool:
        return bool(self.entries)

    def of_page(self, candidates: tuple[str, ...]) -> Redirect | None:
        """The redirect of the page a link's candidate docs paths (``nl/billing/old.md``) name."""
        for candidate in candidates:
            found = self.by_source.get(candidate.partition("/")[2])
            if found is not None:
                return found
        return None

    def follow(self, redirect: Redirect, locale: str, layout: SiteLayout, files: FileIndex) -> Destination:
        """Where ``redirect`` leads a reader of ``locale``: hop by hop, to a page that exists (in the
        locale or the source locale), an URL, nowhere, or back to a redirect already passed."""
        chain = [redirect]
        while True:
            current = chain[-1]
            target = classify(current.target, locale, current.relative_to, layout)
            if target.kind == "external":
                url = target.resolved or ("https:" + current.target if current.target.startswith("//") else current.target)
                return Destination("url", tuple(chain), url=url, written=current.target)
            if target.kind != "internal":
                return Destination("missing", tuple(chain), written=current.target)
            found = existing_page(target.candidates, files, layout, any_case=target.any_case)
            if found is not None:
                return Destination("page", tuple(chain), docs_path=found, written=current.target, fragment=target.fragment)
            following = self.of_page(target.candidates)
            if following is None:
                return Destination("missing", tuple(chain), written=current.target)
            if following in chain or len(chain) >= MAX_HOPS:
                return Destination("loop", (*chain, following), written=current.target)
            chain.append(following)


def existing_page(candidates: tuple[str, ...], files: FileIndex, layout: SiteLayout, *, any_case: bool = False) -> str | None:
    """The first candidate that exists, in its locale or else in the source locale (the build's
    fallback); ``any_case`` (a Learn URL) also takes a file whose name differs in letter case only."""
    source = layout.source_folder
    fallbacks = tuple(f"{source}/{c.partition('/')[2]}" for c in candidates) if source else ()
    for paths in (candidates, fallbacks):
        found = next((c for c in paths if c in files), None)
        if found is None and any_case:
            found = next((v for v in map(files.case_variant, paths) if v), None)
        if found is not None:
            return found
    return None


def redirects_path(project: Project) -> Path | None:
    """The DocFX redirects file: the configured one, else one at the docs folder, beside mkdocs.yml or
    in the source locale's folder (a Learn repository checked out as docs/en)."""
    configured = project.settings.redirects_file
    if configured:
        return project.root / configured
    source = project.locales.source
    for folder in (project.docs_dir, project.root, *((project.docs_dir / source.code,) if source else ())):
        if (folder / REDIRECTION_FILE).is_file():
            return folder / REDIRECTION_FILE
    return None


def load_redirects(project: Project) -> Redirects:
    """The site's redirects: its DocFX file's, then its ``redirects:`` map's; bad entries as problems."""
    redirects = Redirects()
    path = redirects_path(project)
    if path is not None:
        _read_learn_file(path, redirects)
    if project.settings.redirects:
        config = project.config_file
        lines = _map_lines(config) if config is not None else {}
        shown = display_path(config) if config is not None else "mkdocs.yml"
        for source, target in project.settings.redirects.items():
            # mkdocs-redirects' targets are paths below the docs folder, not below the old page's folder.
            _add(redirects, source, target, shown, lines.get(source), learn=False)
    return redirects


def _read_learn_file(path: Path, redirects: Redirects) -> None:
    shown = display_path(path)
    try:  # it may live in docs/: only a regular file, never a link out of its folder (content.safefile)
        text = open_docs_file(path, path.parent, MAX_REDIRECTS_BYTES).decode("utf-8-sig")
    except (RefusedFile, FileTooLarge) as exc:
        redirects.problems.append(_invalid(shown, None, f"cannot read the redirects file: {getattr(exc, 'reason', exc)}"))
        return
    except OSError as exc:
        redirects.problems.append(_invalid(shown, None, f"cannot read the redirects file: {exc.strerror or exc}"))
        return
    except UnicodeDecodeError as exc:
        redirects.problems.append(_invalid(shown, None, f"the redirects file is not UTF-8: {exc.reason} at byte {exc.start}"))
        return
    try:
        entries = _redirections(text)
    except _Malformed as exc:
        redirects.problems.append(_invalid(shown, exc.line, exc.message))
        return
    for line, entry in entries:
        if not isinstance(entry, dict):
            redirects.problems.append(_invalid(shown, line, "an entry is not an object; left out"))
            continue
        key = "source_path" if "source_path" in entry else "source_path_from_root"
        source, target = entry.get(key), entry.get("redirect_url")
        if not isinstance(source, str) or not isinstance(target, str):
            missing = key if not isinstance(source, str) else "redirect_url"
            redirects.problems.append(_invalid(shown, line, f"the entry has no text '{missing}'; left out"))
            continue
        _add(redirects, source, target, shown, line, learn=True)


def _add(redirects: Redirects, source: str, target: str, shown: str, line: int | None, *, learn: bool) -> None:
    if not isinstance(source, str) or not isinstance(target, str):
        redirects.problems.append(_invalid(shown, line, f"a redirect maps text to text, not {source!r}: {target!r}; left out"))
        return
    if source != source.strip() or target != target.strip():
        message = f"'{source.strip()}' has spaces around its source or target; read without them"
        redirects.problems.append(REDIRECT_INVALID.finding(shown, line, 1 if line else None, message, severity=Severity.WARNING))
        source, target = source.strip(), target.strip()
    relpath = posixpath.normpath(source.replace("\\", "/").lstrip("/")) if source else ""
    if not relpath or relpath == "." or relpath.startswith("../") or relpath == "..":
        redirects.problems.append(_invalid(shown, line, f"source '{source}' is not a path below the docs folder; left out"))
        return
    if not relpath.lower().endswith(PAGE_SUFFIXES):
        redirects.problems.append(_invalid(shown, line, f"source '{source}' is not a page (.md or .yml); left out"))
        return
    problem = _target_problem(target)
    if problem:
        redirects.problems.append(_invalid(shown, line, f"target of '{source}' {problem}; left out"))
        return
    redirects.add(Redirect(relpath, target, shown, line, relpath if learn else "index.md", learn))


_UNSAFE_TARGET = re.compile(r"[\s\x00-\x1f\x7f<>\"]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def _target_problem(target: str) -> str | None:
    if not target:
        return "is empty"
    if _UNSAFE_TARGET.search(target):
        return f"'{target[:80]}' contains a space, a quote, '<', '>' or a control character"
    scheme = _SCHEME.match(target)
    if scheme and len(scheme.group(1)) > 1 and scheme.group(1).lower() not in WEB_SCHEMES:
        return f"'{target[:80]}' is a {scheme.group(1).lower()}: link; only http(s) URLs and paths of the site are published"
    return None


def _invalid(path: str, line: int | None, message: str) -> Finding:
    return REDIRECT_INVALID.finding(path, line, 1 if line else None, message)


class _Malformed(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


def _redirections(text: str) -> list[tuple[int, object]]:
    """The entries of ``{"redirections": [...]}`` with the line each starts on.

    The standard decoder reads each value; walking the top level by hand is what gives the lines."""
    decoder = json.JSONDecoder()
    counted = [0, 1]  # (position, its line): entries come in order, so lines are counted once

    def line_of(position: int) -> int:
        if position < counted[0]:
            return text.count("\n", 0, position) + 1
        counted[1] += text.count("\n", counted[0], position)
        counted[0] = position
        return counted[1]

    def skip(position: int) -> int:
        while position < len(text) and text[position] in " \t\r\n":
            position += 1
        return position

    def expect(position: int, char: str, what: str) -> int:
        position = skip(position)
        if position >= len(text) or text[position] != char:
            raise _Malformed(line_of(position), f"not valid JSON: expected {what}")
        return position + 1

    def value(position: int) -> tuple[object, int]:
        try:
            return decoder.raw_decode(text, skip(position))
        except json.JSONDecodeError as exc:
            raise _Malformed(exc.lineno, f"not valid JSON: {exc.msg}") from None

    position = expect(0, "{", 'an object ({"redirections": [...]})')
    entries: list[tuple[int, object]] = []
    found = False
    while True:
        position = skip(position)
        if position < len(text) and text[position] == "}":
            break
        key, position = value(position)
        position = expect(position, ":", "':' after a key")
        if key == "redirections":
            found = True
            position = expect(position, "[", "a list of redirections")
            position = skip(position)
            if position < len(text) and text[position] == "]":
                position += 1
            else:
                while True:
                    start = skip(position)
                    entry, position = value(start)
                    entries.append((line_of(start), entry))
                    position = skip(position)
                    if position < len(text) and text[position] == ",":
                        position += 1
                        continue
                    position = expect(position, "]", "',' or ']' in the list of redirections")
                    break
        else:
            _, position = value(position)
        position = skip(position)
        if position < len(text) and text[position] == ",":
            position += 1
            continue
        position = expect(position, "}", "',' or '}'")
        break
    if skip(position) < len(text):
        raise _Malformed(line_of(skip(position)), "not valid JSON: text after the closing '}'")
    if not found:
        raise _Malformed(1, 'no "redirections" list')
    return entries


def _map_lines(config_file: Path) -> dict[str, int]:
    """The line of each key of the plugin's ``redirects:`` map in mkdocs.yml."""
    try:
        root = yaml.compose(config_file.read_text(encoding="utf-8-sig"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError):
        return {}
    plugins = _child(root, "plugins")
    nodes = plugins.value if isinstance(plugins, yaml.SequenceNode) else [plugins] if plugins is not None else []
    for node in nodes:
        redirects = _child(_child(node, "helpsite"), "redirects")
        if isinstance(redirects, yaml.MappingNode):
            return {key.value: key.start_mark.line + 1 for key, _ in redirects.value if isinstance(key, yaml.ScalarNode)}
    return {}


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


# ---------------------------------------------------------------------------------------------
# What is wrong with the redirects themselves (LNK010-LNK012; LNK013 comes from reading them)


def redirect_findings(redirects: Redirects, layout: SiteLayout, files: FileIndex) -> Iterator[Finding]:
    yield from redirects.problems
    locales = sorted(layout.locale_folders)
    for redirect in redirects.entries:
        where = (redirect.path, redirect.line, 1 if redirect.line else None)
        still = [f"{locale}/{redirect.source}" for locale in locales if f"{locale}/{redirect.source}" in files]
        if still:
            yield REDIRECT_SOURCE_EXISTS.finding(
                *where, f"'{redirect.source}' is redirected but still exists ({', '.join(still)}); readers there get the page"
            )
            if len(still) == len(locales):
                continue  # the redirect is used nowhere: where it leads does not matter yet
        destinations = []  # per locale, until one reaches a page or a URL
        for locale in locales:
            destinations.append(redirects.follow(redirect, locale, layout, files))
            if destinations[-1].kind in ("page", "url"):
                break
        reached = destinations[-1] if destinations and destinations[-1].kind in ("page", "url") else None
        if reached is None:
            last = destinations[0] if destinations else None
            if last is not None and last.kind == "loop":
                hops = " -> ".join(r.source for r in last.chain)
                yield REDIRECT_NOWHERE.finding(*where, f"'{redirect.source}' loops: {hops}")
            else:
                written = last.written if last else redirect.target
                yield REDIRECT_NOWHERE.finding(*where, f"'{redirect.source}' leads to '{written}', which is no page of the site")
            continue
        if len(reached.chain) > 1:
            final = written_target(reached, redirect, layout)
            hops = " -> ".join(r.source for r in reached.chain)
            yield REDIRECT_CHAIN.finding(*where, f"'{redirect.source}' reaches '{final}' through {hops}", fix=final)


def written_target(destination: Destination, redirect: Redirect, layout: SiteLayout) -> str:
    """How ``redirect`` would name ``destination`` directly, in its own file's style: a URL (DocFX's
    file: root paths such as /microsoft-365/x) or a path below the locale folder (the map)."""
    fragment = f"#{destination.fragment}" if destination.fragment else ""
    if destination.kind != "page" or destination.docs_path is None:
        return destination.written if _is_absolute(destination.written) else destination.url
    relpath = destination.docs_path.partition("/")[2]
    if not redirect.learn:
        return relpath + fragment
    return root_url(relpath, layout) + fragment


def root_url(relpath: str, layout: SiteLayout) -> str:
    """The locale-neutral root URL of a page below the locale folder, through ``site_paths``."""
    stem = relpath.rsplit(".", 1)[0] if relpath.lower().endswith(PAGE_SUFFIXES) else relpath
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    for prefix, folder in sorted(layout.roots.site, key=lambda pair: -len(pair[1])):
        if folder and stem.lower().startswith(folder.lower()):
            return prefix + stem[len(folder) :]
    return "/" + stem


def _is_absolute(target: str) -> bool:
    scheme = _SCHEME.match(target)
    return target.startswith("/") or (scheme is not None and len(scheme.group(1)) > 1)
