"""URL routes of the imports screens; logistics/urls.py joins them under the "logistics" namespace."""

from django.urls import path

from .views import imports, registers

urlpatterns = [
    path("imports/", imports.import_list, name="imports"),
    path("imports/upload/", imports.import_upload, name="import-upload"),
    path("imports/template.xlsx", imports.import_template, name="import-template"),
    path("imports/<int:pk>/", imports.import_detail, name="import"),
    path("imports/<int:pk>/status/", imports.import_status, name="import-status"),
    path("imports/<int:pk>/confirm/", imports.import_confirm, name="import-confirm"),
    path("imports/<int:pk>/recheck/", imports.import_recheck, name="import-recheck"),
    path("imports/<int:pk>/retry/", imports.import_retry, name="import-retry"),
    path("imports/<int:pk>/file/", imports.import_file, name="import-file"),
    path("imports/<int:pk>/rejected.xlsx", imports.import_rejected, name="import-rejected"),
    path("registers/", registers.register_page, name="registers"),
    path("registers/<str:register>/export.<str:file_format>", registers.register_export, name="register-export"),
    path("registers/<str:register>/check/", registers.register_try, name="register-try"),
    path("registers/<str:register>/confirm/", registers.register_confirm, name="register-confirm"),
]
