"""Reading labels back the way a phone or a handheld scanner would: zxing-cpp on rendered pixels."""

from io import BytesIO

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image

from inventory.models import Item


def kazakh_item():
    return Item.objects.create(code="SP-01", name_en="Sensory panel", name_ru="Сенсорная панель",
                               name_kk="Сенсорлық панель әғқңөүұһі", category=Item.Category.DIDACTIC_KIT)


def pdf_pages(pdf_bytes, dpi=200):
    document = pdfium.PdfDocument(pdf_bytes)
    return [page.render(scale=dpi / 72, grayscale=True).to_pil() for page in document]


def read_codes(image):
    """{"qr": [texts], "code128": [texts]} of every code zxing-cpp finds on the image."""
    found = {"qr": [], "code128": []}
    for result in zxingcpp.read_barcodes(image):
        if result.format == zxingcpp.BarcodeFormat.QRCode:
            found["qr"].append(result.text)
        elif result.format == zxingcpp.BarcodeFormat.Code128:
            found["code128"].append(result.text)
    return found


def read_png(png_bytes):
    return read_codes(Image.open(BytesIO(png_bytes)))


def read_pdf(pdf_bytes):
    found = {"qr": [], "code128": []}
    for page in pdf_pages(pdf_bytes):
        for kind, texts in read_codes(page).items():
            found[kind] += texts
    return found
