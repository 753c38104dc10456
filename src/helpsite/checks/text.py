"""TXT: the text as a reader sees it: bold markers that show as asterisks or glue words, and
invisible characters that glue or split words. Machine translation leaves both behind."""

from __future__ import annotations

import re
from collections.abc import Iterator

from helpsite.content.parse import INVISIBLE, has_invisible, inline_marks
from helpsite.model import Article, Finding, InlineMarks, RuleSet, Severity

RULESET = RuleSet()

BROKEN_BOLD = RULESET.rule(
    "TXT001",
    "broken-bold",
    Severity.WARNING,
    "Bold markers show as asterisks, or bold text is glued to the next word",
    """
    CommonMark (and Python-Markdown, which renders the site) only opens bold on ``**`` that is
    not followed by a space and only closes it on ``**`` that is not preceded by one, so
    ``** text**`` and ``**text **`` show their asterisks. Machine translation moves those spaces,
    runs two bold labels together (``**Settings****Cancel**``, where a ``>`` or a word was lost),
    leaves an odd number of ``**`` in a paragraph, or drops the space after bold text
    (``**agenda**op``, which reads "agendaop"). Asterisks used as asterisks are left alone: a
    masked value in brackets (``(****)``), escaped ``\\*``, code.""",
)
INVISIBLE_SPACE = RULESET.rule(
    "TXT002",
    "invisible-space",
    Severity.WARNING,
    "An invisible or narrow no-break space glues or splits words",
    """
    A narrow no-break space (U+202F) between two words, or between a word and a link or bold
    text, reads as no space at all ("deAzure-Portal"); a zero-width space (U+200B), word joiner
    (U+2060) or zero-width no-break space (U+FEFF) inside or beside a word splits it for search
    and copying; a zero-width (non-)joiner (U+200C, U+200D) between Latin letters does nothing
    but that. Machine translation copies them from the source's word processor. Only Latin words
    and link boundaries are judged: the joiners are part of Persian and Arabic writing and of
    emoji, and U+202F is French punctuation spacing and a digit group separator. A plain
    no-break space (U+00A0) is a full-width space that only keeps two words on one line
    ("Power BI"), so it is not reported.""",
)

# Latin letters (A-Z, a-z, U+00C0-U+024F), tested one character at a time.
_LATIN = frozenset([*map(chr, range(ord("A"), ord("Z") + 1)), *map(chr, range(ord("a"), ord("z") + 1)), *map(chr, range(0xC0, 0x250))])
_NAMES = {
    "\u202f": "narrow no-break space (U+202F)",
    "\u200b": "zero-width space (U+200B)",
    "\u200c": "zero-width non-joiner (U+200C)",
    "\u200d": "zero-width joiner (U+200D)",
    "\u2060": "word joiner (U+2060)",
    "\ufeff": "zero-width no-break space (U+FEFF)",
}
_JOINERS = "\u200c\u200d"
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)?")


def check_text(article: Article) -> Iterator[Finding]:
    if not article.readable or not article.body:
        return
    has_bold, invisible = "**" in article.body, has_invisible(article.body)
    if not (has_bold or invisible):
        return
    marks = article.marks  # gathered by the parser, unless the body was changed since
    body = marks if marks is not None and marks.text is article.body else inline_marks(article.body)
    if has_bold:
        yield from _broken_bold(article, body)
    if invisible:
        yield from _invisible(article, body)


def _broken_bold(article: Article, body: InlineMarks) -> Iterator[Finding]:
    reported: set[int] = set()
    for start, end, paragraph in body.literal_stars:
        length = end - start
        if length < 2 or paragraph in reported:
            continue
        before, after = body.before(start), body.after(end)
        if any(sep in _token_at(body.text, start) for sep in "\\/"):
            continue  # C:\\Users\\*\\Downloads\\**.exe: wildcards in a path
        run_start, run_end = start, end  # the whole run of stars as written, some of them perhaps used as markers
        while run_start > 0 and body.text[run_start - 1] == "*":
            run_start -= 1
        while run_end < len(body.text) and body.text[run_end] == "*":
            run_end += 1
        outside = body.before(run_start), body.after(run_end)
        if run_end - run_start >= 4 and not any(c.isspace() or c.isalnum() for c in outside):
            continue  # (****): a masked value
        at = start
        if run_end - run_start >= 4:  # some of a run's stars may pair up as markers: the run is what was damaged
            at = run_start
            message = (
                f"'{'*' * (run_end - run_start)}' shows as asterisks: two bold texts or markers run together"
                " (a separator or a word between them was lost)"
            )
        elif after.isspace() and not before.isspace():
            message = "'** ' shows as asterisks: bold cannot start before a space (write '**text**')"
        elif before.isspace() and not after.isspace():
            message = "' **' shows as asterisks: bold cannot end after a space (write '**text**')"
        else:
            message = "'**' without its pair shows as asterisks: the paragraph has an odd number of bold markers"
        reported.add(paragraph)
        yield BROKEN_BOLD.finding(article.display_path, *_position(article, body.text, at), message)
    for start, end in body.strong:
        inside_first, inside_last = body.after(start + 2), body.before(end - 2)
        glued_after = inside_last in _LATIN and body.after(end) in _LATIN
        glued_before = body.before(start) in _LATIN and inside_first in _LATIN
        if glued_after or glued_before:
            at = end if glued_after else start
            word = _word_at(body.text, at)
            yield BROKEN_BOLD.finding(
                article.display_path,
                *_position(article, body.text, at),
                f"bold text glued to the word beside it ('{word}' reads as one word): a space was lost",
            )


def _invisible(article: Article, body: InlineMarks) -> Iterator[Finding]:
    spans = iter(body.text_spans)
    current = next(spans, None)
    lines: dict[int, list[tuple[int, str]]] = {}
    for match in INVISIBLE.finditer(body.text):
        at = match.start()
        while current is not None and current[1] <= at:
            current = next(spans, None)
        if current is None or not current[0] <= at < current[1]:
            continue  # in code, a URL or HTML
        description = _invisible_here(body, at, match.group())
        if description:
            lines.setdefault(body.text.count("\n", 0, at), []).append((at, description))
    for found in lines.values():
        at, description = found[0]
        more = f" ({len(found) - 1} more on this line)" if len(found) > 1 else ""
        yield INVISIBLE_SPACE.finding(article.display_path, *_position(article, body.text, at), description + more)


def _invisible_here(body: InlineMarks, at: int, char: str) -> str | None:
    """What the character does here, or None where it is harmless or legitimate."""
    before, after = body.before(at), body.after(at + 1)
    latin_before, latin_after = before in _LATIN, after in _LATIN
    boundary = (at + 1) in body.starts or at in body.ends
    if char == "\u202f":
        flagged = (latin_before or latin_after) and ((latin_before and latin_after) or boundary)
    elif char in _JOINERS:
        flagged = (latin_before and latin_after) or ((latin_before or latin_after) and boundary)
    else:
        flagged = latin_before or latin_after or boundary
    if not flagged:
        return None
    left, right = _word_before(body.text, at), _word_after(body.text, at + 1)
    if char != "\u202f" and latin_before and latin_after:
        return f"{_NAMES[char]} inside '{left}{right}' splits the word for search and copying; remove it"
    between = f"between '{left or '…'}' and '{right or '…'}'"
    if char == "\u202f":
        glued = f" ('{left}{right}')" if left and right else ""
        return f"{_NAMES[char]} {between} shows as almost no space{glued}; use a normal space"
    return f"{_NAMES[char]} {between} is invisible but splits the text for search and copying; remove it"


def _word_before(text: str, offset: int) -> str:
    start = offset
    while start > 0 and not text[start - 1].isspace() and offset - start < 60:
        start -= 1
    token = text[start:offset]
    if ")" in token:  # "[link](url)word": what follows the link
        token = token.rsplit(")", 1)[-1]
    return _shown(token)[-30:]


def _word_after(text: str, offset: int) -> str:
    end = offset
    while end < len(text) and not text[end].isspace() and end - offset < 60:
        end += 1
    return _shown(text[offset:end])[:30]


def _shown(token: str) -> str:
    """A token as the reader sees it: a link's text without its URL, no emphasis markers."""
    token = _MARKDOWN_LINK.sub(r"\1", token)
    return re.sub(r"[*_\[\]()]", "", token).strip(".,;:!?\"'")


def _token_at(text: str, offset: int) -> str:
    """The run of non-space characters around ``offset``."""
    start = offset
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = offset
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


def _word_at(text: str, offset: int) -> str:
    """The word (with markup around it) that spans ``offset``: what a reader sees glued."""
    start = offset
    while start > 0 and not text[start - 1].isspace() and offset - start < 30:
        start -= 1
    end = offset
    while end < len(text) and not text[end].isspace() and end - offset < 30:
        end += 1
    return text[start:end].replace("*", "").strip("[]()")


def _position(article: Article, text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return article.body_line + text.count("\n", 0, offset), offset - line_start + 1
