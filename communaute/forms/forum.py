from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from communaute.models import Attachment
from passerelles.core.forms import (
    ALT_TEXT_HELP,
    ALT_TEXT_MAX_LENGTH,
    BODY_HELP,
    AttachmentsField,
    ComposerTextarea,
    SiteForm,
    TokenField,
    alt_text_label,
    new_token,
    prohibit_control_characters,
    use_draft,
)


class TopicForm(SiteForm):
    title = forms.CharField(label=_("Titre du sujet"), max_length=200)
    body = forms.CharField(
        label=_("Votre message"),
        max_length=20000,
        help_text=BODY_HELP,
        widget=ComposerTextarea(attrs={"rows": 8}, mentions=True),
    )
    tags = forms.CharField(
        label=_("Étiquettes (facultatif)"),
        required=False,
        max_length=200,
        help_text=_("Quelques mots séparés par des virgules, par exemple : tournée, transport."),
    )
    attachments = AttachmentsField()
    token = TokenField(initial=new_token)
    # Set once the member has seen the similar topics and still wants a new one.
    checked_similar = forms.BooleanField(required=False, widget=forms.HiddenInput)


def split_tags(text):
    tags = [" ".join(tag.split()).lower()[:50] for tag in text.split(",")]
    return list(dict.fromkeys(tag for tag in tags if tag))[:8]


class PostForm(SiteForm):
    body = forms.CharField(
        label=_("Votre réponse"),
        max_length=20000,
        help_text=BODY_HELP,
        widget=ComposerTextarea(attrs={"rows": 6}, mentions=True),
    )
    attachments = AttachmentsField()
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)
    token = TokenField(initial=new_token)


class BlankPostForm:
    """The reply form as every member of a topic sees it before typing: no text, no draft, no
    post answered. The topic page draws it once per place (communaute.templatetags.posts
    .reply_form) and builds the PostForm only for that drawing: building one for each page cost
    a member's topic page 30 to 80 µs, for HTML it did not change (issue 16)."""

    def __init__(self, *, place, return_url):
        self.place, self.return_url = place, return_url

    def build(self):
        form = PostForm(initial={"reply_to": None})
        use_draft(form, "body", place=self.place, draft=None, return_url=self.return_url)
        return form


class PostEditForm(PostForm):
    """The text of a post, and the words describing each of its images (what the page says in
    their place to whom does not see them, asked at upload only when the browser runs
    static/js/attachments.js)."""

    attachments = None
    reply_to = None
    token = None

    def __init__(self, *args, images: Sequence[Attachment] = (), **kwargs):
        super().__init__(*args, **kwargs)
        for image in images:
            self.fields[f"alt_{image.pk}"] = forms.CharField(
                label=alt_text_label(image.original_name),
                required=False,
                max_length=ALT_TEXT_MAX_LENGTH,
                initial=image.alt_text,
                help_text=ALT_TEXT_HELP,
                validators=[prohibit_control_characters],
            )
        self.images = list(images)

    def alt_texts(self) -> dict[int, str]:
        return {image.pk: self.cleaned_data[f"alt_{image.pk}"] for image in self.images}


class QuickShareForm(SiteForm):
    """Posting made light: a link, a line, the spaces. No title or Markdown to think about."""

    url = forms.URLField(
        label=_("Adresse du lien"),
        max_length=1000,
        assume_scheme="https",
        help_text=_("Par exemple : https://www.exemple.ca/appel-de-projets"),
    )
    line = forms.CharField(
        label=_("Une ligne pour dire pourquoi"),
        max_length=200,
        help_text=_("Elle sert de titre à la conversation."),
    )
    spaces = forms.ModelMultipleChoiceField(
        label=_("Dans quels espaces ?"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins un espace.")},
        help_text=_("Avec plusieurs espaces, la conversation reste unique : les autres y mènent."),
    )
    token = TokenField(initial=new_token)

    def __init__(self, *args, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["spaces"].queryset = spaces


class JoinRequestForm(SiteForm):
    message = forms.CharField(
        label=_("Un mot pour les personnes qui animent l'espace (facultatif)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InviteForm(SiteForm):
    who = forms.CharField(
        label=_("Courriel ou identifiant du membre"),
        max_length=254,
        help_text=_("Par exemple : nom@exemple.ca ou @sophie-gagnon"),
    )

    def clean_who(self):
        # Whether anyone answers to it is not for the form to say: see invite_quietly.
        return self.cleaned_data["who"].strip()
