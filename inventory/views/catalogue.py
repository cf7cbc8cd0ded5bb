from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from ..models import DevelopmentSphere, Item, NeedCategory
from ..permissions import visible_units
from .summaries import units_by_status


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
    # Counted for the page only, and only among the units this user may see (staff: their school's).
    on_page = list(page)
    counts = dict(visible_units(request.user).filter(item__in=on_page).order_by()
                  .values_list("item").annotate(n=Count("pk")))
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
