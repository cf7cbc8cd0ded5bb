from django.db import migrations

from inventory.reference import NEEDS, SPHERES


def load(apps, schema_editor):
    for model_name, rows in (("DevelopmentSphere", SPHERES), ("NeedCategory", NEEDS)):
        model = apps.get_model("inventory", model_name)
        for position, (code, en, ru, kk) in enumerate(rows):
            model.objects.update_or_create(
                code=code, defaults={"name_en": en, "name_ru": ru, "name_kk": kk, "position": position})


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
