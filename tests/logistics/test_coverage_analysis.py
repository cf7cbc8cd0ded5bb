"""The gap analysis on small hand-made worlds whose answers are known in advance."""

import math

import pandas as pd
import pytest
from pyproj import Geod

from inventory.models import Institution
from logistics import coverage

GEOD = Geod(ellps="WGS84")


def areas_frame():
    # One region (id 1) with two cities and two districts.
    return pd.DataFrame([
        {"area_id": 10, "code": "C1", "name": "City One", "level": "city", "region_id": 1},
        {"area_id": 11, "code": "C2", "name": "City Two", "level": "city", "region_id": 1},
        {"area_id": 20, "code": "D1", "name": "District One", "level": "district", "region_id": 1},
        {"area_id": 21, "code": "D2", "name": "District Two", "level": "district", "region_id": 1},
    ])


def inst(inst_id, kind, area_id, lat=48.0, lon=68.0, needs=(), classroom=False, name=None):
    return {"inst_id": inst_id, "name": name or f"I{inst_id}", "kind": kind, "area_id": area_id,
            "lat": lat, "lon": lon, "needs": tuple(needs), "inclusion_classroom": classroom}


def institutions_frame():
    return pd.DataFrame([
        inst(1, "special_school", 10, needs=["hearing", "vision"]),
        inst(2, "special_school", 10, needs=["intellectual_disability"]),
        inst(3, "pmpc", 11),
        inst(4, "special_school", 20, needs=["speech"]),
        inst(5, "general_school", 21, classroom=True),
        inst(6, "general_school", 10, classroom=True),
    ])


def children_frame():
    rows = [(10, 2024, "hearing", 40), (10, 2024, "speech", 20), (11, 2024, "speech", 30),
            (20, 2024, "speech", 600), (21, 2024, "autism", 50), (10, 2023, "hearing", 999)]
    return pd.DataFrame(rows, columns=["area_id", "year", "need", "children"])


def specialists_frame():
    rows = [(10, 2024, "defectologist", 6), (20, 2024, "speech_therapist", 3), (20, 2023, "defectologist", 50)]
    return pd.DataFrame(rows, columns=["area_id", "year", "kind", "count"])


def summary(**kw):
    return coverage.area_summary(areas_frame(), institutions_frame(), children_frame(), specialists_frame(),
                                 year=2024, **kw)


def test_the_special_kinds_mirror_the_institution_model():
    assert set(coverage.SPECIAL_KINDS) == {str(k) for k in Institution.SPECIAL_KINDS}


def test_it_counts_organisations_schools_by_need_classrooms_and_pmpcs_per_area():
    s = summary()
    assert s.loc[10, "special_orgs"] == 2 and s.loc[11, "special_orgs"] == 1 and s.loc[21, "special_orgs"] == 0
    assert s.loc[10, "kind_special_school"] == 2 and s.loc[11, "pmpc"] == 1
    assert s.loc[10, "special_school_needs"] == {"hearing": 1, "vision": 1, "intellectual_disability": 1}
    assert s.loc[10, "inclusion_classrooms"] == 1 and s.loc[21, "inclusion_classrooms"] == 1
    assert list(s["urban"]) == [True, True, False, False]


def test_it_divides_children_by_organisations_and_specialists_for_the_chosen_year():
    s = summary()
    assert s.loc[10, "children"] == 60                      # 2023's 999 is left out
    assert s.loc[10, "children_per_org"] == 30
    assert s.loc[10, "children_per_specialist"] == 10
    assert s.loc[20, "children_per_specialist"] == 200
    assert math.isnan(s.loc[21, "children_per_org"])         # no organisation: no ratio, a flag instead


def test_a_category_filter_counts_only_organisations_serving_it_and_its_children():
    s = summary(need="hearing")
    # School 1 serves hearing; the PMPC serves every category; the speech school does not count.
    assert s.loc[10, "special_orgs"] == 1 and s.loc[11, "special_orgs"] == 1 and s.loc[20, "special_orgs"] == 0
    assert s.loc[10, "children"] == 40 and s.loc[20, "children"] == 0


def test_it_flags_areas_without_an_organisation_and_areas_far_above_the_regions_ratio():
    flagged = coverage.flag_gaps(summary(), ratio_factor=2.0)
    assert list(flagged.index[flagged["flag_no_org"]]) == [21]
    # Region: 740 children / 4 organisations = 185 a piece; District One has 600 for its one school.
    assert flagged.loc[20, "region_children_per_org"] == 185
    assert list(flagged.index[flagged["flag_high_ratio"]]) == [20]
    assert list(flagged.index[flagged["flagged"]]) == [20, 21]


def test_a_higher_ratio_factor_lifts_the_ratio_flag():
    flagged = coverage.flag_gaps(summary(), ratio_factor=4.0)
    assert not flagged["flag_high_ratio"].any()


def test_it_names_categories_with_no_special_school_in_the_region():
    needs = ["developmental_delay", "intellectual_disability", "hearing", "vision", "mobility", "speech", "autism"]
    missing = coverage.needs_without_special_school(institutions_frame(), [10, 11, 20, 21], needs)
    assert missing == ["developmental_delay", "mobility", "autism"]


def test_urban_and_rural_totals_are_kept_apart():
    table = coverage.urban_rural(summary())
    assert table.loc["urban", "special_orgs"] == 3 and table.loc["rural", "special_orgs"] == 1
    assert table.loc["rural", "without_org"] == 1 and table.loc["urban", "without_org"] == 0


def test_distance_to_the_nearest_organisation_matches_the_geodesic():
    schools = pd.DataFrame([inst(100, "general_school", 21, lat=48.0, lon=68.0),
                            inst(101, "general_school", 21, lat=50.0, lon=80.0)])
    orgs = pd.DataFrame([inst(1, "special_school", 10, lat=48.5, lon=68.0, needs=["hearing"]),
                         inst(2, "special_school", 10, lat=50.0, lon=81.0, needs=["speech"])])
    km = coverage.nearest_distance_km(schools, orgs)
    for school_id, (lat, lon), (olat, olon) in [(100, (48.0, 68.0), (48.5, 68.0)), (101, (50.0, 80.0), (50.0, 81.0))]:
        truth = GEOD.inv(lon, lat, olon, olat)[2] / 1000
        assert km[school_id] == pytest.approx(truth, rel=0.01)
    assert km[100] == pytest.approx(55.6, abs=0.3)


def test_distance_to_the_nearest_organisation_serving_a_category():
    schools = pd.DataFrame([inst(100, "general_school", 21, lat=48.0, lon=68.0)])
    orgs = pd.DataFrame([inst(1, "special_school", 10, lat=48.1, lon=68.0, needs=["speech"]),
                         inst(2, "special_school", 10, lat=49.0, lon=68.0, needs=["hearing"])])
    near_any = coverage.nearest_distance_km(schools, orgs)[100]
    near_hearing = coverage.nearest_distance_km(schools, orgs, need="hearing")[100]
    assert near_any == pytest.approx(11.1, abs=0.2)
    assert near_hearing == pytest.approx(111.2, abs=1.0)
    assert math.isnan(coverage.nearest_distance_km(schools, orgs, need="autism")[100])


def test_the_fast_nearest_search_agrees_with_the_full_distance_matrix():
    import numpy as np

    rng = np.random.default_rng(7)
    schools = pd.DataFrame([inst(i, "general_school", 21, lat=rng.uniform(42, 54), lon=rng.uniform(50, 85))
                            for i in range(300)])
    orgs = pd.DataFrame([inst(1000 + i, "pmpc", 10, lat=rng.uniform(42, 54), lon=rng.uniform(50, 85))
                         for i in range(40)])
    fast = coverage.nearest_distance_km(schools, orgs)
    slow = coverage.nearest_distance_km_brute_force(schools, orgs)
    assert np.allclose(fast.sort_index().to_numpy(), slow.sort_index().to_numpy())


def test_web_mercator_would_have_overstated_the_distance():
    # Why the analysis does not use EPSG:3857: at 48° N it inflates distances by about half.
    schools = pd.DataFrame([inst(100, "general_school", 21, lat=48.0, lon=68.0)])
    orgs = pd.DataFrame([inst(1, "pmpc", 10, lat=48.0, lon=69.0)])
    right = coverage.nearest_distance_km(schools, orgs)[100]
    mercator = coverage.nearest_distance_km(schools, orgs, crs="EPSG:3857")[100]
    assert mercator / right > 1.4


def test_schools_beyond_the_chosen_distance_farthest_first():
    distances = pd.Series({1: 10.0, 2: 75.0, 3: 51.0, 4: float("nan")})
    assert list(coverage.schools_beyond(distances).index) == [4, 2, 3]
    assert list(coverage.schools_beyond(distances, km=60).index) == [4, 2]


def deliveries_frame():
    rows = [
        {"area_id": 10, "inst_id": 6, "category": "assistive", "needs": ("hearing",), "spheres": ("sensory", "speech"),
         "expected": 10, "received": 7, "missing": 1},
        {"area_id": 10, "inst_id": 6, "category": "furniture", "needs": ("mobility",), "spheres": ("physical",),
         "expected": 4, "received": 4, "missing": 0},
        {"area_id": 21, "inst_id": 5, "category": "didactic_kit", "needs": ("autism", "speech"),
         "spheres": ("cognitive",), "expected": 5, "received": 0, "missing": 5},
    ]
    return pd.DataFrame(rows)


def test_delivery_coverage_per_area_and_per_child():
    out = coverage.delivery_coverage(deliveries_frame(), children_frame(), year=2024)
    assert out.loc[10, ["expected", "received", "missing", "outstanding"]].tolist() == [14, 11, 1, 2]
    assert out.loc[10, "received_per_child"] == pytest.approx(11 / 60)
    assert out.loc[21, "received_per_child"] == 0


def test_delivery_coverage_by_category_need_and_sphere():
    by_cat = coverage.delivery_coverage(deliveries_frame(), children_frame(), by="category", year=2024)
    assert by_cat.loc[(10, "furniture"), "received"] == 4
    by_need = coverage.delivery_coverage(deliveries_frame(), children_frame(), by="need", year=2024)
    assert by_need.loc[(21, "autism"), "missing"] == 5 and by_need.loc[(21, "speech"), "missing"] == 5
    assert by_need.loc[(10, "hearing"), "received_per_child"] == pytest.approx(7 / 40)
    by_sphere = coverage.delivery_coverage(deliveries_frame(), children_frame(), by="sphere", year=2024)
    assert by_sphere.loc[(10, "speech"), "received"] == 7 and by_sphere.loc[(10, "sensory"), "received"] == 7
    only_sensory = coverage.delivery_coverage(deliveries_frame(), children_frame(), sphere="sensory", year=2024)
    assert only_sensory["expected"].sum() == 10


def test_the_table_joins_flags_and_deliveries():
    table = coverage.coverage_table(areas_frame(), institutions_frame(), children_frame(), specialists_frame(),
                                    deliveries_frame(), year=2024, category="assistive")
    assert table.loc[10, "expected"] == 10 and table.loc[21, "expected"] == 0
    assert table.loc[10, "received_share"] == pytest.approx(0.7)
    assert bool(table.loc[21, "flag_no_org"])
