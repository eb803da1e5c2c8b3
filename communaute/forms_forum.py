from django import forms
from django.utils.translation import gettext_lazy as _

BODY_HELP = _("Mise en forme Markdown : **gras**, *italique*, listes, liens.")


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Titre du sujet"), max_length=200)
    body = forms.CharField(
        label=_("Votre message"),
        max_length=20000,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    # Set once the member has seen the similar topics and still wants a new one.
    checked_similar = forms.BooleanField(required=False, widget=forms.HiddenInput)


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Votre réponse"),
        max_length=20000,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)
