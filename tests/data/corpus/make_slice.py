"""Make tests/data/corpus: a small slice of the real corpora in ../shared, kept in the repository.

    .venv/bin/python tests/data/corpus/make_slice.py [--shared PATH]

The tests that need real articles read this slice, so that a fresh clone with nothing beside it
passes its suite; the tests over the whole corpus read ../shared and skip without it. The slice
is chosen by the rules and the named lists below, so running this script again on the same
../shared writes the same bytes (README.md in this folder says what is chosen and why).

It removes and rewrites ``alchemy/``, ``m365-ar/`` and ``seed/`` here; ``README.md`` and this
script stay. ``--shared`` defaults to ``../shared`` beside the repository, then ``$HELPSITE_SHARED``
(tests/paths.py); ``--out`` writes elsewhere (a test compares such a copy with this folder).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import posixpath
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from tests.paths import find_shared  # noqa: E402

# --- alchemy: en-US, nl-NL, de-DE, the same relative paths in each -----------------------------

ALCHEMY_LOCALES = ("en-US", "nl-NL", "de-DE")
PRODUCT = "AlchemyInsights"
# Every ALCHEMY_STEP-th path of the paths all three locales share, plus these, which tests name.
ALCHEMY_STEP = 15
ALCHEMY_NAMED = {
    "make-immediate-payment.md": "a later version of the seed article",
    "how-to-add-and-manage-admins-mca-fl-cl.md": "URL002: Word field-code debris in a link",
    "immediate-payment-fieldled.md": "URL002",
    "pay-invoice-in-azure-portal.md": "URL002",
    "como-pagar-com-boleto.md": "LOC004: Portuguese in every locale",
    "paying-with-boleto.md": "a boleto article that is not flagged",
    "outlook-com-account-hacked-french.md": "LOC004: French in every locale",
    "outlook-com-block-sender-french.md": "LOC004",
    "outlook-com-close-account-french.md": "LOC004",
    "outlook-com-fix-email-sync-french.md": "LOC004",
    "outlook-com-junk-mail-french.md": "LOC004",
    "outlook-com-cant-sign-in-spanish.md": "LOC004: Spanish in every locale",
    "outlook-com-fix-email-sync-spanish.md": "LOC004",
    "outlook-com-hack-spanish.md": "LOC004",
    "outlook-com-password-spanish.md": "LOC004",
    "not-receiving-email-in-outlook-com.md": "META008: `ms,.custom` (de-DE)",
    "sharepoint-publishing-infrastructure.md": "META008: `ms-custom` (nl-NL)",
    "email-forwarding-report.md": "META003: localization_priority: Once",
    "apps-health-dashboard.md": "META004: ms.date 04/6/2021",
    "compare-office-365-plans.md": "META004: an empty ms.date",
    "assign-security-administration-permissions.md": "LNK008: the German translation lost an explicit anchor",
    "installing-office-on-a-terminal-serverunlicensed.md": "L10N006: a code block differs",
    "indicators-dont-work-edge.md": "URL003: http://",
    "Alchemy-Insight-Template.md": "the writers' template",
    "change-the-default-link-type-for-a-site copy.md": "a space in the name",
    "find-results-in-bing search-by-using-azure-logic-apps.md": "a space in the name",
    "teams-analytics-and-reports in-teams-admin-center.md": "a space in the name",
    "run-windows-memory-diagnostics -in-windows-10.md": "a space in the name; three images",
    "sign-in to-windows-10-without-a-password.md": "a space in the name; two images",
    "determine-why-a-microsoft-word-file-doesn't-open-on-a-mobile-device.md": "an apostrophe in the name",
    "fix-azure-features-that-don't-work-properly-in-microsoft-edge.md": "an apostrophe in the name",
    "office-apps-don't-launch-start.md": "an apostrophe in the name",
    "restore-an-office-365-group-using-eac\u200b\u200b\u200b\u200b\u200b\u200b\u200b.md": "zero-width spaces in the name; an image",
    "change-my-microsoft-account-info.md": "an image",
    "encrypt-files-or-folder-in-windows-10.md": "two images",
    "do-more-with-multitasking-in-windows-10.md": "an image",
}
# Images are copied when an article of the slice shows them and they are small; an article whose
# image is larger (the 1.5 MB scroll-bar GIF) is left out, so that the slice has no link the full
# corpus does not have.
IMAGE_LIMIT = 64 * 1024
IMAGE = re.compile(r"media/[^)\s\"'>]+", re.IGNORECASE)
ARTICLE_LINK = re.compile(r"\]\(<?([^)>\s#?:]+\.md)\b")
# The DocFX files beside the articles, copied whole where a locale has them.
ALCHEMY_CONFIG = ("TOC.yml", "docfx.json", "chromeless.yml", "breadcrumb/toc.yml")

# --- m365-ar: Arabic Microsoft Learn articles ----------------------------------------------------

AR_ROOT = Path("m365-ar/ar-SA")
AR_DOCSET = "microsoft-365"
AR_TARGET = 80  # articles (pages, not include fragments)
AR_SIZE_LIMIT = 8 * 1024  # the articles chosen for a feature or as filler are at most this big
# For each piece of DocFX syntax, the smallest articles that use it (ties: by path).
AR_FEATURES = {
    "tabs (#tab/)": (re.compile(r"\]\(#tab/"), 3),
    "next-step action": (re.compile(r'\[!div class="nextstepaction"\]'), 3),
    ":::image": (re.compile(r":::image "), 3),
    "[!INCLUDE]": (re.compile(r"\[!INCLUDE"), 4),
    "[!NOTE]": (re.compile(r"\[!NOTE\]"), 2),
    "[!TIP]": (re.compile(r"\[!TIP\]"), 2),
    "[!IMPORTANT]": (re.compile(r"\[!IMPORTANT\]"), 2),
    "[!WARNING]": (re.compile(r"\[!WARNING\]"), 2),
    "[!CAUTION]": (re.compile(r"\[!CAUTION\]"), 2),
    "[!VIDEO]": (re.compile(r"\[!VIDEO"), 2),
    "> [!div] other than next-step": (re.compile(r'\[!div class="(?!nextstepaction)'), 2),
    "a table": (re.compile(r"^\|[ :-]+\|", re.MULTILINE), 2),
    "fenced code": (re.compile(r"^ *```", re.MULTILINE), 2),
}
# Articles named by what they show, whatever their size.
AR_NAMED = {
    "lti/browser-cookies.md": "tabs whose anchors are #tab/...",
    "test-base/overview.md": "LNK004: links to createaccount.md, the file is createAccount.md",
    "test-base/createAccount.md": "the target of that link",
    "business-premium/m365bp-create-and-edit-autopilot-devices.md": "LNK004: Autopilot in capitals",
    "business-premium/m365bp-add-autopilot-devices-and-profile.md": "the target of that link, with such links of its own",
    "security/defender-endpoint/configure-machines-asr.md": "DFX001: an indented :::image",
    "scheduler/scheduler-overview.md": "a hub's first page",
}
# Files copied whole: the docset's configuration, hub pages, and the top-level TOC.md.
AR_WHOLE = (
    ".openpublishing.publish.config.json",
    f"{AR_DOCSET}/docfx.json",
    f"{AR_DOCSET}/TOC.md",
    f"{AR_DOCSET}/index.yml",
    f"{AR_DOCSET}/security/office-365-security/delegated-administration-faq.yml",
)
INCLUDE = re.compile(r"\[!INCLUDE\s*\[[^\]]*\]\(([^)\s]+)\)\]", re.IGNORECASE)
TOC_NAMES = ("TOC.yml", "toc.yml")
REDIRECTS = ".openpublishing.redirection.json"
REDIRECTS_PER_KIND = 2  # of the entries that touch no page of the slice, the first of each kind of target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=None, help="the shared folder (holds corpus/ and seed/)")
    parser.add_argument("--out", type=Path, default=HERE, help="where to write the slice (default: beside this script)")
    args = parser.parse_args()
    shared = args.shared or find_shared()
    if shared is None or not (shared / "corpus").is_dir():
        print("no shared folder: pass --shared, or set HELPSITE_SHARED", file=sys.stderr)
        return 2
    report = make_slice(shared, args.out)
    alchemy, arabic = report["alchemy"], report["m365-ar"]
    print(f"alchemy: {alchemy['articles']} paths x {len(ALCHEMY_LOCALES)} locales, {alchemy['images']} images")
    print(f"m365-ar: {arabic['articles']} articles, {arabic['includes']} includes, {arabic['tocs']} TOC files")
    print(f"m365-ar: {arabic['redirects']} redirections")
    print(f"{report['bytes'] / 2**20:.2f} MiB in {args.out}")
    return 0


def make_slice(shared: Path, out: Path) -> dict:
    for name in ("alchemy", "m365-ar", "seed"):
        shutil.rmtree(out / name, ignore_errors=True)
    alchemy = slice_alchemy(shared / "corpus" / "alchemy", out / "alchemy")
    arabic = slice_arabic(shared / "corpus" / AR_ROOT, out / AR_ROOT)
    for seed in sorted((shared / "seed").glob("*.md")):
        copy(seed, out / "seed" / seed.name)
    size = sum(p.stat().st_size for name in ("alchemy", "m365-ar", "seed") for p in (out / name).rglob("*") if p.is_file())
    return {"alchemy": alchemy, "m365-ar": arabic, "bytes": size}


def slice_alchemy(source: Path, target: Path) -> dict:
    folders = {tag: source / tag / PRODUCT for tag in ALCHEMY_LOCALES}
    per_locale = [{p.relative_to(folder).as_posix() for p in folder.rglob("*.md")} for folder in folders.values()]
    common = sorted(set.intersection(*per_locale))
    missing = sorted(set(ALCHEMY_NAMED) - set(common))
    if missing:
        raise SystemExit(f"named articles not in every locale: {missing}")
    media = {p.name.casefold(): p.name for p in (folders["en-US"] / "media").iterdir()}
    chosen: set[str] = set()
    images: set[str] = set()
    todo = sorted(set(common[::ALCHEMY_STEP]) | set(ALCHEMY_NAMED))
    while todo:
        relpath = todo.pop(0)
        texts = [(folder / relpath).read_text(encoding="utf-8", errors="replace") for folder in folders.values()]
        wanted = {media[name] for text in texts for name in images_of(text) if name in media}
        if any((folders["en-US"] / "media" / name).stat().st_size > IMAGE_LIMIT for name in wanted):
            if relpath in ALCHEMY_NAMED:
                raise SystemExit(f"{relpath}: an image over {IMAGE_LIMIT} bytes")
            continue
        chosen.add(relpath)
        images |= wanted
        # The articles it links to come too, so that its links resolve as they do in the full corpus.
        here = posixpath.dirname(relpath)
        linked = {posixpath.normpath(posixpath.join(here, href)) for text in texts for href in ARTICLE_LINK.findall(text)}
        todo += sorted(linked & set(common) - chosen - set(todo))
    for tag, folder in folders.items():
        out = target / tag / PRODUCT
        for relpath in sorted(chosen) + [f"media/{name}" for name in sorted(images)] + list(ALCHEMY_CONFIG):
            if (folder / relpath).is_file():
                copy(folder / relpath, out / relpath)
        for extra in sorted((source / tag).glob(".openpublishing.*")):
            copy(extra, target / tag / extra.name)
    return {"articles": len(chosen), "images": len(images)}


def images_of(text: str) -> set[str]:
    """The media files an article shows, case-folded (the link may differ in case from the file)."""
    return {match[len("media/") :].casefold() for match in IMAGE.findall(text)}


def slice_arabic(source: Path, target: Path) -> dict:
    docset = source / AR_DOCSET
    pages = sorted(
        relpath
        for relpath in (p.relative_to(docset).as_posix() for p in docset.rglob("*.md"))
        if "includes" not in relpath.split("/") and not relpath.endswith("TOC.md")
    )
    texts = {relpath: (docset / relpath).read_text(encoding="utf-8", errors="replace") for relpath in pages}
    small = [relpath for relpath in pages if len(texts[relpath].encode()) <= AR_SIZE_LIMIT]
    by_size = sorted(small, key=lambda relpath: (len(texts[relpath].encode()), relpath))
    chosen = set(AR_NAMED)
    for pattern, count in AR_FEATURES.values():
        chosen |= set([relpath for relpath in by_size if pattern.search(texts[relpath])][:count])
    # The rest: the small articles of each top-level folder in turn (business, frontline, security...),
    # each folder's in an order that spreads over it (by a hash of the path), until AR_TARGET.
    groups: dict[str, list[str]] = {}
    for relpath in small:
        if relpath not in chosen:
            groups.setdefault(relpath.split("/")[0], []).append(relpath)
    queues = [sorted(group, key=lambda relpath: hashlib.sha1(relpath.encode()).hexdigest()) for _, group in sorted(groups.items())]
    while len(chosen) < AR_TARGET and any(queues):
        for queue in queues:
            if queue and len(chosen) < AR_TARGET:
                chosen.add(queue.pop(0))
    includes = included_files(docset, sorted(chosen))
    sliced = {f"{AR_DOCSET}/{relpath}" for relpath in chosen | includes}
    # Hub pages (index.yml) and TOC files of the folders that hold pages of the slice, and of their parents.
    folders = {"/".join(Path(relpath).parts[:depth]) for relpath in chosen for depth in range(len(Path(relpath).parts))}
    for folder in sorted(folders):
        hub = posixpath.join(AR_DOCSET, folder, "index.yml")
        if (source / hub).is_file():
            sliced.add(hub)
    for relpath in sorted(sliced) + list(AR_WHOLE):
        copy(source / relpath, target / relpath)
    sliced |= set(AR_WHOLE)
    tocs = 0
    for folder in sorted(folders):
        for toc_folder in (folder, posixpath.join(folder, "breadcrumb")):
            for name in TOC_NAMES:
                relpath = posixpath.normpath(posixpath.join(AR_DOCSET, toc_folder, name))
                if not (source / relpath).is_file() or relpath in AR_WHOLE:
                    continue
                if toc_folder.endswith("breadcrumb"):  # URLs only (tocHref, topicHref): whole
                    copy(source / relpath, target / relpath)
                    tocs += 1
                else:
                    tocs += write_trimmed_toc(source / relpath, source, target / relpath, sliced)
    markdown_toc = f"{AR_DOCSET}/security/defender-endpoint/TOC.md"
    if "security/defender-endpoint" in folders:
        tocs += write_trimmed_markdown_toc(source / markdown_toc, source, target / markdown_toc, sliced)
    redirects = write_redirects(source / REDIRECTS, target / REDIRECTS, sliced)
    return {"articles": len(chosen), "includes": len(includes), "tocs": tocs, "redirects": redirects}


def included_files(docset: Path, pages: list[str]) -> set[str]:
    """Every file the pages include, directly or through other includes (paths relative to the docset)."""
    found: set[str] = set()
    todo = list(pages)
    while todo:
        relpath = todo.pop()
        text = (docset / relpath).read_text(encoding="utf-8", errors="replace")
        for href in INCLUDE.findall(text):
            included = posixpath.normpath(posixpath.join(posixpath.dirname(relpath), href.split("#")[0]))
            if included not in found and not included.startswith("..") and (docset / included).is_file():
                found.add(included)
                todo.append(included)
    return found


def local_target(href: str, base: str) -> str | None:
    """The corpus path (from the locale folder) a relative href names, or None for a URL or a rooted path."""
    if not href or re.match(r"^[a-z][a-z0-9+.-]*:|^/", href, re.IGNORECASE):
        return None
    path = re.split(r"[?#]", href, maxsplit=1)[0]
    return posixpath.normpath(posixpath.join(base, path)) if path else None


def write_trimmed_toc(toc: Path, source: Path, out: Path, sliced: set[str]) -> int:
    """The TOC with only the items that name a page of the slice, a URL, or a section that keeps some."""
    data = toc.read_bytes()
    items = yaml.safe_load(data.decode("utf-8-sig"))
    base = posixpath.dirname(toc.relative_to(source).as_posix())

    def keep(href: object) -> bool:
        if not isinstance(href, str):
            return False
        target = local_target(href, base)
        if target is None:
            return True
        if href.endswith("/"):  # a folder: its own TOC is nested in
            has_toc = any((source / target / name).is_file() for name in TOC_NAMES)
            return has_toc and any(page.startswith(target + "/") for page in sliced)
        return target in sliced

    def trim(entries: list) -> list:
        kept = []
        for original in entries:
            if not isinstance(original, dict):
                continue
            entry = dict(original)
            children = trim(entry["items"]) if isinstance(entry.get("items"), list) else []
            if "items" in entry:
                entry["items"] = children
                if not children:
                    del entry["items"]
            for key in ("href", "topicHref"):
                if key in entry and not keep(entry[key]):
                    del entry[key]
            if children or "href" in entry:
                kept.append(entry)
        return kept

    trimmed = trim(items["items"] if isinstance(items, dict) else items)
    if not trimmed:
        return 0
    text = yaml.safe_dump(trimmed, sort_keys=False, allow_unicode=True, width=1000, indent=2)
    newline = "\r\n" if b"\r\n" in data else "\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(text.replace("\n", newline).encode("utf-8"))
    sliced.add(toc.relative_to(source).as_posix())
    return 1


def write_trimmed_markdown_toc(toc: Path, source: Path, out: Path, sliced: set[str]) -> int:
    """A TOC.md (headings that are links) with the lines that name a page of the slice, and their sections."""
    base = posixpath.dirname(toc.relative_to(source).as_posix())
    heading = re.compile(r"^(#+) \[.*\]\((.*)\)\s*$")
    lines = toc.read_bytes().decode("utf-8").splitlines(keepends=True)
    kept: list[tuple[int, str, bool]] = []  # level, line, names a page
    for line in lines:
        match = heading.match(line.rstrip("\r\n"))
        if not match:
            continue
        level, href = len(match.group(1)), match.group(2)
        target = local_target(href, base)
        names_page = bool(href) and (target is None or target in sliced)
        if names_page or not href:
            kept.append((level, line, names_page))
    # A section line (empty href) stays when something below it, before the next line of its level or higher, stays.
    result = []
    for index, (level, line, names_page) in enumerate(kept):
        if not names_page:
            below = []
            for other_level, _, other_names in kept[index + 1 :]:
                if other_level <= level:
                    break
                below.append(other_names)
            if not any(below):
                continue
        result.append(line)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes("".join(result).encode("utf-8"))
    sliced.add(toc.relative_to(source).as_posix())
    return 1


def write_redirects(path: Path, out: Path, sliced: set[str]) -> int:
    """The redirections from or to a page of the slice, and the first two of each kind of target.

    Each kept entry is its original text (the file is edited by hand: a tab here, a missing space
    there), so the slice has the quirks a reader of the real file meets.
    """
    text = path.read_bytes().decode("utf-8")
    spans = array_object_spans(text)
    entries = [json.loads(text[begin:end]) for begin, end in spans]
    if entries != json.loads(text.removeprefix("\ufeff"))["redirections"]:
        raise SystemExit(f"{path}: could not split its entries")
    pages = {page.removesuffix(".md").removesuffix(".yml") for page in sliced}

    def touches(entry: dict) -> bool:
        url = re.split(r"[?#]", entry.get("redirect_url", ""), maxsplit=1)[0].strip("/")
        return entry.get("source_path") in sliced or url in pages or url.removesuffix("/index") in pages

    def kind(entry: dict) -> tuple[str, bool]:
        url = entry.get("redirect_url", "")
        return ("url" if "://" in url else "rooted" if url.startswith("/") else "relative"), bool(entry.get("redirect_document_id"))

    kept: list[tuple[int, int]] = []
    others: Counter[tuple[str, bool]] = Counter()
    for span, entry in zip(spans, entries, strict=True):
        if touches(entry):
            kept.append(span)
        elif others[kind(entry)] < REDIRECTS_PER_KIND:
            others[kind(entry)] += 1
            kept.append(span)
    separator = text[spans[0][1] : spans[1][0]]
    body = separator.join(text[begin:end] for begin, end in kept)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes((text[: spans[0][0]] + body + text[spans[-1][1] :]).encode("utf-8"))
    return len(kept)


def array_object_spans(text: str) -> list[tuple[int, int]]:
    """Where each object of the file's one array begins and ends (a JSON object holding a list of objects)."""
    spans: list[tuple[int, int]] = []
    depth, begin, in_string, escaped = 0, 0, False, False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
            if depth == 3:
                begin = index
        elif char in "}]":
            if depth == 3:
                spans.append((begin, index + 1))
            depth -= 1
    return spans


def copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)  # not copy2: the corpus is read-only, the slice is not


if __name__ == "__main__":
    sys.exit(main())
