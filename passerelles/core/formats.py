"""Dates, times and amounts written the way each language writes them (see passerelles/formats)."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import dateformat, numberformat
from django.utils.formats import get_format, get_format_modules
from django.utils.translation import get_language


def _language_format(name):
    for module in get_format_modules(get_language()):
        if hasattr(module, name):
            return getattr(module, name)
    raise LookupError(name)


def format_money(amount):
    """1250 -> "1 250,00 $" in French, "$1,250.00" in English."""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    number = numberformat.format(
        value,
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=2,
        grouping=get_format("NUMBER_GROUPING"),
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )
    return _language_format("MONEY_FORMAT").format(amount=number)


def format_long_date(value):
    """A date in a sentence: "le mardi 6 janvier 2026", "le jeudi 1er octobre 2026"."""
    day = _language_format("FIRST_DAY_ORDINAL") if value.day == 1 else str(value.day)
    escaped_day = "".join("\\" + character for character in day)  # "1er" holds format letters
    pattern = _language_format("LONG_DATE_FORMAT").format(day=escaped_day)
    return dateformat.format(value, pattern)


def format_time(value):
    """14:30 -> "14 h 30" in French, "2:30 p.m." in English."""
    return dateformat.time_format(value, get_format("TIME_FORMAT"))
