"""What each user may see. Every list and detail view starts from these scoped querysets,
so an id guessed in a URL finds nothing outside the user's reach."""

from django.http import Http404

from .models import Institution, Role, Unit


def roles_of(user):
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_role_cache"):
        user._role_cache = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            user._role_cache.add(Role.ADMINISTRATOR)
    return user._role_cache


def has_role(user, *roles):
    return bool(roles_of(user) & {str(r) for r in roles})


def primary_role(user):
    """The role whose home page a user sees: the widest one they hold."""
    held = roles_of(user)
    for role in (Role.ADMINISTRATOR, Role.PROCUREMENT, Role.MANAGER, Role.SCHOOL_STAFF):
        if role in held:
            return role
    return None


def sees_everything(user):
    return has_role(user, Role.ADMINISTRATOR, Role.PROCUREMENT, Role.MANAGER)


def staff_institution_id(user):
    """The institution a member of school staff works at, or None."""
    if not user.is_authenticated:
        return None
    profile = getattr(user, "profile", None)
    return profile.institution_id if profile else None


def visible_units(user):
    if sees_everything(user):
        return Unit.objects.all()
    if has_role(user, Role.SCHOOL_STAFF) and (inst := staff_institution_id(user)):
        return Unit.objects.filter(holder_id=inst)
    return Unit.objects.none()


def visible_institutions(user):
    """Institutions are a public register: anyone logged in may look them up."""
    return Institution.objects.all() if user.is_authenticated else Institution.objects.none()


def get_unit_for_user(user, asset_tag):
    try:
        return visible_units(user).select_related("item", "holder").get(asset_tag=asset_tag)
    except Unit.DoesNotExist:
        raise Http404 from None


def may_print_label_sheets(user):
    """Sheets of labels are printed in the office, by procurement officers and administrators."""
    return has_role(user, Role.PROCUREMENT, Role.ADMINISTRATOR)


def count_invisible_units(user, unit_ids, chunk=900):
    """How many of `unit_ids` the user may not see (or that do not exist)."""
    unit_ids = list(dict.fromkeys(unit_ids))
    seen = sum(visible_units(user).filter(pk__in=unit_ids[i:i + chunk]).count()
               for i in range(0, len(unit_ids), chunk))
    return len(unit_ids) - seen
