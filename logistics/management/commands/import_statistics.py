from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ... import need_statistics


class Command(BaseCommand):
    help = ("Import children in need (area, year, category, children) and specialists "
            "(area, year, specialist, count) from a CSV or XLSX file; all rows or none.")

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            created, updated, problems = need_statistics.import_file(file)
        except need_statistics.StatisticsFileError as exc:
            raise CommandError(str(exc)) from exc
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(_("Nothing was imported: %(n)s problem(s).") % {"n": len(problems)})
        self.stdout.write(self.style.SUCCESS(_("Imported %(created)s new and %(updated)s updated figures.")
                                             % {"created": created, "updated": updated}))
