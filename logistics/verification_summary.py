"""What verification adds up to, per visit and per round: numbers only, from each visit's latest
answer about each unit (an answer corrected later counts as corrected)."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import Finding
from .verification import EXPECTED

F = Finding.Result


@dataclass
class Summary:
    delivered: int = 0      # units the visited institutions hold (arrived or gone missing there)
    verified: int = 0       # of them, with an answer
    found: int = 0          # found in place or elsewhere
    elsewhere: int = 0
    not_found: int = 0
    working: int = 0
    broken: int = 0         # needs repair or broken
    in_use: int = 0
    not_in_use: int = 0
    foreign: int = 0        # units of other institutions found at the visited ones
    reasons: Counter = field(default_factory=Counter)   # Finding.Reason value -> count

    def add(self, other):
        for name in ("delivered", "verified", "found", "elsewhere", "not_found", "working", "broken", "in_use",
                     "not_in_use", "foreign"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.reasons.update(other.reasons)
        return self

    def share(self, part):
        """`part` (a field's name) as a whole percentage of the delivered units."""
        return round(100 * getattr(self, part) / self.delivered) if self.delivered else 0

    @property
    def reason_rows(self):
        labels = dict(Finding.Reason.choices)
        return [(labels.get(code, code), n) for code, n in self.reasons.most_common()]


def of_visit(visit):
    """The numbers of one visit, over the units its institution holds (missing ones included, so a
    closed visit counts the same units as an open one). A unit of another institution found there
    is counted in `foreign`, not in the institution's numbers."""
    latest = {}
    for finding in visit.findings.order_by("at", "pk"):
        latest[finding.unit_id] = finding
    own = set(visit.institution.units.filter(status__in=EXPECTED).values_list("pk", flat=True))
    summary = Summary(delivered=len(own), foreign=len(set(latest) - own))
    for pk in own & set(latest):
        finding = latest[pk]
        summary.verified += 1
        if finding.result == F.NOT_FOUND:
            summary.not_found += 1
            continue
        summary.found += 1
        summary.elsewhere += finding.result == F.ELSEWHERE
        summary.working += finding.condition == Finding.Condition.WORKING
        summary.broken += finding.condition in (Finding.Condition.NEEDS_REPAIR, Finding.Condition.BROKEN)
        if finding.in_use is True:
            summary.in_use += 1
        elif finding.in_use is False:
            summary.not_in_use += 1
            if finding.reason:
                summary.reasons[finding.reason] += 1
    return summary


def of_round(round_):
    """(total, [(visit, its summary)]) for the round's visits."""
    rows = [(visit, of_visit(visit)) for visit in round_.visits.select_related("institution", "verifier")]
    total = Summary()
    for _visit, summary in rows:
        total.add(summary)
    return total, rows


def by_area(rows):
    """[(area, summary)] of (visit, summary) rows, in the order of the areas' names."""
    areas = {}
    for visit, summary in rows:
        area = visit.institution.area
        areas.setdefault(area.pk, (area, Summary()))[1].add(summary)
    return sorted(areas.values(), key=lambda pair: str(pair[0].name))


# The columns of the round's export: (Summary field, header); the reasons follow as columns of their own.
COLUMNS = ("delivered", "verified", "found", "elsewhere", "not_found", "working", "broken", "in_use", "not_in_use",
           "foreign")


def export_rows(total, rows):
    """The round as rows for a spreadsheet: one per visit, one per area, and the total."""
    reasons = [code for code, _label in Finding.Reason.choices]

    def line(kind, name, bin_, summary):
        numbers = [getattr(summary, c) for c in COLUMNS] + [summary.reasons.get(r, 0) for r in reasons]
        return [kind, name, bin_, *numbers]

    out = [line(_("Visit"), v.institution.name, v.institution.bin, s) for v, s in rows]
    out += [line(_("Area"), str(area.name), "", s) for area, s in by_area(rows)]
    out.append(line(_("Round"), "", "", total))
    return out


def export_header():
    labels = {"delivered": _("Units held"), "verified": _("Verified"), "found": _("Found"),
              "elsewhere": _("Found elsewhere"), "not_found": _("Not found"), "working": _("Working"),
              "broken": _("Needs repair or broken"), "in_use": _("In use"), "not_in_use": _("Not in use"),
              "foreign": _("Units of other institutions found")}
    return [_("Row"), _("Name"), _("BIN"), *(labels[c] for c in COLUMNS),
            *(str(label) for _code, label in Finding.Reason.choices)]
