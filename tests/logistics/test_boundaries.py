"""A project manager loads district boundaries from whatever file the statistics office sends."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from shapely.geometry import Polygon, box, mapping, shape

from inventory.models import Area
from logistics.boundaries import code_to_kato, normalise_name
from tests import factories

DATA = Path(__file__).resolve().parents[2] / "catalog_data" / "boundaries"
KARAGANDA_UNITS = {  # KATO -> (English, Russian) as the app's register spells them
    "351000000": ("Karaganda", "Караганда", "city"), "351600000": ("Balkhash", "Балхаш", "city"),
    "352100000": ("Priozersk", "Приозёрск", "city"), "352200000": ("Saran", "Сарань", "city"),
    "352400000": ("Temirtau", "Темиртау", "city"), "352800000": ("Shakhtinsk", "Шахтинск", "city"),
    "353200000": ("Abai", "Абайский район", "district"), "353600000": ("Aktogay", "Актогайский район", "district"),
    "354000000": ("Bukhar-Zhyrau", "Бухар-Жырауский район", "district"),
    "354800000": ("Karkaraly", "Каркаралинский район", "district"),
    "355200000": ("Nura", "Нуринский район", "district"),
    "355600000": ("Osakarov", "Осакаровский район", "district"), "356400000": ("Shet", "Шетский район", "district"),
}


pytestmark = pytest.mark.filterwarnings("ignore:'crs' was not provided")


@pytest.fixture
def karaganda(db):
    areas = {}
    for code, (en, ru, level) in KARAGANDA_UNITS.items():
        area = factories.area(code=code, name=en, level=level)
        area.name_ru = ru
        area.save()
        areas[code] = area
    return areas


def geojson_file(tmp_path, features, crs=None, name="areas.geojson"):
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": mapping(geom)} for props, geom in features]}
    if crs:
        collection["crs"] = {"type": "name", "properties": {"name": crs}}
    path = tmp_path / name
    path.write_text(json.dumps(collection), encoding="utf-8")
    return str(path)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_boundaries", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def stored():
    return {a.code: a.boundary for a in Area.objects.exclude(boundary=None)}


def test_the_real_2024_file_fills_karagandas_thirteen_areas_by_kato(karaganda):
    output = run(str(DATA / "kaz_admbnda_adm2_2024.zip"), "--level", "district", "--within", "KZ35")
    assert "Matched 13" in output and "Unmatched 0" in output
    boundaries = stored()
    assert set(boundaries) == set(KARAGANDA_UNITS)
    centre = shape(boundaries["351000000"]).representative_point()
    assert 72 < centre.x < 74.5 and 49 < centre.y < 50.5
    # Simplified for the web: the whole region stays small enough for a page.
    assert sum(len(json.dumps(b)) for b in boundaries.values()) < 400_000


def test_names_in_other_spellings_and_languages_match_without_codes(karaganda, tmp_path):
    names = [{"name": "Abay"}, {"name": "Saran'"}, {"name_ru": "г. Приозерск"}, {"name": "Бұқар жырау ауданы"},
             {"NAME_EN": "Karkaraly District"}, {"name_ru": "Нуринский"}, {"name": "Osakarovskiy rayon"}]
    features = [(props, box(72 + i * 0.1, 49, 72.05 + i * 0.1, 49.05)) for i, props in enumerate(names)]
    output = run(geojson_file(tmp_path, features), "--level", "district")
    assert "Unmatched 0" in output, output
    assert set(stored()) == {"353200000", "352200000", "352100000", "354000000", "354800000", "355200000",
                             "355600000"}


@pytest.mark.parametrize("a, b", [("Abai", "Abay"), ("Karagandy", "Karaganda"), ("Saran'", "Сарань"),
                                  ("Абайский район", "Abay district"), ("Абай ауданы", "Abai"),
                                  ("Карагандинская область", "Қарағанды облысы"), ("г. Темиртау", "Temirtau city"),
                                  ("Бухар-Жырауский", "Bukhar-Zhyrau"), ("Балқаш", "Balkhash"),
                                  ("Astana (city)", "Астана"), ("Приозёрск", "PRIOZERSK")])
def test_spelling_variants_normalise_alike(a, b):
    assert normalise_name(a) == normalise_name(b)


@pytest.mark.parametrize("a, b", [("Shet", "Saran"), ("Abai", "Aktogay"), ("Nura", "Karkaraly")])
def test_different_places_stay_different(a, b):
    assert normalise_name(a) != normalise_name(b)


def test_pcodes_become_kato_codes():
    assert code_to_kato("KZ35") == "350000000"
    assert code_to_kato("KZ351000") == "351000000"
    assert code_to_kato("353200000") == "353200000"


def test_a_web_mercator_file_is_reprojected_to_wgs84(karaganda, tmp_path):
    from pyproj import Transformer

    to_merc = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    ring = [to_merc.transform(x, y) for x, y in [(73.0, 49.7), (73.3, 49.7), (73.3, 49.9), (73.0, 49.9)]]
    path = geojson_file(tmp_path, [({"KATO": "351000000", "name": "Karaganda"}, Polygon(ring))],
                        crs="urn:ogc:def:crs:EPSG::3857")
    run(path, "--level", "district")
    minx, miny, maxx, maxy = shape(stored()["351000000"]).bounds
    assert (minx, miny, maxx, maxy) == pytest.approx((73.0, 49.7, 73.3, 49.9), abs=1e-4)


def test_a_file_without_a_crs_is_refused(karaganda, tmp_path):
    import geopandas as gpd

    path = tmp_path / "nocrs.gpkg"
    gpd.GeoDataFrame({"KATO": ["351000000"]}, geometry=[box(73, 49, 74, 50)], crs=None).to_file(path)
    with pytest.raises(CommandError, match="no coordinate reference system"):
        run(str(path), "--level", "district")
    assert stored() == {}


def test_a_file_in_an_unknown_crs_is_refused(karaganda, tmp_path):
    path = geojson_file(tmp_path, [({"KATO": "351000000"}, box(73, 49, 74, 50))], crs="urn:ogc:def:crs:EPSG::999999")
    with pytest.raises(CommandError, match="unknown coordinate reference system"):
        run(path, "--level", "district")
    assert stored() == {}


def test_a_file_whose_declared_crs_puts_it_outside_kazakhstan_is_refused(karaganda, tmp_path):
    # Metres declared as degrees' neighbour: UTM coordinates labelled as Web Mercator.
    path = geojson_file(tmp_path, [({"KATO": "351000000"}, box(500000, 5500000, 510000, 5510000))],
                        crs="urn:ogc:def:crs:EPSG::3857")
    with pytest.raises(CommandError, match="not in Kazakhstan"):
        run(path, "--level", "district")


def test_a_zipped_shapefile_without_a_prj_is_refused(karaganda, tmp_path):
    import geopandas as gpd

    gpd.GeoDataFrame({"KATO": ["351000000"]}, geometry=[box(73, 49, 74, 50)], crs=None).to_file(tmp_path / "a.shp")
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in tmp_path.glob("a.*"):
            if part.suffix != ".zip":
                zf.write(part, part.name)
    with pytest.raises(CommandError, match="no coordinate reference system"):
        run(str(archive), "--level", "district")


def test_a_feature_matching_nothing_stops_the_whole_import_and_gets_a_suggestion(karaganda, tmp_path):
    path = geojson_file(tmp_path, [({"name": "Temirtau"}, box(72.9, 50.0, 73.0, 50.1)),
                                   ({"name": "Shakhtinks"}, box(72.5, 49.6, 72.6, 49.7))])
    output = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_boundaries", path, "--level", "district", stdout=output, stderr=output)
    assert "feature 2 (Shakhtinks) matches no area" in output.getvalue()
    assert "Shakhtinsk (352800000)" in output.getvalue()
    assert stored() == {}                                   # not even the Temirtau that matched


def test_skip_unmatched_imports_what_matches_and_lists_the_rest(karaganda, tmp_path):
    path = geojson_file(tmp_path, [({"name": "Temirtau"}, box(72.9, 50.0, 73.0, 50.1)),
                                   ({"name": "Atlantis"}, box(72.5, 49.6, 72.6, 49.7))])
    output = run(path, "--level", "district", "--skip-unmatched")
    assert "Unmatched 1" in output and "Atlantis" in output
    assert set(stored()) == {"352400000"}


def test_two_features_for_one_area_are_an_error(karaganda, tmp_path):
    path = geojson_file(tmp_path, [({"KATO": "352400000", "name": "Temirtau"}, box(72.9, 50.0, 73.0, 50.1)),
                                   ({"name": "Теміртау"}, box(73.9, 50.0, 74.0, 50.1))])
    output = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_boundaries", path, "--level", "district", stdout=output, stderr=output)
    assert "both match Temirtau" in output.getvalue()
    assert stored() == {}


def test_a_self_intersecting_polygon_is_repaired_and_reported(karaganda, tmp_path):
    bowtie = Polygon([(73.0, 49.0), (73.2, 49.2), (73.2, 49.0), (73.0, 49.2)])
    assert not bowtie.is_valid
    output = run(geojson_file(tmp_path, [({"KATO": "351000000"}, bowtie)]), "--level", "district")
    assert "repaired" in output
    geometry = shape(stored()["351000000"])
    assert geometry.is_valid and geometry.area == pytest.approx(0.02, rel=0.01)


def test_a_region_file_matches_by_pcode(db):
    region = factories.area(code="351000000").parent          # the Karaganda region, KATO 350000000
    output = run(str(DATA / "kaz_admbnda_adm1_2024.zip"), "--level", "region", "--skip-unmatched")
    assert "Matched 1" in output
    region.refresh_from_db()
    assert shape(region.boundary).contains(shape({"type": "Point", "coordinates": [73.1, 49.8]}))


def test_a_polygon_beyond_repair_is_named_and_nothing_is_stored(karaganda, tmp_path):
    flat = Polygon([(73.0, 49.0), (73.1, 49.0), (73.2, 49.0), (73.0, 49.0)])     # all on one line
    path = geojson_file(tmp_path, [({"KATO": "352400000"}, box(72.9, 50.0, 73.0, 50.1)),
                                   ({"KATO": "351000000", "name": "Karaganda"}, flat)])
    output = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_boundaries", path, "--level", "district", stdout=output, stderr=output)
    assert "feature 2 (Karaganda) has no usable polygon" in output.getvalue()
    assert stored() == {}


def test_a_file_that_is_not_geodata_is_refused(karaganda, tmp_path):
    path = tmp_path / "notes.geojson"
    path.write_text("this is not JSON", encoding="utf-8")
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(path), "--level", "district")


def test_another_publishers_file_in_web_mercator_with_russian_names_only_matches_by_name(karaganda, tmp_path):
    import geopandas as gpd

    real = gpd.read_file(DATA / "kaz_admbnda_adm2_2024.zip")
    other = real[real["ADM1_PCODE"] == "KZ35"][["ADM2_RU", "geometry"]].rename(columns={"ADM2_RU": "name"})
    path = tmp_path / "karaganda.gpkg"
    other.to_crs("EPSG:3857").to_file(path)
    output = run(str(path), "--level", "district")
    assert "Matched 13" in output and "[code]" not in output
    assert set(stored()) == set(KARAGANDA_UNITS)
