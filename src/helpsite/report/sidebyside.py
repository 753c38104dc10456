"""`helpsite review show` as text: a translation beside its source, block by block, for a terminal
or a file. Every text from an article goes through ``terminal_safe``."""

from __future__ import annotations

from helpsite.model import Finding
from helpsite.report.text import terminal_safe
from helpsite.translation.compare import Block, Workload
from helpsite.translation.sidebyside import Comparison

_DIFF_MARK = {"context": " ", "removed": "-", "added": "+"}


def work_text(work: Workload) -> str:
    if work.basis == "changed":
        return (
            f"{work.words} words new or changed in the source since hand-off ({work.changed_blocks} blocks; {work.removed_blocks} removed)"
        )
    if work.basis == "page":
        return f"{work.words} words: the whole source"
    return f"{work.words} words: the whole source ({work.basis.split(', ', 1)[-1]})"


def _finding(finding: Finding, indent: str) -> str:
    where = f"{finding.line}:{finding.column or 1} " if finding.line is not None else ""
    fix = f" (fix: {terminal_safe(finding.fix)})" if finding.fix else ""
    return f"{indent}{where}{finding.code} [{finding.severity}] {terminal_safe(finding.message)}{fix}"


def _block(side: str, block: Block | None, indent: str) -> list[str]:
    if block is None:
        return [f"{indent}{side:<4} {'-':>5}  (none)"]
    lines = block.text.splitlines() or [""]
    first = f"{indent}{side:<4} {block.first_line:>5}  {terminal_safe(lines[0])}"
    return [first, *(f"{indent}{'':<4} {'':>5}  {terminal_safe(line)}" for line in lines[1:])]


def comparison_text(comparison: Comparison) -> str:
    entry, translation, source = comparison.entry, comparison.translation, comparison.source
    source_locale = source.locale if source else "-"
    out = [
        f"{terminal_safe(translation.display_path)}: {entry.state}, beside its source "
        + (terminal_safe(source.display_path) if source else "(none: no source page)"),
        "",
    ]
    width = max(len(label) for label, _ in comparison.facts)
    out += [f"  {label:<{width}}  {terminal_safe(value)}" for label, value in comparison.facts]
    out += [f"  {'work':<{width}}  {work_text(comparison.work)}", ""]
    if comparison.handoff is not None:
        if comparison.diff:
            out.append(
                f"Changes to the source since hand-off (from {terminal_safe(comparison.handoff.where)}, {comparison.handoff.origin}):"
            )
            for line in comparison.diff:
                if line.kind == "hunk":
                    out.append(f"  {terminal_safe(line.text)}")
                    continue
                old = "" if line.old is None else str(line.old)
                new = "" if line.new is None else str(line.new)
                out.append(f"  {old:>5} {new:>5} {_DIFF_MARK[line.kind]} {terminal_safe(line.text)}")
        else:
            out.append(f"The source is as it was at hand-off ({terminal_safe(comparison.handoff.where)}).")
        out.append("")
    out.append(f"Side by side ({source_locale} | {translation.locale}), line numbers of each file:")
    for row in comparison.rows:
        block = row.source or row.translation
        assert block is not None
        note = "  · new or changed in the source since hand-off" if row.changed else ""
        out.append(f"  {block.label}{note}")
        out += _block(source_locale, row.source, "    ")
        out += _block(translation.locale, row.translation, "    ")
        out += [_finding(finding, "      ! ") for finding in row.findings]
    if comparison.removed:
        out += ["", "Removed from the source since hand-off (the translation should drop them too):"]
        for block in comparison.removed:
            out += _block(source_locale, block, "    ")
    if comparison.page_findings:
        out += ["", "Findings of the page (front matter, or the whole file):"]
        out += [_finding(finding, "  ") for finding in comparison.page_findings]
    out += ["", "When the translation is right, record the review:", f"  {terminal_safe(comparison.mark_command)}"]
    return "\n".join(out) + "\n"
