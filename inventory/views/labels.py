"""One unit's label as PNG or SVG, from the unit page: to reprint a lost label on any printer."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import get_language

from .. import label_images, labels
from ..label_presets import DEFAULT_PRESET, UnknownPreset
from ..permissions import get_unit_for_user

FORMATS = {"png": "image/png", "svg": "image/svg+xml"}


@login_required
def unit_label(request, tag, fmt):
    unit = get_unit_for_user(request.user, tag.replace("-", "").upper())  # 404 unless the user may see it
    language = request.GET.get("lang") or get_language()
    if language not in dict(settings.LANGUAGES):
        language = get_language()
    preset = request.GET.get("preset") or DEFAULT_PRESET
    label = next(labels.labels_for([unit], language, site_url=settings.SITE_URL,
                                   programme=settings.PROGRAMME_NAME))
    try:
        body = (label_images.render_png(label, preset) if fmt == "png"
                else label_images.render_svg(label, preset).encode())
    except (UnknownPreset, labels.LabelError) as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type=FORMATS[fmt])
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="label-{unit.display_tag}.{fmt}"'
    response["Cache-Control"] = "private, max-age=300"
    return response
