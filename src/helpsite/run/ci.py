"""What CI needs beyond a check: only what changed since a ref, and a baseline of accepted findings."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

from helpsite.content.edit import atomic_write, create_new
from helpsite.content.site import SourceFile
from helpsite.errors import ConfigError
from helpsite.model import Finding

BASELINE_VERSION = 1


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"git {' '.join(args)}: {exc}") from None
    if done.returncode != 0:
        raise ConfigError(f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}")
    return done.stdout


def changed_since(root: Path, ref: str) -> set[Path]:
    """Files changed since ``ref`` (committed or not, deleted included) and files git does not track yet."""
    top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    names = _git(top, "diff", "--name-only", "-z", ref, "--").split("\0")
    names += _git(top, "ls-files", "--others", "--exclude-standard", "-z").split("\0")
    return {(top / name).resolve() for name in names if name}


def with_translations(changed: set[Path], pages: list[SourceFile], source_folder: str | None, docs_dir: Path) -> set[Path]:
    """The changed articles, and every translation of a changed (or deleted) source page."""
    result = {path for path in changed if path.suffix == ".md"}
    changed_sources = set()
    for path in result:
        try:
            locale, relpath = path.relative_to(docs_dir.resolve()).as_posix().split("/", 1)
        except ValueError:
            continue  # outside the docs folder
        if locale == source_folder:
            changed_sources.add(relpath)
    result |= {page.path.resolve() for page in pages if page.locale != source_folder and page.relpath in changed_sources}
    return result


def fingerprint(finding: Finding) -> tuple[str, str, str]:
    """What identifies a finding across edits: not its line, which moves when text is added above it."""
    return (finding.path, finding.code, finding.message)


def write_baseline(path: Path, findings: list[Finding]) -> None:
    entries = [dict(zip(("path", "code", "message"), fingerprint(f), strict=True)) for f in findings]
    data = json.dumps(
        {"version": BASELINE_VERSION, "findings": sorted(entries, key=lambda e: tuple(e.values()))}, ensure_ascii=False, indent=1
    )
    if path.exists():
        atomic_write(path, (data + "\n").encode("utf-8"))
    else:
        create_new(path, (data + "\n").encode("utf-8"))


def apply_baseline(findings: list[Finding], path: Path) -> tuple[list[Finding], int]:
    """The findings the baseline does not accept, and how many it accepted (each entry accepts one)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        accepted = Counter((e["path"], e["code"], e["message"]) for e in data["findings"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"{path}: not a helpsite baseline ({exc})") from None
    new, matched = [], 0
    for finding in findings:
        key = fingerprint(finding)
        if accepted[key] > 0:
            accepted[key] -= 1
            matched += 1
        else:
            new.append(finding)
    return new, matched
