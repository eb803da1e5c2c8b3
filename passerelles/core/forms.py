import re
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from passerelles.core.files import validate_attachment

# What nobody types: C0 and C1 control characters, DEL. Line breaks and tabs are text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A text field that forgot its own limit still stops here, well before a request's size limit.
LONGEST_TEXT = 20_000


@deconstructible
class ProhibitControlCharactersValidator:
    message = _(
        "Ce texte contient des caractères de contrôle, invisibles à l'écran : "
        "retirez-les, puis envoyez de nouveau."
    )
    code = "control_characters"

    def __call__(self, value):
        if CONTROL_CHARACTERS.search(str(value)):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, ProhibitControlCharactersValidator)


prohibit_control_characters = ProhibitControlCharactersValidator()


class TypedTextFormMixin:
    """Every form a person fills in on the site inherits this: its text fields refuse control
    characters (Django already refuses the NUL byte) and have a length limit, so what cannot be
    stored, mailed or put in a feed is a form error next to the field, never a 500."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field, forms.CharField):
                continue
            field.validators.append(prohibit_control_characters)
            if field.max_length is None:
                field.max_length = LONGEST_TEXT
                field.validators.append(MaxLengthValidator(LONGEST_TEXT))


class SiteForm(TypedTextFormMixin, forms.Form):
    pass


class SiteModelForm(TypedTextFormMixin, forms.ModelForm):
    pass


def id_or_none(value):
    """A row id read from an address or a form, or None when it is not one ("abc", "²", "")."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


class VocabularyMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Check boxes for rows of a shared vocabulary (disciplines, regions), with their labels."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.label


class RadioChoicesForm(forms.BaseForm):
    """Radio buttons never offer Django's "---------" as a choice: a person picks a real answer,
    and an optional question simply stays unanswered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect) and hasattr(field, "choices"):
                field.choices = [(value, label) for value, label in field.choices if value != ""]


class AttachmentField(forms.FileField):
    """An optional file joined to what a member writes, accepted from its content
    (passerelles/core/files.py); communaute/services/files.py, store_file, keeps it."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Pièce jointe (facultatif)"),
            required=False,
            help_text=_("PDF, image, document de bureautique ou audio, 10 Mo au plus."),
            **kwargs,
        )

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            validate_attachment(upload, max_bytes=settings.ATTACHMENT_MAX_BYTES)
        return upload


def new_token():
    return uuid.uuid4().hex


class TokenField(forms.CharField):
    """A hidden one-time token: the same form sent twice creates a single post or message."""

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=36, widget=forms.HiddenInput, **kwargs)


# The help under every text box that takes Markdown (posts, messages, requests).
BODY_HELP = _("Mise en forme Markdown : **gras**, *italique*, listes, liens.")


class ComposerTextarea(forms.Textarea):
    """The text box of everything a member writes in Markdown (posts, messages, requests).

    Without JavaScript it is the plain text box. static/js/composer.js adds the formatting
    toolbar, the « Aperçu » tab (rendered on the server by the same sanitizer as what is
    published), the saving of drafts while typing and the files dropped or pasted into the form.
    `mentions` previews @handles as links, as the forum does. A view that keeps drafts for the
    place calls use_draft() on the form.
    """

    template_name = "django/forms/widgets/composer.html"

    def __init__(self, attrs=None, *, mentions=False):
        super().__init__({"rows": 6, **(attrs or {})})
        self.mentions = mentions
        self.draft_place = ""
        self.draft = None
        self.return_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["composer"] = {
            "mentions": self.mentions,
            "place": self.draft_place,
            "draft": self.draft,
            "return_url": self.return_url,
        }
        return context


def use_draft(form, field_name, *, place, draft, return_url):
    """Let the composer of form[field_name] keep its drafts at `place`, and give back the
    member's saved draft (anything with .body and .updated_at) when the form shows empty or
    with a text the draft does not already hold (a quote: the draft comes first)."""
    widget = form.fields[field_name].widget
    widget.draft_place, widget.draft, widget.return_url = place, draft, return_url
    if draft is None or form.is_bound:
        return
    initial = form.initial.get(field_name) or form.fields[field_name].initial or ""
    if not initial.strip():
        form.initial[field_name] = draft.body
    elif draft.body.strip() not in initial:
        form.initial[field_name] = f"{draft.body.rstrip()}\n\n{initial}"
