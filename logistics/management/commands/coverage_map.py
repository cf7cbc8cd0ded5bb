from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from inventory.models import Area

from ... import coverage_data, coverage_report
from ...models import ChildrenInNeed


class Command(BaseCommand):
    help = "Save a region's coverage map as one standalone HTML file that works without a network."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="KATO code, pcode (KZ35) or name of the region.")
        parser.add_argument("--out", required=True, help="The HTML file to write.")
        parser.add_argument("--year", type=int)
        parser.add_argument("--need", default="", help="Category of need code, e.g. hearing.")
        parser.add_argument("--sphere", default="")
        parser.add_argument("--category", default="", help="Equipment category code, e.g. assistive.")
        parser.add_argument("--measure", default="children_per_org", choices=sorted(coverage_report.MEASURES))
        parser.add_argument("--km", type=float, default=50.0, help="Distance beyond which a school is uncovered.")

    def handle(self, *args, region, out, year, need, sphere, category, measure, km, **options):
        found = find_region(region)
        if year is None:
            year = ChildrenInNeed.objects.filter(area__parent=found).order_by("-year").values_list(
                "year", flat=True).first()
        filters = coverage_report.Filters(year=year, need=need, sphere=sphere, category=category, measure=measure,
                                          distance_km=km)
        report = coverage_report.build(found, coverage_data.load(found), filters)
        html = coverage_report.map_html(report, standalone=True)
        Path(out).write_text(html, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(_("Wrote %(path)s (%(kb)s KB): %(n)s areas, %(flags)s flagged.") % {
            "path": out, "kb": len(html.encode()) // 1024, "n": len(report.table), "flags": len(report.flagged)}))


def find_region(text):
    from ...boundaries import code_to_kato, normalise_name

    regions = Area.objects.filter(level=Area.Level.REGION)
    code = code_to_kato(text)
    match = regions.filter(Q(code=text) | Q(code=code) | Q(iso_code__iexact=text)).first() if code or text else None
    if match is None:
        key = normalise_name(text)
        named = [r for r in regions if key in {normalise_name(r.name_en), normalise_name(r.name_ru),
                                               normalise_name(r.name_kk)}]
        match = named[0] if len(named) == 1 else None
    if match is None:
        raise CommandError(_("No region %(region)s; use its KATO code (e.g. 350000000) or pcode (KZ35).")
                           % {"region": text})
    return match
