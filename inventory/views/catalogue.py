from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from .. import data_version
from ..models import DevelopmentSphere, Item, NeedCategory, Unit
from ..permissions import sees_everything, visible_units
from .summaries import units_by_status


def unit_counts(user, items):
    """{item pk: units of it this user may see}."""
    if sees_everything(user):
        # Every unit in the country: one grouped count over a million units (0.35 s), kept per
        # version of the data rather than repeated for each page of the catalogue.
        return data_version.cached("units-by-item", data_version.units_and_institutions(), lambda: dict(
            Unit.objects.order_by().values_list("item").annotate(n=Count("pk"))))
    # Counted for the page only, and only among the units this user may see (staff: their school's).
    return dict(visible_units(user).filter(item__in=items).order_by().values_list("item").annotate(n=Count("pk")))


@login_required
def item_list(request):
    items = Item.objects.prefetch_related("spheres", "needs")
    category = request.GET.get("category", "")
    sphere = request.GET.get("sphere", "")
    need = request.GET.get("need", "")
    query = request.GET.get("q", "").strip()
    if category in Item.Category.values:
        items = items.filter(category=category)
    if sphere:
        items = items.filter(spheres__code=sphere)
    if need:
        items = items.filter(needs__code=need)
    if query:
        items = items.filter(Q(code__icontains=query) | Q(name_ru__icontains=query)
                             | Q(name_kk__icontains=query) | Q(name_en__icontains=query))
    page = Paginator(items.distinct().order_by("code"), 50).get_page(request.GET.get("page"))
    on_page = list(page)
    counts = unit_counts(request.user, on_page)
    for item in on_page:
        item.unit_count = counts.get(item.pk, 0)
    return render(request, "inventory/item_list.html", {
        "page": page, "total": page.paginator.count, "categories": Item.Category.choices,
        "spheres": DevelopmentSphere.objects.all(), "needs": NeedCategory.objects.all(),
        "selected": {"category": category, "sphere": sphere, "need": need, "q": query},
    })


@login_required
def item_detail(request, code):
    item = get_object_or_404(Item.objects.prefetch_related("spheres", "needs"), code=code)
    return render(request, "inventory/item_detail.html", {
        "item": item,
        "components": item.bill_of_materials.select_related("component"),
        "used_in": Item.objects.filter(bill_of_materials__component=item),
        "by_status": units_by_status(visible_units(request.user).filter(item=item)),
    })
