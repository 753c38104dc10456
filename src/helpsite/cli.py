"""The ``helpsite`` command. Exit codes: 0 clean, 1 an error-severity finding, 2 a usage or configuration error."""

from __future__ import annotations

import argparse
import csv
import datetime
import gc
import io
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from helpsite.checks import registry as R
from helpsite.checks.built import check_built_site
from helpsite.checks.meta import is_us_date
from helpsite.checks.reference import as_markdown, codes_table_markdown
from helpsite.content.config import Project, options_table_markdown
from helpsite.content.edit import atomic_write, create_new
from helpsite.content.parse import ParseOptions
from helpsite.content.site import discover, display_path
from helpsite.errors import ConfigError
from helpsite.model import Finding, Severity
from helpsite.publishing.shards import ShardError, merge_sites
from helpsite.report import REPORTERS
from helpsite.report.json import dump_json
from helpsite.report.text import terminal_safe
from helpsite.run.ci import apply_baseline, changed_since, write_baseline
from helpsite.run.engine import load_site, parse_source, run_check
from helpsite.translation.review import GitHistory, mark_reviewed, review_queue, source_hash
from helpsite.translation.scaffold import Handoff, new_article, translation_stub
from helpsite.translation.status import translation_status

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
    listing.add_argument("--locale", help="only this locale folder")
    listing.add_argument("--format", choices=("table", "json", "csv"), default="table")
    mark = review_commands.add_parser(
        "mark",
        help="record a human review in the front matter (changes nothing else)",
        description="Record a human review (reviewer, date, the source's hash) in each page's front matter; nothing else changes.",
    )
    mark.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="translated articles")
    mark.add_argument("--reviewer", required=True, type=_reviewer, help="who reviewed the pages")
    mark.add_argument("--date", type=_us_date, help="review date, MM/DD/YYYY (default: today)")

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

    shard = commands.add_parser(
        "build",
        help="build the site, or some of its locales as a shard for merge-sites",
        description="Build the site with MkDocs; with --locale, only those locales, as a shard for `helpsite merge-sites`.",
    )
    shard.add_argument("--locale", action="append", default=[], metavar="CODE", help="build only this locale (repeatable): one shard")
    shard.add_argument("-d", "--site-dir", type=Path, metavar="DIR", help="where to write (default: mkdocs.yml's site_dir)")
    shard.add_argument("--strict", action="store_true", help="fail on warnings, as mkdocs build --strict")
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
        "review": lambda args: (_review_list if args.review_command == "list" else _review_mark)(args),
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
    project = _project(args)
    path = Path(os.path.abspath(args.path))
    if path.suffix != ".md":
        raise ValueError(f"{args.path}: an article's name ends in .md")
    if not path.is_relative_to(project.docs_dir) or len(path.relative_to(project.docs_dir).parts) < 2:
        raise ValueError(f"{args.path}: articles live in a locale folder under {display_path(project.docs_dir)}/")
    folder, *rest = path.relative_to(project.docs_dir).parts
    locale = project.locales.for_folder(folder)
    if locale is None:
        locale_file = display_path(project.root / project.settings.locales_dir / f"{folder}.yml")
        raise ValueError(
            f"{args.path}: '{folder}' has no locale file {locale_file}: write one to start a '{folder}' site "
            f"(this site has {', '.join(known.code for known in project.locales)})"
        )
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


def _stub(args: argparse.Namespace, project: Project, tag: str, relpath: str, today: str) -> tuple[str, str]:
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
    handoff = Handoff(today, GitHistory(project.root).head())
    commit = handoff.commit[:12] if handoff.commit else "none: not a git repository"
    note = f" (hand-off {today}: source hash {source_hash(article)[:16]}..., commit {commit})"
    return translation_stub(article, article.body, tag, handoff, project.settings.review), note


def _status(args: argparse.Namespace) -> int:
    project = _project(args)
    _, site = load_site(project)
    rows = translation_status(site, project.locales, project.settings.review, GitHistory(project.root))
    if args.format == "json":
        dump_json([row.as_row() for row in rows], sys.stdout, indent=1)
        sys.stdout.write("\n")
        return EXIT_CLEAN
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Translation status", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("locale", no_wrap=True)
    for column in ("pages", "translated", "reviewed", "machine", "untyped", "outdated", "missing", "orphans", "coverage"):
        table.add_column(column, justify="right")
    for row in rows:
        name = terminal_safe(f"{row.name} ({row.locale})")
        if row.source:
            table.add_row(f"{name}, source", str(row.source_pages), *[""] * 8)
        else:
            counts = (row.source_pages, row.translated, row.reviewed, row.machine, row.untyped, row.outdated, row.missing, row.orphans)
            table.add_row(name, *map(str, counts), f"{row.coverage:.0%}")
    Console(soft_wrap=False, width=None if sys.stdout.isatty() else 120).print(table)
    return EXIT_CLEAN


def _build(args: argparse.Namespace) -> int:
    project = _project(args)
    from helpsite.mkdocs import build  # MkDocs is loaded for this command only

    try:
        build(project.config_file, locales=args.locale, site_dir=args.site_dir, strict=args.strict)
    except SystemExit as exc:  # MkDocs' own Abort (strict mode, broken config) has said why
        return EXIT_FINDINGS if exc.code else EXIT_CLEAN
    except Exception as exc:
        if type(exc).__name__ not in ("Abort", "PluginError", "ConfigurationError", "BuildError"):
            raise
        print(f"helpsite: build failed: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _merge_sites(args: argparse.Namespace) -> int:
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
    from helpsite.mkdocs import serve  # MkDocs is loaded for this command only

    try:
        serve(project.config_file, locale=args.locale, dev_addr=args.dev_addr, dirty=not args.full)
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
    if _missing_paths(args.paths):
        return EXIT_USAGE
    project = _project(args)
    run = run_check(project, args.paths or None, select=["L10N"])
    entries = review_queue(run.site, project.settings.review, GitHistory(project.root), run.findings, args.locale)
    rows = [entry.as_row() for entry in entries if entry.article in run.articles]
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


QUEUE_COLUMNS = (
    "risk",
    "locale",
    "page",
    "title",
    "translation_type",
    "priority",
    "handoff",
    "outdated",
    "qa_findings",
    "qa_codes",
    "path",
)


def _print_queue(rows: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"Review queue: {len(rows)} pages", title_justify="left")
    for name, justify in (
        ("risk", "right"),
        ("locale", "left"),
        ("page", "left"),
        ("type", "left"),
        ("priority", "left"),
        ("hand-off", "left"),
        ("outdated", "left"),
        ("QA", "right"),
    ):
        long = name == "page"  # the one column that may fold on a narrow terminal
        table.add_column(name, justify=justify, overflow="fold" if long else "ellipsis", no_wrap=not long, min_width=20 if long else None)  # type: ignore[arg-type]
    for row in rows:
        cells = (
            f"{row['risk']:g}",
            row["locale"],
            row["page"],
            row["translation_type"] or "-",
            row["priority"],
            row["handoff"] or "-",
            row["outdated"],
            str(row["qa_findings"]),
        )
        table.add_row(*(Text(terminal_safe(str(cell))) for cell in cells))
    Console(soft_wrap=False).print(table)


def _review_mark(args: argparse.Namespace) -> int:
    if _missing_paths(args.paths):
        return EXIT_USAGE
    project = _project(args)
    targets, site = load_site(project, args.paths)
    today = args.date or datetime.date.today().strftime("%m/%d/%Y")
    refused = 0
    for article in targets:
        result = mark_reviewed(article, site, project.settings.review, args.reviewer, today, project.settings.max_file_bytes)
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
