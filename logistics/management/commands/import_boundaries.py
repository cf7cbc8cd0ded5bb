from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ... import boundaries


class Command(BaseCommand):
    help = "Import administrative boundaries (GeoJSON, GeoPackage or zipped Shapefile) into the areas."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--level", choices=sorted(boundaries.LEVELS), required=True)
        parser.add_argument("--within", default="",
                            help="Only features inside this region (KATO code or pcode, e.g. KZ35).")
        parser.add_argument("--skip-unmatched", action="store_true",
                            help="Import what matches and list the rest, instead of refusing the file.")

    def handle(self, *args, file, level, within, skip_unmatched, **options):
        try:
            plan = boundaries.plan_import(file, level, within=within or None, skip_unmatched=skip_unmatched)
        except boundaries.BoundaryFileError as exc:
            raise CommandError(str(exc)) from exc
        report(self.stdout, plan)
        if not plan.ok:
            for problem in plan.problems:
                self.stderr.write(problem)
            hint = _(" To import only what matches, add --skip-unmatched (or --within REGION for a national file).")
            raise CommandError(_("Nothing was imported: %(n)s problem(s).") % {"n": len(plan.problems)}
                               + (hint if plan.unmatched else ""))
        count = boundaries.apply_import(plan)
        self.stdout.write(self.style.SUCCESS(_("Stored %(n)s boundaries.") % {"n": count}))


def report(out, plan):
    """What matched (and how), what did not, and what we suggest instead."""
    out.write(_("Matched %(n)s:") % {"n": len(plan.matched)})
    for feature, area, how in plan.matched:
        out.write(f"  {feature.label} -> {area.name_en} ({area.code}) [{how}]")
    for label in plan.repaired:
        out.write(_("  repaired an invalid polygon: %(feature)s") % {"feature": label})
    out.write(_("Unmatched %(n)s:") % {"n": len(plan.unmatched)})
    for feature, suggestions in plan.unmatched:
        hint = _("suggest: %(names)s") % {"names": ", ".join(suggestions)} if suggestions else _("no suggestion")
        out.write(f"  {feature.label}: {hint}")
