"""BINs and asset tags carry check characters, so a typing slip is caught rather than matched."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from inventory.identifiers import (
    TAG_ALPHABET,
    format_tag,
    is_valid_bin,
    is_well_formed_tag,
    new_asset_tag,
    validate_bin,
)

REAL_BINS = ["940140000385",  # Halyk Bank of Kazakhstan
             "971240001315"]  # Kaspi Bank


@pytest.mark.parametrize("bin_", REAL_BINS)
def test_real_bins_are_valid(bin_):
    assert is_valid_bin(bin_)
    validate_bin(bin_)


@pytest.mark.parametrize("bin_", ["94014000038²",  # a superscript two: str.isdigit() says yes, int() no
                                  "٩٤٠١٤٠٠٠٠٣٨٥"])  # Halyk's BIN in Arabic-Indic digits
def test_it_rejects_digits_that_are_not_ascii_with_a_message(bin_):
    assert not is_valid_bin(bin_)
    with pytest.raises(ValidationError) as refused:
        validate_bin(bin_)
    assert refused.value.code == "bin_length"


@pytest.mark.parametrize("bin_", REAL_BINS)
def test_a_wrong_check_digit_is_always_caught(bin_):
    for digit in "0123456789":
        if digit != bin_[-1]:
            assert not is_valid_bin(bin_[:-1] + digit)


@pytest.mark.parametrize("bin_", REAL_BINS)
def test_nearly_every_single_digit_slip_in_a_real_bin_is_caught(bin_):
    # The official mod-11 scheme gives the eleventh digit the weight 11 and falls back to a second
    # set of weights, so a few slips pass; for these real BINs 98 of the 108 are caught.
    slips = [bin_[:p] + d + bin_[p + 1:] for p, d in itertools.product(range(12), "0123456789")]
    slips = [s for s in slips if s != bin_]
    caught = sum(not is_valid_bin(s) for s in slips)
    assert caught >= 98


@pytest.mark.parametrize("value", ["94014000038", "9401400003855", "94014000038A", "", "40140000385"])
def test_it_rejects_bins_of_the_wrong_shape(value):
    with pytest.raises(ValidationError) as refused:
        validate_bin(value)
    assert refused.value.code == "bin_length"


def test_it_names_the_check_digit_when_it_is_wrong():
    with pytest.raises(ValidationError) as refused:
        validate_bin("940140000386")
    assert refused.value.code == "bin_check_digit"


def test_new_tags_are_well_formed_and_use_no_look_alikes():
    for _ in range(500):
        tag = new_asset_tag()
        assert is_well_formed_tag(tag)
        assert not set(tag) & set("0O1IL")


def test_every_one_character_change_of_a_tag_is_rejected():
    for _ in range(50):
        tag = new_asset_tag()
        for position, char in itertools.product(range(len(tag)), TAG_ALPHABET):
            typo = tag[:position] + char + tag[position + 1:]
            if typo != tag:
                assert not is_well_formed_tag(typo), (tag, typo)


def test_every_swap_of_two_different_characters_is_rejected():
    for _ in range(100):
        tag = new_asset_tag()
        for i, j in itertools.combinations(range(len(tag)), 2):
            if tag[i] != tag[j]:
                swapped = list(tag)
                swapped[i], swapped[j] = swapped[j], swapped[i]
                assert not is_well_formed_tag("".join(swapped)), (tag, i, j)


def test_a_tag_is_printed_in_two_halves():
    assert format_tag("K7QMX4R9") == "K7QM-X4R9"
