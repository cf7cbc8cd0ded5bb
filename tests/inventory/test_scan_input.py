"""Whatever a scanner or a person sends resolves to the same tag, or to a precise reason why not."""

import pytest

from inventory.identifiers import TAG_ALPHABET, new_asset_tag, tag_check_character
from inventory.scan_input import _KAZAKH, _RUSSIAN, _US, LOOKALIKES, Problem, read_scan

TAG = "K7QMX4R" + tag_check_character("K7QMX4R")
URL = f"https://equipment.example.kz/u/{TAG}"


def typed_in(layout, text):
    """The characters a wedge scanner produces for `text` when the computer's layout is `layout`."""
    keys = {us: typed for typed_row, us_row in zip(layout, _US, strict=True)
            for typed, us in zip(typed_row, us_row, strict=True)}
    return "".join(keys.get(c, c) for c in text)


@pytest.mark.parametrize("sent", [
    TAG, TAG.lower(), f"{TAG[:4]}-{TAG[4:]}", f"  {TAG[:4]} {TAG[4:]}\r\n", URL, URL + "/", URL + "?from=label",
    f"http://127.0.0.1:8000/u/{TAG.lower()}", f"]Q1{URL}", URL.upper(),
])
def test_the_tag_the_url_and_their_spellings_give_the_same_tag(sent):
    assert read_scan(sent).tags == (TAG,)


@pytest.mark.parametrize("layout", [_RUSSIAN, _KAZAKH], ids=["russian", "kazakh"])
@pytest.mark.parametrize("sent", [TAG, URL, f"http://127.0.0.1:8000/u/{TAG}", f"{TAG[:4]}-{TAG[4:]}"])
def test_a_wedge_scanner_under_a_cyrillic_layout_gives_the_same_tag(layout, sent):
    keys = typed_in(layout, sent)
    assert keys != sent
    assert read_scan(keys).tag == TAG


def test_the_kazakh_digit_row_types_kazakh_letters_and_they_are_read_as_digits():
    tag = "23456789"[:7]
    tag += tag_check_character(tag)
    keys = typed_in(_KAZAKH, tag)
    assert set(keys[:7]) <= set("әіңғ,.үұ")
    assert read_scan(keys).tag == tag


def test_a_shifted_tag_under_the_russian_layout_keeps_its_digits():
    assert typed_in(_RUSSIAN, TAG) == "Л7ЙЬЧ4К" + typed_in(_RUSSIAN, TAG[-1])
    assert read_scan("Л7ЙЬЧ4К" + typed_in(_RUSSIAN, TAG[-1])).tag == TAG


def test_cyrillic_letters_drawn_like_latin_ones_are_read_as_latin():
    homoglyphs = TAG.replace("K", "К").replace("M", "М")
    assert homoglyphs != TAG
    assert read_scan(homoglyphs).tag == TAG


@pytest.mark.parametrize("misread", sorted(LOOKALIKES))
def test_a_lookalike_character_is_resolved_by_the_check_character(misread):
    for _ in range(200):
        tag = new_asset_tag()
        if any(c in LOOKALIKES[misread] for c in tag[1:-1]):
            break
    position = next(i for i, c in enumerate(tag) if c in LOOKALIKES[misread] and 0 < i < 7)
    sent = tag[:position] + misread + tag[position + 1:]
    assert read_scan(sent).tags == (tag,)


def test_a_mistyped_tag_is_reported_as_mistyped_not_matched_to_another():
    wrong = TAG[:3] + next(c for c in TAG_ALPHABET if c != TAG[3]) + TAG[4:]
    result = read_scan(wrong)
    assert result.problem == Problem.MISTYPED
    assert result.tags == ()
    assert result.typed == wrong


def test_two_swapped_characters_are_a_mistyped_tag():
    swapped = TAG[1] + TAG[0] + TAG[2:]
    assert read_scan(swapped).problem == Problem.MISTYPED


def test_a_missing_character_is_a_mistyped_tag():
    assert read_scan(TAG[:-1]).problem == Problem.MISTYPED


@pytest.mark.parametrize("sent", ["4006381333931", "https://example.com/product/42", "hello world", "Ж№№"])
def test_something_that_is_not_a_label_is_not_a_tag(sent):
    result = read_scan(sent)
    assert result.problem == Problem.NOT_A_TAG
    assert result.tag is None


@pytest.mark.parametrize("sent", ["", "   ", "\r\n", None])
def test_nothing_sent_is_empty(sent):
    assert read_scan(sent).problem == Problem.EMPTY


def test_every_random_tag_survives_every_path():
    for _ in range(300):
        tag = new_asset_tag()
        url = f"https://x.kz/u/{tag}"
        for sent in (tag, tag.lower(), url, typed_in(_RUSSIAN, url), typed_in(_KAZAKH, url), typed_in(_KAZAKH, tag)):
            assert tag in read_scan(sent).tags, sent
