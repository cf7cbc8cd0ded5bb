"""URL routes of verification rounds and visits; logistics/urls.py joins them under "logistics"."""

from django.urls import path

from .views import rounds, visit_acts, visits

urlpatterns = [
    path("verification/", rounds.round_list, name="rounds"),
    path("verification/new/", rounds.round_new, name="round-new"),
    path("verification/<int:pk>/", rounds.round_detail, name="round"),
    path("verification/<int:pk>/export.xlsx", rounds.round_export, name="round-export"),
    path("verification/institutions/<int:pk>/", rounds.institution_verification, name="institution-verification"),
    path("verification/<int:pk>/close/", rounds.round_close, name="round-close"),
    path("verification/<int:pk>/visit/<int:institution_pk>/", rounds.visit_start, name="visit-start"),
    # The offline worker sits directly under /visits/ so that its scope covers every visit page.
    path("visits/visit-sw.js", visits.service_worker, name="visit-sw"),
    path("visits/<int:pk>/", visits.visit_page, name="visit"),
    path("visits/<int:pk>/answer/", visits.answer, name="visit-answer"),
    path("visits/<int:pk>/close/", visits.close, name="visit-close"),
    path("visits/<int:pk>/sign/", visit_acts.sign, name="visit-sign"),
    path("visits/<int:pk>/act.pdf", visit_acts.act_pdf, name="visit-act"),
    path("visits/<int:pk>/photos/<int:finding_id>/", visits.photo, name="visit-photo"),
]
