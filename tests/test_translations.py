"""Russian and Kazakh ship complete: every string the code and templates mark has a translation,
none is fuzzy, and the compiled catalogues say what the .po files say."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["ru", "kk"]
DOMAINS = [p.stem for p in (ROOT / "locale" / "ru" / "LC_MESSAGES").glob("*.po")]


def catalogue(language, domain="django", kind="po"):
    path = ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.{kind}"
    return polib.pofile(str(path)) if kind == "po" else polib.mofile(str(path))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_string_is_translated_and_none_is_fuzzy(language, domain):
    po = catalogue(language, domain)
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_the_catalogues_are_not_empty():
    assert len(catalogue("ru").translated_entries()) > 200
    assert len(catalogue("kk").translated_entries()) > 200


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_the_compiled_catalogue_matches_the_po_file(language, domain):
    po = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in catalogue(language, domain)
          if not e.obsolete}
    mo = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in catalogue(language, domain, "mo")}
    assert mo == po


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext is not installed")
def test_no_marked_string_is_missing_from_the_catalogues(tmp_path, subprocess_env):
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", "var", ".git", "vendor", "tests",
                                                              "__pycache__"))
    subprocess.run([sys.executable, "manage.py", "makemessages", "-l", "ru", "--no-obsolete",
                    "--ignore", "scripts/*"], cwd=copy, env=subprocess_env, check=True, capture_output=True,
                   timeout=300)
    fresh = {(e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale/ru/LC_MESSAGES/django.po"))}
    shipped = {(e.msgctxt, e.msgid) for e in catalogue("ru")}
    assert sorted(fresh - shipped, key=str) == []


@pytest.mark.parametrize(("language", "shipments"), [("ru", "Поставки"), ("kk", "Жеткізілімдер"), ("en", "Shipments")])
def test_each_reader_gets_the_pages_in_their_language(client, officer, settings, language, shipments):
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get("/").content.decode()
    assert f'<html lang="{language}">' in page
    assert shipments in page


def test_russian_is_the_default_for_a_reader_who_has_not_chosen(client, officer, settings):
    settings.LANGUAGE_CODE = "ru"
    client.force_login(officer)
    assert "Поставки" in client.get("/").content.decode()


GETTEXT_CALLS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}


def _called_name(call):
    """`_` in `_("...")`, `gettext` in `translation.gettext("...")`."""
    return getattr(call.func, "id", None) or getattr(call.func, "attr", None)


def test_no_marked_string_hides_inside_an_f_string():
    """xgettext does not read the expressions of a Python f-string: a string marked there is never
    extracted, so it stays English in every language without any catalogue noticing."""
    hidden = []
    for path in ROOT.glob("*/**/*.py"):
        if {".venv", "tests", "migrations"} & set(path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.JoinedStr):
                hidden += [f"{path.relative_to(ROOT)}:{call.lineno}" for call in ast.walk(node)
                           if isinstance(call, ast.Call) and _called_name(call) in GETTEXT_CALLS]
    assert hidden == []
