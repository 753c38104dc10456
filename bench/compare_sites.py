"""Two builds of the same site, page by page: which pages only one has, and what each page lost.

    .venv/bin/python bench/compare_sites.py BEFORE/site AFTER/site [--show 40]

For a change that must not take anything from a site (sanitizing, limits): build the site with the
code before and after (``bench/before_after.py`` builds both checkouts' projects of a corpus, or
``bench/corpus_build.py --out`` with each checkout's own ``.venv``), then compare; ``--article``
compares the pages' bodies only, when the theme's frame around them changed for other reasons.
Pages are compared as parsed HTML (``bench/sanitize_cost.py``'s tokens: start tags with their
attributes, and texts), so markup that nh3 writes another way is no
loss; what the earlier page has and the later one lacks is listed (a tag, an attribute, a text), and
what only the later one has is counted. Exit status 0: the same pages; 1: pages only in one of them.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sanitize_cost import removals, tokens


def pages(site: Path) -> set[Path]:
    return {path.relative_to(site) for path in site.rglob("*.html")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--show", type=int, default=40, help="losses to list")
    parser.add_argument(
        "--article", action="store_true", help="compare what each page's <article> holds (its body), not the theme's frame around it"
    )
    args = parser.parse_args()
    before, after = pages(args.before), pages(args.after)
    only_before, only_after = sorted(before - after), sorted(after - before)
    print(f"pages: {len(before)} before, {len(after)} after, {len(before & after)} in both")
    for label, only in (("only before", only_before), ("only after", only_after)):
        if only:
            print(f"{label}: {len(only)}")
            for page in only[: args.show]:
                print(f"  {page}")
    lost: Counter[str] = Counter()
    gained: Counter[str] = Counter()
    listed = []
    changed = 0
    for page in sorted(before & after):
        old, new = tokens(args.before / page, args.article), tokens(args.after / page, args.article)
        if old == new:
            continue
        changed += 1
        losses = removals(old, new)
        lost.update(losses)
        gained.update(removals(new, old))
        listed += [f"{page}: {what}" for what in losses]
    print(f"pages that differ: {changed}; losses: {sum(lost.values())} ({len(lost)} kinds); additions: {sum(gained.values())}")
    for what, count in lost.most_common(args.show):
        print(f"  lost {count}x: {what}")
    for line in listed[: args.show]:
        print(f"  {line}")
    for what, count in gained.most_common(10):
        print(f"  added {count}x: {what.replace(' removed', '').replace(' lost ', ' gained ')}")
    return 1 if only_before or only_after else 0


if __name__ == "__main__":
    raise SystemExit(main())
