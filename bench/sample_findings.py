"""Draw a random sample of findings to judge one by one: every code at least once, the rest of the
sample shared out by each code's share of the findings (largest remainder), then drawn at random.

    helpsite check docs --format json > findings.json
    .venv/bin/python bench/sample_findings.py findings.json 40 20261201

Prints each finding with its place, message and fix; judge it against the file.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
from pathlib import Path


def sample(findings: list[dict], size: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    by_code: dict[str, list[dict]] = collections.defaultdict(list)
    for finding in findings:
        by_code[finding["code"]].append(finding)
    codes = sorted(by_code)
    shares = {code: (size - len(codes)) * len(by_code[code]) / len(findings) for code in codes}
    allotted = {code: 1 + int(shares[code]) for code in codes}
    left = size - sum(allotted.values())
    for code in sorted(codes, key=lambda code: shares[code] - int(shares[code]), reverse=True)[: max(left, 0)]:
        allotted[code] += 1
    drawn: list[dict] = []
    for code in codes:
        drawn += rng.sample(by_code[code], min(allotted[code], len(by_code[code])))
    return drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("findings", type=Path, help="helpsite check --format json output")
    parser.add_argument("size", type=int)
    parser.add_argument("seed", type=int)
    args = parser.parse_args()
    findings = json.loads(args.findings.read_text(encoding="utf-8"))
    for number, f in enumerate(sample(findings, args.size, args.seed), 1):
        print(f"#{number} {f['code']} {f['severity']} {f['path']}:{f['line']}:{f['column']}\n   {f['message']}\n   fix: {f.get('fix')}")


if __name__ == "__main__":
    main()
