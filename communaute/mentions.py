"""@handle mentions in posts: who is named, and the address of their profile."""

import re

# A handle is a slug; the look-behind keeps email addresses ("nom@exemple.ca") out.
MENTION_PATTERN = re.compile(r"(?<![\w@.])@([a-z0-9][a-z0-9_-]{0,39})", re.IGNORECASE)
MAX_MENTIONS = 20


def mentioned_handles(text):
    """The distinct handles named in a text, in order, at most MAX_MENTIONS."""
    handles = dict.fromkeys(match.lower() for match in MENTION_PATTERN.findall(text))
    return list(handles)[:MAX_MENTIONS]


_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z0-9]+)")
# A mention inside a link or code stays as written.
_SKIPPED = {"a", "code", "pre"}


def link_mentions(html, urls):
    """Turn "@handle" into a link to the profile in sanitized HTML, for the handles in urls
    ({handle: path}); tags and the text of links and code are left untouched."""
    if not urls:
        return html

    def replace(match):
        url = urls.get(match.group(1).lower())
        if url is None:
            return match.group(0)
        # Handles are slugs and paths come from reverse(): nothing here needs escaping.
        return f'<a class="mention" href="{url}">{match.group(0)}</a>'

    parts, skipped = [], 0
    for part in _TAG.split(html):
        if part.startswith("<"):
            tag = _TAG_NAME.match(part)
            if tag and tag.group(2).lower() in _SKIPPED:
                skipped = max(0, skipped + (-1 if tag.group(1) else 1))
            parts.append(part)
        else:
            parts.append(MENTION_PATTERN.sub(replace, part) if skipped == 0 else part)
    return "".join(parts)
