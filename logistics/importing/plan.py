"""Check every row of a delivery list before anything is written; write nothing here.

`check_rows` reads the sheet once, with every lookup loaded once into a dict, and finds what a row
alone can show (a wrong BIN, an impossible date, a serial repeated in the file). `resolve.resolve` then asks
the database, in a few set-wise queries, what is already there: rows imported before are reported
as such, not created twice; rows that clash with the system become problems. The import runs
`resolve` again under its lock, so what it writes matches what it checked.

A row is identified by (item, serial) for a serialised unit, and by (supplier, waybill, item) for
a counted line: the same row in a second file finds the first file's unit or line.
"""

from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

from inventory.models import Institution, Item

from .fields import EXAMPLE_SUPPLIER, EXAMPLE_WAYBILL, FIELDS, TEXT_FIELDS
from .headers import find_header, fold
from .messages import UnreadableFile
from .values import BadValue, as_text, is_blank

PROGRESS_EVERY = 5000


class Problem(NamedTuple):
    """What is wrong in one cell: the row, the column as headed in the file, the value as shown."""

    row: int
    column: str
    value: str
    code: str  # a key of messages.ROW_PROBLEMS
    params: dict


class PlannedUnit(NamedTuple):
    """A serialised unit the file lists: one row, identified by (item, serial)."""

    row: int
    key: tuple  # the draft shipment's key: (supplier, waybill) folded
    item_id: int
    serial: str


class CountedLine(NamedTuple):
    """A counted item of one draft shipment: the quantities of its rows added up."""

    quantity: int
    rows: list


@dataclass
class Draft:
    """A shipment as the file describes it, gathered from the rows that name its waybill."""

    supplier: str
    waybill: str
    contract: str
    dispatch_date: object
    destination_id: int
    first_row: int
    rows: list = field(default_factory=list)


@dataclass
class Plan:
    """The file's rows, each checked on its own. Built by check_rows; resolve() reads it, never changes it."""

    header: object = None
    sheet_name: str = ""
    encoding: str = ""
    rows_total: int = 0
    problems: list = field(default_factory=list)  # [Problem]
    drafts: dict = field(default_factory=dict)  # (supplier, waybill) folded → Draft
    units: list = field(default_factory=list)  # [PlannedUnit]
    counted: dict = field(default_factory=dict)  # (key, item_id) → CountedLine
    fatal: UnreadableFile | None = None


class _Lookups:
    """Every table a row is checked against, loaded once."""

    def __init__(self):
        self.bins = dict(Institution.objects.values_list("bin", "pk"))
        self.institution_names = {}
        for pk, bin_, *names in Institution.objects.values_list("pk", "bin", "name_ru", "name_kk", "name_en"):
            for name in names:
                if name:
                    self.institution_names.setdefault(fold(name), (bin_, name, pk))
        self.items = {}
        self.item_names = {}
        for pk, code, tracking, *names in Item.objects.values_list("pk", "code", "tracking", "name_ru", "name_kk",
                                                                   "name_en"):
            self.items[code] = (pk, tracking == Item.Tracking.SERIALISED)
            self.items.setdefault(code.casefold(), (pk, tracking == Item.Tracking.SERIALISED))
            for name in names:
                if name:
                    self.item_names.setdefault(fold(name), (code, name))


def check_rows(sheet, *, progress=None):
    """Read the sheet and check each row on its own; returns a Plan (not yet resolved)."""
    plan = Plan(sheet_name=sheet.name, encoding=sheet.encoding)
    try:
        plan.header = find_header(sheet.rows)
        checker = _RowChecker(plan, sheet, _Lookups())
        for number, cells in sheet.rows:
            if all(is_blank(c) for c in cells):
                continue
            plan.rows_total += 1
            if progress and plan.rows_total % PROGRESS_EVERY == 0:
                progress("checking", plan.rows_total, sheet.estimated_rows)
            checker.check(number, cells)
        if progress:
            progress("checking", plan.rows_total, plan.rows_total)
    except UnreadableFile as exc:
        plan.fatal = exc
        return plan
    if plan.rows_total == 0:
        plan.fatal = UnreadableFile("no_rows")
    return plan


class _RowChecker:
    """Checks one row at a time against the lookups and the rows before it, and files it in the plan."""

    def __init__(self, plan, sheet, lookups):
        self.plan, self.problems, self.lookups = plan, plan.problems, lookups
        self.columns = plan.header.columns
        # A row's cells picked in one call: most rows reach the last column we read.
        self.names, self.pick = tuple(self.columns), itemgetter(*self.columns.values())
        self.width = max(self.columns.values()) + 1
        # Waybill, supplier, contract and item code repeat on every row of a waybill: read each once.
        self.text_memo = {name: {} for name in TEXT_FIELDS if name != "serial"}
        self.titles = {name: plan.header.title_of(name) for name in self.columns}
        self.formula_cells = sheet.formula_cells
        self.letters = {index: _column_letter(index) for index in self.columns.values()}
        self.seen_serials = {}
        # A waybill's date and BIN repeat on each of its rows, and most quantities are 1: parse each once.
        self.dates, self.bins, self.quantities = {}, {}, {}
        self.parse_quantity = FIELDS["quantity"].parse
        self.parse_date = FIELDS["dispatch_date"].parse
        self.parse_bin = FIELDS["destination_bin"].parse

    def check(self, number, cells):
        if len(cells) >= self.width:
            row = dict(zip(self.names, self.pick(cells), strict=True))
        else:
            row = {name: (cells[i] if i < len(cells) else "") for name, i in self.columns.items()}
        problems = self.problems
        before = len(problems)
        bad = _Complaints(problems, number, row, self.titles)
        if self.formula_cells and self._uncalculated(number, bad):
            return  # the empty-looking cells would only add misleading problems
        text = self._texts(row, bad, before)
        destination_id = self._destination(row, bad)
        item = _item(row, text["item_code"], bad, self.lookups)
        quantity = dispatch_date = None
        try:
            quantity = _cached(self.quantities, self.parse_quantity, row.get("quantity"))
        except BadValue as exc:
            bad("quantity", exc.code)
        try:
            dispatch_date = _cached(self.dates, self.parse_date, row.get("dispatch_date"))
        except BadValue as exc:
            bad("dispatch_date", exc.code)
        if item is not None:
            self._check_tracking(number, item, text["serial"], quantity, bad, before)
        if len(problems) == before:
            self._add(number, text, destination_id, item, quantity, dispatch_date, bad)

    def _uncalculated(self, number, bad):
        found = False
        for name, index in self.columns.items():
            if f"{self.letters[index]}{number}" in self.formula_cells:
                bad(name, "formula_no_value")
                found = True
        return found

    def _texts(self, row, bad, before):
        text = {}
        for name in TEXT_FIELDS:
            cell = row.get(name)
            memo = self.text_memo.get(name)
            # Only text cells are remembered: 1, 1.0 and True are one key to a dict but read differently.
            if memo is not None and type(cell) is str and (known := memo.get(cell)) is not None:
                text[name] = known
                continue
            try:
                text[name] = as_text(cell)
            except BadValue as exc:
                bad(name, exc.code)
                text[name] = ""
                continue
            if memo is not None and type(cell) is str:
                memo[cell] = text[name]
        for name in ("waybill", "supplier"):
            if not text[name] and len(self.problems) == before:
                bad(name, "required")
        if (text["waybill"], text["supplier"]) == (EXAMPLE_WAYBILL, EXAMPLE_SUPPLIER):
            bad("waybill", "template_example")
        return text

    def _destination(self, row, bad):
        lookups = self.lookups
        try:
            bin_ = _cached(self.bins, self.parse_bin, row.get("destination_bin"))
        except BadValue as exc:
            if exc.code == "bin_missing" and (hint := _suggest(row.get("destination_name"),
                                                               lookups.institution_names)):
                bad("destination_bin", "name_suggests", bin=hint[0], name=hint[1])
            else:
                bad("destination_bin", exc.code, **exc.params)
            return None
        if (pk := lookups.bins.get(bin_)) is None:
            if hint := _suggest(row.get("destination_name"), lookups.institution_names):
                bad("destination_bin", "unknown_bin_suggest", bin=hint[0], name=hint[1])
            else:
                bad("destination_bin", "unknown_bin")
        return pk

    def _check_tracking(self, number, item, serial, quantity, bad, before):
        """A serialised item needs one serial per row, never repeated; a counted one needs a quantity."""
        item_id, serialised = item
        if serialised and not serial:
            bad("serial", "serial_missing")
        if serialised and quantity not in (None, 1):
            bad("quantity", "serialised_quantity")
        if not serialised and quantity is None and len(self.problems) == before:
            bad("quantity", "required")
        if serialised and serial and (first := self.seen_serials.setdefault((item_id, serial), number)) != number:
            bad("serial", "serial_repeated", first=first)

    def _add(self, number, text, destination_id, item, quantity, dispatch_date, bad):
        """File a good row under its waybill's draft: a waybill goes to one recipient."""
        plan = self.plan
        key = (fold(text["supplier"]), text["waybill"].casefold())
        draft = plan.drafts.get(key)
        if draft is None:
            draft = plan.drafts[key] = Draft(text["supplier"], text["waybill"], text["contract"], dispatch_date,
                                             destination_id, number)
        elif draft.destination_id != destination_id:
            bad("destination_bin", "waybill_two_destinations", first=draft.first_row)
            return
        draft.rows.append(number)
        item_id, serialised = item
        if serialised:
            plan.units.append(PlannedUnit(number, key, item_id, text["serial"]))
        elif (line := plan.counted.get((key, item_id))) is None:
            plan.counted[(key, item_id)] = CountedLine(quantity or 1, [number])
        else:
            line.rows.append(number)
            plan.counted[(key, item_id)] = line._replace(quantity=line.quantity + (quantity or 1))


class _Complaints:
    """Records a problem in one row: bad(column, code, **params)."""

    __slots__ = ("number", "problems", "row", "titles")

    def __init__(self, problems, number, row, titles):
        self.problems, self.number, self.row, self.titles = problems, number, row, titles

    def __call__(self, column, code, /, **params):
        self.problems.append(Problem(self.number, self.titles.get(column, column), _shown(self.row.get(column)),
                                     code, params))


def _cached(cache, parse, cell):
    """parse(cell), remembered by the cell's value; a BadValue is remembered and raised again."""
    key = (type(cell), cell)
    try:
        result = cache[key]
    except KeyError:
        try:
            result = cache[key] = parse(cell)
        except BadValue as exc:
            result = cache[key] = exc
    if isinstance(result, BadValue):
        raise result
    return result


def _item(row, code, bad, lookups):
    hit = lookups.items.get(code) or lookups.items.get(code.casefold())
    if hit is None:
        hint = _suggest(row.get("item_name"), lookups.item_names)
        if not code:
            bad("item_code", "item_missing_suggest" if hint else "required",
                **({"code": hint[0], "name": hint[1]} if hint else {}))
        else:
            bad("item_code", "unknown_item_suggest" if hint else "unknown_item",
                **({"code": hint[0], "name": hint[1]} if hint else {}))
    return hit


def _suggest(name, names):
    """A name only suggests: an exact match after folding, never acted upon without the officer."""
    if is_blank(name):
        return None
    return names.get(fold(name))


def _shown(cell):
    try:
        return as_text(cell)
    except BadValue:
        return str(cell)


def _column_letter(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
