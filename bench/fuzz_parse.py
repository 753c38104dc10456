"""A mutation fuzzer for the article parser and the DocFX transform, for a bounded time.

    .venv/bin/python bench/fuzz_parse.py [--seconds 60] [--seed N]

Seeds are real articles (the slice of the corpus in tests/data/corpus, Arabic DocFX pages
included, and docs/), the same on every machine; each round takes one, applies a few
mutations (byte flips, deletions, duplications, splices of other seeds, and insertions of
hostile snippets: BOMs, CRLF, NULs, alias bombs, tags, unclosed blocks, DocFX directives), and
parses the result. An exception, or a position outside the file, is a crash: the input is saved
to test-artifacts/fuzz-crash-*.md and the run fails. CI runs it for a short time (a slow test).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from helpsite.content.docfx import DEFAULT_TITLES, transform  # noqa: E402
from helpsite.content.edit import EditError, FrontMatterEditor  # noqa: E402
from helpsite.content.parse import ParseOptions, parse_bytes  # noqa: E402
from helpsite.model import Article  # noqa: E402

SNIPPETS = [
    b"\xef\xbb\xbf",
    b"\r\n",
    b"\r",
    b"\x00",
    b"\xff\xfe",
    b"\xc3",
    b"---\n",
    b"...\n",
    b"\n---\n",
    b"a: &a [1,2]\nb: [*a,*a,*a,*a]\nc: [*b,*b,*b,*b]\n",
    b"x: !!python/object:os.system ls\n",
    b"? [a]\n: b\n",
    b"<<: *missing\n",
    b"title: 'unclosed\n",
    b'# <a name="x"></a>H\n',
    b"[l](../../../../etc/passwd)\n",
    b"![i](javascript:alert(1))\n",
    b"> [!NOTE]\n> n\n",
    b':::zone target="x"\n',
    b':::image source="',
    b"[!INCLUDE [t](",
    b"```\n",
    b"<!--",
    b"\t",
    "é中\u200b".encode(),
    b"%22%20%5Cl%20%22",
    b"{#id}",
    b"\\",
    b"|a|b|\n|-|-|\n",
]


def seeds() -> list[bytes]:
    paths = sorted((REPO / "tests" / "data" / "corpus").rglob("*.md")) + sorted((REPO / "docs").rglob("*.md"))
    return [p.read_bytes() for p in paths] or [b"---\ntitle: x\n---\n# x\n"]


def mutate(data: bytes, rng: random.Random, pool: list[bytes]) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        where = rng.randint(0, len(buffer))
        choice = rng.random()
        if choice < 0.35:
            buffer[where:where] = rng.choice(SNIPPETS)
        elif choice < 0.55 and buffer:
            buffer[min(where, len(buffer) - 1)] = rng.randrange(256)
        elif choice < 0.7:
            del buffer[where : where + rng.randint(1, 64)]
        elif choice < 0.85:
            other = rng.choice(pool)
            start = rng.randint(0, len(other))
            buffer[where:where] = other[start : start + rng.randint(1, 200)]
        else:
            buffer[where:where] = buffer[where : where + rng.randint(1, 100)] * rng.randint(1, 4)
    return bytes(buffer)


def check_one(data: bytes) -> None:
    article = parse_bytes(
        data, Article(path=Path("docs/en/f.md"), display_path="docs/en/f.md", locale="en", relpath="f.md"), ParseOptions()
    )
    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
    for item in [*article.problems, *article.headings, *article.anchors, *article.links]:
        if item.line is not None and not 1 <= item.line <= lines + 1:
            raise AssertionError(f"position {item.line} outside a file of {lines} lines: {item}")
    transform(article.body, display_path="f", first_line=article.body_line, locale="en", relpath="f.md", titles=DEFAULT_TITLES.__getitem__)
    try:
        editor = FrontMatterEditor(data)
    except EditError:
        return
    if editor.to_bytes() != data:
        raise AssertionError("an edit that changes nothing changed the bytes")


def fuzz(seconds: float, seed: int) -> tuple[int, Path | None]:
    rng = random.Random(seed)
    pool = seeds()
    deadline = time.monotonic() + seconds
    runs = 0
    while time.monotonic() < deadline:
        data = mutate(rng.choice(pool), rng, pool)
        try:
            check_one(data)
        except Exception:
            folder = REPO / "test-artifacts"
            folder.mkdir(exist_ok=True)
            crash = folder / f"fuzz-crash-{seed}-{runs}.md"
            crash.write_bytes(data)
            crash.with_suffix(".txt").write_text(traceback.format_exc())
            return runs, crash
        runs += 1
    return runs, None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    runs, crash = fuzz(args.seconds, args.seed)
    print(f"seed {args.seed}: {runs} inputs in {args.seconds:.0f} s" + (f"; CRASH saved to {crash}" if crash else "; no crash"))
    return 1 if crash else 0


if __name__ == "__main__":
    sys.exit(main())
