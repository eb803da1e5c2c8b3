"""Django's template backend for the site's templates (settings TEMPLATES), with its check that
two template libraries do not share a name allowing the ones the site replaces on purpose:
`{% load i18n %}` and `{% load static %}` load passerelles/core/templatetags/kept_i18n.py and
kept_static.py, Django's libraries with {% translate %} and {% static %} remembered. Any other
shared name still warns (templates.W003)."""

from django.template.backends.django import DjangoTemplates

REPLACED = {
    f"'{name}' is used for multiple template tag modules: "
    f"'django.templatetags.{name}', 'passerelles.core.templatetags.kept_{name}'"
    for name in ("i18n", "static")
}


class SiteTemplates(DjangoTemplates):
    def check(self, **kwargs):
        return [
            message
            for message in super().check(**kwargs)
            if not (message.id == "templates.W003" and message.msg in REPLACED)
        ]
