"""{% load static %} for the site's templates (settings TEMPLATES, "libraries"): Django's library,
whose {% static %} of a fixed path remembers the file's address.

Django's tag asks the app registry whether staticfiles is installed (a walk over the forty
installed apps), then the storage through its lazy proxy, even though the site's storage
remembers each address (passerelles/core/static_storage.py): about 6 µs a tag, four to nine a
page (issue 16). A file's address does not change while the process runs, the manifest being
read once, except when settings change (tests, DEBUG): then what was kept is forgotten. A path
from a variable, or with filters, is Django's tag.
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags import static

register = template.Library()
register.tags.update(static.register.tags)
register.filters.update(static.register.filters)

# Path → address; as many as the templates name files.
_addresses: dict[str, str] = {}


@receiver(setting_changed)
def _forget_addresses(**kwargs):
    _addresses.clear()


class KeptStaticNode(static.StaticNode):
    def url(self, context):
        path = self.path.var
        address = _addresses.get(path)
        if address is None:
            address = _addresses[path] = self.handle_simple(path)
        return address


@register.tag("static")
def do_static(parser, token):
    node = static.do_static(parser, token)
    path = node.path
    if path.filters or not isinstance(path.var, str):
        return node
    return KeptStaticNode(node.varname, path)
