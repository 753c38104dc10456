"""A synthetic help centre shaped like the real corpus, for benchmarks.

    .venv/bin/python bench/synthetic.py OUT --articles 500      # 500 articles per locale (en, nl, de)

Each locale gets the same N article paths in ten section folders (plus an index page per
section and per locale), with front matter like the corpus's (title, ms.topic, ROBOTS on a
third, localization_priority, ms.date; translations MT or HT with hand-off fields), an H1,
three or four H2s (some with ``<a name>`` anchors), paragraphs, lists, bold UI labels, links to
other articles (some to anchors), an image on every fifth page and an external link. The text
is drawn from each language's common words, so that language detection sees the right language.
The result is a complete helpsite project (mkdocs.yml, locales/, schema/, docs/); a fixed seed
makes it the same every time.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LOCALES = {"en": "en-US", "nl": "nl-NL", "de": "de-DE"}
SECTIONS = ["billing", "accounts", "security", "email", "devices", "teams", "storage", "reports", "licences", "setup"]
WORDS = {
    "en": [
        "the",
        "account",
        "you",
        "your",
        "can",
        "to",
        "and",
        "of",
        "a",
        "in",
        "is",
        "for",
        "with",
        "that",
        "this",
        "on",
        "be",
        "are",
        "by",
        "settings",
        "page",
        "select",
        "open",
        "sign",
        "admin",
        "user",
        "users",
        "when",
        "before",
        "after",
        "new",
        "each",
        "more",
        "about",
        "from",
        "have",
        "will",
        "not",
        "all",
        "then",
        "change",
        "password",
        "billing",
        "invoice",
        "payment",
        "method",
        "subscription",
        "organisation",
        "licence",
        "mailbox",
        "message",
        "device",
        "phone",
        "computer",
        "team",
        "meeting",
        "channel",
        "file",
        "folder",
        "share",
        "report",
        "data",
        "security",
        "policy",
        "access",
        "remove",
        "add",
        "turn",
        "manage",
        "check",
        "wait",
        "minutes",
        "day",
        "customer",
        "support",
        "help",
        "problem",
        "error",
        "works",
        "find",
        "choose",
        "list",
        "name",
        "address",
        "enter",
        "save",
        "close",
        "email",
        "domain",
        "group",
        "role",
        "owner",
        "member",
        "permission",
    ],
    "nl": [
        "de",
        "het",
        "een",
        "van",
        "en",
        "in",
        "is",
        "dat",
        "op",
        "te",
        "voor",
        "met",
        "u",
        "uw",
        "zijn",
        "er",
        "niet",
        "aan",
        "als",
        "bij",
        "ook",
        "door",
        "worden",
        "kunt",
        "wordt",
        "naar",
        "dan",
        "nog",
        "om",
        "of",
        "maar",
        "over",
        "deze",
        "die",
        "wat",
        "heeft",
        "hebben",
        "na",
        "alle",
        "meer",
        "selecteer",
        "open",
        "account",
        "gebruiker",
        "gebruikers",
        "wachtwoord",
        "factuur",
        "betaling",
        "betalingsmethode",
        "abonnement",
        "organisatie",
        "licentie",
        "postvak",
        "bericht",
        "apparaat",
        "telefoon",
        "computer",
        "team",
        "vergadering",
        "kanaal",
        "bestand",
        "map",
        "delen",
        "rapport",
        "gegevens",
        "beveiliging",
        "beleid",
        "toegang",
        "verwijderen",
        "toevoegen",
        "beheren",
        "controleren",
        "wachten",
        "minuten",
        "dag",
        "klant",
        "ondersteuning",
        "hulp",
        "probleem",
        "fout",
        "werkt",
        "vinden",
        "kiezen",
        "lijst",
        "naam",
        "adres",
        "invoeren",
        "opslaan",
        "sluiten",
        "domein",
        "groep",
        "rol",
        "eigenaar",
        "lid",
        "machtiging",
        "instellingen",
        "pagina",
        "aanmelden",
        "beheerder",
    ],
    "de": [
        "der",
        "die",
        "das",
        "und",
        "ist",
        "in",
        "zu",
        "den",
        "von",
        "mit",
        "sie",
        "nicht",
        "ein",
        "eine",
        "auf",
        "für",
        "es",
        "sich",
        "des",
        "dem",
        "auch",
        "an",
        "werden",
        "wird",
        "oder",
        "bei",
        "nach",
        "wenn",
        "aus",
        "kann",
        "können",
        "ihr",
        "ihre",
        "sind",
        "wie",
        "über",
        "alle",
        "noch",
        "nur",
        "dann",
        "mehr",
        "wählen",
        "öffnen",
        "konto",
        "benutzer",
        "kennwort",
        "rechnung",
        "zahlung",
        "zahlungsmethode",
        "abonnement",
        "organisation",
        "lizenz",
        "postfach",
        "nachricht",
        "gerät",
        "telefon",
        "computer",
        "besprechung",
        "kanal",
        "datei",
        "ordner",
        "freigeben",
        "bericht",
        "daten",
        "sicherheit",
        "richtlinie",
        "zugriff",
        "entfernen",
        "hinzufügen",
        "verwalten",
        "prüfen",
        "warten",
        "minuten",
        "tag",
        "kunde",
        "unterstützung",
        "hilfe",
        "problem",
        "fehler",
        "funktioniert",
        "finden",
        "auswählen",
        "liste",
        "name",
        "adresse",
        "eingeben",
        "speichern",
        "schließen",
        "domäne",
        "gruppe",
        "rolle",
        "besitzer",
        "mitglied",
        "berechtigung",
        "einstellungen",
        "seite",
    ],
}
TOPICS = ["article", "how-to", "troubleshooting", "conceptual"]
_SITE = """\
site_name: Synthetic Help Centre
site_url: https://help.example.org/
docs_dir: docs
theme:
  name: material
  font: false
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
  - admonition
plugins:
  - search
"""
MKDOCS_YML = (
    _SITE
    + """\
  - helpsite:
      docs_structure: folder
"""
    + f"hooks:\n  - {REPO / 'hooks' / 'review_notices.py'}\n"  # the repository's review flags, as its own site
)
# The stock stack for comparison: the same languages and search, no helpsite.
STOCK_MKDOCS_YML = (
    _SITE
    + """\
  - i18n:
      docs_structure: folder
      languages:
        - locale: en
          name: English
          default: true
          build: true
        - locale: nl
          name: Nederlands
          build: true
        - locale: de
          name: Deutsch
          build: true
"""
)


def sentence(rng: random.Random, words: list[str], length: int) -> str:
    text = " ".join(rng.choice(words) for _ in range(length))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, words: list[str]) -> str:
    return " ".join(sentence(rng, words, rng.randint(8, 16)) for _ in range(rng.randint(2, 4)))


def article_paths(count: int) -> list[str]:
    return [f"{SECTIONS[i % len(SECTIONS)]}/article-{i:05d}.md" for i in range(count)]


def write_article(path: Path, locale: str, relpath: str, paths: list[str], rng: random.Random, seed: int) -> None:
    """``rng`` draws the words; the article's shape (sections, lists, links) is the same in every locale."""
    words = WORDS[locale]
    number = int(relpath.rsplit("-", 1)[1][:5])
    shape = random.Random(f"{seed}-{relpath}")
    title = sentence(rng, words, rng.randint(3, 6)).rstrip(".")
    meta = [
        f"title: {title}",
        f"ms.topic: {shape.choice(TOPICS)}",
        f"ms.date: {shape.randint(1, 12):02d}/{shape.randint(1, 28):02d}/20{shape.randint(19, 25)}",
        f"localization_priority: {shape.choice(['Normal', 'Priority'])}",
        f"ms.contentlocale: {LOCALES[locale]}",
    ]
    if number % 3 == 0:
        meta.append("ROBOTS: NOINDEX, NOFOLLOW")
    if locale != "en":
        meta += [f"ms.translationtype: {'HT' if number % 4 == 0 else 'MT'}", "ms.lasthandoff: 01/05/2021"]
    lines = ["---", *meta, "---", f"# {title}", "", paragraph(rng, words), ""]
    for section in range(shape.randint(3, 4)):
        heading = sentence(rng, words, rng.randint(2, 5)).rstrip(".")
        anchor = f'<a name="step-{section}"></a>' if section % 2 == 0 else ""
        lines += [f"## {anchor}{heading}", "", paragraph(rng, words), ""]
        lines += [f"{n}. {sentence(rng, words, 6)[:-1]} **{rng.choice(words).capitalize()}**." for n in range(1, shape.randint(3, 5))]
        lines.append("")
        target = shape.choice(paths)
        link = posix_relative(target, relpath) + ("#step-0" if shape.random() < 0.3 else "")
        lines += [f"{sentence(rng, words, 5)[:-1]} [{rng.choice(words)}]({link}).", ""]
    if number % 5 == 0:
        lines += ["![Screenshot](../media/screenshot.svg)", ""]
    lines += [f"[Microsoft 365](https://learn.microsoft.com/microsoft-365/admin/{relpath.split('/', maxsplit=1)[0]})", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


def posix_relative(target: str, source: str) -> str:
    source_dir, target_dir = source.rsplit("/", 1)[0], target.rsplit("/", 1)[0]
    return target.rsplit("/", 1)[1] if source_dir == target_dir else f"../{target}"


def generate(out: Path, articles: int, *, seed: int = 1, stock: bool = False) -> Path:
    """A project with ``articles`` articles per locale; ``stock``: mkdocs.yml without helpsite."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in ("locales", "schema"):
        shutil.copytree(REPO / name, out / name)
    (out / "mkdocs.yml").write_text(STOCK_MKDOCS_YML if stock else MKDOCS_YML, encoding="utf-8")
    paths = article_paths(articles)
    for locale, tag in LOCALES.items():
        rng = random.Random(f"{seed}-{locale}")
        root = out / "docs" / locale
        for relpath in paths:
            write_article(root / relpath, locale, relpath, paths, rng, seed)
        for section in SECTIONS:
            index = root / section / "index.md"
            index.parent.mkdir(parents=True, exist_ok=True)
            index.write_text(
                f"---\ntitle: {section.capitalize()}\nms.contentlocale: {tag}\n---\n"
                f"# {section.capitalize()}\n\n{paragraph(rng, WORDS[locale])}\n",
                encoding="utf-8",
            )
        (root / "index.md").write_text(
            f"---\ntitle: Help\nms.contentlocale: {tag}\n---\n# Help\n\n{paragraph(rng, WORDS[locale])}\n", encoding="utf-8"
        )
        media = root / "media"
        media.mkdir(exist_ok=True)
        (media / "screenshot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=500, help="articles per locale")
    parser.add_argument("--stock", action="store_true", help="mkdocs.yml for the stock stack, without helpsite")
    args = parser.parse_args()
    generate(args.out, args.articles, stock=args.stock)
    print(f"{args.out}: {args.articles} articles x {len(LOCALES)} locales")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
