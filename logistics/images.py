"""Uploaded images, checked by their content before anything decodes them: damage photos and
drawn signatures.

A compressed image can be tiny and still claim billions of pixels (a 48 KB PNG of 20,000 × 20,000
unpacks to 1.2 GB): Pillow reads only the header on open, so the pixel count is checked there and
the pixels are decoded only when it is reasonable. Pillow's own guard warns above
Image.MAX_IMAGE_PIXELS (about 89 MP) and raises above twice that; both are refused here.
"""

import io
import warnings

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

PHOTO_FORMATS = ("JPEG", "PNG", "WEBP")


class ImageRefused(Exception):
    """Base of the refusals below; callers turn them into their own translated messages."""


class NotAnImage(ImageRefused):
    """The bytes are not an image in one of the accepted formats, or not a whole one."""


class TooManyPixels(ImageRefused):
    """More pixels than `limit`: a decompression bomb, or a picture far larger than any phone takes."""

    def __init__(self, limit):
        super().__init__(f"more than {limit} pixels")
        self.limit = limit

    @property
    def megapixels(self):
        return max(1, round(self.limit / 1_000_000))


def open_image(source, *, formats, max_pixels):
    """The image in `source` (bytes or a file), header read and pixels not yet decoded.

    Raises NotAnImage unless it is one of `formats`, TooManyPixels above `max_pixels` or above
    Pillow's decompression-bomb threshold."""
    fp = io.BytesIO(source) if isinstance(source, bytes) else source
    max_pixels = min(max_pixels, Image.MAX_IMAGE_PIXELS or max_pixels)  # what Pillow would warn about
    # Pillow only warns between its threshold and twice it; as an error here, the warning refuses
    # the image too. (The filter change is per process, so a concurrent open elsewhere may be
    # refused likewise, never let through.)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(fp, formats=formats)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise TooManyPixels(max_pixels) from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise NotAnImage() from None
    if image.width * image.height > max_pixels:
        raise TooManyPixels(max_pixels)
    return image


def decode(image):
    """Decode the pixels; a truncated or corrupt file is NotAnImage."""
    try:
        image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise NotAnImage() from None
    return image


def photo_jpeg(source):
    """A damage photo as the JPEG bytes to store: upright, no metadata (no GPS), and no larger than
    settings.PHOTO_LONG_SIDE when it has more than settings.MAX_PHOTO_PIXELS.

    Every photo is re-encoded, so what is stored and served is pixels this function wrote, never the
    uploaded file (which may carry the phone's location, or be a polyglot of image and script).
    Refuses as open_image() does; a photo over four times MAX_PHOTO_PIXELS is refused, not shrunk."""
    limit = settings.MAX_PHOTO_PIXELS
    image = open_image(source, formats=PHOTO_FORMATS, max_pixels=4 * limit)
    long_side = settings.PHOTO_LONG_SIDE
    too_big = image.width * image.height > limit
    if too_big:
        image.draft("RGB", (long_side, long_side))  # a JPEG decodes at 1/2, 1/4 or 1/8 scale: less memory
    image = decode(image)
    upright = ImageOps.exif_transpose(image)
    if too_big:
        upright.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    _flatten(upright).save(out, format="JPEG", quality=85, optimize=True)  # no exif=: no metadata
    return out.getvalue()


def _flatten(image):
    """RGB on white: a transparent PNG must not turn black as a JPEG."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")

