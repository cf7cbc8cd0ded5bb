"""The institution register and the catalogue as spreadsheets, through django-import-export.

A file is always tried first (dry run) and shown; the officer confirms, and the same file is then
imported in one transaction, so a register is never half-updated. tablib reads an .xlsx whole into
memory through openpyxl, so a workbook is checked from its zip directory before it is read
(inventory/workbooks.py). A file tried and never confirmed is removed after a day.
"""

import io
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from tablib import Dataset

from inventory.resources import InstitutionResource, ItemResource
from inventory.workbooks import UnsafeWorkbook, check_workbook, register_limits

REGISTERS = {"institutions": InstitutionResource, "catalogue": ItemResource}
FORMATS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "csv": "text/csv; charset=utf-8"}


class RegisterFileError(Exception):
    """The file cannot be read as a register; the message says why."""


@dataclass
class Trial:
    totals: dict
    errors: list  # (row number, message)
    token: str = ""


def export(register, file_format):
    dataset = REGISTERS[register]().export()
    # UTF-8 with a BOM, so Excel opens the Cyrillic names correctly from a .csv.
    return ("\ufeff" + dataset.export("csv")).encode("utf-8") if file_format == "csv" else dataset.export("xlsx")


def _store_path(token):
    return _store() / f"{token}.upload"


def _store():
    return settings.PRIVATE_ROOT / "registers"


def max_upload_bytes():
    return settings.MAX_REGISTER_UPLOAD_MB * 1024 * 1024


def refuse_oversize(name, size):
    """The message for an upload over the register limit, or None when it is within."""
    if size <= max_upload_bytes():
        return None
    return _("“%(name)s” is %(size)s MB; a register file may be at most %(limit)s MB.") % {
        "name": name, "size": round(size / 1024 / 1024, 1), "limit": settings.MAX_REGISTER_UPLOAD_MB}


def refuse_unsafe(name, content):
    """Raise RegisterFileError naming the file if the workbook would unpack beyond the limits."""
    if not content.startswith(b"PK\x03\x04"):
        return
    try:
        check_workbook(io.BytesIO(content), register_limits())
    except UnsafeWorkbook as exc:
        raise RegisterFileError(_("“%(name)s” is refused: %(reason)s") % {"name": name, "reason": exc}) from None


def load(content):
    """A tablib Dataset from .xlsx or .csv bytes (UTF-8, else Windows-1251, decoded strictly)."""
    if not content:
        raise RegisterFileError(_("The file is empty."))
    try:
        if content.startswith(b"PK\x03\x04"):
            return Dataset().load(content, format="xlsx")
        if b"\x00" in content[:4096]:
            raise RegisterFileError(_("The file is neither an .xlsx workbook nor a .csv text table."))
        for encoding in ("utf-8-sig", "cp1251"):
            try:
                text = content.decode(encoding)
            except UnicodeDecodeError:
                continue
            delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
            return Dataset().load(text, format="csv", delimiter=delimiter)
        raise RegisterFileError(_("The text is neither UTF-8 nor Windows-1251."))
    except RegisterFileError:
        raise
    except Exception:  # tablib and openpyxl raise many types for a damaged file; all mean the same here
        raise RegisterFileError(_("The file cannot be read as a spreadsheet. Save it as .xlsx and try again.")) \
            from None


def try_import(register, content, *, name=""):
    """Dry run: what would change and which rows are wrong. Keeps the file for the confirmation."""
    refuse_unsafe(name or _("the file"), content)
    dataset = load(content)
    result = REGISTERS[register]().import_data(dataset, dry_run=True, raise_errors=False)
    errors = [(number, str(error.error)) for number, row_errors in result.row_errors() for error in row_errors]
    for invalid in result.invalid_rows:
        for field, messages in invalid.error_dict.items():
            errors.append((invalid.number, f"{field}: {' '.join(str(m) for m in messages)}"))
    trial = Trial(totals=dict(result.totals), errors=sorted(errors, key=lambda e: e[0]))
    if not errors:
        purge_trials()
        trial.token = secrets.token_urlsafe(16)
        path = _store_path(trial.token)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return trial


def confirm_import(register, token):
    """Import the file tried before (it passed refuse_unsafe then), all or nothing; returns the totals."""
    if not token or not token.replace("-", "").replace("_", "").isalnum():
        raise RegisterFileError(_("The checked file is no longer available; upload it again."))
    path = _store_path(token)
    try:
        content = path.read_bytes()
    except OSError:
        raise RegisterFileError(_("The checked file is no longer available; upload it again.")) from None
    result = REGISTERS[register]().import_data(load(content), dry_run=False, use_transactions=True)
    path.unlink(missing_ok=True)
    if result.has_errors() or result.has_validation_errors():
        raise RegisterFileError(_("The register changed since the check; nothing was written. Check it again."))
    return dict(result.totals)


def purge_trials(*, now=None):
    """Remove the files tried but never confirmed, once they are older than REGISTER_TRIAL_HOURS.

    A token names its file for as long as it exists; a forgotten preview must not keep a copy of
    the register under PRIVATE_ROOT for ever. Returns how many files were removed.
    """
    cutoff = (now or time.time()) - settings.REGISTER_TRIAL_HOURS * 3600
    removed = 0
    for path in _store().glob("*.upload") if _store().is_dir() else ():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # confirmed or purged by another process meanwhile
            continue
    return removed
