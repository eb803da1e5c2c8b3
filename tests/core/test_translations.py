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


# Short words whose English depends on where they stand: each takes a context (pgettext).
AMBIGUOUS = [
    "lu", "par", "Suivi", "Active", "Personne", "Public", "public", "Formule", "Comblé",
    "Comblés", "Non comblés", "retirer", "objet", "modifié",
]  # fmt: skip


def test_short_ambiguous_words_are_never_translated_without_a_context():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    words = "|".join(re.escape(word) for word in AMBIGUOUS)
    bare = re.compile(rf"""(\b_\(|gettext(_lazy)?\(|{{% translate )["']({words})["'](\)| %}})""")
    sources = [
        path
        for folder in ("communaute", "ressources", "passerelles", "templates")
        for path in (root / folder).rglob("*")
        if path.suffix in {".py", ".html", ".txt"} and "migrations" not in path.parts
    ]
    found = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in sources
        for match in bare.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_short_words_read_right_in_english():
    from communaute.models import LinkPreview, ModerationAction, TopicSubscription
    from passerelles.pages.models import InitiativeStatus
    from ressources.models import Need, Service

    with translation.override("en"):
        assert str(LinkPreview.Status.OK.label) == "fetched"
        assert str(ModerationAction._meta.get_field("actor").verbose_name) == "by"
        assert str(TopicSubscription.Level.FOLLOWING.label) == "Following"
        assert str(InitiativeStatus.ACTIVE.label) == "Active"
        assert str(Service._meta.get_field("audience").verbose_name) == "audience"
        assert str(Need.Status.MET.label) == "Met"
        assert translation.pgettext("person who asked", "Personne") == "Requester"
        assert translation.pgettext("remove a filter", "retirer") == "remove"
    with translation.override("fr"):
        assert str(TopicSubscription.Level.FOLLOWING.label) == "Suivi"
        assert translation.pgettext("person who asked", "Personne") == "Personne"
