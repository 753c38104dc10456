"""The source as it was when a translation was handed off, and the work a page asks for now.

A translation says what it was made from: ``ms.sourcegitcommit`` (the source's commit) and
``ms.openlocfilehash`` (its ``hs1`` hash). The source's text at hand-off comes from:

1. **git**, when the translation names a commit the repository's history has: the source file at
   that commit;
2. otherwise **helpsite's snapshot**: whenever helpsite stamps a hand-off (``helpsite new --from``
   writes a stub, ``helpsite review mark`` records a review) it keeps the source file as it was, in
   ``.helpsite/handoff/<hash>.md`` beside mkdocs.yml, named by the 64 hex digits of the hs1 hash it
   stamped. Every locale handed off from the same text shares one file, and a snapshot whose text
   does not hash to its name is not used. The folder is meant to be committed with the site.

Neither is guessed: a page with neither has no diff, and its whole source counts as work.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from helpsite.content.config import ReviewSettings
from helpsite.content.edit import create_new
from helpsite.content.parse import ParseOptions, parse_bytes
from helpsite.content.safefile import FileTooLarge, RefusedFile, read_docs_file
from helpsite.model import Article
from helpsite.translation.compare import Workload, blocks, count_words, source_changes
from helpsite.translation.review import HASH_PREFIX, GitHistory, QueueEntry, source_hash

HANDOFF_FOLDER = Path(".helpsite") / "handoff"  # beside mkdocs.yml
_STORED_HASH = re.compile(re.escape(HASH_PREFIX) + r"([0-9a-f]{64})")


class HandoffSnapshots:
    """The sources' texts helpsite kept when it stamped a hand-off, by their hs1 hash."""

    def __init__(self, root: Path, max_bytes: int) -> None:
        self.folder = root / HANDOFF_FOLDER
        self.max_bytes = max_bytes

    def path_for(self, stored_hash: object) -> Path | None:
        """Where the snapshot of a stored ``hs1:`` hash is (None for any other value: no path is made of it)."""
        match = _STORED_HASH.fullmatch(stored_hash) if isinstance(stored_hash, str) else None
        return self.folder / f"{match.group(1)}.md" if match else None

    def keep(self, source: Article) -> Path | None:
        """Keep the source's text under its current hash, unless it is kept already; the file is read
        again (only a regular file inside the docs tree) and kept only if it still hashes so."""
        stamped = source_hash(source)
        path = self.path_for(stamped)
        if path is None or path.is_file():
            return path
        try:
            data = read_docs_file(source.path, source.docs_root or source.path.parent, self.max_bytes).data
        except (RefusedFile, FileTooLarge, OSError):
            return None
        if source_hash(_parsed(data, source, str(path))) != stamped:
            return None  # edited since it was read: the stamp is of the text read then, not of this one
        with contextlib.suppress(FileExistsError):  # another process kept the same text meanwhile
            create_new(path, data)
        return path

    def read(self, stored_hash: object, source: Article) -> Article | None:
        """The kept text of ``stored_hash``, parsed as ``source`` was then; None without one."""
        path = self.path_for(stored_hash)
        if path is None:
            return None
        try:
            data = read_docs_file(path, self.folder, self.max_bytes).data
        except (RefusedFile, FileTooLarge, OSError):
            return None
        old = _parsed(data, source, f"{HANDOFF_FOLDER.as_posix()}/{path.name}")
        return old if source_hash(old) == stored_hash else None


def _parsed(data: bytes, source: Article, shown: str) -> Article:
    """Another version of ``source``'s file, parsed as that page."""
    article = Article(path=source.path, display_path=shown, locale=source.locale, relpath=source.relpath, docs_root=source.docs_root)
    return parse_bytes(data, article, ParseOptions(max_file_bytes=len(data) + 1))


@dataclass(frozen=True, slots=True)
class HandoffSource:
    """The source's text at a translation's hand-off, and where it comes from."""

    article: Article
    origin: str  # "git" or "snapshot"
    ref: str  # the commit (10 digits) or the snapshot's path (.helpsite/handoff/<hash>.md)

    @property
    def where(self) -> str:
        return f"commit {self.ref}" if self.origin == "git" else self.ref


@dataclass(slots=True)
class HandoffSources:
    """Finds the hand-off text of translations (git first, then the snapshots), each asked once."""

    root: Path
    settings: ReviewSettings
    git: GitHistory | None
    max_bytes: int
    _found: dict[tuple[str, str, str], HandoffSource | None] = field(default_factory=dict)

    @property
    def snapshots(self) -> HandoffSnapshots:
        return HandoffSnapshots(self.root, self.max_bytes)

    def of(self, translation: Article, source: Article) -> HandoffSource | None:
        commit = translation.meta.get(self.settings.source_commit_key)
        stored = translation.meta.get(self.settings.source_hash_key)
        key = (str(source.path), str(commit), str(stored))
        if key not in self._found:
            self._found[key] = self._find(commit, stored, source)
        return self._found[key]

    def _find(self, commit: object, stored: object, source: Article) -> HandoffSource | None:
        if self.git is not None and isinstance(commit, str):
            data = self.git.file_at(commit, source.path, self.max_bytes)
            if data is not None:
                return HandoffSource(_parsed(data, source, f"{source.display_path}@{commit[:10]}"), "git", commit[:10])
        kept = self.snapshots.read(stored, source)
        if kept is not None:
            return HandoffSource(kept, "snapshot", kept.display_path)
        return None


def title_of(article: Article) -> str:
    return str(article.meta.get("title") or "")


def estimate_work(entry: QueueEntry, handoffs: HandoffSources) -> Workload:
    """The source words a queued translation asks for: for an outdated page whose hand-off text is
    known, those of the blocks (and title) that are new or changed since; else the whole source's."""
    source = entry.source
    if source is None:
        return Workload(0, "page")
    current = blocks(source.body, source.body_line)
    whole = count_words(title_of(source)) + sum(block.words for block in current)
    if entry.staleness.state != "outdated":
        return Workload(whole, "page")
    old = handoffs.of(entry.article, source)
    if old is None:
        return Workload(whole, "page, hand-off text unknown")
    changes = source_changes(blocks(old.article.body, old.article.body_line), current, title_of(old.article), title_of(source))
    return Workload(changes.words(current, title_of(source)), "changed", len(changes.changed), len(changes.removed))


def commit_of_source(git: GitHistory | None, source: Article, max_bytes: int) -> str | None:
    """The commit to stamp as a hand-off's ``ms.sourcegitcommit``: HEAD, when the source file is as
    HEAD has it (a source with changes not committed yet was not handed off from any commit)."""
    head = git.head() if git is not None else None
    if git is None or head is None:
        return None
    committed = git.file_at(head, source.path, max_bytes)
    try:
        working = read_docs_file(source.path, source.docs_root or source.path.parent, max_bytes).data
    except (RefusedFile, FileTooLarge, OSError):
        return None
    return head if committed == working else None
