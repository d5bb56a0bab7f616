"""Cells of the CSV files the app writes, made safe to open in a spreadsheet.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by
Excel, LibreOffice and Google Sheets (`=HYPERLINK(…)` opens a link, `=cmd|…` runs a command),
so every CSV the app writes passes its cells through `safe_cell`, which puts a `'` in front:
the spreadsheet shows the text as it is. A plain number ("-3", "+1.5") is left alone, as
is anything that is not text. The CSV importer passes cells through `unquote_cell`, the exact
inverse, so the app's own files read back unchanged (a cell that already started with quotes
before such a character gets one more, which `unquote_cell` removes again).
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _needs_quote(value: str) -> bool:
    return value.lstrip("'").startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value)


def safe_cell(value):
    """`value` with a leading `'` if a spreadsheet would read it as a formula."""
    if isinstance(value, str) and _needs_quote(value):
        return "'" + value
    return value


def unquote_cell(value: str) -> str:
    """The text `safe_cell` was given, for a cell it wrote; any other cell as it is."""
    if value.startswith("'") and _needs_quote(value[1:]):
        return value[1:]
    return value
