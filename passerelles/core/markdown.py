"""Markdown written by members and partners, turned into HTML that is safe to show.

Rendered once, when the text is saved (the HTML is stored beside the source), never on read.
"""

import xml.etree.ElementTree as etree

import markdown as markdown_lib
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote",
    "code", "pre", "h3", "h4", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


# An address typed as is, in running text: the punctuation that ends a sentence is not part of it.
# The host may be an IPv6 literal in brackets ("http://[2001:db8::1]/").
_URL_CHARS = r"[^\s<>\"'()\[\]*]*[^\s<>\"'()\[\]*_.,;:!?»]"
BARE_URL = rf"(?<![\w/\"'=<])https?://(?:\[[0-9A-Fa-f:.]+\](?:{_URL_CHARS})?|{_URL_CHARS})"


class _BareLinkProcessor(InlineProcessor):
    def handleMatch(self, match, data):
        link = etree.Element("a")
        link.set("href", match.group(0))
        link.text = AtomicString(match.group(0))
        return link, match.start(0), match.end(0)


class BareLinks(Extension):
    """Members paste addresses without Markdown's brackets: they become links all the same.

    Registered after Markdown's own links and autolinks (so "[text](url)" and "<url>" are theirs)
    and before emphasis, so that the underscores of an address never turn into italics. Code
    spans keep their text, as Markdown processes them first.
    """

    def extendMarkdown(self, md):
        md.inlinePatterns.register(_BareLinkProcessor(BARE_URL, md), "bare_link", 105)


def render_markdown(text):
    # Headings are shifted down: a member's "# Titre" must not compete with the page's <h1>/<h2>.
    html = markdown_lib.markdown(
        text or "", extensions=["sane_lists", BareLinks()], output_format="html"
    )
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


def quote_lines(text):
    """Text quoted as in an email reply (and in Markdown): every line starts with "> "."""
    return "\n".join(f"> {line}".rstrip() for line in str(text).strip().splitlines())


def quoted(body):
    """The post's text as a Markdown quote, cut short: a quote points, it does not copy."""
    if len(body) > QUOTE_MAX_CHARS:
        body = body[:QUOTE_MAX_CHARS].rsplit(" ", 1)[0] + " […]"
    return quote_lines(body) + "\n\n"
