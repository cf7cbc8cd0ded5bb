from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TrilingualName(models.Model):
    """A name kept in the programme's three languages; `name` picks the reader's."""

    name_en = models.CharField(_("name (English)"), max_length=255)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_in(get_language())

    def name_in(self, language):
        language = (language or "ru")[:2]
        return getattr(self, f"name_{language}", "") or self.name_ru or self.name_en
