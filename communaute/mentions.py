"""@handle mentions in posts: who is named, and the address of their profile."""

import re

# A handle is a slug; the look-behind keeps email addresses ("nom@exemple.ca") out.
MENTION_PATTERN = re.compile(r"(?<![\w@.])@([a-z0-9][a-z0-9_-]{0,39})", re.IGNORECASE)
MAX_MENTIONS = 20


def mentioned_handles(text):
    """The distinct handles named in a text, in order, at most MAX_MENTIONS."""
    handles = dict.fromkeys(match.lower() for match in MENTION_PATTERN.findall(text))
    return list(handles)[:MAX_MENTIONS]
