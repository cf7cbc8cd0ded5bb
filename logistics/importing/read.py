"""File → rows: what kind of file it really is, and its rows as a stream of cells.

The kind is judged by the first bytes, never by the name: a renamed PDF is still a PDF. An .xlsx is
a zip, so its directory is checked before anything is inflated (a zip bomb is refused by its
declared sizes: inventory/workbooks.py, shared with the register upload). CSV is decoded strictly
— UTF-8, then Windows-1251, or the encoding the user chose — so Cyrillic never silently turns
into `???`.

python-calamine reads .xlsx: on 100,000 rows it takes about a second where openpyxl's read-only
mode takes about 16 (scripts/bench_import.py measures both).
"""

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext_lazy

from inventory.workbooks import UnsafeWorkbook, check_workbook, delivery_limits

from .messages import UnreadableFile

CSV_ENCODINGS = ("utf-8", "utf-8-sig", "cp1251")
ENCODING_CHOICES = [("utf-8", "UTF-8"), ("utf-8-sig", gettext_lazy("UTF-8 with BOM")), ("cp1251", "Windows-1251"),
                    ("cp866", "DOS-866"), ("koi8-r", "KOI8-R"), ("utf-16", "UTF-16")]


def max_rows():
    return getattr(settings, "MAX_IMPORT_ROWS", 100_000)


def max_upload_bytes():
    return settings.MAX_IMPORT_UPLOAD_MB * 1024 * 1024


@dataclass
class Sheet:
    """A readable table: its rows come as (sheet row number, list of cell values)."""

    name: str
    kind: str  # "xlsx" or "csv"
    rows: object  # iterator of (int, list)
    encoding: str = ""
    # Cells holding a formula Excel never calculated ("C7"): empty to any reader but not blank.
    formula_cells: set = field(default_factory=set)
    estimated_rows: int = 0  # for progress bars only


def open_sheet(path, *, encoding=""):
    """Open `path` as a delivery list, or raise UnreadableFile with a message for the user."""
    path = Path(path)
    with open(path, "rb") as f:
        head = f.read(8)
        f.seek(0, io.SEEK_END)
        size = f.tell()
    if size == 0:
        raise UnreadableFile("empty")
    if size > max_upload_bytes():
        raise too_large(size)
    if head.startswith(b"PK\x03\x04"):
        return _open_xlsx(path)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise UnreadableFile(_old_or_encrypted(path))
    if kind := _known_non_spreadsheet(head):
        raise UnreadableFile("not_spreadsheet", kind=kind)
    return _open_csv(path, encoding)


def too_large(size):
    return UnreadableFile("too_large", size=round(size / 1024 / 1024, 1), limit=settings.MAX_IMPORT_UPLOAD_MB)


def too_many_rows():
    return UnreadableFile("too_many_rows", limit=f"{max_rows():,}".replace(",", "\u00a0"))


_SIGNATURES = [
    (b"%PDF", "PDF"), (b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"),
    (b"Rar!", "RAR"), (b"7z\xbc\xaf", "7-Zip"), (b"\x1f\x8b", "gzip"), (b"{\\rtf", "RTF"),
]


def _known_non_spreadsheet(head):
    for magic, kind in _SIGNATURES:
        if head.startswith(magic):
            return kind
    return None


def _old_or_encrypted(path):
    # An encrypted .xlsx is an OLE2 container holding an "EncryptedPackage" stream; an old .xls is
    # the same container holding a "Workbook" stream. Directory names are stored in UTF-16.
    with open(path, "rb") as f:
        data = f.read(min(max_upload_bytes(), 64 * 1024 * 1024))
    if "EncryptedPackage".encode("utf-16-le") in data:
        return "encrypted"
    return "old_office"


# --- .xlsx -------------------------------------------------------------------------------------------

def _open_xlsx(path):
    try:
        with open(path, "rb") as stream:
            check_workbook(stream, delivery_limits())
        archive = zipfile.ZipFile(path)
    except UnsafeWorkbook as exc:
        raise UnreadableFile(f"zip_{exc.code}", **exc.params) from None
    except (zipfile.BadZipFile, OSError):
        raise UnreadableFile("damaged") from None
    with archive:
        if any(info.flag_bits & 0x1 for info in archive.infolist()):
            raise UnreadableFile("encrypted")
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            raise UnreadableFile("not_workbook")
        sheet_xml = _first_sheet_part(archive)
        formula_cells = _uncalculated_formulas(archive, sheet_xml) if sheet_xml in names else set()
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
    except python_calamine.PasswordError:
        raise UnreadableFile("encrypted") from None
    except Exception:  # calamine raises several unrelated types for a broken file; all mean the same to a user
        raise UnreadableFile("damaged") from None
    if sheet.total_height > max_rows() + 50:  # room for a title block and the header
        raise too_many_rows()
    first_row = sheet.start[0] + 1 if sheet.start else 1
    first_col = sheet.start[1] if sheet.start else 0

    def rows():
        for number, cells in enumerate(sheet.iter_rows(), start=first_row):
            yield number, ([""] * first_col + cells) if first_col else cells

    return Sheet(name=sheet.name, kind="xlsx", rows=rows(), formula_cells=formula_cells,
                 estimated_rows=sheet.total_height)


# The standard library's parser is safe enough for these few parts: ElementTree never fetches external
# entities, and expat ≥ 2.4 (Python's bundled one) stops entity-expansion ("billion laughs") attacks.
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}


def _first_sheet_part(archive):
    """The zip member holding the first sheet (the one calamine reads), e.g. 'xl/worksheets/sheet1.xml'."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))  # noqa: S314
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))  # noqa: S314
        first = workbook.find("m:sheets/m:sheet", _NS)
        rel_id = first.get(f"{{{_NS['r']}}}id")
        target = next(r.get("Target") for r in rels.findall("rel:Relationship", _NS) if r.get("Id") == rel_id)
    except (KeyError, AttributeError, StopIteration, ElementTree.ParseError):
        return ""
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _uncalculated_formulas(archive, part):
    # Cheap test first: most delivery lists have no formulas, and then the sheet is not parsed twice.
    with archive.open(part) as stream:
        found = False
        tail = b""
        while chunk := stream.read(1 << 20):
            if re.search(rb"<f[ >/]", tail + chunk):
                found = True
                break
            tail = chunk[-4:]
    if not found:
        return set()
    cells = set()
    with archive.open(part) as stream:
        for _event, element in ElementTree.iterparse(stream):  # noqa: S314
            if element.tag == f"{{{_NS['m']}}}c":
                formula = element.find("m:f", _NS)
                value = element.find("m:v", _NS)
                if formula is not None and (value is None or not (value.text or "").strip()):
                    cells.add(element.get("r"))
                element.clear()
    return cells


# --- .csv --------------------------------------------------------------------------------------------

def _open_csv(path, encoding):
    with open(path, "rb") as f:
        sample = f.read(256 * 1024)
    if b"\x00" in sample and not encoding.startswith("utf-16"):
        raise UnreadableFile("binary")
    _refuse_too_many_lines(path)
    encoding = encoding or _detect_encoding(path)
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise UnreadableFile("unknown_encoding", encoding=encoding) from None
    text = sample.decode(encoding, errors="replace")
    if sum(1 for c in text if c < " " and c not in "\r\n\t") > len(text) // 100 + 1:
        raise UnreadableFile("binary")
    delimiter = ";" if _first_line(text).count(";") > _first_line(text).count(",") else ","

    def rows():
        number = 0
        with open(path, encoding=encoding, errors="strict", newline="") as f:
            try:
                for number, cells in enumerate(csv.reader(f, delimiter=delimiter), start=1):
                    if number > max_rows() + 50:
                        raise too_many_rows()
                    yield number, cells
            except UnicodeDecodeError:
                raise UnreadableFile("not_encoding", encoding=encoding) from None
            except csv.Error as exc:
                raise UnreadableFile("malformed_csv", row=number + 1, error=str(exc)) from None

    lines_in_sample = max(sample.count(b"\n"), 1)
    estimate = int(path.stat().st_size / max(len(sample) / lines_in_sample, 1))
    # A CSV has no sheets; its stored file name is ours, not the officer's, so it is never shown.
    return Sheet(name="", kind="csv", rows=rows(), encoding=encoding, estimated_rows=estimate)


def _refuse_too_many_lines(path):
    # Counting line breaks is quick and needs no decoding, so a 200,000-row file is refused before any
    # row is checked. (A quoted cell with a line break counts twice; only files near the limit notice.)
    lines = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            lines += chunk.count(b"\n")
    if lines > max_rows() + 50:
        raise too_many_rows()


def _first_line(text):
    return next((line for line in text.splitlines() if line.strip()), "")


def _detect_encoding(path):
    """UTF-8 (with or without BOM) if the whole file decodes as such, else Windows-1251 if it does."""
    with open(path, "rb") as f:
        bom = f.read(3) == codecs.BOM_UTF8
    candidates = ("utf-8-sig",) if bom else CSV_ENCODINGS
    for encoding in candidates:
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        try:
            with open(path, "rb") as f:
                while chunk := f.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise UnreadableFile("no_encoding")
