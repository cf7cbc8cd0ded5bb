"""The institution register and the catalogue go out and come back as spreadsheets; a formula in a
name never runs in Excel, and a wrong BIN never gets in."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from inventory.models import Institution, Item
from inventory.resources import InstitutionResource, ItemResource
from tests import factories

from . import import_files

immediate_tasks = import_files.immediate_tasks  # a fixture


def test_exports_neutralise_formulas_but_keep_numbers(db):
    school = factories.institution('=HYPERLINK("http://evil.example","open")', address="@SUM(A1)")
    school.longitude = -73.1
    school.save()
    factories.item("KIT-1", name="+7 cards")
    [row] = InstitutionResource().export().dict
    assert row["name_ru"].startswith("'=") and row["address"] == "'@SUM(A1)"
    assert row["longitude"] == -73.1 and row["bin"] == school.bin
    assert ItemResource().export().dict[0]["name_en"] == "'+7 cards"


def test_officer_exports_the_register_edits_it_and_imports_it_back(client, officer, immediate_tasks):
    school = factories.institution("Школа № 1")
    client.force_login(officer)
    reply = client.get(reverse("logistics:register-export", args=["institutions", "xlsx"]))
    book = load_workbook(io.BytesIO(reply.content))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("address") + 1, value="ул. Ерубаева, 1")
    new_bin = factories.valid_bin()
    sheet.append([new_bin, "Школа № 2", "№ 2 мектеп", "School No. 2", "special_school", school.area.code,
                  "Темиртау", "", 50.05, 72.95, 0, ""])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.name = "register.xlsx"
    buffer.seek(0)
    trial = client.post(reverse("logistics:register-try", args=["institutions"]), {"file": buffer})
    assert trial.status_code == 200, trial.context["sections"][0]["form"].errors
    assert Institution.objects.count() == 1  # only checked so far
    token = trial.context["sections"][0]["trial"].token
    client.post(reverse("logistics:register-confirm", args=["institutions"]), {"token": token})
    assert Institution.objects.get(bin=school.bin).address == "ул. Ерубаева, 1"
    assert Institution.objects.get(bin=new_bin).kind == "special_school"


def test_a_bin_with_a_wrong_check_digit_is_reported_and_nothing_changes(client, officer, immediate_tasks):
    school = factories.institution("Школа № 1")
    wrong = school.bin[:11] + str((int(school.bin[11]) + 1) % 10)
    csv = ("bin;name_ru;name_kk;name_en;kind;area_kato;settlement\n"
           f"{wrong};Школа;Мектеп;School;general_school;{school.area.code};Караганда\n").encode("cp1251",
                                                                                               errors="replace")
    client.force_login(officer)
    reply = client.post(reverse("logistics:register-try", args=["institutions"]),
                        {"file": io.BytesIO(csv)}, format="multipart")
    trial = reply.context["sections"][0]["trial"]
    assert trial.errors and wrong in trial.errors[0][1] and not trial.token
    assert Institution.objects.count() == 1


def test_the_catalogue_comes_back_in_three_languages(client, officer, immediate_tasks):
    factories.item("KIT-1", name="Набор")
    client.force_login(officer)
    content = client.get(reverse("logistics:register-export", args=["catalogue", "csv"])).content
    text = content.decode("utf-8-sig").replace("Набор", "Набор Монтессори", 1)
    reply = client.post(reverse("logistics:register-try", args=["catalogue"]),
                        {"file": io.BytesIO(text.encode("utf-8"))})
    token = reply.context["sections"][1]["trial"].token
    client.post(reverse("logistics:register-confirm", args=["catalogue"]), {"token": token})
    assert Item.objects.get(code="KIT-1").name_en == "Набор Монтессори"


def test_a_pdf_is_refused_with_a_message(client, officer, immediate_tasks):
    client.force_login(officer)
    reply = client.post(reverse("logistics:register-try", args=["catalogue"]),
                        {"file": io.BytesIO(b"%PDF-1.4 \x00\x01 binary")})
    assert reply.status_code == 400 and Item.objects.count() == 0


def test_school_staff_cannot_export_the_register(client, staff):
    client.force_login(staff)
    assert client.get(reverse("logistics:register-export", args=["institutions", "csv"])).status_code == 403


def test_a_register_that_changes_nothing_offers_nothing_to_confirm(client, officer, immediate_tasks):
    factories.institution("Школа № 1")
    client.force_login(officer)
    exported = client.get(reverse("logistics:register-export", args=["institutions", "xlsx"])).content
    buffer = io.BytesIO(exported)
    buffer.name = "register.xlsx"
    page = client.post(reverse("logistics:register-try", args=["institutions"]), {"file": buffer}).content.decode()
    assert 'data-testid="nothing-to-change"' in page
    assert reverse("logistics:register-confirm", args=["institutions"]) not in page
