"""Month names as dates write them ("30 ноября 2026", "30 қараша 2026"), translated in our own catalogue.

Django's Kazakh catalogue capitalises them ("30 Қараша"), which Kazakh writes in lower case inside a
date; our catalogue comes first (LOCALE_PATHS), so naming the strings here lets makemessages keep
our translations of Django's "alt. month" entries. Nothing imports this module.
"""

from django.utils.translation import pgettext_lazy

MONTHS_IN_A_DATE = [
    pgettext_lazy("alt. month", "January"), pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"), pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"), pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"), pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"), pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"), pgettext_lazy("alt. month", "December"),
]
