"""The profile-completion hint, an include that reads its own state: a page shows it with
{% profile_completion_hint %} and needs no change to its view."""

from django import template

from communaute.selectors.members import missing_profile_details

register = template.Library()


@register.inclusion_tag("communaute/members/_profile_hint.html", takes_context=True)
def profile_completion_hint(context):
    user = context["request"].user
    if not user.is_authenticated:
        return {"missing": []}
    return {"missing": missing_profile_details(user)}
