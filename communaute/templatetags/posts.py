"""One post of a topic page as this reader sees it (the page and its live fragment,
communaute/forum/_new_posts.html): what differs per reader, written around the pieces every
reader sees alike (post.shared: communaute/fragments.py, _post_shared.html).

Written in Python rather than as a template on purpose (issue 16): it repeats 20 times a page,
and as a template its buttons and links cost a signed-in member's page about a third of its
time. No button carries a form and token of its own: the reaction buttons sit in the page's
reaction form (the post and kind in their value), the « Mettre de côté » buttons name theirs
(form="bookmark-post-form"), and the texts are the templates' own msgids. Only posts fetched
live are announced (live=True). Numbers print without localization: they are ids, positions and
small counts.
"""

import functools

from django import template
from django.template.defaultfilters import urlencode
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from communaute.forms.forum import BlankPostForm
from communaute.models import Reaction
from communaute.templatetags.bookmarks import page_post_bookmarked
from passerelles.core.forms import drawn_once, new_token
from passerelles.core.links import around_id, cached_reverse, holds_addresses
from passerelles.core.templatetags.passerelles import member_name

register = template.Library()


@register.simple_tag(takes_context=True)
def reply_form(context, form, action, submit_label):
    """The topic page's reply form (includes/form.html). Blank (BlankPostForm: no text, no
    draft, no post answered), it is the same for every member of the topic: drawn once
    (passerelles.core.forms.drawn_once)."""

    def draw(form, csrf_token, token):
        form.initial["token"] = token
        return render_to_string(
            "includes/form.html",
            {
                "form": form,
                "action": action,
                "submit_label": submit_label,
                "csrf_token": csrf_token,
            },
        )

    csrf_token = str(context.get("csrf_token", ""))
    if not isinstance(form, BlankPostForm):
        return draw(form, csrf_token, new_token())
    key = ("reply", get_language(), action, submit_label, form.place, form.return_url)
    return drawn_once(key, lambda *tokens: draw(form.build(), *tokens), csrf_token=csrf_token)


SEPARATOR = " · "
REACTION_PRESSED = ' class="reaction--mine" aria-pressed="true"'
BOOKMARK_PRESSED = ' class="bookmark--mine" aria-pressed="true"'
NOT_PRESSED = ' aria-pressed="false"'


@register.simple_tag(takes_context=True)
def topic_post(context, post, live=False):
    # On a kept topic page, a post's author holds only fragments.AUTHOR_FIELDS: any other
    # field asked here would cost a query per author.
    page = _page(context)
    user, texts = page["user"], page["texts"]
    position = post.position
    classes = "post"
    if post.is_deleted:
        classes += " post--deleted"
    if post.is_hidden:
        classes += " post--hidden"
    announce = ""
    if live:
        announce = format_html(
            ' data-live-announce="{}"',
            _with_name(texts["announce"], post.author),
        )
    author = post.shared["author"]
    if (
        post.author
        and post.author.is_active
        and user.is_authenticated
        and post.author_id != user.pk
    ):
        author = mark_safe(f"{author}{SEPARATOR}{_write_link(page, post.author)}")
    marks = []
    if post.is_hidden:
        marks.append(texts["hidden"])
    if getattr(post, "open_flags", 0):
        marks.append(
            ngettext(
                "%(counter)s signalement à examiner",
                "%(counter)s signalements à examiner",
                post.open_flags,
            )
            % {"counter": post.open_flags}
        )
    footer = "" if post.is_deleted else _footer(context, page, post)
    # Every piece is escaped already (the shared HTML, the controls, the marks' translations)
    # or a number or a fixed word: written without format_html, as _actions (20 posts a page).
    marks = "".join(f'<p class="moderation-mark">{conditional_escape(mark)}</p>' for mark in marks)
    position, pk = int(position), int(post.pk)
    return mark_safe(
        f'<article class="{classes}" id="message-{position}" aria-labelledby="author-{position}"'
        f' data-live-item="{pk}"{announce}><header>'
        f'<p class="post__author" id="author-{position}">{author}</p>{post.shared["meta"]}'
        f"</header>{marks}{post.shared['content']}{footer}</article>"
    )


# The actions under a post that lead to a page of their own, by the id of the post.
POST_PAGES = ("post_edit", "post_delete", "post_flag", "post_restore", "post_hide")
# Where _page() keeps its reading during one rendering (the context's render state).
_PAGE = "communaute.posts.page"


def _page(context):
    """What every post of the page writes alike: its reader, their rights on the page, the
    texts, and the addresses of the controls. Read once a page, not for each of its 20 posts:
    the context's lookups, the language and the script prefix cost a member's page about a
    tenth of a millisecond when asked per post."""
    page = context.render_context.get(_PAGE)
    if page is None:
        language = get_language()
        page = context.render_context[_PAGE] = {
            "user": context["user"],
            "texts": _texts(language),
            "addresses": _addresses(language, get_script_prefix()),
            "can_react": context.get("can_react"),
            "can_reply_here": context.get("can_reply_here"),
            "number": context.get("number", 1),
            "can_moderate": context.get("can_moderate"),
        }
    return page


@holds_addresses
@functools.lru_cache(maxsize=16)
def _addresses(language, script_prefix):
    """The conversation's start, and each post page's address around the post's id (per
    language and script prefix, which the reversals read)."""
    addresses = {"write": cached_reverse("communaute:conversation_start")}
    for name in POST_PAGES:
        addresses[name] = around_id(f"communaute:{name}")
    return addresses


def _(message):
    """{% translate %}: a translation is trusted text, not escaped (makemessages reads `_`)."""
    return mark_safe(gettext(message))


@functools.cache
def _texts(language):
    """The texts of a post's controls in this language, translated once per process: asked
    per post, gettext and the lazy reaction labels cost more than the rest of the post."""
    return {
        "announce": gettext("Nouveau message de %(name)s"),
        "write": _("Écrire en privé"),
        "hidden": _("Masqué par l'équipe d'animation : les membres ne voient pas ce message."),
        "reactions": _("Réactions"),
        "labels": {kind: conditional_escape(label) for kind, label in Reaction.Kind.choices},
        "reply": _("Répondre à ce message"),
        "quote": _("Citer"),
        "edit": _("Modifier"),
        "delete": _("Supprimer"),
        "flag": _("Signaler"),
        "restore": _("Rétablir"),
        "hide": _("Masquer"),
        "bookmark": _("Mettre de côté"),
    }


def _with_name(translated, member):
    """A translation holding a member's name, escaped: {% blocktranslate %}."""
    return mark_safe(translated % {"name": conditional_escape(member_name(member))})


def _write_link(page, member):
    """communaute/messaging/_write_link.html, for the post's author, without its hidden « à
    NAME »: the link follows the author's name in the same paragraph, which gives its purpose
    (WCAG 2.4.4), and it would add 1.3 KB to a member's page of 20 posts."""
    # The address is the site's own, the handle quoted for an address, the text translated.
    href = _write_href(page["addresses"]["write"], member.handle)
    return f'<a href="{href}">{page["texts"]["write"]}</a>'


@functools.lru_cache(maxsize=4096)
def _write_href(start, handle):
    """Quoting a handle took a tenth of a post's controls; a page shows a few authors."""
    return f"{start}?avec={urlencode(handle)}"


def _footer(context, page, post):
    pk = int(post.pk)
    texts = page["texts"]
    labels = texts["labels"]
    if page["can_react"]:
        # A group of toggle buttons: as a list's items they would add 0.5 KB to a page. Kinds
        # are fixed words and the labels escaped: written without format_html, as _actions.
        buttons = []
        for reaction in post.reaction_list:
            kind, mine = reaction["kind"], reaction["mine"]
            pressed = REACTION_PRESSED if mine else NOT_PRESSED
            buttons.append(
                f'<button name="reaction" value="{pk}:{kind}"{pressed}>'
                f"{labels[kind]}{_count(reaction['count'])}</button>"
            )
        reactions = (
            f'<div class="reactions" role="group" aria-label="{texts["reactions"]}">'
            f"{''.join(buttons)}</div>"
        )
    else:
        items = "".join(
            f'<li><span class="reaction">{labels[reaction["kind"]]} <span class="count">'
            f"{int(reaction['count'])}</span></span></li>"
            for reaction in post.reaction_list
            if reaction["count"]
        )
        reactions = f'<ul class="reactions" aria-label="{texts["reactions"]}">{items}</ul>'
    return mark_safe(
        f'<footer>{reactions}<p class="post__actions">'
        f"{SEPARATOR.join(_actions(context, page, post))}</p></footer>"
    )


def _count(count):
    """A button's count, left out at zero as visitors see it (static/js/reactions.js adds it)."""
    return f' <span class="count">{int(count)}</span>' if count else ""


def _actions(context, page, post):
    """The links and buttons under the post, each already escaped: what they hold besides the
    escaped texts are ids and fixed words, so they are written without format_html (a dozen
    controls a post, 20 posts a page)."""
    actions = []
    pk = int(post.pk)
    texts, addresses = page["texts"], page["addresses"]

    def link(name, text):
        before, after = addresses[name]
        return f'<a href="{before}{pk}{after}">{text}</a>'

    if page["can_reply_here"]:
        number = page["number"]
        query = f"page={int(number)}&" if number > 1 else ""
        actions.append(f'<a href="?{query}repondre={pk}#reply">{texts["reply"]}</a>')
        actions.append(f'<a href="?{query}citer={pk}#reply">{texts["quote"]}</a>')
    if post.can_edit:
        actions.append(link("post_edit", texts["edit"]))
        actions.append(link("post_delete", texts["delete"]))
    if post.can_flag:
        actions.append(link("post_flag", texts["flag"]))
    if page["can_moderate"]:
        if post.is_hidden:
            actions.append(link("post_restore", texts["restore"]))
        else:
            actions.append(link("post_hide", texts["hide"]))
    mine = page_post_bookmarked(context, post)
    if mine is not None:
        pressed = BOOKMARK_PRESSED if mine else NOT_PRESSED
        actions.append(
            f'<button form="bookmark-post-form" name="post" value="{pk}:{0 if mine else 1}"'
            f"{pressed}>{texts['bookmark']}</button>"
        )
    return actions
