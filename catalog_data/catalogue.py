"""Demo steps: the programme's vocabularies, the catalogue of equipment and the kits' bills of materials."""

from inventory.models import DevelopmentSphere, Item, KitComponent, NeedCategory
from inventory.reference import NEEDS, SPHERES
from inventory.roles import ensure_role_groups

from .items import ITEMS, KITS, NEED_CODES, SPHERE_CODES


def load_vocabularies():
    """Spheres, categories of need and role groups. A migration and a signal normally write them;
    repeating it here lets the demo load into a database that was flushed since."""
    for model, rows in ((DevelopmentSphere, SPHERES), (NeedCategory, NEEDS)):
        for position, (code, en, ru, kk) in enumerate(rows):
            model.objects.update_or_create(code=code, defaults={"name_en": en, "name_ru": ru, "name_kk": kk,
                                                                "position": position})
    ensure_role_groups()
    return f"{len(SPHERES)} spheres, {len(NEEDS)} categories of need, role groups"


def load():
    spheres = {s.code: s for s in DevelopmentSphere.objects.all()}
    needs = {n.code: n for n in NeedCategory.objects.all()}
    for code, category, tracking, en, ru, kk, sphere_keys, need_keys in ITEMS:
        item, _ = Item.objects.update_or_create(code=code, defaults={
            "category": category, "tracking": tracking, "name_en": en, "name_ru": ru, "name_kk": kk,
            "unit_of_measure": "pcs" if tracking == Item.Tracking.SERIALISED else "pack"})
        item.spheres.set([spheres[SPHERE_CODES[k]] for k in sphere_keys.split()])
        item.needs.set(needs.values() if need_keys == "*" else [needs[NEED_CODES[k]] for k in need_keys.split()])
    items = dict(Item.objects.filter(code__in=[row[0] for row in ITEMS]).values_list("code", "pk"))
    for kit, components in KITS.items():
        for component, quantity in components:
            KitComponent.objects.update_or_create(kit_id=items[kit], component_id=items[component],
                                                  defaults={"quantity": quantity})
    return f"{len(ITEMS)} items, {len(KITS)} kits"
