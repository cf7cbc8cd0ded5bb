"""Reporting periods: quarters, named like 2024Q4, each ending at midnight local time."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


class BadPeriod(ValueError):
    """The message is translated and names what was given."""


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text):
        match = _QUARTER.match((text or "").strip().upper())
        if not match:
            raise BadPeriod(_("“%(period)s” is not a quarter; write it like 2024Q4.") % {"period": text})
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def of(cls, day):
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __str__(self):
        return f"{self.year}Q{self.number}"

    @property
    def first_day(self):
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self):
        nxt = self.next()
        return date.fromordinal(nxt.first_day.toordinal() - 1)

    def next(self):
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)

    @property
    def end(self):
        """The first moment after the quarter: events before it belong to the quarter or earlier."""
        return timezone.make_aware(datetime.combine(self.next().first_day, time.min))

    def is_closed(self, now=None):
        return self.end <= (now or timezone.now())


def quarters(first, last):
    """Every quarter from `first` to `last`, both included."""
    out, q = [], first
    while q <= last:
        out.append(q)
        q = q.next()
    return out
