"""Compare the findings of two revisions of helpsite on the same articles.

    .venv/bin/python bench/compare_findings.py REV_A REV_B [--corpus ../shared/corpus/alchemy]

Each revision is checked out in a temporary git worktree and run from its own source
(``PYTHONPATH=<worktree>/src``, its own mkdocs.yml, locales/ and schema) with the current virtualenv,
``helpsite check --no-cache --format
json`` over the corpus. Prints the counts per code for both and every finding that only one has.
A restructuring must show no difference; a fix shows exactly the findings it meant to change.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from tests.paths import SHARED  # noqa: E402  (after the path is known)


def findings_at(revision: str, corpus: Path, scratch: Path) -> list[dict]:
    tree = scratch / revision.replace("/", "_")
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-f", str(tree), revision], check=True, capture_output=True)
    try:
        env = {**os.environ, "PYTHONPATH": str(tree / "src"), "NO_COLOR": "1"}
        done = subprocess.run(
            [sys.executable, "-m", "helpsite.cli", "check", str(corpus), "--no-cache", "--format", "json", "--jobs", "2"],
            cwd=tree,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode not in (0, 1):
            raise SystemExit(f"{revision}: helpsite check failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout)
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)], check=False, capture_output=True)


def key(finding: dict) -> tuple:
    fields = ("path", "line", "column", "code", "severity", "message", "fix")
    return tuple(finding.get(name) for name in fields)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--corpus", type=Path, default=(SHARED / "corpus" / "alchemy") if SHARED else None)
    args = parser.parse_args()
    if args.corpus is None or not args.corpus.is_dir():
        raise SystemExit("no corpus: pass --corpus (../shared/corpus/alchemy is the usual one)")
    corpus = args.corpus.resolve()
    with tempfile.TemporaryDirectory() as scratch:
        before = findings_at(args.before, corpus, Path(scratch))
        after = findings_at(args.after, corpus, Path(scratch))
    counts_before = collections.Counter(f["code"] for f in before)
    counts_after = collections.Counter(f["code"] for f in after)
    print(f"{'code':10s} {args.before[:12]:>12s} {args.after[:12]:>12s}")
    for code in sorted(counts_before | counts_after):
        mark = "" if counts_before[code] == counts_after[code] else "  *"
        print(f"{code:10s} {counts_before[code]:12d} {counts_after[code]:12d}{mark}")
    gone = sorted(set(map(key, before)) - set(map(key, after)))
    new = sorted(set(map(key, after)) - set(map(key, before)))
    for label, rows in (("only before", gone), ("only after", new)):
        print(f"\n{label}: {len(rows)}")
        for row in rows[:40]:
            print(f"  {row[0]}:{row[1]}:{row[2]}: {row[3]} [{row[4]}] {row[5]}")
        if len(rows) > 40:
            print(f"  ... and {len(rows) - 40} more")
    return 0 if not gone and not new else 1


if __name__ == "__main__":
    raise SystemExit(main())
