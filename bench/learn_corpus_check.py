"""Check the Arabic Microsoft Learn corpus as a helpsite project, and count the link findings.

    .venv/bin/python bench/learn_corpus_check.py             # with examples/learn-site.yml
    .venv/bin/python bench/learn_corpus_check.py --plain     # without it: how helpsite read Learn links before

The project (build/learn-corpus): the repository's schema and en.yml, an ``ar`` locale (ar-SA,
right to left), ``docs/ar`` a copy of ``../shared/corpus/m365-ar/ar-SA`` (a copy, not a link: a
symbolic link out of docs/ is refused, as it should be), an English folder with one page (the
source locale must have a folder), and the corpus's redirects file.
"""

from __future__ import annotations

import argparse
import collections
import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "m365-ar" / "ar-SA"
ARABIC = "code: ar\ntag: ar-SA\nname: العربية\nsearch_language: ar\ndirection: rtl\nfallback: en\n"


def prepare(out: Path, plain: bool, corpus: Path = CORPUS) -> None:
    if out.exists():
        shutil.rmtree(out)
    (out / "locales").mkdir(parents=True)
    shutil.copy(REPO / "locales" / "en.yml", out / "locales" / "en.yml")
    (out / "locales" / "ar.yml").write_text(ARABIC, encoding="utf-8")
    shutil.copytree(REPO / "schema", out / "schema")
    shutil.copytree(corpus, out / "docs" / "ar")
    (out / "docs" / "en").mkdir()
    (out / "docs" / "en" / "index.md").write_text("# Home\n", encoding="utf-8")
    options: dict = {"docs_structure": "folder", "cache_dir": ""}
    if not plain:
        options |= yaml.safe_load((REPO / "examples" / "learn-site.yml").read_text(encoding="utf-8"))
        options["redirects_file"] = "docs/ar/.openpublishing.redirection.json"
    theme = {"name": "material", "font": False}
    config = {"site_name": "Microsoft 365 (ar-SA)", "theme": theme, "plugins": ["search", {"helpsite": options}]}
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plain", action="store_true", help="without the Learn settings")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "learn-corpus")
    parser.add_argument("--json", type=Path, help="also write the findings to this file")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help=f"the corpus's locale folder (default: {CORPUS})")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"{args.corpus}: no corpus here")
    prepare(args.out, args.plain, args.corpus)
    command = [sys.executable, "-m", "helpsite.cli", "check", "--format", "json", "--no-progress", "docs"]
    result = subprocess.run(command, cwd=args.out, capture_output=True, text=True, check=False)
    findings = json.loads(result.stdout)
    if args.json:
        args.json.write_text(json.dumps(findings, ensure_ascii=False), encoding="utf-8")
    counts = collections.Counter(f["code"] for f in findings if f["code"].startswith(("LNK", "URL")))
    print(result.stderr.strip().splitlines()[-1])
    for code, number in sorted(counts.items()):
        print(f"{code} {number}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
