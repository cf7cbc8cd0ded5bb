"""manage.py import_deliveries FILE [--dry-run]: the web page's import, from a terminal."""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from logistics.importing import pipeline, states, uploads
from logistics.importing.messages import file_problem_text, row_problem_text
from logistics.importing.read import ENCODING_CHOICES, max_upload_bytes, too_large

SHOWN = 50


class Command(BaseCommand):
    help = "Check a supplier's delivery list (.xlsx or .csv) and import it, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing.")
        parser.add_argument("--encoding", default="", choices=[c for c, _n in ENCODING_CHOICES],
                            help="Encoding of a .csv file (default: UTF-8, else Windows-1251).")
        parser.add_argument("--user", help="Username the import is recorded under (default: the first superuser).")
        parser.add_argument("--skip-rejected", action="store_true",
                            help="Import the valid rows and leave out rows with problems.")

    def handle(self, *args, file, dry_run, encoding, user, skip_rejected, **options):
        if not file.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": file})
        if file.stat().st_size > max_upload_bytes():
            raise CommandError(str(too_large(file.stat().st_size)))
        bar = ProgressBar(self.stderr)
        if dry_run:
            plan = pipeline.check(file, encoding=encoding, progress=bar)
            bar.end()
            self._report(plan)
            if plan.fatal or plan.problems:
                raise CommandError(_("%(count)s problems; nothing was written.") % {"count": len(plan.problems)})
            self.stdout.write(_("Dry run: nothing was written."))
            return
        by = self._user(user)
        with file.open("rb") as stream:
            record = uploads.store(stream, name=file.name, by=by, encoding=encoding)
        states.claim_for_import(record.pk, by=by, skip_rejected=skip_rejected, without_preview=True)
        record = uploads.import_upload(record.pk, on_progress=bar)
        bar.end()
        self._report(_Stored(record))
        if record.status != record.Status.IMPORTED:
            raise CommandError(_("Nothing was written (import %(id)s: %(status)s).")
                               % {"id": record.pk, "status": record.get_status_display()})
        self.stdout.write(self.style.SUCCESS(
            _("Imported: %(shipments)s new shipments, %(units)s units (import %(id)s).")
            % {"shipments": record.shipments_created, "units": record.units_created, "id": record.pk}))

    def _user(self, username):
        users = get_user_model().objects.filter(is_active=True)
        found = users.filter(username=username).first() if username else (
            users.filter(is_superuser=True).order_by("pk").first())
        if found is None:
            raise CommandError(_("Name an existing user to record the import under: --user USERNAME."))
        return found

    def _report(self, plan):
        if plan.fatal:
            raise CommandError(str(plan.fatal))
        write = self.stdout.write
        write(_("Rows: %(rows)s; valid: %(valid)s; already imported: %(already)s; with problems: %(bad)s.") % {
            "rows": plan.rows_total, "valid": plan.rows_valid, "already": len(plan.already),
            "bad": len(plan.rejected_rows)})
        for p in plan.problems[:SHOWN]:
            write(_("row %(row)s, %(column)s = “%(value)s”: %(reason)s") % {
                "row": p.row, "column": p.column, "value": p.value, "reason": row_problem_text(p.code, p.params)})
        if len(plan.problems) > SHOWN:
            write(_("… and %(more)s more problems.") % {"more": len(plan.problems) - SHOWN})
        for line in plan.summary():
            write(_("%(bin)s %(name)s: %(shipments)s shipments, %(lines)s lines, %(units)s units") % {
                **line, "name": line["name_ru"]})


class _Stored:
    """A stored import's report read back as the few attributes _report() prints."""

    def __init__(self, record):
        report = record.report
        self.fatal = (file_problem_text(report["fatal"]["code"], report["fatal"]["params"])
                      if report.get("fatal") else None)
        self.rows_total = record.rows_total
        self.rows_valid = report.get("rows_valid", 0)
        self.already = report.get("already", [])
        self.rejected_rows = range(record.rows_rejected)
        self.problems = [_Problem(*p) for p in report.get("problems", [])]
        self._summary = report.get("summary", [])

    def summary(self):
        return self._summary


class _Problem:
    def __init__(self, row, column, value, code, params):
        self.row, self.column, self.value, self.code, self.params = row, column, value, code, params


class ProgressBar:
    """A one-line bar on the terminal: the phase, a bar and the count, redrawn in place."""

    WIDTH = 30

    def __init__(self, stream):
        self.stream = stream
        self.drawn = False

    def __call__(self, phase, done, total):
        total = max(total, done, 1)
        filled = int(self.WIDTH * done / total)
        label = {"checking": _("checking"), "writing": _("writing")}.get(phase, phase)
        self.stream.write(f"\r{label:>10} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total}", ending="")
        self.stream.flush()
        self.drawn = True

    def end(self):
        if self.drawn:
            self.stream.write("", ending="\n")
            self.drawn = False
        sys.stderr.flush()
