"""Store the figures of every closed quarter of the programmes, so the results page never waits for them.

    manage.py results_snapshots

Run after loading data and at the start of each quarter; the results page also fills a missing
quarter itself on its first visit. A quarter already stored is left as it is.
"""

from django.core.management.base import BaseCommand

from logistics.models import Programme
from logistics.results import report, snapshots


class Command(BaseCommand):
    help = "Compute and store the results of every closed quarter of the programmes (once each)."

    def handle(self, *args, **options):
        current = report.current_quarter()
        closed = sorted({q for programme in Programme.objects.all()
                         for q in report.programme_quarters(programme, current) if q.is_closed()})
        for quarter in closed:
            computed = snapshots.fill(quarter)
            self.stdout.write(f"{quarter}: {'computed' if computed else 'already stored'}")
