"""Two officers import overlapping delivery lists at the same moment (two workers, on PostgreSQL or
SQLite): the imports run one after the other, no serial is created twice, and the second import sees
the first one's rows as already imported."""

import threading

import pytest
from django.db import connections

from inventory.models import Unit, UnitEvent
from logistics.importing import pipeline
from logistics.models import Shipment, ShipmentUnit
from tests import factories

from .import_files import row, xlsx


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_imports_at_once_neither_double_a_serial_nor_interleave(officer, administrator, tmp_path):
    school = factories.institution("Школа № 1")
    factories.item("BR-40")
    first = [row("ТН-1", school.bin, "BR-40", f"SN-{n:04d}") for n in range(600)]
    second = [*first[300:], *[row("ТН-2", school.bin, "BR-40", f"NEW-{n:04d}") for n in range(300)]]
    paths = [xlsx(tmp_path / "a.xlsx", first), xlsx(tmp_path / "b.xlsx", second)]
    barrier = threading.Barrier(2)
    outcomes = {}

    def run(path, user):
        try:
            barrier.wait()
            outcomes[path.name] = pipeline.run(path, by=user)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(p, u)) for p, u in zip(paths, (officer, administrator),
                                                                          strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert len(outcomes) == 2 and all(o.written for o in outcomes.values())
    assert Unit.objects.count() == 900  # 600 + 300 new; the 300 shared serials exist once
    assert sorted(len(o.plan.already) for o in outcomes.values()) in ([0, 0], [0, 300])
    assert Shipment.objects.count() == 2 and ShipmentUnit.objects.count() == 900
    # One import's units were all written before the other's: their ids do not interleave.
    imports = {}
    for actor, unit_id in UnitEvent.objects.values_list("actor", "unit_id"):
        imports.setdefault(actor, []).append(unit_id)
    spans = sorted((min(ids), max(ids)) for ids in imports.values())
    assert len(spans) == 2 and spans[0][1] < spans[1][0], spans
