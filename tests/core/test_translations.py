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


def test_every_kind_field_says_what_kind_it_is():
    """The admin once labelled fields « Sorte »: each `kind` names what it sorts."""
    from django.apps import apps

    labels = {}
    for model in apps.get_models():
        if model._meta.app_label not in {"communaute", "ressources", "pages"}:
            continue
        for field in model._meta.concrete_fields:
            if field.name == "kind":
                labels[model.__name__] = str(field.verbose_name)
    assert labels
    for model_name, label in labels.items():
        assert label == "action" or label.startswith(("type de ", "type d'")), (model_name, label)
    assert labels["ArticlePage"] == "type de publication"
    assert labels["Notification"] == "type de notification"
    with translation.override("en"):
        from passerelles.pages.models import ArticlePage

        assert str(ArticlePage._meta.get_field("kind").verbose_name) == "publication type"
