from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from passerelles.core import markdown
from passerelles.core.formats import format_long_date, format_money, format_time

register = template.Library()


@register.filter
def money(value):
    if value in (None, ""):
        return ""
    return format_money(value)


@register.filter
def long_date(value):
    if not value:
        return ""
    return format_long_date(value)


@register.filter
def short_time(value):
    if not value:
        return ""
    return format_time(value)


@register.filter
def member_name(member):
    """The name shown for an author; content of a deleted account stays, with this label."""
    if member is None:
        return _("Membre supprimé")
    return member.public_name


@register.filter
def quote_lines(text):
    """Plain text quoted as in an email reply: every line starts with "> "."""
    return markdown.quote_lines(text)


@register.filter
def inline_images(attachments):
    """The joined files shown in the message itself (templates/includes/attachments.html)."""
    return [attachment for attachment in attachments if attachment.shows_inline]


@register.filter
def file_cards(attachments):
    """The joined files shown as cards: all but the inline images."""
    return [attachment for attachment in attachments if not attachment.shows_inline]


@register.simple_tag
def breadcrumbs(*trail):
    """{% breadcrumbs "Label" url "Label" url "Current page" %}: the last label is the page.

    Written in Python: as an included template it cost every page that shows it (the forum's,
    the resources') a tenth of a millisecond or more, past the page cache (issue 16)."""
    *links, current = trail
    items = format_html_join(
        "",
        '<li><a href="{}">{}</a></li>',
        ((links[index + 1], links[index]) for index in range(0, len(links), 2)),
    )
    return format_html(
        '<nav class="breadcrumbs" aria-label="{}">\n<ol>\n{}\n'
        '<li><span aria-current="page">{}</span></li>\n</ol>\n</nav>',
        mark_safe(_("Fil d'Ariane")),  # as {% translate %}: a translation is trusted text
        items,
        current,
    )


@register.tag
def table_scroll(parser, token):
    """{% table_scroll _("Caption") %}<table>…</table>{% endtable_scroll %}: a table wider than
    a small screen scrolls inside its own box, named for the region and reachable with the
    keyboard, with a hint, instead of making the whole page scroll sideways."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes the region's label.")
    nodelist = parser.parse(("endtable_scroll",))
    parser.delete_first_token()
    return TableScrollNode(parser.compile_filter(bits[1]), nodelist)


class TableScrollNode(template.Node):
    def __init__(self, label, nodelist):
        self.label, self.nodelist = label, nodelist

    def render(self, context):
        table = mark_safe(self.nodelist.render(context))  # rendered by the template engine
        return render_to_string(
            "includes/table_scroll.html", {"label": self.label.resolve(context), "table": table}
        )
