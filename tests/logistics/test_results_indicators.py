"""A manager asks how far the programme has come, quarter by quarter. Each indicator is computed
from the event histories as they stood at a quarter's end; here the story's numbers are worked out
by hand, and every indicator is also recomputed from the raw rows, in plain Python, and compared."""

import statistics
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from inventory.models import Area, Institution, StatusGroups, Unit, UnitEvent
from logistics.admin_results import IndicatorForm
from logistics.models import Finding, Indicator, Programme, RegionTarget, ShipmentEvent, ShipmentLine, ShipmentUnit
from logistics.results import breakdowns, report
from logistics.results.indicators import EVERYTHING, REGISTRY, UnknownDefinition, computation_of
from logistics.results.periods import BadPeriod, Quarter
from tests.logistics import results_world

A = ShipmentEvent.Action
Q3, Q4, Q1 = Quarter(2024, 3), Quarter(2024, 4), Quarter(2025, 1)


@pytest.fixture
def world(clock, officer):
    return results_world.build(clock, officer, officer)


def values(period, scope=EVERYTHING):
    return {code: c.value(period.end, scope) for code, c in REGISTRY.items()}


# --- the same indicators, from the raw rows, without the ORM's help --------------------------

def _share(part, whole):
    return None if not whole else (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def recompute(end, institutions=None):
    """Every indicator at `end`, from the rows themselves; `institutions` limits it to some ids."""
    inside = (lambda pk: True) if institutions is None else (lambda pk: pk in institutions)
    units = {u["pk"]: u for u in Unit.objects.values("pk", "holder_id", "holder__kind", "item__category")}
    status, ever_arrived, discrepant = {}, set(), set()
    for e in UnitEvent.objects.filter(at__lt=end).order_by("at", "pk").values():
        status[e["unit_id"]] = e["new_status"]
        if e["new_status"] in StatusGroups.ARRIVED:
            ever_arrived.add(e["unit_id"])
        if e["shipment_id"] and e["new_status"] in StatusGroups.DISCREPANT:
            discrepant.add(e["unit_id"])
    events = list(ShipmentEvent.objects.filter(at__lt=end).order_by("at", "pk").values(
        "shipment_id", "action", "at", "shipment__destination_id"))
    done = {(e["shipment_id"], e["action"]) for e in events}
    destination = {e["shipment_id"]: e["shipment__destination_id"] for e in events}
    carried = [(s, u) for s, u in ShipmentUnit.objects.values_list("shipment_id", "unit_id")
               if inside(units[u]["holder_id"])]

    def arrived(*categories):
        serialised = sum(1 for pk in ever_arrived if units[pk]["item__category"] in categories
                         and inside(units[pk]["holder_id"]))
        packs = sum(line.quantity_received or 0 for line in ShipmentLine.objects.select_related("item", "shipment")
                    if line.item.category in categories and not line.item.is_serialised
                    and (line.shipment_id, A.CLOSED) in done and inside(line.shipment.destination_id))
        return serialised + packs

    installed = [pk for pk, s in status.items() if s == Unit.Status.INSTALLED and inside(units[pk]["holder_id"])]
    planned = {d for s, d in destination.items() if (s, A.CREATED) in done and inside(d)}
    reached = {d for s, d in destination.items() if inside(d)
               and ((s, A.FIRST_ARRIVAL) in done or (s, A.ALL_ARRIVED) in done)}
    dispatched = [(s, u) for s, u in carried if (s, A.DISPATCHED) in done]
    judged = [(s, u) for s, u in carried if (s, A.CLOSED) in done]
    first = {}
    for e in events:
        first.setdefault((e["shipment_id"], e["action"]), e["at"])
    days = []
    for s, d in destination.items():
        came = min([first[(s, a)] for a in (A.FIRST_ARRIVAL, A.ALL_ARRIVED) if (s, a) in first], default=None)
        if inside(d) and (s, A.DISPATCHED) in first and came:
            days.append((timezone.localdate(came) - timezone.localdate(first[(s, A.DISPATCHED)])).days)
    return {
        "teaching_aids_delivered": arrived("teaching_aid"),
        "didactic_units_delivered": arrived("didactic_kit"),
        "universities_equipped": len({units[pk]["holder_id"] for pk in installed
                                      if units[pk]["holder__kind"] == Institution.Kind.UNIVERSITY}),
        "equipment_sets_delivered": arrived("assistive", "auxiliary"),
        "furniture_installed": sum(1 for pk in installed if units[pk]["item__category"] == "furniture"),
        "institutions_reached": _share(len(reached), len(planned)),
        "units_with_signed_act": _share(sum(1 for s, _u in dispatched if (s, A.ACT_SIGNED) in done), len(dispatched)),
        "median_days_to_receipt": Decimal(statistics.median(days)).quantize(Decimal("0.1")) if days else None,
        "discrepancy_rate": _share(sum(1 for _s, u in judged if u in discrepant), len(judged)),
        **_on_site(end, {pk for pk in ever_arrived if inside(units[pk]["holder_id"])}),
    }


def _on_site(end, delivered):
    """Verified on site and in use, from the findings themselves: empty before any verification visit."""
    latest = {}
    for f in Finding.objects.filter(at__lt=end).order_by("at", "pk").values("unit_id", "result", "in_use"):
        latest[f["unit_id"]] = f
    if not Finding.objects.filter(at__lt=end).exists():
        return {"verified_on_site": None, "in_use": None}
    verified = {pk for pk in latest if pk in delivered}
    used = {pk for pk in verified if latest[pk]["result"] != Finding.Result.NOT_FOUND and latest[pk]["in_use"]}
    return {"verified_on_site": _share(len(verified), len(delivered)), "in_use": _share(len(used), len(verified))}


# --- the story ---------------------------------------------------------------------------------

def test_at_the_end_of_the_first_quarter_the_figures_are_what_happened_in_it(world):
    assert values(Q3) == {
        "teaching_aids_delivered": 10,           # the confirmed packs of a closed receipt
        "didactic_units_delivered": 0,
        "universities_equipped": 1,              # one desk installed at the university
        "equipment_sets_delivered": 0,
        "furniture_installed": 1,
        "institutions_reached": Decimal("100.0"),
        "units_with_signed_act": Decimal("100.0"),
        "median_days_to_receipt": Decimal("5.0"),  # dispatched on the 15th, first arrival on the 20th
        "discrepancy_rate": Decimal("50.0"),     # one damaged and one missing of four
        "verified_on_site": None,                # empty, not zero: no verification round yet
        "in_use": None,
    }


def test_a_second_shipment_on_its_way_lowers_the_shares_but_not_the_counts(world):
    got = values(Q4)
    assert got["institutions_reached"] == Decimal("50.0")      # the district school is not reached yet
    assert got["units_with_signed_act"] == Decimal("66.7")     # 4 of 6 dispatched units
    assert got["teaching_aids_delivered"] == 10 and got["furniture_installed"] == 1


def test_what_arrives_next_quarter_counts_there_and_not_before(clock, world, officer):
    results_world.next_quarter(clock, world, officer)
    assert values(Q1)["didactic_units_delivered"] == 2
    assert values(Q1)["furniture_installed"] == 2
    assert values(Q1)["median_days_to_receipt"] == Decimal("45.0")   # 5 and 85 days
    assert values(Q4)["didactic_units_delivered"] == 0
    assert values(Q4)["furniture_installed"] == 1


def test_before_anything_was_shipped_there_are_counts_of_zero_and_no_shares(world):
    before = values(Quarter(2024, 2))
    assert before["teaching_aids_delivered"] == 0
    assert before["institutions_reached"] is None and before["median_days_to_receipt"] is None


@pytest.mark.parametrize("period", [Quarter(2024, 2), Q3, Q4, Q1, Quarter(2025, 2)])
def test_every_indicator_agrees_with_the_raw_rows(clock, world, officer, period):
    results_world.next_quarter(clock, world, officer)
    assert values(period) == recompute(period.end)


def test_every_indicator_agrees_with_the_raw_rows_for_each_slice(clock, world, officer):
    results_world.next_quarter(clock, world, officer)
    for dimension in ("region", "area", "settlement", "kind"):
        for key, _label, scope in breakdowns.slices(dimension):
            ids = set(Institution.objects.filter(scope.institutions).values_list("pk", flat=True))
            assert values(Q1, scope) == recompute(Q1.end, ids), (dimension, key)


def test_slices_by_kind_and_by_urban_or_rural(clock, world, officer):
    results_world.next_quarter(clock, world, officer)
    kinds = {key: scope for key, _label, scope in breakdowns.slices("kind")}
    assert set(kinds) == {Institution.Kind.UNIVERSITY, Institution.Kind.GENERAL_SCHOOL}
    assert REGISTRY["teaching_aids_delivered"].value(Q1.end, kinds["university"]) == 10
    rural = breakdowns.scope_of("settlement", "rural")
    assert REGISTRY["didactic_units_delivered"].value(Q1.end, rural) == 2
    assert REGISTRY["furniture_installed"].value(Q1.end, rural) == 0


def test_slices_by_item_sphere_and_need_count_only_those_items(clock, world, officer):
    from inventory.models import NeedCategory

    results_world.next_quarter(clock, world, officer)
    world.kit.needs.add(NeedCategory.objects.get(code="autism"))
    autism = breakdowns.scope_of("need", "autism")
    assert REGISTRY["didactic_units_delivered"].value(Q1.end, autism) == 2
    assert REGISTRY["furniture_installed"].value(Q1.end, autism) == 0


def test_the_report_gives_the_trend_by_quarter_and_regional_targets(clock, world, officer):
    results_world.next_quarter(clock, world, officer)
    prog = results_world.programme()
    region = Area.objects.get(code="350000000")
    indicator = prog.indicators.get(code="furniture_installed")
    RegionTarget.objects.create(indicator=indicator, region=region, target=3)
    built = report.build(report.default_programme(), Q1)
    furniture = next(r for r in built.results if r.indicator.code == "furniture_installed")
    assert [(str(q), v) for q, v in furniture.trend] == [("2024Q3", 1), ("2024Q4", 1), ("2025Q1", 2)]
    assert furniture.regions == [("350000000", "Karaganda region", 2, Decimal("3.00"))]
    assert furniture.percent_of_target == 20 and furniture.on_track is False
    rate = next(r for r in built.results if r.indicator.code == "discrepancy_rate")
    assert rate.percent_of_target is None and rate.on_track is False   # lower is better: 50% > 10%


def test_quarters_are_named_like_2024q4_and_anything_else_is_refused():
    assert Quarter.parse("2024q4") == Q4
    assert (Q4.first_day.isoformat(), Q4.last_day.isoformat()) == ("2024-10-01", "2024-12-31")
    assert Q4.next() == Q1
    with pytest.raises(BadPeriod, match="2024Q5"):
        Quarter.parse("2024Q5")


@pytest.mark.django_db
def test_an_indicator_must_name_a_known_definition_and_a_programme_must_end_after_it_starts():
    prog = Programme(code="x", name_en="x", name_ru="x", name_kk="x", funder_reference="r",
                     starts=timezone.localdate(), ends=timezone.localdate())
    with pytest.raises(ValidationError):
        prog.full_clean()
    with pytest.raises(IntegrityError):
        prog.save()


@pytest.mark.django_db
def test_an_unknown_definition_is_refused_with_the_known_ones_listed():
    prog = results_world.programme()
    form = IndicatorForm({"programme": prog.pk, "code": "made-up", "definition": "typed_in_by_hand",
                          "name_en": "x", "name_ru": "x", "name_kk": "x", "baseline": 0, "position": 0})
    assert not form.is_valid() and "definition" in form.errors
    typed_in = Indicator.objects.create(programme=prog, code="made-up", definition="typed_in_by_hand",
                                        name_en="x", name_ru="x", name_kk="x")
    with pytest.raises(UnknownDefinition, match=r"made-up.*typed_in_by_hand.*teaching_aids_delivered"):
        computation_of(typed_in)


def test_the_figures_come_from_a_few_aggregate_queries_however_many_units(clock, world, officer,
                                                                          django_assert_max_num_queries):
    results_world.send(world.school, [(world.kit, 40)], by=officer)
    with django_assert_max_num_queries(len(REGISTRY) * 3):
        values(Q1)

