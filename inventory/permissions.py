"""What each user may see. Every list and detail view starts from these scoped querysets,
so an id guessed in a URL finds nothing outside the user's reach."""

from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Institution, Role, Room, Unit


def _access(user):
    """(roles, staff institution id) for a logged-in user, read once a request in one query:
    every page and every scan asks both. The authentication backend reads them with the user."""
    if not hasattr(user, "_access_cache"):
        rows = get_user_model().objects.filter(pk=user.pk).values_list("groups__name", "profile__institution_id")
        remember_access(user, rows)
    return user._access_cache


def remember_access(user, rows):
    """Keep what (group name, institution id) rows say of `user` for the rest of the request."""
    roles, institution_id = set(), None
    for group, institution in rows:
        if group:
            roles.add(group)
        institution_id = institution
    if user.is_superuser:
        roles.add(Role.ADMINISTRATOR)
    user._access_cache = (roles, institution_id)


def roles_of(user):
    return _access(user)[0] if user.is_authenticated else set()


def has_role(user, *roles):
    return bool(roles_of(user) & {str(r) for r in roles})


def primary_role(user):
    """The role whose home page a user sees: the widest one they hold."""
    held = roles_of(user)
    for role in (Role.ADMINISTRATOR, Role.PROCUREMENT, Role.MANAGER, Role.MONITOR, Role.SCHOOL_STAFF):
        if role in held:
            return role
    return None


def sees_everything(user):
    return has_role(user, Role.ADMINISTRATOR, Role.PROCUREMENT, Role.MANAGER)


def staff_institution_id(user):
    """The institution a member of school staff works at, or None."""
    return _access(user)[1] if user.is_authenticated else None


def visible_units(user):
    if sees_everything(user):
        return Unit.objects.all()
    if has_role(user, Role.SCHOOL_STAFF) and (inst := staff_institution_id(user)):
        return Unit.objects.filter(holder_id=inst)
    if monitored := monitored_institution_ids(user):
        return Unit.objects.filter(holder_id__in=monitored)
    return Unit.objects.none()


def visible_institutions(user):
    """Institutions are a public register: anyone logged in may look them up."""
    return Institution.objects.all() if user.is_authenticated else Institution.objects.none()


def get_unit_for_user(user, asset_tag):
    try:
        return visible_units(user).select_related("item", "holder").get(asset_tag=asset_tag)
    except Unit.DoesNotExist:
        raise Http404 from None


# What a role may do, one predicate each: views reach them through `allowed()`, templates through
# the context processor's `may` (never by naming a group).

def may_print_labels(user):
    """Sheets of labels are printed in the office, by procurement officers and administrators."""
    return has_role(user, Role.PROCUREMENT, Role.ADMINISTRATOR)


def may_import(user):
    """Delivery imports and the registers are the procurement officers' work; administrators may do it too."""
    return has_role(user, Role.PROCUREMENT, Role.ADMINISTRATOR)


def may_dispatch(user):
    """Sending a draft shipment on its way: procurement officers and administrators."""
    return has_role(user, Role.PROCUREMENT, Role.ADMINISTRATOR)


def may_view_coverage(user):
    """Coverage maps are for project managers and administrators; procurement officers may look too."""
    return has_role(user, Role.MANAGER, Role.ADMINISTRATOR, Role.PROCUREMENT)


def may_view_results(user):
    """Programme results are for project managers and administrators; procurement officers may look too."""
    return has_role(user, Role.MANAGER, Role.ADMINISTRATOR, Role.PROCUREMENT)


def may_import_boundaries(user):
    """Area outlines change every map and every coverage figure's place: administrators only."""
    return has_role(user, Role.ADMINISTRATOR)


def may_install(user):
    """Installing units in rooms is done on site, by school staff at their own institution."""
    return has_role(user, Role.SCHOOL_STAFF) and staff_institution_id(user) is not None


def may_see_faults(user):
    """The fault queue: officers, managers and administrators see all of it; school staff their institution's."""
    return sees_everything(user) or may_install(user)


def may_write_off(user):
    """Writing units off is an officer's decision (procurement officers and administrators)."""
    return has_role(user, Role.PROCUREMENT, Role.ADMINISTRATOR)
def may_propose_transfers(user):
    """Transfers between institutions are proposed by officers (any holder) or school staff (their own units)."""
    return has_role(user, Role.PROCUREMENT, Role.ADMINISTRATOR) or may_install(user)


def may_approve_transfers(user):
    """Transfers are approved (or rejected) by procurement officers and project managers."""
    return has_role(user, Role.PROCUREMENT, Role.MANAGER, Role.ADMINISTRATOR)


def monitored_institution_ids(user):
    """The institutions a monitor is assigned to (an empty list for anyone else)."""
    if not has_role(user, Role.MONITOR):
        return []
    if not hasattr(user, "_monitored_cache"):
        user._monitored_cache = list(Institution.objects.filter(monitors__user=user).values_list("pk", flat=True))
    return user._monitored_cache


def verifiable_institutions(user):
    """Where the user may verify on site: managers and administrators everywhere, a monitor where
    assigned, school staff at their own institution."""
    if has_role(user, Role.MANAGER, Role.ADMINISTRATOR):
        return Institution.objects.all()
    ids = set(monitored_institution_ids(user))
    if has_role(user, Role.SCHOOL_STAFF) and (inst := staff_institution_id(user)):
        ids.add(inst)
    return Institution.objects.filter(pk__in=ids)


def may_open_rounds(user):
    """Verification rounds are opened and closed by project managers (and administrators)."""
    return has_role(user, Role.MANAGER, Role.ADMINISTRATOR)


def may_verify(user):
    """Whoever has somewhere to verify: managers, administrators, monitors and school staff."""
    return may_open_rounds(user) or bool(monitored_institution_ids(user)) or may_install(user)


def visible_rooms(user):
    """Rooms are seen by whoever sees everything, and by staff at the rooms' institution."""
    if sees_everything(user):
        return Room.objects.all()
    if has_role(user, Role.SCHOOL_STAFF) and (inst := staff_institution_id(user)):
        return Room.objects.filter(institution_id=inst)
    if monitored := monitored_institution_ids(user):
        return Room.objects.filter(institution_id__in=monitored)
    return Room.objects.none()


# The predicates templates see, as `may.<name>`.
ROLE_PREDICATES = {
    "import": may_import,
    "dispatch": may_dispatch,
    "print_labels": may_print_labels,
    "view_coverage": may_view_coverage,
    "view_results": may_view_results,
    "import_boundaries": may_import_boundaries,
    "install": may_install,
    "verify": may_verify,
    "open_rounds": may_open_rounds,
    "see_faults": may_see_faults,
    "write_off": may_write_off,
    "propose_transfers": may_propose_transfers,
    "approve_transfers": may_approve_transfers,
}


def allowed(predicate):
    """View decorator: the user is logged in and `predicate(user)` holds; otherwise 403 (or the login page)."""
    def decorator(view):
        @wraps(view)
        @login_required
        def guarded(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)
        return guarded
    return decorator


def count_invisible_units(user, unit_ids, chunk=900):
    """How many of `unit_ids` the user may not see (or that do not exist)."""
    unit_ids = list(dict.fromkeys(unit_ids))
    seen = sum(visible_units(user).filter(pk__in=unit_ids[i:i + chunk]).count()
               for i in range(0, len(unit_ids), chunk))
    return len(unit_ids) - seen
