"""The one way emails are written: subjects and plain-text bodies are text, not HTML.

Django escapes what a template shows, for HTML; in a subject or a text body that turns
« Prêt d'équipements » into « Prêt d&#x27;équipements ». Every text part of an email goes
through render_text (autoescape off); only an HTML part, if one is ever added, is escaped.
"""

from django.template import Context
from django.template.loader import get_template


def render_text(template_name: str, context: dict | None = None) -> str:
    """A template rendered as plain text: nothing in it is HTML-escaped."""
    template = get_template(template_name)
    # The engine's own template, so that the context can turn autoescaping off for all of it.
    return template.template.render(Context(context or {}, autoescape=False))


def render_subject(template_name: str, context: dict | None = None) -> str:
    """A subject on one line (a header holds on one line, whatever the template's breaks)."""
    return " ".join(render_text(template_name, context).split())
