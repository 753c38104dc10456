"""Translation review: source hashes, staleness, the review queue and its risk score.

The hash (``hs1``) is SHA-256 of the source's title and body after normalising whitespace:
Unicode NFC, every run of spaces, tabs and single newlines becomes one space, every run of blank
lines one paragraph break, leading and trailing whitespace goes. So re-wrapping a paragraph or
re-indenting does not make translations outdated; changing a word does. It is stored as
``hs1:<64 hex digits>`` so that hashes of other algorithms (Microsoft's ``ms.openlocfilehash``,
whose input is unknown) are recognised as foreign and count as unknown, never as outdated.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import subprocess
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from helpsite.content.config import ReviewSettings
from helpsite.content.parse import DEFAULT_MAX_FILE_BYTES
from helpsite.content.safefile import FileTooLarge, RefusedFile, open_docs_file, read_docs_file
from helpsite.content.site import Site
from helpsite.model import UNREADABLE_CODES, Article, Finding, Severity

if TYPE_CHECKING:
    from helpsite.translation.compare import Workload

HASH_PREFIX = "hs1:"
STUB = "stub"  # the value of ``review.state_key`` on a scaffolded, untranslated page
_HEX_COMMIT = re.compile(r"[0-9a-f]{40}")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def source_hash(article: Article) -> str:
    title = str(article.meta.get("title") or "")
    text = unicodedata.normalize("NFC", f"{title}\n\n{article.body}")
    paragraphs = (" ".join(part.split()) for part in _PARAGRAPH_BREAK.split(text))
    normalised = "\n\n".join(p for p in paragraphs if p)
    return HASH_PREFIX + hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def is_stub(article: Article, settings: ReviewSettings) -> bool:
    """A translation stub (``helpsite new --from``): the source's text, not yet translated. The site
    serves it as a missing page, the status counts it as missing, the queue lists it as to translate."""
    value = article.meta.get(settings.state_key)
    return isinstance(value, str) and value.strip().lower() == STUB


class GitHistory:
    """Which files commits after a given commit touched, where the site is a git repository."""

    def __init__(self, folder: Path, on_question: Callable[[], None] | None = None) -> None:
        """``on_question`` is called whenever an answer depends on the history (changed_since)."""
        top = self._git(folder, "rev-parse", "--show-toplevel")
        self.root = Path(top.strip()) if top else None
        self.on_question = on_question
        # Per instance (not functools.cache on the method, which would keep every instance alive).
        self._touched: dict[str, frozenset[str] | None] = {}

    @staticmethod
    def _git(folder: Path, *args: str) -> str | None:
        try:
            done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, timeout=60, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout if done.returncode == 0 else None

    def head(self) -> str | None:
        """The commit checked out, or None outside a git repository."""
        if self.root is None:
            return None
        out = self._git(self.root, "rev-parse", "HEAD")
        return out.strip() if out and _HEX_COMMIT.fullmatch(out.strip()) else None

    def file_at(self, commit: str, path: Path, max_bytes: int) -> bytes | None:
        """The file at ``path`` as ``commit`` has it; None when git does not know the commit, the
        file was not in it, it is outside the repository or larger than ``max_bytes`` (asked before
        the file is read, so a huge one is never held in memory)."""
        if self.root is None or not _HEX_COMMIT.fullmatch(commit):
            return None
        try:
            relative = path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None
        size = self._git(self.root, "cat-file", "-s", f"{commit}:{relative}")
        if size is None or not size.strip().isdigit() or int(size) > max_bytes:
            return None
        try:
            done = subprocess.run(
                ["git", "cat-file", "blob", f"{commit}:{relative}"], cwd=self.root, capture_output=True, timeout=60, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout[:max_bytes] if done.returncode == 0 else None

    def touched_since(self, commit: str) -> frozenset[str] | None:
        """Paths (relative to the repository) changed by commits after ``commit``; None if git does not know it."""
        if commit not in self._touched:
            self._touched[commit] = self._ask_touched_since(commit)
        return self._touched[commit]

    def _ask_touched_since(self, commit: str) -> frozenset[str] | None:
        if self.root is None or self._git(self.root, "cat-file", "-e", f"{commit}^{{commit}}") is None:
            return None
        out = self._git(self.root, "log", "--format=", "--name-only", f"{commit}..HEAD")
        return frozenset(line for line in (out or "").splitlines() if line)

    def last_commit_dates(self, folder: Path) -> dict[str, datetime.date]:
        """The date of the last commit to each file below ``folder`` (by resolved absolute path), in
        one `git log` over the folder's history; {} outside a repository."""
        if self.root is None:
            return {}
        # -z: names as they are (git would quote a name with non-ASCII characters); each commit is
        # "\x01DATE\0" and then its names, each ended by \0 (the first after a newline).
        out = self._git(self.root, "log", "-z", "--format=%x01%cs", "--name-only", "--", str(folder.resolve())) or ""
        dates: dict[str, datetime.date] = {}
        day: datetime.date | None = None
        for token in out.split("\0"):
            entry = token.removeprefix("\n")
            if entry.startswith("\x01"):
                try:
                    day = datetime.date.fromisoformat(entry[1:].strip())
                except ValueError:
                    day = None
            elif entry and day is not None:
                dates.setdefault(str(self.root / entry), day)  # the log is newest first
        return dates

    def changed_since(self, commit: str, path: Path) -> bool | None:
        if self.root is None:
            return None
        try:
            relative = path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None  # not in this repository: git cannot say (and is not asked)
        if self.on_question is not None:
            self.on_question()
        touched = self.touched_since(commit)
        return None if touched is None else relative in touched


@dataclass(frozen=True, slots=True)
class Staleness:
    state: str  # "current", "outdated" or "unknown"
    reason: str
    keys: tuple[str, ...] = ()  # the front-matter keys whose signal says "outdated"


def staleness(translation: Article, source: Article, settings: ReviewSettings, git: GitHistory | None) -> Staleness:
    outdated, current, keys = [], [], []
    stored = translation.meta.get(settings.source_hash_key)
    if isinstance(stored, str) and stored.startswith(HASH_PREFIX):
        if stored == source_hash(source):
            current.append("source hash matches")
        else:
            outdated.append("the source text changed since hand-off")
            keys.append(settings.source_hash_key)
    commit = translation.meta.get(settings.source_commit_key)
    if git is not None and isinstance(commit, str) and _HEX_COMMIT.fullmatch(commit):
        changed = git.changed_since(commit, source.path)
        if changed:
            outdated.append(f"git shows commits to the source after {commit[:10]}")
            keys.append(settings.source_commit_key)
        elif changed is False:
            current.append(f"no commit to the source after {commit[:10]}")
    if outdated:
        return Staleness("outdated", "; ".join(outdated), tuple(keys))
    if current:
        return Staleness("current", "; ".join(current))
    return Staleness("unknown", "no hs1 source hash and no source commit that git knows")


def priority(article: Article, settings: ReviewSettings) -> str:
    """'high', 'normal', or the raw value, from whichever priority key the article uses."""
    for key in settings.priority_keys:
        value = article.meta.get(key)
        if value is not None:
            return {"priority": "high", "high": "high", "normal": "normal", "medium": "normal"}.get(str(value).lower(), str(value))
    return "normal"


# The risk score orders the review queue: what a reader is most likely to be misled by comes first.
MACHINE_WEIGHT = {"MT": 3.0, "MTE75": 2.0, "MTE95": 1.0}  # raw machine output is riskiest
STUB_WEIGHT = 1.0
PRIORITY_WEIGHT = {"high": 2.0, "normal": 1.0}
STALENESS_POINTS = {"outdated": 4.0, "unknown": 1.0, "current": 0.0}
QA_POINTS = {Severity.ERROR: 2.0, Severity.WARNING: 1.0, Severity.INFO: 0.25}
QUEUE_STATES = ("to translate", "outdated", "machine")  # QueueEntry.state of the pages the queue holds


def is_qa(finding: Finding) -> bool:
    """A finding of the translation's quality against its source (L10N; L10N001, outdated, is its staleness)."""
    return finding.code.startswith("L10N") and finding.code != "L10N001"


@dataclass(slots=True)
class QueueEntry:
    article: Article
    source: Article | None
    translation_type: str | None
    machine: bool
    priority: str
    handoff: str | None
    staleness: Staleness
    qa: list[Finding] = field(default_factory=list)
    stub: bool = False  # scaffolded and not yet translated (is_stub)
    # Planning (review.owner_key, review.due_key), and the words asked for (translation.handoff.estimate_work, when asked).
    owner: str | None = None
    due: str | None = None
    work: Workload | None = None

    @property
    def state(self) -> str:
        """What the page needs: "to translate" (a stub), "outdated", "machine" or "reviewed"."""
        if self.stub:
            return "to translate"
        if self.staleness.state == "outdated":
            return "outdated"
        return "machine" if self.machine else "reviewed"

    @property
    def risk(self) -> float:
        """priority weight x translation weight + staleness points + QA points (see the README)."""
        if self.stub:
            translation = STUB_WEIGHT  # readers get the source page: nothing misleads them, work is still to do
        else:
            translation = MACHINE_WEIGHT.get(str(self.translation_type), 2.0) if self.machine else 0.5
        qa = sum(QA_POINTS[f.severity] for f in self.qa)
        return round(PRIORITY_WEIGHT.get(self.priority, 1.0) * translation + STALENESS_POINTS[self.staleness.state] + qa, 2)

    @property
    def needs_review(self) -> bool:
        return self.stub or self.machine or self.staleness.state == "outdated"

    def as_row(self) -> dict:
        qa = Counter(f.code for f in self.qa)
        return {
            "path": self.article.display_path,
            "locale": self.article.locale,
            "page": self.article.relpath,
            "title": str(self.article.meta.get("title") or ""),
            "translation_type": self.translation_type,
            "priority": self.priority,
            "handoff": self.handoff,
            "outdated": self.staleness.state,
            "state": self.state,
            "qa_findings": sum(qa.values()),
            "qa_codes": ",".join(f"{code}x{n}" if n > 1 else code for code, n in sorted(qa.items())),
            "risk": self.risk,
            "owner": self.owner,
            "due": self.due,
            "words": self.work.words if self.work else None,
            "words_basis": self.work.basis if self.work else None,
        }


def queue_entry(article: Article, site: Site, settings: ReviewSettings, git: GitHistory | None, qa: list[Finding]) -> QueueEntry | None:
    """The review state of a translation (None for source pages)."""
    if site.is_source(article):
        return None
    source = site.source_of(article)
    kind = article.meta.get(settings.translation_type_key)
    kind = str(kind) if kind is not None else None
    state = staleness(article, source, settings, git) if source else Staleness("unknown", "no source page")
    handoff = article.meta.get(settings.handoff_key)
    owner, due = article.meta.get(settings.owner_key), article.meta.get(settings.due_key)
    return QueueEntry(
        article,
        source,
        kind,
        kind in settings.machine_translated,
        priority(article, settings),
        str(handoff) if handoff is not None else None,
        state,
        qa,
        is_stub(article, settings),
        owner=str(owner).strip() or None if owner is not None else None,
        due=str(due) if due is not None else None,
    )


def review_queue(
    site: Site, settings: ReviewSettings, git: GitHistory | None, findings: list[Finding], locale: str | None = None
) -> list[QueueEntry]:
    """Translations that need review (machine-translated or outdated), riskiest first."""
    qa_by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        if is_qa(finding):
            qa_by_path.setdefault(finding.path, []).append(finding)
    entries = []
    for article in site.articles:
        if locale and article.locale != locale:
            continue
        entry = queue_entry(article, site, settings, git, qa_by_path.get(article.display_path, []))
        if entry and entry.needs_review:
            entries.append(entry)
    entries.sort(key=lambda e: (-e.risk, e.article.locale, e.article.relpath))
    return entries


@dataclass(frozen=True, slots=True)
class MarkResult:
    path: str
    outcome: str  # "marked", "unchanged" or "refused"
    message: str


def mark_reviewed(
    article: Article,
    site: Site,
    settings: ReviewSettings,
    reviewer: str,
    today: str,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    *,
    commit: str | None = None,
    keep_source: Callable[[Article], object] | None = None,
) -> MarkResult:
    """Record a human review in the article's front matter, surgically and atomically.

    The review is a new hand-off: the source's hash is stamped, ``commit`` (the commit whose source
    file is the one reviewed against) too when given, and ``keep_source`` keeps the source's text
    (translation.handoff) before the page is written, so that its next changes can be shown.
    Only a regular file inside the docs tree is edited (content.safefile): a link to a file inside
    is followed (the file it names is edited, the link kept); anything else is refused."""
    from helpsite.content.edit import ChangedMeanwhile, EditError, FrontMatterEditor, locked, replace_unchanged

    shown = article.display_path
    if site.is_source(article):
        return MarkResult(shown, "refused", "a source page, not a translation: nothing to review")
    if is_stub(article, settings):
        return MarkResult(shown, "refused", f"a stub, not translated yet: translate it and delete its '{settings.state_key}' line first")
    unreadable = next((p for p in article.problems if p.code in UNREADABLE_CODES), None)
    if unreadable is not None:
        return MarkResult(shown, "refused", f"{unreadable.message} ({unreadable.code})")
    source = site.source_of(article)
    root = article.docs_root or article.path.parent
    try:
        real = Path(read_docs_file(article.path, root, max_bytes).real_path)
        with locked(real):
            editor = FrontMatterEditor(open_docs_file(real, root, max_bytes), shown)
            current = str(editor.get(settings.translation_type_key) or "")
            new_hash = source_hash(source) if source else None
            current_commit = commit is None or editor.get(settings.source_commit_key) == commit
            if (
                current == settings.reviewed_value
                and (new_hash is None or editor.get(settings.source_hash_key) == new_hash)
                and current_commit
            ):
                return MarkResult(shown, "unchanged", f"already {settings.reviewed_value} and up to date with its source; nothing changed")
            editor.set(settings.translation_type_key, settings.reviewed_value)
            editor.set(settings.reviewer_key, reviewer)
            editor.set(settings.review_date_key, today)
            if new_hash:
                editor.set(settings.source_hash_key, new_hash)
            if commit and source is not None:
                editor.set(settings.source_commit_key, commit)
            if keep_source is not None and source is not None:
                keep_source(source)
            replace_unchanged(real, editor.to_bytes(), read=editor.original)
    except ChangedMeanwhile:
        return MarkResult(shown, "refused", "changed while it was being marked; nothing written — run again")
    except EditError as exc:
        return MarkResult(shown, "refused", str(exc).removeprefix(f"{shown}: "))
    except RefusedFile as exc:
        return MarkResult(shown, "refused", f"{exc.reason}; not edited")
    except FileTooLarge as exc:
        return MarkResult(shown, "refused", f"the file is {exc}; not edited")
    except OSError as exc:
        return MarkResult(shown, "refused", f"cannot write: {exc.strerror or exc}")
    note = "" if source else " (no source page: no source hash stored)"
    change = (
        f"{current or 'no translation type'} -> {settings.reviewed_value}"
        if current != settings.reviewed_value
        else f"already {current}; source hash brought up to date"
    )
    return MarkResult(shown, "marked", f"reviewed by {reviewer} on {today}: {change}{note}")
