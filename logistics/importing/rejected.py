"""The rows with problems, as an .xlsx the officer fixes and uploads again: the original columns as
they were, and a last column with the reasons."""

import io
from collections import defaultdict
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook

from inventory.spreadsheets import safe_cell

from .messages import row_problem_text
from .pipeline import check
from .read import open_sheet


def rejected_rows_workbook(path, *, encoding=""):
    """Bytes of an .xlsx with the header row and every rejected row; None if the file has none."""
    plan = check(path, encoding=encoding)
    if plan.fatal or not plan.problems:
        return None
    reasons = defaultdict(list)
    for p in plan.problems:
        reasons[p.row].append(f"{p.column}: {row_problem_text(p.code, p.params)}")
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Rejected rows"))
    header = plan.header
    width = len(header.titles)
    sheet.append([safe_cell(str(t)) for t in header.titles] + [_("Row in the original file"), _("Reason")])
    for number, cells in open_sheet(path, encoding=encoding).rows:
        if number in reasons:
            cells = list(cells) + [""] * (width - len(cells))
            # The reasons quote the uploaded header titles, so they are escaped like any other cell.
            sheet.append([_cell(c) for c in cells[:width]] + [number, safe_cell("; ".join(reasons[number]))])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value):
    # Dates stay dates and numbers stay numbers, so the fixed file reads back as the original did;
    # text that Excel would run as a formula is neutralised.
    return value if isinstance(value, date) else safe_cell(value)
