"""Counts read right in each language: one row, three rows, five rows (Russian has three plural forms,
Kazakh two), through the same template tags the import pages use."""

import pytest
from django.template import Context, Template
from django.utils import translation

ROWS_READ = Template("{% load i18n %}{% blocktranslate count n=n %}{{ n }} row read.{% plural %}"
                     "{{ n }} rows read.{% endblocktranslate %}")
ARRIVED = Template("{% load i18n %}{% blocktranslate with arrived=a count total=n %}{{ arrived }} of {{ total }} unit "
                   "arrived{% plural %}{{ arrived }} of {{ total }} units arrived{% endblocktranslate %}")


@pytest.mark.parametrize(("language", "n", "expected"), [
    ("en", 1, "1 row read."), ("en", 3, "3 rows read."),
    ("ru", 1, "Прочитана 1 строка."), ("ru", 3, "Прочитано 3 строки."), ("ru", 5, "Прочитано 5 строк."),
    ("ru", 21, "Прочитана 21 строка."),
    ("kk", 1, "1 жол оқылды."), ("kk", 5, "5 жол оқылды."),
])
def test_a_count_of_rows_reads_right_in_each_language(language, n, expected):
    with translation.override(language):
        assert ROWS_READ.render(Context({"n": n})) == expected


@pytest.mark.parametrize(("language", "n", "expected"), [
    ("en", 1, "0 of 1 unit arrived"), ("en", 4, "0 of 4 units arrived"),
    ("ru", 1, "Поступило 0 из 1 единицы"), ("ru", 5, "Поступило 0 из 5 единиц"),
])
def test_the_home_page_progress_agrees_with_its_total(language, n, expected):
    with translation.override(language):
        assert ARRIVED.render(Context({"a": 0, "n": n})) == expected
