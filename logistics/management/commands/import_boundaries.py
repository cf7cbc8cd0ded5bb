from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from ... import boundaries


class Command(BaseCommand):
    help = "Import administrative boundaries (GeoJSON, GeoPackage or zipped Shapefile) into the areas."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--level", choices=sorted(boundaries.LEVELS), required=True)
        parser.add_argument("--within", default="",
                            help="Only features inside this region: its KATO code (35), ISO code (KZ-35), the "
                                 "file's own parent code (KAZ011) or its name (Karaganda Region).")
        parser.add_argument("--accept", action="append", default=[], metavar="WRITTEN=MEANT",
                            help="Accept a suggested match, e.g. --accept \"Termitau=Temirtau\" (repeatable; "
                                 "MEANT may be a name or a KATO code).")
        parser.add_argument("--skip-unmatched", action="store_true",
                            help="Import what matches and list the rest, instead of refusing the file.")
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES],
                            default=settings.LANGUAGE_CODE, help="Language of the report and messages.")

    def handle(self, *args, file, level, within, accept, skip_unmatched, language, **options):
        with translation.override(language):
            self._import(file, level, within, accepted(accept), skip_unmatched)

    def _import(self, file, level, within, accept, skip_unmatched):
        try:
            plan = boundaries.plan_import(file, level, within=within or None, skip_unmatched=skip_unmatched,
                                          accept=accept)
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


def accepted(pairs):
    """{"Termitau": "Temirtau"} from ["Termitau=Temirtau"]; a pair without "=" is a usage error."""
    out = {}
    for pair in pairs:
        written, sep, meant = pair.partition("=")
        if not sep or not written.strip() or not meant.strip():
            raise CommandError(_("--accept %(pair)s: write it as the file's name, \"=\", and the area it means, "
                                 "e.g. --accept \"Termitau=Temirtau\".") % {"pair": pair})
        out[written.strip()] = meant.strip()
    return out


def report(out, plan):
    """What matched (and how), what did not, and what we suggest instead."""
    if plan.region is not None:
        out.write(_("Within %(region)s (%(code)s); %(n)s features of other regions left out.") % {
            "region": plan.region.name_en, "code": plan.region.code, "n": plan.outside})
    out.write(_("Matched %(n)s:") % {"n": len(plan.matched)})
    for feature, area, how in plan.matched:
        out.write(f"  {feature.label} -> {area.name_en} ({area.code}) [{how}]")
    for label in plan.repaired:
        out.write(_("  repaired an invalid polygon: %(feature)s") % {"feature": label})
    out.write(_("Unmatched %(n)s:") % {"n": len(plan.unmatched)})
    for feature, suggestions in plan.unmatched:
        if suggestions:
            code = suggestions[0].rsplit("(", 1)[-1].rstrip(")")
            hint = _("suggest: %(names)s; to accept the first: --accept \"%(written)s=%(code)s\"") % {
                "names": ", ".join(suggestions), "written": feature.names[0] if feature.names else "", "code": code}
        else:
            hint = _("no suggestion")
        out.write(f"  {feature.label}: {hint}")
