"""French takes the singular for 0 and 1: « 0 service », « 0 résultat »."""

import re

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import ngettext

from passerelles.core.plurals import plural_entries, render

pytestmark = pytest.mark.django_db


def test_every_plural_string_of_ours_has_its_french_entry():
    call_command("french_plurals", "--check")


def test_french_counts_zero_in_the_singular_and_english_in_the_plural():
    with translation.override("fr"):
        assert ngettext("%(counter)s service", "%(counter)s services", 0) == "%(counter)s service"
        assert ngettext("%(counter)s service", "%(counter)s services", 2) == "%(counter)s services"
    with translation.override("en"):
        assert ngettext("%(counter)s service", "%(counter)s services", 0) == "%(counter)s services"


@pytest.mark.parametrize(
    ("address", "heading"),
    [
        ("/ressources/?q=zzzqqq", "0 service"),
        ("/recherche/?q=zzzqqq", "0 résultat pour « zzzqqq »"),
    ],
)
def test_an_empty_list_says_zero_in_the_singular(client, address, heading):
    html = client.get(address).content.decode()
    headings = [
        " ".join(re.sub(r"<[^>]+>", "", h).split())
        for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)
    ]
    assert any(h.startswith(heading) for h in headings), headings


def test_the_catalog_reader_keeps_contexts_flags_and_long_strings():
    po = (
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        "#, python-format\n"
        'msgctxt "forum"\nmsgid ""\n"%(counter)s message "\n"lu"\n'
        'msgid_plural "%(counter)s messages lus"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
        'msgid "seul"\nmsgstr "alone"\n\n'
        '#~ msgid "ancien"\n#~ msgid_plural "anciens"\n'
    )
    (entry,) = plural_entries(po)
    assert entry.context == "forum"
    assert entry.singular == "%(counter)s message lu"
    assert entry.plural == "%(counter)s messages lus"
    assert entry.flags == ("python-format",)
    assert plural_entries(render([entry])) == [entry]
