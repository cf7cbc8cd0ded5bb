"""A project manager imports one region's districts from another publisher's national file.

The file imitates a foreign national export: its own pcodes (KAZ011005, not KATO), English-only names
with typos and suffixes ("Termitau", "Saran, Kazakhstan", "Kievka District"), districts named alike in
three regions (Abay, Aktogay), and Web Mercator coordinates.
"""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from catalog_data import places
from inventory.models import Area
from logistics import coverage_data, coverage_report
from logistics.place_names import known_typo, normalise_name, place_key
from tests import factories
from tests.logistics import coverage_world

DATA = Path(__file__).resolve().parents[2] / "catalog_data" / "boundaries"
KARAGANDA = {"351000000", "351600000", "352100000", "352200000", "352400000", "352800000", "353200000",
             "353600000", "354000000", "354800000", "355200000", "355600000", "356400000"}
# The publisher's own region codes and how it writes the regions' names.
THEIR_REGIONS = {"KZ35": ("KAZ011", "Karaganda Region"), "KZ10": ("KAZ002", "Abay Region"),
                 "KZ55": ("KAZ009", "Pavlodar Region")}
# How it writes some Karaganda names: a typo, a country suffix, a district under its centre's old name.
THEIR_SPELLING = {"352400000": "Termitau", "352200000": "Saran, Kazakhstan", "355200000": "Kievka District",
                  "351000000": "Karaganda City"}

pytestmark = pytest.mark.filterwarnings("ignore:'crs' was not provided")


@pytest.fixture
def register(db):
    """The demo's regions and Karaganda units, plus the namesakes in two other regions."""
    places.load()
    factories.area(code="103200000", name="Abay district", level=Area.Level.DISTRICT,
                   parent=Area.objects.get(code="100000000"))
    factories.area(code="553200000", name="Aktogay district", level=Area.Level.DISTRICT,
                   parent=Area.objects.get(code="550000000"))


def national_file(tmp_path, *, parents=True):
    """Three regions of the 2024 districts, rewritten the way another publisher would ship them."""
    import geopandas as gpd

    real = gpd.read_file(DATA / "kaz_admbnda_adm2_2024.zip")
    real = real[real["ADM1_PCODE"].isin(THEIR_REGIONS)].reset_index(drop=True)
    theirs = gpd.GeoDataFrame({
        "ADM2_PCODE": [f"{THEIR_REGIONS[r][0]}{i:03d}" for i, r in enumerate(real["ADM1_PCODE"])],
        "ADM2_EN": [THEIR_SPELLING.get(k, f"{en} District") for k, en in zip(real["KATO"], real["ADM2_EN"],
                                                                                 strict=True)],
        "ADM1_PCODE": [THEIR_REGIONS[r][0] for r in real["ADM1_PCODE"]],
        "ADM1_EN": [THEIR_REGIONS[r][1] for r in real["ADM1_PCODE"]],
    }, geometry=real.geometry, crs=real.crs).to_crs("EPSG:3857")
    if not parents:
        theirs = theirs.drop(columns=["ADM1_PCODE", "ADM1_EN"])
    path = tmp_path / "national.gpkg"
    theirs.to_file(path)
    return str(path)


def run(*args):
    out = io.StringIO()
    call_command("import_boundaries", *args, stdout=out, stderr=out)
    return out.getvalue()


def stored():
    return set(Area.objects.exclude(boundary=None).exclude(level=Area.Level.REGION).values_list("code", flat=True))


@pytest.mark.parametrize("within", ["KAZ011", "Karaganda Region", "Карагандинская область", "Қарағанды облысы",
                                    "KZ-35", "35"])
def test_within_their_parent_code_or_the_regions_name_imports_exactly_karaganda(register, tmp_path, within):
    output = run(national_file(tmp_path), "--level", "district", "--within", within,
                 "--accept", "Termitau=Temirtau")
    assert "Matched 13" in output and "Unmatched 0" in output, output
    assert stored() == KARAGANDA
    assert "Termitau) -> Temirtau city (352400000) [accepted]" in output
    assert "Kievka District) -> Nura district (355200000) [name]" in output


def test_a_national_file_matches_each_district_only_inside_its_own_region(register, tmp_path):
    output = run(national_file(tmp_path), "--level", "district", "--skip-unmatched")
    # The namesakes of Karaganda's Abay and Aktogay land in their own regions, not in Karaganda.
    assert "Abay District) -> Abay district (103200000)" in output
    assert "Aktogay District) -> Aktogay district (553200000)" in output
    for area in Area.objects.exclude(boundary=None).exclude(level=Area.Level.REGION).select_related("parent"):
        assert area.code[:2] == area.parent.code[:2]
    # The typo was not guessed: Temirtau is offered, not written.
    assert stored() == (KARAGANDA - {"352400000"}) | {"103200000", "553200000"}
    assert 'suggest: Temirtau city (352400000); to accept the first: --accept "Termitau=352400000"' in output


def test_a_typo_is_only_suggested_and_nothing_is_written_until_it_is_accepted(register, tmp_path):
    path = national_file(tmp_path)
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_boundaries", path, "--level", "district", "--within", "KAZ011", stdout=out, stderr=out)
    assert "(Termitau) matches no area. Did you mean: Temirtau city (352400000)?" in out.getvalue()
    assert stored() == set()

    run(path, "--level", "district", "--within", "KAZ011", "--accept", "Termitau=352400000")
    assert stored() == KARAGANDA


def test_without_parent_columns_the_region_is_found_by_location(register, tmp_path):
    run(str(DATA / "kaz_admbnda_adm1_2024.zip"), "--level", "region", "--skip-unmatched")
    output = run(national_file(tmp_path, parents=False), "--level", "district", "--within", "Karaganda",
                 "--accept", "Termitau=Temirtau")
    assert "Matched 13" in output, output
    assert stored() == KARAGANDA


def test_without_parents_or_region_outlines_namesakes_are_refused_not_guessed(register, tmp_path):
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_boundaries", national_file(tmp_path, parents=False), "--level", "district",
                     "--skip-unmatched", stdout=out, stderr=out)
    assert "matches several areas by name (Abay district (103200000), Abay district (353200000))" in out.getvalue()
    assert stored() == set()


def test_it_names_a_within_that_is_no_region(register, tmp_path):
    with pytest.raises(CommandError, match="--within Atlantis names no region"):
        run(national_file(tmp_path), "--level", "district", "--within", "Atlantis")


def test_it_refuses_an_accept_without_an_equals_sign(register, tmp_path):
    with pytest.raises(CommandError, match="--accept Termitau: write it as"):
        run(national_file(tmp_path), "--level", "district", "--accept", "Termitau")


def test_it_reports_in_the_language_asked_for(register, tmp_path):
    output = run(national_file(tmp_path), "--level", "district", "--within", "KAZ011", "--accept",
                 "Termitau=Temirtau", "--language", "ru")
    assert "Сопоставлено (13):" in output


def test_the_regions_coverage_flags_are_the_same_before_and_after(register, tmp_path):
    coverage_world.build()
    region = Area.objects.get(code=places.KARAGANDA_REGION)

    def flags():
        table = coverage_report.build(region, coverage_data.load(region), coverage_report.Filters()).table
        return table[["flag_no_org", "flag_high_ratio", "flagged"]].sort_index().to_dict()

    before = flags()
    run(national_file(tmp_path), "--level", "district", "--within", "KAZ011", "--accept", "Termitau=Temirtau")
    assert Area.objects.get(code="353200000").boundary["type"] in {"Polygon", "MultiPolygon"}
    assert flags() == before


@pytest.mark.parametrize("written, meant", [("Saran, Kazakhstan", "Сарань"), ("Kievka District", "Nura"),
                                            ("Киевка", "Нұра ауданы"), ("Karaganda Region", "Карагандинская обл."),
                                            ("Temirtau City Administration", "г. Темиртау")])
def test_names_as_publishers_write_them_find_the_place(written, meant):
    assert place_key(written) == place_key(meant)


def test_a_known_typo_is_a_suggestion_not_a_key():
    assert place_key("Termitau") != place_key("Temirtau")
    assert known_typo("Termitau") == normalise_name("Temirtau")


def test_west_kazakhstan_keeps_the_word_that_makes_it_a_place():
    assert normalise_name("West Kazakhstan region") != normalise_name("East Kazakhstan region")
    assert normalise_name("Saran, Republic of Kazakhstan") == normalise_name("Saran")


@pytest.mark.parametrize("written, code", [("Almaty Region", "190000000"), ("Almaty City", "750000000"),
                                           ("г. Алматы", "750000000"), ("Алматинская область", "190000000"),
                                           ("Алматы қаласы", "750000000"), ("KZ-75", "750000000")])
def test_a_region_and_the_city_of_the_same_name_are_told_apart(register, written, code):
    from logistics.boundary_regions import Regions

    assert Regions().find(written).code == code
