"""Plural forms for text a script fills in with a number it learns later ("Sent 3 saved scans").

The page cannot ask gettext, so it gets one form per plural category a language may use (CLDR) and
picks with the browser's Intl.PluralRules: Russian needs three forms, Kazakh and English two.
"""

# A number that falls into each category, in every language the interface speaks.
SAMPLES = {"one": 1, "few": 3, "many": 5, "other": 100}


def plural_forms(form_for):
    """{category: text} from `form_for(n)`, a function that calls ngettext with literal strings (so
    makemessages finds them): `plural_forms(lambda n: ngettext("%(count)s scan", "%(count)s scans", n))`."""
    return {category: form_for(n) for category, n in SAMPLES.items()}
