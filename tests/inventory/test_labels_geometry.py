"""Every sheet preset: labels on the paper, print inside what a printer can reach, no overlaps."""

import pytest

from inventory import labels
from inventory.label_presets import PRESETS, UnknownPreset, get_preset
from inventory.labels import Label

from .labels_helpers import pdf_pages


@pytest.mark.parametrize("preset", PRESETS.values(), ids=list(PRESETS))
def test_every_label_box_is_on_the_page_and_its_print_within_the_printable_area(preset):
    boxes = preset.boxes()
    assert len(boxes) == preset.per_sheet == preset.columns * preset.rows
    for position, box in enumerate(boxes, start=1):
        assert preset.page.contains(box), position
        assert preset.printable.contains(preset.content_box(position)), position
        assert box.contains(preset.content_box(position))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)


def test_the_office_sheets_are_there():
    assert (get_preset("a4-3x8-70x37").per_sheet, get_preset("a4-3x8-70x37").label_w) == (24, 70.0)
    assert get_preset("a4-2x5-99x57").per_sheet == 10
    with pytest.raises(UnknownPreset):
        get_preset("a4-1x1-297x210")


def _labels(n):
    return [Label(f"TAG{i:05d}", f"TAG{i:05d}", f"http://t/u/TAG{i:05d}", "Item", "School", "Programme")
            for i in range(n)]


@pytest.mark.parametrize("code", list(PRESETS))
def test_start_at_n_leaves_the_first_places_empty(code):
    preset = get_preset(code)
    start = preset.per_sheet - 2
    pdf = labels.render_sheets(_labels(5), code, start=start)
    pages = pdf_pages(pdf, dpi=100)
    assert len(pages) == 2  # three labels fill the first sheet, two go on the second

    def occupied(page):
        """The places whose box holds any dark pixel."""
        scale = page.width / (preset.page_w)
        places = set()
        for position in range(1, preset.per_sheet + 1):
            box = preset.label_box(position)
            crop = page.crop((round(box.x * scale) + 2, round((preset.page_h - box.top) * scale) + 2,
                              round(box.right * scale) - 2, round((preset.page_h - box.y) * scale) - 2))
            if crop.getextrema()[0] < 128:
                places.add(position)
        return places

    assert occupied(pages[0]) == set(range(start, preset.per_sheet + 1))
    assert occupied(pages[1]) == {1, 2}


def test_copies_print_each_label_side_by_side():
    pdf = labels.render_sheets(_labels(2), "a4-3x8-70x37", copies=3)
    from .labels_helpers import read_pdf

    assert sorted(read_pdf(pdf)["code128"]) == ["TAG00000"] * 3 + ["TAG00001"] * 3
