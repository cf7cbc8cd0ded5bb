"""Write the programme's progress report for a quarter: PDF, .xlsx or IATI activity XML.

    manage.py programme_report --period 2024Q4 --format pdf --language ru --out report.pdf
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from logistics.models import Programme
from logistics.results import iati, pdf, report, workbook
from logistics.results.breakdowns import DIMENSIONS
from logistics.results.periods import BadPeriod, Quarter

RENDERERS = {"pdf": pdf.render, "xlsx": workbook.render, "iati": iati.render}


class Command(BaseCommand):
    help = "Write the programme's results at the end of a quarter as PDF, .xlsx or IATI 2.03 activity XML."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="the quarter, like 2024Q4")
        parser.add_argument("--format", required=True, choices=sorted(RENDERERS), dest="fmt")
        parser.add_argument("--out", required=True, help="the file to write")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE,
                            choices=[code for code, _name in settings.LANGUAGES],
                            help="the language of the narrative and the tables")
        parser.add_argument("--programme", default="", help="the programme's code (default: the first)")

    def handle(self, *args, period, fmt, out, language, programme, **options):
        with translation.override(language):
            try:
                quarter = Quarter.parse(period)
            except BadPeriod as exc:
                raise CommandError(str(exc)) from None
            chosen = self._programme(programme)
            if not quarter.is_closed():
                self.stderr.write(_("%(period)s has not ended yet: its figures can still change.")
                                  % {"period": quarter})
            # The workbook holds every table, so every breakdown too; the PDF has its regions.
            dimensions = list(DIMENSIONS) if fmt == "xlsx" else []
            data = RENDERERS[fmt](report.build(chosen, quarter, dimensions=dimensions))
        Path(out).write_bytes(data)
        self.stdout.write(f"{out}: {len(data)} bytes")

    def _programme(self, code):
        programmes = Programme.objects.prefetch_related("indicators__region_targets__region").order_by("starts")
        chosen = programmes.filter(code=code).first() if code else programmes.first()
        if chosen is None:
            raise CommandError(_("No programme “%(code)s”; the programmes are: %(known)s.") % {
                "code": code, "known": ", ".join(Programme.objects.values_list("code", flat=True)) or "—"}
                if code else _("No programme has been set up yet: load the demo or add one in the admin."))
        return chosen
