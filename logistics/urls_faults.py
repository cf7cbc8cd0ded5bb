"""URL routes of fault reports, repairs and write-offs; logistics/urls.py joins them under "logistics"."""

from django.urls import path

from .views import faults, write_offs

urlpatterns = [
    # Beside the label's own page (/u/<tag>): the form anyone reaches from it.
    path("u/<str:tag>/problem/", faults.report_problem, name="report-problem"),
    path("faults/", faults.fault_list, name="faults"),
    path("faults/<int:pk>/", faults.fault_detail, name="fault"),
    path("faults/<int:pk>/triage/", faults.triage_fault, name="fault-triage"),
    path("faults/<int:pk>/photo/", faults.fault_photo, name="fault-photo"),
    path("repairs/<int:pk>/send/", faults.send_repair, name="repair-send"),
    path("repairs/<int:pk>/return/", faults.return_repair, name="repair-return"),
    path("write-offs/", write_offs.write_off_list, name="write-offs"),
    path("write-offs/new/", write_offs.write_off_new, name="write-off-new"),
    path("write-offs/<int:pk>/", write_offs.write_off_detail, name="write-off"),
    path("write-offs/<int:pk>/act.pdf", write_offs.write_off_pdf, name="write-off-pdf"),
]
