"""How topic lists say when something last happened."""

from datetime import timedelta

from django import template
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

# Within a week « il y a 3 heures » reads faster than a date; older, the date is clearer.
RELATIVE_FOR = timedelta(days=7)


@register.simple_tag
def activity_time(moment):
    if not moment:
        return ""
    if timezone.now() - moment < RELATIVE_FOR:
        shown = naturaltime(moment)
    else:
        shown = _("le %(date)s") % {"date": date_format(timezone.localtime(moment), "j F Y")}
    return format_html('<time datetime="{}">{}</time>', moment.isoformat(), shown)
