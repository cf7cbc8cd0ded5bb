"""Is this .xlsx safe to unpack? Judged from the zip's directory, before a single byte is inflated.

An .xlsx is a zip archive, and a zip declares each member's size up front. A crafted 1 MB file can
hold a gigabyte of shared strings, and a reader that builds the workbook in memory (openpyxl, behind
the register upload) then takes several gigabytes of one web worker. So the directory is checked
against limits first: the members' number, their total size, the size of the shared strings and of
each sheet, and how far any large member is compressed. Both the delivery import and the register
upload call `check_workbook`; each passes its own limits (see `delivery_limits`, `register_limits`).
Readers through `zipfile` never read past a member's declared size, so the declaration is binding.
"""

import zipfile
from typing import NamedTuple

from django.conf import settings
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024
# A member smaller than this is harmless at any compression ratio (a blank styles part compresses
# 500 to 1); above it, a real sheet compresses about 5 to 30 to 1.
RATIO_FROM_BYTES = 1 * MB
# The end-of-central-directory record sits in the last 22 bytes, or before a comment of up to 64 KB.
_EOCD_SEARCH = 22 + 65_535

REFUSALS = {
    "entries": _("The workbook holds %(count)s files inside; the limit is %(limit)s, so it is refused as unsafe."),
    "unpacked": _("The workbook would unpack to %(size)s MB; the limit is %(limit)s MB, so it is refused as "
                  "unsafe."),
    "part": _("The part %(part)s of the workbook would unpack to %(size)s MB; the limit is %(limit)s MB, so "
              "it is refused as unsafe."),
    "ratio": _("The part %(part)s of the workbook is compressed %(ratio)s to 1; real workbooks stay under "
               "%(limit)s to 1, so it is refused as unsafe."),
}


class WorkbookLimits(NamedTuple):
    entries: int  # members in the archive
    unpacked_mb: int  # all members together, unpacked
    part_mb: int  # xl/sharedStrings.xml and each sheet, unpacked
    ratio: int  # unpacked to packed, for a member above RATIO_FROM_BYTES


def delivery_limits():
    """Delivery lists are read a sheet at a time by python-calamine: up to 100,000 rows."""
    return WorkbookLimits(settings.XLSX_MAX_ENTRIES, settings.MAX_IMPORT_UNPACKED_MB,
                          settings.MAX_IMPORT_UNPACKED_MB, settings.XLSX_MAX_RATIO)


def register_limits():
    """Registers are read whole into memory by openpyxl (through tablib), so their limits are tighter."""
    return WorkbookLimits(settings.XLSX_MAX_ENTRIES, settings.MAX_REGISTER_UNPACKED_MB,
                          settings.MAX_REGISTER_PART_MB, settings.XLSX_MAX_RATIO)


class UnsafeWorkbook(Exception):
    """The archive's directory declares more than the limits allow; `code` and `params` say what."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self):
        return str(REFUSALS[self.code]) % self.params


def check_workbook(stream, limits):
    """Raise UnsafeWorkbook unless the zip in `stream` (a binary file, seekable) is within `limits`.

    Only the archive's directory is read. A stream that is not a zip is left to the reader to refuse.
    """
    count = declared_entries(stream)
    if count is not None and count > limits.entries:
        raise UnsafeWorkbook("entries", count=count, limit=limits.entries)
    stream.seek(0)
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError):
        return
    with archive:
        _check_members(archive.infolist(), limits)


def _check_members(members, limits):
    """Each member, by its declared sizes: the total so far, the big parts, the compression ratio."""
    if len(members) > limits.entries:
        raise UnsafeWorkbook("entries", count=len(members), limit=limits.entries)
    total = 0
    for info in members:
        total += info.file_size
        if total > limits.unpacked_mb * MB:
            raise UnsafeWorkbook("unpacked", size=_mb(total), limit=limits.unpacked_mb)
        if _is_big_part(info.filename) and info.file_size > limits.part_mb * MB:
            raise UnsafeWorkbook("part", part=info.filename, size=_mb(info.file_size), limit=limits.part_mb)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FROM_BYTES and ratio > limits.ratio:
            raise UnsafeWorkbook("ratio", part=info.filename, ratio=int(ratio), limit=limits.ratio)


def declared_entries(stream):
    """How many members the archive's end record declares, read before zipfile builds one object per
    member (a million tiny members would take hundreds of MB); None if there is no end record."""
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(max(0, size - _EOCD_SEARCH))
    tail = stream.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    count = int.from_bytes(tail[at + 10:at + 12], "little")
    if count == 0xFFFF and (at64 := tail.rfind(b"PK\x06\x06", 0, at)) >= 0 and len(tail) >= at64 + 40:
        count = int.from_bytes(tail[at64 + 32:at64 + 40], "little")  # a zip64 archive's own record
    return count


def _is_big_part(name):
    # The parts a reader holds whole: the shared strings and the sheets. Images and the like are
    # skipped by both readers and count only towards the total.
    return name == "xl/sharedStrings.xml" or (name.startswith("xl/worksheets/") and name.endswith(".xml"))


def _mb(size):
    return round(size / MB, 1)
