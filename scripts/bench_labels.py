#!/usr/bin/env python
"""Benchmark: label sheets for a whole import, through the real renderer (inventory.labels).

    .venv/bin/python scripts/bench_labels.py --units 20000

Renders one PDF of `--units` labels (70 × 37 mm, 24 a sheet, Kazakh names), then, in the same run:
  (a) the floor: encoding the same URLs as QR codes with zxing-cpp's C++ encoder;
  (b) qrcode with its default settings (all eight masks tried, segment optimiser on);
and renders a sample of pages to images (pypdfium2) and decodes every QR code and barcode on them
with zxing-cpp, comparing each with the label that should be there.

Figures on the last line: seconds (PDF render), labels_per_s, floor_ratio = seconds / floor seconds
(how far the whole label is from bare C++ QR encoding), default_qrcode_ratio = qrcode-default
seconds / seconds (how many times longer qrcode's defaults take only to encode the QR codes than we
take for the whole PDF), bytes_per_label, peak_mb (peak resident memory of this process),
decoded=K/N (codes read back correctly / codes on the sampled pages).
"""

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import pypdfium2 as pdfium  # noqa: E402
import qrcode  # noqa: E402
import zxingcpp  # noqa: E402
from django.conf import settings  # noqa: E402

from inventory import labels  # noqa: E402
from inventory.identifiers import format_tag, new_asset_tag  # noqa: E402
from inventory.label_presets import get_preset  # noqa: E402

PRESET = "a4-3x8-70x37"
ITEMS = ["Сенсорлық панель «Жұлдыз» әғқңөүұһі", "Брайль дисплейі Focus 40", "Арнайы үстел, биіктігі реттелетін",
         "Логопедиялық зондтар жинағы", "Монтессори дидактикалық жиынтығы", "Ұлғайтқыш бейнелупа"]
SCHOOLS = [f"Қарағанды қаласының №{n} жалпы білім беретін мектебі" for n in range(1, 41)]


def make_labels(n, rng):
    site = settings.SITE_URL
    tags = set()
    while len(tags) < n:
        tags.add(new_asset_tag())
    return [labels.Label(tag, format_tag(tag), f"{site}/u/{tag}", rng.choice(ITEMS), SCHOOLS[i * 40 // n],
                         settings.PROGRAMME_NAME) for i, tag in enumerate(sorted(tags))]


def timed(title, work):
    print(f"{title}…", flush=True)
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    print(f"  {seconds:.2f} s", flush=True)
    return seconds, result


def decode_sample(pdf, label_list, pages, dpi):
    """(codes read back as expected, codes expected) on the sampled pages."""
    per_sheet = get_preset(PRESET).per_sheet
    document = pdfium.PdfDocument(pdf)
    good = total = 0
    for index in pages:
        expected = label_list[index * per_sheet:(index + 1) * per_sheet]
        image = document[index].render(scale=dpi / 72, grayscale=True).to_pil()
        found = {"qr": [], "bar": []}
        for result in zxingcpp.read_barcodes(image):
            kind = "qr" if result.format == zxingcpp.BarcodeFormat.QRCode else "bar"
            found[kind].append(result.text)
        for kind, want in (("qr", [lab.url for lab in expected]), ("bar", [lab.tag for lab in expected])):
            total += len(want)
            remaining = list(found[kind])
            for text in want:
                if text in remaining:
                    remaining.remove(text)
                    good += 1
        print(f"  page {index + 1}: {len(found['qr'])} QR, {len(found['bar'])} Code128", flush=True)
    document.close()
    return good, total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=20000)
    parser.add_argument("--sample-pages", type=int, default=12, help="pages rendered and decoded")
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--default-qrcode-units", type=int, default=None,
                        help="encode only this many URLs with qrcode's defaults and scale up (default: all)")
    parser.add_argument("--save", help="write the PDF here")
    args = parser.parse_args()
    rng = random.Random(8709)
    label_list = make_labels(args.units, rng)
    labels.register_fonts()  # loading the font files is start-up, not rendering

    cpu = time.process_time()
    seconds, pdf = timed(f"rendering {args.units} labels to PDF ({PRESET})",
                         lambda: labels.render_sheets(label_list, PRESET, title="bench"))
    cpu = time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  {cpu:.2f} s of CPU (the rest is waiting for a core), {len(pdf):,} bytes, "
          f"{len(pdf) / args.units:.0f} bytes a label, peak {peak_mb:.0f} MB", flush=True)
    if args.save:
        Path(args.save).write_bytes(pdf)

    urls = [label.url for label in label_list]
    def floor_encode():  # each symbol is dropped at once, as the renderer drops its matrices
        for u in urls:
            zxingcpp.create_barcode(u, zxingcpp.BarcodeFormat.QRCode)

    floor, _ = timed("floor: zxing-cpp C++ QR encoder, same URLs", floor_encode)

    def default_qrcode():
        for u in urls[:args.default_qrcode_units or len(urls)]:
            qr = qrcode.QRCode()
            qr.add_data(u)
            qr.make(fit=True)

    default, _ = timed("qrcode with default settings", default_qrcode)
    if args.default_qrcode_units:
        default *= len(urls) / min(args.default_qrcode_units, len(urls))
        print(f"  scaled to {len(urls)} URLs: {default:.2f} s")

    document = pdfium.PdfDocument(pdf)
    page_count = len(document)
    document.close()
    sample = sorted({0, page_count - 1, *rng.sample(range(page_count), min(args.sample_pages, page_count))})
    print(f"decoding {len(sample)} of {page_count} pages at {args.dpi} dpi…", flush=True)
    good, total = decode_sample(pdf, label_list, sample, args.dpi)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"units={args.units} seconds={seconds:.2f} labels_per_s={args.units / seconds:.0f} "
          f"floor_ratio={seconds / floor:.2f} default_qrcode_ratio={default / seconds:.2f} "
          f"bytes_per_label={len(pdf) / args.units:.0f} peak_mb={peak_mb:.0f} decoded={good}/{total}")


if __name__ == "__main__":
    main()
