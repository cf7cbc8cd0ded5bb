"""A photo uploaded through a form (a damaged unit at receipt, a fault reported from a label): the size
limit and the image checks of logistics.images, as the form error the person sees."""

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from . import images


def checked_photo(photo):
    """The upload re-encoded as a JPEG ready to store, or a ValidationError saying what is wrong with it."""
    limit = settings.MAX_PHOTO_UPLOAD_MB
    if photo.size > limit * 1024 * 1024:
        raise forms.ValidationError(_("The photo is larger than %(mb)s MB.") % {"mb": limit})
    try:
        jpeg = images.photo_jpeg(photo)
    except images.NotAnImage:
        raise forms.ValidationError(_("The file is not a photo (JPEG, PNG or WebP).")) from None
    except images.TooManyPixels as exc:
        raise forms.ValidationError(
            _("The photo has too many pixels; photos of up to %(mp)s megapixels are accepted.")
            % {"mp": exc.megapixels}) from None
    photo = ContentFile(jpeg, name="photo.jpg")
    photo.checked_content_type = "image/jpeg"
    return photo
