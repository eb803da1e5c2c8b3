from django import template

from communaute.permissions.suspensions import active_suspension

register = template.Library()


@register.inclusion_tag("communaute/moderation/_suspension_notice.html", takes_context=True)
def suspension_notice(context):
    """Tell a suspended member, where they would write, that they can read and until when."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"suspension": active_suspension(user) if user is not None else None}
