"""Members as pages show them: the profile-completion hint, an include that reads its own
state ({% profile_completion_hint %} needs no change to a page's view), and faces
({% avatar member 32 %})."""

from django import template
from django.utils.html import format_html

from communaute.avatars import avatar_url
from communaute.selectors.home import member_part
from communaute.selectors.members import missing_profile_details
from passerelles.core.templatetags.passerelles import member_name

register = template.Library()

# Whether the member's profile names a discipline: a piece of their pages (selectors.home).
DISCIPLINES_PART = "disciplines"


@register.inclusion_tag("communaute/members/_profile_hint.html", takes_context=True)
def profile_completion_hint(context):
    user = context["request"].user
    if not user.is_authenticated:
        return {"missing": []}
    return {
        "missing": missing_profile_details(
            user,
            ask_disciplines=lambda: member_part(user.pk, DISCIPLINES_PART, user.disciplines.exists),
        )
    }


@register.simple_tag
def avatar(member, size=32, named=False, css=""):
    """The member's face, `size` pixels square. Beside their written name it is decoration
    (empty alt); named=True where it stands alone, and says the name.

    It reads only the member's row (photo, name, active): a list that selected its members
    with select_related pays no query per face."""
    return format_html(
        # Small pictures: lazy loading is enough, a decoding hint would only weigh on lists.
        '<img class="avatar{}" src="{}" width="{}" height="{}" alt="{}" loading="lazy">',
        f" {css}" if css else "",
        avatar_url(member),
        size,
        size,
        member_name(member) if named else "",
    )
