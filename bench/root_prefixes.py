"""Count the root-relative link prefixes (/azure/, /windows/ ...) of a docs folder, and print the
``site_paths``/``other_sites`` settings that make them resolve as Microsoft Learn resolves them.

    .venv/bin/python bench/root_prefixes.py ../shared/corpus/m365-ar/ar-SA --site /microsoft-365/

Every prefix except the ``--site`` and ``--exclude`` ones is taken for another Learn site, at
``https://learn.microsoft.com/{locale}/<prefix>/``. Learn's URLs ignore case, so ``/Exchange/`` and
``/exchange/`` count as one. Links that name a locale (``/en-us/...``) are left out. The targets of
the folder's ``.openpublishing.redirection.json`` count too. examples/learn-site.yml is this
script's output for the Microsoft 365 corpus:

    .venv/bin/python bench/root_prefixes.py ../shared/corpus/m365-ar/ar-SA --site /microsoft-365/ \\
        --exclude /admin/ --exclude /business-premium/ --exclude /misc/ --exclude /defender/ \\
        --exclude /lti/ --exclude /microsoft-teams/ > examples/learn-site.yml
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from helpsite.content.links import SiteLayout, classify  # noqa: E402
from helpsite.content.parse import parse_article  # noqa: E402

LEARN = "https://learn.microsoft.com/{locale}/"
_LOCALE_PREFIX = re.compile(r"[a-z]{2}-[a-z]{2,4}", re.IGNORECASE)


def count(folder: Path) -> collections.Counter[str]:
    prefixes: collections.Counter[str] = collections.Counter()
    layout = SiteLayout(frozenset(), None)
    for path in sorted(folder.rglob("*.md")):
        article = parse_article(path, locale="x", relpath=path.relative_to(folder).as_posix(), display_path=str(path))
        for link in article.links:
            target = link.target.strip()
            if not target.startswith("/") or target.startswith("//") or classify(target, "x", article.relpath, layout).kind != "internal":
                continue
            first = re.split(r"[/?#]", target[1:], maxsplit=1)[0]
            if first and "." not in first and not _LOCALE_PREFIX.fullmatch(first):
                prefixes[first.lower()] += 1
    redirects = folder / ".openpublishing.redirection.json"
    if redirects.is_file():
        for entry in json.loads(redirects.read_text(encoding="utf-8-sig")).get("redirections", []):
            target = str(entry.get("redirect_url", ""))
            first = re.split(r"[/?#]", target[1:], maxsplit=1)[0] if target.startswith("/") and not target.startswith("//") else ""
            if first and "." not in first:
                prefixes[first.lower()] += 1
    return prefixes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--site", action="append", default=[], help="a prefix that is this site's (repeatable), e.g. /microsoft-365/")
    parser.add_argument("--exclude", action="append", default=[], help="a prefix that is no site but a mistake (repeatable)")
    parser.add_argument("--min", type=int, default=1, help="leave out prefixes linked fewer times than this")
    args = parser.parse_args()
    prefixes = count(args.folder)
    own = {p.strip("/").lower() for p in args.site}
    excluded = {p.strip("/").lower() for p in args.exclude}
    print("# helpsite options (paste under `helpsite:` in mkdocs.yml) for a site published the way Microsoft Learn")
    print(f"# publishes; see README.md, Links. Written by bench/root_prefixes.py from {args.folder.name}: {sum(prefixes.values())}")
    print(f"# root-relative links and redirect targets under {len(prefixes)} prefixes; the counts are theirs.")
    if excluded:
        shown = ", ".join(f"/{p}/ ({prefixes.get(p, 0)})" for p in sorted(excluded))
        print(f"# Left out as no sites but mistakes (they stay LNK001/LNK011, as they are broken on Learn too): {shown}.")
    print("\n# This site: /microsoft-365/x is docs/<locale>/microsoft-365/x.md, in the reader's locale.")
    print("site_paths:")
    for prefix in sorted(own):
        print(f"  /{prefix}/: {prefix}/  # {prefixes.get(prefix, 0)}")
    print("# Other Learn sites: external URLs in the reader's locale ({locale}: ar-sa, nl-nl ...), checked by --external.")
    print("other_sites:")
    for prefix, links in sorted(prefixes.items(), key=lambda item: (-item[1], item[0])):
        if prefix not in own and prefix not in excluded and links >= args.min:
            print(f"  /{prefix}/: {LEARN}{prefix}/  # {links}")
    print("# Pages that moved: DocFX's file is read from the docs folder or beside mkdocs.yml; or name it:")
    print("# redirects_file: docs/en/.openpublishing.redirection.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
