"""Demo step: one user per role, with known passwords that load_demo prints at the end.

Passwords are reset on every run, so the printed ones always work. The demo school is the one
with shipments on their way (see shipments.py).
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, User

from inventory.models import Institution, Profile, Role

DEMO_SCHOOL = "General school No. 1, Karaganda"  # name_en of the staff user's school


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: Role
    first_name: str
    last_name: str
    try_this: str
    is_staff: bool = False
    is_superuser: bool = False
    school: str = ""


DEMO_USERS = [
    DemoUser("officer", "demo-officer", Role.PROCUREMENT, "Айгерим", "Сапарова",
             "import a delivery file (Imports → download the template), dispatch a draft, print a label sheet; "
             "Problems: decide the new report from a label and follow the repair under warranty; Write-offs: the "
             "acts (PDF)",
             is_staff=True),
    DemoUser("staff", "demo-staff", Role.SCHOOL_STAFF, "Ержан", "Нурланов",
             "open a shipment waiting at your school, scan its labels (or type the tags), close the receipt and "
             "sign the act; Transfers: receive the one on its way from the university (refuse a unit with a reason)",
             school=DEMO_SCHOOL),
    DemoUser("manager", "demo-manager", Role.MANAGER, "Динара", "Ахметова",
             "delivery progress on the home page; Coverage: the districts without a special organisation; Results: "
             "the programme's indicators against their targets, by region; approve the transfer waiting on the home "
             "page",
             is_staff=True),
    DemoUser("monitor", "demo-monitor", Role.MONITOR, "Алия", "Серикова",
             "Verification: the closed round over a seeded sample of Karaganda institutions — its numbers, each visit "
             "room by room (found in place, elsewhere, not found, broken, not in use and why), and the signed acts "
             "(PDF)"),
    DemoUser("admin", "demo-admin", Role.ADMINISTRATOR, "Администратор", "",
             "everything, including /admin/ (users, catalogue, institution register)",
             is_staff=True, is_superuser=True),
]


def demo_school():
    return Institution.objects.get(kind=Institution.Kind.GENERAL_SCHOOL, name_en=DEMO_SCHOOL)


def load():
    for demo in DEMO_USERS:
        user, _ = User.objects.update_or_create(username=demo.username, defaults={
            "first_name": demo.first_name, "last_name": demo.last_name, "is_staff": demo.is_staff,
            "is_superuser": demo.is_superuser, "is_active": True})
        user.set_password(demo.password)
        user.save(update_fields=["password"])
        user.groups.set([Group.objects.get(name=demo.role.value)])
        institution = demo_school() if demo.school else None
        # A monitor's assigned institutions are set by the verification step, which draws them.
        Profile.objects.update_or_create(user=user, defaults={"institution": institution})
    return f"{len(DEMO_USERS)} users"
