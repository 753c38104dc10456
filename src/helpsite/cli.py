"""The ``helpsite`` command. Exit codes: 0 clean, 1 an error-severity finding, 2 a usage or configuration error."""

from __future__ import annotations

import argparse
import csv
import datetime
import gc
import importlib.util
import io
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import langcodes

from helpsite.checks import registry as R
from helpsite.checks.built import check_built_site
from helpsite.checks.meta import is_us_date
from helpsite.checks.reference import as_markdown, codes_table_markdown
from helpsite.content.config import Project, ReviewSettings, options_table_markdown
from helpsite.content.edit import atomic_write, create_new
from helpsite.content.locales import Locale, Locales, locale_file_from
from helpsite.content.parse import ParseOptions
from helpsite.content.site import discover, display_path
from helpsite.errors import ConfigError
from helpsite.model import Finding, Severity
from helpsite.report import REPORTERS
from helpsite.report.json import dump_json
from helpsite.report.text import terminal_safe
from helpsite.run.ci import apply_baseline, changed_since, write_baseline
from helpsite.run.engine import load_site, parse_source, run_check
from helpsite.translation import EXCHANGE_FORMATS
from helpsite.translation.review import QUEUE_STATES, GitHistory, is_qa, mark_reviewed, queue_entry, review_queue, source_hash

# What only other commands use (the translation tools, the tables, the shards) each imports itself, so
# that `helpsite check` does not load it.

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
PROGRESS_THRESHOLD = 200  # articles; smaller runs finish before a bar would help


def _project(args: argparse.Namespace) -> Project:
    """The site of --config (or found from here), its settings checked, codes against the registry."""
    return Project.load(args.config, codes=R.RULES)


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="helpsite", description="Check and publish multilingual help-centre articles.")
    parser.add_argument("--config", type=Path, help="the site's mkdocs.yml (default: found in this folder or above)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="check articles and print findings", description="Check articles and print findings.")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: the site's docs folder)")
    check.add_argument("--format", choices=sorted(REPORTERS), default="text", help="output format (default: text)")
    check.add_argument(
        "--select", type=_codes, action="extend", default=[], metavar="CODES", help="only these codes or prefixes, comma-separated"
    )
    check.add_argument("--ignore", type=_codes, action="extend", default=[], metavar="CODES", help="leave out these codes or prefixes")
    check.add_argument(
        "--site", type=Path, metavar="SITE_DIR", help="check a built site instead: robots, canonical, hreflang, sitemaps and search agree"
    )
    check.add_argument("--external", action="store_true", help="also ask the servers of external links (cached; see URL007)")
    check.add_argument(
        "--output",
        action="append",
        default=[],
        type=_output,
        metavar="FORMAT:FILE",
        help=f"also write a report to FILE ({', '.join(sorted(REPORTERS))}); repeatable",
    )
    check.add_argument(
        "--changed-since", metavar="REF", help="only articles changed since the git REF, and the translations of changed sources"
    )
    check.add_argument(
        "--baseline", type=Path, metavar="FILE", help="accept the findings listed in FILE: only new ones are reported and fail"
    )
    check.add_argument("--write-baseline", type=Path, metavar="FILE", help="write today's findings to FILE as the accepted baseline")
    check.add_argument(
        "--jobs", type=_positive, default=os.cpu_count() or 1, metavar="N", help="processes to check in (default: the number of cores)"
    )
    check.add_argument(
        "--shard",
        type=_shard,
        metavar="I/N",
        help="check only shard I of N (stable by path); merge the reports with `helpsite report merge`",
    )
    check.add_argument("--statistics", action="store_true", help="print a count of findings per code instead of each finding")
    check.add_argument("--no-progress", action="store_true", help="no progress bar, even on a terminal")
    check.add_argument(
        "--no-cache", action="store_true", help="check every article, neither using nor updating the cache of earlier runs' findings"
    )

    review = commands.add_parser(
        "review",
        help="the machine-translation review queue, and marking pages reviewed",
        description="List the translations that need a human review, riskiest first, or record a review in their front matter.",
    )
    review_commands = review.add_subparsers(dest="review_command", required=True, metavar="ACTION")
    listing = review_commands.add_parser(
        "list",
        help="translations that need review, riskiest first",
        description="List machine-translated and outdated translations, riskiest first, with their QA findings.",
    )
    listing.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: the docs folder)")
    listing.add_argument("--locale", help="only this locale (its code or tag: nl, nl-NL); one locales/ does not have is refused")
    listing.add_argument("--owner", help=f"only the pages assigned to this person (front matter {ReviewSettings().owner_key})")
    listing.add_argument(
        "--state", choices=QUEUE_STATES, help="only pages in this state: 'to translate' (a stub), outdated (the source changed) or machine"
    )
    listing.add_argument(
        "--format", choices=("table", "json", "csv"), default="table", help="table (full rows when not on a terminal), json or csv"
    )
    show = review_commands.add_parser(
        "show",
        help="a translation beside its source, block by block, with what changed in the source since hand-off",
        description="Show a translation beside its source, block by block (headings, paragraphs, list items, table rows, "
        "code), each finding at its block, the hand-off data and, for an outdated page, the source's changes since "
        "hand-off (from git, or from the snapshot in .helpsite/handoff/).",
    )
    show.add_argument("path", type=Path, metavar="PATH", help="a translated article")
    show.add_argument("--format", choices=("text", "json"), default="text")
    mark = review_commands.add_parser(
        "mark",
        help="record a human review in the front matter (changes nothing else)",
        description="Record a human review (reviewer, date, the source's hash) in each page's front matter; nothing else changes.",
    )
    mark.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="translated articles")
    mark.add_argument("--reviewer", required=True, type=_reviewer, help="who reviewed the pages")
    mark.add_argument("--date", type=_us_date, help="review date, MM/DD/YYYY (default: today)")

    l10n = commands.add_parser(
        "l10n",
        help="hand pages to a translator's tool (XLIFF, PO) and take the translations back",
        description="Export source pages for translation as XLIFF 1.2, XLIFF 2.0 or PO, and import the translated file back.",
    )
    l10n_commands = l10n.add_subparsers(dest="l10n_command", required=True, metavar="ACTION")
    export = l10n_commands.add_parser(
        "export",
        help="write source pages as XLIFF or PO for one target locale",
        description="Write the source pages as one XLIFF 1.2 (xliff), XLIFF 2.0 (xliff2) or PO (po) file for a target locale: "
        "one unit per block, inline Markdown as placeholders. For a page with a translation, only new and changed blocks "
        "are left to translate; the others carry the current translation.",
    )
    export.add_argument("paths", nargs="+", type=Path, metavar="SOURCE", help="source articles or folders")
    export.add_argument("--locale", required=True, help="the target locale, code or tag (nl, nl-NL)")
    export.add_argument("--format", choices=EXCHANGE_FORMATS, default="xliff", help="xliff (1.2, default), xliff2 (2.0) or po")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the file to write")
    export.add_argument("--date", type=_us_date, help="the hand-off date, MM/DD/YYYY (default: today)")
    export.add_argument(
        "--translation-type", metavar="TYPE", help="what import stamps as ms.translationtype (default: HT; MT when a machine translates)"
    )
    importing = l10n_commands.add_parser(
        "import",
        help="write a translated XLIFF or PO file back into the translated articles",
        description="Write each page of a translated XLIFF or PO file into its article, checked unit by unit, the hand-off "
        "stamped; a page whose placeholders or blocks do not match its source is refused and left as it was.",
    )
    importing.add_argument("file", type=Path, metavar="FILE")
    importing.add_argument("--translation-type", metavar="TYPE", help="stamp this ms.translationtype instead of the file's")

    preview = commands.add_parser(
        "serve",
        help="preview the site while writing: one locale, only changed pages rebuilt",
        description="Serve the site with live reload. With --locale, only that locale is built (pages missing in it "
        "come from the source locale), and a save re-renders the changed page only. Each page shows its findings.",
    )
    preview.add_argument("--locale", help="the locale to preview (a folder under docs/, e.g. nl)")
    preview.add_argument(
        "-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT", help="address to serve on (default 127.0.0.1:8000)"
    )
    preview.add_argument("--full", action="store_true", help="re-render every page on each change, as plain mkdocs serve does")
    _engine_option(preview)

    new = commands.add_parser(
        "new",
        help="write a new article, or a translation stub of a source article",
        description="Write a new article with valid front matter, or (--from) a translation stub: the source's text "
        "and front matter with the hand-off fields stamped (source hash, source commit, date). Never overwrites a file.",
    )
    new.add_argument("path", type=Path, metavar="PATH", help="the new file, under docs/<locale>/")
    new.add_argument("--locale", help="the article's locale, code or tag (nl, nl-NL); must agree with PATH's folder")
    new.add_argument("--from", dest="source", type=Path, metavar="SOURCE", help="the source article to translate")
    new.add_argument("--title", help="the title (default: from the file name; with --from, the source's)")
    new.add_argument("--topic", default="article", help="ms.topic of a new article (default: article)")
    new.add_argument("--date", type=_us_date, help="ms.date or hand-off date, MM/DD/YYYY (default: today)")
    new.add_argument(
        "--create-locale",
        action="store_true",
        help="when PATH's locale folder has no file in locales/, write one from the source locale's (its strings to translate)",
    )

    shard = commands.add_parser(
        "build",
        help="build the site, or some of its locales as a shard for merge-sites",
        description="Build the site with MkDocs or ProperDocs, its locales in parallel processes (--jobs); with --locale, "
        "only those locales, in one process, as a shard for `helpsite merge-sites`.",
    )
    shard.add_argument("--locale", action="append", default=[], metavar="CODE", help="build only this locale (repeatable): one shard")
    shard.add_argument("-d", "--site-dir", type=Path, metavar="DIR", help="where to write (default: mkdocs.yml's site_dir)")
    shard.add_argument("--strict", action="store_true", help="fail on warnings, as mkdocs build --strict")
    shard.add_argument(
        "--team-pages",
        action="store_true",
        help="also publish the team's pages: review queue, status, writer's guide",
    )
    shard.add_argument(
        "--no-cache",
        action="store_true",
        help="render every page, neither using nor updating the build cache of earlier builds (in cache_dir)",
    )
    shard.add_argument(
        "--jobs",
        type=_positive,
        default=os.cpu_count() or 1,
        metavar="N",
        help="build the locales in up to N processes, then merge them (default: the number of cores; 1: one process)",
    )
    _engine_option(shard)
    merge_sites = commands.add_parser(
        "merge-sites",
        help="assemble one site from shards built with `helpsite build --locale`",
        description="Assemble one site from shards built with `helpsite build --locale`, then check that it agrees with itself.",
    )
    merge_sites.add_argument("shards", nargs="+", type=Path, metavar="SHARD")
    merge_sites.add_argument("-o", "--out", type=Path, required=True, metavar="DIR", help="the assembled site (replaced)")

    report = commands.add_parser(
        "report",
        help="merge JSON reports (of shards) into one report in any format",
        description="Work with the JSON reports of `helpsite check --format json`, e.g. of shards.",
    )
    report_commands = report.add_subparsers(dest="report_command", required=True, metavar="ACTION")
    merge = report_commands.add_parser(
        "merge",
        help="merge `--format json` reports; exit 1 if any holds an error",
        description="Merge `helpsite check --format json` reports into one, in any format; exit 1 if any holds an error.",
    )
    merge.add_argument("reports", nargs="+", type=Path, metavar="REPORT")
    merge.add_argument("--format", choices=sorted(REPORTERS), default="text")
    merge.add_argument("--output", action="append", default=[], type=_output, metavar="FORMAT:FILE")

    status = commands.add_parser(
        "status",
        help="per locale: translated, machine translated, reviewed, outdated, missing",
        description="Count, per locale, the pages translated, machine translated, reviewed, outdated, missing and orphaned.",
    )
    status.add_argument("--format", choices=("table", "json"), default="table")

    rules = commands.add_parser("rules", help="list finding codes, or explain one", description="List finding codes, or explain one.")
    rules.add_argument("code", nargs="?", help="a code such as META003")
    rules.add_argument("--markdown", action="store_true", help="print the table of codes as Markdown (as in the README)")

    commands.add_parser(
        "options",
        help="the helpsite options of mkdocs.yml, as a Markdown table (as in the README)",
        description="Print the helpsite options of mkdocs.yml as a Markdown table (as in the README).",
    )
    return parser


def _engine_option(parser: argparse.ArgumentParser) -> None:
    from helpsite.mkdocs.engine import DEFAULT_ENGINE, ENGINES  # names only: no engine is loaded

    parser.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE, help=f"the site generator (default: {DEFAULT_ENGINE})")


def _output(value: str) -> tuple[str, Path]:
    name, separator, file = value.partition(":")
    if not separator or name not in REPORTERS or not file:
        raise argparse.ArgumentTypeError(f"{value!r}: write FORMAT:FILE, FORMAT one of {', '.join(sorted(REPORTERS))}")
    return name, Path(file)


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive number")
    return int(value)


def _shard(value: str) -> tuple[int, int]:
    index, _, count = value.partition("/")
    if not (index.isdigit() and count.isdigit()) or not 1 <= int(index) <= int(count):
        raise argparse.ArgumentTypeError(f"{value!r}: write I/N with 1 <= I <= N, e.g. 2/4")
    return int(index), int(count)


def _reviewer(value: str) -> str:
    if not value.strip():
        raise argparse.ArgumentTypeError("give the reviewer's name (an empty one records no review)")
    return value.strip()


def _us_date(value: str) -> str:
    if not is_us_date(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a real MM/DD/YYYY date")
    return value


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    finally:
        if argv is None:  # the process's own command, which ends with it
            # What the command made goes with the process: not walked by one more collection at exit
            # (half a second after checking 6,000 articles).
            gc.freeze()


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    commands = {
        "check": _check,
        "build": _build,
        "merge-sites": _merge_sites,
        "report": _report_merge,
        "status": _status,
        "new": _new,
        "serve": _serve,
        "rules": _rules,
        "options": _options,
        "review": lambda args: {"list": _review_list, "show": _review_show, "mark": _review_mark}[args.review_command](args),
        "l10n": lambda args: (_l10n_export if args.l10n_command == "export" else _l10n_import)(args),
    }
    try:
        return commands[args.command](args)
    except ConfigError as exc:
        print(f"helpsite: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ValueError as exc:
        print(f"helpsite: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`helpsite ... | head`): stop quietly, like other command-line tools.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CLEAN


def _new(args: argparse.Namespace) -> int:
    from helpsite.translation.scaffold import new_article

    project = _project(args)
    path = Path(os.path.abspath(args.path))
    if path.suffix != ".md":
        raise ValueError(f"{args.path}: an article's name ends in .md")
    if not path.is_relative_to(project.docs_dir) or len(path.relative_to(project.docs_dir).parts) < 2:
        raise ValueError(f"{args.path}: articles live in a locale folder under {display_path(project.docs_dir)}/")
    folder, *rest = path.relative_to(project.docs_dir).parts
    locale = project.locales.for_folder(folder)
    if locale is None:
        locale_file = project.root / project.settings.locales_dir / f"{folder}.yml"
        if not args.create_locale:
            raise ValueError(
                f"{args.path}: '{folder}' has no locale file {display_path(locale_file)}: write one to start a '{folder}' site, "
                f"or add --create-locale (this site has {', '.join(known.code for known in project.locales)})"
            )
        locale = _create_locale(project, folder, args.locale, locale_file)
    if args.locale and not locale.matches_folder(args.locale) and args.locale.lower() != locale.tag.lower():
        raise ValueError(f"--locale {args.locale} disagrees with the folder '{folder}' ({locale.code}, {locale.tag})")
    today = args.date or datetime.date.today().strftime("%m/%d/%Y")
    note = ""
    if args.source is not None:
        text, note = _stub(args, project, locale.tag, "/".join(rest), today)
    else:
        title = args.title or path.stem.replace("-", " ").replace("_", " ").strip().capitalize()
        text = new_article(title, locale.tag, today, topic=args.topic)
    try:
        create_new(path, text.encode("utf-8"))
    except FileExistsError:
        print(f"helpsite: {args.path} exists; not overwritten", file=sys.stderr)
        return EXIT_USAGE
    print(f"created {terminal_safe(display_path(path))}{note}")
    return EXIT_CLEAN


def _create_locale(project: Project, folder: str, tag: str | None, locale_file: Path) -> Locale:
    """`new --create-locale`: the folder's locale file, made from the source locale's, written whole
    (a new file in one step, never over one)."""
    source = project.locales.source
    if source is None or source.path is None:
        raise ValueError("the site has no source locale file to make a locale file from")
    tag = tag or folder
    if not langcodes.tag_is_valid(tag):
        raise ValueError(f"'{tag}' is not a BCP 47 language tag: name the folder by its language (fr, pt-BR) or give --locale TAG")
    try:
        text = locale_file_from(source, source.path.read_text(encoding="utf-8-sig"), folder, tag, _search_languages())
        create_new(locale_file, text.encode("utf-8"))
    except ConfigError as exc:
        raise ValueError(f"{display_path(locale_file)} cannot be made from {display_path(source.path)}: {exc}") from None
    except FileExistsError:
        raise ValueError(f"{display_path(locale_file)} appeared meanwhile; run again") from None
    project.locales = Locales.load(locale_file.parent)
    created = project.locales.for_folder(folder)
    assert created is not None
    print(f"created {terminal_safe(display_path(locale_file))} from {terminal_safe(display_path(source.path))}: translate its strings")
    return created


def _search_languages() -> frozenset[str]:
    """The languages Material's search has a stemmer for (its lunr.<language>.min.js files); the
    package is found, not imported."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return frozenset({"en"})
    folder = Path(next(iter(spec.submodule_search_locations))) / "templates" / "assets" / "javascripts" / "lunr" / "min"
    return frozenset({"en"} | {name.split(".")[1] for name in os.listdir(folder) if name.count(".") == 3} if folder.is_dir() else {"en"})


def _stub(args: argparse.Namespace, project: Project, tag: str, relpath: str, today: str) -> tuple[str, str]:
    from helpsite.translation.handoff import HandoffSnapshots, commit_of_source
    from helpsite.translation.scaffold import Handoff, translation_stub

    # Not a folder, but anything else (a link, a named pipe): parsing says whether it can be read.
    found = discover([args.source], project.docs_dir, project.locales) if os.path.lexists(args.source) and not args.source.is_dir() else []
    if len(found) != 1:
        raise ValueError(f"{args.source}: no such source article")
    [source] = found
    article = parse_source(source, ParseOptions(max_file_bytes=project.settings.max_file_bytes))
    broken = [p for p in article.problems if p.severity is Severity.ERROR]
    if broken:
        raise ValueError(f"{display_path(source.path)}:{broken[0].line}: {broken[0].message}; fix the source first")
    if source.relpath != relpath:
        raise ValueError(f"a translation lives at its source's path in its own locale folder: .../{source.relpath}, not .../{relpath}")
    git = GitHistory(project.root)
    handoff = Handoff(today, commit_of_source(git, article, project.settings.max_file_bytes))
    commit = handoff.commit[:12] if handoff.commit else "none: not a git repository, or the source has changes not committed"
    kept = HandoffSnapshots(project.root, project.settings.max_file_bytes).keep(article)
    kept_note = f", source kept in {display_path(kept)}" if kept else ""
    note = f" (hand-off {today}: source hash {source_hash(article)[:16]}..., commit {commit}{kept_note})"
    return translation_stub(article, article.body, tag, handoff, project.settings.review), note


def _status(args: argparse.Namespace) -> int:
    from helpsite.report.table import Column, print_table
    from helpsite.translation.status import translation_status

    project = _project(args)
    _, site = load_site(project)
    rows = translation_status(site, project.locales, project.settings.review, GitHistory(project.root))
    if args.format == "json":
        dump_json([row.as_row() for row in rows], sys.stdout, indent=1)
        sys.stdout.write("\n")
        return EXIT_CLEAN
    names = ("pages", "translated", "reviewed", "machine", "untyped", "outdated", "missing", "orphans", "coverage")
    columns = [Column("locale", wraps=True), *(Column(name, right=True) for name in names)]
    cells = []
    for row in rows:
        name = f"{row.name} ({row.locale})"
        if row.source:
            cells.append([f"{name}, source", str(row.source_pages), *[""] * 8])
        else:
            counts = (row.source_pages, row.translated, row.reviewed, row.machine, row.untyped, row.outdated, row.missing, row.orphans)
            cells.append([name, *map(str, counts), f"{row.coverage:.0%}"])
    print_table("Translation status", columns, cells, sys.stdout)
    return EXIT_CLEAN


def _build(args: argparse.Namespace) -> int:
    project = _project(args)
    from helpsite.mkdocs.engine import EngineError, build  # the engine is loaded for this command only
    from helpsite.mkdocs.jobs import build_in_parallel, plan_for

    # As MkDocs reads -d: relative to mkdocs.yml's folder.
    site_dir: Path | None = project.root / args.site_dir if args.site_dir else project.site_dir
    planned = plan_for(project, args.jobs) if args.jobs > 1 and not args.locale and site_dir is not None else None
    if planned is not None and site_dir is not None and len(planned.shards) > 1:
        outcome = build_in_parallel(
            project, planned, engine=args.engine, site_dir=site_dir, strict=args.strict, team_pages=args.team_pages, cache=not args.no_cache
        )
        shown, count, shards = display_path(site_dir), len(outcome.shards), outcome.described()
        failed, built = f"a shard of {shards}", f"{shards} built in {count} processes"
        if outcome.status:
            print(f"helpsite: build failed: {failed} failed (status {outcome.status}); {shown} unchanged", file=sys.stderr)
            return outcome.status if outcome.status > 0 else EXIT_FINDINGS
        print(f"helpsite: {built}, merged: {shown} ({outcome.seconds:.1f} s)", file=sys.stderr)
        return EXIT_CLEAN
    try:
        build(
            project.config_file,
            engine=args.engine,
            locales=args.locale,
            site_dir=args.site_dir,
            strict=args.strict,
            team_pages=args.team_pages,
            cache=not args.no_cache,
        )
    except EngineError as exc:
        print(f"helpsite: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # the engine's Abort (strict mode, broken config), whose message its own command would print
        if exc.code and type(exc).__name__ == "Abort":
            print(f"helpsite: build failed: {exc}", file=sys.stderr)
        return EXIT_FINDINGS if exc.code else EXIT_CLEAN
    except Exception as exc:
        if type(exc).__name__ not in ("Abort", "PluginError", "ConfigurationError", "BuildError"):
            raise
        print(f"helpsite: build failed: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _merge_sites(args: argparse.Namespace) -> int:
    from helpsite.publishing.shards import ShardError, merge_sites

    project = _project(args)
    try:
        merged = merge_sites(args.shards, args.out)
    except ShardError as exc:
        print(f"helpsite: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{args.out}: {merged.files} files from {len(args.shards)} shards ({', '.join(sorted(merged.locales))})", file=sys.stderr)
    findings = check_built_site(args.out, project.site_url)  # the assembled site must agree with itself
    REPORTERS["text"](findings, sys.stdout)
    return EXIT_FINDINGS if any(f.severity is Severity.ERROR for f in findings) else EXIT_CLEAN


def _serve(args: argparse.Namespace) -> int:
    project = _project(args)
    if args.locale and not (project.docs_dir / args.locale).is_dir():
        print(f"helpsite: no folder {project.docs_dir / args.locale} to preview", file=sys.stderr)
        return EXIT_USAGE
    from helpsite.mkdocs.engine import EngineError, serve  # the engine is loaded for this command only

    try:
        serve(project.config_file, engine=args.engine, locale=args.locale, dev_addr=args.dev_addr, dirty=not args.full)
    except EngineError as exc:
        print(f"helpsite: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # the address is taken, or not ours to bind
        print(f"helpsite: cannot serve on {args.dev_addr}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_CLEAN


def _check(args: argparse.Namespace) -> int:
    if _missing_paths(args.paths):
        return EXIT_USAGE
    project = _project(args)
    if args.site is not None:
        return _check_built(args, project)
    changed = changed_since(project.root, args.changed_since) if args.changed_since else None
    show_progress = not args.no_progress and sys.stderr.isatty()
    with _Progress(show_progress) as progress:
        result = run_check(
            project,
            args.paths or None,
            select=args.select,
            ignore=args.ignore,
            external=args.external or project.settings.external_links,
            progress=progress.update,
            jobs=args.jobs,
            shard=args.shard,
            changed=changed,
            cache=not args.no_cache,
        )
    findings, accepted = result.findings, 0
    if args.write_baseline:
        write_baseline(args.write_baseline, findings)
        print(f"helpsite: {len(findings)} findings written to {args.write_baseline} as the baseline", file=sys.stderr)
    if args.baseline:
        findings, accepted = apply_baseline(findings, args.baseline)
    _report(findings, args, project)
    by_severity = Counter(f.severity for f in findings)
    print(
        f"{len(result.targets)} articles checked in {result.seconds:.2f} s"
        + (f" ({result.checked} checked again, the rest unchanged since the last run)" if result.checked < len(result.targets) else "")
        + ": "
        f"{by_severity[Severity.ERROR]} errors, {by_severity[Severity.WARNING]} warnings, {by_severity[Severity.INFO]} infos"
        + (f"; {accepted} more accepted by the baseline" if args.baseline else ""),
        file=sys.stderr,
    )
    return EXIT_FINDINGS if by_severity[Severity.ERROR] else EXIT_CLEAN


def _report(findings: list[Finding], args: argparse.Namespace, project: Project | None) -> None:
    """Findings to stdout in --format (or as --statistics), and to each --output file."""
    options = {"help_base": f"{project.site_url.rstrip('/')}/reference/" if project and project.site_url else None}
    if getattr(args, "statistics", False):
        for code, count in sorted(Counter(f.code for f in findings).items()):
            print(f"{count:7d}  {code}  {as_markdown(R.RULES[code].summary)}")
    else:
        REPORTERS[args.format](findings, sys.stdout, **options)
    sys.stdout.flush()  # the summary on stderr comes after the findings when both go to one terminal
    for name, path in args.output:
        buffer = io.StringIO()
        REPORTERS[name](findings, buffer, **options)
        data = buffer.getvalue().encode("utf-8")
        atomic_write(path, data) if path.exists() else create_new(path, data)


def _report_merge(args: argparse.Namespace) -> int:
    findings: set[Finding] = set()
    for path in args.reports:
        try:
            items = json.loads(path.read_text(encoding="utf-8"))
            findings |= {Finding.from_dict(item) for item in items}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            print(f"helpsite: {path}: not a `helpsite check --format json` report ({exc})", file=sys.stderr)
            return EXIT_USAGE
    merged = sorted(findings, key=Finding.sort_key)
    _report(merged, args, None)
    errors = sum(f.severity is Severity.ERROR for f in merged)
    print(f"{len(args.reports)} reports merged: {len(merged)} findings, {errors} errors", file=sys.stderr)
    return EXIT_FINDINGS if errors else EXIT_CLEAN


def _check_built(args: argparse.Namespace, project: Project) -> int:
    if not (args.site / "index.html").is_file():
        print(f"helpsite: {args.site} is not a built site (no index.html)", file=sys.stderr)
        return EXIT_USAGE
    enabled = R.select_rules(args.select or None, args.ignore or None)
    findings = [f for f in check_built_site(args.site, project.site_url) if f.code in enabled]
    _report(findings, args, project)
    errors = sum(f.severity is Severity.ERROR for f in findings)
    print(f"{args.site}: {len(findings)} findings, {errors} errors", file=sys.stderr)
    return EXIT_FINDINGS if errors else EXIT_CLEAN


def _missing_paths(paths: list[Path]) -> bool:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"helpsite: no such file or folder: {', '.join(missing)}", file=sys.stderr)
    return bool(missing)


def _review_list(args: argparse.Namespace) -> int:
    from helpsite.translation.handoff import HandoffSources, estimate_work

    if _missing_paths(args.paths):
        return EXIT_USAGE
    project = _project(args)
    locale = _translated_locale(project, args.locale) if args.locale else None
    run = run_check(project, args.paths or None, select=["L10N"])
    settings, git = project.settings.review, GitHistory(project.root)
    folders = [folder for folder in run.site.by_locale if locale is None or locale.matches_folder(folder)]
    entries = [e for folder in folders for e in review_queue(run.site, settings, git, run.findings, folder)] if locale else None
    if entries is None:
        entries = review_queue(run.site, settings, git, run.findings)
    wanted = set(map(id, run.articles))
    owner = args.owner.strip().casefold() if args.owner is not None else None
    entries = [
        entry
        for entry in entries
        if id(entry.article) in wanted
        and (owner is None or (entry.owner or "").casefold() == owner)
        and (args.state is None or entry.state == args.state)
    ]
    handoffs = HandoffSources(project.root, settings, git, project.settings.max_file_bytes)
    for entry in entries:
        entry.work = estimate_work(entry, handoffs)
    rows = [entry.as_row() for entry in entries]
    if args.format == "json":
        dump_json(rows, sys.stdout, indent=1)
        sys.stdout.write("\n")
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(QUEUE_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows([{k: row[k] for k in QUEUE_COLUMNS} for row in rows])
    else:
        _print_queue(rows)
    return EXIT_CLEAN


def _translated_locale(project: Project, asked: str) -> Locale:
    """The translated locale ``--locale`` names, by code or tag; a usage error otherwise."""
    locale = project.locales.for_folder(asked)
    known = ", ".join(f"{loc.code} ({loc.tag})" for loc in project.locales)
    if locale is None:
        raise ValueError(f"--locale {asked}: no such locale in {project.settings.locales_dir}/ (this site has {known})")
    if locale.source:
        raise ValueError(f"--locale {asked}: {locale.code} is the source locale; its pages are not translations")
    return locale


QUEUE_COLUMNS = (
    "risk",
    "locale",
    "page",
    "title",
    "state",
    "translation_type",
    "priority",
    "words",
    "words_basis",
    "owner",
    "due",
    "handoff",
    "outdated",
    "qa_findings",
    "qa_codes",
    "path",
)


def _print_queue(rows: list[dict]) -> None:
    from helpsite.report.table import Column, print_table

    columns = [
        Column("risk", right=True),
        Column("locale"),
        Column("page", wraps=True),
        Column("state"),
        Column("type"),
        Column("priority"),
        Column("words", right=True),
        Column("owner", wraps=True),
        Column("due"),
        Column("hand-off"),
        Column("QA", right=True),
    ]
    cells = [
        [
            f"{row['risk']:g}",
            row["locale"],
            row["page"],
            row["state"],
            row["translation_type"] or "-",
            row["priority"],
            f"{row['words']}{'' if row['words_basis'] == 'page' else ' new/changed' if row['words_basis'] == 'changed' else '*'}",
            row["owner"] or "-",
            row["due"] or "-",
            row["handoff"] or "-",
            str(row["qa_findings"]),
        ]
        for row in rows
    ]
    footnote = (
        "* outdated, and its hand-off text is not known: the whole page"
        if any(r["words_basis"] not in ("page", "changed") for r in rows)
        else ""
    )
    print_table(f"Review queue: {len(rows)} pages", columns, cells, sys.stdout, footnote=footnote)


def _review_show(args: argparse.Namespace) -> int:
    from helpsite.report.sidebyside import comparison_text
    from helpsite.translation.handoff import HandoffSources
    from helpsite.translation.sidebyside import compare

    if _missing_paths([args.path]):
        return EXIT_USAGE
    project = _project(args)
    run = run_check(project, [args.path])
    if len(run.articles) != 1 or args.path.is_dir():
        raise ValueError(f"{args.path}: review show takes one translated article, not a folder")
    [article] = run.articles
    site, settings, git = run.site, project.settings.review, GitHistory(project.root)
    if site.is_source(article):
        translations = ", ".join(t.display_path for t in site.translations_of(article)) or "none yet"
        raise ValueError(f"{args.path}: a source page; show one of its translations ({translations})")
    findings = [finding for finding in run.findings if finding.path == article.display_path]
    entry = queue_entry(article, site, settings, git, [f for f in findings if is_qa(f)])
    assert entry is not None  # not a source page
    handoffs = HandoffSources(project.root, settings, git, project.settings.max_file_bytes)
    comparison = compare(entry, findings, settings, handoffs, article.display_path)
    if args.format == "json":
        dump_json(comparison.as_dict(), sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(comparison_text(comparison))
    return EXIT_CLEAN


def _review_mark(args: argparse.Namespace) -> int:
    from helpsite.translation.handoff import HandoffSnapshots, commit_of_source

    if _missing_paths(args.paths):
        return EXIT_USAGE
    project = _project(args)
    targets, site = load_site(project, args.paths)
    today = args.date or datetime.date.today().strftime("%m/%d/%Y")
    git, limit = GitHistory(project.root), project.settings.max_file_bytes
    snapshots = HandoffSnapshots(project.root, limit)
    refused = 0
    for article in targets:
        source = site.source_of(article)
        commit = commit_of_source(git, source, limit) if source is not None else None
        result = mark_reviewed(
            article, site, project.settings.review, args.reviewer, today, limit, commit=commit, keep_source=snapshots.keep
        )
        stream = sys.stderr if result.outcome == "refused" else sys.stdout
        print(f"{terminal_safe(result.path)}: {result.outcome}: {terminal_safe(result.message)}", file=stream)
        refused += result.outcome == "refused"
    return EXIT_FINDINGS if refused else EXIT_CLEAN


def _l10n_export(args: argparse.Namespace) -> int:
    from helpsite.translation.exchange import Handoff, write
    from helpsite.translation.roundtrip import export_page

    if _missing_paths(args.paths):
        return EXIT_USAGE
    project = _project(args)
    locale = project.locales.for_folder(args.locale) or next((k for k in project.locales if k.tag.lower() == args.locale.lower()), None)
    if locale is None or locale.source:
        known = ", ".join(f"{k.code} ({k.tag})" for k in project.locales if not k.source)
        raise ValueError(f"--locale {args.locale}: {'the source locale' if locale else 'no such locale'}; translations go to {known}")
    settings = project.settings.review
    kind = args.translation_type or settings.reviewed_value
    allowed = {*settings.machine_translated, settings.reviewed_value}
    if kind not in allowed:
        raise ValueError(f"--translation-type {kind}: use one of {', '.join(sorted(allowed))}")
    targets, site = load_site(project, args.paths)
    pages = [a for a in targets if site.is_source(a)]
    others = [a.display_path for a in targets if not site.is_source(a)]
    if others or not pages:
        raise ValueError(f"{', '.join(others[:3]) or 'no article'}: export source pages ({site.source_folder or 'no source locale'})")
    broken = [a for a in pages if not a.readable]
    if broken:
        raise ValueError(f"{broken[0].display_path}: {broken[0].problems[0].message}")
    source_locale = project.locales.source
    handoff = Handoff(source_locale.tag if source_locale else site.source_folder or "", locale.tag, kind)
    git = GitHistory(project.root)
    today = args.date or datetime.date.today().strftime("%m/%d/%Y")
    folder = next((f for f in site.by_locale if locale.matches_folder(f)), locale.code)
    words = units = 0
    for article in pages:
        exported = export_page(article, site.get(folder, article.relpath), locale, settings, git, today, project.settings.max_file_bytes)
        handoff.pages.append(exported.page)
        words, units = words + exported.words, units + exported.to_translate
        note = f" ({exported.page.note})" if exported.page.note else ""
        print(
            f"{terminal_safe(article.display_path)}: {len(exported.page.units)} units, {exported.to_translate} to translate "
            f"({exported.words} words){terminal_safe(note)}",
            file=sys.stderr,
        )
    data = write(handoff, args.format)
    atomic_write(args.output, data) if args.output.exists() else create_new(args.output, data)
    print(f"{args.output}: {len(pages)} pages for {locale.tag}, {units} units to translate, {words} words", file=sys.stderr)
    return EXIT_CLEAN


def _l10n_import(args: argparse.Namespace) -> int:
    from helpsite.translation.exchange import ExchangeError, read
    from helpsite.translation.roundtrip import import_handoff

    if _missing_paths([args.file]):
        return EXIT_USAGE
    project = _project(args)
    try:
        handoff = read(args.file.read_bytes())
    except ExchangeError as exc:
        raise ValueError(f"{args.file}: {exc}") from None
    _, site = load_site(project)
    settings = project.settings.review
    try:
        results = import_handoff(
            handoff, site, project.locales, settings, GitHistory(project.root), args.translation_type, project.settings.max_file_bytes
        )
    except ExchangeError as exc:
        raise ValueError(f"{args.file}: {exc}") from None
    refused = 0
    for result in results:
        stream = sys.stderr if result.outcome == "refused" else sys.stdout
        print(f"{terminal_safe(result.path)}: {result.outcome}: {terminal_safe(result.message)}", file=stream)
        refused += result.outcome == "refused"
    return EXIT_FINDINGS if refused else EXIT_CLEAN


def _rules(args: argparse.Namespace) -> int:
    if args.code:
        rule = R.RULES.get(args.code.upper())
        if rule is None:
            print(f"helpsite: no rule {args.code}", file=sys.stderr)
            return EXIT_USAGE
        print(f"{rule.code} {rule.name} ({rule.severity})\n\n{as_markdown(rule.summary)}.\n\n{as_markdown(rule.explanation)}")
        return EXIT_CLEAN
    if args.markdown:
        print(codes_table_markdown(R.RULES.values()), end="")
        return EXIT_CLEAN
    for rule in R.RULES.values():
        print(f"{rule.code}  {rule.severity!s:7s}  {rule.name:28s}  {as_markdown(rule.summary)}")
    return EXIT_CLEAN


def _options(args: argparse.Namespace) -> int:
    print(options_table_markdown(), end="")
    return EXIT_CLEAN


class _Progress:
    """A rich progress bar on stderr for long runs on a terminal; does nothing otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> _Progress:
        return self

    def update(self, phase: str, done: int, total: int) -> None:
        if not self.enabled or total < PROGRESS_THRESHOLD:
            return
        if self.bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("{task.description:>8}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task(phase, total=total)
        assert self.task is not None
        self.bar.update(self.task, description=phase, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


if __name__ == "__main__":
    sys.exit(main())
