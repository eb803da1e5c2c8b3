"""{% load i18n %} for the site's templates (settings TEMPLATES, "libraries"): Django's library,
whose {% translate %} of a fixed text remembers what it wrote, per language and escaping.

Django's tag makes a lazy translation each time it is drawn, looks the text up in the
language's catalogs (twenty-three for French, where the site's French texts are in none and
are looked for in all), then localizes and escapes it: about 10 µs a tag, and a page past the
page cache draws one to three dozen (issue 16). A fixed text without filters writes the same
for a language and an escaping; a text from a variable, or with filters, is Django's tag.
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import Variable
from django.templatetags import i18n
from django.utils.autoreload import file_changed
from django.utils.translation import get_language

register = template.Library()
register.tags.update(i18n.register.tags)
register.filters.update(i18n.register.filters)

# Bumped when settings change (tests switch languages and catalogs) or a catalog is recompiled
# under runserver: what nodes kept before is left.
_generation = [0]


@receiver(setting_changed)
def _forget_translations(**kwargs):
    _generation[0] += 1


@receiver(file_changed)
def _forget_recompiled_translations(sender, file_path, **kwargs):
    # runserver reloads a recompiled catalog without restarting (Django's own receiver):
    # its texts are drawn again. None: the autoreloader goes on as it would have.
    if file_path.suffix == ".mo":
        _generation[0] += 1


def _fixed(expression):
    """A quoted text without filters (the message) or a quoted context."""
    if expression is None:
        return True
    if expression.filters:
        return False
    var = expression.var
    return isinstance(var, str) or (isinstance(var, Variable) and var.lookups is None)


class KeptTranslateNode(i18n.TranslateNode):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._kept = {}

    def render(self, context):
        key = (_generation[0], get_language(), context.autoescape)
        value = self._kept.get(key)
        if value is None:
            # Django's drawing, its "as" variable set in a layer of its own and read back.
            with context.push():
                output = super().render(context)
                value = context[self.asvar] if self.asvar else output
            if len(self._kept) >= 16:  # languages × escapings, over a test run's settings
                self._kept.clear()
            self._kept[key] = value
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


@register.tag("translate")
@register.tag("trans")
def translate(parser, token):
    node = i18n.do_translate(parser, token)
    if not (_fixed(node.filter_expression) and _fixed(node.message_context)):
        return node
    return KeptTranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)
