"""What the officer reads about a file or a row, kept as codes until shown.

A check may run in a background worker, in whatever language that process has; the report stores
codes and parameters, and the page words them in the language of whoever opens it.
"""

from django.utils.translation import gettext_lazy as _

from inventory.workbooks import REFUSALS

from .fields import label

FILE_PROBLEMS = {
    "empty": _("The file is empty."),
    "too_large": _("The file is %(size)s MB; the limit is %(limit)s MB. Split the delivery list into smaller "
                   "files."),
    "too_many_rows": _("The file has more than %(limit)s rows. Split the delivery list into files of at most "
                       "%(limit)s rows."),
    "not_spreadsheet": _("This is a %(kind)s file, not a spreadsheet. Upload the delivery list as .xlsx or .csv."),
    "binary": _("The file is not a spreadsheet or a text table (it contains binary data). Upload the delivery "
                "list as .xlsx or .csv."),
    "encrypted": _("The workbook is protected with a password. Open it in Excel, remove the password (File → "
                   "Info → Protect Workbook), save it and upload it again."),
    "old_office": _("This is an old Excel 97–2003 (.xls) file or another Office document. Open it in Excel, save "
                    "it as .xlsx and upload it again."),
    "damaged": _("The workbook is damaged and cannot be read. Save it again in Excel and upload it."),
    "not_workbook": _("This is a zip archive or another Office document, not an Excel workbook. Upload the "
                      "delivery list as .xlsx or .csv."),
    # Reports stored before the shared check (inventory/workbooks.py) name this code.
    "zip_bomb": _("The workbook would unpack to more than %(limit)s MB, so it is refused as unsafe. Save the "
                  "delivery list again in Excel, or as .csv."),
    **{f"zip_{code}": message for code, message in REFUSALS.items()},
    "not_encoding": _("The file is not valid %(encoding)s text. Choose its encoding in the list and check it "
                      "again."),
    "no_encoding": _("The text is neither UTF-8 nor Windows-1251. Choose its encoding in the list and check it "
                     "again, or save the list from Excel as .xlsx."),
    "unknown_encoding": _("Unknown encoding “%(encoding)s”."),
    "malformed_csv": _("The text table is malformed near row %(row)s: %(error)s."),
    "no_header": _("No header row was found in the first %(rows)s rows. The list needs columns for: "
                   "%(missing)s. Download the template to see the headers we recognise."),
    "no_rows": _("The header row was found, but no rows follow it."),
    "write_failed": _("The import was stopped and nothing was written: %(error)s"),
    "unexpected": _("Something went wrong while reading the file, and nothing was written. Try again; if it "
                    "happens again, send the file to the administrator."),
}

ROW_PROBLEMS = {
    "excel_error": _("The cell shows an Excel error instead of a value."),
    "formula_no_value": _("The cell holds a formula that Excel never calculated. Open the file in Excel, save "
                          "it, or paste the values instead of formulas."),
    "required": _("This column must be filled in."),
    "bin_missing": _("The recipient's BIN is missing."),
    "bin_malformed": _("A BIN is 12 digits and nothing else."),
    "bin_length": _("A BIN has 12 digits; this one has %(count)s."),
    "bin_lost_zero": _("This BIN has 11 digits: the leading zero was lost because the column is typed as a "
                       "number. Format the column as Text and type %(fixed)s."),
    "bin_check_digit": _("The BIN's check digit is wrong: a digit is mistyped. Check it against the "
                         "recipient's documents."),
    "unknown_bin": _("No institution with this BIN is in the register."),
    "unknown_bin_suggest": _("No institution with this BIN is in the register. The name suggests %(name)s, "
                             "BIN %(bin)s; check it and type that BIN if it is right."),
    "name_suggests": _("The BIN is missing. The name suggests %(name)s, BIN %(bin)s; type the BIN to confirm."),
    "template_example": _("This is the template's example row: delete it and list the real delivery."),
    "unknown_item": _("No catalogue item has this code."),
    "unknown_item_suggest": _("No catalogue item has this code. The name suggests %(code)s (%(name)s); type "
                              "that code if it is right."),
    "item_missing_suggest": _("The item code is missing. The name suggests %(code)s (%(name)s); type the "
                              "code to confirm."),
    "quantity_not_number": _("The quantity must be a number."),
    "quantity_not_positive_whole": _("The quantity must be a positive whole number."),
    "quantity_too_large": _("The quantity is implausibly large."),
    "serialised_quantity": _("This item is tracked one unit per row: give each unit its own row with its serial "
                             "number, and a quantity of 1 or nothing."),
    "serial_missing": _("This item is tracked by serial number, and the serial number is missing."),
    "serial_repeated": _("This serial number for this item is already in row %(first)s of the file."),
    "serial_exists": _("A unit of this item with this serial number is already in the system (waybill "
                       "%(waybill)s)."),
    "serial_exists_elsewhere": _("A unit of this item with this serial number is already in the system."),
    "date_unreadable": _("The date is unreadable: write it as dd.mm.yyyy, for example 05.09.2025."),
    "date_impossible": _("There is no such date in the calendar."),
    "waybill_two_destinations": _("Row %(first)s has the same waybill of the same supplier for another "
                                  "recipient; a waybill goes to one recipient."),
    "waybill_other_destination": _("This supplier's waybill is already in the system for another recipient "
                                   "(%(name)s)."),
    "shipment_not_draft": _("This waybill is already in the system and has been dispatched (“%(status)s”); "
                            "nothing can be added to it. Check the waybill number."),
    "line_quantity_differs": _("This waybill already lists this item with a quantity of %(existing)s; the file "
                               "says %(new)s. Correct the waybill in the system or the file."),
}


def file_problem_text(code, params=None):
    params = dict(params or {})
    if "missing" in params and isinstance(params["missing"], list):
        params["missing"] = ", ".join(label(name) for name in params["missing"])
    message = str(FILE_PROBLEMS[code])  # a lazy string: worded in the language active now
    return message % params if params else message


def row_problem_text(code, params=None):
    message = str(ROW_PROBLEMS[code])
    return message % params if params else message


class UnreadableFile(Exception):
    """The file cannot be read as a delivery list; `code` and `params` say why (see FILE_PROBLEMS)."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self):
        return file_problem_text(self.code, self.params)
