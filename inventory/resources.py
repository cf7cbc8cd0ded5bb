"""django-import-export resources for the institution register and the catalogue.

Both the admin and the officers' register page use these. Exports neutralise text that a
spreadsheet would run as a formula (see spreadsheets.safe_cell); numbers stay numbers.
"""

import io

from import_export import fields, resources, widgets
from import_export.formats import base_formats

from .models import Area, Institution, Item
from .spreadsheets import safe_cell
from .workbooks import check_workbook, register_limits


class CheckedXLSX(base_formats.XLSX):
    """.xlsx for the admin's import, checked from its zip directory before openpyxl unpacks it."""

    def create_dataset(self, in_stream):
        check_workbook(io.BytesIO(in_stream), register_limits())  # raises UnsafeWorkbook
        return super().create_dataset(in_stream)


# The admin imports what the officers' register page takes: .csv and .xlsx (no .ods, another zip).
IMPORT_FORMATS = [base_formats.CSV, CheckedXLSX]


class FormulaSafeResource(resources.ModelResource):
    """Every exported text cell goes through safe_cell, so "=HYPERLINK(...)" stays text in Excel."""

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if isinstance(field.widget, widgets.NumberWidget | widgets.BooleanWidget):
            return value  # a negative coordinate is a number, not a formula
        return safe_cell(value)


class InstitutionResource(FormulaSafeResource):
    """The register, row by row, identified by BIN (its check digit is validated on import)."""

    area = fields.Field(attribute="area", column_name="area_kato",
                        widget=widgets.ForeignKeyWidget(Area, field="code"))
    latitude = fields.Field(attribute="latitude", column_name="latitude",
                            widget=widgets.FloatWidget(coerce_to_string=False))
    longitude = fields.Field(attribute="longitude", column_name="longitude",
                             widget=widgets.FloatWidget(coerce_to_string=False))

    class Meta:
        model = Institution
        import_id_fields = ["bin"]
        fields = ["bin", "name_ru", "name_kk", "name_en", "kind", "area", "settlement", "address", "latitude",
                  "longitude", "has_inclusion_classroom", "phone"]
        export_order = fields
        clean_model_instances = True  # runs the model's validators: BIN check digit, coordinates
        skip_unchanged = True
        report_skipped = True


class ItemResource(FormulaSafeResource):
    """The catalogue, identified by item code, with its names in the three languages."""

    class Meta:
        model = Item
        import_id_fields = ["code"]
        fields = ["code", "name_en", "name_ru", "name_kk", "category", "tracking", "unit_of_measure",
                  "description"]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
