"""Short French words that mean two things are told apart by a context (pgettext)."""

from django.utils import translation

from communaute.models import JoinRequest, ModerationAction, Post


def test_a_forum_message_and_a_written_message_translate_apart():
    with translation.override("en"):
        assert str(Post._meta.verbose_name) == "post"
        assert str(Post._meta.verbose_name_plural) == "posts"
        assert str(Post._meta.get_field("body").verbose_name) == "post"
        assert str(JoinRequest._meta.get_field("message").verbose_name) == "message"
        assert str(ModerationAction._meta.get_field("created_at").verbose_name) == "date"
    with translation.override("fr"):
        assert str(Post._meta.verbose_name) == "message"
