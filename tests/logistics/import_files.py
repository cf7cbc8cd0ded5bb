"""Delivery lists made in code for the import tests (no binaries committed), and their fixtures."""

import csv
from datetime import date

import pytest
from openpyxl import Workbook

from inventory.models import Item, Unit, UnitEvent
from logistics.models import DeliveryImport, Shipment, ShipmentLine
from tests import factories

RU = ["№ накладной", "Поставщик", "Договор / лот", "БИН получателя", "Получатель", "Код товара", "Наименование",
      "Кол-во", "Серийный номер", "Дата отгрузки"]
KK = ["Жүкқұжат №", "Жеткізуші", "Шарт, лот", "Алушының БСН", "Алушы", "Тауар коды", "Атауы", "Саны",
      "Сериялық нөмір", "Жөнелту күні"]
EN = ["Waybill No.", "Supplier", "Contract / lot", "Recipient BIN", "Recipient", "Item code", "Item name", "Qty",
      "Serial No.", "Dispatch date"]
SUPPLIER = "ТОО «Инклюзив Снаб»"


def row(waybill, bin_, code, serial="", quantity=1, when="05.09.2025", supplier=SUPPLIER, recipient="",
        item_name="", contract="Лот 12"):
    return [waybill, supplier, contract, bin_, recipient, code, item_name, quantity, serial, when]


def xlsx(path, rows, headers=RU, title=("Реестр поставки оборудования", "Проект 8709-KZ")):
    """An .xlsx like a supplier's: a merged title block, a blank row, the header, the rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Поставка"
    for line in title:
        sheet.append([line])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=len(headers))
    if title:
        sheet.append([])
    sheet.append(list(headers))
    for values in rows:
        sheet.append(list(values))
    book.save(path)
    return path


def write_csv(path, rows, headers=RU, encoding="utf-8", delimiter=";"):
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def first_data_row(title=True):
    """The sheet row number of the first data row that xlsx() writes (title, title, blank, header)."""
    return 5 if title else 2


def db_state():
    """Everything an import may write, counted; a refused import leaves it exactly as it was."""
    return (Shipment.objects.count(), ShipmentLine.objects.count(), Unit.objects.count(), UnitEvent.objects.count())


class World:
    """Two schools, two serialised items and a counted one, as the catalogue and register hold them."""

    def __init__(self):
        self.school = factories.institution("КГУ «Школа-гимназия № 7»")
        self.other = factories.institution("Специальная школа № 3")
        self.display = factories.item("BR-40", name="Брайлевский дисплей")
        self.tablet = factories.item("TAB-10", name="Планшет")
        self.cards = factories.item("CARD-1", tracking=Item.Tracking.COUNTED, name="Набор карточек")


@pytest.fixture
def world(db):
    return World()


def _private_storage(settings, tmp_path):
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None}}}
    return settings


@pytest.fixture
def private_storage(settings, tmp_path):
    """Uploads and progress files land in a temporary directory."""
    return _private_storage(settings, tmp_path)


@pytest.fixture
def immediate_tasks(settings, tmp_path):
    """Background tasks run at once, inside the request that enqueues them; uploads go to a temporary directory."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                                  "QUEUES": ["default"]}}
    return _private_storage(settings, tmp_path)


def good_rows(world, count=3, waybill="ТН-000101"):
    """`count` serialised displays and one counted line, all to the school."""
    rows = [row(waybill, world.school.bin, "BR-40", f"SN-{n:04d}") for n in range(1, count + 1)]
    rows.append(row(waybill, world.school.bin, "CARD-1", quantity=25))
    return rows


def latest_import():
    return DeliveryImport.objects.order_by("-pk").first()


TODAY = date(2025, 9, 5)
