"""The QR codes on sheets are bit for bit the ones qrcode draws with our fixed mask; every barcode
reads back as its tag."""

import random

import pytest
import zxingcpp
from PIL import Image, ImageDraw

from inventory.identifiers import new_asset_tag
from inventory.label_codes import BatchQREncoder, LabelError, barcode_runs, pack_bits, qr_matrix


def test_batch_encoder_draws_exactly_what_qrcode_draws():
    encoder = BatchQREncoder()
    rng = random.Random(7)
    urls = [f"https://equipment.example.kz/u/{new_asset_tag()}" for _ in range(40)]
    urls += [f"http://127.0.0.1:{rng.randint(8000, 8999)}/u/{new_asset_tag()}" for _ in range(20)]
    urls += ["http://x/u/" + "".join(rng.choice("ab") for _ in range(n)) for n in range(1, 12)]
    for url in urls:
        matrix = qr_matrix(url)
        assert encoder.encode(url) == (len(matrix), pack_bits(matrix)), url


def test_a_fixed_mask_still_picks_the_smallest_version():
    assert len(qr_matrix("https://equipment.example.kz/u/K7QMX4R9")) == 29  # version 3


def test_barcode_bars_are_the_code128_pattern():
    from barcode.codex import Code128

    runs, modules = barcode_runs("K7QMX4R9")
    drawn = ["0"] * modules
    for start, width in runs:
        drawn[start:start + width] = ["1"] * width
    assert "".join(drawn) == Code128("K7QMX4R9").build()[0]


@pytest.mark.parametrize("tag", ["K7QMX4R9", "99JHFGJM", "2345ABCD", "9999ABCD"])
def test_every_barcode_reads_back_as_its_tag(tag):
    # 99JH-FGJM: python-barcode's own encoder dropped a leading "99", and the label read JHFGJM.
    runs, modules = barcode_runs(tag)
    image = Image.new("L", ((modules + 20) * 4, 80), 255)
    draw = ImageDraw.Draw(image)
    for start, width in runs:
        draw.rectangle(((10 + start) * 4, 10, (10 + start + width) * 4 - 1, 69), fill=0)
    assert [(r.format, r.text) for r in zxingcpp.read_barcodes(image)] == [(zxingcpp.BarcodeFormat.Code128, tag)]


@pytest.mark.parametrize("tag", ["", "ТЕГ-1", "A\x00B"])
def test_it_refuses_a_tag_a_barcode_cannot_carry(tag):
    with pytest.raises(LabelError, match="barcode"):
        barcode_runs(tag)
