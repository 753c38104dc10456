"""Tables for people. In a file or a pipe: one full row a line, each column as wide as its widest
cell, so that ``grep``, ``sort`` and a reader of the file see every value whole. On a terminal: a
table with borders when it fits the terminal's width; else one entry a few lines (its name, then
each column's name and value), wrapped to the width. Nothing is ever cut. Cells are made safe
(``terminal_safe``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from helpsite.report.text import terminal_safe

if TYPE_CHECKING:
    from rich.console import Console


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    right: bool = False  # numbers
    wraps: bool = False  # the column that takes the lines when a terminal is narrow (a path, a name)


def print_table(title: str, columns: list[Column], rows: list[list[str]], out: TextIO, footnote: str = "") -> None:
    rows = [[terminal_safe(cell) for cell in row] for row in rows]
    if not out.isatty():
        out.write(plain_table(title, columns, rows))
    else:
        from rich.console import Console

        console = Console(file=out, soft_wrap=False)
        widths = _widths(columns, rows)
        if sum(widths) + 3 * len(columns) + 1 <= console.width:  # the cells, their padding and the borders
            _rich_table(title, columns, rows, console)
        else:
            out.write(entries(title, columns, rows, console.width))
    if footnote:
        out.write(footnote + "\n")


def _widths(columns: list[Column], rows: list[list[str]]) -> list[int]:
    from rich.cells import cell_len  # the width a terminal gives a text (wide and combining characters)

    return [max([cell_len(column.name), *(cell_len(row[i]) for row in rows)]) for i, column in enumerate(columns)]


def plain_table(title: str, columns: list[Column], rows: list[list[str]]) -> str:
    from rich.cells import cell_len

    widths = _widths(columns, rows)

    def line(cells: list[str]) -> str:
        padded = []
        for cell, width, column in zip(cells, widths, columns, strict=True):
            space = " " * (width - cell_len(cell))
            padded.append(space + cell if column.right else cell + space)
        return "  ".join(padded).rstrip()

    lines = [title, line([c.name for c in columns]), line(["-" * w for w in widths]), *(line(row) for row in rows)]
    return "\n".join(lines) + "\n"


def entries(title: str, columns: list[Column], rows: list[list[str]], width: int) -> str:
    """Each row as an entry: its name (the first column that wraps), then ``name value`` of the other
    columns, separated by `` · `` and wrapped to ``width`` (a value longer than a line is folded)."""
    import textwrap

    named = next((i for i, column in enumerate(columns) if column.wraps), 0)
    lines = [title]
    for row in rows:
        lines += textwrap.wrap(row[named], width, break_on_hyphens=False) or [""]
        # A column's name and its value stay on one line: glued with a character no cell holds (terminal_safe escapes it).
        pairs = [f"{column.name}\x00{row[i]}".replace(" ", "\x00") for i, column in enumerate(columns) if i != named and row[i]]
        joined = " ".join([*(pair + "\x00·" for pair in pairs[:-1]), *pairs[-1:]])  # a line ends with its separator
        wrapped = textwrap.wrap(joined, width, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False)
        lines += [line.replace("\x00", " ") for line in wrapped]
    return "\n".join(lines) + "\n"


def _rich_table(title: str, columns: list[Column], rows: list[list[str]], console: Console) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left")
    for column in columns:
        # "fold" breaks a cell that does not fit over more lines: a narrow terminal never loses a character.
        table.add_column(column.name, justify="right" if column.right else "left", overflow="fold", no_wrap=not column.wraps)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    console.print(table)
