"""One date format per language: every page writes a date the same way in its reader's language."""

from datetime import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

MOMENT = timezone.make_aware(datetime(2026, 11, 30, 15, 55))
PAGE = Template('{{ moment|date }} | {{ moment|date:"DATETIME_FORMAT" }}')


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "30 November 2026 | 30 November 2026, 15:55"),
    ("ru", "30 ноября 2026 | 30 ноября 2026, 15:55"),
    ("kk", "30 қараша 2026 | 30 қараша 2026, 15:55"),
])
def test_a_date_reads_the_same_way_on_every_page_in_each_language(language, expected):
    with translation.override(language):
        assert PAGE.render(Context({"moment": MOMENT})) == expected


def test_no_template_spells_out_its_own_date_format():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "templates"
    own = [f"{path.name}: {match}" for path in root.rglob("*.html")
           for match in re.findall(r'\|date:"([^"]+)"', path.read_text()) if match != "DATETIME_FORMAT"]
    assert own == []
