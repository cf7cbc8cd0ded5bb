"""How long a unit's supplier warranty runs: the delivery line's months, else the catalogue item's,
counted from the date of the acceptance act that took the unit in."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from .models import ShipmentUnit


@dataclass(frozen=True)
class Warranty:
    months: int
    starts: date
    ends: date

    def covers(self, day):
        return self.starts <= day <= self.ends


def add_months(day, months):
    """The same day `months` later, or the month's last day when it has no such day (31 Jan + 1 = 28/29 Feb)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def warranty_of(unit_id):
    """The unit's warranty, or None when no act has taken it in or no warranty is known."""
    travelled = (ShipmentUnit.objects.filter(unit_id=unit_id, shipment__act__isnull=False)
                 .select_related("line", "unit__item", "shipment__act").order_by("-shipment__act__signed_at").first())
    if travelled is None:
        return None
    line_months = travelled.line.warranty_months if travelled.line else None
    months = line_months if line_months is not None else travelled.unit.item.warranty_months
    if not months:
        return None
    starts = timezone.localdate(travelled.shipment.act.signed_at)
    return Warranty(months, starts, add_months(starts, months))


def running_out(reports, *, today=None, days=None):
    """(report, warranty) for each report whose unit's warranty ends within `days` from `today`."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=settings.WARRANTY_WARNING_DAYS if days is None else days)
    found, known = [], {}
    for report in reports:
        if report.unit_id not in known:
            known[report.unit_id] = warranty_of(report.unit_id)
        if (warranty := known[report.unit_id]) and today <= warranty.ends <= horizon:
            found.append((report, warranty))
    return sorted(found, key=lambda pair: pair[1].ends)
