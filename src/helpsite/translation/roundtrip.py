"""The translator round trip: source pages out to a translator's file, translated articles back in.

Export makes one unit per block of each source page (content.blocks) and per ``title`` and
``description``. For a page that has a translation, the translation's blocks are lined up with the
source *as it was handed off* (the source itself when the translation is current; the source at
``ms.sourcegitcommit`` from git when it is outdated): a block whose text is unchanged since then
has the same id (ids are made from the block's kind and text) and goes out with the current
translation as its target, final; only new and changed blocks are left to translate.

Import puts each unit's translation into the source's skeleton, refuses a page whose units do not
have the source's codes (or whose text would start a block of its own), and writes the page in one
step: an existing translation through the byte-exact front-matter editor (content.edit), only its
title, description and hand-off keys changed and its body replaced; a new one whole.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from helpsite.content.blocks import Code, Mismatch, Piece, rebuild, segment, verify
from helpsite.content.config import ReviewSettings
from helpsite.content.locales import Locale, Locales
from helpsite.content.parse import DEFAULT_MAX_FILE_BYTES, ParseOptions, parse_bytes
from helpsite.content.safefile import FileTooLarge, RefusedFile, open_docs_file, read_docs_file
from helpsite.content.site import Site
from helpsite.model import Article
from helpsite.translation.exchange import ExchangeError, Handoff, Page, Placeholder, Unit
from helpsite.translation.glossary import glossary_terms, kept_terms, term_pattern
from helpsite.translation.review import GitHistory, source_hash, staleness
from helpsite.translation.scaffold import Handoff as StubHandoff
from helpsite.translation.scaffold import front_matter_text, translation_meta

FRONT_MATTER_UNITS = ("title", "description")


def page_units(article: Article, locale: Locale | None) -> list[Unit]:
    """The units of an article: its title and description, then its blocks; glossary and no-loc noted."""
    units = []
    for key in FRONT_MATTER_UNITS:
        value = article.meta.get(key)
        if isinstance(value, str) and value.strip():
            units.append(Unit(key, key, article.line_of(key), (" ".join(value.split()),)))
    units += [Unit(b.id, b.kind, b.line, b.pieces, level=b.level) for b in segment(article.body, article.body_line)]
    kept = kept_terms(article, locale)
    terms = glossary_terms(locale)
    for unit in units:
        text = "".join(p for p in unit.source if isinstance(p, str))
        where = f"{unit.kind}{f' H{unit.level}' if unit.level else ''}, line {unit.line}"
        unit.notes.append(where)
        found = [term for term in kept if term_pattern(term).search(text)]
        if found:
            unit.protected = tuple(found)
            unit.notes.append("do not translate: " + ", ".join(found))
        required = [f"{term} -> {translation}" for term, translation in terms.items() if term_pattern(term).search(text)]
        if required:
            unit.notes.append("glossary: " + "; ".join(required))
    return units


@dataclass(frozen=True, slots=True)
class Exported:
    page: Page
    to_translate: int  # units without a target
    words: int  # their words


def export_page(
    source: Article,
    translation: Article | None,
    locale: Locale,
    settings: ReviewSettings,
    git: GitHistory | None,
    today: str,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> Exported:
    """A source page as units for ``locale``; an existing translation's unchanged blocks as final targets."""
    commit = git.head() if git is not None else None
    page = Page(source.relpath, source_hash(source), commit, today)
    page.units = page_units(source, locale)
    if translation is not None and translation.readable:
        targets, page.state, page.note = _current_translation(source, translation, locale, settings, git, max_bytes)
        for unit in page.units:
            unit.target = targets.get(unit.id)
    open_units = [u for u in page.units if u.target is None]
    return Exported(page, len(open_units), sum(u.words for u in open_units))


def _current_translation(
    source: Article, translation: Article, locale: Locale, settings: ReviewSettings, git: GitHistory | None, max_bytes: int
) -> tuple[dict[str, Sequence[Piece | Placeholder]], str, str]:
    """The translation's text of each block as it was handed off (by the block's id), the state, and why."""
    state = staleness(translation, source, settings, git)
    handed: Article | None = source if state.state == "current" else None
    if state.state == "outdated":
        commit = translation.meta.get(settings.source_commit_key)
        if isinstance(commit, str) and git is not None:
            handed = _article_at(source, commit, git, max_bytes)
        if handed is None:
            return {}, "outdated", "outdated, and git does not have the source as handed off: every block is to translate"
    if handed is None:
        return {}, state.state, "no hand-off recorded (no hs1 source hash, no source commit): every block is to translate"
    old = page_units(handed, locale)
    mine = page_units(translation, locale)
    old_front = {u.id: u for u in old if u.kind in FRONT_MATTER_UNITS}
    mine_front = {u.id: u for u in mine if u.kind in FRONT_MATTER_UNITS}
    old_blocks = [u for u in old if u.kind not in FRONT_MATTER_UNITS]
    mine_blocks = [u for u in mine if u.kind not in FRONT_MATTER_UNITS]
    targets: dict[str, Sequence[Piece | Placeholder]] = {}
    now_front = {u.id: u for u in page_units(source, locale) if u.kind in FRONT_MATTER_UNITS}
    for key, unit in old_front.items():
        if key in mine_front and key in now_front and now_front[key].source == unit.source:  # unchanged since hand-off
            targets[key] = mine_front[key].source
    if [(u.kind, u.level) for u in old_blocks] != [(u.kind, u.level) for u in mine_blocks]:
        note = "the translation's blocks do not line up with the source's: only the title and description are kept"
        return targets, state.state, note
    for theirs, ours in zip(old_blocks, mine_blocks, strict=True):
        mapped = _codes_as_source(theirs.source, ours.source)
        if mapped is not None:
            targets[theirs.id] = mapped
    return targets, state.state, "" if state.state == "current" else "outdated: only new and changed blocks are to translate"


def _codes_as_source(source: Sequence[Piece], translation: Sequence[Piece]) -> list[Piece | Placeholder] | None:
    """The translation's pieces with its codes numbered as the source's (matched by kind, then Markdown); None if they differ."""
    theirs = [p for p in source if isinstance(p, Code) and p.role != "close"]
    ours = [p for p in translation if isinstance(p, Code) and p.role != "close"]
    if Counter((c.role, c.kind) for c in theirs) != Counter((c.role, c.kind) for c in ours):
        return None
    numbers: dict[int, int] = {}
    free = list(theirs)
    for code in ours:
        match = next((c for c in free if (c.role, c.kind, c.native) == (code.role, code.kind, code.native)), None)
        match = match or next(c for c in free if (c.role, c.kind) == (code.role, code.kind))
        free.remove(match)
        numbers[code.id] = match.id
    return [p if isinstance(p, str) else Placeholder(numbers[p.id], p.role) for p in translation]


def _article_at(source: Article, commit: str, git: GitHistory, max_bytes: int) -> Article | None:
    data = git.file_at(commit, source.path, max_bytes)
    if data is None:
        return None
    shell = Article(source.path, source.display_path, source.locale, source.relpath, source.docs_root)
    return parse_bytes(data, shell, ParseOptions(max_file_bytes=max_bytes))


# -- import --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Imported:
    path: str  # the translation's path, as shown
    outcome: str  # "created", "updated", "refused"
    message: str


class Refused(Exception):
    """A page is not written; says why (with the unit ids concerned)."""


def import_handoff(
    handoff: Handoff,
    site: Site,
    locales: Locales,
    settings: ReviewSettings,
    git: GitHistory | None,
    translation_type: str | None = None,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> list[Imported]:
    """Write each page of a translated file back; a page that fails a check is refused whole, the others are written."""
    locale = locales.for_folder(handoff.target_language) or next(
        (known for known in locales if known.tag.lower() == handoff.target_language.lower()), None
    )
    if locale is None:
        known = ", ".join(f"{known.code} ({known.tag})" for known in locales)
        raise ExchangeError(f"the file's target language {handoff.target_language!r} has no locale file (this site has {known})")
    if locale.source:
        raise ExchangeError(f"the file's target language {handoff.target_language!r} is the source locale's")
    kind = translation_type or handoff.translation_type or settings.reviewed_value
    allowed = {*settings.machine_translated, settings.reviewed_value}
    if kind not in allowed:
        raise ExchangeError(f"translation type {kind!r} is not one of {', '.join(sorted(allowed))}")
    folder = next((f for f in site.by_locale if locale.matches_folder(f)), locale.code)
    results = []
    for page in handoff.pages:
        machine = kind if translation_type else _page_type(page, kind, settings)
        results.append(_import_page(page, site, locale, folder, settings, git, machine, max_bytes))
    return results


def _page_type(page: Page, kind: str, settings: ReviewSettings) -> str:
    """The file's translation type, or MT when a unit of the page says a machine translated it (XLIFF 1.2's state-qualifier)."""
    if kind == settings.reviewed_value and any(unit.machine for unit in page.units):
        return next(iter(settings.machine_translated), kind)
    return kind


def _import_page(
    page: Page, site: Site, locale: Locale, folder: str, settings: ReviewSettings, git: GitHistory | None, kind: str, max_bytes: int
) -> Imported:
    source = site.get(site.source_folder, page.relpath) if site.source_folder else None
    root = (source.docs_root or source.path.parents[page.relpath.count("/") + 1]) if source else None
    target_path = Path(os.path.join(root, folder, page.relpath)) if root else Path(folder, page.relpath)
    shown = _shown(target_path)
    try:
        if source is None or not source.readable:
            raise Refused(f"no source page {site.source_folder}/{page.relpath}")
        handed = _as_exported(source, page, git, max_bytes)
        body, front = _translated(page, handed, locale)
        existing = site.get(folder, page.relpath)
        if existing is not None or os.path.lexists(target_path):
            message = _update(target_path, root, body, front, page, kind, settings, max_bytes)
            return Imported(shown, "updated", message)
        _inside(target_path, root)
        meta = translation_meta(handed, locale.tag, StubHandoff(page.handoff, page.source_commit), settings)
        meta.update(front)
        meta[settings.translation_type_key] = kind
        _create(target_path, front_matter_text(meta) + body.lstrip("\n"))
        return Imported(shown, "created", f"{kind}, hand-off {page.handoff}, {len(page.units)} units")
    except Refused as exc:
        return Imported(shown, "refused", f"{exc}; nothing written")


def _inside(path: Path, root: Path | None) -> None:
    """A new file's folder must really be inside docs/: a folder link out of it would write elsewhere."""
    real_root = os.path.realpath(root) if root else ""
    folder = os.path.realpath(path.parent)
    if not real_root or not (folder == real_root or folder.startswith(real_root + os.sep)):
        raise Refused(f"its folder leads outside {root}/ (to {folder})")


def _shown(path: Path) -> str:
    from helpsite.content.safefile import display_path

    return display_path(path)


def _as_exported(source: Article, page: Page, git: GitHistory | None, max_bytes: int) -> Article:
    """The source as it was exported: as it is, or from git at the exported commit."""
    if source_hash(source) == page.source_hash:
        return source
    if page.source_commit and git is not None:
        older = _article_at(source, page.source_commit, git, max_bytes)
        if older is not None and source_hash(older) == page.source_hash:
            return older
    raise Refused("the source changed since it was exported and git does not have it as exported: export it again")


def _translated(page: Page, source: Article, locale: Locale) -> tuple[str, dict[str, str]]:
    """The translated body and front-matter values, or Refused naming the units that fail."""
    units = {unit.id: unit for unit in page_units(source, locale)}
    blocks = {block.id: block for block in segment(source.body, source.body_line)}
    given = {unit.id: unit for unit in page.units}
    problems = [f"unit {ident}: not a block of the source" for ident in given if ident not in units]
    missing = [ident for ident in units if given.get(ident) is None or given[ident].target is None]
    if missing:
        more = " ..." if len(missing) > 5 else ""
        problems.append(f"unit{'s' if len(missing) > 1 else ''} {', '.join(missing[:5])}{more}: not translated")
    pieces: dict[str, list[Piece]] = {}
    for ident, unit in units.items():
        target = given[ident].target if ident in given else None
        if target is None:
            continue
        resolved = _resolve(unit, target)
        if isinstance(resolved, str):
            problems.append(f"unit {ident}: {resolved}")
        else:
            pieces[ident] = resolved
    if problems:
        raise Refused("; ".join(problems))
    ordered = list(blocks.values())
    body = rebuild(source.body, ordered, {ident: pieces[ident] for ident in blocks})
    mismatches: list[Mismatch] = verify(ordered, body)
    if mismatches:
        raise Refused("; ".join(f"unit {m.block}: {m.message}" for m in mismatches))
    front = {key: " ".join("".join(p for p in pieces[key] if isinstance(p, str)).split()) for key in FRONT_MATTER_UNITS if key in pieces}
    return body, front


def _resolve(unit: Unit, target: Sequence[Piece | Placeholder]) -> list[Piece] | str:
    """The target with the source's codes in place of its placeholders, or what is wrong with them."""
    codes = {(p.id, p.role): p for p in unit.source if isinstance(p, Code)}
    seen: Counter[tuple[int, str]] = Counter()
    out: list[Piece] = []
    open_pairs: list[int] = []
    for piece in target:
        if isinstance(piece, str):
            out.append(piece)
            continue
        mark = Placeholder(piece.id, piece.role)
        key = (mark.id, mark.role)
        if key not in codes:
            return f"placeholder {_name(mark)} is not in the source"
        seen[key] += 1
        if mark.role == "open":
            open_pairs.append(mark.id)
        elif mark.role == "close":
            if mark.id not in open_pairs:
                return f"placeholder {_name(mark)} closes before it opens"
            open_pairs.remove(mark.id)
        out.append(codes[key])
    missing = [key for key in codes if not seen[key]]
    if missing:
        return "placeholders missing: " + ", ".join(_name(Placeholder(*key)) for key in missing)
    twice = [key for key, count in seen.items() if count > 1]
    if twice:
        return "placeholders more than once: " + ", ".join(_name(Placeholder(*key)) for key in twice)
    return out


def _name(piece: Placeholder) -> str:
    return {"ph": f"<x{piece.id}/>", "open": f"<g{piece.id}>", "close": f"</g{piece.id}>"}[piece.role]


def _update(
    path: Path, root: Path | None, body: str, front: dict[str, str], page: Page, kind: str, settings: ReviewSettings, max_bytes: int
) -> str:
    """Edit an existing translation in place: the front-matter editor sets the keys, the body is the translation's."""
    from helpsite.content.edit import ChangedMeanwhile, EditError, FrontMatterEditor, locked, replace_unchanged

    try:
        real = Path(read_docs_file(path, root or path.parent, max_bytes).real_path)
        with locked(real):
            editor = FrontMatterEditor(open_docs_file(real, root or path.parent, max_bytes), _shown(path))
            for key, value in front.items():
                editor.set(key, value)
            editor.set(settings.source_hash_key, page.source_hash)
            if page.source_commit:
                editor.set(settings.source_commit_key, page.source_commit)
            editor.set(settings.handoff_key, page.handoff)
            editor.set(settings.translation_type_key, kind)
            editor.set_body(body)
            replace_unchanged(real, editor.to_bytes(), read=editor.original)
    except ChangedMeanwhile:
        raise Refused("changed while it was being written; run the import again") from None
    except EditError as exc:
        raise Refused(str(exc).removeprefix(f"{_shown(path)}: ")) from None
    except RefusedFile as exc:
        raise Refused(exc.reason) from None
    except FileTooLarge as exc:
        raise Refused(f"the file is {exc}") from None
    except OSError as exc:
        raise Refused(f"cannot write: {exc.strerror or exc}") from None
    return f"{kind}, hand-off {page.handoff}, {len(page.units)} units"


def _create(path: Path, text: str) -> None:
    from helpsite.content.edit import create_new

    try:
        create_new(path, text.encode("utf-8"))
    except FileExistsError:
        raise Refused("a file appeared there while importing; run the import again") from None
    except OSError as exc:
        raise Refused(f"cannot write: {exc.strerror or exc}") from None
