"""The header every page opens with: brand, main navigation, languages and the account menu
(was includes/header.html and includes/account_menu.html); and the footer it closes with.

Written in Python for the reason the topic lists' rows are (issue 16): as templates, drawing it
cost a visitor's page about 2 ms and a member's 3.5, a sixth of a page served past the cache.
Its words are translated once per language; its addresses are the context processors' (the
navigation, the language links) and cached_reverse's, both computed once per language.
"""

import functools
import html

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import get_script_prefix
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language, gettext, ngettext, pgettext

from passerelles.core.forms import csrf_input
from passerelles.core.links import cached_reverse, holds_addresses, kept_reverse

register = template.Library()

MENU_ICON = mark_safe(
    '<svg class="site-menu__icon" aria-hidden="true" width="20" height="20" viewBox="0 0 20 20">'
    '<path d="M2 4h16M2 10h16M2 16h16" stroke="currentColor" stroke-width="2.5"'
    ' stroke-linecap="round"/></svg>'
)


def _(message):
    """{% translate "…" %}: a translation is trusted text, not escaped (makemessages reads `_`)."""
    return mark_safe(gettext(message))


@functools.cache
def _texts(language):
    return {
        "menu": _("Menu"),
        "main": _("Navigation principale"),
        "languages": _("Langue"),
        "account": _("Mon compte"),
        "profile": _("Mon profil"),
        "notifications": _("Notifications"),
        "messages": mark_safe(pgettext("private messages", "Messages")),
        "invite": _("Inviter quelqu'un"),
        "settings": _("Paramètres"),
        "privacy": _("Confidentialité"),
        "sign_out": _("Se déconnecter"),
        "sign_in": _("Se connecter"),
        "sign_up": _("Créer un compte"),
        # The hidden words after a count, for one and for several (static/js/live.js picks);
        # written out for makemessages.
        "menu_unread": (
            ngettext("notification non lue", "notifications non lues", 1),
            ngettext("notification non lue", "notifications non lues", 2),
        ),
        "notifications_unread": (
            ngettext("non lue", "non lues", 1),
            ngettext("non lue", "non lues", 2),
        ),
        "messages_unread": (
            ngettext("conversation non lue", "conversations non lues", 1),
            ngettext("conversation non lue", "conversations non lues", 2),
        ),
    }


def _called(value):
    """A context processor's lazy entry (a callable computed once), or its value."""
    return value() if callable(value) else value


def live_counter(name, count, words):
    """A header count kept current by static/js/live.js: written even at 0 (hidden), so the
    script can show it; `words`, the hidden words after the number for one and for several."""
    one, other = _escaped(words[0]), _escaped(words[1])
    return mark_safe(
        f'<span class="count" data-live-counter="{_escaped(name)}"{"" if count else " hidden"}>'
        f"(<span data-live-count>{int(count)}</span>"
        f'<span class="visually-hidden"> <span data-live-count-label data-live-label-one="{one}"'
        f' data-live-label-other="{other}">{one if count == 1 else other}</span></span>)</span>'
    )


def _link(url, label, path):
    """A menu entry, marked as the current page when it is."""
    current = ' aria-current="page"' if path == url else ""
    return mark_safe(f'<li><a href="{_escaped(url)}"{current}>{_escaped(label)}</a></li>')


def _escaped(value):
    """conditional_escape(), without its handling of lazy text: the header writes two dozen
    values a page, and format_html's escaping was a tenth of a member's header."""
    return value if isinstance(value, SafeData) else html.escape(str(value))


@register.simple_tag(takes_context=True)
def site_header(context):
    request = context.get("request")
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    path = request.path if request is not None else ""
    texts = _texts(get_language())
    counter = ""
    if signed_in:
        notifications = _called(context.get("unread_notifications")) or 0
        counter = format_html(
            " {}", live_counter("notifications", notifications, texts["menu_unread"])
        )
    navigation = format_html_join(
        "",
        "{}",
        (
            (_link(item["url"], item["label"], path),)
            for item in _called(context.get("main_navigation")) or ()
        ),
    )
    return format_html(
        '<header class="site-header">\n<div class="site-header__inner">\n'
        '<a class="site-brand" href="{}"><img src="{}" alt="" width="36" height="36">'
        " <span>Passerelles Culture</span></a>\n"
        # Collapsed behind one button on small screens, without JavaScript; always open on
        # wide ones.
        '<details class="site-menu" data-site-menu>\n<summary class="site-menu__toggle">{}\n'
        "{}{}</summary>\n"
        '<div class="site-menu__panel">\n<nav class="site-nav" aria-label="{}">\n<ul>{}</ul>\n'
        '</nav>\n<div class="site-tools">\n<nav class="language-switch" aria-label="{}">\n'
        "<ul>{}</ul>\n</nav>\n{}\n</div>\n</div>\n</details>\n</div>\n</header>",
        kept_reverse("wagtail_serve", args=[""]),
        static("img/logo.svg"),
        MENU_ICON,
        texts["menu"],
        counter,
        texts["main"],
        navigation,
        texts["languages"],
        _language_links(_called(context.get("language_links")) or ()),
        _account_menu(context, texts, user if signed_in else None, path),
    )


def _language_links(links):
    return format_html_join(
        "",
        "<li>{}</li>",
        (
            (
                format_html(
                    '<span aria-current="true" lang="{}">{}<span class="visually-hidden">'
                    " ({})</span></span>",
                    link["code"],
                    link["code"].upper(),
                    link["name"],
                )
                if link["current"]
                else format_html(
                    '<a href="{}" lang="{}" hreflang="{}">{}<span class="visually-hidden">'
                    " ({})</span></a>",
                    link["url"],
                    link["code"],
                    link["code"],
                    link["code"].upper(),
                    link["name"],
                ),
            )
            for link in links
        ),
    )


def _account_menu(context, texts, member, path):
    if member is None:
        return _visitors_menu(get_language(), get_script_prefix())
    notifications = live_counter(
        "notifications",
        _called(context.get("unread_notifications")) or 0,
        texts["notifications_unread"],
    )
    messages = live_counter(
        "messages",
        _called(context.get("unread_messages")) or 0,
        texts["messages_unread"],
    )
    navigation = tuple(
        (link["url"], link["label"]) for link in _called(context.get("account_navigation")) or ()
    )
    addresses = {url for url, _label in navigation} | {cached_reverse(INVITE)}
    opening, links, sign_out = _members_menu(
        get_language(),
        get_script_prefix(),
        member.get_absolute_url(),
        navigation,
        path if path in addresses else None,
    )
    counted = (
        _link(
            cached_reverse("communaute:notifications"),
            mark_safe(f"{texts['notifications']} {notifications}"),
            path,
        ),
        _link(
            cached_reverse("communaute:inbox"),
            mark_safe(f"{texts['messages']} {messages}"),
            path,
        ),
    )
    return mark_safe(
        f"{opening}\n{counted[0]}\n{counted[1]}\n{links}{csrf_input(context)}{sign_out}"
    )


INVITE = "communaute:invitations_sent"


@holds_addresses
@functools.lru_cache(maxsize=16)
def _visitors_menu(language, script_prefix):
    texts = _texts(language)
    return _menu(
        texts,
        format_html(
            '<li><a href="{}">{}</a></li>\n'
            '<li><a class="button button--small" href="{}">{}</a></li>',
            cached_reverse("account_login"),
            texts["sign_in"],
            cached_reverse("account_signup"),
            texts["sign_up"],
        ),
    )


@holds_addresses
@functools.lru_cache(maxsize=1024)
def _members_menu(language, script_prefix, profile_url, navigation, current):
    """A member's menu around its two counts and the sign-out form's token, drawn once per
    language, script prefix, profile, entries (`navigation`: addresses and labels) and page
    among them (`current`): it was a tenth of a millisecond of each of their pages."""
    texts = _texts(language)
    links = [
        *(_link(url, label, current) for url, label in navigation),
        _link(cached_reverse(INVITE), texts["invite"], current),
        _link(cached_reverse("compte:profile_edit"), texts["settings"], None),
        _link(cached_reverse("compte:privacy_centre"), texts["privacy"], None),
    ]
    stand_in = "\x00"
    menu = _menu(
        texts,
        mark_safe(
            f"{_link(profile_url, texts['profile'], None)}{stand_in}"
            + "\n".join(links)
            + format_html(
                '\n<li><form method="post" action="{}" class="inline-form">{}'
                '<button type="submit" class="link-button">{}</button></form></li>',
                cached_reverse("account_logout"),
                mark_safe(stand_in),
                texts["sign_out"],
            )
        ),
    )
    return tuple(menu.split(stand_in))


def _menu(texts, entries):
    return format_html(
        '<nav class="account-menu" aria-label="{}">\n<ul>\n{}\n</ul>\n</nav>',
        texts["account"],
        entries,
    )


@register.simple_tag(takes_context=True)
def site_footer(context):
    """includes/footer.html, rendered once per process for each language and content. Its
    links and partners come from the cache, forgotten there by their apps when they change;
    drawn from the same entries, the footer is the same HTML, which cost every page past the
    page cache a quarter of a millisecond (issue 16)."""
    links = tuple((link["url"], link["title"]) for link in context.get("footer_links") or ())
    partners = tuple(
        (partner["url"], partner["name"]) for partner in context.get("partner_organizations") or ()
    )
    # The script prefix too, as cached_reverse's: the footer's contact address holds it.
    return _footer(
        get_language(), get_script_prefix(), links, partners, context.get("contact_email") or ""
    )


@functools.lru_cache(maxsize=16)
def _footer(language, script_prefix, links, partners, contact_email):
    return render_to_string(
        "includes/footer.html",
        {
            "footer_links": [{"url": url, "title": title} for url, title in links],
            "partner_organizations": [{"url": url, "name": name} for url, name in partners],
            "contact_email": contact_email,
        },
    )


@receiver(setting_changed)
def _forget_footers(**kwargs):
    # A test's URLs or templates draw another footer.
    _footer.cache_clear()
