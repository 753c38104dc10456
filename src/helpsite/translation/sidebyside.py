"""One translation beside its source, as its reviewer needs it: block by block, each finding at the
block it is about, the page's hand-off data, what changed in the source since hand-off, and the
command that records the review. `helpsite review show` prints it; the build makes it a page
(helpsite.publishing.sidebyside). Plain data: nothing here is escaped, each medium does its own.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any

from helpsite.content.config import ReviewSettings
from helpsite.model import Article, Finding
from helpsite.translation.compare import Block, DiffLine, Workload, align, blocks, source_changes, text_diff
from helpsite.translation.handoff import HandoffSource, HandoffSources, estimate_work, title_of
from helpsite.translation.review import QueueEntry, source_hash


@dataclass(frozen=True, slots=True)
class Row:
    source: Block | None
    translation: Block | None
    changed: bool  # the source's block is new or changed since hand-off
    findings: tuple[Finding, ...]  # the translation's, at this block

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.as_dict() if self.source else None,
            "translation": self.translation.as_dict() if self.translation else None,
            "changed_since_handoff": self.changed,
            "findings": [finding.as_dict() for finding in self.findings],
        }


@dataclass(frozen=True, slots=True)
class Comparison:
    entry: QueueEntry
    rows: list[Row]
    page_findings: list[Finding]  # about the front matter or the whole file
    handoff: HandoffSource | None  # the source's text at hand-off, when git or a snapshot has it
    diff: list[DiffLine]  # the source since hand-off (empty: unknown, or unchanged)
    removed: tuple[Block, ...]  # the hand-off text's blocks that are gone from the source
    work: Workload
    handoff_data: dict[str, str | None]  # the page's hand-off and review keys (None: absent)
    mark_command: str

    @property
    def facts(self) -> list[tuple[str, str]]:
        """The hand-off data as a reviewer reads it: label and value."""
        data = self.handoff_data
        facts = [("state", f"{self.entry.state}: {self.entry.staleness.reason}")]
        for key, label in FACT_LABELS.items():
            shown = data[key] or "none"
            if key == "source_hash" and data[key]:
                now = data["current_source_hash"]
                shown += " (the source's still)" if now == data[key] else f" (the source's now: {now})" if now else ""
            facts.append((label, shown))
        where = (
            f"{self.handoff.where} ({self.handoff.origin})"
            if self.handoff
            else "unknown: neither git nor a snapshot in .helpsite/handoff/ has it"
        )
        return [*facts, ("hand-off text", where), ("risk", f"{self.entry.risk:g}")]

    @property
    def translation(self) -> Article:
        return self.entry.article

    @property
    def source(self) -> Article | None:
        return self.entry.source

    def as_dict(self) -> dict[str, Any]:
        entry = self.entry
        return {
            "path": entry.article.display_path,
            "locale": entry.article.locale,
            "page": entry.article.relpath,
            "title": title_of(entry.article),
            "source": entry.source.display_path if entry.source else None,
            "state": entry.state,
            "staleness": {"state": entry.staleness.state, "reason": entry.staleness.reason},
            "handoff": self.handoff_data,
            "risk": entry.risk,
            "work": self.work.as_dict(),
            "rows": [row.as_dict() for row in self.rows],
            "page_findings": [finding.as_dict() for finding in self.page_findings],
            "source_changes": None
            if self.handoff is None
            else {
                "from": self.handoff.origin,
                "where": self.handoff.where,
                "diff": [line.as_dict() for line in self.diff],
                "removed_blocks": [block.as_dict() for block in self.removed],
            },
            "mark_command": self.mark_command,
        }


def mark_command(path: str, name: str = "YOUR NAME") -> str:
    """The command line that records a review of the page at ``path`` (as the reviewer types it,
    ``name`` standing for the reviewer's)."""
    # In double quotes as people write a name (O'Brien too), unless the shell would read something in it.
    quoted = f'"{name}"' if not any(char in name for char in '"$`\\!') else shlex.quote(name)
    return f"helpsite review mark {shlex.quote(path)} --reviewer {quoted}"


def compare(
    entry: QueueEntry, findings: list[Finding], settings: ReviewSettings, handoffs: HandoffSources | None, mark_path: str
) -> Comparison:
    """The comparison of a queued (or any) translation, with the translation's ``findings``."""
    translation, source = entry.article, entry.source
    translated = blocks(translation.body, translation.body_line)
    original = blocks(source.body, source.body_line) if source else []
    old = handoffs.of(translation, source) if handoffs is not None and source is not None else None
    changed: frozenset[int] = frozenset()
    removed: tuple[Block, ...] = ()
    diff: list[DiffLine] = []
    if old is not None and source is not None:
        changes = source_changes(blocks(old.article.body, old.article.body_line), original, title_of(old.article), title_of(source))
        changed, removed = changes.changed, changes.removed
        if changes.title_changed:
            diff += [
                DiffLine("hunk", "title"),
                DiffLine("removed", f"title: {title_of(old.article)}", old.article.line_of("title"), None),
                DiffLine("added", f"title: {title_of(source)}", None, source.line_of("title")),
            ]
        diff += text_diff(old.article.body, source.body, old.article.body_line, source.body_line)
    pairs = align(original, translated)
    index = {id(block): i for i, block in enumerate(original)}
    placed, page = _place(findings, translation, [t for _, t in pairs])
    rows = [Row(s, t, s is not None and index[id(s)] in changed, tuple(placed.get(id(t), ())) if t is not None else ()) for s, t in pairs]
    work = estimate_work(entry, handoffs) if handoffs is not None else Workload(0, "page")
    return Comparison(entry, rows, page, old, diff, removed, work, _handoff_data(entry, settings), mark_command(mark_path))


def _place(findings: list[Finding], article: Article, translated: list[Block | None]) -> tuple[dict[int, list[Finding]], list[Finding]]:
    """Each finding at the translation's block that holds its line (or the nearest above it); those
    of the front matter or the whole file, and those above every block, for the page."""
    placed: dict[int, list[Finding]] = {}
    page: list[Finding] = []
    in_order = sorted((b for b in translated if b is not None), key=lambda b: b.first_line)
    front_end = article.front_matter_lines[1] if article.front_matter_lines else 0
    for finding in findings:
        line = finding.line
        holder = None
        if line is not None and line > front_end:
            holder = next((b for b in in_order if b.first_line <= line <= b.last_line), None)
            if holder is None:
                holder = next((b for b in reversed(in_order) if b.first_line <= line), None)
        if holder is None:
            page.append(finding)
        else:
            placed.setdefault(id(holder), []).append(finding)
    return placed, page


def _handoff_data(entry: QueueEntry, settings: ReviewSettings) -> dict[str, str | None]:
    meta = entry.article.meta

    def value(key: str) -> str | None:
        found = meta.get(key)
        return None if found is None else str(found)

    return {
        "translation_type": value(settings.translation_type_key),
        "priority": entry.priority,
        "handoff_date": value(settings.handoff_key),
        "source_hash": value(settings.source_hash_key),
        "current_source_hash": source_hash(entry.source) if entry.source is not None else None,
        "source_commit": value(settings.source_commit_key),
        "owner": entry.owner,
        "due": entry.due,
        "reviewer": value(settings.reviewer_key),
        "review_date": value(settings.review_date_key),
    }


FACT_LABELS = {
    "translation_type": "translation type",
    "priority": "priority",
    "handoff_date": "hand-off date",
    "source_hash": "source hash at hand-off",
    "source_commit": "source commit at hand-off",
    "owner": "owner",
    "due": "due",
    "reviewer": "reviewer",
    "review_date": "review date",
}
