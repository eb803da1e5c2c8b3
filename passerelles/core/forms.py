import re
import uuid
from pathlib import Path
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.core.validators import MaxLengthValidator
from django.dispatch import receiver
from django.forms.renderers import Jinja2
from django.template.defaultfilters import filesizeformat
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.deconstruct import deconstructible
from django.utils.formats import date_format
from django.utils.functional import cached_property, lazy
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from passerelles.core.files import (
    ALT_TEXT_MAX_LENGTH,
    JoinedFile,
    clean_file_name,
    validate_attachment,
)

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


class SiteFormRenderer(Jinja2):
    """The site's own forms are drawn by Jinja2, with Django's copies of its form templates:
    through Django's template engine, a topic page's reply form alone cost about 5 ms. The
    project's templates (passerelles/core/jinja2/) come before Django's. Values are escaped as
    Django's engine escapes them (&#x27;, &quot;), so the HTML stays the same but for some
    whitespace between tags. Jinja2 has no {% translate %} or {% url %} here: a widget gives its
    words and addresses in its context. The admins' and allauth's own forms keep
    settings.FORM_RENDERER (allauth's sign-up form inherits SignupForm: it is the site's)."""

    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    Path(__file__).parent / "jinja2",
                    Path(forms.__file__).parent / "jinja2",
                ],
                "NAME": "siteforms",
                "OPTIONS": {"finalize": conditional_escape},
            }
        )


# One renderer, hence one Jinja2 environment and its compiled templates, for every form: a
# renderer class given as default_renderer would be instantiated for each form.
site_form_renderer = SiteFormRenderer()


class SiteForm(TypedTextFormMixin, forms.Form):
    default_renderer = site_form_renderer


class SiteModelForm(TypedTextFormMixin, forms.ModelForm):
    default_renderer = site_form_renderer


def add_refusal(form, refusal: ValidationError) -> None:
    """A service's refusal on the form: beside each field it names that the form has, above the
    form for the others (Django's add_error() raises for a field the form lacks: the posting
    limits name "body", which the quick share's form has not)."""
    if not hasattr(refusal, "error_dict"):
        form.add_error(None, refusal)
        return
    for field, errors in refusal.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


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


# The label of the field asking what an image shows; static/js/attachments.js writes the name
# in place of {name} for each image chosen.
ALT_TEXT_LABEL = _("Texte de remplacement pour « {name} »")
ALT_TEXT_HELP = _(
    "Ce que montre l'image, pour qui ne la voit pas. Laissé vide : le nom du fichier."
)


def alt_text_label(name):
    return str(ALT_TEXT_LABEL).replace("{name}", name)


class AttachmentsInput(forms.FileInput):
    """<input type=file multiple>; the words describing each chosen image come beside it, as
    `<name>_alt_<index>` (static/js/attachments.js writes those fields, index in the file list)."""

    allow_multiple_selected = True

    def __init__(self, attrs=None):
        super().__init__(
            {
                "multiple": True,
                "data-attachments": "",
                "data-alt-label": ALT_TEXT_LABEL,
                "data-alt-help": ALT_TEXT_HELP,
                "data-alt-max": ALT_TEXT_MAX_LENGTH,
                **(attrs or {}),
            }
        )

    def value_from_datadict(self, data, files, name):
        uploads = super().value_from_datadict(data, files, name) or []
        if not isinstance(uploads, list | tuple):
            uploads = [uploads]
        return [
            JoinedFile(upload, _alt_text(data.get(f"{name}_alt_{index}", "")))
            for index, upload in enumerate(uploads)
            if upload
        ]

    def value_omitted_from_data(self, data, files, name):
        return name not in files


def _attachments_help():
    return _(
        "PDF, images, documents de bureautique ou audio : %(count)s fichiers au plus, "
        "%(each)s Mo chacun, %(total)s Mo en tout. Les images s'affichent dans le message."
    ) % {
        "count": settings.ATTACHMENTS_MAX_COUNT,
        "each": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024),
        "total": settings.ATTACHMENTS_TOTAL_MAX_BYTES // (1024 * 1024),
    }


# Fields are built when their form's module is imported: the help is written in the language
# of each request.
attachments_help = lazy(_attachments_help, str)


def _alt_text(value):
    # What cannot be stored is dropped rather than refused: the files would have to be chosen again.
    return " ".join(CONTROL_CHARACTERS.sub("", str(value)).split())[:ALT_TEXT_MAX_LENGTH]


class AttachmentsField(forms.FileField):
    """Optional files joined to what a member writes, each accepted from its content
    (passerelles/core/files.py), a few at most and not too heavy together; cleaned into
    JoinedFile items that communaute/services/files.py, store_files, keeps."""

    widget = AttachmentsInput

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Pièces jointes (facultatif)"))
        super().__init__(required=False, help_text=attachments_help(), **kwargs)

    def bound_data(self, data, initial):
        return initial  # a file cannot be handed back to the browser

    def has_changed(self, initial, data):
        return bool(data)

    def clean(self, data, initial=None):
        joined = list(data or [])
        if len(joined) > settings.ATTACHMENTS_MAX_COUNT:
            raise ValidationError(
                _("Vous avez choisi %(chosen)s fichiers ; un message en joint %(max)s au plus.")
                % {"chosen": len(joined), "max": settings.ATTACHMENTS_MAX_COUNT},
                code="too_many",
            )
        errors, kept = [], []
        for item in joined:
            name = clean_file_name(getattr(item.upload, "name", "")) or _("sans nom")
            try:
                upload = super().clean(item.upload)
                validate_attachment(upload, max_bytes=settings.ATTACHMENT_MAX_BYTES)
            except ValidationError as refusal:
                errors.extend(
                    ValidationError(
                        _("« %(name)s » : %(reason)s") % {"name": name, "reason": reason}
                    )
                    for reason in refusal.messages
                )
            else:
                kept.append(JoinedFile(upload, item.alt_text))
        total = sum(item.upload.size for item in kept)
        if not errors and total > settings.ATTACHMENTS_TOTAL_MAX_BYTES:
            errors.append(
                ValidationError(
                    _(
                        "Ces fichiers pèsent %(size)s ensemble ; la limite est de %(limit)s par "
                        "message. Retirez-en un, ou joignez-le à un autre message."
                    )
                    % {
                        "size": filesizeformat(total),
                        "limit": filesizeformat(settings.ATTACHMENTS_TOTAL_MAX_BYTES),
                    },
                    code="too_large_together",
                )
            )
        if errors:
            raise ValidationError(errors)
        return kept


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

    # A Jinja2 template (passerelles/core/jinja2/): the site's renderer draws it, whatever the
    # form's renderer.
    template_name = "django/forms/widgets/composer.html"

    def __init__(self, attrs=None, *, mentions=False):
        super().__init__({"rows": 6, **(attrs or {})})
        self.mentions = mentions
        self.draft_place = ""
        self.draft = None
        self.return_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        words = composer_words()
        composer = {
            "mentions": self.mentions,
            "place": self.draft_place,
            "words": words,
            "discard_url": "",
            "draft_status": "",
        }
        if self.draft_place:
            discard = f"{words['discard_url']}?lieu={quote(self.draft_place)}"
            if self.return_url:
                discard += f"&suivant={quote(self.return_url)}"
            composer["discard_url"] = discard
        if self.draft:
            saved_at = date_format(template_localtime(self.draft.updated_at), "DATETIME_FORMAT")
            # The translation is ours, the date is escaped: as {% blocktranslate %} did.
            status = gettext("Brouillon enregistré le %(date)s.")
            composer["draft_status"] = mark_safe(status % {"date": conditional_escape(saved_at)})
        context["composer"] = composer
        return context

    def render(self, name, value, attrs=None, renderer=None):
        return super().render(name, value, attrs, site_form_renderer)


# The composer's words and addresses, by language and script prefix: the same on every page.
_composer_words = {}


def composer_words() -> dict[str, str]:
    key = (get_language(), get_script_prefix())
    words = _composer_words.get(key)
    if words is None:
        words = _composer_words[key] = {
            "preview_url": reverse("communaute:composer_preview"),
            "save_url": reverse("communaute:draft_save"),
            "discard_url": reverse("communaute:draft_discard"),
            "script_url": static("js/composer.js"),
            "error": gettext("L'aperçu n'a pas pu être affiché. Réessayez dans un instant."),
            "empty": gettext("Rien à afficher pour le moment : écrivez d'abord votre texte."),
            "saved": gettext("Brouillon enregistré."),
            "unsaved": gettext("Le brouillon n'a pas pu être enregistré."),
            "confirm": gettext("Jeter ce brouillon ? Le texte sera effacé."),
            "link_text": gettext("texte du lien"),
            "modes": gettext("Mode de rédaction"),
            "write": gettext("Écrire"),
            "preview": gettext("Aperçu"),
            "formatting": gettext("Mise en forme"),
            "bold": gettext("Gras"),
            "italic": gettext("Italique"),
            "link": gettext("Lien"),
            "list": gettext("Liste"),
            "quote": gettext("Citation"),
            "mention": gettext("Mentionner"),
            "drop_hint": gettext(
                "Vous pouvez aussi glisser-déposer ou coller des fichiers dans ce champ pour les "
                "joindre."
            ),
            "discard": gettext("Jeter le brouillon"),
        }
    return words


@receiver(setting_changed)
def _forget_drawn_parts(**kwargs):
    # A test's override of the static files, the URLs or the templates draws otherwise.
    _composer_words.clear()
    _drawn.clear()


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


# An empty form looks alike to every member but for its two tokens, the CSRF token and the
# one-time token: drawn once per process and place with stand-ins for them, then filled in
# (issue 16: the topic page's reply form was a sixth of a member's page). A stand-in neither
# token's alphabet can produce, in the drawing exactly once, else it is drawn each time.
_CSRF_STAND_IN = "csrf-stand-in"
_TOKEN_STAND_IN = "token-stand-in"
_drawn: dict[tuple, str] = {}
DRAWN_FORMS_KEPT = 500


def drawn_once(key: tuple, draw, *, csrf_token: str) -> str:
    """draw(csrf_token, token)'s HTML with this request's CSRF token and a new one-time token;
    drawn once per `key` (what else the HTML holds: its language, its addresses…)."""
    html = _drawn.get(key)
    if html is None:
        html = draw(_CSRF_STAND_IN, _TOKEN_STAND_IN)
        if html.count(_CSRF_STAND_IN) != 1 or html.count(_TOKEN_STAND_IN) != 1:
            return draw(csrf_token, new_token())
        if len(_drawn) >= DRAWN_FORMS_KEPT:
            _drawn.clear()
        _drawn[key] = html
    return mark_safe(html.replace(_CSRF_STAND_IN, csrf_token).replace(_TOKEN_STAND_IN, new_token()))


def csrf_input(context):
    """{% csrf_token %} for controls written in Python: nothing where the page has no token (an
    error page)."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
