from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render

from ..models import Area, Institution, NeedCategory
from ..permissions import visible_institutions, visible_units
from .summaries import units_by_category, units_by_status


@login_required
def institution_list(request):
    # An area's boundary is 100 kB of JSON: never loaded for a list.
    institutions = (visible_institutions(request.user).select_related("area").defer("area__boundary")
                    .prefetch_related("needs"))
    kind = request.GET.get("kind", "")
    area = request.GET.get("area", "")
    need = request.GET.get("need", "")
    query = request.GET.get("q", "").strip()
    if kind in Institution.Kind.values:
        institutions = institutions.filter(kind=kind)
    if area:
        institutions = institutions.filter(Q(area__code=area) | Q(area__parent__code=area))
    if need:
        institutions = institutions.filter(needs__code=need)
    if query:
        institutions = institutions.filter(Q(name_ru__icontains=query) | Q(name_kk__icontains=query)
                                           | Q(name_en__icontains=query) | Q(bin__startswith=query)
                                           | Q(settlement__icontains=query))
    page = Paginator(institutions.distinct(), 50).get_page(request.GET.get("page"))
    return render(request, "inventory/institution_list.html", {
        "page": page, "total": page.paginator.count, "kinds": Institution.Kind.choices,
        "areas": (Area.objects.filter(level__in=["region", "district", "city"]).defer("boundary")
                  .order_by("level", "name_en")),
        "needs": NeedCategory.objects.all(),
        "selected": {"kind": kind, "area": area, "need": need, "q": query},
    })


@login_required
def institution_detail(request, pk):
    try:
        institution = (visible_institutions(request.user).select_related("area", "area__parent")
                       .defer("area__boundary", "area__parent__boundary")
                       .prefetch_related("needs").get(pk=pk))
    except Institution.DoesNotExist:
        raise Http404 from None
    units = visible_units(request.user).filter(holder=institution)
    return render(request, "inventory/institution_detail.html", {
        "institution": institution, "by_status": units_by_status(units), "by_category": units_by_category(units),
        "units_total": units.count(),
        "units": units.select_related("item").order_by("-created_at")[:50],
    })
