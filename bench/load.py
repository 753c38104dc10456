"""Load: `helpsite check` on 20,000 articles, and on a tree with 10,000 findings.

    .venv/bin/python bench/load.py [--articles 20000] [--findings 10000]

Reports wall time and peak memory (GNU time) of `helpsite check --jobs 1` and `--jobs 2` on the
synthetic corpus (bench/synthetic.py) with ARTICLES articles in all, then the time to print
10,000 findings, to a file and to a reader that stops after the first line (`| head -1`).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from synthetic import generate  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
HELPSITE = [sys.executable, "-m", "helpsite.cli"]


def timed(command: list[str], cwd: Path) -> tuple[float, int, str]:
    result = subprocess.run(["/usr/bin/time", "-f", "%e %M", *command], cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    seconds, kilobytes = result.stderr.strip().splitlines()[-1].split()
    return (
        float(seconds),
        int(kilobytes) // 1024,
        result.stderr.strip().splitlines()[-2] if len(result.stderr.strip().splitlines()) > 1 else "",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--findings", type=int, default=10000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = generate(Path(folder) / "big", args.articles // 3)
        for jobs in (1, 2):
            seconds, megabytes, summary = timed([*HELPSITE, "check", "--jobs", str(jobs), "--statistics"], project)
            print(f"check {args.articles} articles, --jobs {jobs}: {seconds:.1f} s, peak {megabytes} MB ({summary})")
        noisy = generate(Path(folder) / "noisy", 1)
        per_file = 5
        for number in range(args.findings // per_file):
            links = " ".join(f"[x{i}](missing-{number}-{i}.md)" for i in range(per_file))
            (noisy / "docs" / "en" / f"n{number:05d}.md").write_text(f"---\ntitle: N {number}\n---\n# N\n\n{links}\n")
        started = time.perf_counter()
        out = subprocess.run([*HELPSITE, "check", "--select", "LNK001"], cwd=noisy, env=ENV, capture_output=True, text=True, check=False)
        print(f"{out.stdout.count(chr(10))} findings printed in {time.perf_counter() - started:.1f} s (exit {out.returncode})")
        started = time.perf_counter()
        piped = subprocess.run(
            f"{' '.join(HELPSITE)} check --select LNK001 | head -1",
            shell=True,
            cwd=noisy,
            env=ENV,
            capture_output=True,
            text=True,
            check=False,
        )
        print(f"`| head -1`: {time.perf_counter() - started:.1f} s, stderr {piped.stderr.strip()[-80:]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
