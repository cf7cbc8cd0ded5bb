"""A label read back by a phone and a scanner: from the PDF sheet and from the single PNG/SVG."""

from io import BytesIO
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.utils import translation
from pypdf import PdfReader

from inventory import label_images, labels
from inventory.label_codes import LabelError
from inventory.label_presets import PRESETS, UnknownPreset
from inventory.labels import Label
from tests import factories

from .labels_helpers import kazakh_item, read_pdf, read_png

KAZAKH = "әғқңөүұһі"


@pytest.fixture
def kit(school, officer):
    return factories.shipment(school, units=5, of_item=kazakh_item(), by=officer)


def _labels(kit, language="kk"):
    units = kit.units.select_related("item", "holder").order_by("serial")
    return list(labels.labels_for(units, language, site_url=settings.SITE_URL, programme=settings.PROGRAMME_NAME))


def test_every_code_on_a_printed_sheet_reads_back_as_its_unit(kit):
    pdf = labels.render_sheets(_labels(kit), "a4-3x8-70x37")
    codes = read_pdf(pdf)
    tags = sorted(kit.units.values_list("asset_tag", flat=True))
    assert sorted(codes["code128"]) == tags
    assert sorted(codes["qr"]) == [f"{settings.SITE_URL}/u/{tag}" for tag in tags]


@pytest.mark.parametrize("preset", list(PRESETS))
def test_the_single_label_png_reads_back_on_every_sheet_size(kit, preset):
    unit = kit.units.first()
    png = label_images.render_png(next(
        labels.labels_for([unit], "ru", site_url=settings.SITE_URL, programme=settings.PROGRAMME_NAME)), preset)
    assert read_png(png) == {"qr": [f"{settings.SITE_URL}/u/{unit.asset_tag}"], "code128": [unit.asset_tag]}


def test_kazakh_letters_are_text_in_the_pdf(kit):
    pdf = labels.render_sheets(_labels(kit, "kk"), "a4-2x5-99x57")
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert KAZAKH in text
    assert kit.units.first().display_tag in text
    assert kit.destination.name_kk in text
    with translation.override("kk"):  # the programme is named in the label's language too
        assert str(settings.PROGRAMME_NAME) in text and "8709-KZ" in text
    assert len(pdf) < 100_000  # fonts are subset: tens of kilobytes, not two 670 KB font files


def test_russian_is_chosen_by_language(kit):
    pdf = labels.render_sheets(_labels(kit, "ru"), "a4-3x8-70x37")
    text = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    assert "Сенсорная панель" in text and KAZAKH not in text


def test_letters_the_font_lacks_are_marked_not_dropped():
    label = Label("K7QMX4R9", "K7QM-X4R9", "http://t/u/K7QMX4R9", "Доска 中文", "School", "P")
    assert labels.unprintable_characters(label.item_name) == ["中", "文"]
    pdf = labels.render_sheets([label], "a4-3x8-70x37")
    text = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    assert "Доска" in text and labels.REPLACEMENT in text and "中" not in text
    assert read_pdf(pdf)["code128"] == ["K7QMX4R9"]


def test_the_svg_is_well_formed_and_escapes_names():
    label = Label("K7QMX4R9", "K7QM-X4R9", "http://t/u/K7QMX4R9", "<script>alert(1)</script> & Co", "Мектеп", "P")
    svg = label_images.render_svg(label)
    root = ElementTree.fromstring(svg.encode())  # noqa: S314 - our own output, not untrusted input
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "K7QM-X4R9" in texts and any("<script>" in (t or "") for t in texts)
    assert "<script>" not in svg


def test_long_names_are_wrapped_and_cut_within_the_label():
    name = "Очень длинное название учебного пособия для развития мелкой моторики и сенсорного восприятия " * 3
    lines = labels.fit_lines(name, "bold", 7, 100, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert labels.fit_lines("Ааааааааааааааааааааааааааааааааааааааа", "regular", 7, 50, 2)[0]


def test_the_calibration_page_numbers_every_place():
    for code, preset in PRESETS.items():
        text = PdfReader(BytesIO(labels.render_calibration(code))).pages[0].extract_text()
        assert {str(n) for n in range(1, preset.per_sheet + 1)} <= set(text.split()), code
        assert "100 mm" in text


@pytest.mark.parametrize(("count", "preset", "start", "copies", "message"), [
    (0, "a4-3x8-70x37", 1, 1, "no units"),
    (200_000, "a4-3x8-70x37", 1, 1, "at most"),
    (30_000, "a4-3x8-70x37", 1, 2, "at most"),
    (3, "a4-3x8-70x37", 25, 1, "between 1 and 24"),
    (3, "a4-2x5-99x57", 0, 1, "between 1 and 10"),
    (3, "a4-3x8-70x37", 1, 11, "Copies"),
])
def test_it_refuses_a_request_that_cannot_make_a_good_pdf(count, preset, start, copies, message):
    with pytest.raises(LabelError, match=message):
        labels.check_request(count, preset, start, copies)


def test_it_refuses_an_unknown_sheet_and_an_empty_list():
    with pytest.raises(UnknownPreset, match="no label sheet"):
        labels.render_sheets([], "letter-30")
    with pytest.raises(LabelError):
        labels.render_sheets([], "a4-3x8-70x37")


def test_the_longest_kazakh_names_in_the_catalogue_fit_uncut_on_the_smallest_labels():
    # 63.5 × 33.9 mm: the name shrinks and takes a third line before it would be cut with "…".
    from catalog_data.items import ITEMS

    lay = labels.layout(*PRESETS["a4-3x8-63x34"].label_content_size)
    longest = sorted((row[5] for row in ITEMS), key=len)[-10:]
    for name in longest:
        size, lines = labels.fit_item(name, lay.body_size, lay.text_w)
        assert " ".join(lines) == labels.printable(name), name
        assert size >= labels.SMALLEST_ITEM_PT


def test_a_short_name_keeps_the_body_size_and_the_destination_its_lines():
    lay = labels.layout(*PRESETS["a4-3x8-63x34"].label_content_size)
    label = Label("K7QMX4R9", "K7QM-X4R9", "http://t/u/K7QMX4R9", "Логопедиялық жинақ",
                  "№ 7 жалпы білім беретін мектеп-гимназиясы, Қарағанды қаласы", "P")
    drawn = labels.text_lines(label, lay)
    assert drawn[1][1] == lay.body_size
    assert sum(1 for style, *_ in drawn[1:] if style == "regular") >= 3  # the destination, then the programme


@pytest.mark.parametrize("code", list(PRESETS))
def test_the_calibration_caption_stays_inside_one_label_clear_of_the_outlines(code):
    preset = PRESETS[code]
    middle = preset.content_box((preset.rows // 2) * preset.columns + 1)
    placed = []
    page = PdfReader(BytesIO(labels.render_calibration(code))).pages[0]
    page.extract_text(visitor_text=lambda text, cm, tm, font, size: placed.append((text, tm[4], tm[5], size)))
    caption = [(text.strip(), x, y, size) for text, x, y, size in placed if len(text.strip()) > 3]
    assert any("100 mm" in text for text, *_ in caption), placed
    mm = 72 / 25.4
    for text, x, y, size in caption:
        right = x + labels.pdfmetrics.stringWidth(text, labels.FONTS["regular"], size)
        assert middle.x * mm <= x and right <= (middle.x + middle.w) * mm, text
        assert middle.y * mm <= y <= (middle.y + middle.h) * mm, text
