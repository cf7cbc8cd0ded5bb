"""Which column holds what: header recognition in Russian, Kazakh and English.

Suppliers type headers by hand, so a header is compared after folding case, spacing, punctuation
and the «№»/«No.» marks away. The header row is the first row among the top ones that names the
required columns; anything above it is a title block and is skipped.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .fields import FIELDS, REQUIRED, label
from .messages import UnreadableFile

# The header row is looked for among this many rows at the top; above it is a title block.
HEADER_SEARCH_ROWS = 30

_FOLD_MARKS = re.compile(r"(?:№|\bno\b\.?|\bnr\b\.?|#|н/н|п/п)", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=4096)  # the same supplier and header texts repeat on every row
def fold(text):
    """Header text compared without case, «№»/«No.» marks, punctuation or extra spaces."""
    text = str(text).lower().replace("ё", "е")
    text = _FOLD_MARKS.sub(" ", text)
    return " ".join(_NON_WORD.sub(" ", text).replace("_", " ").split())


_EXACT = {fold(spelling): name for name, column in FIELDS.items() for spelling in column.spellings}
# For headers with extra words ("БИН получателя (12 цифр)"): every word of a spelling must appear.
_BY_WORDS = sorted(((set(fold(s).split()), name) for name, column in FIELDS.items() for s in column.spellings),
                   key=lambda pair: -len(pair[0]))


def recognise(text):
    """The field a header names, or None. "Ru / Kk / En" headers (our template) match on any part."""
    for part in [text, *re.split(r"[/\n|]", str(text))]:
        folded = fold(part)
        if not folded:
            continue
        if folded in _EXACT:
            return _EXACT[folded]
    for part in [text, *re.split(r"[/\n|]", str(text))]:
        words = set(fold(part).split())
        for spelling_words, name in _BY_WORDS:
            if len(spelling_words) > 1 and spelling_words <= words:
                return name
    return None


@dataclass(frozen=True)
class Header:
    row_number: int
    columns: dict  # field → column index
    titles: list  # the header cells as written, by column index
    ignored: list = field(default_factory=list)  # headers of columns we do not use

    def title_of(self, name):
        index = self.columns.get(name)
        return str(self.titles[index]).strip() if index is not None else label(name)


def find_header(rows):
    """Consume rows up to and including the header row and return its Header; the caller reads the rest."""
    best = None
    for _n, (number, cells) in zip(range(HEADER_SEARCH_ROWS), rows, strict=False):
        columns, ignored = {}, []
        for index, cell in enumerate(cells):
            if cell in ("", None):
                continue
            name = recognise(cell)
            if name and name not in columns:
                columns[name] = index
            else:
                ignored.append(str(cell).strip())
        if all(name in columns for name in REQUIRED):
            return Header(number, columns, list(cells), ignored)
        if columns and (best is None or len(columns) > len(best)):
            best = columns
    raise UnreadableFile("no_header", rows=HEADER_SEARCH_ROWS,
                         missing=[name for name in REQUIRED if name not in (best or {})])
