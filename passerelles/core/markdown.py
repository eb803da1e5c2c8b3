"""Markdown written by members and partners, turned into HTML that is safe to show.

Rendered once, when the text is saved (the HTML is stored beside the source), never on read.
"""

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote",
    "code", "pre", "h3", "h4", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text):
    # Headings are shifted down: a member's "# Titre" must not compete with the page's <h1>/<h2>.
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"], output_format="html")
    for level in (2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 2}>").replace(
            f"</h{level}>", f"</h{level + 2}>"
        )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
    )


QUOTE_MAX_CHARS = 1000


def quoted(body):
    """The post's text as a Markdown quote, cut short: a quote points, it does not copy."""
    if len(body) > QUOTE_MAX_CHARS:
        body = body[:QUOTE_MAX_CHARS].rsplit(" ", 1)[0] + " […]"
    return "\n".join(f"> {line}".rstrip() for line in body.splitlines()) + "\n\n"
