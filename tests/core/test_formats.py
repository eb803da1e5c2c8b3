import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from passerelles.core.formats import format_long_date, format_money, format_time

NBSP = "\u00a0"


@pytest.fixture
def french():
    with translation.override("fr"):
        yield


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_french_long_date_reads_like_a_sentence(french):
    assert format_long_date(datetime.date(2026, 1, 6)) == "le mardi 6 janvier 2026"


def test_french_first_of_the_month_is_written_1er(french):
    assert format_long_date(datetime.date(2026, 10, 1)) == "le jeudi 1er octobre 2026"


def test_french_time_uses_h_with_non_breaking_spaces(french):
    assert format_time(datetime.time(14, 30)) == f"14{NBSP}h{NBSP}30"
    assert format_time(datetime.time(9, 5)) == f"9{NBSP}h{NBSP}05"


def test_french_amounts_put_the_dollar_sign_after(french):
    assert format_money(1250) == f"1{NBSP}250,00{NBSP}$"
    assert format_money("25") == f"25,00{NBSP}$"
    assert format_money("0.005") == f"0,01{NBSP}$"


def test_english_formats(english):
    assert format_long_date(datetime.date(2026, 1, 6)) == "Tuesday, January 6, 2026"
    assert format_money(1250) == "$1,250.00"


def test_date_filter_uses_the_french_format_module(french):
    rendered = Template("{{ day|date }}").render(Context({"day": datetime.date(2026, 1, 6)}))
    assert rendered == "mardi 6 janvier 2026"


def test_template_filters(french):
    template = Template("{% load passerelles %}{{ amount|money }} · {{ day|long_date }}")
    rendered = template.render(Context({"amount": 1250, "day": datetime.date(2026, 1, 6)}))
    assert rendered == f"1{NBSP}250,00{NBSP}$ · le mardi 6 janvier 2026"
