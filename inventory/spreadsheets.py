"""Cells we write into spreadsheets people open in Excel.

A cell that begins with =, +, -, @, a tab or a carriage return is read by Excel as a formula
(CSV/formula injection); we prefix such text with an apostrophe so it stays text. The full-width
forms (＝ ＋ － ＠) count too: some spreadsheet programs fold them to the ASCII characters.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value):
    """The value to write: text that could run as a formula is neutralised; numbers pass as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
