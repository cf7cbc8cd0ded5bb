"""Demo step: the real 2024 boundaries, and statistics of need for the Karaganda region.

Boundaries go through `logistics.boundaries` exactly as `manage.py import_boundaries` would take them
(regions by pcode, Karaganda's 13 units by KATO); statistics go through `logistics.need_statistics`.
Both overwrite what they stored last time, so the step can run on every start.

Specialists (Table 4 of the study, 2021-2024) and teaching assistants (Table 5, 2020-2024): the
regional totals are the study's; their split across the 13 areas is ours (weighted by a rough
school-age population), marked illustrative.

Children needing special conditions: the study publishes only shares (Tables 1 and 2), no counts.
The regional totals below are ILLUSTRATIVE, chosen to be plausible for a region of 1.1 million
people, and so is their split by category and by area; every row is marked illustrative.
"""

from pathlib import Path

from logistics import boundaries, need_statistics

BOUNDARIES = Path(__file__).with_name("boundaries")
REGION = "350000000"
SOURCE = "Karaganda study (Frontiers in Education, 2025), Tables 4-5; split across areas illustrative"
CHILDREN_SOURCE = "Illustrative demo figures: the study publishes shares, not counts"

# Rough school-age population weights (thousands); only their proportions matter.
AREA_WEIGHTS = {
    "351000000": 78, "352400000": 29, "351600000": 12, "352200000": 8, "352800000": 9, "352100000": 2,
    "353200000": 8, "353600000": 2, "354000000": 10, "354800000": 6, "355200000": 4, "355600000": 5,
    "356400000": 5,
}

SPECIALISTS = {  # kind -> {year: regional total}
    "defectologist": {2021: 190, 2022: 182, 2023: 187, 2024: 188},
    "speech_therapist": {2021: 172, 2022: 177, 2023: 174, 2024: 179},
    "typhlopedagogue": {2021: 0, 2022: 0, 2023: 0, 2024: 1},
    "deaf_educator": {2021: 0, 2022: 0, 2023: 0, 2024: 0},
    "teaching_assistant": {2020: 59, 2021: 94, 2022: 198, 2023: 276, 2024: 280},
}

# Illustrative regional totals of children needing special conditions, and their split by category.
CHILDREN_TOTAL = {2017: 8200, 2018: 8700, 2019: 9300, 2020: 9900, 2021: 10600, 2022: 11300, 2023: 12100,
                  2024: 12600}
CATEGORY_SHARE = {"speech": 0.33, "developmental_delay": 0.24, "intellectual_disability": 0.18, "vision": 0.08,
                  "autism": 0.07, "mobility": 0.05, "hearing": 0.05}


def split(total, weights):
    """`total` shared out in proportion to `weights`, in whole numbers that add up to `total`
    (largest remainder), so the regional figure is exactly the study's."""
    whole = sum(weights.values())
    exact = {key: total * w / whole for key, w in weights.items()}
    shares = {key: int(value) for key, value in exact.items()}
    leftover = total - sum(shares.values())
    for key in sorted(exact, key=lambda k: exact[k] - shares[k], reverse=True)[:leftover]:
        shares[key] += 1
    return shares


def specialist_rows():
    rows = []
    for kind, by_year in SPECIALISTS.items():
        for year, total in by_year.items():
            for code, count in split(total, AREA_WEIGHTS).items():
                rows.append([code, year, kind, count, "yes", SOURCE])
    return rows


def children_rows():
    rows = []
    for year, total in CHILDREN_TOTAL.items():
        for need, count in split(total, CATEGORY_SHARE).items():
            for code, children in split(count, AREA_WEIGHTS).items():
                rows.append([code, year, need, children, "yes", CHILDREN_SOURCE])
    return rows


def load_boundaries():
    region = boundaries.plan_import(BOUNDARIES / "kaz_admbnda_adm1_2024.zip", "region", skip_unmatched=True)
    units = boundaries.plan_import(BOUNDARIES / "kaz_admbnda_adm2_2024.zip", "district", within=REGION)
    for plan in (region, units):
        if not plan.ok:
            raise boundaries.BoundaryFileError("; ".join(plan.problems))
    return boundaries.apply_import(region) + boundaries.apply_import(units)


def load():
    stored = load_boundaries()
    created, updated, problems = need_statistics.import_tables([
        ("specialists", ["area", "year", "specialist", "count", "illustrative", "source"], specialist_rows()),
        ("children", ["area", "year", "category", "children", "illustrative", "source"], children_rows()),
    ])
    if problems:
        raise need_statistics.StatisticsFileError("; ".join(str(p) for p in problems[:5]))
    return f"{stored} boundaries, {created + updated} figures of need ({created} new)"
