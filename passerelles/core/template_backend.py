"""Django's template backend for the site's templates (settings TEMPLATES), with its check that
two template libraries do not share a name allowing the one the site replaces on purpose:
`{% load i18n %}` loads passerelles/core/templatetags/kept_i18n.py, Django's library with
{% translate %} remembered. Any other shared name still warns (templates.W003)."""

from django.template.backends.django import DjangoTemplates

REPLACED_I18N = (
    "'i18n' is used for multiple template tag modules: "
    "'django.templatetags.i18n', 'passerelles.core.templatetags.kept_i18n'"
)


class SiteTemplates(DjangoTemplates):
    def check(self, **kwargs):
        return [
            message
            for message in super().check(**kwargs)
            if not (message.id == "templates.W003" and message.msg == REPLACED_I18N)
        ]
