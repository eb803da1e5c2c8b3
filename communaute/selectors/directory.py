"""Reads for the member directory and for the recent posts on a profile."""

from django.contrib.postgres.search import SearchRank
from django.db.models import F, Q
from taggit.models import Tag

from communaute.models import Member, MemberSkill, Post
from communaute.permissions.viewer import Viewer
from communaute.selectors.forum import visible_spaces
from communaute.selectors.moderation import shown_posts
from passerelles.core.search import name_document, name_query

MEMBERS_PER_PAGE = 24
RECENT_POSTS = 5


def directory(*, name="", discipline="", province="", organization_ids=None, skill=""):
    """Members who chose to be listed, with what their card shows, in a fixed number of
    queries per page (one for the page, one for disciplines, one for skills). A name keeps
    the members with a word of their name starting with each word typed, whole words first."""
    members = Member.objects.filter(in_directory=True, is_active=True).prefetch_related(
        "disciplines", "skills"
    )
    query = name_query(name)
    if query is not None:
        # The same expression as the index member_directory_name_gin.
        members = members.annotate(name_document=name_document("display_name")).filter(
            name_document=query
        )
        whole_words = name_query(name, prefix=False)
        members = members.annotate(rank=SearchRank(F("name_document"), whole_words)).order_by(
            "-rank", "display_name", "pk"
        )
    else:
        members = members.order_by("display_name", "pk")
    if discipline:
        members = members.filter(disciplines__code=discipline)
    if province:
        members = members.filter(province=province)
    if organization_ids is not None:
        condition = Q(pk__in=[])
        for ids in organization_ids:
            condition |= Q(pk__in=ids)
        # Filtering by organization would tell whom a member represents against their choice.
        members = members.filter(condition, show_organization=True)
    if skill:
        members = members.filter(skills__slug=skill)
    return members.distinct() if discipline or skill else members


def skill_choices():
    """The skills listed members offer, for the filter."""
    used = MemberSkill.objects.filter(
        content_object__in_directory=True, content_object__is_active=True
    ).values("tag_id")
    return list(Tag.objects.filter(pk__in=used).order_by("name").values_list("slug", "name"))


def recent_posts(member, viewer: Viewer, *, limit=RECENT_POSTS):
    """The member's latest posts in spaces the viewer may read: a private space's post never
    reaches someone outside it."""
    posts = Post.objects.filter(
        author=member,
        deleted_at__isnull=True,
        topic__space__in=visible_spaces(viewer.user).values("pk"),
    )
    # Nor does a post moderators hid.
    return list(
        shown_posts(posts, viewer).select_related("topic__space").order_by("-created_at")[:limit]
    )
