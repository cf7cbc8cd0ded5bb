"""Counts the pages show, with their translated labels (never raw status or category codes)."""

from django.db.models import Count

from ..models import Item, Unit


def _counted(queryset, field, choices):
    counts = dict(queryset.order_by().values_list(field).annotate(n=Count("pk")))
    return [{"value": value, "label": label, "n": counts[value]} for value, label in choices if counts.get(value)]


def units_by_status(units):
    """[{value, label, n}] in the life cycle's order, statuses with no unit left out."""
    return _counted(units, "status", Unit.Status.choices)


def units_by_category(units):
    return _counted(units, "item__category", Item.Category.choices)
