"""The officer's delivery list becomes shipments and QR-trackable units: all of it, once, or nothing."""

from datetime import date
from unittest import mock

import pytest

from inventory import lifecycle
from inventory.identifiers import complete_bin
from inventory.models import Unit, UnitEvent
from logistics.importing import pipeline
from logistics.importing.headers import recognise
from logistics.importing.template import template_workbook
from logistics.models import Shipment, ShipmentLine
from tests import factories

from . import import_files
from .import_files import EN, KK, RU, db_state, good_rows, row, write_csv, xlsx

world = import_files.world  # a fixture


def codes(plan):
    return [(p.row, p.code) for p in plan.problems]


def test_a_delivery_list_becomes_a_shipment_with_units_and_a_counted_line(world, officer, tmp_path):
    path = xlsx(tmp_path / "delivery.xlsx", good_rows(world, count=3))
    outcome = pipeline.run(path, by=officer)
    assert outcome.written and outcome.plan.problems == []
    shipment = Shipment.objects.get()
    assert (shipment.waybill_number, shipment.destination, shipment.dispatch_date) == (
        "ТН-000101", world.school, date(2025, 9, 5))
    assert shipment.status == Shipment.Status.DRAFT
    assert sorted(shipment.units.values_list("serial", flat=True)) == ["SN-0001", "SN-0002", "SN-0003"]
    assert dict(shipment.lines.values_list("item__code", "quantity_expected")) == {"BR-40": 3, "CARD-1": 25}
    # Each unit entered the life cycle through its bulk path: expected, with one event naming the waybill.
    assert set(Unit.objects.values_list("status", "holder")) == {(Unit.Status.EXPECTED, world.school.pk)}
    assert list(UnitEvent.objects.order_by().values_list("new_status", "reference", "shipment_id").distinct()) == [
        ("expected", "ТН-000101", shipment.pk)]


@pytest.mark.parametrize("headers", [RU, KK, EN], ids=["russian", "kazakh", "english"])
def test_it_recognises_headers_in_each_language_under_a_title_block(world, officer, tmp_path, headers):
    path = xlsx(tmp_path / "d.xlsx", good_rows(world), headers=headers)
    plan = pipeline.check(path)
    assert plan.fatal is None and plan.problems == []
    assert plan.header.row_number == 4  # two merged title rows and a blank row above it
    assert set(plan.header.columns) >= {"waybill", "supplier", "destination_bin", "item_code", "quantity", "serial"}


@pytest.mark.parametrize(("header", "field"), [
    ("№ накладной", "waybill"), ("Накладная №", "waybill"), ("  НОМЕР   НАКЛАДНОЙ ", "waybill"),
    ("Жүкқұжат №", "waybill"), ("Waybill No.", "waybill"), ("waybill_number", "waybill"),
    ("Серийный номер", "serial"), ("Серийный №", "serial"), ("Serial No", "serial"), ("S/N", "serial"),
    ("БИН получателя", "destination_bin"), ("Алушының БСН", "destination_bin"), ("BIN", "destination_bin"),
    ("БИН получателя (12 цифр)", "destination_bin"), ("Кол-во", "quantity"), ("Кол-во, шт.", "quantity"),
    ("Саны", "quantity"), ("Количество", "quantity"), ("Дата отгрузки (дд.мм.гггг)", "dispatch_date"),
    ("Код товара", "item_code"), ("Тауар коды", "item_code"), ("Наименование", "item_name"),
    ("Получатель", "destination_name"), ("Поставщик:", "supplier"), ("Примечание", None), ("№ п/п", None),
])
def test_it_reads_a_header_regardless_of_case_spacing_punctuation_and_number_signs(header, field):
    assert recognise(header) == field


def test_it_lists_the_columns_it_ignores(world, tmp_path):
    path = xlsx(tmp_path / "d.xlsx", [[*r, "хрупкое"] for r in good_rows(world)], headers=[*RU, "Примечание"])
    assert pipeline.check(path).header.ignored == ["Примечание"]


def test_the_downloadable_template_reads_back_and_its_example_row_is_never_data(world, officer, tmp_path):
    path = tmp_path / "template.xlsx"
    path.write_bytes(template_workbook(world.display, world.school))
    plan = pipeline.check(path)
    assert plan.fatal is None and plan.rows_total == 1  # every header recognised
    assert [p.code for p in plan.problems] == ["template_example"]  # and the example refused, nothing else
    assert not plan.has_work


@pytest.mark.parametrize("when", ["05.09.2025", "05.09.25", "2025-09-05", "5/9/2025", date(2025, 9, 5)])
def test_it_reads_dates_typed_every_usual_way_and_excel_date_cells(world, tmp_path, when):
    path = xlsx(tmp_path / "d.xlsx", [row("W1", world.school.bin, "BR-40", "SN-1", when=when)])
    plan = pipeline.check(path)
    assert plan.problems == []
    assert next(iter(plan.drafts.values())).dispatch_date == date(2025, 9, 5)


@pytest.mark.parametrize(("encoding", "delimiter"), [("utf-8", ";"), ("utf-8-sig", ","), ("cp1251", ";")])
def test_it_reads_csv_in_utf8_with_or_without_bom_and_windows_1251(world, officer, tmp_path, encoding, delimiter):
    path = write_csv(tmp_path / "d.csv", good_rows(world), encoding=encoding, delimiter=delimiter)
    plan = pipeline.check(path)
    assert plan.fatal is None and plan.problems == []
    assert plan.encoding == encoding
    assert plan.header.title_of("waybill") == "№ накладной"  # Cyrillic intact, never "???"
    assert next(iter(plan.drafts.values())).supplier == "ТОО «Инклюзив Снаб»"


def test_it_reports_every_row_problem_with_row_column_value_and_reason(world, tmp_path):
    bin_ = world.school.bin
    wrong_check = bin_[:11] + str((int(bin_[11]) + 1) % 10)
    rows = [
        row("W1", bin_, "BR-40", "SN-1"),                                   # row 5: fine
        row("W1", bin_, "BR-40", "SN-1"),                                   # 6: serial repeated in the file
        row("W1", wrong_check, "BR-40", "SN-2"),                            # 7: BIN check digit
        row("W1", "999999999999", "BR-40", "SN-3"),                         # 8: (not even a valid BIN)
        row("W1", bin_, "NOPE-1", "SN-4"),                                  # 9: unknown item
        row("W1", bin_, "CARD-1", quantity="пять"),                         # 10: text in a numeric column
        row("W1", bin_, "CARD-1", quantity=-3),                             # 11: negative
        row("W1", bin_, "CARD-1", quantity=2.5),                            # 12: fractional
        row("W1", bin_, "BR-40", "SN-5", when="31.02.2024"),                # 13: impossible date
        row("W1", bin_, "BR-40", "SN-6", when="вчера"),                     # 14: unreadable date
        row("W1", bin_, "BR-40", ""),                                       # 15: serial missing
        row("W1", bin_, "BR-40", "SN-7", quantity=3),                       # 16: serialised with a quantity
    ]
    plan = pipeline.check(xlsx(tmp_path / "d.xlsx", rows))
    assert codes(plan) == [
        (6, "serial_repeated"), (7, "bin_check_digit"), (8, "bin_check_digit"), (9, "unknown_item"),
        (10, "quantity_not_number"), (11, "quantity_not_positive_whole"), (12, "quantity_not_positive_whole"),
        (13, "date_impossible"), (14, "date_unreadable"), (15, "serial_missing"), (16, "serialised_quantity")]
    first = plan.problems[0]
    assert (first.column, first.value, first.params) == ("Серийный номер", "SN-1", {"first": 5})
    assert plan.problems[5].column == "Кол-во" and plan.problems[5].value == "-3"


def test_a_bin_typed_as_a_number_is_recognised_by_its_lost_leading_zero(officer, tmp_path, db):
    school = factories.institution("Школа № 5")
    school.bin = next(b for n in range(1, 50) if (b := complete_bin(f"05{n:09d}")))
    school.save()
    factories.item("BR-40")
    plan = pipeline.check(xlsx(tmp_path / "d.xlsx", [row("W1", int(school.bin), "BR-40", "SN-1")]))
    [problem] = plan.problems
    assert problem.code == "bin_lost_zero" and problem.params["fixed"] == school.bin
    assert problem.value == school.bin[1:]


def test_a_name_only_suggests_an_institution_or_item_and_is_never_matched_silently(world, tmp_path):
    rows = [row("W1", "", "BR-40", "SN-1", recipient="кгу «школа-гимназия № 7»"),
            row("W1", world.school.bin, "", "SN-2", item_name="Брайлевский дисплей")]
    plan = pipeline.check(xlsx(tmp_path / "d.xlsx", rows))
    assert codes(plan) == [(5, "name_suggests"), (6, "item_missing_suggest")]
    assert plan.problems[0].params == {"bin": world.school.bin, "name": world.school.name_ru}
    assert plan.problems[1].params["code"] == "BR-40"
    assert not plan.has_work


def test_an_unknown_destination_is_refused(world, tmp_path):
    plan = pipeline.check(xlsx(tmp_path / "d.xlsx", [row("W1", factories.valid_bin(), "BR-40", "SN-1")]))
    assert codes(plan) == [(5, "unknown_bin")]


def test_a_serial_already_in_the_system_is_refused_and_names_its_waybill(world, officer, tmp_path):
    earlier = factories.shipment(world.other, units=1, of_item=world.display, by=officer)
    serial = earlier.units.get().serial
    state = db_state()
    outcome = pipeline.run(xlsx(tmp_path / "d.xlsx", [row("W9", world.school.bin, "BR-40", serial)]), by=officer)
    assert not outcome.written
    assert codes(outcome.plan) == [(5, "serial_exists")]
    assert outcome.plan.problems[0].params == {"waybill": earlier.waybill_number}
    assert db_state() == state


def test_an_error_in_the_last_row_of_ten_thousand_leaves_the_database_unchanged(world, officer, tmp_path):
    rows = [row(f"W{n // 50}", world.school.bin, "BR-40", f"SN-{n:05d}") for n in range(9_999)]
    rows.append(row("W-last", world.school.bin, "BR-40", "SN-last", when="31.02.2024"))
    path = write_csv(tmp_path / "big.csv", rows)
    state = db_state()
    outcome = pipeline.run(path, by=officer)
    assert not outcome.written
    assert outcome.plan.rows_total == 10_000 and codes(outcome.plan) == [(10_001, "date_impossible")]
    assert db_state() == state


def test_a_failure_while_writing_rolls_back_everything_already_written(world, officer, tmp_path):
    rows = [row(f"W{n // 10}", world.school.bin, "BR-40", f"SN-{n:03d}") for n in range(60)]
    path = xlsx(tmp_path / "d.xlsx", rows)
    state = db_state()
    real = lifecycle.create_units
    written = []

    def fail_after_writing(*args, **kwargs):
        written.extend(real(*args, **kwargs))
        raise RuntimeError("disk full")

    with mock.patch.object(lifecycle, "create_units", fail_after_writing), pytest.raises(RuntimeError):
        pipeline.run(path, by=officer)
    assert len(written) == 60 and db_state() == state


def test_importing_the_same_file_twice_creates_nothing_the_second_time(world, officer, tmp_path):
    path = xlsx(tmp_path / "d.xlsx", good_rows(world, count=4))
    assert pipeline.run(path, by=officer).written
    state = db_state()
    again = pipeline.run(path, by=officer)
    assert not again.written and again.plan.problems == []
    assert again.plan.already == [5, 6, 7, 8, 9] and not again.plan.has_work
    assert db_state() == state


def test_an_overlapping_file_adds_only_its_new_rows(world, officer, tmp_path):
    first = good_rows(world, count=3)
    assert pipeline.run(xlsx(tmp_path / "a.xlsx", first), by=officer).written
    second = [*first[:3], row("ТН-000101", world.school.bin, "BR-40", "SN-0004"),
              row("ТН-000102", world.other.bin, "TAB-10", "T-1"), first[3]]
    outcome = pipeline.run(xlsx(tmp_path / "b.xlsx", second), by=officer)
    assert outcome.written and outcome.plan.already == [5, 6, 7, 10]
    assert (outcome.shipments_created, outcome.units_created) == (1, 2)
    assert Unit.objects.count() == 5 and Shipment.objects.count() == 2
    # The new serial joined its waybill's existing line rather than making a second one.
    assert ShipmentLine.objects.get(shipment__waybill_number="ТН-000101", item=world.display).quantity_expected == 4
    assert Shipment.objects.get(waybill_number="ТН-000101").units.count() == 4


def test_a_counted_line_with_another_quantity_on_reimport_is_a_problem_not_a_duplicate(world, officer, tmp_path):
    assert pipeline.run(xlsx(tmp_path / "a.xlsx", good_rows(world, count=1)), by=officer).written
    changed = good_rows(world, count=1)
    changed[-1][7] = 30
    plan = pipeline.check(xlsx(tmp_path / "b.xlsx", changed))
    assert codes(plan) == [(6, "line_quantity_differs")] and plan.already == [5]


def test_nothing_is_added_to_a_waybill_already_dispatched(world, officer, tmp_path):
    assert pipeline.run(xlsx(tmp_path / "a.xlsx", good_rows(world, count=1)), by=officer).written
    from logistics.shipments import dispatch

    dispatch(Shipment.objects.get().pk, by=officer)
    plan = pipeline.check(xlsx(tmp_path / "b.xlsx", [row("ТН-000101", world.school.bin, "BR-40", "SN-NEW")]))
    assert codes(plan) == [(5, "shipment_not_draft")]


def test_one_waybill_cannot_go_to_two_destinations(world, tmp_path):
    rows = [row("W1", world.school.bin, "BR-40", "SN-1"), row("W1", world.other.bin, "BR-40", "SN-2")]
    assert codes(pipeline.check(xlsx(tmp_path / "d.xlsx", rows))) == [(6, "waybill_two_destinations")]


def test_with_skip_rejected_the_valid_rows_are_imported_and_the_rest_reported(world, officer, tmp_path):
    rows = [*good_rows(world, count=2), row("W2", world.school.bin, "BR-40", "SN-X", when="31.02.2024")]
    outcome = pipeline.run(xlsx(tmp_path / "d.xlsx", rows), by=officer, skip_rejected=True)
    assert outcome.written and codes(outcome.plan) == [(8, "date_impossible")]
    assert Unit.objects.count() == 2 and not Shipment.objects.filter(waybill_number="W2").exists()


def test_the_summary_counts_shipments_lines_and_units_per_destination(world, tmp_path):
    rows = [*good_rows(world, count=2), row("W2", world.other.bin, "TAB-10", "T-1"),
            row("W3", world.other.bin, "TAB-10", "T-2")]
    summary = {line["bin"]: line for line in pipeline.check(xlsx(tmp_path / "d.xlsx", rows)).summary()}
    assert {k: (v["shipments"], v["lines"], v["units"], v["pieces"]) for k, v in summary.items()} == {
        world.school.bin: (1, 2, 2, 25), world.other.bin: (2, 2, 2, 0)}
