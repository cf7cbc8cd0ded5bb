"""One cell → one value, or a BadValue naming the reason. Cells come as text (CSV) or typed (xlsx)."""

import re
from datetime import date, datetime

from inventory.identifiers import is_valid_bin

EXCEL_ERRORS = {"#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}


class BadValue(Exception):
    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def is_blank(cell):
    return cell is None or (isinstance(cell, str) and not cell.strip())


def as_text(cell):
    """Text as a person typed it: a whole number Excel stored as 123.0 reads back as "123"."""
    if type(cell) is str:  # the common case first: this runs for several cells of every row
        text = cell.strip()
        if "  " in text or "\n" in text or "\t" in text:
            text = " ".join(text.split())
        if text[:1] == "#" and text in EXCEL_ERRORS:
            raise BadValue("excel_error")
        return text
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.strftime("%d.%m.%Y %H:%M")
    if isinstance(cell, date):
        return cell.strftime("%d.%m.%Y")
    text = " ".join(str(cell).split())
    if text in EXCEL_ERRORS:
        raise BadValue("excel_error")
    return text


def parse_bin(cell):
    """A BIN as 12 digits; says whether a leading zero was lost to a number-typed column."""
    typed_as_number = isinstance(cell, int | float) and not isinstance(cell, bool)
    text = as_text(cell).replace(" ", "")
    if not text:
        raise BadValue("bin_missing")
    if not text.isdigit():
        raise BadValue("bin_malformed")
    if len(text) == 11:
        raise BadValue("bin_lost_zero" if typed_as_number or is_valid_bin("0" + text) else "bin_length",
                       fixed="0" + text, count=len(text))
    if len(text) != 12:
        raise BadValue("bin_length", count=len(text))
    if not is_valid_bin(text):
        raise BadValue("bin_check_digit")
    return text


def parse_quantity(cell):
    """A positive whole number; empty means one."""
    if is_blank(cell):
        return None
    if isinstance(cell, bool):
        raise BadValue("quantity_not_number")
    if isinstance(cell, int | float):
        number = float(cell)
    else:
        text = as_text(cell).replace(" ", "").replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise BadValue("quantity_not_number") from None
    if number <= 0 or not number.is_integer():
        raise BadValue("quantity_not_positive_whole")
    if number > 1_000_000:
        raise BadValue("quantity_too_large")
    return int(number)


_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")


def parse_date(cell):
    """dd.mm.yyyy, dd.mm.yy, ISO yyyy-mm-dd, or an Excel date cell; empty is allowed."""
    if is_blank(cell):
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = as_text(cell)
    if m := _ISO.match(text):
        year, month, day = (int(g) for g in m.groups())
    elif m := _DMY.match(text):
        day, month, year = (int(g) for g in m.groups())
        if len(m.group(3)) == 2:
            year += 2000
    else:
        raise BadValue("date_unreadable")
    try:
        return date(year, month, day)
    except ValueError:
        raise BadValue("date_impossible") from None
