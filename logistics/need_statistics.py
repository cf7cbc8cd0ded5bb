"""Statistics of need from a CSV or XLSX file: children needing special conditions per area, year
and category of need, and specialists per area and year.

A file (or each sheet of a workbook) is one of two tables, told apart by its header:
    area, year, category, children [, illustrative, source]
    area, year, specialist, count  [, illustrative, source]
`area` is a KATO code or a name in any of the three languages. Check every row first, naming the
row; write nothing unless every row is good; then write all rows in one transaction (a row for an
area, year and category that is already stored replaces the figure, so re-importing is safe).
"""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from inventory.models import Area, NeedCategory

from .boundaries import normalise_name
from .models import ChildrenInNeed, SpecialistCount

CHILDREN_COLUMNS = {"area", "year", "category", "children"}
SPECIALIST_COLUMNS = {"area", "year", "specialist", "count"}
TRUE_WORDS = {"1", "yes", "true", "y", "да", "иә"}


class StatisticsFileError(Exception):
    """The file cannot be read at all. Translated, shown as is."""


@dataclass
class Problem:
    where: str
    message: str

    def __str__(self):
        return f"{self.where}: {self.message}"


@dataclass
class Planned:
    model: type
    key: dict
    values: dict


def read_tables(path):
    """[(label, header, rows)] for the file: one table for a CSV, one per non-empty sheet of a workbook."""
    path = Path(path)
    if not path.exists():
        raise StatisticsFileError(_("File %(path)s does not exist.") % {"path": path})
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_path(str(path))
            sheets = [(name, book.get_sheet_by_name(name).to_python(skip_empty_area=True)) for name in book.sheet_names]
        except Exception as exc:  # calamine's errors name the broken part of the workbook
            raise StatisticsFileError(_("Cannot read %(path)s: %(error)s") % {"path": path.name, "error": exc}) from exc
    elif path.suffix.lower() in (".csv", ".txt"):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise StatisticsFileError(_("%(path)s is not UTF-8 text.") % {"path": path.name}) from exc
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else csv.excel
        sheets = [(path.name, list(csv.reader(io.StringIO(text), dialect)))]
    else:
        raise StatisticsFileError(_("%(path)s: use a .csv or .xlsx file.") % {"path": path.name})
    tables = [(label, [str(h).strip().lower() for h in rows[0]], rows[1:]) for label, rows in sheets if rows]
    if not tables:
        raise StatisticsFileError(_("%(path)s is empty.") % {"path": path.name})
    return tables


def plan(path):
    """(planned rows, problems) for the whole file; nothing is written."""
    return plan_tables(read_tables(path))


def plan_tables(tables):
    """(planned rows, problems) for [(label, header, rows)] as read_tables() returns them."""
    lookups = _Lookups()
    planned, problems, seen = [], [], set()
    for label, header, rows in tables:
        columns = set(header)
        if columns >= CHILDREN_COLUMNS:
            model, kind_column, figure_column = ChildrenInNeed, "category", "children"
        elif columns >= SPECIALIST_COLUMNS:
            model, kind_column, figure_column = SpecialistCount, "specialist", "count"
        else:
            problems.append(Problem(label, _("the header must be %(a)s, or %(b)s; it is %(got)s.") % {
                "a": ", ".join(sorted(CHILDREN_COLUMNS)), "b": ", ".join(sorted(SPECIALIST_COLUMNS)),
                "got": ", ".join(header)}))
            continue
        for line, raw in enumerate(rows, start=2):
            row = dict(zip(header, [_text(v) for v in raw], strict=False))
            if not any(row.values()):
                continue
            where = _("%(table)s, row %(line)s") % {"table": label, "line": line}
            found = _check_row(row, model, kind_column, figure_column, lookups)
            if isinstance(found, str):
                problems.append(Problem(where, found))
                continue
            identity = (model, *sorted(found.key.items()))
            if identity in seen:
                problems.append(Problem(where, _("this area, year and %(kind)s already appear above.") % {
                    "kind": kind_column}))
                continue
            seen.add(identity)
            planned.append(found)
    return planned, problems


def _check_row(row, model, kind_column, figure_column, lookups):
    """A Planned row, or the message saying what is wrong with it."""
    area = lookups.area(row.get("area", ""))
    if isinstance(area, str):
        return area
    year = _whole_number(row.get("year", ""))
    if year is None or not 1991 <= year <= 2100:
        return _("year %(value)r is not a year between 1991 and 2100.") % {"value": row.get("year", "")}
    figure = _whole_number(row.get(figure_column, ""))
    if figure is None or figure < 0:
        return _("%(column)s %(value)r is not a whole number of zero or more.") % {
            "column": figure_column, "value": row.get(figure_column, "")}
    values = {"illustrative": row.get("illustrative", "").lower() in TRUE_WORDS, "source": row.get("source", "")[:255]}
    if model is ChildrenInNeed:
        need = lookups.need(row["category"])
        if need is None:
            return _("unknown category of need %(value)r.") % {"value": row["category"]}
        return Planned(model, {"area_id": area.pk, "year": year, "need_id": need}, {"children": figure, **values})
    kind = lookups.specialist(row["specialist"])
    if kind is None:
        return _("unknown specialist %(value)r; use one of %(kinds)s.") % {
            "value": row["specialist"], "kinds": ", ".join(SpecialistCount.Kind.values)}
    return Planned(model, {"area_id": area.pk, "year": year, "kind": kind}, {"count": figure, **values})


def apply(planned):
    """Write every planned row in one transaction; returns (created, updated)."""
    created = updated = 0
    with transaction.atomic():
        for model, figure in ((ChildrenInNeed, "children"), (SpecialistCount, "count")):
            rows = [p for p in planned if p.model is model]
            if not rows:
                continue
            kind_field = "need_id" if model is ChildrenInNeed else "kind"
            existing = {(o.area_id, o.year, getattr(o, kind_field)): o for o in model.objects.filter(
                area_id__in={p.key["area_id"] for p in rows}, year__in={p.key["year"] for p in rows})}
            new, changed = [], []
            for p in rows:
                obj = existing.get((p.key["area_id"], p.key["year"], p.key[kind_field]))
                if obj is None:
                    new.append(model(**p.key, **p.values))
                else:
                    for name, value in p.values.items():
                        setattr(obj, name, value)
                    changed.append(obj)
            model.objects.bulk_create(new, batch_size=1000)
            model.objects.bulk_update(changed, [figure, "illustrative", "source"], batch_size=1000)
            created, updated = created + len(new), updated + len(changed)
    return created, updated


def import_file(path):
    """Plan and, if there is nothing wrong, apply. Returns (created, updated, problems)."""
    return import_tables(read_tables(path))


def import_tables(tables):
    """As import_file(), for tables already in memory (the demo's figures)."""
    planned, problems = plan_tables(tables)
    if problems:
        return 0, 0, problems
    return *apply(planned), []


class _Lookups:
    """Every lookup loaded once, so a 10,000-row file costs three queries."""

    def __init__(self):
        areas = list(Area.objects.only("pk", "code", "name_en", "name_ru", "name_kk"))
        self.by_code = {a.code: a for a in areas}
        self.by_name = {}
        for a in areas:
            for name in {normalise_name(a.name_en), normalise_name(a.name_ru), normalise_name(a.name_kk)} - {""}:
                self.by_name.setdefault(name, []).append(a)
        self.needs = {}
        for n in NeedCategory.objects.all():
            for key in (n.code, n.name_en, n.name_ru, n.name_kk):
                self.needs[key.strip().lower()] = n.code
        self.kinds = {k.lower(): k for k in SpecialistCount.Kind.values}
        self.kinds.update({str(label).lower(): value for value, label in SpecialistCount.Kind.choices})

    def area(self, value):
        if value in self.by_code:
            return self.by_code[value]
        found = self.by_name.get(normalise_name(value), [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            return _("area %(value)r could be %(areas)s; give its KATO code.") % {
                "value": value, "areas": ", ".join(f"{a.name_en} ({a.code})" for a in found)}
        return _("unknown area %(value)r.") % {"value": value}

    def need(self, value):
        return self.needs.get(value.strip().lower())

    def specialist(self, value):
        return self.kinds.get(value.strip().lower().replace(" ", "_")) or self.kinds.get(value.strip().lower())


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _whole_number(text):
    try:
        number = float(text.replace(" ", "").replace("\u00a0", ""))
    except ValueError:
        return None
    return int(number) if number.is_integer() else None
