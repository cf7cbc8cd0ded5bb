"""The administrators' boundary import: keep the upload, check it (the match table and a preview of old and
new outlines), and store it with its history row, all or nothing. The checking is `boundaries.plan_import`,
the same as the command's."""

import math
import re
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from . import boundaries
from .models import BoundaryImport

SUFFIXES = (".geojson", ".json", ".gpkg", ".zip")
MAX_UPLOAD_MB = 50
TOKEN = re.compile(r"^[0-9a-f]{32}$")


class UploadNotFound(Exception):
    """The token names no upload of this user (expired, or guessed)."""


def upload_dir():
    return Path(settings.PRIVATE_ROOT) / "boundary_uploads"


def refuse(name, size):
    """A translated reason to refuse the upload before it is stored, or ""."""
    if not name.lower().endswith(SUFFIXES):
        return _("%(name)s: upload a GeoJSON, a GeoPackage or a zipped Shapefile (%(kinds)s).") % {
            "name": name, "kinds": ", ".join(SUFFIXES)}
    if size > MAX_UPLOAD_MB * 1024 * 1024:
        return _("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": MAX_UPLOAD_MB}
    return ""


def purge_unconfirmed():
    """Remove uploads checked but never confirmed, older than REGISTER_TRIAL_HOURS; returns how many."""
    cutoff = time.time() - settings.REGISTER_TRIAL_HOURS * 3600
    old = [p for p in upload_dir().glob("*/*") if p.name.endswith(SUFFIXES) and p.stat().st_mtime < cutoff]
    for path in old:
        path.unlink(missing_ok=True)
    return len(old)


def store(upload, *, by):
    """Keep the upload under PRIVATE_ROOT until it is confirmed; the token names it, the user owns it."""
    purge_unconfirmed()
    token = uuid.uuid4().hex
    folder = upload_dir() / str(by.pk)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = next(s for s in SUFFIXES if upload.name.lower().endswith(s))
    with (folder / f"{token}{suffix}").open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token


def stored_path(token, *, by):
    """The stored upload of this user named by `token`; another user's token finds nothing."""
    if not TOKEN.match(str(token or "")):
        raise UploadNotFound
    found = [p for p in (upload_dir() / str(by.pk)).glob(f"{token}.*") if p.name.endswith(SUFFIXES)]
    if not found:
        raise UploadNotFound
    return found[0]


def check(token, level, *, by, within="", accept=None, skip_unmatched=False):
    """The plan for the stored upload; nothing is written."""
    return boundaries.plan_import(stored_path(token, by=by), level, within=within or None, accept=accept or {},
                                  skip_unmatched=skip_unmatched)


def confirm(token, level, *, by, file_name, within="", accept=None, skip_unmatched=False):
    """Check again and store, with the history row, in one transaction; a plan with problems stores nothing."""
    plan = check(token, level, by=by, within=within, accept=accept, skip_unmatched=skip_unmatched)
    with transaction.atomic():
        stored = boundaries.apply_import(plan)
        record = BoundaryImport.objects.create(
            file_name=file_name[:255], level=level, within=within, accepted=accept or {}, stored=stored,
            left_out=plan.outside + len(plan.unmatched), repaired=len(plan.repaired), actor=by,
            matches=[[f.label, a.code, how] for f, a, how in plan.matched])
    stored_path(token, by=by).unlink(missing_ok=True)
    return record


def preview(plan, size=560):
    """Old (stored) and new outlines of the matched areas as SVG path data in one view box."""
    from shapely.geometry import shape

    pairs = [(a, shape(a.boundary) if a.boundary else None, f.geometry) for f, a, _how in plan.matched]
    shapes = [g for _a, old, new in pairs for g in (old, new) if g is not None]
    if not shapes:
        return None
    minx = min(g.bounds[0] for g in shapes)
    miny = min(g.bounds[1] for g in shapes)
    maxx = max(g.bounds[2] for g in shapes)
    maxy = max(g.bounds[3] for g in shapes)
    squash = math.cos(math.radians((miny + maxy) / 2))        # a degree of longitude is shorter up north
    scale = size / max((maxx - minx) * squash, maxy - miny, 1e-9)

    def path(geometry):
        if geometry is None:
            return ""
        rings = [r for p in getattr(geometry, "geoms", [geometry]) for r in [p.exterior, *p.interiors]]
        return " ".join("M" + " L".join(f"{(x - minx) * squash * scale:.1f},{(maxy - y) * scale:.1f}"
                                         for x, y in r.simplify(0.002).coords) + " Z" for r in rings)

    return {"width": round((maxx - minx) * squash * scale), "height": round((maxy - miny) * scale),
            "areas": [{"code": a.code, "name": a.name, "old": path(old), "new": path(new.simplify(0.002))}
                      for a, old, new in pairs]}
