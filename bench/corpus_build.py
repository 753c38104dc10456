"""Build the real corpus (../shared/corpus/alchemy, three locales) into a site, and report on it.

    .venv/bin/python bench/corpus_build.py [--corpus DIR] [--out build/corpus] [--limit N] [--json]

The corpus is ../shared/corpus/alchemy beside the repository, else $HELPSITE_SHARED/corpus/alchemy
(tests/paths.py); ``--corpus tests/data/corpus/alchemy`` builds the slice kept in the repository.

The corpus is laid out as DocFX has it: ``<tag>/AlchemyInsights/`` per locale, with a
``TOC.yml``. This script makes a helpsite project of it in OUT:

- ``docs/<code>/`` for each locale of this repository's ``locales/`` whose tag names a corpus
  folder (en-US -> en, nl-NL -> nl, de-DE -> de): a copy, since the corpus is read-only;
- the navigation from the source locale's ``TOC.yml`` (helpsite.content.toc), which names one page,
  ``index.md``; the corpus does not ship it (DocFX's pipeline generated it), so the script
  writes one per locale: every article of the locale by title, the way a reader finds them;
- ``mkdocs.yml`` with Material, search, the helpsite plugin and its hooks, as the repository's own;

then runs ``mkdocs build`` (``properdocs build`` with ``--engine properdocs``) and reports wall
time, peak memory, pages per locale, size on disk, each locale's search index and the findings
the plugin logged. ``--limit N`` takes the first N
article paths (of all locales, sorted), for a quick run; the tests build the in-repo slice.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

import yaml  # noqa: E402

from helpsite.content.locales import Locales  # noqa: E402
from helpsite.content.parse import parse_article  # noqa: E402
from helpsite.content.toc import nav_from_toc  # noqa: E402
from tests.paths import SHARED_CORPUS  # noqa: E402

_CODE = re.compile(r" ([A-Z]+\d{3}) \[")
_CODE_PREFIXES = ("META", "LOC", "LNK", "URL", "L10N", "PARSE", "DFX", "HTML")
DEFAULT_CORPUS = SHARED_CORPUS / "alchemy" if SHARED_CORPUS else None
PRODUCT = "AlchemyInsights"
INDEX_TITLES = {"en": "All articles", "nl": "Alle artikelen", "de": "Alle Artikel"}
# The Arabic Microsoft Learn corpus (m365-ar): one locale, right to left, written in DocFX's full dialect.
LEARN_PRODUCT = "microsoft-365"
ARABIC = {
    "code": "ar",
    "tag": "ar-SA",
    "name": "العربية",
    "search_language": "ar",
    "direction": "rtl",
    "source": True,
    "strings": {
        "docfx_note": "ملاحظة",
        "docfx_tip": "تلميح",
        "docfx_important": "هام",
        "docfx_warning": "تحذير",
        "docfx_caution": "تنبيه",
        "docfx_video": "شاهد الفيديو",
        "docfx_code": "لم يتم تضمين نموذج التعليمات البرمجية",
    },
}


def prepare(corpus: Path, out: Path, limit: int | None) -> dict:
    if out.exists():
        shutil.rmtree(out)
    (out / "docs").mkdir(parents=True)
    for name in ("locales", "schema"):
        shutil.copytree(REPO / name, out / name)
    locales = Locales.load(out / "locales")
    used = {}
    for locale in locales:
        folder = corpus / locale.tag / PRODUCT
        if folder.is_dir():
            used[locale.code] = folder
        else:
            (out / "locales" / f"{locale.code}.yml").unlink()  # no corpus folder: not a language of this site
    source = locales.source
    if source is None or source.code not in used:
        raise SystemExit(f"{corpus}: no folder for the source locale")
    chosen = sorted({p.relative_to(folder).as_posix() for folder in used.values() for p in folder.rglob("*.md")})
    if limit:
        chosen = chosen[:limit]
    for code, folder in used.items():
        target = out / "docs" / code
        shutil.copytree(folder / "media", target / "media") if (folder / "media").is_dir() else target.mkdir()
        for relpath in chosen:
            if (folder / relpath).is_file():
                (target / relpath).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(folder / relpath, target / relpath)
        write_index(target, code, locales.by_code[code].tag)
    # The TOC names paths, which are the same in every locale; the English folder has none of its own.
    toc = next((used[code] / "TOC.yml" for code in (source.code, *sorted(used)) if (used[code] / "TOC.yml").is_file()), None)
    if toc is None:
        raise SystemExit(f"{corpus}: no locale has {PRODUCT}/TOC.yml")
    navigation = nav_from_toc(toc, out / "docs" / source.code)
    navigation.problems = [problem.replace(str(used[source.code]), "") for problem in navigation.problems]
    config = {
        "site_name": "Alchemy Insights",
        "site_url": "https://help.contoso.example/",
        "docs_dir": "docs",
        "theme": {"name": "material", "font": False, "features": ["navigation.indexes"]},
        "markdown_extensions": [{"toc": {"permalink": True}}, "attr_list", "admonition"],
        "plugins": ["search", {"helpsite": {"docs_structure": "folder"}}],
        "hooks": [str(REPO / "hooks" / "review_notices.py")],  # the repository's review flags, as its own site
        "nav": navigation.nav,
        "validation": {"nav": {"omitted_files": "ignore"}},  # the TOC names one page; the rest are found by search and the index
    }
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return {
        "locales": sorted(used),
        "article_paths": len(chosen),
        "toc": str(toc),
        "nav": navigation.nav,
        "toc_problems": navigation.problems,
    }


def prepare_learn(corpus: Path, out: Path, limit: int | None) -> dict:
    """A project of a Learn repository (``<tag>/microsoft-365/``): its one locale, every file of it
    (articles, includes, YAML hub pages, TOC.md), the site's navigation left to MkDocs (pruned)."""
    folder = corpus / ARABIC["tag"] / LEARN_PRODUCT
    if not folder.is_dir():
        raise SystemExit(f"{corpus}: no {ARABIC['tag']}/{LEARN_PRODUCT} folder")
    if out.exists():
        shutil.rmtree(out)
    (out / "locales").mkdir(parents=True)
    shutil.copytree(REPO / "schema", out / "schema")
    (out / "locales" / "ar.yml").write_text(yaml.safe_dump(ARABIC, allow_unicode=True, sort_keys=False), encoding="utf-8")
    target = out / "docs" / ARABIC["code"]
    articles = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md") if "includes" not in p.relative_to(folder).parts)
    chosen = set(articles[:limit] if limit else articles)
    for path in sorted(folder.rglob("*")):
        relpath = path.relative_to(folder).as_posix()
        if path.is_file() and (not relpath.endswith(".md") or relpath in chosen or "includes" in path.relative_to(folder).parts):
            (target / relpath).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / relpath)
    config = {
        "site_name": "Microsoft 365",
        "site_url": "https://help.contoso.example/",
        "docs_dir": "docs",
        "theme": {"name": "material", "font": False, "language": "ar", "features": ["navigation.indexes"]},
        "markdown_extensions": [{"toc": {"permalink": True}}, "attr_list", "admonition", "tables"],
        "plugins": ["search", {"helpsite": {"docs_structure": "folder"}}],
    }
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return {"locales": [ARABIC["code"]], "article_paths": len(chosen), "toc": "(MkDocs' own, pruned)", "nav": None, "toc_problems": []}


def write_index(root: Path, code: str, tag: str) -> None:
    """The page TOC.yml names: every article of the locale, by title."""
    entries = []
    for path in sorted(root.rglob("*.md")):
        relpath = path.relative_to(root).as_posix()
        article = parse_article(path, locale=code, relpath=relpath)
        title = str(article.meta.get("title") or relpath).replace("[", "\\[").replace("]", "\\]")
        entries.append((title.casefold(), f"- [{title}](<{relpath}>)"))
    title = INDEX_TITLES.get(code, INDEX_TITLES["en"])
    lines = ["---", f"title: {title}", f"ms.contentlocale: {tag}", "---", f"# {title}", ""]
    lines += [entry for _, entry in sorted(entries)]
    (root / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def build(out: Path, engine: str = "mkdocs") -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HELPSITE_NO_BUILD_CACHE": "1"}  # what it measures is a full build
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", engine, "build", "-f", str(out / "mkdocs.yml"), "-d", str(out / "site")],
        capture_output=True,
        text=True,
        env=env,
        check=False,  # the caller reports the exit code
    )
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    log = result.stderr.splitlines()
    findings = [line for line in log if ": " in line and any(f" {code}" in line for code in _CODE_PREFIXES)]
    return {
        "returncode": result.returncode,
        "seconds": round(seconds, 1),
        "peak_memory_mb": round(peak_mb),
        "findings_logged": len(findings),
        "findings_by_code": dict(sorted(collections.Counter(m.group(1) for m in map(_CODE.search, findings) if m).items())),
        "log_tail": log[-5:] if result.returncode else [],
    }


def measure(out: Path, locales: list[str], source: str) -> dict:
    site = out / "site"
    pages: dict[str, int] = {}
    html_bytes = 0
    for page in site.rglob("index.html"):
        first = page.relative_to(site).parts[0]
        locale = first if first in locales and first != source else source
        pages[locale] = pages.get(locale, 0) + 1
        html_bytes += page.stat().st_size
    total = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    indexes = {}
    for locale in locales:
        index = site / ("" if locale == source else locale) / "search" / "search_index.json"
        if index.is_file():
            indexes[locale] = {
                "kib": round(index.stat().st_size / 1024),
                "entries": len(json.loads(index.read_text(encoding="utf-8"))["docs"]),
            }
    return {
        "pages": pages,
        "pages_total": sum(pages.values()),
        "html_mb": round(html_bytes / 2**20, 1),
        "site_mb": round(total / 2**20, 1),
        "search_indexes": indexes,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", default=DEFAULT_CORPUS, help="a folder, or the name of one in the shared corpus (alchemy, m365-ar; default alchemy)"
    )
    parser.add_argument("--out", type=Path, default=REPO / "build" / "corpus")
    parser.add_argument("--limit", type=int, default=None, help="the first N articles of each locale only")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--engine", choices=("mkdocs", "properdocs"), default="mkdocs", help="the engine that builds it (default: mkdocs)")
    args = parser.parse_args()
    if args.corpus is None:
        parser.error("no ../shared beside the repository and no $HELPSITE_SHARED: name the corpus with --corpus")
    out = args.out.resolve()
    corpus = Path(args.corpus)
    if not corpus.is_dir() and SHARED_CORPUS is not None:
        corpus = SHARED_CORPUS / args.corpus  # a name: alchemy, m365-ar
    learn = (corpus / ARABIC["tag"] / LEARN_PRODUCT).is_dir()
    report = (prepare_learn if learn else prepare)(corpus.resolve(), out, args.limit)
    source = Locales.load(out / "locales").source.code
    report["build"] = build(out, args.engine)
    if report["build"]["returncode"] == 0:
        report["site"] = measure(out, report["locales"], source)
    (out / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report, out)
    return report["build"]["returncode"]


def print_report(report: dict, out: Path) -> None:
    b = report["build"]
    print(f"corpus: {', '.join(report['locales'])}; {report['article_paths']} article paths")
    print(f"navigation from {report['toc']}: {json.dumps(report['nav'], ensure_ascii=False)}")
    for problem in report["toc_problems"]:
        print(f"  TOC: {problem}")
    if b["returncode"]:
        print(f"build FAILED ({b['returncode']}) after {b['seconds']} s:", *b["log_tail"], sep="\n  ")
        return
    s = report["site"]
    print(f"build: {b['seconds']} s, peak memory {b['peak_memory_mb']} MB, {b['findings_logged']} findings logged")
    print("findings: " + ", ".join(f"{code} {count}" for code, count in b["findings_by_code"].items()))
    print(f"pages: {s['pages_total']} ({', '.join(f'{k} {v}' for k, v in sorted(s['pages'].items()))})")
    print(f"size: {s['site_mb']} MB on disk, of which HTML {s['html_mb']} MB")
    print("search: " + ", ".join(f"{k} {v['kib']} KiB ({v['entries']} entries)" for k, v in sorted(s["search_indexes"].items())))
    print(f"site: {out / 'site'}   report: {out / 'report.json'}")


if __name__ == "__main__":
    sys.exit(main())
