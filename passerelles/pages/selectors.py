"""Reads of the editorial pages for other layers: what the pages hold about a member, for the
personal data export (communaute's registry, see communaute/hooks/privacy.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Comment, CommentReply, Page

from communaute.hooks.privacy import exclude_from_export, register_section
from passerelles.pages.models import ArticlePage, InitiativePage, InitiativeStatus

TITLE = _("Titre")
PUBLISHED = _("Publiée")


@register_section(
    "publications",
    _("Publications et pages"),
    covers=[
        "pages.ArticlePage.authors",
        "pages.InitiativePage.suggested_by",
        "wagtailcore.Page.owner",
        "wagtailcore.Comment.user",
        "wagtailcore.CommentReply.user",
    ],
    labels={
        "articles": _("Publications dont vous êtes l'auteur ou l'autrice"),
        "initiatives": _("Initiatives proposées"),
        "pages": _("Pages créées dans l'espace de rédaction"),
        "editor_comments": _("Commentaires dans l'espace de rédaction"),
        "title": TITLE,
        "page": _("Page"),
        "live": PUBLISHED,
        "status": _("Statut"),
        "first_published_at": _("Première publication"),
        "text": _("Texte"),
        "created_at": _("Date"),
    },
    choices={"status": InitiativeStatus.choices},
)
def publications_section(member):
    def page_row(page):
        return {
            "title": page.title,
            "live": page.live,
            "first_published_at": page.first_published_at,
        }

    comments = Comment.objects.filter(user=member).select_related("page").order_by("created_at")
    replies = (
        CommentReply.objects.filter(user=member)
        .select_related("comment__page")
        .order_by("created_at")
    )
    data = {
        "articles": [
            page_row(page)
            for page in ArticlePage.objects.filter(authors=member).order_by("first_published_at")
        ],
        "initiatives": [
            {**page_row(page), "status": page.status}
            for page in InitiativePage.objects.filter(suggested_by=member).order_by("pk")
        ],
        "pages": [page_row(page) for page in Page.objects.filter(owner=member).order_by("pk")],
        "editor_comments": [
            {"page": comment.page.title, "text": comment.text, "created_at": comment.created_at}
            for comment in comments
        ]
        + [
            {"page": reply.comment.page.title, "text": reply.text, "created_at": reply.created_at}
            for reply in replies
        ],
    }
    return data, []


exclude_from_export(
    "wagtailcore.Comment.resolved_by",
    reason="An editor marking another person's comment as resolved: the comment is its author's.",
)
