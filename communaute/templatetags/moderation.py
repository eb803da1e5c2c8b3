from django import template

register = template.Library()


@register.inclusion_tag("communaute/moderation/_suspension_notice.html", takes_context=True)
def suspension_notice(context):
    """Tell a suspended member, where they would write, that they can read and until when."""
    request = context.get("request")
    viewer = getattr(request, "viewer", None)
    return {"suspension": viewer.active_suspension if viewer is not None else None}
