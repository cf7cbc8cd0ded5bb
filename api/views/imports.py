"""Delivery imports: the history and each import's outcome; upload a file, read its check, confirm it."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from inventory.permissions import may_import
from logistics.importing import states, tasks, uploads
from logistics.importing.read import max_upload_bytes, too_large
from logistics.models import DeliveryImport

from .. import filters as f
from ..problems import BodyTooLarge, Refusal
from ..serializers import DeliveryImportDetailSerializer, ImportConfirmSerializer, ImportUploadSerializer
from .base import ScopedViewSet, documented


class MayImportToWrite(permissions.BasePermission):
    """Reading finds nothing for others; uploading and confirming is refused outright, as on the pages."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or may_import(request.user)


@documented
class DeliveryImportViewSet(ScopedViewSet):
    """Supplier delivery lists, as procurement officers and administrators see them."""

    serializer_class = DeliveryImportDetailSerializer
    permission_classes = [permissions.IsAuthenticated, MayImportToWrite]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    query_filters = (
        f.by_choice("status", "status", DeliveryImport.Status.values, "Imports in these statuses."),
        f.Filter("uploaded_since", "Imports uploaded at or after this time.",
                 lambda qs, v: qs.filter(uploaded_at__gte=v), f.parse_moment, f.OpenApiTypes.DATETIME),
    )

    def scope(self, user):
        imports = DeliveryImport.objects.select_related("uploaded_by")
        return imports if may_import(user) else imports.none()

    def get_object(self):
        # A job whose worker died shows as failed, as on the page.
        return states.fail_if_stale(super().get_object())

    @extend_schema(summary="Upload a delivery list", request={"multipart/form-data": ImportUploadSerializer},
                   responses={202: DeliveryImportDetailSerializer},
                   description="The file is stored and checked in the background; poll the import until its "
                               "status is `checked` or `rejected`, read `check`, then confirm.")
    def create(self, request):
        declared = int(request.headers.get("Content-Length") or 0)
        if declared > max_upload_bytes() + 1024 * 1024:
            raise BodyTooLarge(too_large(declared))
        form = ImportUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        if upload.size > max_upload_bytes():
            raise BodyTooLarge(too_large(upload.size))
        record = uploads.store(upload, name=upload.name, by=request.user,
                               encoding=form.validated_data.get("encoding", ""))
        tasks.enqueue_check(record.pk)
        record.refresh_from_db()
        return Response(DeliveryImportDetailSerializer(record, context={"request": request}).data,
                        status=status.HTTP_202_ACCEPTED)

    @extend_schema(summary="Confirm a checked import", request=ImportConfirmSerializer,
                   responses={202: DeliveryImportDetailSerializer},
                   description="The same step as the preview page's button: refused (409) unless the import is "
                               "checked, and, when rows have problems, unless `skip_rejected` is true.")
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        record = self.get_object()
        form = ImportConfirmSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            states.claim_for_import(record.pk, by=request.user, skip_rejected=form.validated_data["skip_rejected"])
        except states.TransitionNotAllowed as exc:
            raise Refusal(exc, code="import_not_confirmable") from None
        tasks.enqueue_import(record.pk)
        record.refresh_from_db()
        return Response(DeliveryImportDetailSerializer(record, context={"request": request}).data,
                        status=status.HTTP_202_ACCEPTED)
