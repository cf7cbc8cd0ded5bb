"""Identifiers a person reads or types: the Kazakh BIN and our asset tags.

Both carry a check character, so a mistyped value is rejected instead of being
matched to another organisation or unit.
"""

import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# --- BIN: 12 digits, the last a check digit (weights 1..11, then 3..11,1,2 if the first sum gives 10).
_BIN_WEIGHTS = (range(1, 12), (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2))


def bin_check_digit(first_eleven):
    """The check digit for 11 digits, or None when the number cannot have one (such BINs are never issued)."""
    digits = [int(c) for c in first_eleven]
    for weights in _BIN_WEIGHTS:
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def _is_twelve_digits(value):
    # str.isdigit() also accepts "²" and Arabic-Indic digits, which int() then rejects or a BIN never has.
    return len(value) == 12 and value.isascii() and value.isdigit()


def is_valid_bin(value):
    value = str(value)
    return _is_twelve_digits(value) and bin_check_digit(value[:11]) == int(value[11])


def validate_bin(value):
    value = str(value)
    if not _is_twelve_digits(value):
        raise ValidationError(
            _("A BIN has exactly 12 digits; %(value)s has %(count)s characters."),
            code="bin_length",
            params={"value": value, "count": len(value)},
        )
    if not is_valid_bin(value):
        raise ValidationError(
            _("BIN %(value)s has a wrong check digit; check it against the organisation's documents."),
            code="bin_check_digit",
            params={"value": value},
        )


# --- Asset tags: 7 random characters and a check character from an alphabet without look-alikes.
TAG_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: 31 characters, and 31 is prime
TAG_BODY_LENGTH = 7
TAG_LENGTH = TAG_BODY_LENGTH + 1
_TAG_INDEX = {c: i for i, c in enumerate(TAG_ALPHABET)}


def tag_check_character(body):
    # Weights 1..n modulo a prime: any single substitution changes the sum by d*w != 0, and
    # any swap of two characters by (a-b)*(wi-wj) != 0, so both are always caught.
    total = sum((i + 1) * _TAG_INDEX[c] for i, c in enumerate(body))
    return TAG_ALPHABET[total % len(TAG_ALPHABET)]


_TAG_SPACE = len(TAG_ALPHABET) ** TAG_BODY_LENGTH


def new_asset_tag():
    return new_asset_tags(1)[0]


# Tags are drawn 40 random bits at a time; a draw at or above the largest multiple of the tag space
# that fits in 40 bits is thrown away, so every tag stays equally likely (2.4% of draws are redrawn).
_DRAW_BYTES = 5
_DRAW_LIMIT = (256**_DRAW_BYTES // _TAG_SPACE) * _TAG_SPACE
# The body is written two characters at a time from these tables: each pair's text, and its share of
# the check sum at positions 1–2, 3–4 and 5–6 (weights as in tag_check_character).
_PAIRS = [a + b for a in TAG_ALPHABET for b in TAG_ALPHABET]
_PAIR_SUMS = [[w * _TAG_INDEX[a] + (w + 1) * _TAG_INDEX[b] for a in TAG_ALPHABET for b in TAG_ALPHABET]
              for w in (1, 3, 5)]
_PAIR_SPACE = len(TAG_ALPHABET) ** 2


def new_asset_tags(count):
    """`count` random tags, from one read of the OS's random source: an import makes 100,000 of these.

    Not checked against each other or the database: whoever stores them lets the unique index decide
    (inventory.lifecycle.create_units redraws a tag that clashes).
    """
    tags = []
    pairs, (sums12, sums34, sums56) = _PAIRS, _PAIR_SUMS
    alphabet, size, space, limit = TAG_ALPHABET, len(TAG_ALPHABET), _PAIR_SPACE, _DRAW_LIMIT
    while len(tags) < count:
        data = secrets.token_bytes(_DRAW_BYTES * (count - len(tags) + 8))
        for start in range(0, len(data), _DRAW_BYTES):
            n = int.from_bytes(data[start:start + _DRAW_BYTES], "big")
            if n >= limit:
                continue
            n %= _TAG_SPACE
            n, p12 = divmod(n, space)
            n, p34 = divmod(n, space)
            last, p56 = divmod(n, space)
            check = alphabet[(sums12[p12] + sums34[p34] + sums56[p56] + 7 * last) % size]
            tags.append(pairs[p12] + pairs[p34] + pairs[p56] + alphabet[last] + check)
            if len(tags) == count:
                break
    return tags


def is_well_formed_tag(tag):
    """True when every character is in the alphabet and the check character matches."""
    return (
        len(tag) == TAG_LENGTH
        and all(c in _TAG_INDEX for c in tag)
        and tag_check_character(tag[:-1]) == tag[-1]
    )


def format_tag(tag):
    """The tag as printed on a label, split in two halves for the eye: 'K7QM-X4R9'."""
    return f"{tag[:4]}-{tag[4:]}" if len(tag) == TAG_LENGTH else tag


def complete_bin(first_eleven):
    """The full BIN for 11 digits, or None when no check digit exists for them."""
    check = bin_check_digit(first_eleven)
    return None if check is None else f"{first_eleven}{check}"


# --- Room codes: the same alphabet and check character, two characters shorter than an asset tag,
# so that a typed room code is never read as a unit's tag and the reverse.
ROOM_BODY_LENGTH = 5
ROOM_CODE_LENGTH = ROOM_BODY_LENGTH + 1


def new_room_code():
    body = "".join(secrets.choice(TAG_ALPHABET) for _position in range(ROOM_BODY_LENGTH))
    return body + tag_check_character(body)


def is_well_formed_room_code(code):
    return (
        len(code) == ROOM_CODE_LENGTH
        and all(c in _TAG_INDEX for c in code)
        and tag_check_character(code[:-1]) == code[-1]
    )


def format_room_code(code):
    """The room code as printed on its label, in two halves: 'K7Q-M4X'."""
    return f"{code[:3]}-{code[3:]}" if len(code) == ROOM_CODE_LENGTH else code
