"""The downloadable delivery-list template: a title block, headers in three languages, an example row."""

import io
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from inventory.identifiers import complete_bin

from .fields import EXAMPLE_SUPPLIER, EXAMPLE_WAYBILL, FIELDS

# Russian / Kazakh / English, as suppliers write them; headers.py recognises each part.
COLUMNS = [(field.title, field.width) for field in FIELDS.values()]


def template_workbook(example_item=None, example_institution=None):
    """Bytes of the template; the example row uses a real catalogue item and institution when given."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Delivery"
    sheet["A1"] = _("Delivery list")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet["A2"] = _("One row per serialised unit (with its serial number), or one row per counted item with "
                    "its quantity. Dates as dd.mm.yyyy. Type the BIN as text so its leading zero stays.")
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(COLUMNS))
    sheet.row_dimensions[2].height = 32
    fill = PatternFill("solid", fgColor="DCE6F1")
    for index, (title, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=4, column=index, value=title)
        cell.font, cell.fill = Font(bold=True), fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(row=5, column=index).number_format = "@"  # text: no lost zeros in BINs or serials
    sheet.row_dimensions[4].height = 48
    bin_ = example_institution.bin if example_institution else complete_bin("05064000123") or "050640001235"
    example = [
        EXAMPLE_WAYBILL, EXAMPLE_SUPPLIER, "Лот 12", bin_,
        example_institution.name_ru if example_institution else "КГУ «Школа № 1»",
        example_item.code if example_item else "KZ-0001",
        example_item.name_ru if example_item else "Брайлевский дисплей", 1, "SN-0001",
        date.today().strftime("%d.%m.%Y"),
    ]
    for index, value in enumerate(example, start=1):
        sheet.cell(row=5, column=index, value=value).number_format = "@"
    sheet.freeze_panes = "A5"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
