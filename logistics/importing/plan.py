"""Check every row of a delivery list before anything is written; write nothing here.

`check_rows` reads the sheet once, with every lookup loaded once into a dict, and finds what a row
alone can show (a wrong BIN, an impossible date, a serial repeated in the file). `resolve.resolve` then asks
the database, in a few set-wise queries, what is already there: rows imported before are reported
as such, not created twice; rows that clash with the system become problems. The import runs
`resolve` again under its lock, so what it writes matches what it checked.

A row is identified by (item, serial) for a serialised unit, and by (supplier, waybill, item) for
a counted line: the same row in a second file finds the first file's unit or line.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from inventory.models import Institution, Item

from .headers import find_header, fold
from .messages import UnreadableFile
from .values import BadValue, as_text, is_blank, parse_bin, parse_date, parse_quantity

PROGRESS_EVERY = 5000


@dataclass
class Problem:
    row: int
    column: str
    value: str
    code: str
    params: dict = field(default_factory=dict)


@dataclass
class Draft:
    """A shipment as the file describes it; `existing` is its primary key when the system has it."""

    supplier: str
    waybill: str
    contract: str
    dispatch_date: object
    destination_id: int
    first_row: int
    rows: list = field(default_factory=list)
    existing: int | None = None
    existing_status: str = ""
    existing_status_label: str = ""
    existing_destination: int | None = None
    existing_name: str = ""


@dataclass
class Plan:
    header: object = None
    sheet_name: str = ""
    encoding: str = ""
    rows_total: int = 0
    problems: list = field(default_factory=list)
    drafts: dict = field(default_factory=dict)  # (supplier, waybill) folded → Draft
    units: list = field(default_factory=list)  # (row, key, item_id, serial)
    counted: dict = field(default_factory=dict)  # (key, item_id) → [quantity, rows]
    already: list = field(default_factory=list)  # rows imported before
    # After resolve(): what the import will write.
    new_units: dict = field(default_factory=dict)  # key → [(item_id, serial)]
    new_counted: dict = field(default_factory=dict)  # (key, item_id) → quantity
    existing_lines: dict = field(default_factory=dict)  # (shipment_id, item_id) → line id
    fatal: UnreadableFile | None = None

    @property
    def rejected_rows(self):
        return {p.row for p in self.problems}

    @property
    def rows_valid(self):
        return self.rows_total - len(self.rejected_rows) - len(self.already)

    @property
    def has_work(self):
        return bool(self.new_units or self.new_counted)

    def summary(self):
        """Per destination: new shipments, lines and units, as the preview lists them."""
        per = defaultdict(lambda: {"shipments": 0, "lines": 0, "units": 0, "pieces": 0})
        for key, draft in self.drafts.items():
            units = self.new_units.get(key, [])
            lines = {item for item, _serial in units} | {i for (k, i) in self.new_counted if k == key}
            if not lines:
                continue
            entry = per[draft.destination_id]
            entry["shipments"] += draft.existing is None
            entry["lines"] += len(lines)
            entry["units"] += len(units)
            entry["pieces"] += sum(q for (k, _i), q in self.new_counted.items() if k == key)
        institutions = {i.pk: i for i in Institution.objects.filter(pk__in=per)}
        return [{"destination_id": pk, "bin": institutions[pk].bin, "name_ru": institutions[pk].name_ru,
                 "name_kk": institutions[pk].name_kk, "name_en": institutions[pk].name_en, **counts}
                for pk, counts in sorted(per.items(), key=lambda kv: institutions[kv[0]].name_ru)]


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
        header = plan.header = find_header(sheet.rows)
        _check_each_row(plan, sheet, header, _Lookups(), progress)
        if progress:
            progress("checking", plan.rows_total, plan.rows_total)
    except UnreadableFile as exc:
        plan.fatal = exc
        return plan
    if plan.rows_total == 0:
        plan.fatal = UnreadableFile("no_rows")
    return plan


def _check_each_row(plan, sheet, header, lookups, progress):
    col = header.columns
    titles = {name: header.title_of(name) for name in col}
    letters = {index: _column_letter(index) for index in col.values()}
    seen_serials = {}
    dates, bins = {}, {}  # a waybill's date and BIN repeat on each of its rows: parse each text once
    serialised_rows = plan.units
    problems = plan.problems
    for number, cells in sheet.rows:
        if all(is_blank(c) for c in cells):
            continue
        plan.rows_total += 1
        if progress and plan.rows_total % PROGRESS_EVERY == 0:
            progress("checking", plan.rows_total, sheet.estimated_rows)
        row = {name: (cells[i] if i < len(cells) else "") for name, i in col.items()}
        before = len(problems)
        bad = _Complaints(problems, number, row, titles)

        if sheet.formula_cells:
            for name, index in col.items():
                if f"{letters[index]}{number}" in sheet.formula_cells:
                    bad(name, "formula_no_value")
            if len(problems) > before:
                continue  # the empty-looking cells would only add misleading problems
        text = {}
        for name in ("waybill", "supplier", "contract", "serial", "item_code"):
            try:
                text[name] = as_text(row.get(name))
            except BadValue as exc:
                bad(name, exc.code)
                text[name] = ""
        for name in ("waybill", "supplier"):
            if not text[name] and len(problems) == before:
                bad(name, "required")
        destination_id = _destination(row, bad, lookups, bins)
        item = _item(row, text["item_code"], bad, lookups)
        quantity = dispatch_date = None
        try:
            quantity = parse_quantity(row.get("quantity"))
        except BadValue as exc:
            bad("quantity", exc.code)
        try:
            dispatch_date = _cached(dates, parse_date, row.get("dispatch_date"))
        except BadValue as exc:
            bad("dispatch_date", exc.code)
        serial = text["serial"]
        if item is not None:
            item_id, serialised = item
            if serialised and not serial:
                bad("serial", "serial_missing")
            if serialised and quantity not in (None, 1):
                bad("quantity", "serialised_quantity")
            if not serialised and quantity is None and len(problems) == before:
                bad("quantity", "required")
            if serialised and serial and (first := seen_serials.setdefault((item_id, serial), number)) != number:
                bad("serial", "serial_repeated", first=first)
        if len(problems) > before:
            continue
        key = (fold(text["supplier"]), text["waybill"].casefold())
        draft = plan.drafts.get(key)
        if draft is None:
            draft = plan.drafts[key] = Draft(text["supplier"], text["waybill"], text["contract"], dispatch_date,
                                             destination_id, number)
        elif draft.destination_id != destination_id:
            bad("destination_bin", "waybill_two_destinations", first=draft.first_row)
            continue
        draft.rows.append(number)
        if serialised:
            serialised_rows.append((number, key, item_id, serial))
        else:
            entry = plan.counted.setdefault((key, item_id), [0, []])
            entry[0] += quantity or 1
            entry[1].append(number)


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


def _destination(row, bad, lookups, cache):
    try:
        bin_ = _cached(cache, parse_bin, row.get("destination_bin"))
    except BadValue as exc:
        if exc.code == "bin_missing" and (hint := _suggest(row.get("destination_name"), lookups.institution_names)):
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
