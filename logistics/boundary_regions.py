"""Which region a boundary file's feature belongs to, so that a name is only ever matched inside it.

A national file repeats district names across regions (Abay, Aktogay, Nura), so a name alone can
name the wrong place. The region comes, in this order, from the feature's own KATO code, from the
file's parent columns (a KATO or OCHA pcode, an ISO code, or a name in any of the three languages),
from the file's own parent code when other rows of the same code name their region, and last from
where the feature lies inside a stored region boundary.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from inventory.models import Area

from .place_names import area_keys, code_to_kato, place_key

# Parent columns as publishers name them: OCHA/HDX (ADM1_PCODE, ADM1_EN), geoBoundaries, GADM (NAME_1,
# GID_1), ministry exports (region, oblast, parent).
PARENT_CODE_COLUMNS = ("adm1_pcode", "admin1pcode", "adm1_code", "admin1_code", "gid_1", "parent_code",
                       "parent_pcode", "region_code", "oblast_code", "parent_kato", "region_kato")
PARENT_NAME_COLUMNS = ("adm1_en", "adm1_ru", "adm1_kk", "admin1name", "admin1name_en", "admin1name_ru",
                       "admin1name_kk", "name_1", "parent", "parent_name", "region", "region_name", "oblast",
                       "oblast_name", "region_en", "region_ru", "region_kk")


CITY_WORDS = re.compile(r"(\bcity\b|\bг\.|\bгород|\bқала|\bqala|\bkala)", re.IGNORECASE)


def is_city(name):
    """Whether a region's name says it is one of the three cities with a region's status."""
    return bool(CITY_WORDS.search(str(name)))


class UnknownRegion(Exception):
    """`--within` names no region we know. Translated, shown as is."""


@dataclass
class Parent:
    codes: list      # as written in the file
    names: list


def parent_of(values, columns):
    """The parent codes and names a file row states, from whichever parent columns the file has."""
    lower = {c.lower(): c for c in columns}
    codes = [str(values[lower[c]]).strip() for c in PARENT_CODE_COLUMNS if c in lower and values.get(lower[c])]
    names = [str(values[lower[c]]).strip() for c in PARENT_NAME_COLUMNS if c in lower and values.get(lower[c])]
    return Parent(codes=[c for c in codes if c], names=[n for n in names if n])


class Regions:
    """The stored regions, found by KATO, pcode, ISO code or name, and by location."""

    def __init__(self):
        self.regions = list(Area.objects.filter(level=Area.Level.REGION).only(
            "pk", "code", "iso_code", "name_en", "name_ru", "name_kk", "boundary"))
        self.by_prefix = {r.code[:2]: r for r in self.regions}
        self.by_iso = {r.iso_code.upper(): r for r in self.regions if r.iso_code}
        self.by_key = {}
        for region in self.regions:
            for key in area_keys(region):
                self.by_key.setdefault(key, set()).add(region)
        self._shapes = None
        self.file_codes = {}       # the file's own parent code -> region, learnt from its rows

    def find(self, value):
        """The region a KATO code, pcode, ISO code or name stands for, or None."""
        text = str(value or "").strip()
        if not text:
            return None
        if text.upper() in self.by_iso:
            return self.by_iso[text.upper()]
        if kato := code_to_kato(text):
            return self.by_prefix.get(kato[:2])
        named = self.by_key.get(place_key(text), set())
        if len(named) > 1:   # Almaty the region or Almaty the city: the words around the name decide
            named = {r for r in named if is_city(r.name_en) == is_city(text)}
        if len(named) == 1:
            return next(iter(named))
        return self.file_codes.get(text.upper())

    def of_code(self, kato):
        return self.by_prefix.get(kato[:2]) if kato else None

    def containing(self, geometry):
        """The stored region whose boundary holds the feature's inner point, or None."""
        if geometry is None or geometry.is_empty:
            return None
        if self._shapes is None:
            from shapely.geometry import shape
            self._shapes = [(r, shape(r.boundary)) for r in self.regions if r.boundary]
        point = geometry.representative_point()
        found = [r for r, s in self._shapes if s.contains(point)]
        return found[0] if len(found) == 1 else None

    def learn_file_codes(self, features):
        """A foreign parent code (KAZ011) means the region its rows name, when all of them agree."""
        seen = {}
        for feature in features:
            named = {self.find(n) for n in feature.parent.names} - {None}
            for code in feature.parent.codes:
                seen.setdefault(code.upper(), set()).update(named)
        self.file_codes = {code: regions.pop() for code, regions in seen.items() if len(regions) == 1}

    def of_feature(self, feature):
        """(region or None, whether the file states a parent at all)."""
        for code in feature.codes:
            if region := self.of_code(code):
                return region, True
        stated = feature.parent.codes + feature.parent.names
        for value in stated:
            if region := self.find(value):
                return region, True
        return self.containing(feature.geometry), bool(stated or feature.codes)

    def within(self, value):
        """The region `--within` names: a KATO code, ISO code, the file's own parent code, or a name."""
        region = self.find(value)
        if region is None:
            raise UnknownRegion(_("--within %(value)s names no region: it is not a KATO code, an ISO code, a region "
                                  "name or a parent code this file uses for a region it names.") % {"value": value})
        return region
