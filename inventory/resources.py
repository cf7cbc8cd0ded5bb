"""django-import-export resources for the institution register and the catalogue."""

from import_export import resources

from .models import Institution, Item


class InstitutionResource(resources.ModelResource):
    class Meta:
        model = Institution
        import_id_fields = ["bin"]
        fields = ["bin", "name_ru", "name_kk", "name_en", "kind", "settlement", "address", "latitude",
                  "longitude", "has_inclusion_classroom"]


class ItemResource(resources.ModelResource):
    class Meta:
        model = Item
        import_id_fields = ["code"]
        fields = ["code", "name_en", "name_ru", "name_kk", "category", "tracking", "description"]
