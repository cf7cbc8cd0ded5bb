"""Load the Karaganda demo: idempotent, so `scripts/demo.sh` can run it on every start."""

import time

from django.core.management.base import BaseCommand
from django.utils import translation

from catalog_data import (
    catalogue,
    faults,
    institutions,
    national,
    places,
    results,
    shipments,
    statistics,
    transfers,
    users,
    verification,
)
from catalog_data.users import DEMO_USERS

# The demo is a list of steps, run in this order; each one is idempotent (update_or_create by a
# natural key) and returns a one-line summary. To add a step, add one line.
STEPS = [
    ("vocabularies", catalogue.load_vocabularies),
    ("places", places.load),
    ("catalogue", catalogue.load),
    ("institutions", institutions.load),
    ("coverage", statistics.load),  # real 2024 boundaries and statistics of need
    ("users", users.load),
    ("shipments", shipments.load),
    ("verification", verification.load),  # rooms, and a closed round over a sample (after the shipments)
    ("results", results.load),  # the programme and its indicators
    ("faults", faults.load),  # problems reported from labels, repairs and write-offs (after verification)
    ("transfers", transfers.load),  # between institutions: received with its act, on its way, proposed
]


class Command(BaseCommand):
    help = "Load (or refresh) the Karaganda demo data and print the demo users. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["demo", "national"], default="demo",
                            help="national: add the whole country (all districts, ~7,500 institutions, "
                                 "a million units and their histories) on top of the demo")
        parser.add_argument("--units", type=int, default=1_000_000,
                            help="units of the national data (default a million); the rest keeps proportion")

    def handle(self, *args, **options):
        with translation.override("en"):
            self._load(options)

    def _load(self, options):
        for name, step in STEPS:
            started = time.monotonic()
            summary = step()
            self.stdout.write(f"  {name:<14} {summary} ({time.monotonic() - started:.1f} s)")
        if options["scale"] == "national":
            summary = national.load(national.Scale(units=options["units"]), say=self.stdout.write)
            self.stdout.write(f"  {'national':<14} {summary}")
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Log in at http://127.0.0.1:8000/ as:"))
        width = max(len(u.username) for u in DEMO_USERS)
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.username:<{width}}  password {user.password:<13} "
                              f"{user.role.label:<20} try: {user.try_this}")
