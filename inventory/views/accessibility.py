from django.conf import settings
from django.shortcuts import render


def statement(request):
    """The accessibility statement: what was tested and how, what is known not to work, whom to tell."""
    return render(request, "accessibility.html", {
        "axe_version": settings.AXE_CORE_VERSION, "contact": settings.ACCESSIBILITY_CONTACT})
