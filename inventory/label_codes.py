"""The two machine-readable codes on a label: a QR code of the unit's URL and a Code128 of its tag.

`qrcode` is the encoder. Its default tries all eight masks and keeps the "best" (about 4 ms a
code); every mask reads equally well, so we fix one, and with it the version, for each URL length.

For a batch we go one step further without leaving qrcode: with the version, error-correction
level and mask fixed, a QR matrix is an affine function of its data bits over GF(2) (byte-mode
header and padding are fixed by the length, Reed–Solomon is linear, placement is a permutation and
the mask an XOR). So `BatchQREncoder` lets qrcode encode one URL of the batch, plus one URL per data
bit that differs somewhere in the batch (64 for an 8-character tag), and builds every other code by
XOR-ing those — bit for bit what qrcode would have drawn (tests/inventory/test_label_codes.py
checks it against qrcode directly), at a few microseconds a code.
"""

from functools import lru_cache

import qrcode
from barcode.charsets import code128
from django.utils.translation import gettext as _
from qrcode.constants import ERROR_CORRECT_M
from qrcode.util import MODE_8BIT_BYTE, QRData

QR_MASK = 4  # any fixed mask reads as well as the "best" one; searching all eight costs 6× the time
QR_LEVEL = ERROR_CORRECT_M  # 15 % of the code may be scuffed or torn and it still reads


class LabelError(ValueError):
    """The message is translated and can be shown to the user as it is."""


@lru_cache(maxsize=64)
def qr_version(length):
    """The smallest QR version holding `length` bytes at our error-correction level."""
    qr = qrcode.QRCode(error_correction=QR_LEVEL, mask_pattern=QR_MASK, border=0)
    qr.add_data(QRData(b"x" * length, MODE_8BIT_BYTE))
    return qr.best_fit()


def qr_matrix(data):
    """The QR code of `data` (str or bytes) as rows of booleans (True = dark), no quiet zone."""
    data = data.encode("utf-8") if isinstance(data, str) else data
    qr = qrcode.QRCode(version=qr_version(len(data)), error_correction=QR_LEVEL, mask_pattern=QR_MASK, border=0)
    # One byte-mode segment: qrcode's segment optimiser only costs time on a short URL.
    qr.add_data(QRData(data, MODE_8BIT_BYTE))
    qr.make(fit=False)
    return qr.modules


def row_bytes(size):
    return (size + 7) // 8


def pack_bits(matrix):
    """A 1-bit image of the matrix, rows padded to whole bytes, 0 = black (as PDF's DeviceGray wants)."""
    n = len(matrix)
    pad = "1" * ((-n) % 8)
    return b"".join(int("".join("0" if dark else "1" for dark in row) + pad, 2).to_bytes(row_bytes(n), "big")
                    for row in matrix)


class BatchQREncoder:
    """Packed 1-bit QR images (see `pack_bits`) for many URLs, as qrcode draws them, fast."""

    def __init__(self):
        self._bases = {}  # length -> (data, size, packed image as an int)
        self._deltas = {}  # (length, position, value) -> int to XOR onto the base

    def _base(self, data):
        length = len(data)
        if length not in self._bases:
            matrix = qr_matrix(data)
            self._bases[length] = (data, len(matrix), int.from_bytes(pack_bits(matrix), "big"))
        return self._bases[length]

    def _bit_delta(self, base, position, bit):
        key = (len(base[0]), position, -1 - bit)
        if key not in self._deltas:
            changed = bytearray(base[0])
            changed[position] ^= 1 << bit
            self._deltas[key] = int.from_bytes(pack_bits(qr_matrix(bytes(changed))), "big") ^ base[2]
        return self._deltas[key]

    def _delta(self, base, position, value):
        key = (len(base[0]), position, value)
        if key not in self._deltas:
            delta, flips = 0, value ^ base[0][position]
            for bit in range(8):
                if flips >> bit & 1:
                    delta ^= self._bit_delta(base, position, bit)
            self._deltas[key] = delta
        return self._deltas[key]

    def encode(self, text):
        """(size in modules, packed image) of the QR code of `text`."""
        data = text.encode("utf-8")
        base = self._base(data)
        image = base[2]
        for position, (have, want) in enumerate(zip(base[0], data, strict=True)):
            if have != want:
                image ^= self._delta(base, position, want)
        size = base[1]
        return size, image.to_bytes(row_bytes(size) * size, "big")


def barcode_runs(tag):
    """Code128 of `tag` as (first module, width in modules) of each bar, and the total modules."""
    if not tag or not tag.isascii() or not tag.isprintable():
        raise LabelError(_("The asset tag %(tag)s has characters a barcode cannot carry.") % {"tag": tag})
    pattern = code128_pattern(tag)
    runs, start = [], None
    for i, bit in enumerate(pattern + "0"):
        if bit == "1" and start is None:
            start = i
        elif bit == "0" and start is not None:
            runs.append((start, i - start))
            start = None
    return runs, len(pattern)


def code128_pattern(text):
    """Code128 of `text` in code set B throughout, as a string of modules ("1" a bar, "0" a space).

    An asset tag is eight digits and capitals, which set B carries one symbol each. python-barcode's
    own encoder switches to set C for leading digits and then, tidying its start code, drops a
    leading "99" (it takes the digit pair for a CODE C symbol), so 99JH-FGJM read back as JHFGJM;
    its tables are used here, its encoder is not.
    """
    values = [code128.START_CODES["B"], *(code128.B[c] for c in text)]
    checksum = (values[0] + sum(i * v for i, v in enumerate(values[1:], start=1))) % 103
    return "".join(code128.CODES[v] for v in [*values, checksum]) + code128.STOP + "11"
